// Settings from the environment, reports on stderr, and the error state.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "Runtime.h"

namespace simsiam_emu {
namespace {

size_t parseSize(const char* s, size_t fallback) {
  if (!s || !*s) return fallback;
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  double scale = 1;
  if (end && *end) {
    switch (*end) {
      case 'k': case 'K': scale = 1024.0; break;
      case 'm': case 'M': scale = 1024.0 * 1024; break;
      case 'g': case 'G': scale = 1024.0 * 1024 * 1024; break;
      default: break;
    }
  }
  return v > 0 ? static_cast<size_t>(v * scale) : fallback;
}

Settings readSettings() {
  Settings s;
  if (const char* o = std::getenv("SIMSIAM_EMU_ORDER")) {
    if (!std::strcmp(o, "reverse")) {
      s.order = Order::kReverse;
    } else if (!std::strncmp(o, "random", 6)) {
      s.order = Order::kRandom;
      s.seed = o[6] == ':' ? std::strtoull(o + 7, nullptr, 10) : 1;
    } else if (*o && std::strcmp(o, "forward")) {
      std::fprintf(stderr, "simsiam-emu: SIMSIAM_EMU_ORDER=%s is not forward, reverse or random:SEED\n", o);
      std::abort();
    }
  }
  const char* f = std::getenv("SIMSIAM_EMU_FATAL");
  s.fatal = f && *f && std::strcmp(f, "0");
  s.memory = parseSize(std::getenv("SIMSIAM_EMU_MEMORY"), s.memory);
#if defined(SIMSIAM_EMU_ASAN)
  const size_t stack = 256 << 10;  // instrumented frames and redzones
#elif defined(SIMSIAM_EMU_TSAN)
  const size_t stack = 128 << 10;
#else
  const size_t stack = 64 << 10;
#endif
  s.stack = (parseSize(std::getenv("SIMSIAM_EMU_STACK"), stack) + 4095) & ~size_t{4095};
  return s;
}

std::atomic<int> gSticky{cudaSuccess};
thread_local cudaError_t tLastError = cudaSuccess;

}  // namespace

const Settings& settings() {
  static const Settings* s = new Settings(readSettings());
  return *s;
}

std::string format(const char* fmt, va_list ap) {
  char buf[2048];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  return buf;
}

std::string strf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string s = format(fmt, ap);
  va_end(ap);
  return s;
}

void reportLine(const std::string& text) {
  const std::string line = "simsiam-emu: " + text + "\n";
  // One write, so lines of concurrent reports do not interleave.
  ssize_t unused = ::write(2, line.data(), line.size());
  (void)unused;
  if (settings().fatal) {
    ::write(2, "simsiam-emu: SIMSIAM_EMU_FATAL is set: aborting\n", 48);
    std::abort();
  }
}

void fault(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const std::string text = format(fmt, ap);
  va_end(ap);
  reportLine(text);
  int expected = cudaSuccess;
  gSticky.compare_exchange_strong(expected, cudaErrorLaunchFailure);
}

void refuse(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const std::string text = format(fmt, ap);
  va_end(ap);
  reportLine(text);
}

cudaError_t stickyError() { return static_cast<cudaError_t>(gSticky.load()); }
void setLastError(cudaError_t e) {
  if (e != cudaSuccess) tLastError = e;
}
cudaError_t takeLastError() {
  if (cudaError_t s = stickyError()) return s;
  const cudaError_t e = tLastError;
  tLastError = cudaSuccess;
  return e;
}
cudaError_t peekLastError() {
  if (cudaError_t s = stickyError()) return s;
  return tLastError;
}

}  // namespace simsiam_emu
