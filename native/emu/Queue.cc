// The device thread: one FIFO of work from every stream, executed in the
// order it was enqueued (asynchronously to the host). Streams and events are
// positions in that FIFO; synchronising waits until the position is done.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "Runtime.h"

struct CUstream_st {
  unsigned flags = 0;
  uint64_t last = 0;  // the last position enqueued on it
};

struct CUevent_st {
  unsigned flags = 0;
  uint64_t seq = 0;  // position of the last record; 0: never recorded
  double ms = 0;     // when the device thread reached it
};

namespace simsiam_emu {
namespace {

struct Op {
  uint64_t seq;
  std::function<void()> fn;
};

struct Queue {
  std::mutex mutex;
  std::condition_variable work, done;
  std::deque<Op> ops;
  uint64_t enqueued = 0, completed = 0;
  CUstream_st nullStream;
  bool started = false;
};
Queue& q() {
  static Queue* queue = new Queue;  // never destroyed: see Memory.cc
  return *queue;
}

double nowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void deviceThread() {
#ifdef SIMSIAM_EMU_TSAN
  // The scheduler's own work is never the program's.
  AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
#endif
  Queue& d = q();
  for (;;) {
    Op op;
    {
      std::unique_lock<std::mutex> lock(d.mutex);
      d.work.wait(lock, [&] { return !d.ops.empty(); });
      op = std::move(d.ops.front());
      d.ops.pop_front();
    }
    op.fn();
    op.fn = nullptr;
    {
      std::lock_guard<std::mutex> lock(d.mutex);
      d.completed = op.seq;
    }
    d.done.notify_all();
  }
}

CUstream_st* streamOf(cudaStream_t s) {
  if (s == nullptr || s == cudaStreamLegacy || s == cudaStreamPerThread) return &q().nullStream;
  return s;
}

}  // namespace

uint64_t enqueue(cudaStream_t stream, std::function<void()> fn) {
  Queue& d = q();
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(d.mutex);
    if (!d.started) {
      d.started = true;
      std::thread(deviceThread).detach();
    }
    seq = ++d.enqueued;
    streamOf(stream)->last = seq;
    d.ops.push_back(Op{seq, std::move(fn)});
  }
  d.work.notify_one();
  return seq;
}

void waitFor(uint64_t seq) {
  Queue& d = q();
  std::unique_lock<std::mutex> lock(d.mutex);
  d.done.wait(lock, [&] { return d.completed >= seq; });
}

uint64_t completedSeq() {
  std::lock_guard<std::mutex> lock(q().mutex);
  return q().completed;
}

uint64_t lastSeq() {
  std::lock_guard<std::mutex> lock(q().mutex);
  return q().enqueued;
}

cudaError_t synchronize() {
  waitFor(lastSeq());
  return stickyError();
}

namespace {

uint64_t streamLast(cudaStream_t s) {
  std::lock_guard<std::mutex> lock(q().mutex);
  return streamOf(s)->last;
}

const char* kindName(cudaMemcpyKind k) {
  static const char* names[] = {"HostToHost", "HostToDevice", "DeviceToHost", "DeviceToDevice", "Default"};
  return k >= 0 && k <= 4 ? names[k] : "?";
}

// The copy's direction with cudaMemcpyDefault resolved, or -1 after a report.
int checkCopy(const char* api, void* dst, const void* src, size_t n, cudaMemcpyKind kind) {
  if (kind == cudaMemcpyDefault) {
    const bool d = inAllocation(dst, n, false), s = inAllocation(src, n, false);
    kind = d ? (s ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
             : (s ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  }
  if (kind < 0 || kind > 3) {
    refuse("%s: invalid copy kind %d", api, static_cast<int>(kind));
    return -1;
  }
  const bool dstDevice = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
  const bool srcDevice = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
  if (dstDevice && !inAllocation(dst, n, false)) {
    refuse("%s(%s): destination [%p, +%zu) is not inside a live device allocation", api, kindName(kind), dst, n);
    return -1;
  }
  if (srcDevice && !inAllocation(src, n, false)) {
    refuse("%s(%s): source [%p, +%zu) is not inside a live device allocation", api, kindName(kind), src, n);
    return -1;
  }
  return kind;
}

cudaError_t copy(const char* api, void* dst, const void* src, size_t n, cudaMemcpyKind kind, cudaStream_t stream,
                 bool async) {
  SIMSIAM_EMU_IGNORE;
  if (cudaError_t s = stickyError()) return s;
  if (n == 0) return cudaSuccess;
  const int k = checkCopy(api, dst, src, n, kind);
  if (k < 0) {
    setLastError(cudaErrorInvalidValue);
    return cudaErrorInvalidValue;
  }
  if (!async || k == cudaMemcpyHostToHost) {
    waitFor(enqueue(stream, [=] { std::memcpy(dst, src, n); }));
    return stickyError();
  }
  if (k == cudaMemcpyHostToDevice && !isPinned(src)) {
    // Pageable source: staged now, so the caller may reuse it at once.
    std::shared_ptr<char> staged(static_cast<char*>(std::malloc(n)), std::free);
    std::memcpy(staged.get(), src, n);
    enqueue(stream, [=] { std::memcpy(dst, staged.get(), n); });
    return cudaSuccess;
  }
  const uint64_t seq = enqueue(stream, [=] { std::memcpy(dst, src, n); });
  // Pageable destination: cudart returns once the copy is done.
  if (k == cudaMemcpyDeviceToHost && !isPinned(dst)) waitFor(seq);
  return cudaSuccess;
}

cudaError_t fill(void* dst, int value, size_t n, cudaStream_t stream, bool async) {
  SIMSIAM_EMU_IGNORE;
  if (cudaError_t s = stickyError()) return s;
  if (n == 0) return cudaSuccess;
  if (!inAllocation(dst, n, false)) {
    refuse("cudaMemset%s: [%p, +%zu) is not inside a live device allocation", async ? "Async" : "", dst, n);
    setLastError(cudaErrorInvalidValue);
    return cudaErrorInvalidValue;
  }
  const uint64_t seq = enqueue(stream, [=] { std::memset(dst, value, n); });
  if (!async) waitFor(seq);
  return cudaSuccess;
}

}  // namespace
}  // namespace simsiam_emu

using namespace simsiam_emu;

extern "C" {

cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, enum cudaMemcpyKind kind) {
  return copy("cudaMemcpy", dst, src, count, kind, nullptr, false);
}
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, enum cudaMemcpyKind kind, cudaStream_t stream) {
  return copy("cudaMemcpyAsync", dst, src, count, kind, stream, true);
}
cudaError_t cudaMemset(void* dst, int value, size_t count) { return fill(dst, value, count, nullptr, false); }
cudaError_t cudaMemsetAsync(void* dst, int value, size_t count, cudaStream_t stream) {
  return fill(dst, value, count, stream, true);
}

