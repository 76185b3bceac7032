// A process group: this worker's Gloo context (native/collectives/Gloo.h) with
// the operations issued strictly one after another (Gloo matches operations by
// the order they are issued on every rank), and failures as DistributedError
// naming the peer ranks they are pinned on.
import { native, type CollectiveFailureKind, type RawGlooGroup, type RawGlooOptions } from '../native/index.js';

export class DistributedError extends Error {
  constructor(message: string, readonly kind: CollectiveFailureKind, readonly peers: number[]) {
    super(message);
    this.name = 'DistributedError';
  }
}

function wrap(e: unknown): unknown {
  if (e instanceof DistributedError || !(e instanceof Error)) return e;
  const { kind, peers } = e as Error & { kind?: CollectiveFailureKind; peers?: number[] };
  return kind ? new DistributedError(e.message, kind, peers ?? []) : e;
}

/** Whether this addon has Gloo, and its version or why not. */
export function glooStatus(): { built: boolean; info: string } {
  return native.collectivesInfo().gloo;
}

export class ProcessGroup {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  private constructor(private readonly raw: RawGlooGroup, readonly timeoutMs: number) {}

  get rank(): number {
    return this.raw.rank;
  }

  get size(): number {
    return this.raw.size;
  }

  /** Rendezvous with the other ranks (resolves once every pair is connected). */
  static async connect(o: RawGlooOptions & { timeoutMs: number }): Promise<ProcessGroup> {
    const { gloo } = native.collectivesInfo();
    if (!gloo.built) throw new DistributedError(`data-parallel training on CPUs needs Gloo, but this addon was ${gloo.info}`, 'error', []);
    try {
      return new ProcessGroup(await native.glooConnect(o), o.timeoutMs);
    } catch (e) {
      throw wrap(e);
    }
  }

  /** Runs an async operation after every earlier one settled. */
  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.queue.then(op, op).finally(() => this.pending--);
    this.queue = next.catch(() => {});
    return next.catch((e) => {
      throw wrap(e);
    });
  }

  private sync<T>(op: () => T): T {
    // A blocking operation overtaking a queued one would reorder them on this rank only.
    if (this.pending > 0) throw new Error('ProcessGroup: a blocking operation was issued while an asynchronous one is pending');
    try {
      return op();
    } catch (e) {
      throw wrap(e);
    }
  }

  /** Sum over the ranks, in place. */
  allreduce(data: Float32Array | Float64Array, timeoutMs?: number): Promise<void> {
    return this.enqueue(() => this.raw.allreduce(data, timeoutMs));
  }

  /** The same, blocking the JS thread (inside tfjs kernels, which cannot wait). */
  allreduceSync(data: Float32Array | Float64Array, timeoutMs?: number): void {
    this.sync(() => this.raw.allreduceSync(data, timeoutMs));
  }

  broadcast(data: ArrayBufferView, root: number, timeoutMs?: number): Promise<void> {
    return this.enqueue(() => this.raw.broadcast(data, root, timeoutMs));
  }

  barrier(timeoutMs?: number): Promise<void> {
    return this.enqueue(() => this.raw.barrier(timeoutMs));
  }

  allgather(input: Uint8Array, output: Uint8Array, timeoutMs?: number): Promise<void> {
    return this.enqueue(() => this.raw.allgather(input, output, timeoutMs));
  }

  /** Rank `root`'s value on every rank (JSON; `value` is ignored elsewhere). */
  async broadcastJson<T>(value: T, root: number, timeoutMs?: number): Promise<T> {
    const bytes = this.rank === root ? new TextEncoder().encode(JSON.stringify(value)) : new Uint8Array(0);
    const length = new Float64Array([bytes.length]);
    await this.broadcast(length, root, timeoutMs);
    const data = this.rank === root ? bytes : new Uint8Array(length[0]);
    await this.broadcast(data, root, timeoutMs);
    return this.rank === root ? value : JSON.parse(new TextDecoder().decode(data)) as T;
  }

  close(): void {
    this.raw.close();
  }
}
