// The binding files' init functions, all called by addon.cc. An op's file,
// XBinding.cc after its kernel native/kernels/X.*, adds both its host
// functions (exports.*) and its device functions (exports.device.*).
#pragma once
#include <napi.h>

namespace simsiam {
// Not ops: the build and device report, the device's memory and transfers,
// the CUDA libraries, the collectives (Gloo, NCCL).
void initInfoBinding(Napi::Env env, Napi::Object exports);
void initDeviceBinding(Napi::Env env, Napi::Object exports);
void initCudaLibrariesBinding(Napi::Env env, Napi::Object exports);
void initCollectivesBinding(Napi::Env env, Napi::Object exports);
// The ops.
void initArgMinMaxBinding(Napi::Env env, Napi::Object exports);
void initBatchNormTrainingBinding(Napi::Env env, Napi::Object exports);
void initCastBinding(Napi::Env env, Napi::Object exports);
void initCompareBinding(Napi::Env env, Napi::Object exports);
void initConv2DBinding(Napi::Env env, Napi::Object exports);
void initElementwiseBinding(Napi::Env env, Napi::Object exports);
void initFusedBatchNormBinding(Napi::Env env, Napi::Object exports);
void initGatherBinding(Napi::Env env, Napi::Object exports);
void initGemmBinding(Napi::Env env, Napi::Object exports);
void initMatMulBinding(Napi::Env env, Napi::Object exports);
void initMovingAverageBinding(Napi::Env env, Napi::Object exports);
void initOneHotBinding(Napi::Env env, Napi::Object exports);
void initPadV2Binding(Napi::Env env, Napi::Object exports);
void initPoolBinding(Napi::Env env, Napi::Object exports);
void initReduceBinding(Napi::Env env, Napi::Object exports);
void initSelectBinding(Napi::Env env, Napi::Object exports);
void initSgdMomentumUpdateBinding(Napi::Env env, Napi::Object exports);
void initSimSiamAugmentBinding(Napi::Env env, Napi::Object exports);
void initSimSiamLossBinding(Napi::Env env, Napi::Object exports);
void initSliceBinding(Napi::Env env, Napi::Object exports);
void initTileBinding(Napi::Env env, Napi::Object exports);
void initTopKBinding(Napi::Env env, Napi::Object exports);
void initTransposeBinding(Napi::Env env, Napi::Object exports);
void initUnaryBinding(Napi::Env env, Napi::Object exports);
}  // namespace simsiam