cudaError_t cudaDeviceSynchronize(void) {
  SIMSIAM_EMU_IGNORE;
  return synchronize();
}

cudaError_t cudaStreamCreate(cudaStream_t* stream) { return cudaStreamCreateWithFlags(stream, cudaStreamDefault); }
cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags) {
  SIMSIAM_EMU_IGNORE;
  if (!stream) return cudaErrorInvalidValue;
  *stream = new CUstream_st{flags, 0};
  return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  SIMSIAM_EMU_IGNORE;
  if (!stream || stream == cudaStreamLegacy || stream == cudaStreamPerThread) return cudaErrorInvalidResourceHandle;
  waitFor(streamLast(stream));  // its work still runs; then the handle goes
  delete stream;
  return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  SIMSIAM_EMU_IGNORE;
  waitFor(streamLast(stream));
  return stickyError();
}
cudaError_t cudaStreamQuery(cudaStream_t stream) {
  SIMSIAM_EMU_IGNORE;
  if (cudaError_t s = stickyError()) return s;
  return completedSeq() >= streamLast(stream) ? cudaSuccess : cudaErrorNotReady;
}
// One FIFO: whatever an event marks is done before later work of any stream.
cudaError_t cudaStreamWaitEvent(cudaStream_t, cudaEvent_t event, unsigned int) {
  return event ? cudaSuccess : cudaErrorInvalidResourceHandle;
}

cudaError_t cudaEventCreate(cudaEvent_t* event) { return cudaEventCreateWithFlags(event, cudaEventDefault); }
cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags) {
  SIMSIAM_EMU_IGNORE;
  if (!event) return cudaErrorInvalidValue;
  *event = new CUevent_st{flags, 0, 0};
  return cudaSuccess;
}
cudaError_t cudaEventDestroy(cudaEvent_t event) {
  SIMSIAM_EMU_IGNORE;
  if (!event) return cudaErrorInvalidResourceHandle;
  // A pending record still writes the event: destroy it once that is done.
  waitFor(event->seq);
  delete event;
  return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  SIMSIAM_EMU_IGNORE;
  if (!event) return cudaErrorInvalidResourceHandle;
  if (cudaError_t s = stickyError()) return s;
  const uint64_t seq = enqueue(stream, [event] { event->ms = nowMs(); });
  std::lock_guard<std::mutex> lock(q().mutex);
  event->seq = seq;
  return cudaSuccess;
}
cudaError_t cudaEventQuery(cudaEvent_t event) {
  SIMSIAM_EMU_IGNORE;
  if (!event) return cudaErrorInvalidResourceHandle;
  std::lock_guard<std::mutex> lock(q().mutex);
  return q().completed >= event->seq ? cudaSuccess : cudaErrorNotReady;
}
cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  SIMSIAM_EMU_IGNORE;
  if (!event) return cudaErrorInvalidResourceHandle;
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(q().mutex);
    seq = event->seq;
  }
  waitFor(seq);
  return stickyError();
}
cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
  SIMSIAM_EMU_IGNORE;
  if (!ms || !start || !end) return cudaErrorInvalidValue;
  if ((start->flags | end->flags) & cudaEventDisableTiming) return cudaErrorInvalidResourceHandle;
  std::lock_guard<std::mutex> lock(q().mutex);
  if (!start->seq || !end->seq) return cudaErrorInvalidResourceHandle;
  if (q().completed < start->seq || q().completed < end->seq) return cudaErrorNotReady;
  *ms = static_cast<float>(end->ms - start->ms);
  return cudaSuccess;
}

}  // extern "C"
