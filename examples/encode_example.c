/*
 * encode_example: the smallest complete use of the tcenc C API.
 *
 *   encode_example in.y4m out.hevc [qp_factor]
 *
 * Reads an 8-bit 4:2:0 y4m file (only the W, H and F header tags are looked at), encodes
 * every frame and writes the Annex B stream. qp_factor is the quality dial in [0,1]
 * (1 = best, default 0.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temporal_compression.h"

/* Reads one line up to '\n' into line (at most size - 1 bytes kept). Returns 0 at end of
 * file before any byte, 1 otherwise. */
static int read_line(FILE* file, char* line, size_t size) {
    size_t length = 0;
    int c = getc(file);
    if (c == EOF) return 0;
    while (c != EOF && c != '\n') {
        if (length + 1 < size) line[length++] = (char)c;
        c = getc(file);
    }
    line[length] = '\0';
    return 1;
}

/* Takes W, H and F from a y4m stream header. Returns 1 on success. */
static int parse_header(const char* line, uint32_t* width, uint32_t* height, uint32_t* fps) {
    const char* p;
    if (strncmp(line, "YUV4MPEG2 ", 10) != 0) return 0;
    *width = *height = 0;
    *fps = 25;
    for (p = line + 9; p != NULL && *p != '\0'; p = strchr(p + 1, ' ')) {
        const char* tag = p + 1;
        if (*tag == 'W') *width = (uint32_t)strtoul(tag + 1, NULL, 10);
        if (*tag == 'H') *height = (uint32_t)strtoul(tag + 1, NULL, 10);
        if (*tag == 'F') {
            char* colon;
            unsigned long num = strtoul(tag + 1, &colon, 10);
            unsigned long den = *colon == ':' ? strtoul(colon + 1, NULL, 10) : 1;
            if (den == 0) return 0;
            *fps = (uint32_t)((num + den / 2) / den);
            if (*fps == 0) *fps = 1;
        }
    }
    return *width > 0 && *height > 0;
}

static int encode_file(FILE* in, FILE* out, float qp_factor) {
    char line[1024];
    TCConfig config;
    TCContext* ctx;
    uint8_t* frame;
    uint8_t* stream;
    size_t frame_size, capacity;
    long frames = 0;
    int status = 0;

    if (!read_line(in, line, sizeof(line)) ||
        !parse_header(line, &config.width, &config.height, &config.fps)) {
        fprintf(stderr, "encode_example: not a y4m file with W and H\n");
        return 1;
    }
    config.qp_factor = qp_factor;
    config.enable_hardware_accel = false;

    capacity = tc_max_output_size(&config);
    ctx = tc_init(&config);
    if (ctx == NULL) {
        fprintf(stderr, "encode_example: tc_init failed: %s\n", tc_init_error());
        return 1;
    }
    frame_size = (size_t)config.width * config.height * 3 / 2;
    frame = malloc(frame_size);
    stream = malloc(capacity);
    if (frame == NULL || stream == NULL) {
        fprintf(stderr, "encode_example: out of memory\n");
        status = 1;
    }

    while (status == 0 && read_line(in, line, sizeof(line))) {
        size_t size = capacity;
        int rc;
        if (strncmp(line, "FRAME", 5) != 0 || fread(frame, 1, frame_size, in) != frame_size) {
            fprintf(stderr, "encode_example: frame %ld is broken or truncated\n", frames);
            status = 1;
            break;
        }
        rc = tc_process_frame(ctx, frame, stream, &size);
        if (rc < 0) {
            fprintf(stderr, "encode_example: frame %ld: %s (%s)\n", frames, tc_error_string(rc),
                    tc_last_error(ctx));
            status = 1;
            break;
        }
        if (fwrite(stream, 1, size, out) != size) status = 1;
        ++frames;
    }
    /* End of stream: a NULL frame returns what the encoder still holds, until nothing is left. */
    while (status == 0) {
        size_t size = capacity;
        int rc = tc_process_frame(ctx, NULL, stream, &size);
        if (rc < 0) {
            fprintf(stderr, "encode_example: flush: %s (%s)\n", tc_error_string(rc),
                    tc_last_error(ctx));
            status = 1;
        } else if (size == 0) {
            break;
        } else if (fwrite(stream, 1, size, out) != size) {
            status = 1;
        }
    }
    if (status == 0) {
        printf("encode_example: %ld frames of %ux%u encoded\n", frames, (unsigned)config.width,
               (unsigned)config.height);
    }
    free(stream);
    free(frame);
    tc_destroy(ctx);
    return status;
}

int main(int argc, char** argv) {
    FILE* in;
    FILE* out;
    float qp_factor = 0.5f;
    int status;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s in.y4m out.hevc [qp_factor]\n", argv[0]);
        return 2;
    }
    if (argc == 4) qp_factor = (float)atof(argv[3]);
    in = fopen(argv[1], "rb");
    if (in == NULL) {
        fprintf(stderr, "encode_example: cannot open %s\n", argv[1]);
        return 1;
    }
    out = fopen(argv[2], "wb");
    if (out == NULL) {
        fprintf(stderr, "encode_example: cannot create %s\n", argv[2]);
        fclose(in);
        return 1;
    }
    status = encode_file(in, out, qp_factor);
    fclose(in);
    if (fclose(out) != 0) status = 1;
    return status;
}
