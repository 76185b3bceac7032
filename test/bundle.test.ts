// The offline bundle (scripts/bundle.sh): built (gzip, the faster of its two
// compressions), extracted to a temporary directory and run with an empty
// environment, no Node on PATH and no node_modules above it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'simsiam-bundle-'));
const canBuild = process.platform === 'linux' && process.arch === 'x64' && existsSync(join(root, 'node_modules/.bin/esbuild'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!canBuild)('offline bundle', () => {
  it('builds, extracts and runs `./simsiam info` and the GPU suite (dry run) without Node on PATH', () => {
    execFileSync('bash', [join(root, 'scripts/bundle.sh')], {
      env: { ...process.env, SIMSIAM_BUNDLE_OUT: join(work, 'dist'), SIMSIAM_BUNDLE_COMPRESS: 'gz' },
      stdio: 'pipe',
    });
    const tarball = join(work, 'dist', 'simsiam-node-linux-x64.tar.gz');
    expect(existsSync(tarball)).toBe(true);
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    const dir = join(work, 'simsiam-node-linux-x64');
    const env = { PATH: '/usr/bin:/bin', HOME: work };
    const info = JSON.parse(execFileSync('./simsiam', ['info'], { cwd: dir, env, encoding: 'utf8' }));
    expect(info.build.addonPath).toBe(join(dir, 'build/Release/simsiam_native.node'));
    expect(info.kernels).toContain('cpu:SimSiamLoss');
    expect(execFileSync('./simsiam-gpu-suite', ['--help'], { cwd: dir, env, encoding: 'utf8' })).toContain('bench-resnet50');
    // The bundled GPU suite end to end on the host reference device (small sizes): what a GPU session will run.
    const suite = execFileSync('./simsiam-gpu-suite', ['--dry-run', '--out', work], { cwd: dir, env, encoding: 'utf8' });
    expect(suite.trim().split('\n').at(-1)).toMatch(/^[1-9]\d* passed, 0 failed$/);
    expect(existsSync(join(work, 'gpu-suite.json'))).toBe(true);
    // The launcher works from another directory and through a symlink.
    execFileSync('ln', ['-s', join(dir, 'simsiam'), join(work, 'simsiam-link')]);
    expect(execFileSync(join(work, 'simsiam-link'), ['--help'], { cwd: '/', env, encoding: 'utf8' })).toContain('usage: simsiam');
  }, 240_000);
});
