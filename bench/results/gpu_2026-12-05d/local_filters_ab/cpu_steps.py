# Medians over the P pictures (the first, intra, left out) of the `trace cpu:` lines that
# bench/cuda/pending/session13_combined.patch's TC_TRACE=1 writes: the rows' CPU time per step,
# summed over the workers. Usage: python3 cpu_steps.py DIR
import glob, re, statistics as st, sys
keys = ['visit', 'deblock', 'sao', 'apply_border_sse', 'substream']
for f in sorted(glob.glob(sys.argv[1] + '/*.log')):
    rows = [dict(re.findall(r'([a-z_]+) (-?[0-9.]+)', l[len('trace cpu:'):])) for l in open(f) if l.startswith('trace cpu:')][1:]
    med = {k: st.median(float(r[k]) for r in rows) for k in keys}
    print(f.split('/')[-1], ' '.join(f"{k}={med[k]:.1f}" for k in keys), 'sum=%.1f' % sum(med.values()), 'n=%d' % len(rows))
