// Run-time loading of cuBLAS and cuDNN (see CudaLibraries.h).
#include "device/CudaLibraries.h"

#include <dlfcn.h>
#include <glob.h>
#include <sys/stat.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "device/Device.h"

namespace simsiam {
namespace cudalibs {
namespace {

bool isDirectory(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

std::vector<std::string> globAll(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g;
  if (glob(pattern.c_str(), 0, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  return out;
}

// Directories to look in after the loader path, in order.
std::vector<std::string> searchDirs(const LibrarySpec& spec) {
  std::vector<std::string> dirs = {"/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                                   "/usr/lib/x86_64-linux-gnu"};
  std::vector<std::string> roots;
  for (const char* p : {"/usr/lib/python3*", "/usr/local/lib/python3*"})
    for (auto& r : globAll(p)) roots.push_back(r);
  if (const char* home = std::getenv("HOME"))
    for (auto& r : globAll(std::string(home) + "/.local/lib/python3*")) roots.push_back(r);
  for (const char* env : {"VIRTUAL_ENV", "CONDA_PREFIX"})
    if (const char* v = std::getenv(env))
      for (auto& r : globAll(std::string(v) + "/lib/python3*")) roots.push_back(r);
  for (const auto& root : roots)
    for (const char* pk : {"site-packages", "dist-packages"})
      for (const char* sub : spec.wheelDirs) dirs.push_back(root + "/" + pk + "/" + sub);
  return dirs;
}

}  // namespace

OpenedLibrary openLibrary(const LibrarySpec& spec) {
  OpenedLibrary r;
  std::string tried;
  auto tryOpen = [&](const std::string& p) {
    if (r.lib) return;
    // A file in a directory the loader does not search (a wheel): load the
    // libraries it needs from the same directory first, so that they resolve
    // by soname (libcublasLt for cuBLAS; cuDNN's sub-libraries, which its
    // shim opens by soname at run time).
    const size_t slash = p.rfind('/');
    if (slash != std::string::npos && exists(p)) {
      const std::string dir = p.substr(0, slash), file = p.substr(slash + 1);
      const std::string major = file.substr(file.rfind('.'));  // ".12"
      for (int pass = 0; pass < 2; ++pass)  // the second pass loads those that needed a later one
        for (const char* dep : spec.siblings)
          for (const auto& f : globAll(dir + "/" + dep + major)) dlopen(f.c_str(), RTLD_LAZY | RTLD_GLOBAL);
      dlerror();
    }
    void* h = dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h) {
      r.lib = h;
      r.path = p;
      // The directory the loader actually picked, when asked for a bare soname.
      char origin[4096];
      if (p.find('/') == std::string::npos && dlinfo(h, RTLD_DI_ORIGIN, origin) == 0)
        r.path = std::string(origin) + "/" + p;
    } else {
      const char* e = dlerror();
      if (p.find('/') == std::string::npos || exists(p)) tried += (tried.empty() ? "" : "; ") + p + (e ? std::string(" (") + e + ")" : "");
    }
  };
  if (const char* env = std::getenv(spec.env)) {
    std::string v = env;
    if (v == "none") {
      r.error = std::string(spec.env) + "=none";
      return r;
    }
    if (isDirectory(v)) {
      for (const char* so : spec.sonames) tryOpen(v + "/" + so);
    } else {
      tryOpen(v);
    }
    if (!r.lib) tried += std::string(tried.empty() ? "" : "; ") + spec.env + "=" + v;
  }
  for (const char* so : spec.sonames) tryOpen(so);
  for (const auto& dir : searchDirs(spec)) {
    if (r.lib) break;
    if (!isDirectory(dir)) continue;
    for (const char* so : spec.sonames) tryOpen(dir + "/" + so);
  }
  if (!r.lib) {
    std::string names;
    for (const char* so : spec.sonames) names += (names.empty() ? "" : ", ") + std::string(so);
    r.error = "not found (" + names + " via " + spec.env + ", the loader path, /usr/local/cuda, "
              "/usr/lib/x86_64-linux-gnu and Python wheels)" + (tried.empty() ? "" : "; failed: " + tried);
  }
  return r;
}

namespace {

template <typename F>
bool bind(void* lib, const char* name, F*& fn, std::string& missing) {
  fn = reinterpret_cast<F*>(dlsym(lib, name));
  if (!fn) missing += (missing.empty() ? "" : ", ") + std::string(name);
  return fn != nullptr;
}

struct State {
  std::once_flag cublasOnce, cudnnOnce;
  Cublas cublas{};
  Cudnn cudnn{};
  LibraryInfo cublasInfo, cudnnInfo;
  bool cublasDisabled = false, cudnnDisabled = false;
  void* cublasHandle = nullptr;
  void* cudnnHandle = nullptr;
  int cublasMode = -1;
  int tf32 = -1;  // -1: from the environment
};

State& state() {
  static State s;
  return s;
}

// On the CUDA emulator (SIMSIAM_CUDA=EMU) device pointers are host memory the
// libraries must never get: neither is loaded, the callers take their fallbacks.
#if SIMSIAM_CUDA_EMU
constexpr const char* kNotOnEmulator = "not loaded on the CUDA emulator";
#endif

void loadCublas() {
  State& s = state();
#if SIMSIAM_CUDA_EMU
  s.cublasInfo.error = kNotOnEmulator;
  return;
#endif
  static const LibrarySpec spec{"SIMSIAM_CUBLAS", {"libcublas.so.13", "libcublas.so.12", "libcublas.so.11"},
                                {"nvidia/cublas/lib", "nvidia/cu13/lib", "torch/lib"}, {"libcublasLt.so"}};
  OpenedLibrary l = openLibrary(spec);
  if (!l.lib) {
    s.cublasInfo.error = l.error;
    return;
  }
  std::string missing;
  Cublas& c = s.cublas;
  bind(l.lib, "cublasCreate_v2", c.create, missing);
  bind(l.lib, "cublasDestroy_v2", c.destroy, missing);
  bind(l.lib, "cublasSetStream_v2", c.setStream, missing);
  bind(l.lib, "cublasSetMathMode", c.setMathMode, missing);
  bind(l.lib, "cublasGetProperty", c.getProperty, missing);
  bind(l.lib, "cublasSgemmStridedBatched", c.sgemmStridedBatched, missing);
  if (!missing.empty()) {
    s.cublasInfo.error = l.path + " lacks " + missing;
    return;
  }
  int v[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) c.getProperty(i, &v[i]);
  s.cublasInfo.loaded = true;
  s.cublasInfo.path = l.path;
  s.cublasInfo.version = std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
}

void loadCudnn() {
  State& s = state();
#if SIMSIAM_CUDA_EMU
  s.cudnnInfo.error = kNotOnEmulator;
  return;
#endif
  static const LibrarySpec spec{"SIMSIAM_CUDNN", {"libcudnn.so.9", "libcudnn.so.8"},
                                {"nvidia/cudnn/lib", "nvidia/cu13/lib", "torch/lib"},
                                {"libcudnn_*.so"}};
  OpenedLibrary l = openLibrary(spec);
  if (!l.lib) {
    s.cudnnInfo.error = l.error;
    return;
  }
  std::string missing;
  Cudnn& c = s.cudnn;
  bind(l.lib, "cudnnCreate", c.create, missing);
  bind(l.lib, "cudnnDestroy", c.destroy, missing);
  bind(l.lib, "cudnnSetStream", c.setStream, missing);
  bind(l.lib, "cudnnGetVersion", c.getVersion, missing);
  bind(l.lib, "cudnnGetErrorString", c.getErrorString, missing);
  bind(l.lib, "cudnnCreateTensorDescriptor", c.createTensorDescriptor, missing);
  bind(l.lib, "cudnnSetTensor4dDescriptor", c.setTensor4dDescriptor, missing);
  bind(l.lib, "cudnnDestroyTensorDescriptor", c.destroyTensorDescriptor, missing);
  bind(l.lib, "cudnnCreateFilterDescriptor", c.createFilterDescriptor, missing);
  bind(l.lib, "cudnnSetFilter4dDescriptor", c.setFilter4dDescriptor, missing);
  bind(l.lib, "cudnnDestroyFilterDescriptor", c.destroyFilterDescriptor, missing);
  bind(l.lib, "cudnnCreateConvolutionDescriptor", c.createConvolutionDescriptor, missing);
  bind(l.lib, "cudnnSetConvolution2dDescriptor", c.setConvolution2dDescriptor, missing);
  bind(l.lib, "cudnnSetConvolutionMathType", c.setConvolutionMathType, missing);
  bind(l.lib, "cudnnDestroyConvolutionDescriptor", c.destroyConvolutionDescriptor, missing);
  bind(l.lib, "cudnnGetConvolutionForwardAlgorithm_v7", c.getForwardAlgorithm, missing);
  bind(l.lib, "cudnnGetConvolutionForwardWorkspaceSize", c.getForwardWorkspaceSize, missing);
  bind(l.lib, "cudnnConvolutionForward", c.forward, missing);
  bind(l.lib, "cudnnGetConvolutionBackwardDataAlgorithm_v7", c.getBackwardDataAlgorithm, missing);
  bind(l.lib, "cudnnGetConvolutionBackwardDataWorkspaceSize", c.getBackwardDataWorkspaceSize, missing);
  bind(l.lib, "cudnnConvolutionBackwardData", c.backwardData, missing);
  bind(l.lib, "cudnnGetConvolutionBackwardFilterAlgorithm_v7", c.getBackwardFilterAlgorithm, missing);
  bind(l.lib, "cudnnGetConvolutionBackwardFilterWorkspaceSize", c.getBackwardFilterWorkspaceSize, missing);
  bind(l.lib, "cudnnConvolutionBackwardFilter", c.backwardFilter, missing);
  if (!missing.empty()) {
    s.cudnnInfo.error = l.path + " lacks " + missing;
    return;
  }
  // cudnnGetVersion: major*1000 + minor*100 + patch (8.x) or major*10000 + minor*100 + patch (9.x).
  const size_t v = c.getVersion();
  const size_t major = v >= 90000 ? v / 10000 : v / 1000;
  const size_t minor = v >= 90000 ? (v / 100) % 100 : (v / 100) % 10;
  s.cudnnInfo.loaded = true;
  s.cudnnInfo.path = l.path;
  s.cudnnInfo.version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(v % 100);
}

}  // namespace

const Cublas* cublas() {
  State& s = state();
  std::call_once(s.cublasOnce, loadCublas);
  return s.cublasInfo.loaded && !s.cublasDisabled ? &s.cublas : nullptr;
}

const Cudnn* cudnn() {
  State& s = state();
  std::call_once(s.cudnnOnce, loadCudnn);
  return s.cudnnInfo.loaded && !s.cudnnDisabled ? &s.cudnn : nullptr;
}

LibraryInfo cublasInfo() {
  cublas();
  LibraryInfo i = state().cublasInfo;
  if (i.loaded && state().cublasDisabled) i.error = "disabled (setLibrariesEnabled)";
  return i;
}

LibraryInfo cudnnInfo() {
  cudnn();
  LibraryInfo i = state().cudnnInfo;
  if (i.loaded && state().cudnnDisabled) i.error = "disabled (setLibrariesEnabled)";
  return i;
}

bool tf32() {
  State& s = state();
  if (s.tf32 < 0) {
    const char* e = std::getenv("SIMSIAM_TF32");
    s.tf32 = (e && std::string(e) == "0") ? 0 : 1;
  }
  return s.tf32 == 1;
}

void setTf32(bool on) { state().tf32 = on ? 1 : 0; }

void disable(bool noCublas, bool noCudnn) {
  state().cublasDisabled = noCublas;
  state().cudnnDisabled = noCudnn;
}

bool cudnnDisabled() { return state().cudnnDisabled; }

void checkCublas(int status, const char* kernel) {
  if (status != kCublasSuccess)
    throw device::DeviceError(std::string("cuBLAS status ") + std::to_string(status) + " in " + kernel);
}

void checkCudnn(int status, const char* kernel) {
  if (status == kCudnnSuccess) return;
  const Cudnn* c = cudnn();
  const char* text = c && c->getErrorString ? c->getErrorString(status) : nullptr;
  throw device::DeviceError(std::string("cuDNN ") + (text ? text : "status " + std::to_string(status)) + " in " +
                            kernel);
}

void* cublasHandle() {
  State& s = state();
  const Cublas* c = cublas();
  if (!c) return nullptr;
  if (!s.cublasHandle) {
    // A library that cannot start here (e.g. newer than the driver) counts as
    // missing from now on: the callers fall back, libraries() says why.
    void* h = nullptr;
    int status = c->create(&h);
    const char* step = "cublasCreate";
    if (status == kCublasSuccess && (status = c->setStream(h, device::stream())) != kCublasSuccess) {
      step = "cublasSetStream";
      c->destroy(h);
    }
    if (status != kCublasSuccess) {
      s.cublasInfo.loaded = false;
      s.cublasInfo.error = s.cublasInfo.path + " loaded, but " + step + " failed (status " +
                           std::to_string(status) + ")";
      return nullptr;
    }
    s.cublasHandle = h;
  }
  const int mode = tf32() ? kCublasTf32TensorOpMath : kCublasDefaultMath;
  if (mode != s.cublasMode) {
    checkCublas(c->setMathMode(s.cublasHandle, mode), "cublasSetMathMode");
    s.cublasMode = mode;
  }
  return s.cublasHandle;
}

void* cudnnHandle() {
  State& s = state();
  const Cudnn* c = cudnn();
  if (!c) return nullptr;
  if (!s.cudnnHandle) {
    void* h = nullptr;
    int status = c->create(&h);
    const char* step = "cudnnCreate";
    if (status == kCudnnSuccess && (status = c->setStream(h, device::stream())) != kCudnnSuccess) {
      step = "cudnnSetStream";
      c->destroy(h);
    }
    if (status != kCudnnSuccess) {
      const char* text = c->getErrorString(status);
      s.cudnnInfo.loaded = false;
      s.cudnnInfo.error = s.cudnnInfo.path + " loaded, but " + step + " failed (" +
                          (text ? text : std::to_string(status)) + ")";
      return nullptr;
    }
    s.cudnnHandle = h;
  }
  return s.cudnnHandle;
}

}  // namespace cudalibs
}  // namespace simsiam
