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

# x265's thread options for THREADS threads: one thread without WPP, else WPP on a pool of
# that many (no frame threads, as tcenc's wavefront).
x265_thread_args() {
    if [[ $1 -eq 1 ]]; then
        echo "--pools 1 --frame-threads 1 --no-wpp"
    else
        echo "--pools $1 --frame-threads 1"
    fi
}

# rd_compare.py on CLIP with the encoders (--enc arguments) into $out/NAME.{csv,txt}, then the
# speed as the median of ROUNDS interleaved rounds (bench/speed_repeats.py; 0: none).
compare_on_clip() {
    local clip=$1 rounds=$2
    shift 2
    local name
    name=$(basename "$clip" .y4m)
    python3 "$rd" "$clip" --qps 22,27,32,37 --csv "$out/$name.csv" "$@" | tee "$out/$name.txt"
    if [[ $rounds -gt 0 ]]; then
        python3 bench/speed_repeats.py "$clip" --rounds "$rounds" --qps 22,27,32,37 "$@" |
            tee -a "$out/$name.txt"
    fi
}

# Fills `encoders` with rd_compare.py --enc arguments: x265 at each of X265_PRESETS with the
# options X265_COMMON, tcenc at each of PRESETS with the options TCENC_COMMON (before
# --preset); encoder names x265-PRESET / tcenc-PRESET followed by SUFFIX.
#   preset_encoders SUFFIX "$x265_presets" "$x265_common" "$presets" "$tcenc_common"
preset_encoders() {
    local suffix=$1 x265_list=$2 x265_options=$3 tcenc_list=$4 tcenc_options=$5 p
    encoders=()
    for p in $x265_list; do encoders+=(--enc "x265-$p$suffix=x265 --preset $p $x265_options"); done
    for p in $tcenc_list; do encoders+=(--enc "tcenc-$p$suffix=$tcenc $tcenc_options --preset $p --threads $threads ${TCENC_ARGS:-} --quiet"); done
}
