// SgdMomentumUpdate.cu against SgdMomentumUpdate.cc: bit-exact but for NaN
// payloads (every product and sum rounded to float32 on both sides,
// SgdMomentumUpdate.h). Every SgdParams variant: the first
// step (no buffer: buf null) or a later one, momentum 0 or not, weight decay
// 0 (its branch skipped) or not; outputs separate or in place (w, buf
// updated where they are, as the bindings do); NaN/+-Inf/-0 gradients.
// There is no Nesterov variant.
#include <string>

#include "Parity.h"
#include "kernels/SgdMomentumUpdate.h"

using parity::DeviceBuffer;
using parity::canonicalNaN;

namespace {

void sgd(parity::Context& ctx, int64_t n, simsiam::SgdParams p, bool inPlace, bool specials) {
  const size_t len = static_cast<size_t>(n);
  const auto w = ctx.rng.floats(len);
  const auto g = specials ? ctx.rng.floatsWithSpecials(len, -0.1, 0.1) : ctx.rng.floats(len, -0.1, 0.1);
  const auto buf = ctx.rng.floats(len, -0.05, 0.05);
  std::vector<float> wantW(len), wantBuf(len);
  simsiam::sgdMomentumUpdateCpu(p, w.data(), g.data(), p.first ? nullptr : buf.data(), n, wantW.data(), wantBuf.data());
  DeviceBuffer<float> dw(w), dg(g), dbuf(buf), dwOut(len), dbufOut(len);
  float* wOut = inPlace ? dw.get() : dwOut.get();
  float* bufOut = inPlace ? dbuf.get() : dbufOut.get();
  ctx.launched(simsiam::sgdMomentumUpdateCuda(p, dw, dg, p.first ? nullptr : dbuf.get(), n, wOut, bufOut, ctx.stream()),
               "sgdMomentumUpdateCuda");
  ctx.expectBits("w", canonicalNaN(inPlace ? dw.download() : dwOut.download()), canonicalNaN(wantW));
  ctx.expectBits("buf", canonicalNaN(inPlace ? dbuf.download() : dbufOut.download()), canonicalNaN(wantBuf));
}

}  // namespace

PARITY_CASE("SgdMomentumUpdate/first step, momentum 0.9, weight decay 1e-4") { sgd(ctx, 1000, {0.05f, 0.9f, 1e-4f, true}, false, false); }
PARITY_CASE("SgdMomentumUpdate/later step, momentum 0.9, weight decay 1e-4") { sgd(ctx, 1000, {0.05f, 0.9f, 1e-4f, false}, false, true); }
PARITY_CASE("SgdMomentumUpdate/later step, momentum 0.9, no weight decay") { sgd(ctx, 777, {0.03f, 0.9f, 0.f, false}, false, true); }
PARITY_CASE("SgdMomentumUpdate/first step, no weight decay, in place") { sgd(ctx, 777, {0.03f, 0.9f, 0.f, true}, true, true); }
PARITY_CASE("SgdMomentumUpdate/momentum 0, weight decay 5e-4, in place") { sgd(ctx, 513, {0.1f, 0.f, 5e-4f, false}, true, false); }
PARITY_CASE("SgdMomentumUpdate/momentum 0, no weight decay") { sgd(ctx, 1, {0.1f, 0.f, 0.f, false}, false, false); }
PARITY_CASE("SgdMomentumUpdate/many blocks, 100003 in place") { sgd(ctx, 100003, {0.05f, 0.9f, 1e-4f, false}, true, false); }
PARITY_CASE("SgdMomentumUpdate/n 0 launches nothing") {
  ctx.launched(simsiam::sgdMomentumUpdateCuda({0.1f, 0.9f, 0.f, false}, nullptr, nullptr, nullptr, 0, nullptr, nullptr,
                                      ctx.stream()),
               "n 0");
}
