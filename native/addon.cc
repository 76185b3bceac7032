// simsiam-node native addon: module entry. The exports are declared for
// TypeScript in src/native.ts, which is the only module that loads this file.
#include <napi.h>

#include "binding/Bindings.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  simsiam::initInfoBinding(env, exports);
  simsiam::initLossBinding(env, exports);
  simsiam::initAugmentBinding(env, exports);
  simsiam::initBatchNormBinding(env, exports);
  simsiam::initCpuKernelsBinding(env, exports);
  simsiam::initCpuElementwiseBinding(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(simsiam_native, Init)
