#include "io/y4m_reader.h"

#include <cerrno>
#include <cstring>

namespace tc::io {
namespace {

constexpr std::string_view kSignature = "YUV4MPEG2";
constexpr std::string_view kFrameMarker = "FRAME";
// Real headers are well under 200 bytes; the bound keeps garbage input from growing a line.
constexpr size_t kMaxStreamHeader = 4096;
constexpr size_t kMaxFrameHeader = 1024;

enum class LineStatus { kLine, kEmpty, kTruncated, kTooLong };

// Reads up to '\n' (not stored). kEmpty: end of file before any byte; kTruncated: end of
// file after some bytes; kTooLong: max_length bytes without a '\n' (those are in *line).
LineStatus read_line(FILE* file, size_t max_length, std::string* line) {
    line->clear();
    while (line->size() < max_length) {
        const int c = std::getc(file);
        if (c == EOF) return line->empty() ? LineStatus::kEmpty : LineStatus::kTruncated;
        if (c == '\n') return LineStatus::kLine;
        line->push_back(static_cast<char>(c));
    }
    return LineStatus::kTooLong;
}

// The start of a line as it can be shown in a message: printable ASCII, at most 20 bytes.
std::string quoted_excerpt(std::string_view text) {
    std::string shown = "\"";
    for (size_t i = 0; i < text.size() && i < 20; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        shown += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (text.size() > 20) shown += "...";
    return shown + "\"";
}

// A decimal integer in 1..max, digits only.
bool parse_positive(std::string_view text, int64_t max, int64_t* value) {
    if (text.empty() || text.size() > 18) return false;
    int64_t result = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        result = result * 10 + (c - '0');
    }
    if (result < 1 || result > max) return false;
    *value = result;
    return true;
}

bool parse_dimension(char tag, std::string_view text, int* value, std::string* error) {
    int64_t parsed = 0;
    if (!parse_positive(text, kMaxDimension, &parsed)) {
        *error = std::string("y4m header: ") + (tag == 'W' ? "width" : "height") + " '" +
                 std::string(text) + "' is not a number from 1 to " +
                 std::to_string(kMaxDimension);
        return false;
    }
    *value = static_cast<int>(parsed);
    return true;
}

bool parse_frame_rate(std::string_view text, VideoInfo* info, std::string* error) {
    const size_t colon = text.find(':');
    int64_t num = 0;
    int64_t den = 0;
    constexpr int64_t kMaxRatePart = 0x7fffffff;
    if (colon == std::string_view::npos || !parse_positive(text.substr(0, colon), kMaxRatePart, &num) ||
        !parse_positive(text.substr(colon + 1), kMaxRatePart, &den)) {
        *error = "y4m header: frame rate 'F" + std::string(text) +
                 "' is not of the form Fnum:den with positive numbers";
        return false;
    }
    info->fps_num = static_cast<int>(num);
    info->fps_den = static_cast<int>(den);
    return true;
}

bool check_chroma(std::string_view text, std::string* error) {
    // 420jpeg, 420mpeg2 and 420paldv differ only in chroma siting, which does not change
    // the samples; an encoder takes them all as 4:2:0.
    if (text == "420" || text == "420jpeg" || text == "420mpeg2" || text == "420paldv") return true;
    *error = "y4m header: colour space 'C" + std::string(text) +
             "' is not supported (only 8-bit 4:2:0: C420, C420jpeg, C420mpeg2, C420paldv)";
    return false;
}

bool check_interlacing(std::string_view text, std::string* error) {
    if (text == "p" || text == "?") return true;
    *error = "y4m header: interlaced input 'I" + std::string(text) +
             "' is not supported (only progressive, Ip)";
    return false;
}

}  // namespace

bool parse_y4m_header(std::string_view line, VideoInfo* info, std::string* error) {
    if (line.substr(0, kSignature.size()) != kSignature ||
        (line.size() > kSignature.size() && line[kSignature.size()] != ' ')) {
        *error = "not a y4m file: it does not start with \"YUV4MPEG2 \" (found " +
                 quoted_excerpt(line) + ")";
        return false;
    }
    VideoInfo parsed;
    bool have_width = false;
    bool have_height = false;
    std::string_view rest = line.substr(kSignature.size());
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        const std::string_view token = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        if (token.empty()) continue;
        const std::string_view value = token.substr(1);
        switch (token[0]) {
        case 'W':
            if (!parse_dimension('W', value, &parsed.width, error)) return false;
            have_width = true;
            break;
        case 'H':
            if (!parse_dimension('H', value, &parsed.height, error)) return false;
            have_height = true;
            break;
        case 'F':
            if (!parse_frame_rate(value, &parsed, error)) return false;
            break;
        case 'C':
            if (!check_chroma(value, error)) return false;
            break;
        case 'I':
            if (!check_interlacing(value, error)) return false;
            break;
        case 'X':
            if (value == "COLORRANGE=FULL") parsed.full_range = true;
            if (value == "COLORRANGE=LIMITED") parsed.full_range = false;
            break;
        default:  // A (aspect ratio) and tags this reader does not know: ignored.
            break;
        }
    }
    if (!have_width || !have_height) {
        *error = std::string("y4m header: no ") + (have_width ? "height (H)" : "width (W)");
        return false;
    }
    *info = parsed;
    return true;
}

