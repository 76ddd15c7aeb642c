#!/usr/bin/env python3
"""Motion vectors on clips with known motion.

--pan: a window moving over a still testsrc2 picture by (+4, +1) samples per frame: the
prediction blocks must point (+4, +1) = (32, 8) in eighth samples on most of the inter area.
testsrc2 has flat areas where other vectors predict exactly as well (the encoder is free to
pick the cheapest to code there), so a block also counts when its integer vector fetches,
from the previous source frame, the same samples as (+4, +1) does (mean difference <= 0.5).
--clip FILE: a clip with global motion (a pan): one vector cluster (within 2 samples) must
cover a large part of the inter area, and not be the zero vector.
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(command)}\n{result.stderr}")


def inter_blocks(mvs_path):
    with open(mvs_path) as file:
        rows = [r for r in csv.DictReader(file) if r["frame"] != "0" and r["list"] == "0"]
    return [((int(r["mv_x_eighth"]), int(r["mv_y_eighth"])), int(r["width"]) * int(r["height"])) for r in rows]


def read_y4m_luma(path):
    with open(path, "rb") as file:
        data = file.read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split()
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    frames, position = [], header_end + 1
    while position < len(data):
        position = data.index(b"\n", position) + 1
        frames.append(data[position:position + width * height])
        position += width * height * 3 // 2
    return width, height, frames


def same_prediction(luma, row, true_mv):
    """Does the block's integer vector fetch (nearly) what the true vector fetches?"""
    width, height, frames = luma
    frame, x, y = int(row["frame"]), int(row["x"]), int(row["y"])
    w, h = int(row["width"]), int(row["height"])
    mv = (int(row["mv_x_eighth"]), int(row["mv_y_eighth"]))
    if mv[0] % 8 or mv[1] % 8:
        return False
    reference = frames[frame - 1]
    clamp = lambda v, hi: min(max(v, 0), hi - 1)
    total = 0
    for j in range(h):
        for i in range(w):
            a = reference[clamp(y + j + mv[1] // 8, height) * width + clamp(x + i + mv[0] // 8, width)]
            b = reference[clamp(y + j + true_mv[1] // 8, height) * width + clamp(x + i + true_mv[0] // 8, width)]
            total += abs(a - b)
    return total <= 0.5 * w * h


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcenc", required=True)
    parser.add_argument("--pan", action="store_true")
    parser.add_argument("--clip")
    parser.add_argument("--min-fraction", type=float, required=True)
    parser.add_argument("--tcenc-arg", action="append", default=[], help="an extra tcenc argument (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        clip = args.clip
        if args.pan:
            still = os.path.join(work, "still.png")
            clip = os.path.join(work, "pan.y4m")
            run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-frames:v", "1",
                 "-y", still])
            run(["ffmpeg", "-v", "error", "-loop", "1", "-i", still, "-vf",
                 "crop=320:240:x='12+4*n':y='20+n',format=yuv420p", "-frames:v", "5", "-y", clip])
        mvs = os.path.join(work, "mvs.csv")
        run([args.tcenc, "-i", clip, "-o", os.path.join(work, "out.hevc"), "--frames", "4", "--qp", "27",
             "--mvs", mvs, "--quiet"] + args.tcenc_arg)
        blocks = inter_blocks(mvs)
        if args.pan:
            luma = read_y4m_luma(clip)
            with open(mvs) as file:
                rows = [r for r in csv.DictReader(file) if r["frame"] != "0" and r["list"] == "0"]
            blocks = [((32, 8) if same_prediction(luma, r, (32, 8)) else
                       (int(r["mv_x_eighth"]), int(r["mv_y_eighth"])), int(r["width"]) * int(r["height"]))
                      for r in rows]
        total = sum(area for _, area in blocks)
        if total == 0:
            sys.exit("FAIL: no inter prediction blocks")
        if args.pan:
            area = sum(a for mv, a in blocks if mv == (32, 8))
            what = "(32, 8)"
        else:
            best = (0, None)
            for candidate in {mv for mv, _ in blocks if mv != (0, 0)}:
                area = sum(a for mv, a in blocks
                           if abs(mv[0] - candidate[0]) <= 16 and abs(mv[1] - candidate[1]) <= 16)
                best = max(best, (area, candidate))
            area, what = best
        fraction = area / total
        print(f"vector {what} covers {fraction:.1%} of {total} inter samples (at least {args.min_fraction:.0%})")
        if fraction < args.min_fraction:
            sys.exit("FAIL: no dominant vector")
    print("ok")


if __name__ == "__main__":
    main()
