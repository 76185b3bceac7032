// One data-parallel worker's side of a training run (the trainer calls it; see
// docs/training.md, "Several workers"): the process group, rank 0's run state
// and weights on every worker at the start, each step's agreement (every
// worker has a batch), gradient averaging and the workers' sums (loss, collapse
// statistics, stop signals), BatchNorm statistics (synchronised with
// --sync-bn, else rank 0's broadcast after each step, as DDP's buffers), and
// rank 0's evaluations awaited by the others.
import { createHash } from 'node:crypto';
import type { Tensor } from '@tensorflow/tfjs-core';
import { namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { setTrainingBatchNorm } from '../model/fused_batchnorm.js';
import type { Sgd } from '../optim/sgd.js';
import type { StepReduction } from '../train/step.js';
import { tf } from '../tf.js';
import { listenAddress, type DistributedEnv } from './env.js';
import { GradientReducer } from './gradients.js';
import { NcclComm, ncclStatus } from './nccl.js';
import { DistributedError, ProcessGroup } from './process_group.js';
import { startRendezvousStore, type RunningStore } from './rendezvous.js';
import { syncBatchNorm } from './sync_batch_norm.js';

type StopSignal = 'SIGINT' | 'SIGTERM';

/** How long the workers wait for each other to join (or SIMSIAM_DIST_TIMEOUT when longer), as torchrun's rendezvous. */
export const RENDEZVOUS_TIMEOUT_MS = 600_000;

/** How long the other workers wait for rank 0's evaluation (kNN, report) before they give up on it. */
export const EVAL_TIMEOUT_MS = 6 * 3600 * 1000;

export class DataParallel {
  private reducer: GradientReducer | null = null;
  private syncing = false;
  private nccl: NcclComm | null = null;
  /** Set when a step's sums show that a worker received a signal: every worker stops after that step. */
  stopSignal: StopSignal | null = null;
  /** SIMSIAM_DIST_CHECK=1: after every step, check that every worker holds the same parameters (verifyParameters). */
  readonly checking = process.env.SIMSIAM_DIST_CHECK === '1';

  private constructor(readonly env: DistributedEnv, readonly group: ProcessGroup, private readonly store: RunningStore | null) {}

  get rank(): number {
    return this.group.rank;
  }

  get size(): number {
    return this.group.size;
  }

  /** Rank 0 writes the run's outputs; the others only train. */
  get lead(): boolean {
    return this.group.rank === 0;
  }

  /** Joins the other workers (rank 0 first starts the rendezvous server when it is to and none runs). */
  static async start(env: DistributedEnv, log: (line: string) => void): Promise<DataParallel> {
    const store = await startRendezvousStore(env, log);
    try {
      const hostname = await listenAddress(env);
      const group = await ProcessGroup.connect({
        rank: env.rank, size: env.worldSize, store: env.store, prefix: env.runId, hostname, iface: env.iface ?? undefined,
        // Workers may start minutes apart (a scheduler, a slow machine): the rendezvous waits at least RENDEZVOUS_TIMEOUT_MS.
        timeoutMs: env.timeoutMs, connectTimeoutMs: Math.max(env.timeoutMs, RENDEZVOUS_TIMEOUT_MS),
      });
      return new DataParallel(env, group, store);
    } catch (e) {
      store?.stop();
      throw e;
    }
  }

  /** This worker's share of a global batch (the config's batch size is the global one). */
  localBatch(globalBatch: number): number {
    if (globalBatch % this.size !== 0)
      throw new Error(`--batch-size ${globalBatch} (the global batch) is not a multiple of the ${this.size} workers: use ${Math.max(this.size, Math.round(globalBatch / this.size) * this.size)}`);
    if (globalBatch / this.size < 2) throw new Error(`--batch-size ${globalBatch} gives each of the ${this.size} workers fewer than 2 images`);
    return globalBatch / this.size;
  }

  /** Rank 0's value on every worker. */
  share<T>(value: T, timeoutMs?: number): Promise<T> {
    return this.group.broadcastJson(value, 0, timeoutMs);
  }

  /** The same, after rank 0's evaluations, which the others wait for with EVAL_TIMEOUT_MS. */
  afterLead<T>(value: T): Promise<T> {
    return this.group.broadcastJson(value, 0, EVAL_TIMEOUT_MS);
  }

  /**
   * Rank 0's weights, BatchNorm statistics and momentum buffers on every worker (at the start, and after a
   * resume, which only rank 0 reads from its checkpoint); then the gradient buckets and, with syncBn, SyncBatchNorm.
   */
  async prepare(model: SimSiamModel, sgd: Sgd, syncBn: boolean): Promise<void> {
    const names = await this.share(sgd.state().map((s) => ({ name: s.name, shape: s.tensor.shape })));
    const missing = names.filter((n) => !sgd.buffers.has(n.name));
    if (missing.length > 0) {
      const zeros = new Map(missing.map((n) => [n.name, tf.zeros(n.shape)]));
      sgd.load(zeros);
      tf.dispose([...zeros.values()]);
    }
    const tensors = [...namedWeights(model).map((w) => ({ read: () => w.variable.read(), write: (t: Tensor) => w.variable.write(t) })),
      ...names.map((n) => ({ read: () => sgd.buffers.get(n.name)!, write: (t: Tensor) => sgd.buffers.get(n.name)!.assign(t) }))];
    await this.broadcastFromLead(tensors);
    this.reducer = new GradientReducer(sgd.params.map((p) => ({ key: p.variable.name, shape: p.variable.shape, size: p.variable.size })));
    if (tf.getBackend() === 'cuda') {
      // Device gradients: NCCL when it loads, else through the host over Gloo (every rank decides alike: the same install).
      const status = ncclStatus();
      if (status.available) {
        this.nccl = await NcclComm.create(this.group);
        this.nccl.watch((message) => {
          console.error(`simsiam train: ${message}`);
          process.exit(1);
        });
      } else if (this.lead) {
        console.warn(`warning: NCCL is not available (${status.reason}): the gradients go through the host (Gloo)`);
      }
    }
    this.syncing = syncBn;
    if (syncBn) {
      if (process.env.SIMSIAM_FUSED_BN === '0') throw new Error('--sync-bn needs the fused BatchNorm path (SIMSIAM_FUSED_BN=0 turns it off)');
      setTrainingBatchNorm(syncBatchNorm(this.group));
    }
  }

  private async broadcastFromLead(tensors: Array<{ read: () => Tensor; write: (t: Tensor) => void }>): Promise<void> {
    const values = tensors.map((t) => t.read());
    const data = new Float32Array(values.reduce((n, v) => n + v.size, 0));
    if (this.lead) {
      let offset = 0;
      for (const v of values) {
        data.set(v.dataSync() as Float32Array, offset);
        offset += v.size;
      }
    }
    await this.group.broadcast(data, 0);
    if (this.lead) return;
    let offset = 0;
    tensors.forEach((t, i) => {
      const v = values[i];
      const next = tf.tensor(data.slice(offset, offset + v.size), v.shape, 'float32');
      t.write(next);
      next.dispose();
      offset += v.size;
    });
  }

  /**
   * Before a step: whether every worker has at least 2 decoded images (if one has not, all skip the step), the
   * global counts of images and of skipped records, and any worker's stop signal (stopSignal).
   */
  async agree(images: number, skipped: number, signal: StopSignal | null): Promise<{ train: boolean; images: number; skipped: number }> {
    const v = new Float64Array([images < 2 ? 1 : 0, images, skipped, signal === 'SIGINT' ? 1 : 0, signal === 'SIGTERM' ? 1 : 0]);
    await this.group.allreduce(v);
    this.noteSignals(v[3], v[4]);
    return { train: v[0] === 0, images: v[1], skipped: v[2] };
  }

  private noteSignals(interrupts: number, terminations: number): void {
    if (terminations > 0) this.stopSignal = 'SIGTERM';
    else if (interrupts > 0) this.stopSignal ??= 'SIGINT';
  }

  /** The step's exchange: `signal` is this worker's pending stop signal, which every worker learns. */
  reduction(signal: () => StopSignal | null): StepReduction {
    const reducer = this.reducer;
    if (!reducer) throw new Error('DataParallel.prepare must run before the first step');
    return {
      reduce: async (grads, sums) => {
        const s = signal();
        const all = new Float64Array(sums.length + 2);
        all.set(sums);
        all[sums.length] = s === 'SIGINT' ? 1 : 0;
        all[sums.length + 1] = s === 'SIGTERM' ? 1 : 0;
        const done = this.group.allreduce(all);
        done.catch(() => {});  // awaited below; the buckets fail with the same error first
        const averaged = await reducer.average(this.group, grads, this.size, this.nccl);
        await done;
        sums.set(all.subarray(0, sums.length));
        this.noteSignals(all[sums.length], all[sums.length + 1]);
        return averaged;
      },
    };
  }

  /**
   * Without --sync-bn each worker's BatchNorm statistics follow its own share of the batches: rank 0's (which it
   * evaluates and saves) on every worker, at the end of each epoch (DDP broadcasts them before each step).
   */
  async shareBatchNormStatistics(model: SimSiamModel): Promise<void> {
    if (this.syncing) return;
    const buffers = namedWeights(model).filter((w) => !w.trainable);
    await this.broadcastFromLead(buffers.map((w) => ({ read: () => w.variable.read(), write: (t: Tensor) => w.variable.write(t) })));
  }

  /**
   * Whether every worker holds the very same trainable parameters: each one's SHA-256 over their bytes, gathered
   * and compared with rank 0's; a difference is an error naming the workers that differ. Returns the digest.
   */
  async verifyParameters(model: SimSiamModel, where: string): Promise<string> {
    const hash = createHash('sha256');
    for (const w of namedWeights(model)) {
      if (!w.trainable) continue;
      const v = w.variable.read().dataSync() as Float32Array;
      hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    const digest = new Uint8Array(hash.digest());
    const all = new Uint8Array(digest.length * this.size);
    await this.group.allgather(digest, all);
    const differ: number[] = [];
    for (let r = 1; r < this.size; r++)
      if (!all.subarray(r * digest.length, (r + 1) * digest.length).every((b, i) => b === all[i])) differ.push(r);
    if (differ.length > 0)
      throw new DistributedError(`rank ${this.rank}: the parameters of rank${differ.length > 1 ? 's' : ''} ${differ.join(', ')} differ from rank 0's ${where}`, 'error', differ);
    return Buffer.from(digest).toString('hex').slice(0, 16);
  }

  close(): void {
    if (this.syncing) setTrainingBatchNorm(null);
    this.nccl?.close();
    this.group.close();
    this.store?.stop();
  }
}
