import { describe, expect, it } from 'vitest';
import { tf } from '../src/index.js';
import { buildSimSiam, forwardView, namedWeights, type ModelConfig } from '../src/model/simsiam_model.js';
import { exportLayersModel, loadExportedModel } from '../src/export/export_model.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tiny: ModelConfig = { arch: 'resnet18', cifarStem: true, width: 0.0625, inputSize: 16, projectorLayers: 2, projectorDim: 32, predictorDim: 8, zeroInitResidual: true };

function trainableCount(m: ReturnType<typeof buildSimSiam>['backbone']): number {
  return m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}

describe('SimSiam model', () => {
  it('ResNet-18 and ResNet-50 backbones have torchvision parameter counts (fc dropped)', () => {
    const r18 = buildSimSiam({ ...tiny, width: 1, cifarStem: false, inputSize: 64, projectorDim: 16 }, 1);
    expect(trainableCount(r18.backbone)).toBe(11_176_512);
    expect(r18.featureDim).toBe(512);
    const r50 = buildSimSiam({ ...tiny, arch: 'resnet50', width: 1, cifarStem: false, inputSize: 64, projectorDim: 16 }, 1);
    expect(trainableCount(r50.backbone)).toBe(23_508_032);
    expect(r50.featureDim).toBe(2048);
    tf.dispose([...r18.backbone.weights.map((w) => w.read()), ...r50.backbone.weights.map((w) => w.read())]);
  });

  it('initialises like PyTorch: fc weights within 1/sqrt(fan_in), zero-init residual gammas, frozen affine-free last BN', () => {
    const m = buildSimSiam(tiny, 7);
    const w = namedWeights(m);
    const fc = w.find((x) => x.name === 'projector/proj_fc1/kernel')!;
    const fanIn = fc.variable.shape[0];
    const v = fc.variable.read().dataSync();
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(fanIn));
    expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.9 / Math.sqrt(fanIn));
    const conv = w.find((x) => x.name === 'backbone/layer1_0_conv1/kernel')!;
    const c = conv.variable.read().dataSync();
    const std = Math.sqrt(c.reduce((s, x) => s + x * x, 0) / c.length);
    const [kh, kw, , out] = conv.variable.shape;
    expect(std).toBeGreaterThan(0.7 * Math.sqrt(2 / (kh * kw * out)));
    expect(std).toBeLessThan(1.3 * Math.sqrt(2 / (kh * kw * out)));
    expect(w.find((x) => x.name === 'backbone/layer1_0_bn2/gamma')!.variable.read().dataSync().every((x) => x === 0)).toBe(true);
    expect(w.find((x) => x.name === 'backbone/layer1_0_bn1/gamma')!.variable.read().dataSync().every((x) => x === 1)).toBe(true);
    const lastBn = w.filter((x) => x.name.startsWith('projector/proj_bn2/'));
    expect(lastBn.every((x) => !x.trainable)).toBe(true);
    // The same seed gives the same weights.
    const again = namedWeights(buildSimSiam(tiny, 7));
    expect(again.map((x) => x.variable.read().dataSync()[0])).toEqual(w.map((x) => x.variable.read().dataSync()[0]));
  });

  it('maps two views to z and p of the configured sizes', () => {
    const m = buildSimSiam(tiny, 1);
    const { z, p } = forwardView(m, tf.randomUniform([3, 16, 16, 3]), true);
    expect(z.shape).toEqual([3, 32]);
    expect(p.shape).toEqual([3, 32]);
  });

  it('exports the backbone as a LayersModel that loads back with identical features', async () => {
    const m = buildSimSiam({ ...tiny, cifarStem: false, inputSize: 32 }, 3);
    const dir = mkdtempSync(join(tmpdir(), 'simsiam-export-'));
    await exportLayersModel(m.backbone, dir);
    const loaded = await loadExportedModel(dir);
    const x = tf.randomUniform([2, 32, 32, 3]);
    const a = (m.backbone.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
