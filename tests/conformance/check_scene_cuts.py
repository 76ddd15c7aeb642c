#!/usr/bin/env python3
"""Scene cuts start a new GOP: encodes a clip and reads the picture types back with ffprobe
(display order); the intra pictures must be exactly the expected frames.

  check_scene_cuts.py --tcenc BIN --input CLIP.y4m --intra 0,37,87 [-- tcenc args...]
  check_scene_cuts.py --tcenc BIN --synthetic-cut 15 --intra 0,15 [-- tcenc args...]

--synthetic-cut N makes the input with ffmpeg: N frames of a moving testsrc2 pattern, then
N frames of a moving mandelbrot (one cut, at frame N).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcenc", required=True)
    parser.add_argument("--input")
    parser.add_argument("--synthetic-cut", type=int)
    parser.add_argument("--intra", required=True, help="comma-separated frame numbers")
    parser.add_argument("tcenc_args", nargs="*")
    args = parser.parse_args()
    expected = [int(f) for f in args.intra.split(",")]
    with tempfile.TemporaryDirectory() as work:
        clip = args.input
        if args.synthetic_cut:
            n = args.synthetic_cut
            clip = os.path.join(work, "cut.y4m")
            subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=256x144:rate=25:duration={n / 25}",
                            "-f", "lavfi", "-i", f"mandelbrot=size=256x144:rate=25",
                            "-filter_complex", f"[1]trim=end_frame={n}[b];[0][b]concat=n=2:v=1,format=yuv420p",
                            "-frames:v", str(2 * n), "-y", clip], check=True)
        if clip is None:
            sys.exit("FAIL: --input or --synthetic-cut is needed")
        stream = os.path.join(work, "out.hevc")
        subprocess.run([args.tcenc, "-i", clip, "-o", stream, "--quiet", *args.tcenc_args], check=True)
        probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                                "frame=pict_type", "-of", "csv=p=0", stream],
                               check=True, capture_output=True, text=True)
        types = [line.strip().rstrip(",") for line in probe.stdout.splitlines() if line.strip()]
    intra = [i for i, t in enumerate(types) if t == "I"]
    print(f"{len(types)} frames; intra at {intra}; B pictures: {types.count('B')}")
    if intra != expected:
        sys.exit(f"FAIL: intra pictures at {intra}, expected {expected}")
    print("ok")


if __name__ == "__main__":
    main()
