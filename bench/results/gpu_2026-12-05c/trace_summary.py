import re, statistics as st, sys, csv, glob, os
for log in sorted(glob.glob(sys.argv[1] + '/*.log')):
    name = os.path.basename(log)[:-4]
    d = {}
    for l in open(log):
        if not l.startswith('trace'): continue
        kind = l.split()[1].rstrip(':')
        for k, v in re.findall(r'([a-z_+]+) (-?[0-9.]+)', l[len('trace ' + kind):]):
            d.setdefault(kind + '.' + k, []).append(float(v))
    rows = list(csv.DictReader(open(log[:-4] + '.csv')))[1:]
    med = lambda key: st.median(float(r[key]) for r in rows)
    print(f"{name}: frame {med('encode_ms'):.1f} input {med('input_ms'):.1f} analysis {med('analysis_ms'):.1f} filter {med('filter_ms'):.1f} entropy {med('entropy_ms'):.1f} other {med('other_ms'):.1f}")
    print('   ', ' '.join(f"{k}={st.median(v[1:]):.2f}" for k, v in d.items() if len(v) > 2))
