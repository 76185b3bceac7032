// One init function per binding file. The original ones are called by
// addon.cc; newer files register themselves with SIMSIAM_BINDING, so adding a
// kernel family touches no shared list.
#pragma once
#include <napi.h>

namespace simsiam {
void initInfoBinding(Napi::Env env, Napi::Object exports);
void initLossBinding(Napi::Env env, Napi::Object exports);
void initAugmentBinding(Napi::Env env, Napi::Object exports);
void initBatchNormBinding(Napi::Env env, Napi::Object exports);
void initCpuKernelsBinding(Napi::Env env, Napi::Object exports);
void initCpuElementwiseBinding(Napi::Env env, Napi::Object exports);

using BindingInit = void (*)(Napi::Env, Napi::Object);
int registerBinding(BindingInit init);
void initRegisteredBindings(Napi::Env env, Napi::Object exports);
}  // namespace simsiam

#define SIMSIAM_BINDING_CAT2(a, b) a##b
#define SIMSIAM_BINDING_CAT(a, b) SIMSIAM_BINDING_CAT2(a, b)
// At namespace scope in a binding file: SIMSIAM_BINDING(initMyBinding);
#define SIMSIAM_BINDING(init) \
  static const int SIMSIAM_BINDING_CAT(simsiamBinding_, __LINE__) = ::simsiam::registerBinding(init)
