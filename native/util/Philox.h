// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3").
// Counter-based: the numbers for (key, counter) need no state, so every sample
// and view draws its own stream, on any thread or device, in any order.
#pragma once
#include <array>
#include <cstdint>

namespace simsiam {

using Philox4 = std::array<uint32_t, 4>;

inline Philox4 philox4x32(Philox4 ctr, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = static_cast<uint64_t>(kM0) * ctr[0];
    const uint64_t p1 = static_cast<uint64_t>(kM1) * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ k0, static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ k1, static_cast<uint32_t>(p0)};
    k0 += kW0;
    k1 += kW1;
  }
  return ctr;
}

// A stream of uniform doubles in [0, 1) for one (seed, stream id) pair: the
// counter is (id0, id1, id2, block) and each block yields two 53-bit doubles.
class PhiloxStream {
 public:
  PhiloxStream(uint64_t seed, uint32_t id0, uint32_t id1, uint32_t id2)
      : k0_(static_cast<uint32_t>(seed)), k1_(static_cast<uint32_t>(seed >> 32)), id_{id0, id1, id2} {}

  double uniform() {
    if (used_ == 2) {
      buf_ = philox4x32({id_[0], id_[1], id_[2], block_++}, k0_, k1_);
      used_ = 0;
    }
    const uint32_t a = buf_[2 * used_] >> 5, b = buf_[2 * used_ + 1] >> 6;
    ++used_;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), n >= 1.
  int64_t below(int64_t n) {
    const int64_t v = static_cast<int64_t>(uniform() * static_cast<double>(n));
    return v < n ? v : n - 1;
  }

 private:
  uint32_t k0_, k1_;
  uint32_t id_[3];
  uint32_t block_ = 0;
  Philox4 buf_{};
  int used_ = 2;
};

}  // namespace simsiam
