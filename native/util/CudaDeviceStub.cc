// CPU-only build: no CUDA compiled in.
#include "util/CudaDevice.h"

namespace simsiam {

CudaReport queryCuda() {
  CudaReport r;
  r.reason = "the addon was built without CUDA (no nvcc found, or SIMSIAM_CUDA=OFF)";
  return r;
}
std::string cudaErrorText(int code) { return code == kCudaNotCompiled ? "CUDA support not compiled" : "unknown"; }
int lossOnDevice(const LossPairs&, int64_t, int64_t, float*) { return kCudaNotCompiled; }
int augmentOnDevice(const ImageRef*, const ViewParams*, int64_t, const AugmentConfig&, float*) {
  return kCudaNotCompiled;
}
int benchLossOnDevice(int, int64_t, int64_t, int, double*) { return kCudaNotCompiled; }
int benchAugmentOnDevice(const ImageRef*, const ViewParams*, int64_t, const AugmentConfig&, int, double*) {
  return kCudaNotCompiled;
}

}  // namespace simsiam
