// Whether the addon's CUDA code runs on a device: the architectures it was
// compiled for (nativeInfo().build.cudaArchitectures, CMake's
// SIMSIAM_CUDA_ARCHS entries) against the device's compute capability.
//   "75-real"     SASS for sm_75: runs on 7.x devices with x >= 5
//   "90-virtual"  PTX for compute_90: the driver JIT-compiles it for any device >= 9.0
//   "90"          both
//   "90a-real"    architecture-specific SASS (and "90a" PTX): exactly 9.0
//   "100f-real"   family SASS/PTX: 10.x devices with x >= 0, no later major
// Entries this cannot judge ("emu", CMake's "native", "all", "all-major")
// give no verdict: the device is not refused.

export interface ComputeCapability {
  major: number;
  minor: number;
}

export interface CudaTarget {
  arch: ComputeCapability;
  sass: boolean;
  ptx: boolean;
  /** 'a': architecture-specific (that capability only), 'f': family-specific (that major only). */
  variant: 'a' | 'f' | null;
}

const order = (c: ComputeCapability) => c.major * 10 + c.minor;
const smName = (c: ComputeCapability) => `sm_${c.major}${c.minor}`;

/** "8.6" -> { major: 8, minor: 6 }; null for anything else. */
export function parseCapability(text: string): ComputeCapability | null {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

/** The build's targets, or null when an entry is not an architecture number (no verdict). */
export function parseCudaArchitectures(entries: readonly string[]): CudaTarget[] | null {
  const targets: CudaTarget[] = [];
  for (const entry of entries) {
    const m = /^(\d{2,3})([af]?)(?:-(real|virtual))?$/.exec(entry.trim());
    if (!m) return null;
    const n = Number(m[1]);
    targets.push({
      arch: { major: Math.floor(n / 10), minor: n % 10 },
      sass: m[3] !== 'virtual',
      ptx: m[3] !== 'real',
      variant: (m[2] || null) as CudaTarget['variant'],
    });
  }
  return targets.length > 0 ? targets : null;
}

/** Whether one target's code runs on the device (SASS as it is, PTX after the driver's JIT). */
export function targetRuns(t: CudaTarget, device: ComputeCapability): boolean {
  if (t.variant === 'a') return order(device) === order(t.arch);
  const sameMajor = device.major === t.arch.major && device.minor >= t.arch.minor;
  if (t.sass && sameMajor) return true;
  if (!t.ptx) return false;
  return t.variant === 'f' ? sameMajor : order(device) >= order(t.arch);
}

export interface DeviceToCheck {
  index: number;
  name: string;
  /** "major.minor", as nativeInfo().devices[i].computeCapability. */
  computeCapability: string;
}

/**
 * Why the build's CUDA code cannot run on the device (null when some target
 * runs on it, or when the architectures or the capability cannot be judged).
 */
export function unsupportedDeviceReason(device: DeviceToCheck, architectures: readonly string[]): string | null {
  const cap = parseCapability(device.computeCapability);
  const targets = parseCudaArchitectures(architectures);
  if (!cap || !targets || targets.some((t) => targetRuns(t, cap))) return null;
  const gpu = `GPU ${device.index} (${device.name}, compute ${device.computeCapability})`;
  const fix = `rebuild with SIMSIAM_CUDA_ARCHS=${cap.major}${cap.minor} or use the CPU`;
  const oldest = targets.reduce((a, b) => (order(b.arch) < order(a.arch) ? b : a)).arch;
  if (order(cap) < order(oldest)) return `${gpu} is older than this build's oldest architecture ${smName(oldest)}; ${fix}`;
  const names = [...new Set(targets.map((t) => `${t.ptx && !t.sass ? 'compute' : 'sm'}_${t.arch.major}${t.arch.minor}${t.variant ?? ''}`))];
  const ptx = targets.some((t) => t.ptx) ? 'no PTX it can JIT' : 'no PTX';
  return `${gpu} has no code in this build (${names.join(', ')}; ${ptx}); ${fix}`;
}
