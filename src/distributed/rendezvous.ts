// The rendezvous store of a multi-machine run without a shared filesystem:
// Gloo's RedisStore, so a Redis server at MASTER_ADDR:MASTER_PORT. Rank 0
// starts one there (Debian's redis-server: memory only, no persistence) when
// none answers and that address is this machine's; the other ranks retry
// until it answers (the rendezvous timeout). The server lives as long as rank
// 0's process: a watchdog stops it when that process is gone, even killed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { isLoopback, type DistributedEnv } from './env.js';

export interface RunningStore {
  stop(): void;
}

function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isThisMachine(host: string): boolean {
  if (isLoopback(host) || host === hostname()) return true;
  return Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === host));
}

/** Starts the Redis rendezvous server on rank 0 when needed; null when another one serves (or the store is a directory). */
export async function startRendezvousStore(e: DistributedEnv, log: (line: string) => void): Promise<RunningStore | null> {
  if (e.rank !== 0 || !e.store.startsWith('redis:') || process.env.SIMSIAM_START_STORE === '0') return null;
  const [, host, portText] = e.store.split(':');
  const port = Number(portText);
  if (await answers(host, port) || !isThisMachine(host)) return null;
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error(`no rendezvous server answers at ${host}:${port} (MASTER_ADDR:MASTER_PORT) and redis-server is not installed on ` +
      'rank 0\'s machine (Debian: apt-get install redis-server): start a Redis server there, or give every worker SIMSIAM_STORE=file:DIR ' +
      'on a filesystem they share');
  // The watchdog shell ends the server when this process is gone.
  const script = `redis-server --port ${port} --bind ${host} --save '' --appendonly no --protected-mode no & r=$!; ` +
    `trap 'kill $r 2>/dev/null' EXIT INT TERM; while kill -0 ${process.pid} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done`;
  const child: ChildProcess = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.unref();
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => void (out += d));
    child.once('exit', (code) => reject(new Error(`the rendezvous server (redis-server on ${host}:${port}) exited with ${code}: ${out.trim().split('\n').slice(-3).join(' / ')}`)));
  });
  // Its later log lines are dropped, and its pipes keep nothing alive.
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.resume();
    (stream as unknown as { unref(): void }).unref();
  }
  log(`rendezvous: started redis-server on ${host}:${port} for the ${e.worldSize} workers`);
  return { stop: () => child.kill('SIGTERM') };
}
