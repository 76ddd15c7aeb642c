// The --mvs file: one row per prediction block of every frame.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "temporal_compression.h"

namespace tc::cli {

class MotionVectorCsvWriter {
public:
    // Creates the file and writes the header row; nullptr with a message on failure.
    static std::unique_ptr<MotionVectorCsvWriter> open(const std::string& path, std::string* error);
    ~MotionVectorCsvWriter();
    MotionVectorCsvWriter(const MotionVectorCsvWriter&) = delete;
    MotionVectorCsvWriter& operator=(const MotionVectorCsvWriter&) = delete;

    bool write_frame(int64_t frame, const std::vector<MotionVector>& blocks, std::string* error);
    bool close(std::string* error);

private:
    MotionVectorCsvWriter() = default;
    FILE* file_ = nullptr;
    std::string path_;
};

}  // namespace tc::cli
