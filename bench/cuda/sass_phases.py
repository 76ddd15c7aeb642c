#!/usr/bin/env python3
"""A kernel's time by phase: Nsight Compute's source page of one launch (a CSV written by
`ncu -i REPORT --page source --csv --print-source sass`, as kernel_source_pages in
device_steps.sh writes it) split at the kernel's barriers (BAR.SYNC), each phase with its share
of the warp stall samples and of the executed instructions, and its most executed opcodes.
Phases under 1 % of both are left out.

    python3 bench/cuda/sass_phases.py r/source_sass.block_search.csv
"""
import collections
import csv
import sys


def opcode(source):
    words = source.split()
    word = words[1] if source.startswith("@") and len(words) > 1 else words[0]
    return word.split(".")[0]


def main(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, lines = rows[1], rows[2:]
    source = header.index("Source")
    stalls = header.index("Warp Stall Sampling (All Samples)")
    executed = header.index("Instructions Executed")
    total_stalls = sum(int(r[stalls]) for r in lines) or 1
    total_executed = sum(int(r[executed]) for r in lines) or 1
    print(f"{rows[0][1][:100]}: {total_stalls} stall samples, {total_executed} instructions")
    phase_stalls = phase_executed = 0
    first = 0
    opcodes = collections.Counter()
    for n, r in enumerate(lines):
        phase_stalls += int(r[stalls])
        phase_executed += int(r[executed])
        text = r[source].strip()
        opcodes[opcode(text)] += int(r[executed])
        if "BAR.SYNC" in text or n == len(lines) - 1:
            if phase_stalls / total_stalls > 0.01 or phase_executed / total_executed > 0.01:
                top = ", ".join(f"{k} {v / total_executed * 100:.1f} %" for k, v in opcodes.most_common(5))
                print(f"lines {first:4d}-{n:4d}: stalls {phase_stalls / total_stalls * 100:5.1f} %, "
                      f"instructions {phase_executed / total_executed * 100:5.1f} % ({top})")
            phase_stalls = phase_executed = 0
            first = n + 1
            opcodes = collections.Counter()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
