#!/usr/bin/env bash
# Settings on top of a tcenc preset against x265 at the same preset name, side by side: BD-rate
# (reference: x265) and speed, with ../shared/tools/rd_compare.py, then the speed again as the
# median of ROUNDS interleaved rounds (bench/speed_repeats.py). Random access (3 B-frames),
# two threads, frame-level pairs (`--set frame-threads=2`), as bench/compare_presets.sh.
#   bench/compare_settings.sh OUTDIR NAME=ARGS [NAME=ARGS...]
#   e.g. bench/compare_settings.sh /tmp/knobs "mm2=--set max-merge=2" "sh0=--set signhide=0"
# A variant named "base" with no arguments always comes first. PRESET (default ultrafast),
# THREADS (2), ROUNDS (3), FRAME_THREADS (2; 1 as the presets' default), TCENC (./build/tcenc; a variant's ARGS may also start with another
# binary: "NAME=@/path/to/tcenc ARGS"). CLIPS (space-separated paths) or the default clips
# of bench/bench_clips.sh.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 OUTDIR NAME=ARGS [NAME=ARGS...]" >&2; exit 2; }
outdir=$1
shift
variants=("$@")
# shellcheck disable=SC2086  # CLIPS: space-separated paths
source "$(dirname "$0")/bench_clips.sh" out/bench_settings 60 1 "$outdir" ${CLIPS:-}
preset=${PRESET:-ultrafast}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}
x265_command="x265 --preset $preset --keyint 120 --qp {qp} $(x265_thread_args "$threads") --log-level error --input {in} -o {out}"
common="-i {in} -o {out} --qp {qp} --keyint 120 --bframes 3 --preset $preset --threads $threads --set frame-threads=${FRAME_THREADS:-2} --quiet"
encoders=(--enc "x265-$preset=$x265_command" --enc "base=$tcenc $common")
for variant in "${variants[@]}"; do
    name=${variant%%=*}
    args=${variant#*=}
    binary=$tcenc
    if [[ $args == @* ]]; then
        binary=${args%% *}
        binary=${binary#@}
        args=${args#* }
        [[ $args == @* ]] && args=""
    fi
    encoders+=(--enc "$name=$binary $common $args")
done
for clip in "${clips[@]}"; do
    compare_on_clip "$clip" "$rounds" "${encoders[@]}"
done
