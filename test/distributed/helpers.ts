// Helpers of the distributed tests: whether Gloo is there, free ports, a Redis server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { native } from '../../src/native/index.js';

/** Why the Gloo tests cannot run here, or null: only an addon built without Gloo skips them. */
export function glooSkipReason(): string | null {
  const { gloo } = native.collectivesInfo();
  return gloo.built ? null : `the addon was ${gloo.info}`;
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const redisServer = {
  available: (): boolean => spawnSync('redis-server', ['--version']).status === 0,
  /** An empty, memory-only Redis on 127.0.0.1:port, once it accepts connections. */
  start(port: number): Promise<ChildProcess> {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) resolve(child);
      });
      child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  },
};
