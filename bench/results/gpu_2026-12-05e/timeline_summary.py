# Medians over a run's P pictures of the per-row timeline (session14_timeline.patch, TC_TRACE=1):
# when the rows' work starts (after the input, the motion and the GPU call), when the last row is
# signalled, when the last row's SAO is decided, when the last substream ends, and the end; and
# the mean spacing of the rows' SAO decisions (ms a row), all in ms after begin_picture.
import glob, os, re, statistics as st, sys
for log in sorted(glob.glob(os.path.join(sys.argv[1], '*.log'))):
    pics = []
    for l in open(log):
        if not l.startswith('trace timeline'): continue
        head, rest = l.split(';', 1)
        start, end = map(float, re.findall(r'rows_start ([0-9.]+) end ([0-9.]+)', head)[0])
        rows = [list(map(float, v.split())) for _, v in re.findall(r'r(\d+) ([-0-9. ]+?)(?= r\d+|$)', rest.strip())]
        if not rows: continue
        last = lambda i: max(r[i] for r in rows)
        spacing = (rows[-1][2] - rows[0][2]) / max(1, len(rows) - 1)
        pics.append((start, last(0), last(2), last(4), end, spacing))
    if len(pics) < 3: continue
    pics = pics[1:]  # the intra picture
    m = [st.median(p[i] for p in pics) for i in range(6)]
    print(f"{os.path.basename(log)[:-4]:28s} rows_start {m[0]:6.2f} signalled {m[1]:6.2f} sao_decided {m[2]:6.2f} "
          f"substreams {m[3]:6.2f} end {m[4]:6.2f}  decisions {m[5]:.3f} ms/row")
