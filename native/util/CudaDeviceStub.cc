// CPU-only build: no CUDA compiled in.
#include "util/CudaDevice.h"

namespace simsiam {

CudaReport queryCuda() {
  CudaReport r;
  r.reason = "the addon was built without CUDA (no nvcc found, or SIMSIAM_CUDA=OFF)";
  return r;
}
std::string cudaErrorText(int code) { return code == kCudaNotCompiled ? "CUDA support not compiled" : "unknown"; }

}  // namespace simsiam
