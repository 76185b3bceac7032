// TensorBoard event files: TFRecord framing and Event protobufs checked by an
// independent decoder here, against metrics.jsonl of a tiny run and of a
// crashed-then-resumed one.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32c, maskedCrc32c } from '../../src/report/tfevents.js';
import { train } from '../../src/train/trainer.js';
import { tempDir } from '../data/fixtures.js';
import { quiet, tinyConfig, writeTinyFolder } from '../train/tiny_run.js';

const dir = tempDir();
const data = join(dir.path, 'images');
const out = (name: string) => join(dir.path, name);
beforeAll(() => writeTinyFolder(data));
afterAll(() => dir.remove());

interface Event { wallTime: number; step: number; fileVersion?: string; values: Record<string, number> }

/** TFRecords of a file, each length and data checked against its masked CRC32C. */
function records(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; ) {
    const n = Number(buf.readBigUInt64LE(at));
    expect(buf.readUInt32LE(at + 8)).toBe(maskedCrc32c(buf.subarray(at, at + 8)));
    const data = buf.subarray(at + 12, at + 12 + n);
    expect(buf.readUInt32LE(at + 12 + n)).toBe(maskedCrc32c(data));
    out.push(data);
    at += 16 + n;
  }
  return out;
}

/** A minimal protobuf reader: [field, wire type, value] triples. */
function fields(buf: Buffer): Array<[number, number, number | Buffer]> {
  const out: Array<[number, number, number | Buffer]> = [];
  let at = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      const b = buf[at++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return Number(v);
    }
  };
  while (at < buf.length) {
    const key = varint(), field = key >> 3, wire = key & 7;
    if (wire === 0) out.push([field, wire, varint()]);
    else if (wire === 1) (out.push([field, wire, buf.readDoubleLE(at)]), at += 8);
    else if (wire === 5) (out.push([field, wire, buf.readFloatLE(at)]), at += 4);
    else if (wire === 2) {
      const n = varint();
      out.push([field, wire, buf.subarray(at, at + n)]);
      at += n;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

function decodeEvent(data: Buffer): Event {
  const e: Event = { wallTime: NaN, step: 0, values: {} };
  for (const [f, w, v] of fields(data)) {
    if (f === 1 && w === 1) e.wallTime = v as number;
    else if (f === 2 && w === 0) e.step = v as number;
    else if (f === 3 && w === 2) e.fileVersion = (v as Buffer).toString();
    else if (f === 5 && w === 2)
      for (const [vf, , value] of fields(v as Buffer)) {
        expect(vf).toBe(1);
        const kv = Object.fromEntries(fields(value as Buffer).map(([k, , x]) => [k, x]));
        e.values[(kv[1] as Buffer).toString()] = kv[2] as number;
      }
    else throw new Error(`unexpected field ${f}`);
  }
  return e;
}

const eventFiles = (run: string) => readdirSync(out(run)).filter((f) => f.startsWith('events.out.tfevents.')).sort();
/** The scalar events of a run's files, in TensorBoard's reading order; each file starts with its file_version. */
function events(run: string): Event[] {
  return eventFiles(run).flatMap((f) => {
    const [first, ...rest] = records(readFileSync(join(out(run), f))).map(decodeEvent);
    expect(first.fileVersion).toBe('brain.Event:2');
    return rest;
  });
}
const metrics = (run: string) => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const f32 = Math.fround;

describe('TensorBoard events', () => {
  it('crc32c matches the standard test vector; the mask is TFRecord\'s', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    const c = 0xe3069283;
    expect(maskedCrc32c(Buffer.from('123456789'))).toBe(((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('a run writes one event per metrics record: tags, values and global steps as in metrics.jsonl', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = await train(tinyConfig(data, out('run')), quiet);
    const files = eventFiles('run');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/\./g, '\\.')}$`));
    const log = metrics('run'), ev = events('run');
    expect(ev).toHaveLength(log.length);
    const spe = Math.max(...log.filter((m) => m.type === 'step').map((m) => m.step)) + 1;
    expect(spe).toBeGreaterThanOrEqual(2);
    let rates = 0;
    log.forEach((m, i) => {
      const e = ev[i];
      if (m.type === 'step') {
        expect(e.step).toBe(m.epoch * spe + m.step);
        expect(e.wallTime).toBe(m.time);
        expect([e.values['train/loss'], e.values['train/lr'], e.values['train/collapse_std']]).toEqual([f32(m.loss), f32(m.lr), f32(m.collapseStd)]);
        if (m.step > 0) expect(e.values['train/images_per_sec']).toBeGreaterThan(0), rates++;
      } else {
        expect(e.step).toBe((m.epoch + 1) * spe - 1);
        expect([e.values['epoch/loss'], e.values['epoch/collapse_std']]).toEqual([f32(m.loss), f32(m.collapseStd)]);
        expect(e.values['epoch/images_per_sec']).toBeGreaterThan(0);
        if (m.knnTop1 === null) expect(e.values).not.toHaveProperty('epoch/knn_top1');
        else expect([e.values['epoch/knn_top1'], e.values['epoch/knn_top5']]).toEqual([f32(m.knnTop1), f32(m.knnTop5)]);
      }
    });
    expect(rates).toBeGreaterThan(0);
    expect(ev.at(-1)!.values['epoch/knn_top1']).toBe(f32(r.knn!.top1));
    // Steps never go back within a run, so TensorBoard has nothing to purge.
    ev.forEach((e, i) => i && expect(e.step).toBeGreaterThanOrEqual(ev[i - 1].step));
  });

  it('after a crash and --resume the event files hold each step once, as the uninterrupted run', async () => {
    await train(tinyConfig(data, out('whole'), { epochs: 3 }), quiet);
    await train(tinyConfig(data, out('crashed'), { epochs: 3 }), { ...quiet, maxSteps: 5 });
    // What a kill -9 after the checkpoint leaves: events of later steps (copied from the whole run) and a torn record.
    const [file] = eventFiles('crashed');
    const whole = readFileSync(join(out('whole'), eventFiles('whole')[0]));
    const wholeRecords = records(whole), n = records(readFileSync(join(out('crashed'), file))).length;
    const late = Buffer.concat(wholeRecords.slice(n, n + 4).map((d) => {
      const r = Buffer.alloc(16 + d.length);
      r.writeBigUInt64LE(BigInt(d.length));
      r.writeUInt32LE(maskedCrc32c(r.subarray(0, 8)), 8);
      d.copy(r, 12);
      r.writeUInt32LE(maskedCrc32c(d), 12 + d.length);
      return r;
    }));
    appendFileSync(join(out('crashed'), file), Buffer.concat([late, late.subarray(0, 20)]));
    await train(tinyConfig(data, out('ignored')), { ...quiet, resume: out('crashed') });
    expect(eventFiles('crashed')).toHaveLength(2);  // the resumed run's own file, read after the first
    const strip = (e: Event) => ({ step: e.step, tags: Object.keys(e.values).filter((t) => !t.endsWith('images_per_sec')).sort(),
      loss: e.values['train/loss'] ?? e.values['epoch/loss'] });
    expect(events('crashed').map(strip)).toEqual(events('whole').map(strip));
  });

  it('--overwrite leaves no event file of the run it replaces', async () => {
    await train(tinyConfig(data, out('over'), { epochs: 1 }), quiet);
    writeFileSync(join(out('over'), 'events.out.tfevents.1.elsewhere'), 'stale');
    await train(tinyConfig(data, out('over'), { epochs: 1, seed: 4 }), { ...quiet, overwrite: true });
    expect(eventFiles('over')).toHaveLength(1);
    expect(events('over')).toHaveLength(metrics('over').length);
  });
});
