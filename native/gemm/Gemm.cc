// Blocked, threaded driver of gemm (see Gemm.h) and the dense-matrix packers;
// compiled once per CPU path (util/CpuDispatch.h), each with its register tile.
#include "gemm/Gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "gemm/MicroKernel.h"
#include "util/Copy.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"
#include "util/Transpose.h"
#include "util/Workspace.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

constexpr int64_t MR = kGemmMR, NR = kGemmNR, KC = kGemmKC, KCS = kGemmKCStride;
constexpr int64_t kMC = 144;  // rows of A packed at a time (a multiple of every MR)
constexpr int64_t kNC = 512;  // columns of the B block kept in L2: KC*NC*4 = 512 KiB

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The narrow panel widths (gemm/MicroKernel.h), widest first.
constexpr int kNarrowCount = static_cast<int>(sizeof(kGemmNarrowNR) / sizeof(kGemmNarrowNR[0]));
static_assert(kNarrowCount == 1 || kNarrowCount == 2, "narrow widths");
constexpr int64_t NW0 = kGemmNarrowNR[0], NWMIN = kGemmNarrowNR[kNarrowCount - 1];
static_assert(NW0 < NR && NWMIN <= NW0 && kNC % NR == 0 && NR % NW0 == 0 && NW0 % NWMIN == 0, "narrow widths");

// Edge tiles (mr < MR or nr < W) go through a full tile on the stack.
template <int64_t W, int64_t RS, int64_t KS>
inline void tile(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t mr, int64_t nr,
                 bool accumulate) {
  if (mr == MR && nr == W) {
    gemm_detail::microKernel<W, RS, KS>(kc, a, b, c, ldc, accumulate);
    return;
  }
  alignas(64) float t[MR * W];
  gemm_detail::microKernel<W, RS, KS>(kc, a, b, t, W, false);
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0.f) + t[r * W + j];
}

// How a block of nc columns is cut into B panels: as many full NR-wide panels
// as fit, then the rest in narrow panels, widest first, the last one padded
// with zero columns (or in one padded full panel where the narrow ones would
// span as many columns). 8 columns take one 8-wide panel instead of a quarter
// of a 32-wide one; 72 take 32 + 32 + 8.
struct Panels {
  int64_t full;       // columns in full panels
  int count;          // narrow panels after them
  int64_t width[4];   // their widths
};

Panels panelsOf(int64_t nc) {
  Panels p{nc / NR * NR, 0, {}};
  int64_t rest = nc - p.full;
  if (rest > NR - NWMIN) {
    p.width[p.count++] = NR;
    return p;
  }
  for (int i = 0; i < kNarrowCount; ++i)
    while (rest >= kGemmNarrowNR[i]) {
      p.width[p.count++] = kGemmNarrowNR[i];
      rest -= kGemmNarrowNR[i];
    }
  if (rest > 0) p.width[p.count++] = NWMIN;
  return p;
}

// The columns that panels of a block of nc columns span, padding included.
int64_t paddedColumns(int64_t nc) {
  const Panels p = panelsOf(nc);
  int64_t n = p.full;
  for (int i = 0; i < p.count; ++i) n += p.width[i];
  return n;
}

struct Range {
  int64_t begin, end;
  int64_t size() const { return end - begin; }
};

