// What the addon was built with and the CUDA devices it found
// (src/device_info.ts turns this into nativeInfo()).

/** The CPU kernels' instruction sets: x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA), the x86-64 baseline (SSE2). */
export type CpuPath = 'avx512' | 'avx2' | 'sse2' | 'generic';

export interface RawDeviceInfo {
  build: {
    cuda: boolean;
    cudaArchitectures: string[];
    cudaRuntimeVersion: number;
    buildType: string;
    compiler: string;
    napiVersion: number;
    threads: number;
    /**
     * The CPU kernels' code path, chosen once at load: the best this CPU runs among those compiled in, or
     * a lower one named by SIMSIAM_CPU_PATH. 'generic' on non-x86 builds.
     */
    cpuPath: CpuPath;
    /** The paths this build could take on this CPU, best first (what SIMSIAM_CPU_PATH may name). */
    cpuPaths: CpuPath[];
    /** How the C++ was compiled: 'portable' (x86-64 baseline, the hot kernels also for AVX2 and AVX-512) or the -march (SIMSIAM_MARCH). */
    march: string;
  };
  cuda: {
    driverVersion: number;
    devices: Array<{
      index: number;
      name: string;
      computeCapability: string;
      multiprocessors: number;
      totalMemory: number;
      freeMemory: number;
    }>;
    /** Why no device was found (null when one was). */
    reason: string | null;
  };
}

export interface InfoBinding {
  deviceInfo(): RawDeviceInfo;
}
