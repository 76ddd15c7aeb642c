#include "io/frame_source.h"

#include <cerrno>
#include <cstring>

namespace tc::io {

bool InputFile::open(const std::string& path, std::string* error) {
    if (path == "-") {
        file_ = stdin;
        owned_ = false;
        name_ = "stdin";
        return true;
    }
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
        *error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    owned_ = true;
    name_ = path;
    return true;
}

InputFile::~InputFile() {
    if (owned_ && file_ != nullptr) std::fclose(file_);
}

size_t read_fully(FILE* file, uint8_t* dst, size_t size) {
    size_t done = 0;
    while (done < size) {
        const size_t got = std::fread(dst + done, 1, size - done, file);
        if (got == 0) break;
        done += got;
    }
    return done;
}

}  // namespace tc::io
