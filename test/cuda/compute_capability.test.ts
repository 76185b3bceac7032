// Whether the addon's CUDA code runs on a device (the registration's check,
// src/backend/cuda/compute_capability.ts): a table of device capabilities
// against compiled architecture lists. Pure; no GPU needed.
import { describe, expect, it } from 'vitest';
import {
  parseCapability, parseCudaArchitectures, unsupportedDeviceReason,
} from '../../src/backend/cuda/compute_capability.js';

const SHIPPED = ['75-real', '80-real', '86-real', '89-real', '90'];
const OLD_DEFAULT = ['80-real', '86-real', '89-real', '90'];

const device = (name: string, computeCapability: string) => ({ index: 0, name, computeCapability });

// [device name, capability, architectures, null (runs) or a pattern of the reason]
const CASES: Array<[string, string, string[], RegExp | null]> = [
  ['Tesla K80', '3.7', SHIPPED, /^GPU 0 \(Tesla K80, compute 3\.7\) is older than this build's oldest architecture sm_75; rebuild with SIMSIAM_CUDA_ARCHS=37 or use the CPU$/],
  ['Tesla P100', '6.0', SHIPPED, /older than this build's oldest architecture sm_75; rebuild with SIMSIAM_CUDA_ARCHS=60 /],
  ['Tesla V100', '7.0', SHIPPED, /compute 7\.0\) is older than .* sm_75/],
  ['Tesla T4', '7.5', SHIPPED, null],
  ['Tesla T4', '7.5', OLD_DEFAULT, /compute 7\.5\) is older than this build's oldest architecture sm_80; rebuild with SIMSIAM_CUDA_ARCHS=75 /],
  ['NVIDIA A100', '8.0', SHIPPED, null],
  ['NVIDIA A10', '8.6', SHIPPED, null],
  ['Jetson AGX Orin', '8.7', SHIPPED, null],                 // sm_86 SASS runs on 8.7
  ['NVIDIA L4', '8.9', SHIPPED, null],
  ['NVIDIA H100', '9.0', SHIPPED, null],
  ['NVIDIA B200', '10.0', SHIPPED, null],                    // compute_90 PTX, JIT-compiled
  ['NVIDIA GeForce RTX 5090', '12.0', SHIPPED, null],
  ['NVIDIA GeForce RTX 3090', '8.6', ['80-real'], null],     // same major, higher minor
  ['NVIDIA A100', '8.0', ['86-real', '75-real'], /^GPU 0 \(NVIDIA A100, compute 8\.0\) has no code in this build \(sm_86, sm_75; no PTX\); rebuild with SIMSIAM_CUDA_ARCHS=80 or use the CPU$/],
  ['NVIDIA B200', '10.0', ['80-real', '90-real'], /has no code in this build \(sm_80, sm_90; no PTX\)/],
  ['NVIDIA A100', '8.0', ['75-virtual'], null],              // PTX JITs forward
  ['NVIDIA A100', '8.0', ['86-virtual'], /older than this build's oldest architecture sm_86/],
  ['NVIDIA H100', '9.0', ['90a-real'], null],
  ['NVIDIA B200', '10.0', ['90a'], /has no code in this build \(sm_90a; no PTX it can JIT\)/],  // 'a' PTX: 9.0 only
  ['NVIDIA B300', '10.3', ['100f-real'], null],
  ['NVIDIA GeForce RTX 5090', '12.0', ['100f'], /has no code/],  // 'f': the 10.x family only
  ['emulated', '8.0', ['emu'], null],                        // no verdict on what is not an architecture
  ['NVIDIA A100', '8.0', ['native'], null],
  ['NVIDIA A100', '8.0', [], null],
  ['odd', 'unknown', SHIPPED, null],
];

describe('compute capability vs the compiled CUDA architectures', () => {
  it.each(CASES)('%s (compute %s) on %j', (name, cap, archs, want) => {
    const got = unsupportedDeviceReason(device(name, cap), archs);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });

  it('parses capabilities and CMake architecture entries', () => {
    expect(parseCapability('8.6')).toEqual({ major: 8, minor: 6 });
    expect(parseCapability('12.0')).toEqual({ major: 12, minor: 0 });
    expect(parseCapability('8')).toBeNull();
    expect(parseCudaArchitectures(['75-real', '90', '90-virtual', '100a-real'])).toEqual([
      { arch: { major: 7, minor: 5 }, sass: true, ptx: false, variant: null },
      { arch: { major: 9, minor: 0 }, sass: true, ptx: true, variant: null },
      { arch: { major: 9, minor: 0 }, sass: false, ptx: true, variant: null },
      { arch: { major: 10, minor: 0 }, sass: true, ptx: false, variant: 'a' },
    ]);
    expect(parseCudaArchitectures(['80-real', 'all'])).toBeNull();
  });
});
