#include "util/ThreadPool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SIMSIAM_HAS_MXCSR 1
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SIMSIAM_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define SIMSIAM_CPU_RELAX() asm volatile("yield")
#else
#define SIMSIAM_CPU_RELAX() ((void)0)
#endif

namespace simsiam {
namespace {

// Denormal operands make x86 float arithmetic ~100x slower (microcode assists);
// training produces them in gradients. Native parallel regions flush them to
// zero (FTZ + DAZ), the usual setting of CPU deep-learning kernels. Workers
// keep the mode; the calling thread (Node's) gets its own mode back afterwards
// so JavaScript arithmetic is untouched.
class FlushDenormals {
 public:
  FlushDenormals() {
#ifdef SIMSIAM_HAS_MXCSR
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | 0x8040u);
#endif
  }
  ~FlushDenormals() {
#ifdef SIMSIAM_HAS_MXCSR
    _mm_setcsr(saved_);
#endif
  }
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

 private:
  unsigned saved_ = 0;
};

// Waits until ready() holds: first by spinning for up to `spin`, then by sleeping on cv (the waker takes `mu`
// before notifying, so a sleeper cannot miss it). A training step runs ~2,000 parallel regions a few tens of
// microseconds apart; waking a sleeping thread costs a futex call and, in a virtual machine, an interprocessor
// interrupt (10-50 us each), which made two threads slower than one on small models. Spinning briefly between
// regions is what OpenMP runtimes do too (their "blocktime").
template <class Ready>
void spinThenWait(std::mutex& mu, std::condition_variable& cv, std::chrono::microseconds spin, Ready ready) {
  if (ready()) return;
  const auto until = std::chrono::steady_clock::now() + spin;
  for (int i = 1;; ++i) {
    SIMSIAM_CPU_RELAX();
    if (ready()) return;
    if ((i & 63) == 0 && std::chrono::steady_clock::now() >= until) break;
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, ready);
}

class Pool {
 public:
  explicit Pool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_.store(true);
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void run(int64_t chunks, const std::function<void(int64_t)>& task) {
    std::lock_guard<std::mutex> region(regionMu_);
    task_ = &task;
    chunks_ = chunks;
    next_.store(0);
    pending_.store(static_cast<int>(workers_.size()));
    {
      std::lock_guard<std::mutex> lock(mu_);
      generation_.fetch_add(1);  // publishes task_ and chunks_ to the workers (sequentially consistent)
    }
    cv_.notify_all();
    work();
    spinThenWait(mu_, done_, kDoneSpin, [this] { return pending_.load() == 0; });
    task_ = nullptr;
  }

 private:
  // Workers spin this long for the next region before sleeping; the caller spins this long for the workers'
  // last chunks (they are running, so the wait is short) before sleeping.
  static constexpr std::chrono::microseconds kIdleSpin{200};
  static constexpr std::chrono::microseconds kDoneSpin{2000};

  void work() {
    for (int64_t c; (c = next_.fetch_add(1)) < chunks_;) (*task_)(c);
  }
  void loop() {
    FlushDenormals mode;
    uint64_t seen = 0;
    for (;;) {
      spinThenWait(mu_, cv_, kIdleSpin, [&] { return generation_.load() != seen; });
      seen = generation_.load();
      if (stop_.load()) return;
      work();
      if (pending_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mu_);
        done_.notify_one();
      }
    }
  }

  std::vector<std::thread> workers_;
  std::mutex regionMu_, mu_;
  std::condition_variable cv_, done_;
  const std::function<void(int64_t)>* task_ = nullptr;
  std::atomic<int64_t> next_{0};
  int64_t chunks_ = 0;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

Pool& pool() {
  static Pool p(numThreads());
  return p;
}

}  // namespace

int numThreads() {
  static const int n = [] {
    if (const char* env = std::getenv("SIMSIAM_NUM_THREADS")) {
      int v = std::atoi(env);
      if (v > 0) return v;
    }
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }();
  return n;
}

void parallelFor(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  FlushDenormals mode;
  grain = std::max<int64_t>(grain, 1);
  int64_t chunks = std::min<int64_t>((n + grain - 1) / grain, 4 * static_cast<int64_t>(numThreads()));
  if (chunks <= 1 || numThreads() == 1) {
    fn(0, n);
    return;
  }
  const int64_t step = (n + chunks - 1) / chunks;
  chunks = (n + step - 1) / step;
  pool().run(chunks, [&](int64_t c) { fn(c * step, std::min(n, (c + 1) * step)); });
}

}  // namespace simsiam
