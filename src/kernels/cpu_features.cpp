// CPUID/XGETBV feature detection and the CPU level parser.
#include "kernels/cpu_features.h"

#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace tc {
namespace {

#if defined(__x86_64__) || defined(__i386__)
// XCR0: which register states the operating system saves on a context switch. Read with inline
// assembly so this file needs no -mxsave.
uint64_t read_xcr0() {
    uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<uint64_t>(edx) << 32) | eax;
}

constexpr uint64_t kXcr0SseYmm = 0x6;        // XMM and YMM upper halves
constexpr uint64_t kXcr0Zmm = 0xe0;          // opmask, ZMM0-15 upper halves, ZMM16-31
#endif

}  // namespace

CpuFeatures detect_cpu_features() {
    CpuFeatures features;
#if defined(__x86_64__) || defined(__i386__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return features;
    const unsigned max_leaf = eax;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return features;
    const unsigned leaf1_ecx = ecx, leaf1_edx = edx;
    if (leaf1_edx & (1u << 26)) features.mask |= kCpuSse2;
    if (leaf1_ecx & (1u << 9)) features.mask |= kCpuSsse3;
    if (leaf1_ecx & (1u << 19)) features.mask |= kCpuSse41;

    // AVX and everything above it need the OS to save YMM (and for AVX-512 ZMM) state.
    const bool osxsave = (leaf1_ecx & (1u << 27)) != 0;
    const uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    const bool ymm_state = (xcr0 & kXcr0SseYmm) == kXcr0SseYmm;
    const bool zmm_state = ymm_state && (xcr0 & kXcr0Zmm) == kXcr0Zmm;
    if (!ymm_state) return features;
    if (leaf1_ecx & (1u << 28)) features.mask |= kCpuAvx;
    if (leaf1_ecx & (1u << 12)) features.mask |= kCpuFma;
    if (max_leaf < 7) return features;

    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    if (ebx & (1u << 5)) features.mask |= kCpuAvx2;
    if (ebx & (1u << 8)) features.mask |= kCpuBmi2;
    if (zmm_state) {
        if (ebx & (1u << 16)) features.mask |= kCpuAvx512F;
        if (ebx & (1u << 17)) features.mask |= kCpuAvx512Dq;
        if (ebx & (1u << 30)) features.mask |= kCpuAvx512Bw;
        if (ebx & (1u << 31)) features.mask |= kCpuAvx512Vl;
    }
#endif
    return features;
}

uint32_t cpu_level_features(CpuLevel level) {
    constexpr uint32_t avx2 = kCpuSse2 | kCpuSsse3 | kCpuSse41 | kCpuAvx | kCpuAvx2 | kCpuBmi2 | kCpuFma;
    switch (level) {
        case CpuLevel::kNone: return 0;
        case CpuLevel::kAvx2: return avx2;
        case CpuLevel::kAvx512: return avx2 | kCpuAvx512F | kCpuAvx512Bw | kCpuAvx512Vl | kCpuAvx512Dq;
    }
    return 0;
}

CpuLevel highest_cpu_level(const CpuFeatures& features) {
    if (features.has(cpu_level_features(CpuLevel::kAvx512))) return CpuLevel::kAvx512;
    if (features.has(cpu_level_features(CpuLevel::kAvx2))) return CpuLevel::kAvx2;
    return CpuLevel::kNone;
}

const char* cpu_level_name(CpuLevel level) {
    switch (level) {
        case CpuLevel::kNone: return "none";
        case CpuLevel::kAvx2: return "avx2";
        case CpuLevel::kAvx512: return "avx512";
    }
    return "unknown";
}

CpuLevelParseResult parse_cpu_level(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    CpuLevelParseResult result;
    for (const CpuLevel level : {CpuLevel::kNone, CpuLevel::kAvx2, CpuLevel::kAvx512}) {
        if (lower == cpu_level_name(level)) {
            result.level = level;
            return result;
        }
    }
    result.error = "unknown CPU level '" + std::string(text) + "' (expected none, avx2 or avx512)";
    return result;
}

CpuLevelParseResult cpu_level_from_environment_value(const char* value) {
    if (value == nullptr || value[0] == '\0') return CpuLevelParseResult{};
    CpuLevelParseResult result = parse_cpu_level(value);
    if (!result.ok()) result.error = std::string(kCpuLevelEnvironmentVariable) + ": " + result.error;
    return result;
}

CpuLevel requested_cpu_level(std::optional<CpuLevel> setting) {
    if (setting) return *setting;
    const CpuLevelParseResult from_environment =
        cpu_level_from_environment_value(std::getenv(kCpuLevelEnvironmentVariable));
    return from_environment.ok() ? from_environment.level : CpuLevel::kNone;
}

}  // namespace tc
