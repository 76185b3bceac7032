// CUDA runtime types for the emulator: vector types, dim3, error codes and
// the enums/structs of the runtime API subset. Numeric values are the real
// ones (driver_types.h of CUDA 13), so codes that cross into JS match a GPU.
#pragma once
#include <cstddef>
#include <cstdint>

// ---- vector types (alignment as in vector_types.h) ------------------------
#define SIMSIAM_EMU_VEC(T, N, A, ...) \
  struct alignas(A) T##N { __VA_ARGS__ };
#define SIMSIAM_EMU_VEC_ALL(T, S)                \
  SIMSIAM_EMU_VEC(T, 1, sizeof(S), S x;)         \
  SIMSIAM_EMU_VEC(T, 2, 2 * sizeof(S), S x, y;)  \
  struct T##3 { S x, y, z; };                    \
  SIMSIAM_EMU_VEC(T, 4, 4 * sizeof(S) > 16 ? 16 : 4 * sizeof(S), S x, y, z, w;)

SIMSIAM_EMU_VEC_ALL(char, signed char)
SIMSIAM_EMU_VEC_ALL(uchar, unsigned char)
SIMSIAM_EMU_VEC_ALL(short, short)
SIMSIAM_EMU_VEC_ALL(ushort, unsigned short)
SIMSIAM_EMU_VEC_ALL(int, int)
SIMSIAM_EMU_VEC_ALL(uint, unsigned int)
SIMSIAM_EMU_VEC_ALL(long, long)
SIMSIAM_EMU_VEC_ALL(ulong, unsigned long)
SIMSIAM_EMU_VEC_ALL(longlong, long long)
SIMSIAM_EMU_VEC_ALL(ulonglong, unsigned long long)
SIMSIAM_EMU_VEC_ALL(float, float)
SIMSIAM_EMU_VEC_ALL(double, double)
#undef SIMSIAM_EMU_VEC_ALL
#undef SIMSIAM_EMU_VEC

#define SIMSIAM_EMU_MAKE(T, S)                                                                        \
  inline T##1 make_##T##1(S x) { return T##1{x}; }                                                    \
  inline T##2 make_##T##2(S x, S y) { return T##2{x, y}; }                                            \
  inline T##3 make_##T##3(S x, S y, S z) { return T##3{x, y, z}; }                                    \
  inline T##4 make_##T##4(S x, S y, S z, S w) { return T##4{x, y, z, w}; }
SIMSIAM_EMU_MAKE(char, signed char)
SIMSIAM_EMU_MAKE(uchar, unsigned char)
SIMSIAM_EMU_MAKE(short, short)
SIMSIAM_EMU_MAKE(ushort, unsigned short)
SIMSIAM_EMU_MAKE(int, int)
SIMSIAM_EMU_MAKE(uint, unsigned int)
SIMSIAM_EMU_MAKE(long, long)
SIMSIAM_EMU_MAKE(ulong, unsigned long)
SIMSIAM_EMU_MAKE(longlong, long long)
SIMSIAM_EMU_MAKE(ulonglong, unsigned long long)
SIMSIAM_EMU_MAKE(float, float)
SIMSIAM_EMU_MAKE(double, double)
#undef SIMSIAM_EMU_MAKE

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

// ---- errors -----------------------------------------------------------------
enum cudaError {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInitializationError = 3,
  cudaErrorCudartUnloading = 4,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidPitchValue = 12,
  cudaErrorInvalidSymbol = 13,
  cudaErrorInvalidDevicePointer = 17,
  cudaErrorInvalidMemcpyDirection = 21,
  cudaErrorInsufficientDriver = 35,
  cudaErrorMissingConfiguration = 52,
  cudaErrorInvalidDeviceFunction = 98,
  cudaErrorNoDevice = 100,
  cudaErrorInvalidDevice = 101,
  cudaErrorInvalidResourceHandle = 400,
  cudaErrorNotReady = 600,
  cudaErrorIllegalAddress = 700,
  cudaErrorLaunchOutOfResources = 701,
  cudaErrorLaunchTimeout = 702,
  cudaErrorAssert = 710,
  cudaErrorLaunchFailure = 719,
  cudaErrorNotPermitted = 800,
  cudaErrorNotSupported = 801,
  cudaErrorUnknown = 999,
};
typedef enum cudaError cudaError_t;

// ---- handles (opaque; the runtime owns the objects) -------------------------
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;
typedef struct CUmemPoolHandle_st* cudaMemPool_t;

#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#define cudaEventDefault 0x00
#define cudaEventBlockingSync 0x01
#define cudaEventDisableTiming 0x02
#define cudaHostAllocDefault 0x00
#define cudaStreamLegacy ((cudaStream_t)0x1)
#define cudaStreamPerThread ((cudaStream_t)0x2)

enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
};

enum cudaFuncAttribute {
  cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
  cudaFuncAttributePreferredSharedMemoryCarveout = 9,
};

enum cudaDeviceAttr {
  cudaDevAttrMaxThreadsPerBlock = 1,
  cudaDevAttrMaxBlockDimX = 2,
  cudaDevAttrMaxBlockDimY = 3,
  cudaDevAttrMaxBlockDimZ = 4,
  cudaDevAttrMaxGridDimX = 5,
  cudaDevAttrMaxGridDimY = 6,
  cudaDevAttrMaxGridDimZ = 7,
  cudaDevAttrMaxSharedMemoryPerBlock = 8,
  cudaDevAttrWarpSize = 10,
  cudaDevAttrClockRate = 13,
  cudaDevAttrMultiProcessorCount = 16,
  cudaDevAttrL2CacheSize = 38,
  cudaDevAttrMaxThreadsPerMultiProcessor = 39,
  cudaDevAttrComputeCapabilityMajor = 75,
  cudaDevAttrComputeCapabilityMinor = 76,
  cudaDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
};

enum cudaMemPoolAttr {
  cudaMemPoolReuseFollowEventDependencies = 0x1,
  cudaMemPoolReuseAllowOpportunistic = 0x2,
  cudaMemPoolReuseAllowInternalDependencies = 0x3,
  cudaMemPoolAttrReleaseThreshold = 0x4,
  cudaMemPoolAttrReservedMemCurrent = 0x5,
  cudaMemPoolAttrReservedMemHigh = 0x6,
  cudaMemPoolAttrUsedMemCurrent = 0x7,
  cudaMemPoolAttrUsedMemHigh = 0x8,
};

// The fields a caller may read; values describe the emulated device.
struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  int clockRate;
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  int deviceOverlap;
  int multiProcessorCount;
  int integrated;
  int canMapHostMemory;
  int concurrentKernels;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryClockRate;
  int memoryBusWidth;
  int l2CacheSize;
  int maxThreadsPerMultiProcessor;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  size_t sharedMemPerBlockOptin;
  int memoryPoolsSupported;
};
