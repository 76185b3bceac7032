// Argument access for the device functions (native.device.* in src/native/):
// buffer ids, checked against the device's buffer table, and the shared
// `device` exports object each binding file adds its functions to.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

#include "binding/NapiArgs.h"
#include "device/Device.h"
#include "kernels/Movement.h"

namespace simsiam {

inline uint32_t bufferId(const Napi::Value& v, const char* name) {
  return static_cast<uint32_t>(intArg(v, name, 1, UINT32_MAX));
}

// The buffer `v` names as T*, holding at least `count` values.
template <typename T>
T* deviceData(const Napi::Value& v, const char* name, int64_t count) {
  return device::data<T>(bufferId(v, name), count, name);
}

// null/undefined or a buffer id.
template <typename T>
T* optionalDeviceData(const Napi::Value& v, const char* name, int64_t count) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  return deviceData<T>(v, name, count);
}

// The data-movement kernels work on element sizes (kernels/Movement.h):
// elemBytes is 1, 2, 4 or 8; `type` an ElementType code.
inline size_t elemBytesArg(const Napi::Value& v) {
  const int64_t e = intArg(v, "elemBytes", 1, 8);
  if (e != 1 && e != 2 && e != 4 && e != 8) rangeError(v.Env(), "elemBytes must be 1, 2, 4 or 8");
  return static_cast<size_t>(e);
}

inline ElementType typeArg(const Napi::Value& v, const char* name) {
  return static_cast<ElementType>(intArg(v, name, 0, static_cast<int64_t>(ElementType::kCount) - 1));
}

// The buffer `v` names, holding at least `count` elements of elemBytes.
inline void* bytesData(const Napi::Value& v, const char* name, int64_t count, size_t elemBytes) {
  return deviceData<unsigned char>(v, name, count * static_cast<int64_t>(elemBytes));
}

// Runs a device function body, turning DeviceError and other C++ exceptions
// into JS errors (the message names the kernel and the CUDA error).
template <typename F>
void deviceGuarded(Napi::Env env, const char* name, F&& f) {
  try {
    f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const device::DeviceError& e) {
    throw Napi::Error::New(env, std::string("cuda backend: ") + e.what());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("cuda backend ") + name + ": " + e.what());
  }
}

inline Napi::Object deviceExports(Napi::Env env, Napi::Object exports) {
  if (!exports.Has("device")) exports.Set("device", Napi::Object::New(env));
  return exports.Get("device").As<Napi::Object>();
}

// Adds fn as device.<name>.
inline void setDeviceFunction(Napi::Env env, Napi::Object exports, const char* name, Napi::Function::Callback fn) {
  deviceExports(env, exports).Set(name, Napi::Function::New(env, fn, name));
}

}  // namespace simsiam
