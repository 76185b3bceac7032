// SGD with momentum and weight decay on every parameter (PyTorch semantics:
// g += wd * w; buf = momentum * buf + g; w -= lr * buf). The momentum buffers
// are the optimiser state saved in checkpoints.
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';

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
        const d = this.weightDecay > 0 ? tf.add(g, tf.mul(this.weightDecay, p.variable)) : g;
        let buf = this.buffers.get(p.name);
        if (!buf) {
          // PyTorch starts the buffer at the first gradient.
          buf = tf.variable(d, false);
          this.buffers.set(p.name, buf);
        } else {
          buf.assign(tf.add(tf.mul(this.momentum, buf), d));
        }
        p.variable.assign(tf.sub(p.variable, tf.mul(lr[p.group], buf)));
      }
    });
  }

  /** State for checkpoints: name -> buffer values. */
  state(): Array<{ name: string; tensor: Tensor }> {
    return [...this.buffers].map(([name, tensor]) => ({ name, tensor }));
  }

  load(state: Map<string, Tensor>): void {
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
