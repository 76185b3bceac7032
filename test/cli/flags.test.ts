// Command-line conventions: --help on every command, --version, one help line per flag, switches,
// "did you mean", stray arguments, PyTorch-habit aliases, `info` for people and --json, paths.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.js';
import { flagConfig, parseFlags, type CommandFlags } from '../../src/cli/args.js';
import { resolveDataSpec, resolvePath } from '../../src/cli/paths.js';
import { FIELDS } from '../../src/train/config.js';
import { tempDir } from '../data/fixtures.js';

afterEach(() => void vi.restoreAllMocks());

/** main's exit code and what it printed (stdout and stderr lines). */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(String(m)));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(String(m)));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const train: CommandFlags = { command: 'train', configFields: true, flags: {} };
const configOf = (...argv: string[]) => flagConfig(parseFlags(argv, train).values).config;

describe('help and version', () => {
  it('-h and --help on every command and at the top level; help COMMAND', async () => {
    for (const top of [['--help'], ['-h'], ['help']]) {
      const r = await run(...top);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: simsiam <command>/);
    }
    for (const command of ['train', 'probe', 'knn', 'export', 'check-data', 'download', 'info'])
      for (const flag of ['--help', '-h']) {
        const r = await run(command, flag);
        expect(r.code, `${command} ${flag}`).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: simsiam ${command}`));
        expect(r.out).toMatch(/--help, -h +show this help/);
      }
    expect((await run('help', 'knn')).out).toMatch(/^usage: simsiam knn/);
  });

  it('--version prints the package.json version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(await run('--version')).toEqual({ code: 0, out: version, err: '' });
  });

  it('train --help has one line per field with its description, accepted values and default', async () => {
    const { out } = await run('train', '--help');
    for (const [key, rule] of Object.entries(FIELDS)) {
      const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const lines = out.split('\n').filter((l) => new RegExp(`^  --(\\[no-\\])?${flag}[ ,]`).test(l));
      expect(lines, flag).toHaveLength(1);
      expect(lines[0]).toContain(rule === FIELDS.cifarStem ? 'a switch, or true or false' : rule.expected);
      expect(lines[0]).toMatch(/; default /);
    }
    expect(out).toMatch(/^  --batch-size, -b +images per SGD step: an integer from 2 to 65535; default 64 \(cifar10: 512, imagenet: 512\)$/m);
    expect(out).toMatch(/^  --base-lr, --lr +base learning rate/m);
    expect(out).toMatch(/^  --weight-decay, --wd +SGD weight decay/m);
    expect(out).toMatch(/^  --\[no-\]fix-predictor-lr +keep the predictor at the initial lr: a switch, or true or false; default false \(imagenet: true\)$/m);
    const probe = (await run('probe', '--help')).out;
    expect(probe).toMatch(/^  --lr X +the probe's base lr, scaled by batch\/256: a positive number; default 0\.1 \(0\.01 with --finetune\)$/m);
  });
});

describe('flags', () => {
  it('switches: --x alone is true, --no-x false, --x true|false still accepted', () => {
    expect(configOf('--fix-predictor-lr').fixPredictorLr).toBe(true);
    expect(configOf('--no-zero-init-residual').zeroInitResidual).toBe(false);
    expect(configOf('--zero-init-residual', 'false').zeroInitResidual).toBe(false);
    expect(configOf('--fix-predictor-lr', 'true', '--epochs', '5')).toMatchObject({ fixPredictorLr: true, epochs: 5 });
    expect(configOf('--fix-predictor-lr=false').fixPredictorLr).toBe(false);
    expect(configOf('--cifar-stem', '--epochs', '4')).toMatchObject({ cifarStem: true, epochs: 4 });
  });

  it('PyTorch-habit aliases: --lr, --wd, -b', () => {
    expect(configOf('--lr', '0.05', '--wd', '1e-4', '-b', '64')).toMatchObject({ baseLr: 0.05, weightDecay: 1e-4, batchSize: 64 });
    expect(configOf('-b32').batchSize).toBe(32);
    expect(flagConfig(parseFlags(['--lr', '0.1'], train).values).givenAs).toEqual({ baseLr: '--lr' });
  });

  it('errors name the flag and the accepted values, exit 2, and say what was meant', async () => {
    const errors = async (...argv: string[]) => {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      return r.err.split('\n')[0];
    };
    expect(await errors('train', '--epoch', '3')).toBe('simsiam train: Unknown flag --epoch (did you mean --epochs?); simsiam train --help lists its flags');
    expect(await errors('train', '--batch_size', '3')).toMatch(/^simsiam train: Unknown flag --batch_size \(did you mean --batch-size\?\)/);
    expect(await errors('train', '--wieght-decay', '0')).toMatch(/\(did you mean --weight-decay\?\)/);
    expect(await errors('probe', '--chekpoint', 'x')).toMatch(/^simsiam probe: Unknown flag --chekpoint \(did you mean --checkpoint\?\)/);
    expect(await errors('train', '--frobnicate')).toBe('simsiam train: Unknown flag --frobnicate; simsiam train --help lists its flags');
    expect(await errors('trian')).toBe("simsiam: unknown command 'trian' (did you mean simsiam train?)");
    expect(await errors('knn-eval')).toBe("simsiam: unknown command 'knn-eval' (did you mean simsiam knn?)");
    expect(await errors('train', 'runs/c10')).toBe("simsiam train: Unexpected argument 'runs/c10': simsiam train takes only --flags (did you mean --resume runs/c10 or --out runs/c10?)");
    expect(await errors('knn', 'runs/c10')).toBe("simsiam knn: Unexpected argument 'runs/c10': simsiam knn takes only --flags (did you mean --checkpoint runs/c10?)");
    expect(await errors('info', 'extra')).toBe("simsiam info: Unexpected argument 'extra': simsiam info takes only --flags");
    expect(await errors('download', 'cifar10', 'd', 'extra')).toBe("simsiam download: Unexpected argument 'extra': simsiam download takes 2 arguments and --flags");
    expect(await errors('download', 'cifar01', 'd')).toBe("simsiam download: unknown data set 'cifar01' (did you mean cifar10?); accepted: cifar10, mnist");
    expect(await errors('download', '--mdd5', 'x')).toMatch(/^simsiam download: Unknown flag --mdd5 \(did you mean --md5\?\)/);
    expect(await errors('download', 'cifar10')).toMatch(/^simsiam download: expected a data set and a folder/);
    expect(await errors('downlaod')).toBe("simsiam: unknown command 'downlaod' (did you mean simsiam download?)");
    expect(await errors('train', '--fix-predictor-lr', 'yes')).toBe(
      'simsiam train: Invalid value "yes" for --fix-predictor-lr: expected true or false (--fix-predictor-lr alone is true, --no-fix-predictor-lr false)');
    expect(await errors('train', '--fix-predictor-lr=1')).toBe('simsiam train: Invalid value "1" for --fix-predictor-lr: expected true or false');
    expect(await errors('train', '--no-epochs')).toMatch(/^simsiam train: Unknown flag --no-epochs \(did you mean --epochs\?\)/);
    expect(await errors('train', '--no-cifar-stem=true')).toBe('simsiam train: --no-cifar-stem takes no value (it sets --cifar-stem to false)');
    expect(await errors('train', '--lr', '0')).toBe('simsiam train: Invalid value "0" for --lr: expected a number > 0 and <= 100');
    expect(await errors('train', '-b', '1')).toBe('simsiam train: Invalid value "1" for --batch-size: expected an integer from 2 to 65535');
    expect(await errors('train', '--lr', '0.1', '--base-lr', '0.2')).toBe('simsiam train: --base-lr and --lr are the same field: give one of them');
    expect(await errors('probe', '--checkpoint', 'x', '--finetune', 'maybe')).toMatch(/^simsiam probe: Invalid value "maybe" for --finetune: expected true or false/);
    expect(await errors('probe', '--checkpoint', 'x', '-b', '0')).toBe('simsiam probe: Invalid value "0" for --batch-size: expected an integer from 2 to 65535');
  });
});

describe('simsiam info', () => {
  it('is readable by default and JSON with --json', async () => {
    const text = await run('info');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^simsiam-node \d+\.\d+\.\d+\nnative addon: /);
    expect(text.out).toMatch(/^training runs on: (cpu \(CUDA not used: .+\)|cuda)$/m);
    expect(() => JSON.parse(text.out)).toThrow();
    const json = await run('info', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['build', 'devices', 'cuda', 'cudaBackend', 'training', 'kernels']));
    expect(text.out).toContain(`kernels: ${report.kernels.length} registered`);
  });
});

describe('paths', () => {
  it('~ is the home folder and a relative path is taken against the working directory', () => {
    expect(resolvePath('~')).toBe(homedir());
    expect(resolvePath('~/runs/a')).toBe(join(homedir(), 'runs/a'));
    expect(resolvePath('runs/a')).toBe(resolve('runs/a'));
    expect(resolveDataSpec('cifar10:~/data/c10')).toBe(`cifar10:${join(homedir(), 'data/c10')}`);
    expect(resolveDataSpec('folder:imgs')).toBe(`folder:${resolve('imgs')}`);
    expect(resolveDataSpec('mnist')).toBe('mnist');
    expect(configOf('--out', '~/runs/x', '--data', 'folder:~/dogs')).toMatchObject({ out: join(homedir(), 'runs/x'), data: `folder:${join(homedir(), 'dogs')}` });
    expect(configOf('--out=rel', '--data', 'cifar10:c10')).toMatchObject({ out: resolve('rel'), data: `cifar10:${resolve('c10')}` });
  });

  it('--config ~/FILE and a relative --config are found as the shell would', async () => {
    const dir = tempDir();
    const home = process.env.HOME, cwd = process.cwd();
    try {
      process.env.HOME = dir.path;
      writeFileSync(join(dir.path, 'run.yaml'), 'epochs: 7\nout: runs/x\n');
      expect(configOf('--config', '~/run.yaml')).toMatchObject({ epochs: 7 });
      process.chdir(dir.path);
      expect(configOf('--config', 'run.yaml')).toMatchObject({ epochs: 7, out: join(process.cwd(), 'runs/x') });
      const r = await run('train', '--config', '~/missing.yaml');
      expect(r).toMatchObject({ code: 2, err: `simsiam train: Cannot read config file ${join(dir.path, 'missing.yaml')}: ENOENT` });
    } finally {
      process.chdir(cwd);
      process.env.HOME = home;
      dir.remove();
    }
  });
});
