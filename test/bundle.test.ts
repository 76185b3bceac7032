// The offline bundle (scripts/bundle.sh): built (gzip, the faster of its two
// compressions), extracted to a temporary directory and run with an empty
// environment, no Node on PATH and no node_modules above it. The parity
// harness packed is a stand-in script (building the real one needs the CUDA
// build directory, and running it a GPU): what is checked is that the bundle
// carries it and that run-gpu-suite.sh drives it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'simsiam-bundle-'));
const canBuild = process.platform === 'linux' && process.arch === 'x64' && existsSync(join(root, 'node_modules/.bin/esbuild'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!canBuild)('offline bundle', () => {
  it('builds, extracts and runs `./simsiam info` and the whole GPU check (dry run) without Node on PATH', () => {
    const parity = join(work, 'fake_parity');
    writeFileSync(parity, '#!/bin/sh\n[ "$1" = --list ] && { echo "SimSiamLoss/a"; echo "SimSiamLoss/b"; exit 0; }\necho "0 passed, 1 failed"; exit 1\n');
    chmodSync(parity, 0o755);
    execFileSync('bash', [join(root, 'scripts/bundle.sh')], {
      env: { ...process.env, SIMSIAM_BUNDLE_OUT: join(work, 'dist'), SIMSIAM_BUNDLE_COMPRESS: 'gz', SIMSIAM_BUNDLE_PARITY: parity },
      stdio: 'pipe',
    });
    const tarball = join(work, 'dist', 'simsiam-node-linux-x64.tar.gz');
    expect(existsSync(tarball)).toBe(true);
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    const dir = join(work, 'simsiam-node-linux-x64');
    const env = { PATH: '/usr/bin:/bin', HOME: work };
    const info = JSON.parse(execFileSync('./simsiam', ['info', '--json'], { cwd: dir, env, encoding: 'utf8' }));
    expect(info.build.addonPath).toBe(join(dir, 'build/Release/simsiam_native.node'));
    expect(info.kernels).toContain('cpu:SimSiamLoss');
    expect(execFileSync('./simsiam-gpu-suite', ['--help'], { cwd: dir, env, encoding: 'utf8' })).toContain('bench-resnet50');
    expect(existsSync(join(dir, 'simsiam_parity'))).toBe(true);
    // The bundled GPU check end to end on the host reference device (small sizes): what a GPU machine runs,
    // part by part under the time budget, the table last.
    const out = join(work, 'gpu-out');
    const check = execFileSync('./run-gpu-suite.sh', ['--dry-run'], { cwd: dir, env: { ...env, OUT: out }, encoding: 'utf8' });
    const lines = check.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^gpu check: 4 passed, 0 failed, 4 skipped in \d+ s \(budget 450 s\); /);
    const table = lines.slice(lines.findIndex((l) => l.startsWith('part ')));
    expect(table.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['part status', 'parity pass', 'memcheck skipped',
      'racecheck skipped', 'synccheck skipped', 'conformance pass', 'step pass', 'bench pass', 'initcheck skipped', 'gpu check:']);
    expect(table[1]).toContain('2 cases; dry run');
    const summary = JSON.parse(readFileSync(join(out, 'gpu-check.json'), 'utf8'));
    expect(summary.complete).toBe(true);
    expect(summary.parts.map((p: { name: string }) => p.name)).toEqual(['parity', 'memcheck', 'racecheck', 'synccheck', 'conformance', 'step', 'bench', 'initcheck']);
    for (const part of ['conformance', 'step', 'bench']) {
      const report = JSON.parse(readFileSync(join(out, `suite-${part}.json`), 'utf8'));
      expect([report.complete, report.dryRun, report.mode, report.failed]).toEqual([true, true, 'host', 0]);
      expect(report.passed).toBeGreaterThan(0);
    }
    // The launcher works from another directory and through a symlink.
    execFileSync('ln', ['-s', join(dir, 'simsiam'), join(work, 'simsiam-link')]);
    expect(execFileSync(join(work, 'simsiam-link'), ['--help'], { cwd: '/', env, encoding: 'utf8' })).toContain('usage: simsiam');
  }, 240_000);
});
