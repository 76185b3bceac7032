// cuBLAS and cuDNN, loaded at run time with dlopen (no headers or import
// libraries on the build machines): our own declarations of the few functions
// and enum values the linalg kernels use (from NVIDIA's public API docs),
// found on first use along a fixed search order:
//   1. SIMSIAM_CUBLAS / SIMSIAM_CUDNN: a library file, or a directory holding one
//   2. the plain sonames through the loader path (libcublas.so.13/.12/.11, libcudnn.so.9/.8)
//   3. /usr/local/cuda/lib64, /usr/local/cuda/targets/x86_64-linux/lib, /usr/lib/x86_64-linux-gnu
//   4. Python wheels: site-packages / dist-packages under /usr/lib/python3*,
//      /usr/local/lib/python3*, ~/.local/lib/python3*, $VIRTUAL_ENV, $CONDA_PREFIX,
//      in nvidia/cublas/lib, nvidia/cudnn/lib, nvidia/cu13/lib (CUDA 13 wheels
//      share it) and torch/lib.
// Plain C++ (handles and streams are void*), so CPU-only builds compile it too;
// there the GPU paths are never reached but libraries() still reports.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace simsiam {
namespace cudalibs {

// The search order above for one library (NCCL, collectives/Nccl.cc, uses it too).
struct LibrarySpec {
  const char* env;                     // SIMSIAM_X: a file, a directory, or none
  std::vector<const char*> sonames;    // in order of preference
  std::vector<const char*> wheelDirs;  // nvidia/<x>/lib under site-packages
  std::vector<const char*> siblings;   // glob patterns (+ the major version) loaded first from the same directory
};
struct OpenedLibrary {
  void* lib = nullptr;  // dlopen handle, RTLD_LOCAL
  std::string path, error;
};
OpenedLibrary openLibrary(const LibrarySpec& spec);

// Status codes and enum values of the public APIs (cublas_api.h, cudnn_*.h).
constexpr int kCublasSuccess = 0;
constexpr int kCublasOpN = 0, kCublasOpT = 1;
constexpr int kCublasDefaultMath = 0, kCublasTf32TensorOpMath = 3;
constexpr int kCudnnSuccess = 0;
constexpr int kCudnnTensorNhwc = 1;
constexpr int kCudnnDataFloat = 0;
constexpr int kCudnnCrossCorrelation = 1;
constexpr int kCudnnDefaultMath = 0, kCudnnFmaMath = 3;

// cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t share this layout.
struct CudnnAlgoPerf {
  int algo;
  int status;
  float time;
  size_t memory;
  int determinism;
  int mathType;
  int reserved[3];
};

struct Cublas {
  int (*create)(void** handle);
  int (*destroy)(void* handle);
  int (*setStream)(void* handle, void* stream);
  int (*setMathMode)(void* handle, int mode);
  int (*getProperty)(int type, int* value);  // 0 major, 1 minor, 2 patch
  int (*sgemmStridedBatched)(void* handle, int transa, int transb, int m, int n, int k, const float* alpha,
                             const float* A, int lda, long long strideA, const float* B, int ldb, long long strideB,
                             const float* beta, float* C, int ldc, long long strideC, int batchCount);
};

struct Cudnn {
  int (*create)(void** handle);
  int (*destroy)(void* handle);
  int (*setStream)(void* handle, void* stream);
  size_t (*getVersion)();
  const char* (*getErrorString)(int status);
  int (*createTensorDescriptor)(void** desc);
  int (*setTensor4dDescriptor)(void* desc, int format, int dataType, int n, int c, int h, int w);
  int (*destroyTensorDescriptor)(void* desc);
  int (*createFilterDescriptor)(void** desc);
  int (*setFilter4dDescriptor)(void* desc, int dataType, int format, int k, int c, int h, int w);
  int (*destroyFilterDescriptor)(void* desc);
  int (*createConvolutionDescriptor)(void** desc);
  int (*setConvolution2dDescriptor)(void* desc, int padH, int padW, int u, int v, int dilationH, int dilationW,
                                    int mode, int computeType);
  int (*setConvolutionMathType)(void* desc, int mathType);
  int (*destroyConvolutionDescriptor)(void* desc);
  int (*getForwardAlgorithm)(void* handle, void* x, void* w, void* conv, void* y, int requested, int* returned,
                             CudnnAlgoPerf* perf);
  int (*getForwardWorkspaceSize)(void* handle, void* x, void* w, void* conv, void* y, int algo, size_t* bytes);
  int (*forward)(void* handle, const void* alpha, void* xDesc, const void* x, void* wDesc, const void* w,
                 void* conv, int algo, void* workspace, size_t workspaceBytes, const void* beta, void* yDesc,
                 void* y);
  int (*getBackwardDataAlgorithm)(void* handle, void* w, void* dy, void* conv, void* dx, int requested,
                                  int* returned, CudnnAlgoPerf* perf);
  int (*getBackwardDataWorkspaceSize)(void* handle, void* w, void* dy, void* conv, void* dx, int algo,
                                      size_t* bytes);
  int (*backwardData)(void* handle, const void* alpha, void* wDesc, const void* w, void* dyDesc, const void* dy,
                      void* conv, int algo, void* workspace, size_t workspaceBytes, const void* beta, void* dxDesc,
                      void* dx);
  int (*getBackwardFilterAlgorithm)(void* handle, void* x, void* dy, void* conv, void* dw, int requested,
                                    int* returned, CudnnAlgoPerf* perf);
  int (*getBackwardFilterWorkspaceSize)(void* handle, void* x, void* dy, void* conv, void* dw, int algo,
                                        size_t* bytes);
  int (*backwardFilter)(void* handle, const void* alpha, void* xDesc, const void* x, void* dyDesc, const void* dy,
                        void* conv, int algo, void* workspace, size_t workspaceBytes, const void* beta,
                        void* dwDesc, void* dw);
};

struct LibraryInfo {
  bool loaded = false;
  std::string path;     // when loaded
  std::string version;  // "12.4.5" (cuBLAS), "9.1.0" (cuDNN)
  std::string error;    // when not: what was tried
};

// Load on first call (once per process; a failure is remembered).
const Cublas* cublas();  // null when not found
const Cudnn* cudnn();
LibraryInfo cublasInfo();
LibraryInfo cudnnInfo();

// The per-process handles, created on first use on the CUDA device and bound
// to device::stream(); the math mode follows tf32(). Null when the library is
// missing or cannot start (then it counts as missing: cublas()/cudnn() return
// null and the info says why). Throw DeviceError on a math-mode failure.
void* cublasHandle();
void* cudnnHandle();

// TF32 tensor-core math for GEMMs (cuBLAS) and convolutions (cuDNN). On by
// default; SIMSIAM_TF32=0 switches it off; setTf32 overrides.
bool tf32();
void setTf32(bool on);

// Throws DeviceError("cuBLAS/cuDNN status N in <kernel>") for status != 0.
void checkCublas(int status, const char* kernel);
void checkCudnn(int status, const char* kernel);

// Test hook: pretend a library is missing (SIMSIAM_CUBLAS=none does the same).
// On the host device, disabling cuDNN also switches its stand-in off
// (LinalgDevice.cc), so CI tests both convolution structures.
void disable(bool cublas, bool cudnn);
bool cudnnDisabled();

}  // namespace cudalibs
}  // namespace simsiam
