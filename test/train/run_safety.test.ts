// What a run does with its directory, its log and its process: refusal and
// locking of --out, metrics that equal an uninterrupted run's after a crash,
// runs that train nothing or diverge, and signals.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { EvalSet } from '../../src/eval/features.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { tf } from '../../src/index.js';
import { buildSimSiam, namedWeights } from '../../src/model/simsiam_model.js';
import { modelConfigOf } from '../../src/train/config.js';
import { firstNonFiniteWeight } from '../../src/model/weights.js';
import { train } from '../../src/train/trainer.js';
import { cutMetricsBack, MetricsLog } from '../../src/train/metrics_log.js';
import { LOCK_FILE, RUN_FILES, RunDirectory, runFilesIn } from '../../src/train/run_directory.js';
import { tempDir, writeFile } from '../data/fixtures.js';
import { quiet, tinyConfig, writeTinyFolder } from './tiny_run.js';

const dir = tempDir();
const data = join(dir.path, 'images');
const out = (name: string) => join(dir.path, name);
const tiny = (name: string, o: Record<string, unknown> = {}) => tinyConfig(data, out(name), o);
/** Metrics records without the wall-clock fields, which differ between any two runs. */
const records = (run: string) => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l)).map(({ time, seconds, ...r }) => r);

beforeAll(() => writeTinyFolder(data));
afterAll(() => dir.remove());

function captureConsole() {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(String(m)));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void lines.push(String(m)));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return lines;
}

const cliTiny = ['--data', `folder:${data}`, '--device', 'cpu', '--epochs', '1', '--batch-size', '8', '--image-size', '8', '--width', '0.0625',
  '--projector-dim', '16', '--predictor-dim', '4', '--knn-k', '5', '--seed', '3'];

