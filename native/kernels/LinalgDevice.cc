// Device matrix products and convolutions (LinalgDevice.h). Plain C++: the
// CUDA work goes through the launchers of Linalg.cu and the run-time loaded
// cuBLAS/cuDNN (device/CudaLibraries.h), so CPU-only builds compile it too.
#include "kernels/LinalgDevice.h"

#include <algorithm>
#include <array>
#include <climits>
#include <map>
#include <string>

#include "device/CudaLibraries.h"
#include "device/Device.h"

namespace simsiam {
namespace {

namespace libs = cudalibs;

// Temporary device floats (device::Scratch sized in floats).
struct Scratch : device::Scratch {
  Scratch(size_t floats, const char* kernel) : device::Scratch(floats * sizeof(float), kernel) {}
  float* get() const { return ptr<float>(); }
};

bool fitsInt(int64_t v) { return v >= 0 && v <= INT_MAX; }

// False where cuBLAS is missing or cannot start (the tiled SGEMM runs).
bool cublasGemm(const GemmArgs& g, const float* a, const float* b, float* c) {
  const libs::Cublas* cb = libs::cublas();
  void* h = cb ? libs::cublasHandle() : nullptr;
  if (!h) return false;
  const float one = 1.f, beta = g.accumulate ? 1.f : 0.f;
  // cuBLAS rejects a leading dimension under 1 (INVALID_VALUE) even where it
  // reads nothing: lda/ldb are K for an empty depth.
  auto ld = [](int64_t v) { return static_cast<int>(std::max<int64_t>(1, v)); };
  // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T.
  libs::checkCublas(cb->sgemmStridedBatched(h, g.transB ? libs::kCublasOpT : libs::kCublasOpN,
                                            g.transA ? libs::kCublasOpT : libs::kCublasOpN, static_cast<int>(g.N),
                                            static_cast<int>(g.M), static_cast<int>(g.K), &one, b, ld(g.ldb),
                                            g.strideB, a, ld(g.lda), g.strideA, &beta, c, ld(g.ldc), g.strideC,
                                            static_cast<int>(g.batch)),
                    "cublasSgemmStridedBatched");
  return true;
}

void epilogueDevice(const EpilogueArgs& e, float* y, int64_t n, const char* kernel) {
  if (e.isIdentity()) return;
  device::launch(
      kernel, [&] { epilogueCpu(e, y, n); },
      [&](void* s) { return SIMSIAM_CUDA_ONLY(epilogueCuda(e, y, n, s)); });
}

void windowDevice(const WindowArgs& w, const float* in, float* out, const char* kernel) {
  device::launch(
      kernel, [&] { windowCpu(w, in, out); }, [&](void* s) { return SIMSIAM_CUDA_ONLY(windowCuda(w, in, out, s)); });
}

void transposeDevice(const float* in, int64_t rows, int64_t cols, float* out, const char* kernel) {
  device::launch(
      kernel, [&] { transposeCpu(in, rows, cols, out); },
      [&](void* s) { return SIMSIAM_CUDA_ONLY(transposeCuda(in, rows, cols, out, s)); });
}

// ---------------------------------------------------------------------------
// im2col path (no cuDNN, and the host device)

// Images per chunk so that the column matrix stays within a budget.
int64_t chunkImages(const ConvGeometry& g) {
  const int64_t budget = device::onHost() ? int64_t{1} << 22 : int64_t{1} << 26;  // floats
  const int64_t perImage = std::max<int64_t>(1, g.outH * g.outW * g.depth());
  return std::max<int64_t>(1, std::min<int64_t>(g.batch, budget / perImage));
}

// A 1x1 convolution reading every input pixel once: col is x itself.
bool isPointwise(const ConvGeometry& g) {
  return g.filterH == 1 && g.filterW == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 &&
         g.padLeft == 0 && g.outH == g.inH && g.outW == g.inW;
}

void im2colDevice(const ConvGeometry& g, const float* x, int64_t b0, int64_t b1, float* col, const char* kernel) {
  device::launch(
      kernel, [&] { im2colCpu(g, x, b0, b1, col); },
      [&](void* s) { return SIMSIAM_CUDA_ONLY(im2colCuda(g, x, b0, b1, col, s)); });
}

void col2imDevice(const ConvGeometry& g, const float* col, int64_t images, float* x, const char* kernel) {
  device::launch(
      kernel, [&] { col2imCpu(g, col, images, x); },
      [&](void* s) { return SIMSIAM_CUDA_ONLY(col2imCuda(g, col, images, x, s)); });
}


// The im2col convolutions, chunked over images. The filter is HWIO
// ([depth x outC], tfjs's layout) or, for the cuDNN stand-in on the host
// device, KRSC ([outC x depth], cuDNN's); `krsc` picks the GEMM transposes.
void im2colForward(const ConvGeometry& g, const float* x, const float* w, bool krsc, float* y, const char* kernel) {
  const int64_t images = chunkImages(g), imageRows = g.outH * g.outW, depth = g.depth();
  Scratch col(static_cast<size_t>(images * imageRows * depth), kernel);
  for (int64_t b0 = 0; b0 < g.batch; b0 += images) {
    const int64_t b1 = std::min(g.batch, b0 + images);
    im2colDevice(g, x, b0, b1, col.get(), kernel);
    gemmDevice(rowMajor(false, krsc, (b1 - b0) * imageRows, g.outC, depth, false), col.get(), w,
               y + b0 * imageRows * g.outC, kernel);
  }
}

void im2colBackwardData(const ConvGeometry& g, const float* dy, const float* w, bool krsc, float* dx,
                        const char* kernel) {
  const int64_t images = chunkImages(g), imageRows = g.outH * g.outW, depth = g.depth();
  Scratch col(static_cast<size_t>(images * imageRows * depth), kernel);
  for (int64_t b0 = 0; b0 < g.batch; b0 += images) {
    const int64_t b1 = std::min(g.batch, b0 + images);
    // dcol [rows x depth] = dy [rows x outC] * w^T (HWIO) or * w (KRSC).
    gemmDevice(rowMajor(false, !krsc, (b1 - b0) * imageRows, depth, g.outC, false), dy + b0 * imageRows * g.outC, w,
               col.get(), kernel);
    col2imDevice(g, col.get(), b1 - b0, dx + b0 * g.inH * g.inW * g.inC, kernel);
  }
}

void im2colBackwardFilter(const ConvGeometry& g, const float* x, const float* dy, bool krsc, float* dw,
                          const char* kernel) {
  const int64_t images = chunkImages(g), imageRows = g.outH * g.outW, depth = g.depth();
  Scratch col(static_cast<size_t>(images * imageRows * depth), kernel);
  for (int64_t b0 = 0; b0 < g.batch; b0 += images) {
    const int64_t b1 = std::min(g.batch, b0 + images);
    im2colDevice(g, x, b0, b1, col.get(), kernel);
    const float* part = dy + b0 * imageRows * g.outC;
    const int64_t rows = (b1 - b0) * imageRows;
    if (krsc)  // dw [outC x depth] (+)= dy^T * col
      gemmDevice(rowMajor(true, false, g.outC, depth, rows, b0 > 0), part, col.get(), dw, kernel);
    else  // dw [depth x outC] (+)= col^T * dy
      gemmDevice(rowMajor(true, false, depth, g.outC, rows, b0 > 0), col.get(), part, dw, kernel);
  }
}

void conv2dIm2col(const ConvGeometry& g, const float* x, const float* filter, float* y, const char* kernel) {
  if (isPointwise(g)) return gemmDevice(rowMajor(false, false, g.pixels(), g.outC, g.inC, false), x, filter, y, kernel);
  im2colForward(g, x, filter, false, y, kernel);
}

void backpropInputIm2col(const ConvGeometry& g, const float* dy, const float* filter, float* dx, const char* kernel) {
  if (isPointwise(g))
    return gemmDevice(rowMajor(false, true, g.pixels(), g.inC, g.outC, false), dy, filter, dx, kernel);
  im2colBackwardData(g, dy, filter, false, dx, kernel);
}

void backpropFilterIm2col(const ConvGeometry& g, const float* x, const float* dy, float* dw, const char* kernel) {
  if (isPointwise(g))
    return gemmDevice(rowMajor(true, false, g.inC, g.outC, g.pixels(), false), x, dy, dw, kernel);
  im2colBackwardFilter(g, x, dy, false, dw, kernel);
}

// ---------------------------------------------------------------------------
// cuDNN path

enum class Dir { kForward, kBackwardData, kBackwardFilter };

struct CudnnPlan {
  bool padded = false;
  ConvGeometry cg{};  // what cuDNN sees (the padded input when padded)
  WindowArgs window{};
  void* xDesc = nullptr;
  void* yDesc = nullptr;
  void* wDesc = nullptr;
  void* convDesc = nullptr;
  int algo = 0;  // -1: cuDNN offers none, use im2col
  size_t workspace = 0;
};

// The geometry cuDNN runs: symmetric pads padTop/padLeft when they give
// tfjs's output size, else pad 0 on a copy of the input padded (or cropped)
// to exactly the rows and columns the output reads.
bool cudnnGeometry(const ConvGeometry& g, ConvGeometry* cg, WindowArgs* w) {
  auto outDim = [](int64_t in, int64_t pad, int64_t f, int64_t d, int64_t s) -> int64_t {
    const int64_t room = in + 2 * pad - d * (f - 1) - 1;  // the last tap must lie inside the padded input
    return room < 0 ? -1 : room / s + 1;
  };
  *cg = g;
  if (g.padTop >= 0 && g.padLeft >= 0 && outDim(g.inH, g.padTop, g.filterH, g.dilationH, g.strideH) == g.outH &&
      outDim(g.inW, g.padLeft, g.filterW, g.dilationW, g.strideW) == g.outW)
    return false;
  cg->inH = (g.outH - 1) * g.strideH + g.dilationH * (g.filterH - 1) + 1;
  cg->inW = (g.outW - 1) * g.strideW + g.dilationW * (g.filterW - 1) + 1;
  cg->padTop = cg->padLeft = 0;
  *w = WindowArgs{g.batch, g.inH, g.inW, cg->inH, cg->inW, g.inC, g.padTop, g.padLeft};
  return true;
}

bool cudnnFits(const ConvGeometry& g) {
  const int64_t v[] = {g.batch, g.inH + 2 * std::max<int64_t>(0, g.padTop), g.inW + 2 * std::max<int64_t>(0, g.padLeft),
                       g.inC, g.outC, g.filterH, g.filterW, g.strideH, g.strideW, g.dilationH, g.dilationW,
                       g.xSize() * 4, g.ySize(), g.filterSize()};
  for (int64_t x : v)
    if (!fitsInt(x)) return false;
  return true;
}

void check(int status, const char* what) { libs::checkCudnn(status, what); }

// A cuDNN execution call that fails (an algorithm the heuristics listed but
// that cannot run this shape, a sub-library that cannot load): the plan is
// marked unusable, so this and every later call of the shape take the im2col
// path instead of failing each step. True when it ran.
bool ran(int status, CudnnPlan& p) {
  if (status == libs::kCudnnSuccess) return true;
  p.algo = -1;
  return false;
}

// Descriptors, algorithm and workspace size of p (whose geometry is set).
void choose(const libs::Cudnn* c, void* h, Dir dir, bool tf32, CudnnPlan* pp) {
  CudnnPlan& p = *pp;
  const ConvGeometry& cg = p.cg;
  auto i = [](int64_t v) { return static_cast<int>(v); };
  check(c->createTensorDescriptor(&p.xDesc), "cudnnCreateTensorDescriptor");
  check(c->createTensorDescriptor(&p.yDesc), "cudnnCreateTensorDescriptor");
  check(c->createFilterDescriptor(&p.wDesc), "cudnnCreateFilterDescriptor");
  check(c->createConvolutionDescriptor(&p.convDesc), "cudnnCreateConvolutionDescriptor");
  check(c->setTensor4dDescriptor(p.xDesc, libs::kCudnnTensorNhwc, libs::kCudnnDataFloat, i(cg.batch), i(cg.inC),
                                 i(cg.inH), i(cg.inW)),
        "cudnnSetTensor4dDescriptor(x)");
  check(c->setTensor4dDescriptor(p.yDesc, libs::kCudnnTensorNhwc, libs::kCudnnDataFloat, i(cg.batch), i(cg.outC),
                                 i(cg.outH), i(cg.outW)),
        "cudnnSetTensor4dDescriptor(y)");
  check(c->setFilter4dDescriptor(p.wDesc, libs::kCudnnDataFloat, libs::kCudnnTensorNhwc, i(cg.outC), i(cg.inC),
                                 i(cg.filterH), i(cg.filterW)),
        "cudnnSetFilter4dDescriptor");
  check(c->setConvolution2dDescriptor(p.convDesc, i(cg.padTop), i(cg.padLeft), i(cg.strideH), i(cg.strideW),
                                      i(cg.dilationH), i(cg.dilationW), libs::kCudnnCrossCorrelation,
                                      libs::kCudnnDataFloat),
        "cudnnSetConvolution2dDescriptor");
  const int math = tf32 ? libs::kCudnnDefaultMath : libs::kCudnnFmaMath;
  check(c->setConvolutionMathType(p.convDesc, math), "cudnnSetConvolutionMathType");

  constexpr int kAlgos = 16;
  libs::CudnnAlgoPerf perf[kAlgos] = {};
  int returned = 0;
  if (dir == Dir::kForward)
    check(c->getForwardAlgorithm(h, p.xDesc, p.wDesc, p.convDesc, p.yDesc, kAlgos, &returned, perf),
          "cudnnGetConvolutionForwardAlgorithm_v7");
  else if (dir == Dir::kBackwardData)
    check(c->getBackwardDataAlgorithm(h, p.wDesc, p.yDesc, p.convDesc, p.xDesc, kAlgos, &returned, perf),
          "cudnnGetConvolutionBackwardDataAlgorithm_v7");
  else
    check(c->getBackwardFilterAlgorithm(h, p.xDesc, p.yDesc, p.convDesc, p.wDesc, kAlgos, &returned, perf),
          "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
  // The heuristics' order, skipping failures, tensor-op math when TF32 is
  // off, and workspaces over 1 GiB.
  const libs::CudnnAlgoPerf* pick = nullptr;
  for (int k = 0; k < returned && !pick; ++k) {
    const libs::CudnnAlgoPerf& q = perf[k];
    if (q.status != libs::kCudnnSuccess || q.memory > (size_t{1} << 30)) continue;
    if (!tf32 && q.mathType != libs::kCudnnFmaMath && q.mathType != libs::kCudnnDefaultMath) continue;
    pick = &q;
  }
  if (!pick) {  // e.g. a dilation cuDNN does not take in NHWC: the im2col path runs it
    p.algo = -1;
    return;
  }
  p.algo = pick->algo;
  if (tf32) check(c->setConvolutionMathType(p.convDesc, pick->mathType), "cudnnSetConvolutionMathType");
  if (dir == Dir::kForward)
    check(c->getForwardWorkspaceSize(h, p.xDesc, p.wDesc, p.convDesc, p.yDesc, p.algo, &p.workspace),
          "cudnnGetConvolutionForwardWorkspaceSize");
  else if (dir == Dir::kBackwardData)
    check(c->getBackwardDataWorkspaceSize(h, p.wDesc, p.yDesc, p.convDesc, p.xDesc, p.algo, &p.workspace),
          "cudnnGetConvolutionBackwardDataWorkspaceSize");
  else
    check(c->getBackwardFilterWorkspaceSize(h, p.xDesc, p.yDesc, p.convDesc, p.wDesc, p.algo, &p.workspace),
          "cudnnGetConvolutionBackwardFilterWorkspaceSize");
}

CudnnPlan& cudnnPlan(const ConvGeometry& g, Dir dir) {
  static std::map<std::array<int64_t, 17>, CudnnPlan> cache;
  const bool tf32 = libs::tf32();
  const std::array<int64_t, 17> key = {g.batch,     g.inH,       g.inW,       g.inC,     g.outH,    g.outW,
                                       g.outC,      g.filterH,   g.filterW,   g.strideH, g.strideW, g.dilationH,
                                       g.dilationW, g.padTop,    g.padLeft,   static_cast<int64_t>(dir), tf32};
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;

  CudnnPlan p;
  p.padded = cudnnGeometry(g, &p.cg, &p.window);
  if (device::onHost()) return cache.emplace(key, p).first->second;  // the stand-in needs no descriptors
  const libs::Cudnn* c = libs::cudnn();
  void* h = libs::cudnnHandle();
  if (!h) {  // cuDNN cannot start: im2col from now on (useCudnn sees cudnn() null)
    p.algo = -1;
    return cache.emplace(key, p).first->second;
  }
  try {
    choose(c, h, dir, tf32, &p);
  } catch (const device::DeviceError&) {
    p.algo = -1;  // cuDNN rejects this shape: the im2col path runs it
  }
  return cache.emplace(key, p).first->second;
}

// The cuDNN structure: cuDNN on a GPU; on the host device a stand-in for
// cuDNN's kernels (explicit im2col + the GEMM on KRSC filters) around the
// same transposes and padded copies, so CI runs the GPU's structure, unless
// setLibrariesEnabled turned cuDNN off (then the plain im2col path).
bool useCudnn(const ConvGeometry& g) {
  if (device::onHost()) return !libs::cudnnDisabled();
  return libs::cudnn() != nullptr && cudnnFits(g);
}

size_t floatsFor(size_t bytes) { return (bytes + sizeof(float) - 1) / sizeof(float); }

bool conv2dCudnn(const ConvGeometry& g, const float* x, const float* filter, float* y, const char* kernel) {
  CudnnPlan& p = cudnnPlan(g, Dir::kForward);
  if (p.algo < 0) return false;
  const libs::Cudnn* c = libs::cudnn();
  Scratch wT(static_cast<size_t>(g.filterSize()), kernel);
  transposeDevice(filter, g.depth(), g.outC, wT.get(), kernel);  // HWIO -> KRSC
  const float* in = x;
  Scratch xp(p.padded ? static_cast<size_t>(p.cg.xSize()) : 0, kernel);
  if (p.padded) {
    windowDevice(p.window, x, xp.get(), kernel);
    in = xp.get();
  }
  if (device::onHost()) {
    im2colForward(p.cg, in, wT.get(), true, y, kernel);
    return true;
  }
  Scratch ws(floatsFor(p.workspace), kernel);
  const float one = 1.f, zero = 0.f;
  return ran(c->forward(libs::cudnnHandle(), &one, p.xDesc, in, p.wDesc, wT.get(), p.convDesc, p.algo, ws.get(),
                       p.workspace, &zero, p.yDesc, y),
             p);
}

bool backpropInputCudnn(const ConvGeometry& g, const float* dy, const float* filter, float* dx, const char* kernel) {
  CudnnPlan& p = cudnnPlan(g, Dir::kBackwardData);
  if (p.algo < 0) return false;
  const libs::Cudnn* c = libs::cudnn();
  Scratch wT(static_cast<size_t>(g.filterSize()), kernel);
  transposeDevice(filter, g.depth(), g.outC, wT.get(), kernel);
  Scratch dxp(p.padded ? static_cast<size_t>(p.cg.xSize()) : 0, kernel);
  if (device::onHost()) {
    im2colBackwardData(p.cg, dy, wT.get(), true, p.padded ? dxp.get() : dx, kernel);
  } else {
    Scratch ws(floatsFor(p.workspace), kernel);
    const float one = 1.f, zero = 0.f;
    if (!ran(c->backwardData(libs::cudnnHandle(), &one, p.wDesc, wT.get(), p.yDesc, dy, p.convDesc, p.algo,
                             ws.get(), p.workspace, &zero, p.xDesc, p.padded ? dxp.get() : dx),
             p))
      return false;
  }
  if (p.padded) {
    // dx[h, w] = dxp[h + padTop, w + padLeft]; rows the output never read get 0.
    const WindowArgs& f = p.window;
    const WindowArgs back{g.batch, f.outH, f.outW, g.inH, g.inW, g.inC, -f.offH, -f.offW};
    windowDevice(back, dxp.get(), dx, kernel);
  }
  return true;
}

bool backpropFilterCudnn(const ConvGeometry& g, const float* x, const float* dy, float* dw, const char* kernel) {
  CudnnPlan& p = cudnnPlan(g, Dir::kBackwardFilter);
  if (p.algo < 0) return false;
  const libs::Cudnn* c = libs::cudnn();
  const float* in = x;
  Scratch xp(p.padded ? static_cast<size_t>(p.cg.xSize()) : 0, kernel);
  if (p.padded) {
    windowDevice(p.window, x, xp.get(), kernel);
    in = xp.get();
  }
  Scratch dwT(static_cast<size_t>(g.filterSize()), kernel);
  if (device::onHost()) {
    im2colBackwardFilter(p.cg, in, dy, true, dwT.get(), kernel);
  } else {
    Scratch ws(floatsFor(p.workspace), kernel);
    const float one = 1.f, zero = 0.f;
    if (!ran(c->backwardFilter(libs::cudnnHandle(), &one, p.xDesc, in, p.yDesc, dy, p.convDesc, p.algo,
                               ws.get(), p.workspace, &zero, p.wDesc, dwT.get()),
             p))
      return false;
  }
  transposeDevice(dwT.get(), g.outC, g.depth(), dw, kernel);  // KRSC -> HWIO
  return true;
}

}  // namespace

GemmArgs rowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, bool accumulate) {
  GemmArgs a;
  a.transA = transA;
  a.transB = transB;
  a.M = M;
  a.N = N;
  a.K = K;
  a.lda = transA ? M : K;
  a.ldb = transB ? K : N;
  a.ldc = N;
  a.accumulate = accumulate;
  return a;
}

void gemmDevice(const GemmArgs& g, const float* a, const float* b, float* c, const char* kernel, GemmImpl impl) {
  if (g.batch == 0 || g.M == 0 || g.N == 0) return;
  const bool cublasOk = impl == GemmImpl::kAuto && fitsInt(g.M) && fitsInt(g.N) && fitsInt(g.K) &&
                        fitsInt(g.lda) && fitsInt(g.ldb) && fitsInt(g.ldc) && fitsInt(g.batch);
  device::launch(
      kernel, [&] { sgemmStridedCpu(g, a, b, c); },
      [&](void* s) -> int {
        if (cublasOk && cublasGemm(g, a, b, c)) return 0;
        return SIMSIAM_CUDA_ONLY(sgemmTiledCuda(g, a, b, c, s));
      });
}

void batchMatMulDevice(const MatMulShape& s, const float* a, const int32_t* aIndex, const float* b,
                       const int32_t* bIndex, float* c, const EpilogueArgs& e, const char* kernel) {
  const int64_t aSize = s.M * s.K, bSize = s.K * s.N, cSize = s.M * s.N;
  for (int64_t i0 = 0; i0 < s.batch;) {
    // The longest run from i0 where both indices step by a constant.
    int64_t i1 = i0 + 1;
    const int64_t da = i1 < s.batch ? aIndex[i1] - aIndex[i0] : 0, db = i1 < s.batch ? bIndex[i1] - bIndex[i0] : 0;
    while (i1 < s.batch && aIndex[i1] - aIndex[i1 - 1] == da && bIndex[i1] - bIndex[i1 - 1] == db) ++i1;
    GemmArgs g = rowMajor(s.transA, s.transB, s.M, s.N, s.K, false);
    g.strideA = da * aSize;
    g.strideB = db * bSize;
    g.strideC = cSize;
    g.batch = i1 - i0;
    gemmDevice(g, a + aIndex[i0] * aSize, b + bIndex[i0] * bSize, c + i0 * cSize, kernel);
    i0 = i1;
  }
  epilogueDevice(e, c, s.batch * cSize, kernel);
}

void conv2dDevice(const ConvGeometry& g, const float* x, const float* filter, float* y, const EpilogueArgs& e,
                  const char* kernel) {
  if (!useCudnn(g) || !conv2dCudnn(g, x, filter, y, kernel)) conv2dIm2col(g, x, filter, y, kernel);
  epilogueDevice(e, y, g.ySize(), kernel);
}

void conv2dBackpropInputDevice(const ConvGeometry& g, const float* dy, const float* filter, float* dx,
                               const char* kernel) {
  if (!useCudnn(g) || !backpropInputCudnn(g, dy, filter, dx, kernel)) backpropInputIm2col(g, dy, filter, dx, kernel);
}

void conv2dBackpropFilterDevice(const ConvGeometry& g, const float* x, const float* dy, float* dw,
                                const char* kernel) {
  if (!useCudnn(g) || !backpropFilterCudnn(g, x, dy, dw, kernel)) backpropFilterIm2col(g, x, dy, dw, kernel);
}

const char* convPath(const ConvGeometry& g) {
  if (!useCudnn(g) || cudnnPlan(g, Dir::kForward).algo < 0) return "im2col";
  ConvGeometry cg;
  WindowArgs w;
  return cudnnGeometry(g, &cg, &w) ? "cudnn-padded" : "cudnn";
}

}  // namespace simsiam
