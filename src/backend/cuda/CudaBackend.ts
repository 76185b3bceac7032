// The `cuda` tfjs backend: tensors live in device buffers (native.device);
// kernels (./kernels/) enqueue work on one stream and return at once; reads
// resolve without blocking the event loop. On the host reference device the
// same backend runs every kernel's C++ CPU reference (CI, no GPU).
import {
  DataStorage, KernelBackend, engine,
  type BackendTimingInfo, type BackendValues, type DataId, type DataType, type TensorInfo,
} from '@tensorflow/tfjs-core';
import { native, type DeviceMemoryInfo } from '../../native/index.js';
import { sizeOf } from '../../kernels/shared/shape_args.js';

export interface DeviceTensorData {
  /** Buffer id on the device; 0 while the values written from the host have not been needed by a kernel. */
  id: number;
  /**
   * Values written from the host, uploaded when a kernel first uses the tensor: the zeros the engine makes for
   * unused gradients and other tensors that are only read back or disposed never cross to the device.
   */
  host: Float32Array | Int32Array | Uint8Array | null;
  dtype: DataType;
  size: number;
  refCount: number;
}

const BYTES: Partial<Record<DataType, number>> = { float32: 4, int32: 4, bool: 1 };

export function bytesPerElement(dtype: DataType): number {
  const b = BYTES[dtype];
  if (b === undefined) throw new Error(`cuda backend: ${dtype} tensors are not supported (float32, int32 and bool are)`);
  return b;
}

function emptyArray(dtype: DataType, size: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

/** values as the typed array the device stores for dtype. */
function deviceArray(values: BackendValues, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  if (dtype === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  if (dtype === 'bool') return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  throw new Error(`cuda backend: ${dtype} tensors are not supported (float32, int32 and bool are)`);
}

export class CudaBackend extends KernelBackend {
  readonly data: DataStorage<DeviceTensorData>;
  readonly deviceName: string;
  private nextDataId = 0;

  constructor(deviceName: string) {
    super();
    this.deviceName = deviceName;
    this.data = new DataStorage<DeviceTensorData>(this, engine());
  }

  /** A new buffer of size values of dtype, registered under a fresh dataId. */
  private register(size: number, dtype: DataType, kernel: string, dataId: DataId = { id: this.nextDataId++ },
    refCount = 1): DataId {
    const id = native.device.alloc(size * bytesPerElement(dtype), kernel);
    this.data.set(dataId, { id, host: null, dtype, size, refCount });
    return dataId;
  }

  /** Host values under dataId, uploaded on first use by a kernel (bufferOf). */
  private registerHost(values: BackendValues, shape: number[], dtype: DataType, dataId: DataId, refCount: number): void {
    const host = deviceArray(values, dtype);
    bytesPerElement(dtype);  // rejects unsupported dtypes now, not at first use
    this.data.set(dataId, { id: 0, host, dtype, size: sizeOf(shape), refCount });
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    if (values == null) return this.register(sizeOf(shape), dtype, 'a new tensor');
    const dataId = { id: this.nextDataId++ };
    this.registerHost(values, shape, dtype, dataId, 1);
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    if (values == null) this.register(sizeOf(shape), dtype, 'a moved tensor', dataId, refCount);
    else this.registerHost(values, shape, dtype, dataId, refCount);
  }

  /** An uninitialised output tensor for a kernel to fill. */
  makeOutput(shape: number[], dtype: DataType, kernel: string): TensorInfo {
    return { dataId: this.register(sizeOf(shape), dtype, kernel), shape, dtype };
  }

  /** A tensor holding `values` (small kernel constants, host-computed outputs). */
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo {
    const dataId = this.write(values ?? emptyArray(dtype, sizeOf(shape)), shape, dtype);
    return { dataId, shape, dtype };
  }

  /** The device buffer id of a tensor of this backend (uploading values written from the host). */
  bufferOf(t: TensorInfo): number {
    const d = this.data.get(t.dataId);
    if (d === undefined) throw new Error('cuda backend: a kernel input is not a tensor of this backend (disposed?)');
    if (d.id === 0) {
      d.id = native.device.alloc(d.size * bytesPerElement(d.dtype), 'a tensor written from the host');
      native.device.upload(d.id, d.host!);
      d.host = null;
    }
    return d.id;
  }

  /**
   * True when t's values are still host-side and all zero: the engine's zeros for the gradient of an unused
   * output, which a kernel can take as absent instead of uploading.
   */
  isHostZeros(t: TensorInfo): boolean {
    const host = this.data.get(t.dataId)?.host;
    return host != null && host.every((v) => v === 0);
  }

  override readSync(dataId: DataId): BackendValues {
    const d = this.data.get(dataId)!;
    if (d.host) return d.host.slice();
    const out = emptyArray(d.dtype, d.size);
    native.device.download(d.id, out);
    return out;
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    const d = this.data.get(dataId)!;
    if (d.host) return d.host.slice();
    const out = emptyArray(d.dtype, d.size);
    await native.device.read(d.id, out);
    return out;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const d = this.data.get(dataId);
    if (d === undefined) return true;
    d.refCount--;
    if (!force && d.refCount > 0) return false;
    if (d.id !== 0) native.device.release(d.id);
    this.data.delete(dataId);
    return true;
  }

  disposeIntermediateTensorInfo(t: TensorInfo): void {
    this.disposeData(t.dataId);
  }

  override incRef(dataId: DataId): void {
    const d = this.data.get(dataId);
    if (d) d.refCount++;
  }

  override refCount(dataId: DataId): number {
    return this.data.get(dataId)?.refCount ?? 0;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override memory(): { unreliable: boolean; numBytesInGPU: number; numBytesInGPUAllocated: number; device: DeviceMemoryInfo } {
    const m = native.device.memory();
    return { unreliable: false, numBytesInGPU: m.bytesInUse, numBytesInGPUAllocated: m.poolBytes, device: m };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    native.device.synchronize();
    const start = performance.now();
    f();
    native.device.synchronize();
    const kernelMs = performance.now() - start;
    return { kernelMs };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    // Buffers belong to tensors; the engine disposes those before the backend.
  }
}