// C[rows, cols] (+)= A[rows, depth] * B[depth, cols] on one thread; ep (may
// be null) is applied to each tile after its last depth block, while it is
// still in L1.
template <int64_t RS, int64_t KS>
void runBlock(const GemmA& a, const GemmB& b, Range rows, Range cols, Range depth, float* c, int64_t ldc,
              bool accumulate, const Epilogue* ep) {
  constexpr bool rowMajor = RS != 1;
  float* abuf = workspace(WorkspaceSlot::kGemmPackA, static_cast<size_t>(kMC * KCS));
  float* bbuf = workspace(WorkspaceSlot::kGemmPackB, static_cast<size_t>(kNC * KC));
  for (int64_t jc = cols.begin; jc < cols.end; jc += kNC) {
    const int64_t nc = std::min(kNC, cols.end - jc);
    const Panels panels = panelsOf(nc);
    for (int64_t pc = depth.begin; pc < depth.end; pc += KC) {
      const int64_t kc = std::min(KC, depth.end - pc);
      if (panels.full > 0) b.pack(pc, kc, jc, panels.full, NR, bbuf);
      for (int64_t t = 0, j = panels.full; t < panels.count; j += panels.width[t++])
        b.pack(pc, kc, jc + j, std::min(panels.width[t], nc - j), panels.width[t], bbuf + j * kc);
      const bool acc = accumulate || pc > depth.begin;
      const bool last = pc + kc >= depth.end;
      for (int64_t ic = rows.begin; ic < rows.end; ic += kMC) {
        const int64_t mc = std::min(kMC, rows.end - ic);
        a.pack(ic, mc, pc, kc, abuf);
        for (int64_t ir = 0; ir < mc; ir += MR) {
          const float* ap = abuf + ir * (rowMajor ? KCS : kc);
          const int64_t mr = std::min(MR, mc - ir);
          for (int64_t jr = 0; jr < panels.full; jr += NR) {
            float* ct = c + (ic + ir) * ldc + jc + jr;
            tile<NR, RS, KS>(kc, ap, bbuf + jr * kc, ct, ldc, mr, NR, acc);
            if (last && ep) applyEpilogue(*ep, ct, ldc, mr, NR, jc + jr);
          }
          for (int64_t t = 0, jr = panels.full; t < panels.count; jr += panels.width[t++]) {
            const int64_t nr = std::min(panels.width[t], nc - jr);
            float* ct = c + (ic + ir) * ldc + jc + jr;
            if (panels.width[t] == NR)
              tile<NR, RS, KS>(kc, ap, bbuf + jr * kc, ct, ldc, mr, nr, acc);
            else if (panels.width[t] == NW0)
              tile<NW0, RS, KS>(kc, ap, bbuf + jr * kc, ct, ldc, mr, nr, acc);
            else
              tile<NWMIN, RS, KS>(kc, ap, bbuf + jr * kc, ct, ldc, mr, nr, acc);
            if (last && ep) applyEpilogue(*ep, ct, ldc, mr, nr, jc + jr);
          }
        }
      }
    }
  }
}

void runBlock(const GemmA& a, const GemmB& b, Range rows, Range cols, Range depth, float* c, int64_t ldc,
              bool accumulate, const Epilogue* ep) {
  if (a.layout() == GemmA::Layout::kRowMajor)
    runBlock<KCS, 1>(a, b, rows, cols, depth, c, ldc, accumulate, ep);
  else
    runBlock<1, MR>(a, b, rows, cols, depth, c, ldc, accumulate, ep);
}

// K == 0: the product is zero.
void emptyProduct(int64_t M, int64_t N, float* c, int64_t ldc, bool accumulate, const Epilogue& ep) {
  if (!accumulate)
    for (int64_t i = 0; i < M; ++i) std::fill(c + i * ldc, c + i * ldc + N, 0.f);
  if (!ep.isIdentity()) applyEpilogue(ep, c, ldc, M, N, 0);
}

// How C and the depth are cut into tasks: tm x tn blocks of C, each split
// into tk depth slices (tk > 1 sums private partial products afterwards).
struct Split {
  int64_t rowsPerTask, colsPerTask, depthPerTask;
};

