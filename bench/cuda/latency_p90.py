# The P pictures of the device scripts' CSVs: python3 bench/cuda/latency_p90.py RESULTS/r
# P pictures' encode_ms (encode_ms > 0, the last P row, a flush, dropped): median and p90
# (nearest rank on the sorted list, as bench/results/gpu_2026-12-05e/latency.py's p99), per --csv file of a folder,
# and the medians of the stage columns (input, motion, analysis = the GPU call, other, and background_ms: the
# picture's rows on their own thread with --pipeline-rows) where the CSV has them.
import csv, glob, os, statistics as st, sys
STAGES = ['input_ms', 'motion_ms', 'analysis_ms', 'other_ms', 'background_ms']
for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else '.', '*.csv'))):
    reader = csv.DictReader(open(path))
    if 'type' not in (reader.fieldnames or []):
        continue  # not an encode's --csv (Nsight Compute's kernels.*.csv)
    rows = [r for r in reader if r['type'] == 'P' and float(r['encode_ms']) > 0][:-1]
    ms = sorted(float(r['encode_ms']) for r in rows)
    p90 = ms[min(len(ms) - 1, int(round(0.90 * (len(ms) - 1))))]
    stages = '  '.join(f"{s[:-3]} {st.median(float(r[s]) for r in rows):6.2f}" for s in STAGES if s in rows[0])
    print(f"{os.path.basename(path)[:-4]:10s} P={len(ms):3d} median {st.median(ms):7.2f} ms  p90 {p90:7.2f} ms  "
          f"mean {st.mean(ms):7.2f}  max {ms[-1]:7.2f}  {stages}")
