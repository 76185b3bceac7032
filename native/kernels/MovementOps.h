// Per-element semantics of Cast, the comparisons, LogicalAnd/Or/Not, Select,
// AddN and ClipByValue, shared by the CPU references and the CUDA kernels.
// They follow tfjs-backend-cpu, which computes on JS numbers and stores into
// typed arrays:
//   - float32 -> int32 is Int32Array.from: truncation, NaN/Inf -> 0, values
//     outside int32 wrap modulo 2^32 (ToInt32), not C's undefined behaviour.
//   - -> bool is x != 0 (NaN -> true), decided on the bits for float32 so a
//     denormal is true even where the CPU flushes denormals.
//   - comparisons are IEEE (NaN compares false but for !=).
//   - LogicalAnd is JS a && b (a ? b : a), LogicalOr a || b, LogicalNot !x.
//   - Select takes t where condition == 1 (exactly, as tfjs does).
//   - AddN adds into a zero-initialised typed array in input order (int32
//     wraps modulo 2^32).
//   - ClipByValue compares in double against the double attrs and stores the
//     float32 rounding of the result.
// The CPU references run these on the calling thread (not in parallelFor,
// whose FTZ/DAZ mode would change float comparisons of denormals).
#pragma once
#include <math.h>

#include <cstdint>
#include <cstring>

#include "kernels/HostDevice.h"

namespace simsiam {

enum class CompareOp : int {
  kGreater,
  kGreaterEqual,
  kLess,
  kLessEqual,
  kEqual,
  kNotEqual,
  kLogicalAnd,
  kLogicalOr,
  kCount,
};

namespace ops {

SIMSIAM_HD int32_t toInt32(float x) {
  if (x > -2147483648.f && x < 2147483648.f) return static_cast<int32_t>(x);  // truncates
  if (!(fabsf(x) < INFINITY)) return 0;                                      // NaN, +-Inf
  double m = fmod(static_cast<double>(x), 4294967296.0);                     // |x| >= 2^31: an integer
  if (m < 0) m += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(m));
}

SIMSIAM_HD uint32_t floatBits(float x) {
#ifdef __CUDA_ARCH__
  return static_cast<uint32_t>(__float_as_int(x));
#else
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
#endif
}

// Cast<From, To>::f
template <typename From, typename To>
struct Cast;
template <>
struct Cast<float, int32_t> {
  static SIMSIAM_HD int32_t f(float x) { return toInt32(x); }
};
template <>
struct Cast<float, uint8_t> {
  static SIMSIAM_HD uint8_t f(float x) { return (floatBits(x) & 0x7fffffffu) != 0 ? 1 : 0; }
};
template <>
struct Cast<int32_t, float> {
  static SIMSIAM_HD float f(int32_t x) { return static_cast<float>(x); }
};
template <>
struct Cast<int32_t, uint8_t> {
  static SIMSIAM_HD uint8_t f(int32_t x) { return x != 0 ? 1 : 0; }
};
template <>
struct Cast<uint8_t, float> {
  static SIMSIAM_HD float f(uint8_t x) { return static_cast<float>(x); }
};
template <>
struct Cast<uint8_t, int32_t> {
  static SIMSIAM_HD int32_t f(uint8_t x) { return static_cast<int32_t>(x); }
};

struct Greater {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a > b ? 1 : 0; }
};
struct GreaterEqual {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a >= b ? 1 : 0; }
};
struct Less {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a < b ? 1 : 0; }
};
struct LessEqual {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a <= b ? 1 : 0; }
};
struct Equal {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a == b ? 1 : 0; }
};
struct NotEqual {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return a != b ? 1 : 0; }
};
// On bool (uint8) values only.
struct LogicalAnd {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return static_cast<uint8_t>(a ? b : a); }
};
struct LogicalOr {
  template <typename T>
  static SIMSIAM_HD uint8_t f(T a, T b) { return static_cast<uint8_t>(a ? a : b); }
};

SIMSIAM_HD float clip(float x, double lo, double hi) {
  const double v = x;
  if (v > hi) return static_cast<float>(hi);
  return v < lo ? static_cast<float>(lo) : x;
}

}  // namespace ops

template <typename F>
bool withCompareOp(CompareOp op, F&& f) {
  switch (op) {
    case CompareOp::kGreater: f(ops::Greater{}); return true;
    case CompareOp::kGreaterEqual: f(ops::GreaterEqual{}); return true;
    case CompareOp::kLess: f(ops::Less{}); return true;
    case CompareOp::kLessEqual: f(ops::LessEqual{}); return true;
    case CompareOp::kEqual: f(ops::Equal{}); return true;
    case CompareOp::kNotEqual: f(ops::NotEqual{}); return true;
    case CompareOp::kLogicalAnd: f(ops::LogicalAnd{}); return true;
    case CompareOp::kLogicalOr: f(ops::LogicalOr{}); return true;
    case CompareOp::kCount: break;
  }
  return false;
}

// Calls f(T{}) with the C++ type of an ElementType code (0 float, 1 int32,
// 2 bool as uint8); false for another code.
template <typename F>
bool withElementType(int type, F&& f) {
  switch (type) {
    case 0: f(float{}); return true;
    case 1: f(int32_t{}); return true;
    case 2: f(uint8_t{}); return true;
    default: return false;
  }
}

}  // namespace simsiam
