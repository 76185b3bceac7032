// CUDA-on-CPU emulator: shadows the CUDA toolkit's cuda_runtime.h (put
// native/emu/include first on the include path; the real headers are never
// included). Rewritten .cu files (native/emu/rewrite.mjs) compile against it
// with g++; the runtime is native/emu/*.cc. See docs/cuda-emulator.md.
#pragma once
#ifndef __CUDACC__
#define __CUDACC__ 1
#endif
#ifndef __CUDA_ARCH__
#define __CUDA_ARCH__ 900
#endif
#ifndef SIMSIAM_CUDA_EMU
#define SIMSIAM_CUDA_EMU 1
#endif
#define CUDART_VERSION 13000

#include "simsiam_emu/types.h"
#include "simsiam_emu/api.h"
#include "simsiam_emu/device.h"
#include "simsiam_emu/launch.h"
