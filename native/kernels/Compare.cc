#include "kernels/Compare.h"

#include <algorithm>

namespace simsiam {
namespace {

// Odometer over the collapsed broadcast (ElementwiseOps.h), one inner run at
// a time; on the calling thread (see MovementOps.h).
template <class Op, typename T>
void run(const BroadcastPlan& p, const T* a, const T* b, uint8_t* y) {
  const int last = p.rank - 1;
  const int64_t total = shapeSize(p.size, p.rank);
  int64_t idx[kMaxRank] = {}, ao = 0, bo = 0;
  const int64_t n = p.size[last], sa = p.aStride[last], sb = p.bStride[last];
  for (int64_t i = 0; i < total;) {
    for (int64_t j = 0; j < n; ++j) y[i + j] = Op::f(a[ao + j * sa], b[bo + j * sb]);
    i += n;
    ao += n * sa;
    bo += n * sb;
    idx[last] = n;
    for (int d = last; d > 0 && idx[d] == p.size[d]; --d) {
      ao += p.aStride[d - 1] - idx[d] * p.aStride[d];
      bo += p.bStride[d - 1] - idx[d] * p.bStride[d];
      idx[d] = 0;
      ++idx[d - 1];
    }
  }
}

}  // namespace

void compareCpu(CompareOp op, ElementType type, const BroadcastShapes& s, const void* a, const void* b, uint8_t* y) {
  if (shapeSize(s.out, s.rank) == 0) return;
  const BroadcastPlan p = collapseBroadcast(s);
  withCompareOp(op, [&](auto o) {
    withElementType(static_cast<int>(type), [&](auto t) {
      using T = decltype(t);
      run<decltype(o), T>(p, static_cast<const T*>(a), static_cast<const T*>(b), y);
    });
  });
}

void logicalNotCpu(const uint8_t* x, uint8_t* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] ? 0 : 1;
}

}  // namespace simsiam
