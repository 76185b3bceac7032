// Collectives for data-parallel training (collectives/Gloo.h, collectives/Nccl.h):
//   collectivesInfo() -> { gloo: { built, info }, nccl: { path, version } | { error } }
//   glooConnect({ rank, size, store, prefix, hostname, iface, timeoutMs, connectTimeoutMs }) -> Promise<group>
//     group.allreduce(Float32Array | Float64Array, timeoutMs?) -> Promise   (sum, in place)
//     group.allreduceSync(...)                      the same, blocking the JS thread (inside tfjs kernels)
//     group.broadcast(typedArray, root, timeoutMs?) -> Promise; group.broadcastSync(...)
//     group.barrier(timeoutMs?) -> Promise; group.allgather(in: Uint8Array, out: Uint8Array, timeoutMs?) -> Promise
//     group.close()
//   A failed operation rejects (or throws) an Error with `kind` ('peer-lost', 'timeout', 'closed', 'error')
//   and `peers` (the ranks it is pinned on). The async operations run on the libuv pool and hold
//   references to their arrays until they settle.
//   ncclUniqueId() -> Uint8Array(128)
//   device.ncclCommCreate(rank, size, id) -> handle; device.ncclAllReduce(handle, buffer, count) (float32 sum,
//   in place, on the device stream); device.ncclBroadcast(handle, buffer, bytes, root);
//   device.ncclCommAsyncError(handle) -> string ('' when none); device.ncclCommFree(handle, abort)
#include <napi.h>

#include <functional>
#include <memory>
#include <vector>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "collectives/Gloo.h"
#include "collectives/Nccl.h"

namespace simsiam {
namespace {

using collectives::CollectiveError;
using collectives::GlooGroup;
using Group = std::shared_ptr<GlooGroup>;

Napi::Error collectiveError(Napi::Env env, const std::string& message, const std::string& kind, const std::vector<int>& peers) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("kind", Napi::String::New(env, kind));
  Napi::Array p = Napi::Array::New(env, peers.size());
  for (size_t i = 0; i < peers.size(); ++i) p.Set(static_cast<uint32_t>(i), Napi::Number::New(env, peers[i]));
  e.Set("peers", p);
  return e;
}

// Runs `op` on the libuv pool; the promise settles on the JS thread.
class CollectiveWorker : public Napi::AsyncWorker {
 public:
  CollectiveWorker(Napi::Env env, std::function<void()> op, const std::vector<Napi::Object>& keep)
      : Napi::AsyncWorker(env, "simsiam:collective"), deferred_(Napi::Promise::Deferred::New(env)), op_(std::move(op)) {
    for (const auto& o : keep) refs_.push_back(Napi::Persistent(o));
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      op_();
    } catch (const CollectiveError& e) {
      kind_ = e.kind;
      peers_ = e.peers;
      SetError(e.what());
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    refs_.clear();
    deferred_.Resolve(Env().Undefined());
  }
  void OnError(const Napi::Error& e) override {
    refs_.clear();
    deferred_.Reject(collectiveError(Env(), e.Message(), kind_, peers_).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<void()> op_;
  std::vector<Napi::ObjectReference> refs_;
  std::string kind_ = "error";
  std::vector<int> peers_;
};

Napi::Promise queue(Napi::Env env, std::function<void()> op, const std::vector<Napi::Object>& keep) {
  auto* w = new CollectiveWorker(env, std::move(op), keep);
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

template <typename F>
void sync(Napi::Env env, F&& f) {
  try {
    f();
  } catch (const CollectiveError& e) {
    throw collectiveError(env, e.what(), e.kind, e.peers);
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

std::chrono::milliseconds timeoutArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(intArg(info[i], "timeoutMs", 1, int64_t{1} << 40));
}

// The bytes of any typed array.
struct Bytes {
  void* data;
  size_t bytes;
};
Bytes bytesOf(const Napi::Value& v, const char* name) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), std::string("native: expected a typed array for ") + name);
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  return {static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset(), a.ByteLength()};
}

// A float32 or float64 array for the all-reduce.
struct Floats {
  void* data;
  size_t count;
  collectives::DType type;
};
Floats floatsOf(const Napi::Value& v) {
  if (v.IsTypedArray()) {
    Napi::TypedArray a = v.As<Napi::TypedArray>();
    if (a.TypedArrayType() == napi_float32_array)
      return {a.As<Napi::Float32Array>().Data(), a.ElementLength(), collectives::DType::kFloat32};
    if (a.TypedArrayType() == napi_float64_array)
      return {a.As<Napi::Float64Array>().Data(), a.ElementLength(), collectives::DType::kFloat64};
  }
  throw Napi::TypeError::New(v.Env(), "native: allreduce takes a Float32Array or a Float64Array");
}

std::string stringField(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}

Napi::Object groupObject(Napi::Env env, const Group& g) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("rank", Napi::Number::New(env, g->rank()));
  o.Set("size", Napi::Number::New(env, g->size()));
  o.Set("allreduce", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const Floats f = floatsOf(info[0]);
    const auto t = timeoutArg(info, 1);
    return queue(info.Env(), [g, f, t] { g->allreduceSum(f.data, f.count, f.type, t); }, {info[0].As<Napi::Object>()});
  }, "allreduce"));
  o.Set("allreduceSync", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const Floats f = floatsOf(info[0]);
    sync(info.Env(), [&] { g->allreduceSum(f.data, f.count, f.type, timeoutArg(info, 1)); });
    return info.Env().Undefined();
  }, "allreduceSync"));
  o.Set("broadcast", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const Bytes b = bytesOf(info[0], "data");
    const int root = static_cast<int>(intArg(info[1], "root", 0, g->size() - 1));
    const auto t = timeoutArg(info, 2);
    return queue(info.Env(), [g, b, root, t] { g->broadcast(b.data, b.bytes, root, t); }, {info[0].As<Napi::Object>()});
  }, "broadcast"));
  o.Set("broadcastSync", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const Bytes b = bytesOf(info[0], "data");
    const int root = static_cast<int>(intArg(info[1], "root", 0, g->size() - 1));
    sync(info.Env(), [&] { g->broadcast(b.data, b.bytes, root, timeoutArg(info, 2)); });
    return info.Env().Undefined();
  }, "broadcastSync"));
  o.Set("barrier", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const auto t = timeoutArg(info, 0);
    return queue(info.Env(), [g, t] { g->barrier(t); }, {});
  }, "barrier"));
  o.Set("allgather", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    const Bytes in = bytesOf(info[0], "input"), out = bytesOf(info[1], "output");
    if (out.bytes != in.bytes * static_cast<size_t>(g->size()))
      throw Napi::RangeError::New(info.Env(), "native: allgather output must hold size x input bytes");
    const auto t = timeoutArg(info, 2);
    return queue(info.Env(), [g, in, out, t] { g->allgather(in.data, out.data, in.bytes, t); },
                 {info[0].As<Napi::Object>(), info[1].As<Napi::Object>()});
  }, "allgather"));
  o.Set("close", Napi::Function::New(env, [g](const Napi::CallbackInfo& info) -> Napi::Value {
    g->close();
    return info.Env().Undefined();
  }, "close"));
  return o;
}

