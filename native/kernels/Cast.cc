#include "kernels/Cast.h"

#include <type_traits>

#include "kernels/MovementOps.h"

namespace simsiam {

bool castSupported(ElementType from, ElementType to) {
  return from != to && static_cast<int>(from) >= 0 && from < ElementType::kCount && static_cast<int>(to) >= 0 &&
         to < ElementType::kCount;
}

void castCpu(ElementType from, ElementType to, const void* x, void* y, int64_t n) {
  if (!castSupported(from, to)) return;
  withElementType(static_cast<int>(from), [&](auto f) {
    withElementType(static_cast<int>(to), [&](auto t) {
      using From = decltype(f);
      using To = decltype(t);
      if constexpr (!std::is_same_v<From, To>) {
        const From* xs = static_cast<const From*>(x);
        To* ys = static_cast<To*>(y);
        for (int64_t i = 0; i < n; ++i) ys[i] = ops::Cast<From, To>::f(xs[i]);
      }
    });
  });
}

}  // namespace simsiam
