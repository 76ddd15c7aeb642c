# Shared set-up of the bench/compare_*.sh scripts (sourced, not run): the output directory,
# the tools, and the default clips copied from ../shared/data.
#   source bench/bench_clips.sh DEFAULT_OUTDIR FOREMAN_FRAMES WITH_BIKES "$@"
# Sets out, rd, tcenc and clips (the remaining arguments, or the defaults: crowd_run
# (10 frames), foreman (first FOREMAN_FRAMES frames), bikes (first 60, when WITH_BIKES is
# 1) and driving_pan (16)).
# driving_pan is full range: rd_compare.py decodes with -pix_fmt yuv420p, which would
# range-convert only the encoder that signals full range, so the tag is stripped from a copy.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
default_out=$1 foreman_frames=$2 with_bikes=$3
shift 3
out=${1:-$default_out}
shift || true
data=${TCENC_SHARED_DATA:-../shared/data}
rd=${RD_COMPARE:-../shared/tools/rd_compare.py}
tcenc=${TCENC:-./build/tcenc}
mkdir -p "$out"
clips=("$@")
if [[ ${#clips[@]} -eq 0 ]]; then
    ffmpeg -v error -y -i "$data/foreman_cif_352x288_300f.y4m" -frames:v "$foreman_frames" \
        "$out/foreman_${foreman_frames}f.y4m"
    sed '1s/ XCOLORRANGE=FULL//' "$data/driving_pan_1920x1080_16f_fullrange.y4m" > "$out/driving_pan_16f.y4m"
    clips=("$data/crowd_run_1280x720_10f.y4m" "$out/foreman_${foreman_frames}f.y4m")
    if [[ $with_bikes -eq 1 ]]; then
        ffmpeg -v error -y -i "$data/bikes_640x272_100f_scenecuts.y4m" -frames:v 60 "$out/bikes_60f.y4m"
        clips+=("$out/bikes_60f.y4m")
    fi
    clips+=("$out/driving_pan_16f.y4m")
fi
