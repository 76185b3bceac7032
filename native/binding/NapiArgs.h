// Argument access for the bindings. The TypeScript layer validates user input
// and words the errors; these checks only keep a misuse of the raw binding
// from crashing the process.
#pragma once
#include <napi.h>

#include <cstdint>
#include <exception>
#include <string>

namespace simsiam {

// The most values a tensor argument may have.
constexpr int64_t kMaxElements = int64_t{1} << 40;

[[noreturn]] inline void rangeError(Napi::Env env, const std::string& what) {
  throw Napi::RangeError::New(env, "native: " + what);
}

inline size_t lengthOf(const Napi::Value& v) { return v.As<Napi::TypedArray>().ElementLength(); }

inline double numberArg(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string("native: expected a number for ") + name);
  return v.As<Napi::Number>().DoubleValue();
}

// a * b for sizes, bounded to kMaxElements.
inline int64_t mulSize(Napi::Env env, int64_t a, int64_t b) {
  if (b != 0 && a > kMaxElements / b) rangeError(env, "tensor too large");
  return a * b;
}

inline int64_t sizeOf(Napi::Env env, const int64_t* dims, int rank) {
  int64_t n = 1;
  for (int d = 0; d < rank; ++d) n = mulSize(env, n, dims[d]);
  return n;
}

template <typename T> struct TypedArrayKind;
template <> struct TypedArrayKind<float> { static constexpr napi_typedarray_type value = napi_float32_array; };
template <> struct TypedArrayKind<double> { static constexpr napi_typedarray_type value = napi_float64_array; };
template <> struct TypedArrayKind<uint8_t> { static constexpr napi_typedarray_type value = napi_uint8_array; };
template <> struct TypedArrayKind<uint32_t> { static constexpr napi_typedarray_type value = napi_uint32_array; };
template <> struct TypedArrayKind<int32_t> { static constexpr napi_typedarray_type value = napi_int32_array; };

template <typename T>
T* typedData(const Napi::Value& v, const char* name, size_t minLength) {
  using ArrayT = Napi::TypedArrayOf<T>;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != TypedArrayKind<T>::value)
    NAPI_THROW(Napi::TypeError::New(v.Env(), std::string("native: expected a typed array for ") + name), nullptr);
  ArrayT a = v.As<ArrayT>();
  if (a.ElementLength() < minLength)
    NAPI_THROW(Napi::RangeError::New(v.Env(), std::string("native: ") + name + " is too short"), nullptr);
  return a.Data();
}

inline int64_t intArg(const Napi::Value& v, const char* name, int64_t lo, int64_t hi) {
  if (!v.IsNumber())
    NAPI_THROW(Napi::TypeError::New(v.Env(), std::string("native: expected a number for ") + name), 0);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != static_cast<double>(static_cast<int64_t>(d)))
    NAPI_THROW(Napi::RangeError::New(v.Env(), std::string("native: ") + name + " out of range"), 0);
  return static_cast<int64_t>(d);
}

// An op code: an index in Enum (BinaryOp, ReduceOp, PoolOp, ...).
template <typename Enum>
Enum opArg(const Napi::Value& v) {
  return static_cast<Enum>(intArg(v, "op", 0, static_cast<int64_t>(Enum::kCount) - 1));
}

// Runs a kernel, turning C++ exceptions (bad_alloc) into JS errors naming it.
template <typename F>
void guarded(Napi::Env env, const char* name, F&& f) {
  try {
    f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("native ") + name + ": " + e.what());
  }
}

// Adds fn as exports.<name> (a host function; device ones: setDeviceFunction).
inline void setFunction(Napi::Env env, Napi::Object exports, const char* name, Napi::Function::Callback fn) {
  exports.Set(name, Napi::Function::New(env, fn, name));
}

}  // namespace simsiam
