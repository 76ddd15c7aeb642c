#include "motion_vector_csv.h"

#include <cerrno>
#include <cstring>

namespace tc::cli {

std::unique_ptr<MotionVectorCsvWriter> MotionVectorCsvWriter::open(const std::string& path, std::string* error) {
    std::unique_ptr<MotionVectorCsvWriter> writer(new MotionVectorCsvWriter());
    writer->path_ = path;
    writer->file_ = std::fopen(path.c_str(), "w");
    if (writer->file_ == nullptr) {
        *error = path + ": " + std::strerror(errno);
        return nullptr;
    }
    std::fputs("frame,x,y,width,height,list,ref_idx,mv_x_eighth,mv_y_eighth,cost\n", writer->file_);
    return writer;
}

MotionVectorCsvWriter::~MotionVectorCsvWriter() {
    if (file_ != nullptr) std::fclose(file_);
}

bool MotionVectorCsvWriter::write_frame(int64_t frame, const std::vector<MotionVector>& blocks, std::string* error) {
    for (const MotionVector& b : blocks) {
        if (std::fprintf(file_, "%lld,%d,%d,%d,%d,%d,%d,%d,%d,%u\n", static_cast<long long>(frame), b.x, b.y,
                         b.width, b.height, b.list, b.ref_idx, b.mv_x, b.mv_y, b.cost) < 0) {
            *error = path_ + ": write failed";
            return false;
        }
    }
    return true;
}

bool MotionVectorCsvWriter::close(std::string* error) {
    const bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok) *error = path_ + ": close failed";
    return ok;
}

}  // namespace tc::cli