describe('run directories', () => {
  it('a new run refuses an --out holding a run and changes nothing; --overwrite starts over', async () => {
    const lines = captureConsole();
    expect(await main(['train', ...cliTiny, '--out', out('taken')])).toBe(0);
    const ckpt = join(out('taken'), 'checkpoint.ckpt');
    const before = { ckpt: readFileSync(ckpt), metrics: readFileSync(join(out('taken'), 'metrics.jsonl'), 'utf8') };
    expect(await main(['train', ...cliTiny, '--out', out('taken')])).toBe(1);
    const events = readdirSync(out('taken')).filter((f) => f.startsWith('events.out.tfevents.'));
    expect(events).toHaveLength(1);
    expect(lines.at(-1)).toBe(`simsiam train: --out ${out('taken')} already holds a run (checkpoint.ckpt, metrics.jsonl, report.json, ` +
      `loss.png, knn.png, collapse.png, ${events[0]}): continue it with --resume ${out('taken')}, start over with --overwrite, or choose another --out`);
    expect(readFileSync(ckpt).equals(before.ckpt)).toBe(true);
    expect(readFileSync(join(out('taken'), 'metrics.jsonl'), 'utf8')).toBe(before.metrics);
    expect(await main(['train', ...cliTiny, '--out', out('taken'), '--seed', '4', '--overwrite'])).toBe(0);
    expect(records('taken').filter((r) => r.type === 'epoch')).toHaveLength(1);  // the old run's log is gone, not appended to
    expect((loadCheckpoint(ckpt).state.config as { seed: number }).seed).toBe(4);
    expect(await main(['train', '--resume', out('taken'), '--overwrite'])).toBe(2);
    expect(lines.at(-1)).toBe('simsiam train: --resume continues a run and --overwrite starts one over: use one of them');
    expect(existsSync(join(out('taken'), LOCK_FILE))).toBe(false);
  });

  it('TensorBoard event files belong to the run: one alone makes --out taken, --overwrite removes them all', () => {
    const run = out('events-only');
    const old = ['events.out.tfevents.1000000000.elsewhere', 'events.out.tfevents.1000000000.elsewhere.1'];
    for (const f of old) writeFile(join(run, f), 'old events');
    writeFile(join(run, 'notes.txt'), 'mine');
    writeFile(join(run, 'check-data.png'), 'not the run\'s');
    expect(runFilesIn(run)).toEqual(old);
    expect(() => RunDirectory.claim(run, 'new')).toThrow(`--out ${run} already holds a run (${old.join(', ')}): continue it with --resume`);
    expect(readdirSync(run).sort()).toEqual(['check-data.png', ...old, 'notes.txt']);  // refused: nothing removed, no lock left
    RunDirectory.claim(run, 'resume').release();
    expect(runFilesIn(run)).toEqual(old);
    RunDirectory.claim(run, 'overwrite').release();
    expect(readdirSync(run).sort()).toEqual(['check-data.png', 'notes.txt']);
    RunDirectory.claim(run, 'new').release();
    writeFile(join(run, 'report.json'), '{}');
    writeFile(join(run, 'events.out.tfevents.1.h'), 'x');
    expect(runFilesIn(run)).toEqual(['report.json', 'events.out.tfevents.1.h']);
    expect(RUN_FILES).toContain('events.out.tfevents.*');
  });

  it('one run per directory: a live owner refuses, a dead one is taken over', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      const run = out('locked');
      writeFile(join(run, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, host: hostname(), start: null, since: 'then' }));
      await expect(train(tiny('locked'), quiet)).rejects.toThrow(`--out ${run} is in use by process ${sleeper.pid} (since then): one run per directory`);
      writeFile(join(run, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, host: 'elsewhere', start: null, since: 'then' }));
      await expect(train(tiny('locked'), quiet)).rejects.toThrow(`is in use by process ${sleeper.pid} on elsewhere (since then); if that run is gone, delete ${join(run, LOCK_FILE)}`);
    } finally {
      sleeper.kill();
    }
    const dead = spawnSync('true').pid;
    writeFile(join(out('locked'), LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), start: null, since: 'then' }));
    const log: string[] = [];
    const r = await train(tiny('locked', { epochs: 1 }), { ...quiet, log: (l) => log.push(l) });
    expect(r.epochs).toHaveLength(1);
    expect(log[0]).toBe(`taking over the lock of a run that ended without releasing it (process ${dead}): ${join(out('locked'), LOCK_FILE)}`);
    expect(existsSync(join(out('locked'), LOCK_FILE))).toBe(false);
    // Two runs of this process on one directory at once: the second is refused while the first holds it.
    const held = RunDirectory.claim(out('held'), 'new');
    expect(() => RunDirectory.claim(out('held'), 'new')).toThrow(`is in use by process ${process.pid}`);
    held.release();
    RunDirectory.claim(out('held'), 'new').release();
  });

  it('an --out that cannot be created is an error naming it, also where mkdir -p never returns', async () => {
    const lines = captureConsole();
    expect(await main(['train', ...cliTiny, '--out', '/proc/simsiam-run'])).toBe(1);
    expect(lines.at(-1)).toBe('simsiam train: Cannot create --out /proc/simsiam-run: mkdir /proc/simsiam-run failed with ENOENT');
    writeFileSync(out('a-file'), 'x');
    expect(await main(['train', ...cliTiny, '--out', join(out('a-file'), 'run')])).toBe(1);
    expect(lines.at(-1)).toBe(`simsiam train: Cannot create --out ${join(out('a-file'), 'run')}: ${out('a-file')} is not a directory`);
  });
});

