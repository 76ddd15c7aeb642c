#!/usr/bin/env bash
# 1080p, 4K and 8K: per-frame latency (median, max), fps and peak memory (VmHWM) of tcenc
# presets on driving_pan upscaled with ffmpeg (lanczos), low-delay P, with x265 ultrafast
# zerolatency on the same frames and threads for reference. The per-frame times come from
# --csv; --set psnr=0 keeps the PSNR pass out of them (x265 measures none either).
#   bench/large_frames.sh [OUTDIR]         (THREADS=2, FRAMES=6, PRESETS="ultrafast superfast")
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/bench_large}
threads=${THREADS:-2}
frames=${FRAMES:-6}
presets=${PRESETS:-"ultrafast superfast"}
data=${TCENC_SHARED_DATA:-../shared/data}
tcenc=${TCENC:-./build/tcenc}
mkdir -p "$out"
source_clip="$data/driving_pan_1920x1080_16f_fullrange.y4m"
printf '%-10s %-16s %8s %10s %10s %8s %10s %9s\n' size encoder frames median_ms max_ms fps peak_MiB kbps
for size in 1920x1080 3840x2160 7680x4320; do
    clip="$out/driving_pan_${size}_${frames}f.y4m"
    if [[ ! -f $clip ]]; then
        ffmpeg -v error -y -i "$source_clip" -frames:v "$frames" -vf "scale=${size/x/:}:flags=lanczos" \
            -pix_fmt yuv420p -color_range pc "$clip"
    fi
    for preset in $presets; do
        /usr/bin/time -f '%M %e' -o "$out/time.txt" "$tcenc" -i "$clip" -o "$out/$size.$preset.hevc" --qp 32 \
            --preset "$preset" --threads "$threads" --csv "$out/$size.$preset.csv" --set psnr=0 --quiet
        read -r peak_kib seconds < "$out/time.txt"
        python3 - "$out/$size.$preset.csv" "$size" "tcenc-$preset" "$peak_kib" "$seconds" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ms = [float(r["encode_ms"]) for r in rows]
bits = sum(int(r["bits"]) for r in rows)
peak_mib = int(sys.argv[4]) / 1024
print(f"{sys.argv[2]:<10} {sys.argv[3]:<16} {len(ms):8d} {statistics.median(ms):10.1f} {max(ms):10.1f} "
      f"{len(ms) / float(sys.argv[5]):8.2f} {peak_mib:10.0f} {bits / len(ms) * 25 / 1000:9.0f}")
PY
        # Every stream decodes and matches its MD5 SEI.
        libde265-dec265 -q -c "$out/$size.$preset.hevc" >/dev/null 2>&1
    done
    /usr/bin/time -f '%M %e' -o "$out/time.txt" x265 --preset ultrafast --tune zerolatency --qp 32 --pools "$threads" --no-progress \
        --frame-threads 1 --log-level error --input "$clip" -o "$out/$size.x265.hevc"
    read -r peak_kib seconds < "$out/time.txt"
    bytes=$(stat -c %s "$out/$size.x265.hevc")
    printf '%-10s %-16s %8d %10s %10s %8.2f %10.0f %9.0f\n' "$size" x265-ultrafast-zl "$frames" - - \
        "$(echo "$frames / $seconds" | bc -l)" "$(echo "$peak_kib / 1024" | bc -l)" "$(echo "$bytes * 8 / $frames * 25 / 1000" | bc -l)"
done
