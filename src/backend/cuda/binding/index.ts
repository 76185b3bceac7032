// The device side of the addon (native.device, native/binding/device/*.cc):
// buffers are ids into the device's table; kernels take ids and write into
// outputs the TS side allocated. One interface per kernel family; loaded
// through src/native.ts like the rest of the addon.
import type { DeviceMemoryBinding } from './memory.js';
import type { ElementwiseDeviceBinding } from './elementwise.js';
import type { FusedDeviceBinding } from './fused.js';
import type { LinalgDeviceBinding } from './linalg.js';
import type { MovementDeviceBinding } from './movement.js';
import type { ReductionDeviceBinding } from './reduction.js';

export type { DeviceMemoryInfo, DeviceMode } from './memory.js';

export interface DeviceBinding extends DeviceMemoryBinding, ElementwiseDeviceBinding, ReductionDeviceBinding,
  MovementDeviceBinding, LinalgDeviceBinding, FusedDeviceBinding {}
