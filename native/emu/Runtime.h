// Internals shared by the emulator's runtime files (not seen by kernels).
#pragma once
#include <cuda_runtime.h>

#include <cstdarg>
#include <cstdint>
#include <functional>
#include <string>

#include "Sanitizers.h"

namespace simsiam_emu {

// ---- settings (environment, read once) --------------------------------------
enum class Order { kForward, kReverse, kRandom };
struct Settings {
  Order order = Order::kForward;
  uint64_t seed = 0;
  bool fatal = false;        // SIMSIAM_EMU_FATAL=1: abort at the first report
  size_t memory = size_t{8} << 30;  // SIMSIAM_EMU_MEMORY: the device's total memory
  size_t stack = 0;          // SIMSIAM_EMU_STACK: bytes per CUDA thread's stack
};
const Settings& settings();

// ---- reports and errors (Report.cc) -------------------------------------------
// Prints "simsiam-emu: ..." to stderr; with fatal set, aborts.
void reportLine(const std::string& text);
// A fault while a launch runs: reported, then cudaErrorLaunchFailure is
// sticky (every later synchronising call returns it), as after a GPU fault.
void fault(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// A refused call (bad launch configuration, bad copy range): reported, and
// the caller returns the error; not sticky.
void refuse(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, va_list ap);
std::string strf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
cudaError_t stickyError();
void setLastError(cudaError_t e);  // per host thread, like cudart
cudaError_t takeLastError();
cudaError_t peekLastError();

// ---- memory (Memory.cc) ----------------------------------------------------------
enum class Kind { kDevice, kPinned, kPool };
// True when [p, p + bytes] lies in one live allocation of a kind allowed
// (device and pool always, pinned when pinnedOk).
bool inAllocation(const void* p, size_t bytes, bool pinnedOk);
bool isPinned(const void* p);
size_t memoryInUse();

// ---- the device thread (Queue.cc) --------------------------------------------------
// Runs fn on the device thread after everything enqueued before it.
uint64_t enqueue(cudaStream_t stream, std::function<void()> fn);
void waitFor(uint64_t seq);
uint64_t completedSeq();
uint64_t lastSeq();
cudaError_t synchronize();  // all work; returns the sticky error, if any

// ---- kernels (Scheduler.cc, Launch.cc) ---------------------------------------------
void runLaunch(const detail::LaunchDesc& d);
int maxDynamicShared(const void* kernel);  // 0 when the attribute was never set

}  // namespace simsiam_emu