// Settles with the group object: connecting blocks (rendezvous), so it runs on the pool.
class ConnectWorker : public Napi::AsyncWorker {
 public:
  ConnectWorker(Napi::Env env, collectives::GlooOptions o)
      : Napi::AsyncWorker(env, "simsiam:glooConnect"), deferred_(Napi::Promise::Deferred::New(env)), options_(std::move(o)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }
  void Execute() override {
    try {
      group_ = GlooGroup::connect(options_);
    } catch (const CollectiveError& e) {
      kind_ = e.kind;
      SetError(e.what());
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(groupObject(Env(), group_)); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(collectiveError(Env(), e.Message(), kind_, {}).Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  collectives::GlooOptions options_;
  Group group_;
  std::string kind_ = "error";
};

Napi::Value GlooConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throw Napi::TypeError::New(env, "native: glooConnect takes an options object");
  Napi::Object o = info[0].As<Napi::Object>();
  collectives::GlooOptions opts;
  opts.rank = static_cast<int>(intArg(o.Get("rank"), "rank", 0, 1 << 20));
  opts.size = static_cast<int>(intArg(o.Get("size"), "size", 1, 1 << 20));
  opts.store = stringField(o, "store");
  opts.prefix = stringField(o, "prefix");
  opts.hostname = stringField(o, "hostname");
  opts.iface = stringField(o, "iface");
  if (o.Get("timeoutMs").IsNumber()) opts.timeout = std::chrono::milliseconds(intArg(o.Get("timeoutMs"), "timeoutMs", 1, int64_t{1} << 40));
  if (o.Get("connectTimeoutMs").IsNumber())
    opts.connectTimeout = std::chrono::milliseconds(intArg(o.Get("connectTimeoutMs"), "connectTimeoutMs", 1, int64_t{1} << 40));
  auto* w = new ConnectWorker(env, std::move(opts));
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

Napi::Value CollectivesInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  Napi::Object gloo = Napi::Object::New(env);
  gloo.Set("built", Napi::Boolean::New(env, collectives::glooBuilt()));
  gloo.Set("info", Napi::String::New(env, collectives::glooBuildInfo()));
  o.Set("gloo", gloo);
  Napi::Object nccl = Napi::Object::New(env);
  const cudalibs::LibraryInfo n = collectives::ncclInfo();
  if (n.loaded) {
    nccl.Set("path", n.path);
    nccl.Set("version", n.version);
  } else {
    nccl.Set("error", n.error);
  }
  o.Set("nccl", nccl);
  return o;
}

template <typename F>
auto ncclGuarded(Napi::Env env, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

Napi::Value NcclUniqueId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto id = ncclGuarded(env, [] { return collectives::ncclUniqueId(); });
  Napi::Uint8Array out = Napi::Uint8Array::New(env, id.size());
  std::copy(id.begin(), id.end(), out.Data());
  return out;
}

Napi::Value NcclCommCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int rank = static_cast<int>(intArg(info[0], "rank", 0, 1 << 20));
  const int size = static_cast<int>(intArg(info[1], "size", 1, 1 << 20));
  const uint8_t* id = typedData<uint8_t>(info[2], "id", collectives::kNcclUniqueIdBytes);
  return Napi::Number::New(env, ncclGuarded(env, [&] { return collectives::ncclCommCreate(rank, size, id); }));
}

Napi::Value NcclAllReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int handle = static_cast<int>(intArg(info[0], "comm", 1, INT32_MAX));
  const int64_t count = intArg(info[2], "count", 0, kMaxElements);
  deviceGuarded(env, "ncclAllReduce", [&] {
    float* data = deviceData<float>(info[1], "data", count);
    if (device::onHost()) throw device::DeviceError("NCCL needs a CUDA device (the cuda backend is on the host device)");
    void* comm = collectives::ncclCommHandle(handle);
    collectives::checkNccl(collectives::nccl()->allReduce(data, data, static_cast<size_t>(count), collectives::kNcclFloat32,
                                                          collectives::kNcclSum, comm, device::stream()),
                           "ncclAllReduce", comm);
  });
  return env.Undefined();
}

