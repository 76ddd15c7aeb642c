# Per run: P pictures' call time (median, p99, max) and the frames a second they make
# (1000 / mean call time of P pictures), from the --csv files of a folder.
import csv, glob, os, statistics as st, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else '.', '*.csv'))):
    rows = [r for r in csv.DictReader(open(path)) if r['type'] == 'P' and float(r['encode_ms']) > 0]
    ms = sorted(float(r['encode_ms']) for r in rows[:-1])  # the last is the flush's
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    print(f"{os.path.basename(path)[:-4]:28s} P={len(ms):3d} median {st.median(ms):6.1f} ms  p99 {p99:6.1f}  "
          f"max {ms[-1]:6.1f}  fps {1000 / st.mean(ms):6.1f}")