// Picks the split with the least estimated time: the slowest thread's
// multiply-adds plus its packing (A is re-packed for every column block of a
// task, B for every task), plus the reduction of depth slices. Costs are in
// rough cycles: kGemmNR multiply-adds or one packed element per cycle.
// Dynamic scheduling over several tasks per thread absorbs uneven threads.
Split chooseSplit(int64_t M, int64_t N, int64_t K, int threads) {
  const Split serial{M, N, K};
  if (threads <= 1 || static_cast<double>(M) * N * K < 65536) return serial;
  const int64_t tilesM = ceilDiv(M, MR), tilesN = ceilDiv(N, NR), maxTasks = 8 * threads;
  double best = std::numeric_limits<double>::infinity();
  Split pick = serial;
  for (int64_t tm = 1; tm <= std::min(tilesM, maxTasks); ++tm)
    for (int64_t tn = 1; tn <= std::min(tilesN, maxTasks / tm); ++tn)
      for (int64_t tk = 1; tk <= maxTasks / (tm * tn); ++tk) {
        // Depth slices: at least a block each, partial products within 128 MiB.
        if (tk > 1 && (K < tk * KC || (tk - 1) * M * N > (int64_t{1} << 25))) break;
        const int64_t rows = ceilDiv(tilesM, tm) * MR, cols = ceilDiv(tilesN, tn) * NR;
        const int64_t depth = ceilDiv(ceilDiv(K, tk), KC) * KC;
        const int64_t tasks = ceilDiv(M, rows) * ceilDiv(N, cols) * ceilDiv(K, depth);
        // The widest task's columns as its panels span them (narrow panels at the end of N).
        const int64_t spanned = std::min(cols, paddedColumns(N));
        const double task = static_cast<double>(rows) * spanned * depth / kGemmNR +
                            static_cast<double>(rows) * depth * ceilDiv(cols, kNC) +
                            static_cast<double>(depth) * spanned + 20000.0;
        const double reduce = tk > 1 ? static_cast<double>(tk) * M * N / threads : 0.0;
        // Threads do not run at the same speed (other processes share the
        // cores): on average the last task finishes half a task late.
        const double time = (static_cast<double>(ceilDiv(tasks, threads)) + 0.5) * task + reduce;
        if (time < best * 0.98) {  // prefer fewer tasks on near ties
          best = time;
          pick = {std::min(rows, M), std::min(cols, N), std::min(depth, K)};
        }
      }
  return pick;
}

}  // namespace

// MatrixA::pack of A(i, k) = src[i*ld + k], or src[k*ld + i] when transposed.
void packMatrixA(const float* src, int64_t ld, bool transposed, int64_t i0, int64_t mc, int64_t k0, int64_t kc,
                 float* dst) {
  const int64_t padded = ceilDiv(mc, MR) * MR;
  if (!transposed) {
    // Row-major panels: row r of the block at dst + r*KCS.
    for (int64_t r = 0; r < padded; ++r) {
      float* d = dst + r * KCS;
      if (r < mc)
        std::memcpy(d, src + (i0 + r) * ld + k0, static_cast<size_t>(kc) * sizeof(float));
      else
        std::memset(d, 0, static_cast<size_t>(kc) * sizeof(float));
    }
    return;
  }
  // Depth-major panels from A^T: each depth row of the source holds all the
  // block's rows contiguously; read it once, in order, into every panel.
  for (int64_t k = 0; k < kc; ++k) {
    const float* s = src + (k0 + k) * ld + i0;
    for (int64_t p = 0; p * MR < mc; ++p) {
      const int64_t rows = std::min(MR, mc - p * MR);
      float* d = dst + p * MR * kc + k * MR;
      copyShort(d, s + p * MR, rows);
      if (rows < MR) zeroShort(d + rows, MR - rows);
    }
  }
}

// MatrixB::pack of B(k, j) = src[k*ld + j], or src[j*ld + k] when transposed.
void packMatrixB(const float* src, int64_t ld, bool transposed, int64_t k0, int64_t kc, int64_t j0, int64_t nc,
                 int64_t nr, float* dst) {
  for (int64_t q = 0; q * nr < nc; ++q) {
    const int64_t cols = std::min(nr, nc - q * nr);
    float* d = dst + q * nr * kc;
    if (!transposed) {
      const float* s = src + k0 * ld + j0 + q * nr;
      for (int64_t k = 0; k < kc; ++k, d += nr, s += ld) {
        if (cols == nr) {
          copyFloats(d, s, nr);
          continue;
        }
        for (int64_t j = 0; j < cols; ++j) d[j] = s[j];
        for (int64_t j = cols; j < nr; ++j) d[j] = 0.f;
      }
      continue;
    }
    // B^T's rows are B's columns: transpose a cols x kc block into the panel.
    transposeRows(src + (j0 + q * nr) * ld + k0, ld, 0, cols, kc, d, nr);
    if (cols < nr)
      for (int64_t k = 0; k < kc; ++k)
        for (int64_t j = cols; j < nr; ++j) d[k * nr + j] = 0.f;
  }
}

