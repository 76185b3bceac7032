// native.device's buffers and transfers: buffers are ids into the device's
// table, allocated by the TS side and passed to the kernels.

export interface DeviceMemoryInfo {
  /** Bytes held by live buffers (tensors). */
  bytesInUse: number;
  buffers: number;
  /** Bytes the stream-ordered pool holds from the driver (CUDA); bytesInUse on the host device. */
  poolBytes: number;
  /** Device memory free / total (CUDA only; 0 on the host device). */
  freeBytes: number;
  totalBytes: number;
}

export type DeviceMode = 'cuda' | 'host';

export interface DeviceMemoryBinding {
  /** Selects the device once per process; returns its name. */
  init(mode: DeviceMode, index: number): string;
  name(): string | null;
  /** A buffer of `bytes` from the pool; `kernel` names the caller in an out-of-memory error. */
  alloc(bytes: number, kernel: string): number;
  release(id: number): void;
  upload(id: number, values: ArrayBufferView): void;
  /** Blocks until the buffer's pending work is done. */
  download(id: number, values: ArrayBufferView): void;
  /** Resolves once `values` holds the buffer; waits off the JS thread. */
  read(id: number, values: ArrayBufferView): Promise<void>;
  copy(dst: number, src: number, bytes: number): void;
  /** Repeats `value` (1, 4 or 8 bytes) count times. */
  fill(id: number, value: ArrayBufferView, count: number): void;
  memory(): DeviceMemoryInfo;
  synchronize(): void;
  /** The message a launch failing with CUDA error `code` in `kernel` throws (null for 0). */
  errorText(code: number, kernel: string): string | null;
}
