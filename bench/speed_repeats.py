#!/usr/bin/env python3
"""Encode speed of several encoders on one clip, repeated: the median of several rounds.

Each round runs every encoder at every QP once, the encoders interleaved (so that a busy
moment of a shared machine hits all of them alike); an encoder's time for a round is the sum
over the QPs, as in rd_compare.py. Prints, per encoder, the median and the minimum of its
round times and its speed against the first encoder (the reference's median time over this
one's median, and the same of the minima).

  speed_repeats.py CLIP --rounds 5 --qps 22,27,32,37 --enc NAME=TEMPLATE [--enc ...]

TEMPLATE takes {in}, {out} and {qp} as in rd_compare.py. Only timing: rd_compare.py gives the
rate-distortion side.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("--enc", action="append", required=True, metavar="NAME=TEMPLATE")
    parser.add_argument("--qps", default="22,27,32,37")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    qps = [int(q) for q in args.qps.split(",")]
    encoders = []
    for spec in args.enc:
        name, _, template = spec.partition("=")
        encoders.append((name, template))
    rounds = {name: [] for name, _ in encoders}
    with tempfile.TemporaryDirectory() as work:
        for r in range(args.rounds):
            totals = {name: 0.0 for name, _ in encoders}
            for qp in qps:
                # Alternate the order between rounds as well.
                order = encoders if r % 2 == 0 else list(reversed(encoders))
                for name, template in order:
                    out = os.path.join(work, f"{name}_{qp}.hevc")
                    cmd = template.format(**{"in": args.source, "out": out, "qp": qp})
                    start = time.perf_counter()
                    result = subprocess.run(cmd, shell=True, capture_output=True, text=True)
                    totals[name] += time.perf_counter() - start
                    if result.returncode != 0:
                        sys.exit(f"{name} qp{qp}: encoder failed (rc {result.returncode})\n{result.stderr[-1500:]}")
            for name in totals:
                rounds[name].append(totals[name])
    reference = encoders[0][0]
    ref_median = statistics.median(rounds[reference])
    ref_min = min(rounds[reference])
    print(f"# {os.path.basename(args.source)}: {args.rounds} rounds of QPs {qps}; "
          f"speed = {reference}'s time / this one's (median of rounds; minimum)")
    for name, _ in encoders:
        median, minimum = statistics.median(rounds[name]), min(rounds[name])
        print(f"{name:>24}  median {median:7.3f} s  min {minimum:7.3f} s  "
              f"speed x {ref_median / median:5.2f} (min {ref_min / minimum:5.2f})")


if __name__ == "__main__":
    main()
