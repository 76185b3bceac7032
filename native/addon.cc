// simsiam-node native addon: module entry. The exports are declared for
// TypeScript in src/native.ts, which is the only module that loads this file.
#include <napi.h>

#include <vector>

#include "binding/Bindings.h"

namespace simsiam {
namespace {
std::vector<BindingInit>& registry() {
  static std::vector<BindingInit> inits;  // built during static initialisation
  return inits;
}
}  // namespace

int registerBinding(BindingInit init) {
  registry().push_back(init);
  return 0;
}

void initRegisteredBindings(Napi::Env env, Napi::Object exports) {
  for (BindingInit init : registry()) init(env, exports);
}
}  // namespace simsiam

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  simsiam::initInfoBinding(env, exports);
  simsiam::initLossBinding(env, exports);
  simsiam::initAugmentBinding(env, exports);
  simsiam::initBatchNormBinding(env, exports);
  simsiam::initCpuKernelsBinding(env, exports);
  simsiam::initCpuElementwiseBinding(env, exports);
  simsiam::initRegisteredBindings(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(simsiam_native, Init)
