// Select (condition, t, e of one shape, t and e of one dtype), AddN
// (float32 / int32) and ClipByValue (float32) (native/kernels/
// Select.{cc,cu}); other cases run on the host.
import { util, type ClipByValueAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType, onDevice } from './movement_codes.js';

export const selectKernels: KernelConfig[] = [
  cudaKernel('Select', (args) => {
    const { condition, t, e } = args.inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
    if (condition.dtype !== 'bool' || t.dtype !== e.dtype || !onDevice(t) ||
      !util.arraysEqual(condition.shape, t.shape) || !util.arraysEqual(e.shape, t.shape)) return runOnHost('Select', args);
    const { backend } = args;
    const y = backend.makeOutput(t.shape, t.dtype, 'Select');
    const n = sizeOf(t.shape);
    if (n > 0) {
      native.device.select(backend.bufferOf(condition), backend.bufferOf(t), backend.bufferOf(e), backend.bufferOf(y), n,
        bytesPerElement(t.dtype));
    }
    return y;
  }),

  cudaKernel('AddN', (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const { dtype, shape } = inputs[0];
    if ((dtype !== 'float32' && dtype !== 'int32') ||
      inputs.some((t) => t.dtype !== dtype || !util.arraysEqual(t.shape, shape))) return runOnHost('AddN', args);
    const { backend } = args;
    const y = backend.makeOutput(shape, dtype, 'AddN');
    const n = sizeOf(shape);
    if (n > 0) native.device.addN(ElementType[dtype]!, inputs.map((t) => backend.bufferOf(t)), backend.bufferOf(y), n);
    return y;
  }),

  cudaKernel('ClipByValue', (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return runOnHost('ClipByValue', args);
    const { clipValueMin, clipValueMax } = args.attrs as unknown as ClipByValueAttrs;
    const { backend } = args;
    const y = backend.makeOutput(x.shape, 'float32', 'ClipByValue');
    const n = sizeOf(x.shape);
    if (n > 0) native.device.clipByValue(backend.bufferOf(x), backend.bufferOf(y), n, clipValueMin, clipValueMax);
    return y;
  }),
];
