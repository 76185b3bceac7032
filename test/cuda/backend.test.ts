// The cuda backend's data management, on the host reference device in CI and
// on the GPU under `npm run test:gpu`: transfers of every dtype, reference
// counts, memory accounting, and the errors a user can meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, cudaBackend, nativeInfo } from '../../src/index.js';
import { NATIVE_KERNELS, cudaKernel } from '../../src/backend/cuda/kernel_utils.js';
import { native } from '../../src/native/index.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();

describe(`cuda backend data (${device} device)`, () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cuda')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('writes and reads float32, int32 and bool, sync and async', async () => {
    const f = tf.tensor([1.5, -2, 3e-8, NaN], [2, 2]);
    const i = tf.tensor([1, -7, 2 ** 31 - 1], [3], 'int32');
    const b = tf.tensor([true, false, true], [3], 'bool');
    expect(Array.from(await f.data())).toEqual([1.5, -2, Math.fround(3e-8), NaN]);
    expect(f.dataSync()).toBeInstanceOf(Float32Array);
    expect(Array.from(i.dataSync())).toEqual([1, -7, 2 ** 31 - 1]);
    expect(i.dataSync()).toBeInstanceOf(Int32Array);
    expect(Array.from(await b.data())).toEqual([1, 0, 1]);
    expect(b.dataSync()).toBeInstanceOf(Uint8Array);
    expect(tf.tensor([], [0, 3]).dataSync()).toHaveLength(0);
    tf.dispose([f, i, b]);
  });

  it('reads resolve without blocking and in order with later writes', async () => {
    const x = tf.tensor1d(Float32Array.from({ length: 1 << 16 }, (_, k) => k));
    const pending = x.data();
    const y = tf.add(x, 1);
    x.dispose();  // the read was enqueued before the release
    const [vx, vy] = await Promise.all([pending, y.data()]);
    expect(vx[65535]).toBe(65535);
    expect(vy[0]).toBe(1);
    y.dispose();
  });

  it('reports device bytes in use and frees them on dispose', () => {
    const backend = cudaBackend()!;
    const before = backend.memory().numBytesInGPU;
    const ids = backend.numDataIds();
    const zeros = tf.zeros([256, 1024]);
    const x = tf.relu(zeros);  // zeros uploads here
    const y = tf.reshape(x, [1024, 256]);  // shares the buffer
    expect(backend.memory().numBytesInGPU - before).toBe(2 * 256 * 1024 * 4);
    expect(backend.numDataIds()).toBe(ids + 2);
    x.dispose();
    expect(backend.numDataIds()).toBe(ids + 2);  // y still holds x's buffer
    y.dispose();
    expect(backend.numDataIds()).toBe(ids + 1);  // the zeros
    expect(backend.memory().numBytesInGPU - before).toBe(256 * 1024 * 4);
    zeros.dispose();
    expect(backend.memory().numBytesInGPU).toBe(before);
    expect(backend.numDataIds()).toBe(ids);
    expect(tf.memory()).toMatchObject({ unreliable: false });
  });

  it('uploads values written from the host only when a kernel needs them', () => {
    const backend = cudaBackend()!;
    const before = backend.memory().numBytesInGPU;
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    expect(backend.memory().numBytesInGPU).toBe(before);  // still on the host
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4]);
    const y = tf.neg(x);  // x uploads here
    expect(backend.memory().numBytesInGPU - before).toBe(2 * 16);
    expect(Array.from(y.dataSync())).toEqual([-1, -2, -3, -4]);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, y]);
    expect(backend.memory().numBytesInGPU).toBe(before);
  });

  it('moves tensors between cpu and cuda', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    await tf.setBackend('cuda');
    const y = tf.mul(x, 2);  // x moves to the device
    expect(Array.from(await y.data())).toEqual([2, 4, 6, 8]);
    await tf.setBackend('cpu');
    expect(Array.from(tf.add(y, 1).dataSync())).toEqual([3, 5, 7, 9]);
    await tf.setBackend('cuda');
    tf.dispose([x, y]);
  });

  it('out of memory names the kernel and the bytes and suggests a smaller batch', () => {
    const backend = cudaBackend()!;
    const held = backend.memory().numBytesInGPU;
    expect(() => backend.makeOutput([2 ** 10, 2 ** 20, 2 ** 8], 'float32', 'Conv2D')).toThrow(
      /^cuda backend: out of memory on .*: Conv2D asked for 1024\.00 GiB \(1099511627776 bytes\).*Try a smaller --batch-size/);
    expect(backend.memory().numBytesInGPU).toBe(held);
  });

  it('a disposed or unknown buffer is an error, not a crash', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const id = cudaBackend()!.bufferOf(x);
    x.dispose();
    expect(() => native.device.unary(0, id, id, 3, 0)).toThrow(`cuda backend: no device buffer ${id} for x (already disposed?)`);
    expect(() => native.device.download(123456, new Float32Array(1))).toThrow('cuda backend: no device buffer 123456 for read (already disposed?)');
    const small = tf.tensor1d([1]);
    const sid = cudaBackend()!.bufferOf(small);
    expect(() => native.device.unary(0, sid, sid, 4, 0)).toThrow('cuda backend: device buffer for x is too small');
    small.dispose();
  });

  it('unsupported dtypes say so', () => {
    expect(() => tf.complex([1], [2])).toThrow('cuda backend: complex64 tensors are not supported (float32, int32 and bool are)');
  });
});

describe('cuda backend error messages', () => {
  it.runIf(nativeInfo().build.cuda)('a failing launch names the CUDA error and the kernel', () => {
    expect(native.device.errorText(2, 'Conv2D')).toBe('cuda backend: CUDA error cudaErrorMemoryAllocation: out of memory in Conv2D');
    expect(native.device.errorText(700, 'MaxPoolGrad')).toBe('cuda backend: CUDA error cudaErrorIllegalAddress: an illegal memory access was encountered in MaxPoolGrad');
    expect(native.device.errorText(0, 'Add')).toBeNull();
  });

  it('a device error inside a kernel gets the tfjs kernel name', () => {
    const k = cudaKernel('SomeKernel', () => { throw new Error('cuda backend: CUDA error cudaErrorLaunchFailure: unspecified launch failure in conv'); });
    expect(() => k.kernelFunc({ inputs: {}, attrs: {}, backend: cudaBackend()! })).toThrow(
      'cuda backend: CUDA error cudaErrorLaunchFailure: unspecified launch failure in conv (kernel SomeKernel)');
    NATIVE_KERNELS.delete('SomeKernel');
  });
});
