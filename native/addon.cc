// simsiam-node native addon: module entry. The exports are declared for
// TypeScript in src/native/ (index.ts), which is the only module that loads this file.
#include <napi.h>

#include "binding/Bindings.h"

namespace {

// Every binding file, once (binding/Bindings.h).
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  simsiam::initInfoBinding(env, exports);
  simsiam::initDeviceBinding(env, exports);
  simsiam::initCudaLibrariesBinding(env, exports);
  simsiam::initCollectivesBinding(env, exports);
  simsiam::initArgMinMaxBinding(env, exports);
  simsiam::initBatchNormTrainingBinding(env, exports);
  simsiam::initCastBinding(env, exports);
  simsiam::initCompareBinding(env, exports);
  simsiam::initConv2DBinding(env, exports);
  simsiam::initElementwiseBinding(env, exports);
  simsiam::initFusedBatchNormBinding(env, exports);
  simsiam::initGatherBinding(env, exports);
  simsiam::initGemmBinding(env, exports);
  simsiam::initMatMulBinding(env, exports);
  simsiam::initMovingAverageBinding(env, exports);
  simsiam::initOneHotBinding(env, exports);
  simsiam::initPadV2Binding(env, exports);
  simsiam::initPoolBinding(env, exports);
  simsiam::initReduceBinding(env, exports);
  simsiam::initSelectBinding(env, exports);
  simsiam::initSgdMomentumUpdateBinding(env, exports);
  simsiam::initSimSiamAugmentBinding(env, exports);
  simsiam::initSimSiamLossBinding(env, exports);
  simsiam::initSliceBinding(env, exports);
  simsiam::initTileBinding(env, exports);
  simsiam::initTopKBinding(env, exports);
  simsiam::initTransposeBinding(env, exports);
  simsiam::initUnaryBinding(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(simsiam_native, Init)
