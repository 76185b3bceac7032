// Runs a launch on the device thread: blocks one at a time, every CUDA thread
// a fiber that runs until it exits or meets the others at a barrier or a warp
// intrinsic. The scheduler checks each meeting (docs/cuda-emulator.md) and
// reports instead of hanging when it cannot complete.
#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "Runtime.h"

extern "C" {
void simsiam_emu_switch(void** save_sp, void* next_sp);
void simsiam_emu_fiber_start();
__attribute__((visibility("hidden"), noreturn)) void simsiam_emu_fiber_main(void* fiber);
}

namespace simsiam_emu {
namespace {

using detail::Builtins;
using detail::LaunchDesc;

enum State : uint8_t { kRunnable, kWaiting, kExited };
enum Wait : uint8_t { kNone, kBarrier, kWarp, kDead };

struct Fiber {
  Builtins b;  // what threadIdx & co read while this fiber runs
  void* sp = nullptr;
  char* stack = nullptr;
  size_t stackSize = 0;
  bool fresh = true;  // (re)initialise the stack before the next resume
  State state = kExited;
  Wait wait = kNone;
  int op = 0, arg = 0, width = 32;
  unsigned mask = 0;
  uint64_t bits = 0, result = 0;
  const char* file = nullptr;
  int line = 0;
  void* fakeStack = nullptr;  // ASan
  void* tsan = nullptr;       // TSan fiber
};

// Blocks alternate between fiber sets: under TSan a set is one group of TSan
// fibers, so consecutive blocks are unordered (their races are found) while
// fibers are made once.
#ifdef SIMSIAM_EMU_TSAN
constexpr int kSets = 2;
#else
constexpr int kSets = 1;
#endif
struct FiberSet {
  std::vector<Fiber*> fibers;
  char barrierSync = 0;
  char warpSync[32] = {};
};
// Never destroyed (as every runtime global): the device thread outlives exit().
FiberSet* const gSets = new FiberSet[kSets];

struct SharedVar {
  const void* tag;
  const char* name;
  void* ptr;
  size_t size;
};

// The running block.
struct Block {
  const LaunchDesc* launch = nullptr;
  FiberSet* set = nullptr;
  uint3 idx{};
  unsigned n = 0;
  std::vector<SharedVar> vars;
  void* dyn = nullptr;
  size_t staticBytes = 0;
  size_t sharedLimit = 0;
  bool failed = false;
};
Block& gBlock = *new Block;
Fiber* gRunning = nullptr;
void* gSchedSp = nullptr;
#ifdef SIMSIAM_EMU_ASAN
const void* gSchedBottom = nullptr;  // the device thread's stack
size_t gSchedSize = 0;
void* gSchedFake = nullptr;
#endif
#ifdef SIMSIAM_EMU_TSAN
void* gSchedTsan = nullptr;
#endif
char gStartSync = 0, gEndSync = 0;  // TSan: host -> block start, block end -> host
uint64_t gLaunchCount = 0;

// ---- fibers ---------------------------------------------------------------------
void initFiber(Fiber* f) {
  const size_t size = settings().stack;
  if (!f->stack) {
    const size_t guard = 4096;
    char* m = static_cast<char*>(mmap(nullptr, size + guard, PROT_READ | PROT_WRITE,
                                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
    if (m == MAP_FAILED) {
      reportLine("cannot map a fiber stack");
      std::abort();
    }
    mprotect(m, guard, PROT_NONE);  // an overflow faults instead of corrupting a neighbour
    f->stack = m + guard;
    f->stackSize = size;
  }
#ifdef SIMSIAM_EMU_ASAN
  __asan_unpoison_memory_region(f->stack, f->stackSize);
#endif
#ifdef SIMSIAM_EMU_TSAN
  if (f->tsan) __tsan_destroy_fiber(f->tsan);
  f->tsan = __tsan_create_fiber(0);
#endif
  void** sp = reinterpret_cast<void**>(reinterpret_cast<uintptr_t>(f->stack + f->stackSize) & ~uintptr_t{15});
  *--sp = nullptr;  // padding: the start routine re-aligns
  *--sp = reinterpret_cast<void*>(&simsiam_emu_fiber_start);
  *--sp = nullptr;  // rbp
  *--sp = nullptr;  // rbx
  *--sp = f;        // r12: the argument of simsiam_emu_fiber_main
  *--sp = nullptr;  // r13
  *--sp = nullptr;  // r14
  *--sp = nullptr;  // r15
  f->sp = sp;
  f->fresh = false;
}

void resume(Fiber* f) {
  if (f->fresh) initFiber(f);
  *gBlock.launch->slot = &f->b;
  gRunning = f;
#ifdef SIMSIAM_EMU_ASAN
  __sanitizer_start_switch_fiber(&gSchedFake, f->stack, f->stackSize);
#endif
#ifdef SIMSIAM_EMU_TSAN
  __tsan_switch_to_fiber(f->tsan, 1);  // 1: no synchronisation
#endif
  simsiam_emu_switch(&gSchedSp, f->sp);
#ifdef SIMSIAM_EMU_ASAN
  __sanitizer_finish_switch_fiber(gSchedFake, nullptr, nullptr);
#endif
  gRunning = nullptr;
}

// From a fiber back to the scheduler; returns when resumed.
void yield(Fiber* f) {
#ifdef SIMSIAM_EMU_ASAN
  __sanitizer_start_switch_fiber(&f->fakeStack, gSchedBottom, gSchedSize);
#endif
#ifdef SIMSIAM_EMU_TSAN
  __tsan_switch_to_fiber(gSchedTsan, 1);
#endif
  simsiam_emu_switch(&f->sp, gSchedSp);
#ifdef SIMSIAM_EMU_ASAN
  __sanitizer_finish_switch_fiber(f->fakeStack, nullptr, nullptr);
#endif
}

Fiber* running(const char* what) {
  if (!gRunning) {
    reportLine(strf("%s called outside a running kernel", what));
    std::abort();
  }
  return gRunning;
}

// ---- reports ----------------------------------------------------------------------
const char* opName(Wait w, int op) {
  if (w == kBarrier) {
    static const char* b[] = {"__syncthreads", "__syncthreads_count", "__syncthreads_and", "__syncthreads_or"};
    return b[op];
  }
  static const char* n[] = {"__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync",
                            "__match_any_sync", "__ballot_sync", "__any_sync", "__all_sync",
                            "__syncwarp", "__match_all_sync"};
  return n[op];
}

// "0-31,64,70-80" (linear thread indices), shortened when long.
std::string ranges(const std::vector<unsigned>& ids) {
  std::string s;
  int shown = 0;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (shown == 8) {
      s += strf(",... (%zu threads)", ids.size());
      break;
    }
    s += (s.empty() ? "" : ",") + (i == j ? strf("%u", ids[i]) : strf("%u-%u", ids[i], ids[j]));
    ++shown;
    i = j + 1;
  }
  return s;
}

std::string where() {
  const LaunchDesc& d = *gBlock.launch;
  return strf("kernel %s (launched at %s:%d) block (%u,%u,%u) of grid (%u,%u,%u), block size (%u,%u,%u)", d.name,
              d.file, d.line, gBlock.idx.x, gBlock.idx.y, gBlock.idx.z, d.config.grid.x, d.config.grid.y,
              d.config.grid.z, d.config.block.x, d.config.block.y, d.config.block.z);
}

Fiber* fib(unsigned i) { return gBlock.set->fibers[i]; }

bool sameSite(const Fiber* a, const Fiber* b) {
  return a->line == b->line && (a->file == b->file || std::strcmp(a->file, b->file) == 0);
}

std::string describe(const Fiber* g) {
  if (g->state == kExited) return "has exited";
  if (g->wait == kBarrier) return strf("waits at %s (%s:%d)", opName(kBarrier, g->op), g->file, g->line);
  if (g->wait == kWarp)
    return strf("is at %s (%s:%d) with mask 0x%08x", opName(kWarp, g->op), g->file, g->line, g->mask);
  return "is stopped";
}

// ---- meetings -----------------------------------------------------------------------
void release(Fiber* f, uint64_t result) {
  f->result = result;
  f->state = kRunnable;
  f->wait = kNone;
}

// Completes a warp intrinsic whose lanes (mask m of warp w) are all present.
bool completeWarp(unsigned w, unsigned m) {
  const unsigned base = w * 32;
  uint64_t results[32];
  for (unsigned l = 0; l < 32; ++l) {
    if (!(m >> l & 1)) continue;
    const Fiber* f = fib(base + l);
    uint64_t r = 0;
    switch (f->op) {
      case detail::kShfl:
      case detail::kShflUp:
      case detail::kShflDown:
      case detail::kShflXor: {
        const int width = f->width;
        if (width < 1 || width > 32 || (width & (width - 1))) {
          fault("%s: %s at %s:%d with width %d (a power of two up to 32 is required)", where().c_str(),
                opName(kWarp, f->op), f->file, f->line, width);
          return false;
        }
        const int seg = static_cast<int>(l) & ~(width - 1);
        int src = static_cast<int>(l);
        if (f->op == detail::kShfl) src = seg + (f->arg & (width - 1));
        else if (f->op == detail::kShflUp) src = (static_cast<int>(l) - seg) >= f->arg ? static_cast<int>(l) - f->arg : static_cast<int>(l);
        else if (f->op == detail::kShflDown) src = (static_cast<int>(l) - seg) + f->arg < width ? static_cast<int>(l) + f->arg : static_cast<int>(l);
        else {
          src = static_cast<int>(l) ^ f->arg;
          if (src < 0 || src >= seg + width) src = static_cast<int>(l);
        }
        if (!(m >> src & 1)) {
          fault("%s: %s at %s:%d: lane %u (thread %u) reads lane %d, which is not in the mask 0x%08x", where().c_str(),
                opName(kWarp, f->op), f->file, f->line, l, base + l, src, m);
          return false;
        }
        r = fib(base + src)->bits;
        break;
      }
      case detail::kMatchAny:
      case detail::kMatchAll: {
        unsigned same = 0;
        for (unsigned j = 0; j < 32; ++j)
          if ((m >> j & 1) && fib(base + j)->bits == f->bits) same |= 1u << j;
        r = f->op == detail::kMatchAny ? same : (same == m ? m : 0);
        break;
      }
      case detail::kBallot:
      case detail::kAny:
      case detail::kAll: {
        unsigned votes = 0;
        for (unsigned j = 0; j < 32; ++j)
          if ((m >> j & 1) && fib(base + j)->bits) votes |= 1u << j;
        r = f->op == detail::kBallot ? votes : f->op == detail::kAny ? votes != 0 : votes == m;
        break;
      }
      default: break;  // __syncwarp
    }
    results[l] = r;
  }
  for (unsigned l = 0; l < 32; ++l)
    if (m >> l & 1) release(fib(base + l), results[l]);
  return true;
}

// Every runnable thread has run: complete what can be completed. False after
// a report (the block is abandoned).
// Completes the warp intrinsics of warp w whose lanes are all there: 1 when
// one completed, 0 when none could, -1 after a report. Only the warp's own
// lanes take part, so this needs nothing from the rest of the block.
int completeWarps(unsigned w, Fiber** stuck) {
  const unsigned base = w * 32, lanes = std::min(32u, gBlock.n - base);
  unsigned done = 0;
  int progress = 0;
  for (unsigned l = 0; l < lanes; ++l) {
    Fiber* f = fib(base + l);
    if (f->state != kWaiting || f->wait != kWarp || (done >> l & 1)) continue;
    const unsigned m = f->mask;
    if (!(m >> l & 1)) {
      fault("%s: %s at %s:%d called by lane %u (thread %u) with mask 0x%08x, which does not include the lane",
            where().c_str(), opName(kWarp, f->op), f->file, f->line, l, base + l, m);
      return -1;
    }
    if (lanes < 32 && (m >> lanes)) {
      fault("%s: %s at %s:%d with mask 0x%08x names lanes that do not exist (warp %u has %u threads)",
            where().c_str(), opName(kWarp, f->op), f->file, f->line, m, w, lanes);
      return -1;
    }
    bool complete = true;
    for (unsigned j = 0; j < lanes && complete; ++j) {
      if (!(m >> j & 1)) continue;
      const Fiber* g = fib(base + j);
      complete = g->state == kWaiting && g->wait == kWarp && g->op == f->op && g->mask == m && sameSite(g, f);
    }
    if (!complete) {
      if (stuck && !*stuck) *stuck = f;
      continue;
    }
    if (!completeWarp(w, m)) return -1;
    done |= m;
    progress = 1;
  }
  return progress;
}

// Every thread is blocked or has exited, and no warp intrinsic can complete:
// release the barrier, or report why the block cannot go on. False after a
// report (the block is abandoned).
bool resolve() {
  const unsigned n = gBlock.n;
  Fiber* stuck = nullptr;
  for (unsigned w = 0; w * 32 < n; ++w) {
    const int r = completeWarps(w, &stuck);
    if (r < 0) return false;
    if (r > 0) return true;
  }

  std::vector<unsigned> exited, atBarrier;
  for (unsigned i = 0; i < n; ++i) {
    const Fiber* f = fib(i);
    if (f->state == kExited) exited.push_back(i);
    else if (f->wait == kBarrier) atBarrier.push_back(i);
  }
  if (stuck) {
    const unsigned l = static_cast<unsigned>(std::find(gBlock.set->fibers.begin(), gBlock.set->fibers.end(), stuck) -
                                             gBlock.set->fibers.begin());
    const unsigned base = l / 32 * 32;
    std::vector<unsigned> here;
    std::string other;
    for (unsigned j = 0; j < 32; ++j) {
      if (!(stuck->mask >> j & 1)) continue;
      const Fiber* g = fib(base + j);
      if (g->state == kWaiting && g->wait == kWarp && g->op == stuck->op && g->mask == stuck->mask &&
          sameSite(g, stuck))
        here.push_back(base + j);
      else if (other.empty())
        other = strf("thread %u (lane %u) %s", base + j, j, describe(g).c_str());
    }
    fault("%s: %s at %s:%d with mask 0x%08x cannot complete: threads %s wait there but %s", where().c_str(),
          opName(kWarp, stuck->op), stuck->file, stuck->line, stuck->mask, ranges(here).c_str(), other.c_str());
    return false;
  }
  // Only barriers are left.
  const Fiber* first = fib(atBarrier.front());
  if (!exited.empty()) {
    fault("%s: threads %s exited without reaching the %s at %s:%d where threads %s wait", where().c_str(),
          ranges(exited).c_str(), opName(kBarrier, first->op), first->file, first->line, ranges(atBarrier).c_str());
    return false;
  }
  std::vector<unsigned> same, other;
  for (unsigned i : atBarrier) (fib(i)->op == first->op && sameSite(fib(i), first) ? same : other).push_back(i);
  if (!other.empty()) {
    const Fiber* o = fib(other.front());
    std::vector<unsigned> second;
    for (unsigned i : other)
      if (fib(i)->op == o->op && sameSite(fib(i), o)) second.push_back(i);
    fault("%s: divergent barriers: threads %s wait at %s (%s:%d), threads %s at %s (%s:%d)", where().c_str(),
          ranges(same).c_str(), opName(kBarrier, first->op), first->file, first->line, ranges(second).c_str(),
          opName(kBarrier, o->op), o->file, o->line);
    return false;
  }
  uint64_t count = 0;
  for (unsigned i : atBarrier) count += fib(i)->bits != 0;
  const uint64_t result = first->op == detail::kSyncCount ? count
                          : first->op == detail::kSyncAnd ? count == atBarrier.size()
                          : first->op == detail::kSyncOr  ? count != 0
                                                          : 0;
  for (unsigned i : atBarrier) release(fib(i), result);
  return true;
}

// ---- order ----------------------------------------------------------------------------
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

struct Rng {
  uint64_t s;
  uint64_t next() { return s = mix(s); }
  uint64_t below(uint64_t n) { return next() % n; }
};

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// Block k of the launch's execution order: a permutation of [0, total).
struct BlockOrder {
  uint64_t total;
  Order order;
  std::vector<uint32_t> perm;  // random, small grids
  uint64_t a = 1, c = 0;       // random, large grids: (a k + c) mod total
  BlockOrder(uint64_t t, Rng& rng) : total(t), order(settings().order) {
    if (order != Order::kRandom) return;
    if (total <= (1u << 22)) {
      perm.resize(total);
      for (uint64_t i = 0; i < total; ++i) perm[i] = static_cast<uint32_t>(i);
      shuffle(perm, rng);
    } else {
      auto gcd = [](uint64_t x, uint64_t y) {
        while (y) { const uint64_t r = x % y; x = y; y = r; }
        return x;
      };
      do a = rng.below(total - 1) + 1; while (gcd(a, total) != 1);
      c = rng.below(total);
    }
  }
  uint64_t operator()(uint64_t k) const {
    if (order == Order::kForward) return k;
    if (order == Order::kReverse) return total - 1 - k;
    if (!perm.empty()) return perm[k];
    return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * k + c) % total);
  }
};

// ---- blocks -----------------------------------------------------------------------------
void freeShared() {
  for (auto& v : gBlock.vars) std::free(v.ptr);
  gBlock.vars.clear();
  std::free(gBlock.dyn);
  gBlock.dyn = nullptr;
}

bool runBlock(FiberSet& set, uint3 idx, Rng& rng) {
  const LaunchDesc& d = *gBlock.launch;
  const dim3 bd = d.config.block;
  const unsigned n = bd.x * bd.y * bd.z;
  while (set.fibers.size() < n) set.fibers.push_back(new Fiber);
  gBlock.set = &set;
  gBlock.idx = idx;
  gBlock.n = n;
  gBlock.staticBytes = 0;
  gBlock.dyn = std::malloc(d.config.shared ? d.config.shared : 1);
  std::memset(gBlock.dyn, 0xFF, d.config.shared ? d.config.shared : 1);
  for (unsigned i = 0; i < n; ++i) {
    Fiber* f = set.fibers[i];
    f->b = Builtins{uint3{i % bd.x, i / bd.x % bd.y, i / (bd.x * bd.y)}, idx, bd, d.config.grid};
    f->state = kRunnable;
    f->wait = kNone;
  }
  // Warp by warp: a warp's lanes run until each has exited or blocked, its
  // complete warp intrinsics are completed and it runs again; then the next
  // warp. When every warp is blocked, the block-wide step (resolve).
  static std::vector<unsigned>& warps = *new std::vector<unsigned>;
  static std::vector<unsigned>& lanes = *new std::vector<unsigned>;
  const Order order = settings().order;
  const unsigned nWarps = (n + 31) / 32;
  bool ok = true;
  for (;;) {
    warps.clear();
    for (unsigned w = 0; w < nWarps; ++w) warps.push_back(w);
    if (order == Order::kReverse) std::reverse(warps.begin(), warps.end());
    else if (order == Order::kRandom) shuffle(warps, rng);
    for (unsigned w : warps) {
      const unsigned base = w * 32, end = std::min(n, base + 32);
      for (;;) {
        lanes.clear();
        for (unsigned i = base; i < end; ++i)
          if (set.fibers[i]->state == kRunnable) lanes.push_back(i);
        if (lanes.empty()) break;
        if (order == Order::kReverse) std::reverse(lanes.begin(), lanes.end());
        else if (order == Order::kRandom) shuffle(lanes, rng);
        for (unsigned i : lanes) {
          resume(set.fibers[i]);
          if (gBlock.failed) break;
        }
        if (gBlock.failed) break;
        const int r = completeWarps(w, nullptr);
        if (r < 0) gBlock.failed = true;
        if (r <= 0) break;
      }
      if (gBlock.failed) break;
    }
    if (gBlock.failed) {
      ok = false;
      break;
    }
    bool allExited = true;
    for (unsigned i = 0; i < n && allExited; ++i) allExited = set.fibers[i]->state == kExited;
    if (allExited) break;
    if (!resolve()) {
      ok = false;
      break;
    }
  }
  if (!ok) {
    // Abandoned fibers start again from a fresh stack.
    for (unsigned i = 0; i < n; ++i)
      if (set.fibers[i]->state != kExited) set.fibers[i]->fresh = true;
  }
  freeShared();
  return ok;
}

}  // namespace

