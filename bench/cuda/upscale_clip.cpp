// A camera clip at 4K or 8K for the GPU benchmarks (issue 7): the GPU machine has no ffmpeg, so
// a 1080p y4m clip (8-bit 4:2:0) is upscaled there, by a power of two, with a 2x bilinear step
// per doubling (each output sample 9/16, 3/16, 3/16, 1/16 of its four nearest input samples,
// edges repeated), and played forwards and backwards until it has the asked number of frames
// (FACTOR 1: the clip itself, played so).
//   g++ -O2 -std=c++20 -o upscale_clip bench/cuda/upscale_clip.cpp
//   ./upscale_clip IN.y4m OUT.y4m FACTOR(1, 2 or 4) FRAMES
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Plane {
    int width = 0, height = 0;
    std::vector<unsigned char> samples;
    unsigned char at(int x, int y) const {
        x = x < 0 ? 0 : x >= width ? width - 1 : x;
        y = y < 0 ? 0 : y >= height ? height - 1 : y;
        return samples[static_cast<size_t>(y) * width + x];
    }
};

Plane doubled(const Plane& in) {
    Plane out{2 * in.width, 2 * in.height, {}};
    out.samples.resize(static_cast<size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; y++) {
        const int y0 = y / 2, y1 = (y & 1) ? y0 + 1 : y0 - 1;  // nearest and next-nearest row
        for (int x = 0; x < out.width; x++) {
            const int x0 = x / 2, x1 = (x & 1) ? x0 + 1 : x0 - 1;
            const int sum = 9 * in.at(x0, y0) + 3 * in.at(x1, y0) + 3 * in.at(x0, y1) + in.at(x1, y1);
            out.samples[static_cast<size_t>(y) * out.width + x] = static_cast<unsigned char>((sum + 8) >> 4);
        }
    }
    return out;
}

int header_value(const std::string& header, char tag) {
    const size_t at = header.find(std::string(" ") + tag);
    return at == std::string::npos ? 0 : std::atoi(header.c_str() + at + 2);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s IN.y4m OUT.y4m FACTOR(1|2|4) FRAMES\n", argv[0]);
        return 2;
    }
    const int factor = std::atoi(argv[3]), frames = std::atoi(argv[4]);
    if ((factor != 1 && factor != 2 && factor != 4) || frames <= 0) {
        std::fprintf(stderr, "FACTOR must be 1, 2 or 4 and FRAMES positive\n");
        return 2;
    }
    FILE* in = std::fopen(argv[1], "rb");
    if (in == nullptr) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    char line[512];
    if (std::fgets(line, sizeof line, in) == nullptr || std::strncmp(line, "YUV4MPEG2 ", 10) != 0) {
        std::fprintf(stderr, "%s: not a y4m file\n", argv[1]);
        return 1;
    }
    const std::string header(line);
    const int width = header_value(header, 'W'), height = header_value(header, 'H');
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
        std::fprintf(stderr, "%s: needs an even width and height\n", argv[1]);
        return 1;
    }
    // The input's frames, each as three planes.
    std::vector<std::vector<Plane>> clip;
    for (;;) {
        if (std::fgets(line, sizeof line, in) == nullptr) break;
        if (std::strncmp(line, "FRAME", 5) != 0) {
            std::fprintf(stderr, "%s: bad frame header\n", argv[1]);
            return 1;
        }
        std::vector<Plane> planes;
        for (int c = 0; c < 3; c++) {
            Plane p{c == 0 ? width : width / 2, c == 0 ? height : height / 2, {}};
            p.samples.resize(static_cast<size_t>(p.width) * p.height);
            if (std::fread(p.samples.data(), 1, p.samples.size(), in) != p.samples.size()) {
                std::fprintf(stderr, "%s: truncated frame %zu\n", argv[1], clip.size());
                return 1;
            }
            planes.push_back(std::move(p));
        }
        clip.push_back(std::move(planes));
    }
    std::fclose(in);
    if (clip.empty()) {
        std::fprintf(stderr, "%s: no frames\n", argv[1]);
        return 1;
    }
    FILE* out = std::fopen(argv[2], "wb");
    if (out == nullptr) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 1;
    }
    // The header with the new size; the other tags as they were.
    std::string rest = header.substr(10);
    std::string tags;
    size_t start = 0;
    while (start < rest.size()) {
        size_t end = rest.find_first_of(" \n", start);
        if (end == std::string::npos) end = rest.size();
        const std::string tag = rest.substr(start, end - start);
        if (!tag.empty() && tag[0] != 'W' && tag[0] != 'H') tags += " " + tag;
        start = end + 1;
    }
    std::fprintf(out, "YUV4MPEG2 W%d H%d%s\n", width * factor, height * factor, tags.c_str());
    const int count = static_cast<int>(clip.size());
    const int period = count > 1 ? 2 * count - 2 : 1;
    for (int f = 0; f < frames; f++) {
        const int phase = f % period;
        const int source = phase < count ? phase : period - phase;  // forwards, then backwards
        std::fputs("FRAME\n", out);
        for (const Plane& plane : clip[static_cast<size_t>(source)]) {
            Plane p = factor == 1 ? plane : doubled(plane);
            if (factor == 4) p = doubled(p);
            std::fwrite(p.samples.data(), 1, p.samples.size(), out);
        }
    }
    return std::fclose(out) == 0 ? 0 : 1;
}
