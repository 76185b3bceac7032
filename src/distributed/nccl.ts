// NCCL for the gradients of workers on the `cuda` backend: the library is
// loaded at run time (native/collectives/Nccl.h: SIMSIAM_NCCL, libnccl.so.2 on
// the loader path, /usr/local/cuda, the nvidia-nccl and torch wheels), the
// communicator is made from a unique id rank 0 sends over the Gloo group, and
// each gradient bucket is summed in place on the device stream. A watchdog
// polls the communicator's asynchronous error (a peer gone, a network error)
// while the run trains, and aborts it, so that no worker waits on a dead one.
import type { Tensor } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { tf } from '../tf.js';
import type { CudaBackend } from '../backend/cuda/CudaBackend.js';
import { DistributedError, type ProcessGroup } from './process_group.js';

/** NCCL's version and file, or why it cannot be used. */
export function ncclStatus(): { available: true; version: string; path: string } | { available: false; reason: string } {
  const n = native.collectivesInfo().nccl;
  return 'error' in n ? { available: false, reason: n.error } : { available: true, version: n.version, path: n.path };
}

export class NcclComm {
  private watchdog: NodeJS.Timeout | null = null;

  private constructor(private handle: number, readonly rank: number) {}

  /** Every rank of `group` joins (ncclCommInitRank blocks until all have); throws the reason NCCL cannot be used. */
  static async create(group: ProcessGroup): Promise<NcclComm> {
    const status = ncclStatus();
    if (!status.available) throw new DistributedError(`rank ${group.rank}: NCCL is not available: ${status.reason}`, 'error', []);
    const id = group.rank === 0 ? native.ncclUniqueId() : new Uint8Array(128);
    await group.broadcast(id, 0);
    try {
      return new NcclComm(native.device.ncclCommCreate(group.rank, group.size, id), group.rank);
    } catch (e) {
      throw new DistributedError(`rank ${group.rank}: ${(e as Error).message}`, 'error', []);
    }
  }

  /** Sums a float32 device tensor over the ranks in place (enqueued on the device stream). */
  allreduce(t: Tensor): void {
    const backend = tf.backend() as CudaBackend;
    native.device.ncclAllReduce(this.handle, backend.bufferOf(t), t.size);
  }

  /** Polls the communicator every second; on an error, aborts it and calls onError with the message. */
  watch(onError: (message: string) => void): void {
    this.watchdog ??= setInterval(() => {
      const error = native.device.ncclCommAsyncError(this.handle);
      if (!error) return;
      this.close(true);
      onError(`rank ${this.rank}: ${error}`);
    }, 1000);
    this.watchdog.unref();
  }

  close(abort = false): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.handle === 0) return;
    const h = this.handle;
    this.handle = 0;
    native.device.ncclCommFree(h, abort);
  }
}
