// Native element-wise, reduction and data-movement kernels for tfjs's cpu
// backend (src/kernels/cpu/*.ts). Arrays are the backend's own Float32Arrays;
// outputs are written in place. `shape` is an Int32Array starting with the
// rank, then rank-long fields (src/kernels/cpu/shape_args.ts fills it):
//   binary(op, a, b, y, shape)          shape: rank, out, a, b (right-aligned)
//   reduce(op, x, y, shape)             shape: rank, dims, reduced (0/1)
//   tile(x, y, shape)                   shape: rank, dims, reps
//   slice(x, y, shape)                  shape: rank, dims, begin, size
//   padV2(x, y, shape, value)           shape: rank, dims, before, after
//   unary(op, x, y, alpha)              y = op(x), as many values as x
//   fusedBatchNorm(x, mean, variance, offset, scale, epsilon, y)
//     offset, scale: null or a Float32Array; every parameter 1 or L values
// op: the index in BinaryOp / ReduceOp / UnaryOp.
#include <napi.h>

#include <algorithm>
#include <exception>
#include <string>

#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Elementwise.h"
#include "kernels/FusedBatchNorm.h"
#include "kernels/PadV2.h"
#include "kernels/Reduce.h"
#include "kernels/Slice.h"
#include "kernels/Tile.h"
#include "kernels/Unary.h"

namespace simsiam {
namespace {

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5) throw Napi::TypeError::New(env, "native: binary(op, a, b, y, shape)");
  const BinaryOp op = opArg<BinaryOp>(info[0]);
  const BroadcastArg arg = broadcastArg(env, info[4]);
  const BroadcastShapes& s = arg.s;
  const int64_t n = arg.n, na = arg.na, nb = arg.nb;
  const float* a = typedData<float>(info[1], "a", static_cast<size_t>(na));
  const float* b = typedData<float>(info[2], "b", static_cast<size_t>(nb));
  float* y = typedData<float>(info[3], "y", static_cast<size_t>(n));
  guarded(env, "binary", [&] { binaryCpu(op, s, a, b, y); });
  return env.Undefined();
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "native: reduce(op, x, y, shape)");
  const ReduceOp op = opArg<ReduceOp>(info[0]);
  int64_t n = 0, outSize = 0;
  const ReduceShape s = reduceArg(env, info[3], &n, &outSize);
  const float* x = typedData<float>(info[1], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[2], "y", static_cast<size_t>(outSize));
  guarded(env, "reduce", [&] { reduceCpu(op, s, x, y); });
  return env.Undefined();
}

Napi::Value Tile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "native: tile(x, y, shape)");
  int64_t n = 0, outSize = 0;
  const TileShape s = tileArg(env, info[2], &n, &outSize);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  guarded(env, "tile", [&] { tileCpu(s, x, y); });
  return env.Undefined();
}

Napi::Value Slice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "native: slice(x, y, shape)");
  const ShapeArg arg = shapeArg(info[2], 3);
  SliceShape s{arg.rank, {}, {}, {}};
  const int64_t n = dimsField(env, arg, 0, s.dims);
  copyField(env, arg, 1, s.begin);
  const int64_t outSize = dimsField(env, arg, 2, s.size);
  for (int d = 0; d < s.rank; ++d)
    if (s.begin[d] + s.size[d] > s.dims[d]) rangeError(env, "slice: out of bounds");
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  guarded(env, "slice", [&] { sliceCpu(s, x, y); });
  return env.Undefined();
}

Napi::Value PadV2(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsNumber()) throw Napi::TypeError::New(env, "native: padV2(x, y, shape, value)");
  int64_t n = 0, outSize = 0;
  const PadShape s = padArg(env, info[2], &n, &outSize);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  const float value = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  guarded(env, "padV2", [&] { padV2Cpu(s, x, value, y); });
  return env.Undefined();
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsNumber()) throw Napi::TypeError::New(env, "native: unary(op, x, y, alpha)");
  const UnaryOp op = opArg<UnaryOp>(info[0]);
  const float* x = typedData<float>(info[1], "x", 0);
  const size_t n = lengthOf(info[1]);
  float* y = typedData<float>(info[2], "y", n);
  const float alpha = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  guarded(env, "unary", [&] { unaryCpu(op, x, y, static_cast<int64_t>(n), alpha); });
  return env.Undefined();
}

Napi::Value FusedBatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 7 || !info[5].IsNumber())
    throw Napi::TypeError::New(env, "native: fusedBatchNorm(x, mean, variance, offset, scale, epsilon, y)");
  const float* x = typedData<float>(info[0], "x", 0);
  const int64_t n = static_cast<int64_t>(lengthOf(info[0]));
  BatchNormParams p{};
  p.mean = typedData<float>(info[1], "mean", 1);
  p.meanLen = static_cast<int64_t>(lengthOf(info[1]));
  p.variance = typedData<float>(info[2], "variance", 1);
  p.varianceLen = static_cast<int64_t>(lengthOf(info[2]));
  auto optional = [&](const Napi::Value& v, const char* name, int64_t* len) -> const float* {
    if (v.IsNull() || v.IsUndefined()) return nullptr;
    const float* data = typedData<float>(v, name, 1);
    *len = static_cast<int64_t>(lengthOf(v));
    return data;
  };
  p.offset = optional(info[3], "offset", &p.offsetLen);
  p.scale = optional(info[4], "scale", &p.scaleLen);
  p.epsilon = info[5].As<Napi::Number>().DoubleValue();
  float* y = typedData<float>(info[6], "y", static_cast<size_t>(n));
  const int64_t L = std::max({p.meanLen, p.varianceLen, p.offset ? p.offsetLen : 1, p.scale ? p.scaleLen : 1});
  for (int64_t len : {p.meanLen, p.varianceLen, p.offset ? p.offsetLen : 1, p.scale ? p.scaleLen : 1})
    if (len != 1 && len != L) rangeError(env, "fusedBatchNorm: parameters need 1 or L values");
  if (n % L != 0) rangeError(env, "fusedBatchNorm: x needs a multiple of L values");
  guarded(env, "fusedBatchNorm", [&] { fusedBatchNormCpu(x, n, p, y); });
  return env.Undefined();
}

}  // namespace

void initCpuElementwiseBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, Binary, "binary"));
  exports.Set("reduce", Napi::Function::New(env, Reduce, "reduce"));
  exports.Set("tile", Napi::Function::New(env, Tile, "tile"));
  exports.Set("slice", Napi::Function::New(env, Slice, "slice"));
  exports.Set("padV2", Napi::Function::New(env, PadV2, "padV2"));
  exports.Set("unary", Napi::Function::New(env, Unary, "unary"));
  exports.Set("fusedBatchNorm", Napi::Function::New(env, FusedBatchNorm, "fusedBatchNorm"));
}

}  // namespace simsiam
