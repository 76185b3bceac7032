// Sanitizer hooks of the runtime. ASan: fiber switches are announced and
// reused stacks unpoisoned. TSan (the runtime is then built uninstrumented
// as a -Wl,-Bsymbolic shared object): every CUDA thread runs on a TSan fiber,
// switches carry no synchronisation, and the runtime adds happens-before
// edges only where CUDA gives them; its own bookkeeping is ignored.
#pragma once
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define SIMSIAM_EMU_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__) || defined(SIMSIAM_EMU_FOR_TSAN)
#define SIMSIAM_EMU_TSAN 1
#endif

#ifdef SIMSIAM_EMU_ASAN
extern "C" {
void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, size_t size);
void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, size_t* size_old);
void __asan_unpoison_memory_region(void const volatile* addr, size_t size);
void __asan_poison_memory_region(void const volatile* addr, size_t size);
}
#endif

#ifdef SIMSIAM_EMU_TSAN
extern "C" {
void* __tsan_get_current_fiber(void);
void* __tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void* fiber);
void __tsan_switch_to_fiber(void* fiber, unsigned flags);
void __tsan_set_fiber_name(void* fiber, const char* name);
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}
namespace simsiam_emu {
// The runtime's own memory traffic (copies, fills, its containers) is not
// the program's: TSan must not see it.
struct IgnoreScope {
  IgnoreScope() {
    AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
    AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  }
  ~IgnoreScope() {
    AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
  }
};
}  // namespace simsiam_emu
#define SIMSIAM_EMU_IGNORE ::simsiam_emu::IgnoreScope simsiam_emu_ignore_
#define SIMSIAM_EMU_ACQUIRE(addr) __tsan_acquire(addr)
#define SIMSIAM_EMU_RELEASE(addr) __tsan_release(addr)
#else
#define SIMSIAM_EMU_IGNORE (void)0
#define SIMSIAM_EMU_ACQUIRE(addr) (void)(addr)
#define SIMSIAM_EMU_RELEASE(addr) (void)(addr)
#endif
