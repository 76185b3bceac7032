// `simsiam train --nproc-per-node N`: starts N workers on this machine with the
// torchrun-style environment (src/distributed/env.ts) and supervises them.
// The workers meet through Gloo's FileStore in a private directory; each has
// 1/N of the CPU threads (SIMSIAM_NUM_THREADS) and, on a GPU machine, one GPU
// (CUDA_VISIBLE_DEVICES). They run in their own process group, so Ctrl-C
// reaches this process only, which passes each signal on once: the workers stop
// together after the same step and rank 0 saves the checkpoint. When a worker
// dies, the others stop by themselves (their next collective fails, naming
// it); any still running after GRACE_MS are terminated, and this process exits
// non-zero naming the worker that failed first and how.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:os';
import { createServer } from 'node:net';
import { glooStatus } from './process_group.js';

/** How long the other workers get to stop by themselves after one failed, before they are terminated. */
export const GRACE_MS = 20_000;

export interface LaunchOptions {
  nproc: number;
  /** The train command's arguments, without --nproc-per-node. */
  args: string[];
  /** GPUs this machine has (one per worker when training on CUDA); 0 for CPU workers. */
  gpus: number;
  log: (line: string) => void;
  error: (line: string) => void;
}

/** What a worker tells the launcher over IPC before it exits with an error. */
export interface WorkerFailure {
  type: 'failure';
  rank: number;
  message: string;
  /** The ranks a collective failure is pinned on (they died, or did not answer in time). */
  peers: number[];
  kind: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The command each worker runs: this process's own script (the `simsiam` bin, dist/src/cli.js, a bundle) with its
 * Node options, or SIMSIAM_WORKER_COMMAND (a JSON array of strings) when this process runs under another tool.
 */
function workerCommand(): string[] {
  const override = process.env.SIMSIAM_WORKER_COMMAND;
  if (override) {
    const parsed = JSON.parse(override) as unknown;
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((p) => typeof p === 'string'))
      throw new Error(`SIMSIAM_WORKER_COMMAND=${override} is not a JSON array of strings`);
    return parsed as string[];
  }
  const script = process.argv[1] ? realpathSync(process.argv[1]) : '';
  if (!/\.(c|m)?js$/.test(script))
    throw new Error(`--nproc-per-node starts its workers as \`node ${script || '<script>'} train ...\`, which is not the simsiam CLI: ` +
      'run the built CLI (simsiam, dist/src/cli.js) or set SIMSIAM_WORKER_COMMAND');
  return [process.execPath, ...process.execArgv, script];
}

const signalNumber = (s: NodeJS.Signals) => (constants.signals as Record<string, number>)[s] ?? 0;

export async function launchWorkers(o: LaunchOptions): Promise<number> {
  const { nproc } = o;
  const gloo = glooStatus();
  if (!gloo.built) throw new Error(`--nproc-per-node needs Gloo (the workers' process group), but this addon was ${gloo.info}`);
  const [command, ...prefix] = workerCommand();
  const storeDir = mkdtempSync(join(tmpdir(), 'simsiam-rendezvous-'));
  const port = await freePort();
  const runId = `simsiam-${randomBytes(6).toString('hex')}`;
  const threads = process.env.SIMSIAM_NUM_THREADS ?? String(Math.max(1, Math.floor(availableParallelism() / nproc)));
  const visible = process.env.CUDA_VISIBLE_DEVICES?.split(',').filter(Boolean);
  if (o.gpus > 0 && nproc > (visible?.length ?? o.gpus))
    throw new Error(`--nproc-per-node ${nproc} workers need a GPU each, but this machine has ${visible?.length ?? o.gpus}: use fewer workers, or --device cpu`);
  o.log(`starting ${nproc} workers (${o.gpus > 0 ? 'one GPU' : `${threads} CPU thread${threads === '1' ? '' : 's'}`} each; rendezvous: Gloo file store ${storeDir})`);

  const children: ChildProcess[] = [];
  const alive = new Set<number>();
  const failures = new Map<number, WorkerFailure>();
  let first: { rank: number; code: number } | null = null;
  let signalled: NodeJS.Signals | null = null;
  let grace: NodeJS.Timeout | null = null, kill: NodeJS.Timeout | null = null;

  const terminateRest = () => {
    for (const r of alive) children[r].kill('SIGTERM');
    kill = setTimeout(() => alive.forEach((r) => children[r].kill('SIGKILL')), 5000);
  };
  const onSignal = (s: NodeJS.Signals) => {
    signalled = s;
    for (const r of alive) children[r].kill(s);
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, () => onSignal(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);

  const exited = new Promise<void>((resolve) => {
    for (let rank = 0; rank < nproc; rank++) {
      const env: NodeJS.ProcessEnv = {
        ...process.env, RANK: String(rank), WORLD_SIZE: String(nproc), LOCAL_RANK: String(rank), LOCAL_WORLD_SIZE: String(nproc),
        MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), SIMSIAM_STORE: `file:${storeDir}`, SIMSIAM_RUN_ID: runId,
        SIMSIAM_LAUNCHER: '1', SIMSIAM_NUM_THREADS: threads,
      };
      if (o.gpus > 0) env.CUDA_VISIBLE_DEVICES = visible ? visible[rank] : String(rank);
      const child = spawn(command, [...prefix, 'train', ...o.args], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
      children.push(child);
      alive.add(rank);
      o.log(`worker rank ${rank}: pid ${child.pid}`);
      child.on('message', (m: WorkerFailure) => {
        if (m && m.type === 'failure') failures.set(rank, m);
      });
      // 'close': after the worker's last IPC message (its failure report), unlike 'exit'.
      child.on('close', (code, signal) => {
        alive.delete(rank);
        const status = code ?? 128 + signalNumber(signal as NodeJS.Signals);
        const stoppedBySignal = signalled !== null && (status === 130 || status === 143);
        if (status !== 0 && !stoppedBySignal && !first) {
          first = { rank, code: status };
          const failure = failures.get(rank);
          // A worker that stopped because of a peer names it; blame a peer that is still running (it hangs).
          const hung = failure?.kind === 'timeout' ? failure.peers.filter((p) => alive.has(p)) : [];
          if (hung.length > 0) {
            first = { rank: hung[0], code: status };
            o.error(`simsiam train: worker rank ${hung.join(', rank ')} (pid ${hung.map((p) => children[p].pid).join(', ')}) stopped ` +
              `responding: rank ${rank} timed out waiting for it; stopping the workers`);
          } else if (failure) {
            o.error(`simsiam train: worker rank ${rank} (pid ${child.pid}) failed: ${failure.message}; stopping the other workers`);
          } else {
            o.error(`simsiam train: worker rank ${rank} (pid ${child.pid}) ${signal ? `was killed by ${signal}` : `exited with status ${code}`}; ` +
              'stopping the other workers');
          }
          grace = setTimeout(terminateRest, hung.length > 0 ? 0 : GRACE_MS);
        }
        if (alive.size === 0) resolve();
      });
    }
  });
  try {
    await exited;
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
    if (grace) clearTimeout(grace);
    if (kill) clearTimeout(kill);
    rmSync(storeDir, { recursive: true, force: true });
  }
  const f = first as { rank: number; code: number } | null;
  if (f) return f.code === 0 ? 1 : f.code;
  if (signalled) return signalled === 'SIGINT' ? 130 : 143;
  return 0;
}
