// Host collectives over Gloo (Debian's libgloo-dev; the engine torch.distributed
// uses on CPUs): one context per process, connected as a full mesh of TCP pairs
// through a Gloo rendezvous store, and the few operations data-parallel
// training needs (sum all-reduce of float32 / float64 buffers in place,
// broadcast, barrier, all-gather). Compiled to a stand-in that reports "built
// without Gloo" when cmake/Collectives.cmake did not find Gloo.
//
// Stores, all Gloo's own (this Gloo predates gloo::rendezvous::TCPStore):
//   file:DIR          FileStore in DIR: one machine (the launcher's private
//                     directory), or a shared filesystem
//   redis:HOST:PORT   RedisStore: no shared filesystem; any Redis server
// wrapped in Gloo's PrefixStore under a run id, so that runs sharing a store
// do not mix.
//
// Failures become CollectiveError: the Gloo message, the operation, and the
// peer ranks it can be pinned on (a peer whose connection closed: it exited
// or was killed; with two ranks, the one that did not answer in time).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace simsiam {
namespace collectives {

// Whether this build has Gloo, and if not, why (for `simsiam info` and errors).
bool glooBuilt();
std::string glooBuildInfo();

enum class DType { kFloat32, kFloat64, kUint8 };

struct GlooOptions {
  int rank = 0;
  int size = 1;
  std::string store;     // file:DIR | redis:HOST:PORT
  std::string prefix;    // run id: keys live under it
  std::string hostname;  // address this process listens on (empty: resolve the host name)
  std::string iface;     // or a network interface (GLOO_SOCKET_IFNAME)
  std::chrono::milliseconds timeout{std::chrono::seconds(300)};         // per operation
  std::chrono::milliseconds connectTimeout{std::chrono::seconds(300)};  // rendezvous
};

class CollectiveError : public std::runtime_error {
 public:
  // kind: "peer-lost" (a peer's connection closed), "timeout", "closed" (used after close()), "error".
  CollectiveError(const std::string& message, std::string kind, std::vector<int> peers)
      : std::runtime_error(message), kind(std::move(kind)), peers(std::move(peers)) {}
  std::string kind;
  std::vector<int> peers;
};

struct GlooState;

class GlooGroup {
 public:
  // Rendezvous and full-mesh connect; throws CollectiveError.
  static std::shared_ptr<GlooGroup> connect(const GlooOptions& options);
  ~GlooGroup();

  int rank() const { return rank_; }
  int size() const { return size_; }
  std::chrono::milliseconds timeout() const { return timeout_; }

  // Every operation runs alone (a mutex: callers may be on several threads) and
  // must be issued in the same order on every rank. timeout 0: the group's.
  void allreduceSum(void* data, size_t count, DType type, std::chrono::milliseconds timeout = {});
  void broadcast(void* data, size_t bytes, int root, std::chrono::milliseconds timeout = {});
  void barrier(std::chrono::milliseconds timeout = {});
  // out holds size() * bytes: rank r's `in` at r * bytes.
  void allgather(const void* in, void* out, size_t bytes, std::chrono::milliseconds timeout = {});
  // Closes the connections; later operations throw CollectiveError("closed").
  void close();

 private:
  GlooGroup() = default;
  template <typename F>
  void run(const char* op, std::chrono::milliseconds timeout, F&& f);

  int rank_ = 0, size_ = 1;
  std::chrono::milliseconds timeout_{0};
  std::mutex mutex_;
  uint32_t tag_ = 0;
  std::unique_ptr<CollectiveError> failed_;  // the first failure: the group is unusable after it
  std::unique_ptr<GlooState> state_;
};

}  // namespace collectives
}  // namespace simsiam
