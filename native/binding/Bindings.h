// One init function per binding file; addon.cc calls them all.
#pragma once
#include <napi.h>

namespace simsiam {
void initInfoBinding(Napi::Env env, Napi::Object exports);
void initLossBinding(Napi::Env env, Napi::Object exports);
void initAugmentBinding(Napi::Env env, Napi::Object exports);
void initBatchNormBinding(Napi::Env env, Napi::Object exports);
void initCpuKernelsBinding(Napi::Env env, Napi::Object exports);
void initCpuElementwiseBinding(Napi::Env env, Napi::Object exports);
}  // namespace simsiam
