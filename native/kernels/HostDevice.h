// SIMSIAM_HD marks a function shared verbatim by a CPU reference (.cc) and its
// CUDA kernel (.cu).
#pragma once
#ifdef __CUDACC__
#define SIMSIAM_HD __host__ __device__ __forceinline__
#else
#define SIMSIAM_HD inline
#endif
