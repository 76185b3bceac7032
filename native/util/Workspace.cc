#include "util/Workspace.h"

#include <cstdlib>
#include <new>

namespace simsiam {
namespace {

class Buffer {
 public:
  ~Buffer() { std::free(data_); }
  float* get(size_t n) {
    if (n > cap_) {
      std::free(data_);
      data_ = static_cast<float*>(std::aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64));
      cap_ = data_ ? n : 0;
      if (!data_) throw std::bad_alloc();
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t cap_ = 0;
};

thread_local Buffer buffers[static_cast<int>(WorkspaceSlot::kCount)];

}  // namespace

float* workspace(WorkspaceSlot slot, size_t floats) { return buffers[static_cast<int>(slot)].get(floats); }

}  // namespace simsiam
