// NCCL (the engine torch.distributed uses on GPUs), loaded at run time with
// dlopen like cuBLAS (device/CudaLibraries.h: the same search order, with
// SIMSIAM_NCCL, libnccl.so.2, /usr/local/cuda, /usr/lib/x86_64-linux-gnu and
// the nvidia/nccl/lib and torch/lib Python wheels). No NCCL headers on the
// build machines: our own declarations of the few functions and enum values
// used (from NCCL's public nccl.h). Plain C++, so CPU-only builds compile it
// and report the library too.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "device/CudaLibraries.h"

namespace simsiam {
namespace collectives {

// nccl.h values.
constexpr int kNcclSuccess = 0;
constexpr int kNcclInProgress = 7;
constexpr int kNcclFloat32 = 7;
constexpr int kNcclUint8 = 1;
constexpr int kNcclSum = 0;
constexpr size_t kNcclUniqueIdBytes = 128;
struct NcclUniqueId {
  char internal[kNcclUniqueIdBytes];
};

struct Nccl {
  int (*getVersion)(int* version);
  int (*getUniqueId)(NcclUniqueId* id);
  int (*commInitRank)(void** comm, int nranks, NcclUniqueId id, int rank);  // ncclComm_t = void*
  int (*commDestroy)(void* comm);
  int (*commAbort)(void* comm);
  int (*commGetAsyncError)(void* comm, int* asyncError);
  const char* (*getErrorString)(int result);
  const char* (*getLastError)(void* comm);  // NCCL >= 2.13; may be null
  int (*allReduce)(const void* send, void* recv, size_t count, int dataType, int op, void* comm, void* stream);
  int (*broadcast)(const void* send, void* recv, size_t count, int dataType, int root, void* comm, void* stream);
};

class NcclError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loaded on first call (once per process); null when missing, and ncclInfo() says why.
const Nccl* nccl();
cudalibs::LibraryInfo ncclInfo();

// "NCCL <call> failed: <error string> (status N)[: <last error>]"; throws NcclError for status != 0.
void checkNccl(int status, const char* call, void* comm = nullptr);

// The unique id rank 0 makes and sends to the others (over Gloo). Throws NcclError.
std::array<uint8_t, kNcclUniqueIdBytes> ncclUniqueId();

// A communicator of one rank; the handle is a small integer. Throws NcclError.
int ncclCommCreate(int rank, int size, const uint8_t* id);
void* ncclCommHandle(int handle);  // throws for an unknown handle
// The error NCCL reports for the communicator ("" when none).
std::string ncclCommAsyncError(int handle);
// Aborts (a peer failed: pending operations stop) or destroys, and forgets it.
void ncclCommFree(int handle, bool abort);

}  // namespace collectives
}  // namespace simsiam
