#!/usr/bin/env python3
"""Writes a y4m clip of WxH made from a smaller y4m: its frames tiled (mirrored at the tile
edges) and panned by (3, 1) luma samples per frame, so that large pictures move like video.
Used on the GPU machine, which has no ffmpeg.

    make_panned_clip.py sample.y4m WIDTH HEIGHT FRAMES out.y4m
"""
import sys


def read_frames(path):
    data = open(path, "rb").read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split()
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    sizes = [(width, height), (width // 2, height // 2), (width // 2, height // 2)]
    frames, position = [], header_end + 1
    while position < len(data):
        position = data.index(b"\n", position) + 1  # the FRAME line
        planes = []
        for w, h in sizes:
            planes.append([data[position + r * w:position + (r + 1) * w] for r in range(h)])
            position += w * h
        frames.append(planes)
    return frames


def mirrored(index, size):
    return index % size if (index // size) % 2 == 0 else size - 1 - index % size


def tiled(rows, width, height, shift_x, shift_y):
    h, w = len(rows), len(rows[0])
    columns = [mirrored(x + shift_x, w) for x in range(width)]
    picked = {}
    out = bytearray()
    for y in range(height):
        r = mirrored(y + shift_y, h)
        if r not in picked:
            row = rows[r]
            picked[r] = bytes(row[c] for c in columns)
        out += picked[r]
    return out


def main():
    source, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    count, output = int(sys.argv[4]), sys.argv[5]
    frames = read_frames(source)
    with open(output, "wb") as out:
        out.write(b"YUV4MPEG2 W%d H%d F30:1 Ip A1:1 C420jpeg\n" % (width, height))
        for index in range(count):
            y, u, v = frames[index % len(frames)]
            out.write(b"FRAME\n")
            out.write(tiled(y, width, height, 3 * index, index))
            out.write(tiled(u, width // 2, height // 2, 3 * index // 2, index // 2))
            out.write(tiled(v, width // 2, height // 2, 3 * index // 2, index // 2))


if __name__ == "__main__":
    main()