void runLaunch(const LaunchDesc& d) {
  ++gLaunchCount;
  if (stickyError()) {
    d.destroy(d.args);
    return;
  }
  for (int i = 0; i < d.pointerCount; ++i) {
    const void* p = d.pointers[i];
    if (p && !inAllocation(p, 0, true)) {
      fault("kernel %s (launched at %s:%d): pointer argument %d (%p) is not inside a live device allocation "
            "(a host pointer, or freed memory?)",
            d.name, d.file, d.line, i + 1, p);
      d.destroy(d.args);
      return;
    }
  }
#ifdef SIMSIAM_EMU_TSAN
  if (!gSchedTsan) gSchedTsan = __tsan_get_current_fiber();
#endif
  gBlock.launch = &d;
  gBlock.failed = false;
  const int raised = maxDynamicShared(d.kernel);
  gBlock.sharedLimit = raised ? 232448 : 48 << 10;
  const dim3 g = d.config.grid;
  const uint64_t total = 1ull * g.x * g.y * g.z;
  Rng rng{mix(settings().seed ^ mix(gLaunchCount))};
  const BlockOrder order(total, rng);
  SIMSIAM_EMU_RELEASE(&gStartSync);
  for (uint64_t k = 0; k < total; ++k) {
    const uint64_t b = order(k);
    const uint3 idx{static_cast<unsigned>(b % g.x), static_cast<unsigned>(b / g.x % g.y),
                    static_cast<unsigned>(b / (1ull * g.x * g.y))};
    if (!runBlock(gSets[k % kSets], idx, rng)) break;
  }
  SIMSIAM_EMU_ACQUIRE(&gEndSync);
  gBlock.launch = nullptr;
  d.destroy(d.args);
}