Napi::Value NcclBroadcast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int handle = static_cast<int>(intArg(info[0], "comm", 1, INT32_MAX));
  const int64_t bytes = intArg(info[2], "bytes", 0, kMaxElements);
  const int root = static_cast<int>(intArg(info[3], "root", 0, 1 << 20));
  deviceGuarded(env, "ncclBroadcast", [&] {
    uint8_t* data = deviceData<uint8_t>(info[1], "data", bytes);
    if (device::onHost()) throw device::DeviceError("NCCL needs a CUDA device (the cuda backend is on the host device)");
    void* comm = collectives::ncclCommHandle(handle);
    collectives::checkNccl(collectives::nccl()->broadcast(data, data, static_cast<size_t>(bytes), collectives::kNcclUint8,
                                                          root, comm, device::stream()),
                           "ncclBroadcast", comm);
  });
  return env.Undefined();
}

Napi::Value NcclCommAsyncError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int handle = static_cast<int>(intArg(info[0], "comm", 1, INT32_MAX));
  return Napi::String::New(env, ncclGuarded(env, [&] { return collectives::ncclCommAsyncError(handle); }));
}

Napi::Value NcclCommFree(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int handle = static_cast<int>(intArg(info[0], "comm", 1, INT32_MAX));
  const bool abort = info[1].ToBoolean();
  ncclGuarded(env, [&] { collectives::ncclCommFree(handle, abort); });
  return env.Undefined();
}

}  // namespace

void initCollectivesBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "collectivesInfo", CollectivesInfo);
  setFunction(env, exports, "glooConnect", GlooConnect);
  setFunction(env, exports, "ncclUniqueId", NcclUniqueId);
  setDeviceFunction(env, exports, "ncclCommCreate", NcclCommCreate);
  setDeviceFunction(env, exports, "ncclAllReduce", NcclAllReduce);
  setDeviceFunction(env, exports, "ncclBroadcast", NcclBroadcast);
  setDeviceFunction(env, exports, "ncclCommAsyncError", NcclCommAsyncError);
  setDeviceFunction(env, exports, "ncclCommFree", NcclCommFree);
}

}  // namespace simsiam
