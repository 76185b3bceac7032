// Run-time loading of NCCL and its communicators (see Nccl.h).
#include "collectives/Nccl.h"

#include <dlfcn.h>

#include <map>
#include <memory>
#include <mutex>

namespace simsiam {
namespace collectives {
namespace {

struct State {
  std::once_flag once;
  Nccl nccl{};
  cudalibs::LibraryInfo info;
  std::mutex commsMutex;
  std::map<int, void*> comms;
  int nextComm = 1;
};

State& state() {
  static State s;
  return s;
}

template <typename F>
void bind(void* lib, const char* name, F*& fn, std::string* missing) {
  fn = reinterpret_cast<F*>(dlsym(lib, name));
  if (!fn && missing) *missing += (missing->empty() ? "" : ", ") + std::string(name);
}

void load() {
  State& s = state();
#if SIMSIAM_CUDA_EMU
  s.info.error = "not loaded on the CUDA emulator";
  return;
#endif
  static const cudalibs::LibrarySpec spec{"SIMSIAM_NCCL", {"libnccl.so.2"},
                                          {"nvidia/nccl/lib", "nvidia/cu13/lib", "torch/lib"}, {}};
  cudalibs::OpenedLibrary l = cudalibs::openLibrary(spec);
  if (!l.lib) {
    s.info.error = l.error;
    return;
  }
  std::string missing;
  Nccl& n = s.nccl;
  bind(l.lib, "ncclGetVersion", n.getVersion, &missing);
  bind(l.lib, "ncclGetUniqueId", n.getUniqueId, &missing);
  bind(l.lib, "ncclCommInitRank", n.commInitRank, &missing);
  bind(l.lib, "ncclCommDestroy", n.commDestroy, &missing);
  bind(l.lib, "ncclCommAbort", n.commAbort, &missing);
  bind(l.lib, "ncclCommGetAsyncError", n.commGetAsyncError, &missing);
  bind(l.lib, "ncclGetErrorString", n.getErrorString, &missing);
  bind(l.lib, "ncclAllReduce", n.allReduce, &missing);
  bind(l.lib, "ncclBroadcast", n.broadcast, &missing);
  bind(l.lib, "ncclGetLastError", n.getLastError, nullptr);  // optional
  if (!missing.empty()) {
    s.info.error = l.path + " lacks " + missing;
    return;
  }
  int v = 0;
  const int status = n.getVersion(&v);
  if (status != kNcclSuccess) {
    s.info.error = l.path + ": ncclGetVersion failed (status " + std::to_string(status) + ")";
    return;
  }
  // NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9, major*1000 + minor*100 + patch before.
  const int major = v >= 10000 ? v / 10000 : v / 1000;
  const int minor = v >= 10000 ? (v / 100) % 100 : (v / 100) % 10;
  s.info.loaded = true;
  s.info.path = l.path;
  s.info.version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(v % 100);
}

const Nccl& required() {
  const Nccl* n = nccl();
  if (!n) throw NcclError("NCCL is not available: " + state().info.error);
  return *n;
}

}  // namespace

const Nccl* nccl() {
  State& s = state();
  std::call_once(s.once, load);
  return s.info.loaded ? &s.nccl : nullptr;
}

cudalibs::LibraryInfo ncclInfo() {
  nccl();
  return state().info;
}

void checkNccl(int status, const char* call, void* comm) {
  if (status == kNcclSuccess) return;
  const Nccl* n = nccl();
  const char* text = n && n->getErrorString ? n->getErrorString(status) : nullptr;
  std::string msg = std::string("NCCL ") + call + " failed: " + (text ? text : "error") + " (status " +
                    std::to_string(status) + ")";
  if (n && n->getLastError) {
    const char* last = n->getLastError(comm);
    if (last && *last) msg += ": " + std::string(last);
  }
  throw NcclError(msg);
}

std::array<uint8_t, kNcclUniqueIdBytes> ncclUniqueId() {
  const Nccl& n = required();
  NcclUniqueId id{};
  checkNccl(n.getUniqueId(&id), "ncclGetUniqueId");
  std::array<uint8_t, kNcclUniqueIdBytes> out{};
  std::copy(id.internal, id.internal + kNcclUniqueIdBytes, out.begin());
  return out;
}

int ncclCommCreate(int rank, int size, const uint8_t* id) {
  const Nccl& n = required();
  if (size < 1 || rank < 0 || rank >= size)
    throw NcclError("NCCL: rank " + std::to_string(rank) + " is not in a world of " + std::to_string(size));
  NcclUniqueId uid{};
  std::copy(id, id + kNcclUniqueIdBytes, uid.internal);
  void* comm = nullptr;
  checkNccl(n.commInitRank(&comm, size, uid, rank), "ncclCommInitRank");
  State& s = state();
  std::lock_guard<std::mutex> lock(s.commsMutex);
  const int handle = s.nextComm++;
  s.comms[handle] = comm;
  return handle;
}

void* ncclCommHandle(int handle) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.commsMutex);
  auto it = s.comms.find(handle);
  if (it == s.comms.end()) throw NcclError("NCCL: no communicator " + std::to_string(handle) + " (freed?)");
  return it->second;
}

std::string ncclCommAsyncError(int handle) {
  const Nccl& n = required();
  void* comm = ncclCommHandle(handle);
  int err = kNcclSuccess;
  const int status = n.commGetAsyncError(comm, &err);
  if (status != kNcclSuccess) err = status;
  if (err == kNcclSuccess || err == kNcclInProgress) return "";
  try {
    checkNccl(err, "communicator", comm);
  } catch (const NcclError& e) {
    return e.what();
  }
  return "";
}

void ncclCommFree(int handle, bool abort) {
  const Nccl& n = required();
  void* comm = nullptr;
  {
    State& s = state();
    std::lock_guard<std::mutex> lock(s.commsMutex);
    auto it = s.comms.find(handle);
    if (it == s.comms.end()) return;
    comm = it->second;
    s.comms.erase(it);
  }
  checkNccl(abort ? n.commAbort(comm) : n.commDestroy(comm), abort ? "ncclCommAbort" : "ncclCommDestroy");
}

}  // namespace collectives
}  // namespace simsiam
