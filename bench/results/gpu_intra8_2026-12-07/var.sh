# var.sh CLIP TAG name=SETTINGS... : gpu_intra_2026-12-07/var.sh with its results here
# (TCENC the build, PRESET the preset options, as there).
R=/work/main/bench/results/gpu_intra8_2026-12-07 exec bash /work/main/bench/results/gpu_intra_2026-12-07/var.sh "$@"
