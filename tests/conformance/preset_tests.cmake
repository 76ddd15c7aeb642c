# Presets (issue 6) and the search knobs they set: every preset on the sample, low delay and
# with B-frames; the fast presets on odd sizes, all intra and the shared clips; the extreme
# knob values one by one; and byte-identical streams across --cpu levels and thread counts
# for the fastest preset (its early exits must not depend on either). Included from
# tests/CMakeLists.txt after conformance_tests.cmake (which defines tcenc_check and
# tcenc_thread_compare).

foreach(preset ultrafast superfast veryfast faster fast medium slow)
  tcenc_check(NAME conformance.sample.preset.${preset}.p LABELS conformance presets
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
              TCENC --qp 27 --preset ${preset})
  tcenc_check(NAME conformance.sample.preset.${preset}.b3 LABELS conformance presets gop
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
              TCENC --qp 32 --preset ${preset} --bframes 3 --keyint 8)
endforeach()
foreach(preset ultrafast superfast veryfast)
  tcenc_check(NAME conformance.testsrc2_202x118.preset.${preset} LABELS conformance presets
              HARNESS --ffmpeg-source testsrc2 --size 202x118 --rate 25 --frames 12 --min-psnr 25
              TCENC --qp 32 --preset ${preset} --bframes 3 --keyint 6)
  tcenc_check(NAME conformance.sample.preset.${preset}.all_intra LABELS conformance presets
              HARNESS --input ${TCENC_SAMPLE} --frames 3 --min-psnr 30
              TCENC --qp 22 --preset ${preset} --keyint 1)
endforeach()

# The knobs at their extremes: 16x16 and 32x32 CUs only, 64x64 CUs down to 8x8 with no
# fractional motion, one or two merge candidates (five_minus_max_num_merge_cand and the
# merge_idx binarisation), no sign hiding, CUs above 16x16 (or 8x8) tried only as skipped merge
# CUs, intra CUs of 8x8 only (and up to 32x32 in the fastest preset, which allows 16x16), SAO
# off in the non-reference B pictures only (slice_sao_*_flag 0 there), SAO without band offsets
# (with two slices: the chroma rows whose luma position lies in the slice above take no SAO at
# all), the quarter-sample step only after a half-sample move, the fitted fractional vector (to
# quarter and, with subme 1, half samples), and every fast decision with the full CU range.
foreach(config "cu16;--set min-cu-size=16 --set max-cu-size=16"
               "cu32;--set min-cu-size=32 --set max-cu-size=32"
               "cu8_64.subme0;--set subme=0 --set max-cu-size=64"
               "merge1.nosignhide;--set max-merge=1 --set signhide=0"
               "merge2.veryfast;--preset veryfast --set max-merge=2"
               "search16.cu64;--set max-cu-size=64 --set max-search-cu-size=16"
               "search8.superfast;--preset superfast --set max-search-cu-size=8"
               "intra8.cu64;--set max-intra-cu-size=8 --set max-cu-size=64 --set intra-in-inter=1"
               "intra32.ultrafast;--preset ultrafast --set max-intra-cu-size=32"
               "sao_nonref_off.medium;--set sao-nonref=0"
               "sao_band_off.medium;--set sao-band=0"
               "sao_band_off.slices2;--set sao-band=0 --slices 2"
               "qpel_after_hpel.medium;--set qpel-after-hpel=1"
               "subpel_fit.medium;--set subpel-fit=1"
               "subpel_fit.subme1;--set subpel-fit=1 --set subme=1"
               "fast_decisions;--set early-skip=1 --set rskip=1 --set full-rd-inter=0 --set fast-intra=1 --set chroma-mode-search=0 --set estimate-rate=1")
  list(GET config 0 name)
  list(GET config 1 knobs)
  separate_arguments(knob_args UNIX_COMMAND "${knobs}")
  tcenc_check(NAME conformance.mandelbrot_98x74.knobs.${name} LABELS conformance presets
              HARNESS --ffmpeg-source mandelbrot --size 98x74 --rate 25 --frames 10 --min-psnr 25
              TCENC --qp 30 --bframes 2 --keyint 5 ${knob_args})
endforeach()

# Above 1920x1088 the fast presets take their CU limits one size up (scale_cu_limits).
tcenc_check(NAME conformance.testsrc2_2048x1152.preset.ultrafast LABELS conformance presets
            HARNESS --ffmpeg-source testsrc2 --size 2048x1152 --rate 25 --frames 3 --min-psnr 25
            TCENC --qp 32 --preset ultrafast --bframes 1 --keyint 2)

add_test(NAME conformance.sample.ultrafast.cpu_levels_identical
         COMMAND ${CMAKE_COMMAND} -DTCENC=$<TARGET_FILE:tcenc> -DINPUT=${TCENC_SAMPLE} -DFRAMES=5
                 -DWORK=${TCENC_CONFORMANCE_WORK}/cpu_levels.ultrafast "-DTCENC_ARGS=--preset ultrafast --bframes 2"
                 -P ${PROJECT_SOURCE_DIR}/tests/kernels/compare_cpu_levels.cmake)
set_tests_properties(conformance.sample.ultrafast.cpu_levels_identical PROPERTIES
                     LABELS "conformance;kernels;presets" TIMEOUT 120)
tcenc_thread_compare(testsrc2_640x360.ultrafast "-DLAVFI=testsrc2=size=640x360:rate=25;-DFRAMES=6"
                     "--qp 32 --bframes 2 --preset ultrafast")

if(IS_DIRECTORY "${TCENC_SHARED_DATA}")
  file(GLOB TCENC_SHARED_CLIPS "${TCENC_SHARED_DATA}/*.y4m")
  foreach(clip IN LISTS TCENC_SHARED_CLIPS)
    get_filename_component(clip_name ${clip} NAME_WE)
    string(REGEX REPLACE "_.*" "" short_name ${clip_name})
    foreach(preset ultrafast superfast veryfast)
      tcenc_check(NAME conformance.${short_name}.preset.${preset} LABELS conformance shared_data presets
                  TIMEOUT 600
                  HARNESS --input ${clip} --frames 6 --min-psnr 25
                  TCENC --qp 32 --preset ${preset} --bframes 3 --keyint 60)
    endforeach()
  endforeach()
endif()
