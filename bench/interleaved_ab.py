#!/usr/bin/env python3
"""Times whole commands in interleaved rounds (A, B, A, B, ...), so that this shared machine's
drift hits both alike: the 10th / 25th percentiles, the median, the 90th percentile and the
minimum of each, how
many rounds B won and the median of the paired ratios B / A.

    python3 bench/interleaved_ab.py ROUNDS "COMMAND A" "COMMAND B"
"""
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    rounds, commands = int(sys.argv[1]), sys.argv[2:]
    times = [[], []]
    for _ in range(rounds):
        for k, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[k].append((time.perf_counter() - start) * 1000)
    for k, command in enumerate(commands):
        t = times[k]
        deciles = statistics.quantiles(t, n=10)
        print("%s: p10 %.2f  p25 %.2f  median %.2f  p90 %.2f  min %.2f ms" %
              ("AB"[k], deciles[0], statistics.quantiles(t, n=4)[0], statistics.median(t), deciles[8], min(t)))
    wins = sum(1 for a, b in zip(*times) if b < a)
    ratio = statistics.median(b / a for a, b in zip(*times))
    print("B faster in %d of %d rounds; median of the paired ratios B/A %.3f" % (wins, rounds, ratio))


if __name__ == "__main__":
    main()
