// Compiled once per CPU path (util/CpuDispatch.h).
#include "kernels/Reduce.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

// Rows of R x I blocks are reduced in chunks of about this many elements
// (and at least kMinChunkRows rows, which bounds the partial results to a
// small fraction of the input): a chunk is the unit of work of a thread, and
// chunk boundaries depend on the shape only, so partial results always
// combine in the same order.
constexpr int64_t kChunk = int64_t{1} << 15;
constexpr int64_t kMinChunkRows = 64;
// Blocks with fewer outer rows than this split the reduced rows into chunks.
constexpr int64_t kSplitBelowOuter = 16;
// Inner sizes from this on are split into column blocks instead.
constexpr int64_t kColumnBlock = 2048;
// Sums over short rows use a period of at least this many doubles.
constexpr int64_t kWide = 128;

// Sum of n contiguous floats: 32 double lanes, folded pairwise.
double sumContiguous(const float* x, int64_t n) {
  if (n < 64) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += x[i];
    return s;
  }
  double lanes[32] = {};
  int64_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (int j = 0; j < 32; ++j) lanes[j] += x[i + j];
  for (int j = 0; i + j < n; ++j) lanes[j] += x[i + j];
  for (int w = 16; w >= 1; w /= 2)
    for (int j = 0; j < w; ++j) lanes[j] += lanes[j + w];
  return lanes[0];
}

struct SumPolicy {
  using Acc = double;
  static Acc identity() { return 0; }
  static Acc combine(Acc a, Acc b) { return a + b; }

  // out[i] = sum over r < rows of x[r * ld + i], for i < I.
  static void rows(const float* x, int64_t rows, int64_t I, int64_t ld, Acc* out) {
    if (I == 1 && ld == 1) {
      out[0] = sumContiguous(x, rows);
      return;
    }
    std::fill(out, out + I, 0.0);
    int64_t r = 0;
    if (ld == I && I < kWide && rows > 1) {
      // Short rows (per-channel sums of NHWC): k rows at a time as one long
      // row of L = k * I, folded back to I at the end.
      const int64_t k = std::min(rows, (kWide + I - 1) / I), L = k * I;
      double wide[2 * kWide] = {};
      for (; r + k <= rows; r += k) {
        const float* block = x + r * I;
        for (int64_t j = 0; j < L; ++j) wide[j] += block[j];
      }
      for (int64_t s = 0; s < k; ++s)
        for (int64_t i = 0; i < I; ++i) out[i] += wide[s * I + i];
    }
    for (; r < rows; ++r) {
      const float* row = x + r * ld;
      for (int64_t i = 0; i < I; ++i) out[i] += row[i];
    }
  }
};

// tfjs's max: m = first; for each v: if (isNaN(v) || v > m) m = v. Starting
// from -inf instead of the first element gives the same value (a NaN sticks,
// and ties keep the earlier element, so -0 vs +0 comes out as tfjs's), and
// folding partial results of consecutive runs in order is the same fold.
struct MaxPolicy {
  using Acc = float;
  static Acc identity() { return -std::numeric_limits<float>::infinity(); }
  static Acc combine(Acc m, Acc v) { return (v > m || v != v) ? v : m; }
  static void rows(const float* x, int64_t rows, int64_t I, int64_t ld, Acc* out) {
    std::fill(out, out + I, identity());
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = x + r * ld;
      for (int64_t i = 0; i < I; ++i) out[i] = combine(out[i], row[i]);
    }
  }
};

struct MinPolicy {
  using Acc = float;
  static Acc identity() { return std::numeric_limits<float>::infinity(); }
  static Acc combine(Acc m, Acc v) { return (v < m || v != v) ? v : m; }
  static void rows(const float* x, int64_t rows, int64_t I, int64_t ld, Acc* out) {
    std::fill(out, out + I, identity());
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = x + r * ld;
      for (int64_t i = 0; i < I; ++i) out[i] = combine(out[i], row[i]);
    }
  }
};

