# Medians of the TC_ROWS_TRACE lines (bench/cuda/pending/rows_wait_trace.patch) of every .log of
# a folder: per picture on the rows' thread, the wait for the accelerator's results (collect) and
# the rows' stages (analysis includes the collect), the first two and the last picture dropped.
#   python3 bench/cuda/rows_trace_medians.py RESULTS/r
import glob, os, re, statistics as st, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else '.', '*.log'))):
    values = {}
    lines = [l for l in open(path) if l.startswith('rows poc')]
    for line in lines[2:-1]:
        for key, value in re.findall(r'(\w+) ([\d.]+)', line.split(':', 1)[1]):
            values.setdefault(key, []).append(float(value))
    if values:
        print(f"{os.path.basename(path)[:-4]:10s} pictures {len(lines):3d}  " +
              "  ".join(f"{k} {st.median(v):6.2f}" for k, v in values.items()))
