#include "kernels/MovingAverage.h"

namespace simsiam {

// Per-channel statistics: short arrays, one thread.
void movingAverageCpu(const float* current, const float* value, int64_t n, float decay, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] = movingAverageStep(current[i], value[i], decay);
}

}  // namespace simsiam
