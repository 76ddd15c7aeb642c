#!/usr/bin/env python3
"""Per P picture of the local A/B of finish_after_analysis.patch: the rows' time after the GPU
algorithm's call (analysis_ms less the traced code_inter_picture, plus filter_ms), from NAME.csv
and NAME.log (TC_TRACE=1) pairs, without --pipeline (so both are in coding order).
    rows_after_call.py DIR"""
import csv, re, statistics, sys
d = sys.argv[1] if len(sys.argv) > 1 else '.'
for mode in ['interleaved', 'two_phase']:
    values = []
    for r in (1, 2, 3):
        name = f'{d}/{mode}.{r}'
        calls = [float(m.group(1)) for m in re.finditer(r'code_inter_picture ([0-9.]+)', open(name + '.log').read())]
        pictures = [x for x in csv.DictReader(open(name + '.csv')) if x['type'] == 'P']
        values += [float(x['analysis_ms']) - c + float(x['filter_ms']) for x, c in zip(pictures, calls)]
    print(mode, 'median', round(statistics.median(values), 1), 'ms over', len(values), 'P pictures')
