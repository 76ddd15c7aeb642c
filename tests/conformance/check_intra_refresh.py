#!/usr/bin/env python3
"""Periodic intra refresh: a decoder that joins the stream at a refresh cycle (the picture
with the recovery point SEI), without any earlier picture, must output exactly the encoder's
reconstruction from the recovery point on; and no picture after the first is a keyframe-size
spike.

  check_intra_refresh.py --tcenc BIN --input CLIP.y4m --keyint K [--frames N] [--ref N] [--max-spike R]

The stream is cut after its parameter sets and resumed at the first picture of the second
refresh cycle (frame K + 1); ffmpeg decodes it (it stands in gray pictures for the missing
references). The check fails if any frame from the recovery point (K - 1 pictures later)
differs from the reconstruction, or if the stream lacks the recovery point SEI there.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile


def run(command):
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(command)}\n{result.stderr.decode(errors='replace')}")
    return result


def nal_units(data):
    starts = []
    i = 0
    while (i := data.find(b"\x00\x00\x01", i)) >= 0:
        starts.append(i + 3)
        i += 3
    for k, s in enumerate(starts):
        end = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        while end > s and data[end - 1] == 0:
            end -= 1
        yield data[s:end]


def access_units(data):
    """Parameter sets, then the NAL units of each picture (a suffix SEI ends each one)."""
    parameter_sets, pictures, current = [], [], []
    for unit in nal_units(data):
        kind = (unit[0] >> 1) & 0x3F
        if kind in (32, 33, 34):
            parameter_sets.append(unit)
            continue
        current.append(unit)
        if kind == 40:
            pictures.append(current)
            current = []
    return parameter_sets, pictures


def read_y4m_frames(path):
    with open(path, "rb") as file:
        data = file.read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split()
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    size = width * height * 3 // 2
    frames, position = [], header_end + 1
    while position < len(data):
        position = data.index(b"\n", position) + 1
        frames.append(data[position:position + size])
        position += size
    return width, height, frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcenc", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--keyint", type=int, required=True)
    parser.add_argument("--frames", type=int, default=0)
    parser.add_argument("--qp", type=int, default=30)
    parser.add_argument("--ref", type=int, default=1)
    parser.add_argument("--max-spike", type=float, default=3.0,
                        help="largest allowed (bits of a picture) / (median bits) after the first")
    args = parser.parse_args()
    k = args.keyint
    with tempfile.TemporaryDirectory() as work:
        stream, recon, stats = (os.path.join(work, n) for n in ("ir.hevc", "recon.y4m", "stats.csv"))
        command = [args.tcenc, "-i", args.input, "-o", stream, "--recon", recon, "--csv", stats, "--qp",
                   str(args.qp), "--ref", str(args.ref), "--intra-refresh", "--keyint", str(k), "--quiet"]
        if args.frames:
            command += ["--frames", str(args.frames)]
        run(command)
        width, height, recon_frames = read_y4m_frames(recon)
        start, recovery = k + 1, 2 * k  # second cycle: frames k+1 .. 2k, exact from frame 2k
        if len(recon_frames) <= recovery:
            sys.exit(f"FAIL: need more than {recovery} frames, have {len(recon_frames)}")
        with open(stream, "rb") as file:
            parameter_sets, pictures = access_units(file.read())
        if len(pictures) != len(recon_frames):
            sys.exit(f"FAIL: {len(pictures)} pictures for {len(recon_frames)} frames")
        sei_types = [(u[0] >> 1) & 0x3F for u in pictures[start]]
        if 39 not in sei_types or pictures[start][0][2] != 6:
            sys.exit(f"FAIL: no recovery point SEI at the start of the second refresh cycle (NAL types {sei_types})")
        cut = os.path.join(work, "cut.hevc")
        with open(cut, "wb") as file:
            for unit in parameter_sets[:3]:
                file.write(b"\x00\x00\x00\x01" + unit)
            for picture in pictures[start:]:
                for unit in picture:
                    file.write(b"\x00\x00\x00\x01" + unit)
        decoded_path = os.path.join(work, "cut.yuv")
        run(["ffmpeg", "-v", "error", "-f", "hevc", "-i", cut, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y",
             decoded_path])
        with open(decoded_path, "rb") as file:
            decoded = file.read()
        size = width * height * 3 // 2
        count = len(decoded) // size
        if count != len(recon_frames) - start:
            sys.exit(f"FAIL: the cut stream gave {count} frames, expected {len(recon_frames) - start}")
        exact_from = None
        for j in range(count):
            same = decoded[j * size:(j + 1) * size] == recon_frames[start + j]
            if not same and start + j >= recovery:
                sys.exit(f"FAIL: frame {start + j} differs from the reconstruction after the recovery point "
                         f"(frame {recovery})")
            if same and exact_from is None:
                exact_from = start + j
        print(f"joined at frame {start}: exact from frame {exact_from} (recovery point {recovery})")
        with open(stats) as file:
            bits = [int(row["bits"]) for row in csv.DictReader(file)][1:]
        spike = max(bits) / statistics.median(bits)
        print(f"largest picture after the first: {spike:.2f}x the median (at most {args.max_spike})")
        if spike > args.max_spike:
            sys.exit("FAIL: a keyframe-size spike")
    print("ok")


if __name__ == "__main__":
    main()
