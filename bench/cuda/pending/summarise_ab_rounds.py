#!/usr/bin/env python3
"""Medians of interleaved A/B rounds from the device scripts' timing files, lines of the form
"CLIP tTHREADS A|B round N MS ms": per clip and thread count, both medians and their ratios.

    summarise_ab_rounds.py FILE
"""
import collections
import statistics
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    times = collections.defaultdict(list)
    for line in open(sys.argv[1]):
        clip, threads, variant, _, _, ms, _ = line.split()
        times[(clip, threads, variant)].append(int(ms))
    for key in sorted({k[:2] for k in times}):
        a, b = statistics.median(times[key + ('A',)]), statistics.median(times[key + ('B',)])
        print(*key, f"A {a} ms  B {b} ms  A/B {a / b:.3f}  B/A {b / a:.3f}")


if __name__ == "__main__":
    main()
