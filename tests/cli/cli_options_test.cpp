// The command line's parser: which settings an option passes on (tc_config_set by name), so
// that an option left out keeps the library's default.
#include "cli_options.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace tc::cli {
namespace {

struct Parsed {
    ParseOutcome outcome;
    CliOptions options;
};

Parsed parse(std::initializer_list<const char*> arguments) {
    std::vector<std::string> storage = {"tcenc", "-i", "in.y4m", "-o", "out.hevc"};
    storage.insert(storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : storage) argv.push_back(argument.data());
    Parsed parsed;
    parsed.outcome = parse_command_line(static_cast<int>(argv.size()), argv.data(), &parsed.options);
    return parsed;
}

// The values passed for a setting, in order (empty: the option was not passed on).
std::vector<std::string> values_of(const CliOptions& options, const std::string& name) {
    std::vector<std::string> values;
    for (const auto& [setting, value] : options.settings) {
        if (setting == name) values.push_back(value);
    }
    return values;
}

// Without either spelling the CLI passes nothing, so the library's default (on) holds; CLI11
// assigns a negatable flag's optional even when it is absent, which once turned it off.
TEST(CliOptions, GpuFiltersKeepTheDefaultUnlessAsked) {
    const Parsed plain = parse({"--gpu", "--gpu-decisions"});
    ASSERT_TRUE(plain.outcome.run);
    EXPECT_TRUE(values_of(plain.options, "gpu-filters").empty());
    EXPECT_EQ(values_of(plain.options, "gpu-decisions"), std::vector<std::string>{"1"});

    const Parsed on = parse({"--gpu", "--gpu-decisions", "--gpu-filters"});
    ASSERT_TRUE(on.outcome.run);
    EXPECT_EQ(values_of(on.options, "gpu-filters"), std::vector<std::string>{"1"});

    const Parsed off = parse({"--gpu", "--gpu-decisions", "--no-gpu-filters"});
    ASSERT_TRUE(off.outcome.run);
    EXPECT_EQ(values_of(off.options, "gpu-filters"), std::vector<std::string>{"0"});
}

TEST(CliOptions, BothGpuFilterSpellingsAreRefused) {
    testing::internal::CaptureStderr();
    const Parsed both = parse({"--gpu", "--gpu-decisions", "--gpu-filters", "--no-gpu-filters"});
    const std::string error = testing::internal::GetCapturedStderr();
    EXPECT_FALSE(both.outcome.run);
    EXPECT_NE(both.outcome.exit_code, 0);
    EXPECT_NE(error.find("gpu-filters"), std::string::npos) << error;
}

// The other flags pass nothing when absent either: a plain command line leaves every setting
// but the preset-independent ones to the library.
TEST(CliOptions, AbsentFlagsPassNoSetting) {
    const Parsed plain = parse({});
    ASSERT_TRUE(plain.outcome.run);
    for (const char* name : {"gpu", "gpu-decisions", "gpu-filters", "pipeline", "pipeline-rows", "deblock", "sao", "wpp",
                             "rect", "b-adapt", "realtime", "intra-refresh", "low-delay-b", "open-gop"}) {
        EXPECT_TRUE(values_of(plain.options, name).empty()) << name;
    }
}

// --pipeline-rows passes "pipeline" too (the library refuses "pipeline-rows" alone), once.
TEST(CliOptions, PipelineRowsImpliesPipeline) {
    for (const Parsed& parsed : {parse({"--pipeline-rows"}), parse({"--pipeline", "--pipeline-rows"})}) {
        ASSERT_TRUE(parsed.outcome.run);
        EXPECT_EQ(values_of(parsed.options, "pipeline"), std::vector<std::string>{"1"});
        EXPECT_EQ(values_of(parsed.options, "pipeline-rows"), std::vector<std::string>{"1"});
    }
    const Parsed pipeline_only = parse({"--pipeline"});
    EXPECT_TRUE(values_of(pipeline_only.options, "pipeline-rows").empty());
}

}  // namespace
}  // namespace tc::cli
