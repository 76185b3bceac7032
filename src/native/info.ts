// What the addon was built with and the CUDA devices it found
// (src/device_info.ts turns this into nativeInfo()).

export interface RawDeviceInfo {
  build: {
    cuda: boolean;
    cudaArchitectures: string[];
    cudaRuntimeVersion: number;
    buildType: string;
    compiler: string;
    napiVersion: number;
    threads: number;
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