describe('metrics.jsonl', () => {
  it('after a crash and --resume equals the uninterrupted run\'s log (late records and a torn line dropped)', async () => {
    await train(tiny('whole', { epochs: 3 }), quiet);
    const whole = readFileSync(join(out('whole'), 'metrics.jsonl'), 'utf8').trim().split('\n');
    const first = await train(tiny('crashed', { epochs: 3 }), { ...quiet, maxSteps: 5 });
    expect(first.interrupted).toBe(true);
    // What a kill -9 after the checkpoint leaves: the records of the steps (and an epoch) it ran on, then a torn line.
    const logged = readFileSync(join(out('crashed'), 'metrics.jsonl'), 'utf8').trim().split('\n').length;
    appendFileSync(join(out('crashed'), 'metrics.jsonl'), whole.slice(logged, logged + 6).join('\n') + '\n{"type":"step","epo');
    const log: string[] = [];
    await train(tiny('ignored'), { ...quiet, resume: out('crashed'), log: (l) => log.push(l) });
    expect(log[0]).toMatch(/^resuming .* at epoch 1, step 5; 7 metrics records after the checkpoint dropped$/);
    expect(records('crashed')).toEqual(records('whole'));
  });

  it('cutMetricsBack keeps records before the position and stops at a torn line', () => {
    const path = join(out('cut'), 'metrics.jsonl');
    const step = (epoch: number, s: number) => JSON.stringify({ type: 'step', epoch, step: s });
    writeFile(path, [step(0, 0), step(0, 1), JSON.stringify({ type: 'epoch', epoch: 0 }), step(1, 0), step(1, 1), '{"torn', step(0, 0)].join('\n') + '\n');
    expect(cutMetricsBack(path, { epoch: 1, step: 1 })).toEqual({ kept: 4, dropped: 3 });
    expect(readFileSync(path, 'utf8')).toBe([step(0, 0), step(0, 1), JSON.stringify({ type: 'epoch', epoch: 0 }), step(1, 0)].join('\n') + '\n');
    expect(cutMetricsBack(path, { epoch: 1, step: 0 })).toEqual({ kept: 3, dropped: 1 });
  });

  it('a record that does not fit on the disk is cut back off, never left torn', () => {
    const path = join(out('full'), 'metrics.jsonl');
    writeFile(path, '');
    // A file size limit of 1 KiB (SIGXFSZ ignored, so writes past it fail with EFBIG, as a full disk fails with ENOSPC).
    const script = `import { MetricsLog } from ${JSON.stringify(join(process.cwd(), 'src/train/metrics_log.ts'))};
      const log = new MetricsLog(${JSON.stringify(path)});
      try { for (let i = 0; ; i++) log.append({ type: 'step', epoch: 0, step: i, loss: 0.123456789 }); }
      catch (e) { console.log(e.message); }`;
    writeFileSync(join(dir.path, 'fill.mts'), script);
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 1; exec ${join(process.cwd(), 'node_modules/.bin/vite-node')} ${join(dir.path, 'fill.mts')}`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`Cannot write metrics log ${path}: EFBIG`);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(statSync(path).size).toBeLessThan(1024);
    text.trim().split('\n').forEach((l, i) => expect(JSON.parse(l).step).toBe(i));
  });
});

describe('runs that must not succeed', () => {
  it('a run that trains nothing fails naming the data, and saves nothing', async () => {
    const lines = captureConsole();
    expect(await main(['train', ...cliTiny, '--train-limit', '1', '--out', out('one')])).toBe(1);
    expect(lines.at(-1)).toBe(`simsiam train: folder:${data} gives 1 training image with --train-limit 1: SimSiam needs batches of at least 2`);
    const broken = join(dir.path, 'broken');
    for (const c of ['a', 'b']) for (let i = 0; i < 4; i++) writeFile(join(broken, c, `x${i}.png`), 'not a png');
    expect(await main(['train', ...cliTiny, '--data', `folder:${broken}`, '--out', out('undecodable')])).toBe(1);
    expect(lines.at(-1)).toMatch(new RegExp(`^simsiam train: no training step in epoch 1: none of the \\d+ training images of folder:${broken} could be decoded$`));
    for (const run of ['one', 'undecodable']) expect(existsSync(join(out(run), 'checkpoint.ckpt'))).toBe(false);
  });

  it('a diverging run stops at the first non-finite loss with a non-zero exit (the probe\'s command)', async () => {
    const lines = captureConsole();
    const code = await main(['train', '--epochs', '2', '--train-limit', '256', '--batch-size', '32', '--base-lr', '100', '--weight-decay', '1',
      '--device', 'cpu', '--out', out('nan')]);
    expect(code).toBe(1);
    // Where it diverges depends on float rounding; what it must say and keep does not.
    const m = /^simsiam train: loss is NaN at epoch \d+, step \d+ \(lr \d+\.\d+\): training diverged; (the last checkpoint, from before it, is (.*) \(end of epoch (\d+)\)|no checkpoint was saved before it)\. Lower --base-lr/.exec(lines.at(-1)!);
    expect(m).not.toBeNull();
    expect(lines.join('\n')).not.toMatch(/kNN top-1/);
    const ckpt = join(out('nan'), 'checkpoint.ckpt');
    expect(existsSync(ckpt)).toBe(m![2] !== undefined);
    if (m![2]) {
      expect(m![2]).toBe(ckpt);
      const { state, tensors } = loadCheckpoint(ckpt);
      expect(state.epoch).toBe(Number(m![3]));
      for (const t of tensors.values()) expect(t.dataSync().every(Number.isFinite)).toBe(true);
    }
  });
});

describe('divergence checks', () => {
  it('finds a NaN or an infinity in any weight or BatchNorm statistic before a checkpoint is saved', () => {
    const model = buildSimSiam(modelConfigOf(tiny('unused')), 1);
    expect(firstNonFiniteWeight(model)).toBeNull();
    const stat = namedWeights(model).find((w) => w.name.includes('moving_variance'))!;
    const v = stat.variable.read().dataSync().slice();
    v[v.length - 1] = Infinity;
    stat.variable.write(tf.tensor(v, stat.variable.shape));
    expect(firstNonFiniteWeight(model)).toBe(stat.name);
  });
});

describe('signals', () => {
  it('SIGTERM checkpoints like SIGINT, and the resumed run equals the uninterrupted one', async () => {
    const whole = await train(tiny('term-whole'), quiet);
    let steps = 0;
    const progress = { update: () => void (++steps === 3 && process.emit('SIGTERM')), endEpoch: () => {} };
    const stopped = await train(tiny('term'), { ...quiet, progress: progress as never });
    expect([stopped.interrupted, stopped.signal]).toEqual([true, 'SIGTERM']);
    expect(loadCheckpoint(join(out('term'), 'checkpoint.ckpt')).state.step).toBe(3);
    const rest = await train(tiny('term'), { ...quiet, resume: out('term') });
    expect([...stopped.stepLosses, ...rest.stepLosses]).toEqual(whole.stepLosses);
    expect(records('term')).toEqual(records('term-whole'));
  });

  it('Ctrl-C during the final kNN stops it with a checkpoint from which the run finishes the same', async () => {
    // kNN only at the end (knnEvery 0), so that the first features call is the final kNN's.
    const whole = await train(tiny('knn-whole', { knnEvery: 0 }), quiet);
    const features = EvalSet.prototype.features;
    let calls = 0;
    const spy = vi.spyOn(EvalSet.prototype, 'features').mockImplementation(function (this: EvalSet, ...a) {
      if (++calls === 1) process.emit('SIGINT');  // the final kNN's bank
      return features.apply(this, a);
    });
    const stopped = await train(tiny('knn', { knnEvery: 0 }), quiet);
    spy.mockRestore();
    expect([stopped.interrupted, stopped.signal, stopped.epochs.length]).toEqual([true, 'SIGINT', 1]);
    const rest = await train(tiny('knn', { knnEvery: 0 }), { ...quiet, resume: out('knn') });
    expect(rest.epochs).toEqual(whole.epochs.map((e, i) => ({ ...e, seconds: rest.epochs[i].seconds })));
    expect(rest.knn).toEqual(whole.knn);
    expect(records('knn')).toEqual(records('knn-whole'));
  });

  it('a second signal exits at once', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    let steps = 0;
    const progress = { update: () => void (++steps === 1 && (process.emit('SIGTERM'), process.emit('SIGINT'))), endEpoch: () => {} };
    const r = await train(tiny('twice'), { ...quiet, progress: progress as never });
    expect(exit).toHaveBeenCalledWith(130);
    expect(r.interrupted).toBe(true);
    exit.mockRestore();
  });

  it('a real SIGTERM to the CLI process ends it with status 143 and a checkpoint; a second signal ends it at once', async () => {
    // `signals` go to the child while it is stopped, so they are all pending when it continues: each is
    // delivered (in either order) before the step under way can end.
    const run = (name: string, signals: NodeJS.Signals[]) => new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(join(process.cwd(), 'node_modules/.bin/vite-node'), ['test/train/run_cli.mts', 'train', ...cliTiny, '--epochs', '50', '--out', out(name)],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', sent = false;
      child.stdout.on('data', (d) => {
        stdout += d;
        if (sent || !existsSync(join(out(name), 'metrics.jsonl')) || !readFileSync(join(out(name), 'metrics.jsonl'), 'utf8').includes('"step"')) return;
        sent = true;
        child.kill('SIGSTOP');
        for (const s of signals) child.kill(s);
        child.kill('SIGCONT');
      });
      child.stderr.on('data', (d) => void (stdout += d));
      child.on('exit', (code) => resolve({ code, stdout }));
    });
    const term = await run('cli-term', ['SIGTERM']);
    expect(term.code).toBe(143);
    expect(term.stdout).toContain(`checkpoint ${join(out('cli-term'), 'checkpoint.ckpt')} (continue with --resume ${out('cli-term')})`);
    expect(existsSync(join(out('cli-term'), 'checkpoint.ckpt'))).toBe(true);
    const twice = await run('cli-twice', ['SIGINT', 'SIGTERM']);
    const second = /second signal \((SIGINT|SIGTERM)\): exiting now, without a checkpoint/.exec(twice.stdout);
    expect(second).not.toBeNull();
    expect(twice.stdout).toContain(`${second![1] === 'SIGINT' ? 'SIGTERM' : 'SIGINT'}: stopping at the next safe point`);
    expect(twice.stdout).not.toContain('stopped at epoch');
    expect(twice.code).toBe(second![1] === 'SIGINT' ? 130 : 143);
    expect(readdirSync(out('cli-twice'))).not.toContain(LOCK_FILE);
  }, 120_000);
});