// Reduces x [O, R, I] over R; emit(o * I + i, value) once per output.
template <class P, class Emit>
void reduceBlock(const float* x, int64_t O, int64_t R, int64_t I, const Emit& emit) {
  using Acc = typename P::Acc;
  const int64_t chunkRows = std::max<int64_t>(kMinChunkRows, kChunk / I);
  const int64_t chunks = (R + chunkRows - 1) / chunkRows;
  if (chunks == 1 || O >= kSplitBelowOuter) {
    // Whole blocks per task.
    parallelFor(O, std::max<int64_t>(1, kChunk / std::max<int64_t>(1, R * I)), [&](int64_t o0, int64_t o1) {
      std::vector<Acc> acc(I);
      for (int64_t o = o0; o < o1; ++o) {
        P::rows(x + o * R * I, R, I, I, acc.data());
        for (int64_t i = 0; i < I; ++i) emit(o * I + i, acc[i]);
      }
    });
  } else if (I >= 2 * kColumnBlock) {
    // Wide rows: blocks of columns per task, all rows each.
    const int64_t blocks = (I + kColumnBlock - 1) / kColumnBlock;
    parallelFor(O * blocks, 1, [&](int64_t t0, int64_t t1) {
      std::vector<Acc> acc(kColumnBlock);
      for (int64_t t = t0; t < t1; ++t) {
        const int64_t o = t / blocks, i0 = (t % blocks) * kColumnBlock, w = std::min(kColumnBlock, I - i0);
        P::rows(x + o * R * I + i0, R, w, I, acc.data());
        for (int64_t i = 0; i < w; ++i) emit(o * I + i0 + i, acc[i]);
      }
    });
  } else {
    // Few long columns (per-channel sums): chunks of rows per task, partial
    // results combined in chunk order.
    std::vector<Acc> partial(static_cast<size_t>(O * chunks * I));
    parallelFor(O * chunks, 1, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; ++t) {
        const int64_t o = t / chunks, r0 = (t % chunks) * chunkRows, n = std::min(chunkRows, R - r0);
        P::rows(x + (o * R + r0) * I, n, I, I, partial.data() + t * I);
      }
    });
    for (int64_t o = 0; o < O; ++o)
      for (int64_t i = 0; i < I; ++i) {
        Acc v = partial[(o * chunks) * I + i];
        for (int64_t c = 1; c < chunks; ++c) v = P::combine(v, partial[(o * chunks + c) * I + i]);
        emit(o * I + i, v);
      }
  }
}

struct Run {
  int64_t size;
  bool reduced;
};

template <class P, class Finish>
void reduce(const ReduceShape& s, const float* x, float* y, const Finish& finish) {
  using Acc = typename P::Acc;
  // Adjacent dimensions of the same kind merged, size-1 dimensions dropped.
  std::vector<Run> runs;
  for (int d = 0; d < s.rank; ++d) {
    if (s.dims[d] == 1) continue;
    if (!runs.empty() && runs.back().reduced == s.reduced[d])
      runs.back().size *= s.dims[d];
    else
      runs.push_back({s.dims[d], s.reduced[d]});
  }
  // The innermost [O, R, I] block; the runs before it (ending with a reduced
  // one) repeat it.
  auto take = [&](bool reduced) -> int64_t {
    if (runs.empty() || runs.back().reduced != reduced) return 1;
    const int64_t n = runs.back().size;
    runs.pop_back();
    return n;
  };
  const int64_t I = take(false), R = take(true), O = take(false);
  if (runs.empty()) {
    reduceBlock<P>(x, O, R, I, [&](int64_t j, Acc v) { y[j] = finish(v); });
    return;
  }
  // Outer runs: an odometer over them, accumulating each block's results.
  const int n = static_cast<int>(runs.size());
  std::vector<int64_t> xStep(n), yStep(n), idx(n, 0);
  int64_t xBlock = O * R * I, yBlock = O * I, outSize = yBlock;
  for (int d = n - 1; d >= 0; --d) {
    xStep[d] = xBlock;
    yStep[d] = runs[d].reduced ? 0 : outSize;
    xBlock *= runs[d].size;
    if (!runs[d].reduced) outSize *= runs[d].size;
  }
  std::vector<Acc> acc(static_cast<size_t>(outSize), P::identity());
  for (int64_t xOff = 0, yOff = 0;;) {
    Acc* out = acc.data() + yOff;
    reduceBlock<P>(x + xOff, O, R, I, [&](int64_t j, Acc v) { out[j] = P::combine(out[j], v); });
    int d = n - 1;
    for (; d >= 0; --d) {
      xOff += xStep[d];
      yOff += yStep[d];
      if (++idx[d] < runs[d].size) break;
      xOff -= xStep[d] * runs[d].size;
      yOff -= yStep[d] * runs[d].size;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  for (int64_t j = 0; j < outSize; ++j) y[j] = finish(acc[j]);
}

}  // namespace

void reduceCpu(ReduceOp op, const ReduceShape& s, const float* x, float* y) {
  if (shapeSize(s.dims, s.rank) == 0) return;
  int64_t count = 1;  // elements per output
  for (int d = 0; d < s.rank; ++d)
    if (s.reduced[d]) count *= s.dims[d];
  switch (op) {
    case ReduceOp::kSum: return reduce<SumPolicy>(s, x, y, [](double v) { return static_cast<float>(v); });
    case ReduceOp::kMean: {
      const double n = static_cast<double>(count);
      return reduce<SumPolicy>(s, x, y, [n](double v) { return static_cast<float>(v / n); });
    }
    case ReduceOp::kMax: return reduce<MaxPolicy>(s, x, y, [](float v) { return v; });
    case ReduceOp::kMin: return reduce<MinPolicy>(s, x, y, [](float v) { return v; });
    case ReduceOp::kCount: break;
  }
}

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(reduceCpu)

void reduceCpu(ReduceOp op, const ReduceShape& s, const float* x, float* y) {
  SIMSIAM_CPU_PICK(reduceCpu)(op, s, x, y);
}
#endif

}  // namespace simsiam
