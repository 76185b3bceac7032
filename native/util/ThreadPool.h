// A small persistent thread pool for the CPU kernels. One parallel region runs
// at a time (callers serialise on a mutex); the calling thread takes part.
#pragma once
#include <cstdint>
#include <functional>

namespace simsiam {

// Number of worker threads (SIMSIAM_NUM_THREADS, else hardware concurrency).
int numThreads();

// Calls fn(begin, end) on disjoint chunks covering [0, n). Chunks are at least
// `grain` long, so small problems run inline without waking any thread. Inside,
// denormal floats are flushed to zero (see ThreadPool.cc).
void parallelFor(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace simsiam
