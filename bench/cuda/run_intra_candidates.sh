#!/bin/bash
# Thirtieth session, third call: each wave's launch of the intra coding kernel takes its CUs from
# the candidates' list (512 thread blocks, a CU at a time) instead of a thread block per 16x16
# block of the picture; the same results. Otherwise as run_intra_reductions.sh (the same digests).
#   OUT=$OUT timeout 560 bash bench/cuda/run_intra_candidates.sh CLIP_1080P.y4m BIKES.y4m
exec bash "$(dirname "$0")/run_intra_reductions.sh" "$@"