namespace detail {

uint64_t warpOp(int kind, unsigned mask, uint64_t bits, int arg, int width, const char* file, int line) {
  Fiber* f = running(opName(kWarp, kind));
  f->wait = kWarp;
  f->op = kind;
  f->mask = mask;
  f->bits = bits;
  f->arg = arg;
  f->width = width;
  f->file = file;
  f->line = line;
  f->state = kWaiting;
  // Shuffles and votes order nothing; __syncwarp orders memory among its lanes.
  const bool sync = kind == kSyncWarp;
  const Builtins& b = f->b;
  char* edge = &gBlock.set->warpSync[(b.thread.x + b.blockSize.x * (b.thread.y + b.blockSize.y * b.thread.z)) / 32];
  if (sync) SIMSIAM_EMU_RELEASE(edge);
  yield(f);
  if (sync) SIMSIAM_EMU_ACQUIRE(edge);
  (void)edge;
  return f->result;
}

int barrier(int kind, int predicate, const char* file, int line) {
  Fiber* f = running("__syncthreads");
  f->wait = kBarrier;
  f->op = kind;
  f->bits = predicate != 0;
  f->file = file;
  f->line = line;
  f->state = kWaiting;
  SIMSIAM_EMU_RELEASE(&gBlock.set->barrierSync);
  yield(f);
  SIMSIAM_EMU_ACQUIRE(&gBlock.set->barrierSync);
  return static_cast<int>(f->result);
}

void* sharedStorage(const void* tag, const char* name, size_t size, size_t align) {
  SIMSIAM_EMU_IGNORE;
  Fiber* f = running("a __shared__ declaration");
  for (const SharedVar& v : gBlock.vars)
    if (v.tag == tag) return v.ptr;
  void* p = nullptr;
  if (posix_memalign(&p, align < 16 ? 16 : align, size ? size : 1) != 0) std::abort();
  std::memset(p, 0xFF, size);
  gBlock.vars.push_back(SharedVar{tag, name, p, size});
  gBlock.staticBytes += size;
  const size_t dyn = gBlock.launch->config.shared;
  if (gBlock.staticBytes + dyn > gBlock.sharedLimit) {
    fault("%s: __shared__ %s makes %zu bytes of static and %zu of dynamic shared memory, more than the %zu a block "
          "may use",
          where().c_str(), name, gBlock.staticBytes, dyn, gBlock.sharedLimit);
    gBlock.failed = true;
    f->state = kWaiting;
    f->wait = kDead;
    yield(f);  // never resumed
  }
  return p;
}

void* dynamicShared() {
  running("extern __shared__");
  return gBlock.dyn;
}

}  // namespace detail
}  // namespace simsiam_emu

using namespace simsiam_emu;

extern "C" void simsiam_emu_fiber_main(void* arg) {
  Fiber* f = static_cast<Fiber*>(arg);
#ifdef SIMSIAM_EMU_ASAN
  __sanitizer_finish_switch_fiber(nullptr, &gSchedBottom, &gSchedSize);
#endif
  for (;;) {
    SIMSIAM_EMU_ACQUIRE(&gStartSync);
    gBlock.launch->run(gBlock.launch->args);
    SIMSIAM_EMU_RELEASE(&gEndSync);
    f->state = kExited;
    yield(f);
  }
}
