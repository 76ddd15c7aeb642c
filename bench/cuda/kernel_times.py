# Sums Nsight Compute's gpu__time_duration of every kernel launch (run_kernel_times.sh's CSV) per
# kernel name: launches, total, median launch, and the total per picture of the encode.
#   python3 bench/cuda/kernel_times.py kernels.csv [PICTURES [LAST]]
import csv, statistics as st, sys
from collections import defaultdict
rows = []
with open(sys.argv[1], newline='') as f:
    lines = [l for l in f if l.startswith('"')]
for r in csv.DictReader(lines):
    if r.get('Metric Name') == 'gpu__time_duration.sum':
        rows.append((r['Kernel Name'].split('(')[0], float(r['Metric Value'].replace(',', ''))))
pictures = int(sys.argv[2]) if len(sys.argv) > 2 else 1
by_name = defaultdict(list)
for name, ns in rows:
    by_name[name].append(ns)
total = sum(ns for _, ns in rows)
print(f"{len(rows)} launches, {total * 1e-6:.3f} ms in all, {total * 1e-6 / pictures:.3f} ms a picture ({pictures})")
for name, values in sorted(by_name.items(), key=lambda item: -sum(item[1])):
    print(f"{name[:60]:60s} launches {len(values):5d}  total {sum(values) * 1e-6:8.3f} ms  "
          f"median {st.median(values) * 1e-3:8.1f} us  a picture {sum(values) * 1e-6 / pictures:7.3f} ms")
# The order within a picture (the smoothing passes share one name): the last launches in order.
print("last launches in order:")
for name, ns in rows[-int(sys.argv[3]) if len(sys.argv) > 3 else -30:]:
    print(f"  {name[:50]:50s} {ns * 1e-3:8.1f} us")
