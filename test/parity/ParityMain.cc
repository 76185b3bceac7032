// The parity harness's runner: `simsiam_parity [--only a,b] [--list] [--json FILE] [--seed N]`.
// Runs every registered case (or those whose name contains one of --only),
// prints a line per case and `N passed, N failed` last; exits 1 on a failure.
// --json rewrites FILE after every case, so a run cut short keeps its results.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <sstream>

#include "Parity.h"

namespace parity {
namespace {

std::map<std::string, CaseFn>& registry() {
  static std::map<std::string, CaseFn> cases;  // sorted by name: a stable order
  return cases;
}

struct Result {
  std::string name;
  bool ok;
  double ms;
  uint64_t compared;
  double worst;
  std::string message;
};

std::string jsonString(const std::string& s) {
  std::ostringstream o;
  o << '"';
  for (char c : s) {
    if (c == '"' || c == '\\') o << '\\' << c;
    else if (static_cast<unsigned char>(c) < 0x20) o << "\\u00" << "0123456789abcdef"[(c >> 4) & 15] << "0123456789abcdef"[c & 15];
    else o << c;
  }
  return o.str() + '"';
}

void writeJson(const char* path, const std::vector<Result>& results, const std::string& device) {
  if (!path) return;
  const std::string tmp = std::string(path) + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return;
  int passed = 0;
  for (const auto& r : results) passed += r.ok;
  std::fprintf(f, "{\"device\": %s, \"passed\": %d, \"failed\": %d, \"cases\": [\n", jsonString(device).c_str(), passed,
               static_cast<int>(results.size()) - passed);
  for (size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    std::fprintf(f, "  {\"name\": %s, \"ok\": %s, \"ms\": %.3f, \"compared\": %llu, \"worst\": %.4g, \"message\": %s}%s\n",
                 jsonString(r.name).c_str(), r.ok ? "true" : "false", r.ms, static_cast<unsigned long long>(r.compared),
                 r.worst, jsonString(r.message).c_str(), i + 1 < results.size() ? "," : "");
  }
  std::fprintf(f, "]}\n");
  std::fclose(f);
  std::rename(tmp.c_str(), path);
}

bool selected(const std::string& name, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& o : only)
    if (name.find(o) != std::string::npos) return true;
  return false;
}

}  // namespace

void throwIfCuda(cudaError_t e, const char* what) {
  if (e != cudaSuccess)
    throw Failure(std::string(what) + ": " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")");
}

int registerCase(const char* name, CaseFn fn) {
  if (!registry().emplace(name, std::move(fn)).second) {
    std::fprintf(stderr, "parity: two cases named %s\n", name);
    std::abort();
  }
  return 0;
}

std::string describe(float v) {
  char b[64];
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  std::snprintf(b, sizeof b, "%.9g (0x%08x)", static_cast<double>(v), bits);
  return b;
}
std::string describe(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

void Context::launched(int err, const char* what) {
  if (err != 0) throw Failure(std::string(what) + ": the launcher returned " + cudaGetErrorName(static_cast<cudaError_t>(err)));
  throwIfCuda(cudaStreamSynchronize(stream_), what);
  throwIfCuda(cudaGetLastError(), what);
}

void Context::refused(int err, const char* what) {
  if (err == 0) throw Failure(std::string(what) + ": the launcher accepted input it must refuse");
  cudaGetLastError();  // a refusal may leave a (non-sticky) launch error behind
}

void Context::expectClose(const char* what, const std::vector<float>& got, const std::vector<float>& want, double rtol,
                          double atol) {
  if (got.size() != want.size())
    throw Failure(std::string(what) + ": " + std::to_string(got.size()) + " values, expected " + std::to_string(want.size()));
  for (size_t i = 0; i < got.size(); ++i) {
    const double g = got[i], w = want[i];
    bool ok;
    double ratio = 0.0;
    if (std::isnan(w) || std::isnan(g)) ok = std::isnan(w) && std::isnan(g);
    else if (std::isinf(w) || std::isinf(g)) ok = g == w;
    else {
      const double bound = atol + rtol * std::fabs(w);
      ratio = bound > 0 ? std::fabs(g - w) / bound : (g == w ? 0.0 : INFINITY);
      ok = std::fabs(g - w) <= bound;
    }
    if (!ok) {
      std::ostringstream o;
      o << what << "[" << i << "] = " << describe(got[i]) << ", CPU reference " << describe(want[i])
        << " (rtol " << rtol << ", atol " << atol << ")";
      throw Failure(o.str());
    }
    if (ratio > worst) worst = ratio;
  }
  compared += got.size();
}

void Context::expectTrue(bool ok, const std::string& what) {
  if (!ok) throw Failure(what);
}

}  // namespace parity

int main(int argc, char** argv) {
  using namespace parity;
  std::vector<std::string> only;
  const char* json = nullptr;
  bool list = false;
  uint64_t seed = 1234;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "parity: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--only") {
      std::stringstream s(value());
      for (std::string part; std::getline(s, part, ',');)
        if (!part.empty()) only.push_back(part);
    } else if (a == "--json") {
      json = argv[i + 1] ? argv[++i] : nullptr;
    } else if (a == "--list") {
      list = true;
    } else if (a == "--seed") {
      seed = std::strtoull(value().c_str(), nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: simsiam_parity [--only a,b] [--list] [--json FILE] [--seed N]\n");
      return 2;
    }
  }
  if (list) {
    for (const auto& [name, fn] : registry()) std::printf("%s\n", name.c_str());
    return 0;
  }
  cudaDeviceProp prop{};
  std::string device = "no CUDA device";
  if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) device = prop.name;
  std::printf("parity: %s, seed %llu\n", device.c_str(), static_cast<unsigned long long>(seed));
  cudaStream_t stream;
  if (cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking) != cudaSuccess) {
    std::printf("parity: cannot create a stream on %s\n0 passed, 1 failed\n", device.c_str());
    return 1;
  }
  std::vector<Result> results;
  uint64_t caseSeed = seed;
  for (const auto& [name, fn] : registry()) {
    ++caseSeed;  // per case, so --only reproduces the inputs of a full run
    if (!selected(name, only)) continue;
    Context ctx(caseSeed, stream);
    Result r{name, true, 0.0, 0, 0.0, ""};
    cudaGetLastError();
    const auto t0 = std::chrono::steady_clock::now();
    try {
      fn(ctx);
      throwIfCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize after the case");
      throwIfCuda(cudaGetLastError(), "cudaGetLastError after the case");
    } catch (const std::exception& e) {
      r.ok = false;
      r.message = e.what();
    }
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    r.compared = ctx.compared;
    r.worst = ctx.worst;
    if (r.ok)
      std::printf("ok   %s (%llu values, %.1f ms)\n", name.c_str(), static_cast<unsigned long long>(r.compared), r.ms);
    else
      std::printf("FAIL %s: %s\n", name.c_str(), r.message.c_str());
    std::fflush(stdout);
    results.push_back(std::move(r));
    writeJson(json, results, device);
  }
  cudaStreamDestroy(stream);  // leak checkers see nothing of ours at exit
  int passed = 0;
  for (const auto& r : results) passed += r.ok;
  std::printf("%d passed, %d failed\n", passed, static_cast<int>(results.size()) - passed);
  std::fflush(stdout);  // before any exit-time checker can end the process
  return passed == static_cast<int>(results.size()) && !results.empty() ? 0 : 1;
}