void gemmSerial(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
                bool accumulate, const Epilogue& ep) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) return emptyProduct(M, N, c, ldc, accumulate, ep);
  runBlock(a, b, {0, M}, {0, N}, {0, K}, c, ldc, accumulate, ep.isIdentity() ? nullptr : &ep);
}

void gemm(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
          bool accumulate, const Epilogue& ep) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) return emptyProduct(M, N, c, ldc, accumulate, ep);
  const Split s = chooseSplit(M, N, K, numThreads());
  const int64_t tm = ceilDiv(M, s.rowsPerTask), tn = ceilDiv(N, s.colsPerTask), tk = ceilDiv(K, s.depthPerTask);
  const Epilogue* fused = ep.isIdentity() || tk > 1 ? nullptr : &ep;
  if (tm * tn * tk == 1) return runBlock(a, b, {0, M}, {0, N}, {0, K}, c, ldc, accumulate, fused);

  // Depth slices after the first write private M x N partial products.
  float* partial = tk > 1 ? workspace(WorkspaceSlot::kGemmPartial, static_cast<size_t>((tk - 1) * M * N)) : nullptr;
  parallelFor(tm * tn * tk, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t ki = t % tk, ni = (t / tk) % tn, mi = t / (tk * tn);
      const Range rows{mi * s.rowsPerTask, std::min(M, (mi + 1) * s.rowsPerTask)};
      const Range cols{ni * s.colsPerTask, std::min(N, (ni + 1) * s.colsPerTask)};
      const Range depth{ki * s.depthPerTask, std::min(K, (ki + 1) * s.depthPerTask)};
      if (ki == 0)
        runBlock(a, b, rows, cols, depth, c, ldc, accumulate, fused);
      else
        runBlock(a, b, rows, cols, depth, partial + (ki - 1) * M * N, N, false, nullptr);
    }
  });
  if (tk == 1) return;
  parallelFor(M, std::max<int64_t>(1, 16384 / N), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float* row = c + i * ldc;
      for (int64_t ki = 1; ki < tk; ++ki) {
        const float* p = partial + (ki - 1) * M * N + i * N;
        for (int64_t j = 0; j < N; ++j) row[j] += p[j];
      }
    }
    if (!ep.isIdentity()) applyEpilogue(ep, c + begin * ldc, ldc, end - begin, N, 0);
  });
}

GemmTile gemmTile() { return {kGemmMR, kGemmNR, static_cast<int>(NWMIN), kGemmIsa}; }

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(packMatrixA)
SIMSIAM_CPU_VARIANTS(packMatrixB)
SIMSIAM_CPU_VARIANTS(gemmSerial)
SIMSIAM_CPU_VARIANTS(gemm)
SIMSIAM_CPU_VARIANTS(gemmTile)

void MatrixA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  SIMSIAM_CPU_PICK(packMatrixA)(p_, ld_, transposed_, i0, mc, k0, kc, dst);
}

void MatrixB::pack(int64_t k0, int64_t kc, int64_t j0, int64_t nc, int64_t nr, float* dst) const {
  SIMSIAM_CPU_PICK(packMatrixB)(p_, ld_, transposed_, k0, kc, j0, nc, nr, dst);
}

void gemmSerial(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
                bool accumulate, const Epilogue& ep) {
  SIMSIAM_CPU_PICK(gemmSerial)(a, b, M, N, K, c, ldc, accumulate, ep);
}

void gemm(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc, bool accumulate,
          const Epilogue& ep) {
  SIMSIAM_CPU_PICK(gemm)(a, b, M, N, K, c, ldc, accumulate, ep);
}

GemmTile gemmTile() { return SIMSIAM_CPU_PICK(gemmTile)(); }
#endif

}  // namespace simsiam
