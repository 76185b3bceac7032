// Compiled once per CPU path (util/CpuDispatch.h).
#include "kernels/Unary.h"

#include "kernels/TensorShape.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

template <class Op>
void run(const float* x, float* __restrict y, int64_t n, float alpha) {
  parallelFor(n, kElementwiseGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] = Op::f(x[i], alpha);
  });
}

}  // namespace

void unaryCpu(UnaryOp op, const float* x, float* y, int64_t n, float alpha) {
  withUnaryOp(op, [&](auto f) { run<decltype(f)>(x, y, n, alpha); });
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(unaryCpu)

void unaryCpu(UnaryOp op, const float* x, float* y, int64_t n, float alpha) {
  SIMSIAM_CPU_PICK(unaryCpu)(op, x, y, n, alpha);
}
#endif

}  // namespace simsiam
