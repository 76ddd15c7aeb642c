# BD-rate on PSNR-Y and on PSNR-YUV from the CSV of ../shared/tools/rd_compare.py (--csv), with
# rd_compare.py's own bd_rate; the first encoder of the CSV is the reference.
#   python3 bench/bd_yuv.py RUN.csv [path of rd_compare.py's folder]
import csv, sys
sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else '../shared/tools')
from rd_compare import bd_rate

rows = list(csv.DictReader(open(sys.argv[1])))
names = list(dict.fromkeys(r['encoder'] for r in rows))


def points(name, column):
    return [(float(r['kbps']), float(r[column])) for r in rows if r['encoder'] == name]


for name in names:
    y = bd_rate(points(names[0], 'psnr_y'), points(name, 'psnr_y'))
    yuv = bd_rate(points(names[0], 'psnr_yuv'), points(name, 'psnr_yuv'))
    print(f"{name:>20} BD-rate Y {y:+7.2f} %  YUV {yuv:+7.2f} %")
