// The torchrun-style environment of a data-parallel worker. `simsiam train
// --nproc-per-node N` sets it for the workers it starts; on several machines a
// user or a scheduler sets it by hand:
//   RANK, WORLD_SIZE              this worker and the number of workers (unset: one process)
//   LOCAL_RANK, LOCAL_WORLD_SIZE  its place on this machine (the GPU it takes; default RANK, WORLD_SIZE)
//   MASTER_ADDR, MASTER_PORT      where the rendezvous store is: a Redis server (Gloo's RedisStore;
//                                 rank 0 starts `redis-server` there when none answers and it is installed)
//   SIMSIAM_STORE                 or the store itself: file:DIR (a directory every worker sees) or redis:HOST:PORT
//   SIMSIAM_RUN_ID                keys of this run in the store (default: simsiam-MASTER_PORT)
//   SIMSIAM_DIST_TIMEOUT          seconds an operation may wait for the other workers (default 300; joining
//                                 waits at least 600)
//   GLOO_SOCKET_IFNAME            the network interface Gloo listens on (default: the one that reaches MASTER_ADDR)
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { ConfigError } from '../train/config.js';

export interface DistributedEnv {
  rank: number;
  worldSize: number;
  localRank: number;
  localWorldSize: number;
  /** file:DIR or redis:HOST:PORT */
  store: string;
  runId: string;
  masterAddr: string | null;
  masterPort: number | null;
  timeoutMs: number;
  iface: string | null;
  /** Started by `simsiam train --nproc-per-node` (SIMSIAM_LAUNCHER=1). */
  launched: boolean;
}

export const DEFAULT_TIMEOUT_S = 300;

function integerVar(env: NodeJS.ProcessEnv, name: string, min: number, fallback?: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`${name} is not set: a data-parallel worker needs RANK, WORLD_SIZE and MASTER_ADDR/MASTER_PORT (or SIMSIAM_STORE)`);
  }
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min || raw.trim() !== raw) throw new ConfigError(`${name}=${raw} is not an integer >= ${min}`);
  return v;
}

/**
 * The worker's environment, or null when this process trains alone: WORLD_SIZE unset, or 1 without a rendezvous
 * (MASTER_ADDR or SIMSIAM_STORE; with one, a world of one worker runs the data-parallel path).
 */
export function distributedEnv(env: NodeJS.ProcessEnv = process.env): DistributedEnv | null {
  if (env.WORLD_SIZE === undefined || env.WORLD_SIZE === '') return null;
  if (env.WORLD_SIZE === '1' && !env.MASTER_ADDR && !env.SIMSIAM_STORE) return null;
  const worldSize = integerVar(env, 'WORLD_SIZE', 1);
  const rank = integerVar(env, 'RANK', 0);
  if (rank >= worldSize) throw new ConfigError(`RANK=${rank} is not below WORLD_SIZE=${worldSize}`);
  const localWorldSize = integerVar(env, 'LOCAL_WORLD_SIZE', 1, worldSize);
  const localRank = integerVar(env, 'LOCAL_RANK', 0, rank);
  if (localRank >= localWorldSize) throw new ConfigError(`LOCAL_RANK=${localRank} is not below LOCAL_WORLD_SIZE=${localWorldSize}`);
  const masterAddr = env.MASTER_ADDR || null;
  const masterPort = env.MASTER_PORT ? integerVar(env, 'MASTER_PORT', 1) : null;
  if (masterPort !== null && masterPort > 65535) throw new ConfigError(`MASTER_PORT=${masterPort} is not a port (1 to 65535)`);
  let store = env.SIMSIAM_STORE || '';
  if (store) {
    if (!/^file:.+/.test(store) && !/^redis:[^:]+:\d+$/.test(store))
      throw new ConfigError(`SIMSIAM_STORE=${store} is not file:DIR or redis:HOST:PORT`);
  } else {
    if (!masterAddr || masterPort === null)
      throw new ConfigError('MASTER_ADDR and MASTER_PORT (the Redis rendezvous server) or SIMSIAM_STORE must be set for a data-parallel worker');
    store = `redis:${masterAddr}:${masterPort}`;
  }
  const timeoutS = env.SIMSIAM_DIST_TIMEOUT ? Number(env.SIMSIAM_DIST_TIMEOUT) : DEFAULT_TIMEOUT_S;
  if (!(timeoutS > 0 && timeoutS <= 86400)) throw new ConfigError(`SIMSIAM_DIST_TIMEOUT=${env.SIMSIAM_DIST_TIMEOUT} is not a number of seconds from 0 to 86400`);
  return {
    rank, worldSize, localRank, localWorldSize, store, masterAddr, masterPort,
    runId: env.SIMSIAM_RUN_ID || `simsiam-${masterPort ?? 'run'}`,
    timeoutMs: Math.round(timeoutS * 1000), iface: env.GLOO_SOCKET_IFNAME || null, launched: env.SIMSIAM_LAUNCHER === '1',
  };
}

export const isLoopback = (host: string) => host === 'localhost' || /^127\./.test(host) || host === '::1';

/**
 * The address this worker's Gloo listens on: loopback when the store is on this machine's loopback, else the
 * local address of the route to MASTER_ADDR (so a host name that /etc/hosts maps to 127.0.1.1 cannot leak into
 * the rendezvous). Empty: let Gloo resolve the host name.
 */
export async function listenAddress(e: DistributedEnv): Promise<string> {
  const host = e.store.startsWith('redis:') ? e.store.split(':')[1] : e.masterAddr;
  if (!host) return e.localWorldSize === e.worldSize ? '127.0.0.1' : '';
  if (isLoopback(host)) return '127.0.0.1';
  return new Promise((resolve) => {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    const done = (address: string) => {
      socket.close();
      resolve(address);
    };
    socket.on('error', () => done(''));
    // connect() on UDP sends nothing: it only picks the route.
    socket.connect(e.masterPort ?? 9, host, () => done(socket.address().address));
  });
}
