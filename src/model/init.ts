// PyTorch's default initialisation, applied after the layers are built so the
// saved model only names standard tfjs initialisers (loadable anywhere):
// - ResNet convs: kaiming-normal, fan_out, relu gain (torchvision),
// - fc layers: kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
//   bias from the same range (nn.Linear),
// - BatchNorm: gamma 1, beta 0; zero-init-residual sets the last gamma of a block to 0.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { tf } from '../tf.js';

/** Deterministic seeds for every initialiser call, derived from one model seed. */
export class SeedSequence {
  private next: number;
  constructor(seed: number) {
    this.next = seed >>> 0;
  }
  take(): number {
    this.next = (Math.imul(this.next ^ (this.next >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return this.next;
  }
}

export interface InitOptions {
  seed: number;
  /** Names of BatchNorm layers whose gamma starts at 0 (last BN of each residual block). */
  zeroGammaLayers?: Set<string>;
}

export function initialiseLikePyTorch(models: LayersModel[], o: InitOptions): void {
  const seeds = new SeedSequence(o.seed);
  tf.tidy(() => {
    for (const model of models)
      for (const layer of model.layers) {
        const cls = layer.getClassName();
        const weights = layer.weights;
        if (cls === 'Conv2D') {
          const [kh, kw, , outC] = weights[0].shape as number[];
          const std = Math.sqrt(2 / (kh * kw * outC));
          weights[0].write(tf.randomNormal(weights[0].shape as number[], 0, std, 'float32', seeds.take()));
          if (weights[1]) weights[1].write(tf.zeros(weights[1].shape as number[]));
        } else if (cls === 'Dense') {
          const fanIn = (weights[0].shape as number[])[0];
          const bound = 1 / Math.sqrt(fanIn);
          for (const w of weights) w.write(tf.randomUniform(w.shape as number[], -bound, bound, 'float32', seeds.take()));
        } else if (cls === 'BatchNormalization') {
          for (const w of weights) {
            const base = w.originalName.split('/').pop();
            const zero = base === 'beta' || base === 'moving_mean' || (base === 'gamma' && o.zeroGammaLayers?.has(layer.name));
            w.write(zero ? tf.zeros(w.shape as number[]) : tf.ones(w.shape as number[]));
          }
        }
      }
  });
}
