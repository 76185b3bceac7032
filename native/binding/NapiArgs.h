// Argument access for the bindings. The TypeScript layer validates user input
// and words the errors; these checks only keep a misuse of the raw binding
// from crashing the process.
#pragma once
#include <napi.h>

#include <exception>
#include <string>

namespace simsiam {

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

}  // namespace simsiam
