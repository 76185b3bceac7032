// cuBLAS / cuDNN under the `cuda` backend (device/CudaLibraries.h):
//   device.libraries() -> { cublas: {path, version} | {error}, cudnn: ... }
//   device.setTf32(on)   device.tf32()
//   device.setLibrariesEnabled(cublas, cudnn)   test hook: false counts a library as missing
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "device/CudaLibraries.h"

namespace simsiam {
namespace {

Napi::Object libraryObject(Napi::Env env, const cudalibs::LibraryInfo& i) {
  Napi::Object o = Napi::Object::New(env);
  if (i.loaded && i.error.empty()) {
    o.Set("path", i.path);
    o.Set("version", i.version);
  } else {
    o.Set("error", i.error);
  }
  return o;
}

Napi::Value Libraries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("cublas", libraryObject(env, cudalibs::cublasInfo()));
  o.Set("cudnn", libraryObject(env, cudalibs::cudnnInfo()));
  return o;
}

Napi::Value SetTf32(const Napi::CallbackInfo& info) {
  cudalibs::setTf32(info[0].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value Tf32(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), cudalibs::tf32()); }

Napi::Value SetLibrariesEnabled(const Napi::CallbackInfo& info) {
  cudalibs::disable(!info[0].ToBoolean(), !info[1].ToBoolean());
  return info.Env().Undefined();
}

}  // namespace

void initCudaLibrariesBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "libraries", Libraries);
  setDeviceFunction(env, exports, "setTf32", SetTf32);
  setDeviceFunction(env, exports, "tf32", Tf32);
  setDeviceFunction(env, exports, "setLibrariesEnabled", SetLibrariesEnabled);
}

}  // namespace simsiam