std::unique_ptr<Y4mReader> Y4mReader::open(const std::string& path, std::string* error) {
    std::unique_ptr<Y4mReader> reader(new Y4mReader());
    if (!reader->file_.open(path, error)) return nullptr;
    const std::string& name = reader->file_.name();
    std::string line;
    switch (read_line(reader->file_.get(), kMaxStreamHeader, &line)) {
    case LineStatus::kLine:
        break;
    case LineStatus::kEmpty:
        *error = name + ": empty input, expected a y4m header";
        return nullptr;
    case LineStatus::kTruncated:
        if (line.substr(0, kSignature.size()) == kSignature) {
            *error = name + ": the input ends inside the y4m header";
            return nullptr;
        }
        break;  // Reported below as "not a y4m file".
    case LineStatus::kTooLong:
        if (line.substr(0, kSignature.size()) == kSignature) {
            *error = name + ": y4m header longer than " + std::to_string(kMaxStreamHeader) +
                     " bytes";
            return nullptr;
        }
        break;
    }
    std::string header_error;
    if (!parse_y4m_header(line, &reader->info_, &header_error)) {
        *error = name + ": " + header_error;
        return nullptr;
    }
    return reader;
}

ReadResult Y4mReader::fail(std::string message) {
    error_ = file_.name() + ": frame " + std::to_string(frames_read_) + ": " + message;
    return ReadResult::kError;
}

ReadResult Y4mReader::read_frame(uint8_t* dst) {
    if (!error_.empty()) return ReadResult::kError;
    FILE* file = file_.get();
    std::string line;
    const LineStatus status = read_line(file, kMaxFrameHeader, &line);
    if (status == LineStatus::kEmpty) {
        if (std::ferror(file)) return fail(std::string("read error: ") + std::strerror(errno));
        return ReadResult::kEnd;
    }
    const bool has_marker = line.substr(0, kFrameMarker.size()) == kFrameMarker &&
                            (line.size() == kFrameMarker.size() || line[kFrameMarker.size()] == ' ');
    if (!has_marker) return fail("expected a FRAME marker, found " + quoted_excerpt(line));
    if (status == LineStatus::kTruncated) return fail("the input ends inside the frame header");
    if (status == LineStatus::kTooLong) return fail("frame header is too long (no newline)");

    const size_t size = frame_size(info_);
    const size_t got = read_fully(file, dst, size);
    if (got < size) {
        if (std::ferror(file)) return fail(std::string("read error: ") + std::strerror(errno));
        error_ = file_.name() + ": frame " + std::to_string(frames_read_) + " is truncated (got " +
                 std::to_string(got) + " of " + std::to_string(size) + " bytes)";
        return ReadResult::kError;
    }
    ++frames_read_;
    return ReadResult::kFrame;
}

}  // namespace tc::io
