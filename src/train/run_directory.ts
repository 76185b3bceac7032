// Ownership of a run directory (--out): a fresh run refuses a folder that
// already holds a run unless told to resume or overwrite it, and a lock file
// keeps two processes from writing one run. A lock left by a killed process
// (its pid gone, or reused by a younger process) is taken over.
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../io/make_directory.js';

/**
 * What a training run writes into its directory. A name ending in `*` is a prefix: TensorBoard's event files are
 * named events.out.tfevents.<start time>.<host>, one per start of the run.
 */
export const RUN_FILES = ['checkpoint.ckpt', 'metrics.jsonl', 'report.json', 'loss.png', 'knn.png', 'collapse.png', 'events.out.tfevents.*'];

/** The files of RUN_FILES that `dir` holds, in RUN_FILES order (prefix matches sorted by name). */
export function runFilesIn(dir: string): string[] {
  const names = readdirSync(dir);
  return RUN_FILES.flatMap((f) =>
    f.endsWith('*') ? names.filter((n) => n.startsWith(f.slice(0, -1))).sort() : names.includes(f) ? [f] : []);
}
export const LOCK_FILE = '.simsiam.lock';

export type RunMode = 'new' | 'resume' | 'overwrite';

interface LockOwner {
  pid: number;
  host: string;
  /** Process start time (clock ticks since boot, Linux), to tell a reused pid from the owner. */
  start: string | null;
  since: string;
}

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(owner.pid);
  return owner.start === null || start === null || start === owner.start;
}

function readOwner(path: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8'));
    return typeof o?.pid === 'number' && typeof o?.host === 'string' ? o : null;
  } catch {
    return null;
  }
}

export class RunDirectory {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(readonly dir: string, readonly lockPath: string) {
    process.on('exit', this.onExit);
  }

  /**
   * Locks `dir` for this process (creating it), then checks it against `mode`: 'new' refuses a folder that holds
   * a run; 'overwrite' deletes that run's files; 'resume' keeps them. `log` hears about a stale lock taken over.
   */
  static claim(dir: string, mode: RunMode, log: (line: string) => void = () => {}): RunDirectory {
    makeDirectory(dir, '--out');
    const lockPath = join(dir, LOCK_FILE);
    const me: LockOwner = { pid: process.pid, host: hostname(), start: processStart(process.pid), since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      let fd: number;
      try {
        fd = openSync(lockPath, 'wx');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' || attempt > 0) throw new Error(`Cannot lock --out ${dir}: ${code ?? (e as Error).message} on ${lockPath}`);
        const owner = readOwner(lockPath);
        // An unreadable lock is one being written right now, or one torn by a kill: wait a little before taking it.
        const fresh = owner === null && Date.now() - statSync(lockPath).mtimeMs < 10_000;
        if (owner && owner.host !== me.host)
          throw new Error(`--out ${dir} is in use by process ${owner.pid} on ${owner.host} (since ${owner.since}); if that run is gone, delete ${lockPath}`);
        if (fresh || (owner && alive(owner)))
          throw new Error(`--out ${dir} is in use by ${owner ? `process ${owner.pid} (since ${owner.since})` : 'another process'}: one run per directory`);
        log(`taking over the lock of a run that ended without releasing it${owner ? ` (process ${owner.pid})` : ''}: ${lockPath}`);
        unlinkSync(lockPath);
        continue;
      }
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    }
    const run = new RunDirectory(dir, lockPath);
    try {
      const existing = runFilesIn(dir);
      if (mode === 'new' && existing.length > 0)
        throw new Error(`--out ${dir} already holds a run (${existing.join(', ')}): continue it with --resume ${dir}, ` +
          'start over with --overwrite, or choose another --out');
      if (mode === 'overwrite') for (const f of existing) rmSync(join(dir, f), { force: true });
    } catch (e) {
      run.release();
      throw e;
    }
    return run;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    // Only our own lock: never one a later run took over.
    if (readOwner(this.lockPath)?.pid === process.pid) rmSync(this.lockPath, { force: true });
  }
}
