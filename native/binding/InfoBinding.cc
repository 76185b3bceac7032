// deviceInfo() -> { build: {...}, cuda: {...} }: what the addon was built
// with and what the CUDA runtime finds on this machine.
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "util/CpuPath.h"
#include "util/CudaDevice.h"
#include "util/Philox.h"
#include "util/ThreadPool.h"

#ifndef SIMSIAM_BUILD_TYPE
#define SIMSIAM_BUILD_TYPE "unknown"
#endif

namespace simsiam {
namespace {

Napi::Value DeviceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CudaReport r = queryCuda();
  Napi::Object build = Napi::Object::New(env);
  build.Set("cuda", r.compiled);
  Napi::Array archs = Napi::Array::New(env);
  size_t start = 0, k = 0;
  while (start < r.architectures.size()) {
    size_t end = r.architectures.find(',', start);
    if (end == std::string::npos) end = r.architectures.size();
    archs.Set(k++, r.architectures.substr(start, end - start));
    start = end + 1;
  }
  build.Set("cudaArchitectures", archs);
  build.Set("cudaRuntimeVersion", r.runtimeVersion);
  build.Set("buildType", SIMSIAM_BUILD_TYPE);
  build.Set("compiler", __VERSION__);
  build.Set("napiVersion", NAPI_VERSION);
  build.Set("threads", numThreads());
  build.Set("cpuPath", cpuPathName(cpuPath()));
  const std::vector<CpuPath> paths = availableCpuPaths();
  Napi::Array pathNames = Napi::Array::New(env, paths.size());
  for (size_t i = 0; i < paths.size(); ++i) pathNames.Set(static_cast<uint32_t>(i), cpuPathName(paths[i]));
  build.Set("cpuPaths", pathNames);
  build.Set("march", cpuMarch());

  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("driverVersion", r.driverVersion);
  Napi::Array devices = Napi::Array::New(env, r.devices.size());
  for (size_t i = 0; i < r.devices.size(); ++i) {
    const CudaDeviceInfo& d = r.devices[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("index", d.index);
    o.Set("name", d.name);
    o.Set("computeCapability", std::to_string(d.major) + "." + std::to_string(d.minor));
    o.Set("multiprocessors", d.multiprocessors);
    o.Set("totalMemory", static_cast<double>(d.totalMemory));
    o.Set("freeMemory", static_cast<double>(d.freeMemory));
    devices.Set(static_cast<uint32_t>(i), o);
  }
  cuda.Set("devices", devices);
  cuda.Set("reason", r.reason.empty() ? env.Null() : Napi::String::New(env, r.reason));

  Napi::Object out = Napi::Object::New(env);
  out.Set("build", build);
  out.Set("cuda", cuda);
  return out;
}

// philox4x32(ctr: Uint32Array(4), key: Uint32Array(2)) -> Uint32Array(4); for the known-answer test.
Napi::Value Philox(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2) NAPI_THROW(Napi::TypeError::New(env, "native: philox4x32(ctr, key)"), env.Null());
  const uint32_t* c = typedData<uint32_t>(info[0], "ctr", 4);
  const uint32_t* k = typedData<uint32_t>(info[1], "key", 2);
  if (!c || !k) return env.Null();
  const Philox4 r = philox4x32({c[0], c[1], c[2], c[3]}, k[0], k[1]);
  Napi::Uint32Array out = Napi::Uint32Array::New(env, 4);
  for (int i = 0; i < 4; ++i) out[i] = r[i];
  return out;
}

}  // namespace

void initInfoBinding(Napi::Env env, Napi::Object exports) {
  // An impossible SIMSIAM_CPU_PATH fails the load rather than running another path than asked for.
  if (!cpuPathError().empty()) throw Napi::Error::New(env, "simsiam-node: " + cpuPathError());
  setFunction(env, exports, "deviceInfo", DeviceInfo);
  setFunction(env, exports, "philox4x32", Philox);
}

}  // namespace simsiam
