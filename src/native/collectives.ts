// Collectives for data-parallel training (native/binding/CollectivesBinding.cc):
// Gloo process groups on the host, NCCL communicators on the device.

/** A library loaded at run time: where and which version, or why not. */
export type LoadedLibrary = { path: string; version: string } | { error: string };

export interface RawCollectivesInfo {
  /** built: whether this addon has Gloo; info: its version and stores, or "built without Gloo (...)". */
  gloo: { built: boolean; info: string };
  nccl: LoadedLibrary;
}

export interface RawGlooOptions {
  rank: number;
  size: number;
  /** file:DIR or redis:HOST:PORT (Gloo's FileStore / RedisStore). */
  store: string;
  /** Run id: the keys live under it (Gloo's PrefixStore). */
  prefix?: string;
  /** The address this process listens on, or a network interface. */
  hostname?: string;
  iface?: string;
  timeoutMs?: number;
  connectTimeoutMs?: number;
}

/** Why an operation failed and the ranks it is pinned on (a rejected promise or a thrown Error carries them). */
export type CollectiveFailureKind = 'peer-lost' | 'timeout' | 'closed' | 'error';

/**
 * One process's Gloo context. Operations must be issued one at a time and in the same order on every rank;
 * the async ones hold their arrays until they settle. Sums in place.
 */
export interface RawGlooGroup {
  readonly rank: number;
  readonly size: number;
  allreduce(data: Float32Array | Float64Array, timeoutMs?: number): Promise<void>;
  allreduceSync(data: Float32Array | Float64Array, timeoutMs?: number): void;
  broadcast(data: ArrayBufferView, root: number, timeoutMs?: number): Promise<void>;
  broadcastSync(data: ArrayBufferView, root: number, timeoutMs?: number): void;
  barrier(timeoutMs?: number): Promise<void>;
  /** output: size x input bytes, rank r's input at r x input bytes. */
  allgather(input: Uint8Array, output: Uint8Array, timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface CollectivesBinding {
  collectivesInfo(): RawCollectivesInfo;
  glooConnect(options: RawGlooOptions): Promise<RawGlooGroup>;
  /** NCCL's unique id (rank 0 makes it, the others get it over Gloo); throws when NCCL is missing. */
  ncclUniqueId(): Uint8Array;
}

export interface CollectivesDeviceBinding {
  /** A communicator handle (ncclCommInitRank: blocks until every rank joined). */
  ncclCommCreate(rank: number, size: number, id: Uint8Array): number;
  /** Sum of a float32 device buffer in place, enqueued on the device stream. */
  ncclAllReduce(comm: number, buffer: number, count: number): void;
  ncclBroadcast(comm: number, buffer: number, bytes: number, root: number): void;
  /** The communicator's asynchronous error ('' when none). */
  ncclCommAsyncError(comm: number): string;
  /** abort: stop pending operations (a peer failed); else destroy. */
  ncclCommFree(comm: number, abort: boolean): void;
}
