// Run-time CPU feature detection and the user-settable CPU level cap (STYLE.md: "kernel tables
// per encoder instance ... overridden according to the detected CPU features and a user-settable
// CPU mask"). Nothing here is cached in a global: callers detect once and keep the result.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tc {

// One bit per x86 feature the kernels care about. A bit is set only when both the CPU reports
// the instructions and the operating system saves the register state they use (XGETBV).
enum CpuFeature : uint32_t {
    kCpuSse2 = 1u << 0,
    kCpuSsse3 = 1u << 1,
    kCpuSse41 = 1u << 2,
    kCpuAvx = 1u << 3,
    kCpuAvx2 = 1u << 4,
    kCpuBmi2 = 1u << 5,
    kCpuFma = 1u << 6,
    kCpuAvx512F = 1u << 7,
    kCpuAvx512Bw = 1u << 8,
    kCpuAvx512Vl = 1u << 9,
    kCpuAvx512Dq = 1u << 10,
};

struct CpuFeatures {
    uint32_t mask = 0;  // CpuFeature bits

    bool has(uint32_t features) const { return (mask & features) == features; }
};

// The kernel sets, lowest to highest. Each level implies the ones below it.
enum class CpuLevel : uint8_t {
    kNone = 0,    // scalar references only
    kAvx2 = 1,    // AVX2 (with SSE4.1, BMI2 and FMA)
    kAvx512 = 2,  // AVX-512 F + BW + VL + DQ, on top of AVX2
};

// Environment variable a caller may read to cap the level (for testing and for comparing
// streams with SIMD on and off): "none", "avx2" or "avx512".
inline constexpr const char* kCpuLevelEnvironmentVariable = "TCENC_CPU";

// CPUID + XGETBV on x86; an empty set elsewhere.
CpuFeatures detect_cpu_features();

// The highest level whose features are all in `features`.
CpuLevel highest_cpu_level(const CpuFeatures& features);

// The features a level needs.
uint32_t cpu_level_features(CpuLevel level);

// "none", "avx2", "avx512".
const char* cpu_level_name(CpuLevel level);

struct CpuLevelParseResult {
    CpuLevel level = CpuLevel::kAvx512;
    std::string error;  // empty on success

    bool ok() const { return error.empty(); }
};

// Parses "none" | "avx2" | "avx512" (case-insensitive, surrounding blanks ignored): the highest
// level the caller allows. Anything else is an error naming the value and the accepted ones.
CpuLevelParseResult parse_cpu_level(std::string_view text);

// Parses the value of kCpuLevelEnvironmentVariable as read by the caller (nullptr or empty when
// unset: no cap, CpuLevel::kAvx512).
CpuLevelParseResult cpu_level_from_environment_value(const char* value);

// The cap an encoder applies: `setting` when given (the `cpu` setting), otherwise (auto) the
// value of TCENC_CPU, read now; an unparsable TCENC_CPU caps at none, so that a mistyped value
// in a test never passes for the SIMD level it meant to force.
CpuLevel requested_cpu_level(std::optional<CpuLevel> setting);

}  // namespace tc
