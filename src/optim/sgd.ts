// SGD with momentum and weight decay on every parameter (PyTorch semantics:
// g += wd * w; buf = momentum * buf + g; w -= lr * buf). The momentum buffers
// are the optimiser state saved in checkpoints.
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { SGD_MOMENTUM_UPDATE } from '../kernels/SgdMomentumUpdate.js';

export interface SgdParam {
  name: string;
  variable: Variable;
  group: 'encoder' | 'predictor';
}

export class Sgd {
  readonly buffers = new Map<string, Variable>();

  constructor(readonly params: SgdParam[], readonly momentum: number, readonly weightDecay: number) {}

  /** Applies one update; grads are keyed by variable name (tf.variableGrads). */
  step(grads: Record<string, Tensor>, lr: { encoder: number; predictor: number }): void {
    tf.tidy(() => {
      for (const p of this.params) {
        const g = grads[p.variable.name];
        if (!g) continue;
        const buf = this.buffers.get(p.name);
        // One fused kernel per parameter (src/kernels/SgdMomentumUpdate.ts); without a
        // buffer yet it starts at the first gradient, as PyTorch's does.
        const inputs: Record<string, Tensor> = buf ? { w: p.variable, g, buf } : { w: p.variable, g };
        const attrs = { lr: lr[p.group], momentum: this.momentum, weightDecay: this.weightDecay };
        const [w, b] = tf.engine().runKernel(SGD_MOMENTUM_UPDATE, inputs, attrs) as Tensor[];
        if (buf) buf.assign(b);
        else this.buffers.set(p.name, tf.variable(b, false));
        p.variable.assign(w);
      }
    });
  }

  /** State for checkpoints: name -> buffer values. */
  state(): Array<{ name: string; tensor: Tensor }> {
    return [...this.buffers].map(([name, tensor]) => ({ name, tensor }));
  }

  /** Momentum buffers from a checkpoint; `source` (its path) names it in errors. Nothing changes on an error. */
  load(state: Map<string, Tensor>, source?: string): void {
    const ckpt = source === undefined ? 'Checkpoint' : `Checkpoint ${source}`;
    for (const [name, value] of state) {
      const p = this.params.find((q) => q.name === name);
      if (!p) throw new Error(`${ckpt} has a momentum buffer for ${name}, which is not a parameter of the model`);
      if (!tf.util.arraysEqual(value.shape, p.variable.shape))
        throw new Error(`${ckpt} does not match the model: momentum buffer of ${name} is [${value.shape}], expected [${p.variable.shape}]`);
    }
    for (const [name, value] of state) {
      const existing = this.buffers.get(name);
      if (existing) existing.assign(value);
      else this.buffers.set(name, tf.variable(value, false));
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
  }
}
