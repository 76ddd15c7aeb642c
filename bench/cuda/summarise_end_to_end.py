#!/usr/bin/env python3
"""Summarises the CSVs of bench/cuda/run_gpu_end_to_end.sh: per configuration, the per-frame
wall time (median; p99 by nearest rank, which is the largest frame below 100 frames), fps, and the
median of each stage
(tc_get_frame_stage_times), as a Markdown table; where the directory's log.txt has the command's
wall time (run_gpu_end_to_end.sh writes "NAME rc=0 wall_s=S"), also frames / S, the whole
command's frame rate (reading the clip and writing the stream included).

    summarise_end_to_end.py DIR
"""
import csv
import glob
import math
import os
import statistics
import sys

STAGES = ["input_ms", "motion_ms", "analysis_ms", "filter_ms", "entropy_ms", "other_ms"]


def summarise(path):
    rows = list(csv.DictReader(open(path)))
    # The first picture is intra and pays for the allocation's first touches: left out.
    times = [float(r["encode_ms"]) for r in rows[1:]]
    stages = {s: statistics.median(float(r[s]) for r in rows[1:]) for s in STAGES}
    return len(rows), statistics.median(times), p99(times), stages, sum(int(r["bits"]) for r in rows)


def p99(values):
    """The nearest-rank 99th percentile: the smallest value with at least 99 % of the values at
    or below it (the maximum when there are fewer than 100 values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def command_seconds(directory):
    """NAME -> the command's wall seconds, from the run's log.txt (absent: {})."""
    seconds = {}
    log = os.path.join(directory, "log.txt")
    if os.path.exists(log):
        for line in open(log):
            fields = line.split()
            if len(fields) == 3 and fields[1] == "rc=0" and fields[2].startswith("wall_s="):
                seconds[fields[0]] = float(fields[2][len("wall_s="):])
    return seconds


def main():
    directory = sys.argv[1]
    walls = command_seconds(directory)
    print("| configuration | frames | median ms | p99 ms | fps | command fps | "
          + " | ".join(s.replace("_ms", "") for s in STAGES) + " | kbits |")
    print("|---|---|---|---|---|---|" + "---|" * len(STAGES) + "---|")
    for path in sorted(glob.glob(os.path.join(directory, "*.csv"))):
        name = os.path.basename(path)[:-4]
        frames, median, worst, stages, bits = summarise(path)
        command_fps = f"{frames / walls[name]:.1f}" if walls.get(name) else "-"
        print(f"| {name} | {frames} | {median:.1f} | {worst:.1f} | {1000 / median:.1f} | {command_fps} | "
              + " | ".join(f"{stages[s]:.1f}" for s in STAGES) + f" | {bits / 1000:.0f} |")


if __name__ == "__main__":
    main()
