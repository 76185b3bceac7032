// native.device: the memory and transfer side of the device under the `cuda`
// backend (native/device/Device.h).
//   init(mode 'cuda' | 'host', index)    name()
//   alloc(bytes, kernel) -> id            release(id)
//   upload(id, typedArray)                download(id, typedArray)   (waits)
//   read(id, typedArray) -> Promise<void> (waits off the JS thread; rejects if
//     typedArray is detached or shrunk meanwhile)
//   copy(dst, src, bytes)                 fill(id, valueArray, count)
//   memory() -> {...}                     synchronize()
//   errorText(code, kernel) -> the message a launch failing with that CUDA error throws (null for 0)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"

namespace simsiam {
namespace {

size_t byteLength(const Napi::Value& v, const char* name) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), std::string("native: expected a typed array for ") + name);
  return v.As<Napi::TypedArray>().ByteLength();
}

void* bytesOf(const Napi::Value& v) {
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  return static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string mode = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  if (mode != "cuda" && mode != "host") throw Napi::TypeError::New(env, "native: device.init(mode 'cuda' | 'host', index)");
  const int index = static_cast<int>(intArg(info[1], "index", 0, 1024));
  deviceGuarded(env, "init", [&] { device::init(mode == "cuda" ? device::Mode::kCuda : device::Mode::kHost, index); });
  return Napi::String::New(env, device::name());
}

Napi::Value Name(const Napi::CallbackInfo& info) {
  if (device::mode() == device::Mode::kNone) return info.Env().Null();
  return Napi::String::New(info.Env(), device::name());
}

Napi::Value Alloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t bytes = intArg(info[0], "bytes", 0, int64_t{1} << 50);
  const std::string kernel = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "a tensor";
  uint32_t id = 0;
  deviceGuarded(env, "alloc", [&] { id = device::alloc(static_cast<size_t>(bytes), kernel.c_str()); });
  return Napi::Number::New(env, id);
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  deviceGuarded(info.Env(), "release", [&] { device::release(bufferId(info[0], "id")); });
  return info.Env().Undefined();
}

Napi::Value Upload(const Napi::CallbackInfo& info) {
  const size_t bytes = byteLength(info[1], "values");
  deviceGuarded(info.Env(), "write", [&] { device::upload(bufferId(info[0], "id"), bytesOf(info[1]), bytes); });
  return info.Env().Undefined();
}

Napi::Value Download(const Napi::CallbackInfo& info) {
  const size_t bytes = byteLength(info[1], "values");
  deviceGuarded(info.Env(), "readSync", [&] { device::download(bufferId(info[0], "id"), bytesOf(info[1]), bytes); });
  return info.Env().Undefined();
}

// Waits for a staged read on a libuv thread; Execute touches no N-API.
class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Env env, device::PendingRead* pending, Napi::TypedArray dst, size_t bytes)
      : Napi::AsyncWorker(env, "simsiam.device.read"),
        pending_(pending),
        bytes_(bytes),
        deferred_(Napi::Promise::Deferred::New(env)) {
    dst_ = Napi::Persistent(dst);
  }
  ~ReadWorker() override {
    if (pending_) device::finishRead(pending_, nullptr);
  }
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      device::waitRead(pending_);
    } catch (const std::exception& e) {
      SetError(std::string("cuda backend: ") + e.what());
    }
  }
  void OnOK() override {
    // JS ran while the read waited: dst's buffer may have been transferred
    // (detached: no data, length 0) or shrunk.
    Napi::TypedArray dst = dst_.Value().As<Napi::TypedArray>();
    const bool lost = bytes_ > 0 && (dst.ArrayBuffer().Data() == nullptr || dst.ByteLength() < bytes_);
    device::finishRead(pending_, lost ? nullptr : bytesOf(dst));  // frees the staging either way
    pending_ = nullptr;
    if (lost)
      deferred_.Reject(Napi::Error::New(Env(), "cuda backend: read: the destination array was detached (transferred) "
                                               "or shrunk while the read ran")
                           .Value());
    else
      deferred_.Resolve(Env().Undefined());
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  device::PendingRead* pending_;
  size_t bytes_;
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::TypedArray> dst_;
};

Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t bytes = byteLength(info[1], "values");
  device::PendingRead* pending = nullptr;
  deviceGuarded(env, "read", [&] { pending = device::startRead(bufferId(info[0], "id"), bytes); });
  auto* worker = new ReadWorker(env, pending, info[1].As<Napi::TypedArray>(), bytes);
  Napi::Promise p = worker->promise();
  worker->Queue();
  return p;
}

Napi::Value Copy(const Napi::CallbackInfo& info) {
  const int64_t bytes = intArg(info[2], "bytes", 0, int64_t{1} << 50);
  deviceGuarded(info.Env(), "copy", [&] {
    device::copy(bufferId(info[0], "dst"), bufferId(info[1], "src"), static_cast<size_t>(bytes));
  });
  return info.Env().Undefined();
}

Napi::Value Fill(const Napi::CallbackInfo& info) {
  const size_t valueBytes = byteLength(info[1], "value");
  const int64_t count = intArg(info[2], "count", 0, int64_t{1} << 48);
  deviceGuarded(info.Env(), "fill", [&] {
    device::fill(bufferId(info[0], "id"), bytesOf(info[1]), valueBytes, static_cast<size_t>(count));
  });
  return info.Env().Undefined();
}

Napi::Value Memory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const device::MemoryStats m = device::memory();
  Napi::Object o = Napi::Object::New(env);
  o.Set("bytesInUse", static_cast<double>(m.bytesInUse));
  o.Set("buffers", static_cast<double>(m.buffers));
  o.Set("poolBytes", static_cast<double>(m.poolBytes));
  o.Set("freeBytes", static_cast<double>(m.freeBytes));
  o.Set("totalBytes", static_cast<double>(m.totalBytes));
  return o;
}

// The message a launch failing with CUDA error `code` in `kernel` throws
// (tests check its wording without a GPU).
Napi::Value ErrorText(const Napi::CallbackInfo& info) {
  const int code = static_cast<int>(intArg(info[0], "code", -1, 100000));
  const std::string kernel = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "kernel";
  try {
    device::check(code, kernel.c_str());
  } catch (const device::DeviceError& e) {
    return Napi::String::New(info.Env(), std::string("cuda backend: ") + e.what());
  }
  return info.Env().Null();
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  deviceGuarded(info.Env(), "synchronize", [] { device::synchronize(); });
  return info.Env().Undefined();
}

}  // namespace

void initDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "init", Init);
  setDeviceFunction(env, exports, "name", Name);
  setDeviceFunction(env, exports, "alloc", Alloc);
  setDeviceFunction(env, exports, "release", Release);
  setDeviceFunction(env, exports, "upload", Upload);
  setDeviceFunction(env, exports, "download", Download);
  setDeviceFunction(env, exports, "read", Read);
  setDeviceFunction(env, exports, "copy", Copy);
  setDeviceFunction(env, exports, "fill", Fill);
  setDeviceFunction(env, exports, "memory", Memory);
  setDeviceFunction(env, exports, "synchronize", Synchronize);
  setDeviceFunction(env, exports, "errorText", ErrorText);
}

}  // namespace simsiam
