// Host collectives over Gloo (see Gloo.h).
#include "collectives/Gloo.h"

#include <thread>

#if SIMSIAM_WITH_GLOO
#include <gloo/allgather.h>
#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/common/error.h>
#include <gloo/config.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/file_store.h>
#include <gloo/rendezvous/prefix_store.h>
#include <gloo/transport/tcp/device.h>
#include <gloo/transport/unbound_buffer.h>
#if SIMSIAM_GLOO_REDIS
#include <gloo/rendezvous/redis_store.h>
#endif
#endif

namespace simsiam {
namespace collectives {

#if !SIMSIAM_WITH_GLOO

struct GlooState {};

bool glooBuilt() { return false; }
std::string glooBuildInfo() {
  return "built without Gloo (install Debian's libgloo-dev and rebuild the addon: npm run build:native)";
}

std::shared_ptr<GlooGroup> GlooGroup::connect(const GlooOptions&) {
  throw CollectiveError("cannot start distributed training on CPUs: this addon was " + glooBuildInfo(), "error", {});
}
GlooGroup::~GlooGroup() = default;
template <typename F>
void GlooGroup::run(const char*, std::chrono::milliseconds, F&&) {
  throw CollectiveError(glooBuildInfo(), "error", {});
}
void GlooGroup::allreduceSum(void*, size_t, DType, std::chrono::milliseconds t) { run("all-reduce", t, 0); }
void GlooGroup::broadcast(void*, size_t, int, std::chrono::milliseconds t) { run("broadcast", t, 0); }
void GlooGroup::barrier(std::chrono::milliseconds t) { run("barrier", t, 0); }
void GlooGroup::allgather(const void*, void*, size_t, std::chrono::milliseconds t) { run("all-gather", t, 0); }
void GlooGroup::close() {}

#else

namespace {

// A slot no algorithm uses: posting a zero-byte receive there on a pair
// rethrows the error the pair holds, if any (only done once the group failed).
constexpr uint64_t kProbeSlot = 0x5151000000000000ull;

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string seconds(std::chrono::milliseconds t) {
  const double s = static_cast<double>(t.count()) / 1000.0;
  char buf[32];
  snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

std::string rankList(const std::vector<int>& ranks) {
  std::string s = ranks.size() == 1 ? "rank " : "ranks ";
  for (size_t i = 0; i < ranks.size(); ++i) s += (i ? ", " : "") + std::to_string(ranks[i]);
  return s;
}

}  // namespace

struct GlooState {
  std::shared_ptr<gloo::transport::Device> device;
  std::shared_ptr<gloo::rendezvous::Context> context;
  // Buffers of the receives that probed the pairs after a failure: they stay
  // posted, so they live as long as the context.
  char probeByte = 0;
  std::vector<std::unique_ptr<gloo::transport::UnboundBuffer>> probes;
  ~GlooState() {
    context.reset();
    probes.clear();
  }
};

bool glooBuilt() { return true; }

std::string glooBuildInfo() {
  return "Gloo " + std::to_string(GLOO_VERSION_MAJOR) + "." + std::to_string(GLOO_VERSION_MINOR) + "." +
         std::to_string(GLOO_VERSION_PATCH) + " (TCP transport; stores: file" +
#if SIMSIAM_GLOO_REDIS
         ", redis" +
#endif
         std::string(")");
}

namespace {

std::unique_ptr<gloo::rendezvous::Store> openStore(const GlooOptions& o) {
  const std::string& s = o.store;
  if (s.rfind("file:", 0) == 0) return std::make_unique<gloo::rendezvous::FileStore>(s.substr(5));
  if (s.rfind("redis:", 0) == 0) {
#if SIMSIAM_GLOO_REDIS
    const std::string hostPort = s.substr(6);
    const size_t colon = hostPort.rfind(':');
    if (colon == std::string::npos) throw CollectiveError("rendezvous store " + s + ": expected redis:HOST:PORT", "error", {});
    const std::string host = hostPort.substr(0, colon);
    const int port = std::atoi(hostPort.c_str() + colon + 1);
    // The server may still be starting (rank 0 starts one): retry until the connect timeout.
    const auto deadline = std::chrono::steady_clock::now() + o.connectTimeout;
    for (;;) {
      try {
        return std::make_unique<gloo::rendezvous::RedisStore>(host, port);
      } catch (const std::exception& e) {
        if (std::chrono::steady_clock::now() > deadline)
          throw CollectiveError("rank " + std::to_string(o.rank) + ": no rendezvous store at " + host + ":" +
                                    std::to_string(port) + " within " + seconds(o.connectTimeout) +
                                    " s (Redis: " + e.what() + ")", "timeout", {});
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
#else
    throw CollectiveError("rendezvous store " + s + ": this addon's Gloo has no Redis store (hiredis headers missing at build time)", "error", {});
#endif
  }
  throw CollectiveError("unknown rendezvous store '" + s + "': expected file:DIR or redis:HOST:PORT", "error", {});
}

}  // namespace

std::shared_ptr<GlooGroup> GlooGroup::connect(const GlooOptions& o) {
  if (o.size < 1 || o.rank < 0 || o.rank >= o.size)
    throw CollectiveError("rank " + std::to_string(o.rank) + " is not in a world of " + std::to_string(o.size), "error", {});
  std::shared_ptr<GlooGroup> g(new GlooGroup());
  g->rank_ = o.rank;
  g->size_ = o.size;
  g->timeout_ = o.timeout;
  g->state_ = std::make_unique<GlooState>();
  const std::string me = "rank " + std::to_string(o.rank) + " of " + std::to_string(o.size);
  try {
    auto base = openStore(o);
    gloo::rendezvous::PrefixStore store(o.prefix.empty() ? "simsiam" : o.prefix, *base);
    gloo::transport::tcp::attr attr;
    if (!o.iface.empty()) attr.iface = o.iface;
    else if (!o.hostname.empty()) attr.hostname = o.hostname;
    g->state_->device = gloo::transport::tcp::CreateDevice(attr);
    g->state_->context = std::make_shared<gloo::rendezvous::Context>(o.rank, o.size);
    g->state_->context->setTimeout(o.connectTimeout);
    // connectFullMesh first reads the host names of the lower ranks with the
    // store's own 30 s wait: wait for them here on the connect timeout. They are
    // connectFullMesh's first keys (rank i sets rank_<i> before it reads the
    // lower ranks' ones), so this cannot deadlock.
    std::vector<std::string> lower;
    for (int i = 0; i < o.rank; ++i) lower.push_back("rank_" + std::to_string(i));
    if (!lower.empty()) store.wait(lower, o.connectTimeout);
    g->state_->context->connectFullMesh(store, g->state_->device);
    g->state_->context->setTimeout(o.timeout);
  } catch (const CollectiveError&) {
    throw;
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (contains(what, "already set") || contains(what, "File already exists"))
      throw CollectiveError(me + ": the rendezvous store " + o.store + " already holds keys of run id '" + o.prefix +
                                "' (a previous run's): use a fresh store or another run id (" + what + ")", "error", {});
    if (contains(what, "imeout") || contains(what, "timed out"))
      throw CollectiveError(me + ": rendezvous at " + o.store + " timed out after " + seconds(o.connectTimeout) +
                                " s: not every rank joined (" + what + ")", "timeout", {});
    throw CollectiveError(me + ": rendezvous at " + o.store + " failed: " + what, "error", {});
  }
  return g;
}

GlooGroup::~GlooGroup() = default;

template <typename F>
void GlooGroup::run(const char* op, std::chrono::milliseconds timeout, F&& f) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (failed_) throw CollectiveError(*failed_);
  if (!state_ || !state_->context) throw CollectiveError("rank " + std::to_string(rank_) + ": the process group is closed", "closed", {});
  const auto t = timeout.count() > 0 ? timeout : timeout_;
  const uint32_t tag = tag_++;
  try {
    f(tag, t);
    return;
  } catch (const std::exception& e) {
    const std::string what = e.what();
    auto& ctx = state_->context;
    // Which peers' connections failed, and how: each pair rethrows the error it holds.
    std::vector<int> lost;
    for (int p = 0; p < size_; ++p) {
      if (p == rank_) continue;
      auto& pair = ctx->getPair(p);
      if (!pair) continue;
      state_->probes.push_back(ctx->createUnboundBuffer(&state_->probeByte, 0));
      try {
        pair->recv(state_->probes.back().get(), kProbeSlot, 0, 0);
      } catch (const std::exception& pe) {
        // Pairs closed by this process's own timeout say so; the others lost their peer.
        if (!contains(pe.what(), "Application timeout")) lost.push_back(p);
      }
    }
    const std::string me = "rank " + std::to_string(rank_);
    if (!lost.empty()) {
      failed_ = std::make_unique<CollectiveError>(
          me + ": " + op + " failed: " + rankList(lost) + (lost.size() == 1 ? " has" : " have") +
              " gone (connection closed: the process exited or was killed) [Gloo: " + what + "]",
          "peer-lost", lost);
    } else if (contains(what, "Timed out") || contains(what, "timeout")) {
      std::vector<int> peers;
      if (size_ == 2) peers.push_back(1 - rank_);
      failed_ = std::make_unique<CollectiveError>(
          me + ": " + op + " timed out after " + seconds(t) + " s: " +
              (peers.empty() ? std::string("a peer") : rankList(peers)) +
              " did not take part in time (it hangs, or stopped without closing its connection) [Gloo: " + what + "]",
          "timeout", peers);
    } else {
      failed_ = std::make_unique<CollectiveError>(me + ": " + op + " failed: " + what, "error", std::vector<int>{});
    }
    throw CollectiveError(*failed_);
  }
}

void GlooGroup::allreduceSum(void* data, size_t count, DType type, std::chrono::milliseconds timeout) {
  if (count == 0) return;
  run("all-reduce", timeout, [&](uint32_t tag, std::chrono::milliseconds t) {
    gloo::AllreduceOptions opts(state_->context);
    if (type == DType::kFloat64) {
      opts.setOutput(static_cast<double*>(data), count);
      opts.setReduceFunction(static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<double>));
    } else if (type == DType::kFloat32) {
      opts.setOutput(static_cast<float*>(data), count);
      opts.setReduceFunction(static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<float>));
    } else {
      throw std::invalid_argument("all-reduce of uint8 is not supported");
    }
    // The ring: every rank ends with the same bits (each chunk is summed in
    // one fixed order, then passed on), and that order is fixed for a world size.
    opts.setAlgorithm(gloo::AllreduceOptions::Algorithm::RING);
    opts.setTag(tag);
    opts.setTimeout(t);
    gloo::allreduce(opts);
  });
}

void GlooGroup::broadcast(void* data, size_t bytes, int root, std::chrono::milliseconds timeout) {
  if (root < 0 || root >= size_) throw CollectiveError("broadcast root " + std::to_string(root) + " is not a rank", "error", {});
  if (bytes == 0) return;
  run("broadcast", timeout, [&](uint32_t tag, std::chrono::milliseconds t) {
    gloo::BroadcastOptions opts(state_->context);
    opts.setOutput(static_cast<uint8_t*>(data), bytes);
    opts.setRoot(root);
    opts.setTag(tag);
    opts.setTimeout(t);
    gloo::broadcast(opts);
  });
}

void GlooGroup::barrier(std::chrono::milliseconds timeout) {
  run("barrier", timeout, [&](uint32_t tag, std::chrono::milliseconds t) {
    gloo::BarrierOptions opts(state_->context);
    opts.setTag(tag);
    opts.setTimeout(t);
    gloo::barrier(opts);
  });
}

void GlooGroup::allgather(const void* in, void* out, size_t bytes, std::chrono::milliseconds timeout) {
  if (bytes == 0) return;
  run("all-gather", timeout, [&](uint32_t tag, std::chrono::milliseconds t) {
    gloo::AllgatherOptions opts(state_->context);
    opts.setInput(const_cast<uint8_t*>(static_cast<const uint8_t*>(in)), bytes);
    opts.setOutput(static_cast<uint8_t*>(out), bytes * static_cast<size_t>(size_));
    opts.setTag(tag);
    opts.setTimeout(t);
    gloo::allgather(opts);
  });
}

void GlooGroup::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.reset();
}

#endif

}  // namespace collectives
}  // namespace simsiam
