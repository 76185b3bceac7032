// Host side of a launch: the checks a GPU makes when a kernel is launched
// (an error from cudaGetLastError, not sticky), then the launch is enqueued.
#include "Runtime.h"

namespace simsiam_emu {
namespace detail {

void enqueueLaunch(const LaunchDesc& d) {
  SIMSIAM_EMU_IGNORE;
  const dim3 g = d.config.grid, b = d.config.block;
  const unsigned long long threads = 1ull * b.x * b.y * b.z;
  std::string why;
  cudaError_t err = cudaErrorInvalidConfiguration;
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z) {
    why = "a grid or block dimension is 0";
  } else if (threads > 1024) {
    why = strf("%llu threads per block (block %ux%ux%u), more than 1024", threads, b.x, b.y, b.z);
  } else if (b.x > 1024 || b.y > 1024 || b.z > 64) {
    why = strf("block %ux%ux%u exceeds the limits 1024x1024x64", b.x, b.y, b.z);
  } else if (g.x > 2147483647u || g.y > 65535 || g.z > 65535) {
    why = strf("grid %ux%ux%u exceeds the limits (2^31-1)x65535x65535", g.x, g.y, g.z);
  } else {
    const int raised = maxDynamicShared(d.kernel);
    const size_t limit = raised ? static_cast<size_t>(raised) : size_t{48} << 10;
    if (d.config.shared > limit) {
      why = strf("%zu bytes of dynamic shared memory, more than the %zu allowed%s", d.config.shared, limit,
                 raised ? "" : " (raise it with cudaFuncSetAttribute(MaxDynamicSharedMemorySize))");
      err = cudaErrorInvalidValue;
    }
  }
  if (!why.empty()) {
    refuse("launch of %s at %s:%d refused (%s): %s", d.name, d.file, d.line, cudaGetErrorName(err), why.c_str());
    setLastError(err);
    d.destroy(d.args);
    return;
  }
  const LaunchDesc copy = d;
  enqueue(d.config.stream, [copy] { runLaunch(copy); });
}

}  // namespace detail
}  // namespace simsiam_emu
