// What the rewriter's output calls: launch(), shared<T>(), dynamicShared<T>().
// See docs/cuda-emulator.md for the contract.
#pragma once
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "simsiam_emu/device.h"

namespace simsiam_emu {

struct Config {
  dim3 grid, block;
  size_t shared;
  cudaStream_t stream;
};
inline Config config(dim3 grid, dim3 block, size_t shared = 0, cudaStream_t stream = nullptr) {
  return Config{grid, block, shared, stream};
}

namespace detail {

// A launch as the runtime sees it. The runtime owns `args` after enqueue and
// calls destroy(args) once the launch has run (or was refused).
struct LaunchDesc {
  const char* name;
  const char* file;
  int line;
  Config config;
  const void* kernel;
  void* args;
  void (*run)(void* args);
  void (*destroy)(void* args);
  const void* const* pointers;  // the pointer-typed arguments, checked when the launch runs
  int pointerCount;
  const Builtins** slot;  // &gCur of the calling image
};
void enqueueLaunch(const LaunchDesc& desc);
void* sharedStorage(const void* tag, const char* name, size_t size, size_t align);
void* dynamicShared();

template <class... P>
struct Pack {
  void (*kernel)(P...);
  std::tuple<std::remove_cv_t<P>...> args;
  const void* pointers[sizeof...(P) + 1];
  int pointerCount = 0;

  template <size_t... I>
  void collectPointers(std::index_sequence<I...>) {
    (void)std::initializer_list<int>{(collect(std::get<I>(args)), 0)...};
  }
  template <class T>
  void collect(const T& v) {
    if constexpr (std::is_pointer<T>::value) pointers[pointerCount++] = reinterpret_cast<const void*>(v);
  }
  static void run(void* p) {
    auto* self = static_cast<Pack*>(p);
    std::apply(self->kernel, self->args);
  }
  static void destroy(void* p) { delete static_cast<Pack*>(p); }
};

}  // namespace detail

// K<<<config>>>(args...): the arguments are converted to the kernel's
// parameter types here, on the calling thread, as CUDA evaluates them.
template <class... P, class... A>
void launch(const char* name, const char* file, int line, Config c, void (*kernel)(P...), A&&... args) {
  static_assert(sizeof...(P) == sizeof...(A), "kernel launched with the wrong number of arguments");
  using PackT = detail::Pack<P...>;
  auto* pack = new PackT{kernel, typename std::tuple<std::remove_cv_t<P>...>(std::forward<A>(args)...), {}, 0};
  pack->collectPointers(std::index_sequence_for<P...>{});
  detail::enqueueLaunch(detail::LaunchDesc{name, file, line, c, reinterpret_cast<const void*>(kernel), pack,
                                           &PackT::run, &PackT::destroy, pack->pointers, pack->pointerCount,
                                           &detail::gCur});
}

// __shared__ T name; -> auto& name = shared<T>(TAG, "name"): the running
// block's own allocation of it, filled with 0xFF when the block starts.
template <class T>
inline T& shared(const void* tag, const char* name) {
  return *static_cast<T*>(detail::sharedStorage(tag, name, sizeof(T), alignof(T)));
}
// extern __shared__ T s[]; -> T* s = dynamicShared<T>(): exactly the launched size.
template <class T>
inline T* dynamicShared() {
  return static_cast<T*>(detail::dynamicShared());
}

}  // namespace simsiam_emu

// The address of a function-local static: one per declaration (and per
// template instantiation), used to find a __shared__ variable's storage.
#define SIMSIAM_EMU_TAG ([]() -> const void* { static const char simsiam_tag_ = 0; return &simsiam_tag_; }())
