// Reuse of the `cpu` backend's output arrays across training steps.
//
// tfjs-backend-cpu keeps each tensor's values in a plain typed array and drops it on dispose; the garbage collector
// frees it later. A training step makes ~1,600 activation-sized outputs, so every step allocated and page-faulted
// hundreds of MiB afresh, and the external-memory pressure kept V8's concurrent marking busy: on a 2-core machine the
// collector's threads used about as much CPU as the second kernel thread, which made 2 threads slower than 1.
//
// Here the native kernels take their outputs from a size-keyed free list, and the backend's disposeData puts an
// array back once no tensor uses its buffer any more. An array is never reused while anything outside the kernels
// may hold it: readSync (dataSync, data, bufferSync, moving to another backend) marks its buffer as escaped for good,
// and every data entry whose values share its buffer (a stock kernel's subarray view, `complex`) counts as a user.
// The kernels themselves read their inputs through values() (host_io.ts), which marks nothing.
//
// SIMSIAM_CPU_POOL_MB caps the bytes kept on the free list (default a quarter of the machine's memory; 0 turns the
// pool off). The free list peaks at the end of a step, when the step's activations and gradients come back, at about
// the step's peak memory, which the process held anyway; a cap below that makes the arrays above it fresh again.
// SIMSIAM_CPU_POOL_POISON=1 fills every array handed out with NaN (tests: a kernel that relies on zeroed outputs
// then fails instead of passing by luck).
import os from 'node:os';
import { findBackend, type BackendValues, type DataId, type DataType, type KernelBackend } from '@tensorflow/tfjs-core';

// Below this many values an array is small enough for V8's allocator; pooling it saves nothing.
export const POOL_MIN_VALUES = 1024;

interface BufferState {
  array: Float32Array;  // the whole-buffer array the pool hands out
  users: number;        // live data entries whose values view this buffer
  escaped: boolean;     // handed out by readSync: may be held anywhere, never reused
}

interface CpuData { values?: BackendValues; dtype: DataType; complexTensorInfos?: unknown }

// The parts of tfjs-backend-cpu's MathBackendCPU used here (its `data` is a DataStorage).
interface CpuBackend extends KernelBackend {
  data: { has(id: DataId): boolean; get(id: DataId): CpuData };
  write(values: BackendValues, shape: number[], dtype: DataType): DataId;
  move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void;
}

// Below this many values zero-filling costs less than a separate allocation.
const UNINITIALISED_FROM = 1 << 14;

/**
 * A Float32Array of n values for a kernel that writes every one of them. Large
 * ones are not zero-filled first (Buffer.allocUnsafeSlow: an ArrayBuffer of
 * their own, never a slice of Buffer's shared pool); the fill of the many
 * activation-sized outputs of a training step is a measurable part of it.
 */
export function uninitialisedFloat32(n: number): Float32Array {
  if (n < UNINITIALISED_FROM) return new Float32Array(n);
  return new Float32Array(Buffer.allocUnsafeSlow(n * 4).buffer, 0, n);
}

export interface PoolStats { hits: number; misses: number; pooledBytes: number; capBytes: number; escaped: number }

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) throw new Error(`Expected a non-negative number for ${name} but received ${JSON.stringify(raw)}`);
  return v;
}

