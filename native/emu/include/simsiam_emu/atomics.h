// CUDA atomics on global and shared memory. CUDA threads are fibers on one OS
// thread, so atomicity is given; the __atomic builtins (acq_rel) are there for
// ThreadSanitizer, which then orders the threads that meet on an atomic and
// nothing else.
#pragma once

namespace simsiam_emu {
namespace detail {

template <class T, class F>
inline T atomicUpdate(T* address, F f) {
  T old = __atomic_load_n(address, __ATOMIC_ACQUIRE);
  while (!__atomic_compare_exchange_n(address, &old, f(old), false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
  }
  return old;
}

// Floats through their bits (compare-and-swap on the integer of that size).
template <class T, class I, class F>
inline T atomicUpdateFloat(T* address, F f) {
  I* a = reinterpret_cast<I*>(address);
  I old = __atomic_load_n(a, __ATOMIC_ACQUIRE);
  for (;;) {
    T o, n;
    __builtin_memcpy(&o, &old, sizeof o);
    n = f(o);
    I ni;
    __builtin_memcpy(&ni, &n, sizeof ni);
    if (__atomic_compare_exchange_n(a, &old, ni, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return o;
  }
}

}  // namespace detail
}  // namespace simsiam_emu

#define SIMSIAM_EMU_ATOMIC_INT(T)                                                                                 \
  inline T atomicAdd(T* a, T v) { return __atomic_fetch_add(a, v, __ATOMIC_ACQ_REL); }                            \
  inline T atomicSub(T* a, T v) { return __atomic_fetch_sub(a, v, __ATOMIC_ACQ_REL); }                            \
  inline T atomicExch(T* a, T v) { return __atomic_exchange_n(a, v, __ATOMIC_ACQ_REL); }                          \
  inline T atomicMin(T* a, T v) {                                                                                 \
    return ::simsiam_emu::detail::atomicUpdate(a, [v](T o) { return o < v ? o : v; });                           \
  }                                                                                                               \
  inline T atomicMax(T* a, T v) {                                                                                 \
    return ::simsiam_emu::detail::atomicUpdate(a, [v](T o) { return o > v ? o : v; });                           \
  }                                                                                                               \
  inline T atomicAnd(T* a, T v) { return __atomic_fetch_and(a, v, __ATOMIC_ACQ_REL); }                            \
  inline T atomicOr(T* a, T v) { return __atomic_fetch_or(a, v, __ATOMIC_ACQ_REL); }                              \
  inline T atomicXor(T* a, T v) { return __atomic_fetch_xor(a, v, __ATOMIC_ACQ_REL); }                            \
  inline T atomicCAS(T* a, T compare, T v) {                                                                      \
    __atomic_compare_exchange_n(a, &compare, v, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);                       \
    return compare;                                                                                               \
  }
SIMSIAM_EMU_ATOMIC_INT(int)
SIMSIAM_EMU_ATOMIC_INT(unsigned int)
SIMSIAM_EMU_ATOMIC_INT(unsigned long long)
#undef SIMSIAM_EMU_ATOMIC_INT
inline long long atomicMin(long long* a, long long v) {
  return ::simsiam_emu::detail::atomicUpdate(a, [v](long long o) { return o < v ? o : v; });
}
inline long long atomicMax(long long* a, long long v) {
  return ::simsiam_emu::detail::atomicUpdate(a, [v](long long o) { return o > v ? o : v; });
}
inline unsigned short atomicCAS(unsigned short* a, unsigned short compare, unsigned short v) {
  __atomic_compare_exchange_n(a, &compare, v, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  return compare;
}

// ((old >= val) ? 0 : old + 1) and ((old == 0 || old > val) ? val : old - 1).
inline unsigned atomicInc(unsigned* a, unsigned val) {
  return ::simsiam_emu::detail::atomicUpdate(a, [val](unsigned o) { return o >= val ? 0u : o + 1; });
}
inline unsigned atomicDec(unsigned* a, unsigned val) {
  return ::simsiam_emu::detail::atomicUpdate(a, [val](unsigned o) { return (o == 0 || o > val) ? val : o - 1; });
}

inline float atomicAdd(float* a, float v) {
  return ::simsiam_emu::detail::atomicUpdateFloat<float, unsigned>(a, [v](float o) { return o + v; });
}
inline double atomicAdd(double* a, double v) {
  return ::simsiam_emu::detail::atomicUpdateFloat<double, unsigned long long>(a, [v](double o) { return o + v; });
}
inline float atomicExch(float* a, float v) {
  return ::simsiam_emu::detail::atomicUpdateFloat<float, unsigned>(a, [v](float) { return v; });
}
