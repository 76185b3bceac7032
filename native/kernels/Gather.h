// GatherV2 of tfjs, on any 4-byte (float32, int32) or 1-byte (bool) element:
// x viewed as [batch, outer, dim, slice], indices as [batch, count] (int32),
// y [batch, outer, count, slice] with y[b, o, c, s] = x[b, o, indices[b, c], s].
// An index outside [0, dim) gives zeros (tfjs-backend-cpu throws before it
// gets here; the device cannot check without a sync, so it does what
// TensorFlow's GPU kernel does). CPU reference: Gather.cc; CUDA: Gather.cu.
#pragma once
#include <cstdint>

namespace simsiam {

struct GatherShape {
  int64_t batch, outer, dim, slice, count;
};

// elementBytes: 1 or 4.
void gatherCpu(int elementBytes, const GatherShape& s, const void* x, const int32_t* indices, void* y);
int gatherCuda(int elementBytes, const GatherShape& s, const void* x, const int32_t* indices, void* y, void* stream);

}  // namespace simsiam