export class OutputPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly buffers = new WeakMap<ArrayBufferLike, BufferState>();
  private pooledBytes = 0;
  private readonly stats = { hits: 0, misses: 0, escaped: 0 };

  constructor(private readonly backend: CpuBackend, private capBytes: number, private poison: boolean) {
    const b = backend;
    const readSync = b.readSync.bind(b), write = b.write.bind(b), move = b.move.bind(b), disposeData = b.disposeData.bind(b);
    // MathBackendCPU's read, bufferSync and the engine's moveData all go through readSync.
    b.readSync = (dataId: DataId) => {
      const values = readSync(dataId);
      this.escape(values);
      return values;
    };
    b.write = (values, shape, dtype) => {
      const id = write(values, shape, dtype);
      this.addUser(values);
      return id;
    };
    b.move = (dataId, values, shape, dtype, refCount) => {
      move(dataId, values, shape, dtype, refCount);
      this.addUser(values);
    };
    b.disposeData = (dataId: DataId, force?: boolean) => {
      const entry = b.data.has(dataId) ? b.data.get(dataId) : undefined;
      const released = disposeData(dataId, force);
      if (entry && !b.data.has(dataId)) this.removeUser(entry.values);
      return released;
    };
  }

  /** A Float32Array of n values whose contents are undefined: for a kernel that writes all of them. */
  take(n: number): Float32Array {
    let a = n >= POOL_MIN_VALUES ? this.free.get(n)?.pop() : undefined;
    if (a) {
      this.pooledBytes -= a.byteLength;
      this.stats.hits++;
    } else {
      a = uninitialisedFloat32(n);  // an ArrayBuffer of its own: the pool keys on it
      if (n >= POOL_MIN_VALUES) {
        this.buffers.set(a.buffer, { array: a, users: 0, escaped: false });
        this.stats.misses++;
      }
    }
    if (this.poison) a.fill(NaN);
    return a;
  }

  /** The values of a float32 tensor for a kernel to read (marks nothing as escaped). */
  values(dataId: DataId): BackendValues | undefined {
    const entry = this.backend.data.get(dataId);
    return entry.dtype === 'float32' && entry.complexTensorInfos == null ? entry.values : undefined;
  }

  info(): PoolStats {
    return { ...this.stats, pooledBytes: this.pooledBytes, capBytes: this.capBytes };
  }

  /** New settings (tests): a lower cap drops the free arrays above it. */
  configure(o: { capBytes?: number; poison?: boolean }): void {
    if (o.capBytes !== undefined) this.capBytes = o.capBytes;
    if (o.poison !== undefined) this.poison = o.poison;
    if (this.pooledBytes > this.capBytes) this.clear();
  }

  /** Drops every free array (the garbage collector frees them). */
  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }

  private state(values: BackendValues | undefined): BufferState | undefined {
    return values != null && ArrayBuffer.isView(values) ? this.buffers.get(values.buffer) : undefined;
  }

  private escape(values: BackendValues): void {
    const s = this.state(values);
    if (s && !s.escaped) {
      s.escaped = true;
      this.stats.escaped++;
    }
  }

  private addUser(values: BackendValues): void {
    const s = this.state(values);
    if (s) s.users++;
  }

  private removeUser(values: BackendValues | undefined): void {
    const s = this.state(values);
    if (!s || --s.users > 0 || s.escaped) return;
    const a = s.array;
    if (this.pooledBytes + a.byteLength > this.capBytes) return;
    let list = this.free.get(a.length);
    if (!list) this.free.set(a.length, list = []);
    list.push(a);
    this.pooledBytes += a.byteLength;
  }
}

const pools = new WeakMap<object, OutputPool | null>();

/** The pool's settings from the environment. */
export function poolSettings(env: NodeJS.ProcessEnv = process.env): { capBytes: number; poison: boolean } {
  const defaultMb = Math.floor(os.totalmem() / 4 / (1 << 20));
  return { capBytes: Math.floor(envNumber(env, 'SIMSIAM_CPU_POOL_MB', defaultMb) * (1 << 20)), poison: env.SIMSIAM_CPU_POOL_POISON === '1' };
}

/**
 * The pool of tfjs-backend-cpu's registered backend instance (made on first use, with poolSettings()), or null for
 * other backends and when SIMSIAM_CPU_POOL_MB is 0.
 */
export function outputPool(backend: unknown): OutputPool | null {
  const key = backend as object;
  let pool = pools.get(key);
  if (pool === undefined) {
    const { capBytes, poison } = poolSettings();
    const isCpu = findBackend('cpu') === backend && typeof (backend as CpuBackend).data?.get === 'function';
    pool = isCpu && capBytes > 0 ? new OutputPool(backend as CpuBackend, capBytes, poison) : null;
    pools.set(key, pool);
  }
  return pool;
}
