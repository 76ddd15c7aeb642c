#!/usr/bin/env python3
"""Medians of the P pictures' per-call stage times (the --csv columns) of every NAME.csv in DIR.

    python3 stages.py DIR
"""
import csv
import pathlib
import statistics
import sys

COLUMNS = ['encode_ms', 'input_ms', 'motion_ms', 'analysis_ms', 'filter_ms', 'entropy_ms', 'other_ms']

for path in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')):
    rows = [r for r in csv.DictReader(path.open()) if r['type'] == 'P']
    if not rows:
        continue
    medians = ' '.join(f"{c[:-3]} {statistics.median(float(r[c]) for r in rows):6.2f}" for c in COLUMNS)
    print(f"{path.stem:14s} {medians}")
