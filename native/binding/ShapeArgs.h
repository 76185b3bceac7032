// Parsing of the `shape` argument of the element-wise, reduction and
// data-movement kernels (an Int32Array: the rank, then rank-long fields;
// src/kernels/shared/shape_args.ts fills it), shared by the host and the device
// functions of those bindings.
#pragma once
#include <napi.h>

#include <string>

#include "binding/NapiArgs.h"
#include "kernels/ElementwiseOps.h"
#include "kernels/PadV2.h"
#include "kernels/Reduce.h"
#include "kernels/Tile.h"
#include "kernels/TensorShape.h"

namespace simsiam {

// The rank and `fields` rank-long fields of a shape argument.
struct ShapeArg {
  int rank;
  const int32_t* field[4];
};

inline ShapeArg shapeArg(const Napi::Value& v, int fields) {
  const int32_t* s = typedData<int32_t>(v, "shape", 1);
  if (s[0] < 0 || s[0] > kMaxRank) rangeError(v.Env(), "rank must be 0.." + std::to_string(kMaxRank));
  ShapeArg a{s[0], {}};
  typedData<int32_t>(v, "shape", static_cast<size_t>(1 + fields * a.rank));
  for (int f = 0; f < fields; ++f) a.field[f] = s + 1 + f * a.rank;
  return a;
}

// Copies a field of non-negative values.
inline void copyField(Napi::Env env, const ShapeArg& a, int f, int64_t* out) {
  for (int d = 0; d < a.rank; ++d) {
    out[d] = a.field[f][d];
    if (out[d] < 0) rangeError(env, "negative size or offset");
  }
}

// Copies a field of sizes; returns their product.
inline int64_t dimsField(Napi::Env env, const ShapeArg& a, int f, int64_t* out) {
  copyField(env, a, f, out);
  return sizeOf(env, out, a.rank);
}

// shape: rank, out, a, b (right-aligned), checked to broadcast.
struct BroadcastArg {
  BroadcastShapes s;
  int64_t n, na, nb;  // values in out, a, b
};

inline BroadcastArg broadcastArg(Napi::Env env, const Napi::Value& v) {
  const ShapeArg arg = shapeArg(v, 3);
  BroadcastArg r{{arg.rank, {}, {}, {}}, 0, 0, 0};
  r.n = dimsField(env, arg, 0, r.s.out);
  r.na = dimsField(env, arg, 1, r.s.a);
  r.nb = dimsField(env, arg, 2, r.s.b);
  for (int d = 0; d < r.s.rank; ++d) {
    const int64_t o = r.s.out[d], a = r.s.a[d], b = r.s.b[d];
    if ((a != o && a != 1) || (b != o && b != 1) || (a != o && b != o))
      rangeError(env, "binary: shapes do not broadcast to the output shape");
  }
  return r;
}

// shape: rank, dims, reduced (0/1); n and outSize: values in and out.
inline ReduceShape reduceArg(Napi::Env env, const Napi::Value& v, int64_t* n, int64_t* outSize) {
  const ShapeArg arg = shapeArg(v, 2);
  ReduceShape s{arg.rank, {}, {}};
  *n = dimsField(env, arg, 0, s.dims);
  *outSize = 1;
  for (int d = 0; d < s.rank; ++d) {
    s.reduced[d] = arg.field[1][d] != 0;
    if (!s.reduced[d]) *outSize *= s.dims[d];
  }
  if (*n == 0) rangeError(env, "reduce: empty input");
  return s;
}

// shape: rank, dims, reps; n and outSize: values in and out.
inline TileShape tileArg(Napi::Env env, const Napi::Value& v, int64_t* n, int64_t* outSize) {
  const ShapeArg arg = shapeArg(v, 2);
  TileShape s{arg.rank, {}, {}};
  *n = dimsField(env, arg, 0, s.dims);
  copyField(env, arg, 1, s.reps);
  *outSize = 1;
  for (int d = 0; d < s.rank; ++d) *outSize = mulSize(env, *outSize, mulSize(env, s.dims[d], s.reps[d]));
  return s;
}

// shape: rank, dims, before, after; n and outSize: values in and out.
inline PadShape padArg(Napi::Env env, const Napi::Value& v, int64_t* n, int64_t* outSize) {
  const ShapeArg arg = shapeArg(v, 3);
  PadShape s{arg.rank, {}, {}, {}};
  *n = dimsField(env, arg, 0, s.dims);
  copyField(env, arg, 1, s.before);
  copyField(env, arg, 2, s.after);
  *outSize = 1;
  for (int d = 0; d < s.rank; ++d) *outSize = mulSize(env, *outSize, s.before[d] + s.dims[d] + s.after[d]);
  return s;
}

}  // namespace simsiam
