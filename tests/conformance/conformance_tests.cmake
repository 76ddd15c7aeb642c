# Conformance, CLI and example tests, all run through check_conformance.py.
# Included from tests/CMakeLists.txt (Python3 is found there).
#
# Labels: conformance (decode with ffmpeg and libde265, compare with --recon, check the MD5
# SEI), cli (command-line behaviour), example (the C example), long (excluded by default:
# ./test.sh --long runs them).

set(TCENC_SHARED_DATA "${PROJECT_SOURCE_DIR}/../shared/data" CACHE PATH
    "Directory of shared test clips (*.y4m); conformance tests are added for each one")

find_program(TCENC_FFMPEG ffmpeg)
find_program(TCENC_DEC265 NAMES libde265-dec265 dec265)
if(NOT TCENC_FFMPEG OR NOT TCENC_DEC265)
  message(WARNING "ffmpeg or libde265-dec265 not found: the conformance tests will fail "
                  "(install ffmpeg and libde265-examples)")
endif()

set(TCENC_CONFORMANCE_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_conformance.py)
set(TCENC_CONFORMANCE_WORK ${CMAKE_CURRENT_BINARY_DIR}/conformance_work)
set(TCENC_SAMPLE ${PROJECT_SOURCE_DIR}/samples/vt2people_320x192_9f.y4m)

set(TCENC_DECODER_ARGS)
if(TCENC_FFMPEG)
  list(APPEND TCENC_DECODER_ARGS --ffmpeg ${TCENC_FFMPEG})
endif()
if(TCENC_DEC265)
  list(APPEND TCENC_DECODER_ARGS --dec265 ${TCENC_DEC265})
endif()

# tcenc_check(NAME <test> [LABELS ...] [TIMEOUT s] [HARNESS <harness args>...]
#             [TCENC <tcenc args>...])
function(tcenc_check)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "LABELS;HARNESS;TCENC" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${ARG_NAME}
           COMMAND ${Python3_EXECUTABLE} ${TCENC_CONFORMANCE_SCRIPT}
                   --tcenc $<TARGET_FILE:tcenc> ${TCENC_DECODER_ARGS}
                   --work-dir ${TCENC_CONFORMANCE_WORK}/${ARG_NAME} --timeout ${ARG_TIMEOUT}
                   ${ARG_HARNESS} -- ${ARG_TCENC}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()

# A floor for the reconstruction's PSNR-Y at a QP: catches an encoder whose stream and
# reconstruction agree but look nothing like the input.
function(tcenc_min_psnr qp out_var)
  if(qp EQUAL 0)
    set(${out_var} 45 PARENT_SCOPE)
  elseif(qp LESS_EQUAL 22)
    set(${out_var} 30 PARENT_SCOPE)
  else()
    set(${out_var} 15 PARENT_SCOPE)
  endif()
endfunction()

set(TCENC_QPS 0 22 32 42 51)

# ---- the bundled sample at every QP of the set, all-intra and low-delay P -------------------
foreach(qp IN LISTS TCENC_QPS)
  tcenc_min_psnr(${qp} min_psnr)
  tcenc_check(NAME conformance.sample.intra.qp${qp} LABELS conformance
              HARNESS --input ${TCENC_SAMPLE} --min-psnr ${min_psnr}
              TCENC --qp ${qp} --keyint 1 --frames 3)
  tcenc_check(NAME conformance.sample.p.qp${qp} LABELS conformance
              HARNESS --input ${TCENC_SAMPLE} --min-psnr ${min_psnr}
              TCENC --qp ${qp})
endforeach()
# Coding-tool switches and references on the sample.
tcenc_check(NAME conformance.sample.p.ref4 LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 30 --ref 4)
tcenc_check(NAME conformance.sample.p.no_deblock LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 37 --no-deblock)
tcenc_check(NAME conformance.sample.p.no_sao LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 37 --no-sao)
tcenc_check(NAME conformance.sample.p.no_filters LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 42 --no-deblock --no-sao)
tcenc_check(NAME conformance.sample.p.no_rect LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 27 --no-rect)
tcenc_check(NAME conformance.sample.keyint4 LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 TCENC --qp 32 --keyint 4 --ref 2)
# The B pictures' QP offset at its ends: 0 (B2 at the QP) and 12 (the B pictures clamp at 51).
tcenc_check(NAME conformance.sample.b_qp_offset0 LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --bframes 3 --no-b-adapt --set b-qp-offset=0)
tcenc_check(NAME conformance.sample.b_qp_offset12 LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 42 --bframes 3 --no-b-adapt --set b-qp-offset=12)

# ---- generated clips ------------------------------------------------------------------------
tcenc_check(NAME conformance.testsrc2.352x288 LABELS conformance
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 3 --min-psnr 30
            TCENC --qp 22)
tcenc_check(NAME conformance.mandelbrot.352x288 LABELS conformance
            HARNESS --ffmpeg-source mandelbrot --size 352x288 --frames 3 --min-psnr 15
            TCENC --qp 32)
# Sizes that are not multiples of the CTU or of 8: conformance window cropping.
foreach(crop 16x16+168+136 64x72+100+60 98x74+40+30 200x120+76+84)
  string(REGEX REPLACE "\\+.*" "" size ${crop})
  tcenc_check(NAME conformance.testsrc2.crop_${size} LABELS conformance
              HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 2 --crop ${crop}
                      --min-psnr 15
              TCENC --qp 27 --keyint 1)
  tcenc_check(NAME conformance.testsrc2.crop_${size}.p LABELS conformance
              HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop ${crop}
                      --min-psnr 15
              TCENC --qp 27 --ref 2)
endforeach()
tcenc_check(NAME conformance.testsrc2.3840x2160 LABELS conformance TIMEOUT 600
            HARNESS --ffmpeg-source testsrc2 --size 3840x2160 --frames 1 --min-psnr 15
            TCENC --qp 32)

# ---- the checks must catch a damaged stream (the test of the test) --------------------------
tcenc_check(NAME conformance.detects_corrupt_slice LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --corrupt=slice
            TCENC --qp 22)
tcenc_check(NAME conformance.detects_missing_hash LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --corrupt=drop-hash
            TCENC --qp 32)

# ---- the shared clips, when the data directory is there -------------------------------------
if(IS_DIRECTORY "${TCENC_SHARED_DATA}")
  file(GLOB TCENC_SHARED_CLIPS "${TCENC_SHARED_DATA}/*.y4m")
  foreach(clip IN LISTS TCENC_SHARED_CLIPS)
    get_filename_component(clip_name ${clip} NAME_WE)
    string(REGEX REPLACE "_.*" "" short_name ${clip_name})
    file(READ ${clip} header LIMIT 200)
    string(REGEX MATCH "H([0-9]+)" unused "${header}")
    set(height ${CMAKE_MATCH_1})
    foreach(qp IN LISTS TCENC_QPS)
      set(frames 2)
      if(qp EQUAL 0 AND height GREATER_EQUAL 720)
        set(frames 1)  # QP 0 at 720p and 1080p is the slowest case; one frame covers it
      endif()
      tcenc_min_psnr(${qp} min_psnr)
      tcenc_check(NAME conformance.${short_name}.intra.qp${qp} LABELS conformance shared_data
                  TIMEOUT 600
                  HARNESS --input ${clip} --min-psnr ${min_psnr}
                  TCENC --qp ${qp} --frames ${frames} --keyint 1)
    endforeach()
    # Low-delay P with 1 and 4 references across the QP range.
    set(p_frames 5)
    if(height GREATER_EQUAL 720)
      set(p_frames 3)
    endif()
    foreach(config "22;1" "32;4" "42;1")
      list(GET config 0 qp)
      list(GET config 1 refs)
      tcenc_min_psnr(${qp} min_psnr)
      tcenc_check(NAME conformance.${short_name}.p.qp${qp}.ref${refs} LABELS conformance shared_data
                  TIMEOUT 600
                  HARNESS --input ${clip} --min-psnr ${min_psnr}
                  TCENC --qp ${qp} --frames ${p_frames} --ref ${refs})
    endforeach()
    # The GPU's algorithm on the CPU: B pictures, the fastest preset.
    tcenc_check(NAME conformance.${short_name}.gpu_algorithm.ultrafast LABELS conformance shared_data gpu
                TIMEOUT 600
                HARNESS --input ${clip} --min-psnr 15
                TCENC --qp 32 --frames ${p_frames} --bframes 3 --preset ultrafast --gpu --gpu-algorithm-on-cpu)
    # P pictures decided and reconstructed by the GPU's algorithm (on the CPU), two threads,
    # deblocked and their SAO statistics counted on the CPU (--no-gpu-filters).
    tcenc_check(NAME conformance.${short_name}.gpu_decisions LABELS conformance shared_data gpu
                TIMEOUT 600
                HARNESS --input ${clip} --min-psnr 15
                TCENC --qp 32 --frames ${p_frames} --bframes 0 --preset ultrafast --threads 2 --gpu
                      --gpu-algorithm-on-cpu --gpu-decisions --no-gpu-filters)
    # The same with the accelerator's deblocking and SAO statistics (the default), with the 8x8
    # intra CUs (gpu-intra8, on by default).
    tcenc_check(NAME conformance.${short_name}.gpu_filters LABELS conformance shared_data gpu
                TIMEOUT 600
                HARNESS --input ${clip} --min-psnr 15
                TCENC --qp 32 --frames ${p_frames} --bframes 0 --preset ultrafast --threads 2 --gpu
                      --gpu-algorithm-on-cpu --gpu-decisions --gpu-filters)
    # Three slices (every shared clip has at least 3 CTU rows), B pictures, two threads.
    tcenc_check(NAME conformance.${short_name}.slices3 LABELS conformance shared_data slices
                TIMEOUT 600
                HARNESS --input ${clip} --min-psnr 15 --slices 3
                TCENC --qp 32 --frames ${p_frames} --bframes 3 --preset superfast --threads 2 --slices 3)
    if(short_name STREQUAL "foreman")
      tcenc_check(NAME conformance.foreman.all_frames.qp32 LABELS conformance shared_data long
                  TIMEOUT 1800
                  HARNESS --input ${clip} --min-psnr 25
                  TCENC --qp 32)
    endif()
  endforeach()
else()
  message(STATUS "No shared clips in ${TCENC_SHARED_DATA}: shared-data conformance tests "
                 "skipped (set TCENC_SHARED_DATA)")
endif()

# ---- command-line behaviour -----------------------------------------------------------------
foreach(check version missing-input bad-option odd-raw-size raw-left-over truncated-y4m psnr-summary)
  tcenc_check(NAME cli.${check} LABELS cli TIMEOUT 120
              HARNESS --cli-check ${check} --input ${TCENC_SAMPLE})
endforeach()

# ---- the C example ----------------------------------------------------------------------------
add_test(NAME example_c
         COMMAND ${Python3_EXECUTABLE} ${TCENC_CONFORMANCE_SCRIPT}
                 --example $<TARGET_FILE:encode_example> ${TCENC_DECODER_ARGS}
                 --input ${TCENC_SAMPLE} --qp-factor 0.6
                 --work-dir ${TCENC_CONFORMANCE_WORK}/example_c
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(example_c PROPERTIES LABELS example TIMEOUT 120)

# ---- an external reference picture (tc_use_reference_frame): coded with pic_output_flag 0 and
# kept as a long-term reference; the decoders must output exactly the input frames -------------
tcenc_check(NAME conformance.sample.external_reference LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --hidden-pictures 1
            TCENC --qp 32 --ref 2 --ref-frame ${TCENC_SAMPLE})
tcenc_check(NAME conformance.sample.external_reference_keyint5 LABELS conformance
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --hidden-pictures 1
            TCENC --qp 27 --keyint 5 --ref-frame ${TCENC_SAMPLE})

# ---- motion vectors on known motion ----------------------------------------------------------
add_test(NAME motion.known_pan
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/motion/check_known_motion.py
                 --tcenc $<TARGET_FILE:tcenc> --pan --min-fraction 0.9)
set_tests_properties(motion.known_pan PROPERTIES LABELS motion TIMEOUT 300)
add_test(NAME motion.known_pan.gpu_algorithm
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/motion/check_known_motion.py
                 --tcenc $<TARGET_FILE:tcenc> --pan --min-fraction 0.9
                 --tcenc-arg=--gpu --tcenc-arg=--gpu-algorithm-on-cpu)
set_tests_properties(motion.known_pan.gpu_algorithm PROPERTIES LABELS "motion;gpu" TIMEOUT 300)
add_test(NAME motion.known_pan.gpu_decisions
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/motion/check_known_motion.py
                 --tcenc $<TARGET_FILE:tcenc> --pan --min-fraction 0.9
                 --tcenc-arg=--gpu --tcenc-arg=--gpu-algorithm-on-cpu --tcenc-arg=--gpu-decisions
                 --tcenc-arg=--bframes --tcenc-arg=0)
set_tests_properties(motion.known_pan.gpu_decisions PROPERTIES LABELS "motion;gpu" TIMEOUT 300)
if(EXISTS "${TCENC_SHARED_DATA}/driving_pan_1920x1080_16f_fullrange.y4m")
  add_test(NAME motion.driving_pan_dominant_vector
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/motion/check_known_motion.py
                   --tcenc $<TARGET_FILE:tcenc> --min-fraction 0.2
                   --clip ${TCENC_SHARED_DATA}/driving_pan_1920x1080_16f_fullrange.y4m)
  set_tests_properties(motion.driving_pan_dominant_vector PROPERTIES LABELS "motion;shared_data" TIMEOUT 600)
endif()

# ---- SIMD kernels: the same stream with --cpu none, avx2 and avx512 (P pictures) -------------
add_test(NAME conformance.sample.cpu_levels_identical
         COMMAND ${CMAKE_COMMAND} -DTCENC=$<TARGET_FILE:tcenc> -DINPUT=${TCENC_SAMPLE} -DFRAMES=5
                 -DWORK=${TCENC_CONFORMANCE_WORK}/cpu_levels
                 -P ${PROJECT_SOURCE_DIR}/tests/kernels/compare_cpu_levels.cmake)
set_tests_properties(conformance.sample.cpu_levels_identical PROPERTIES LABELS "conformance;kernels" TIMEOUT 120)

# ---- --gpu (issue 7): pyramid and coarse motion search on the CUDA backend, or on the CPU
# accelerator where there is no GPU; the stream must decode bit-exactly and equal the CPU
# path's byte for byte ---------------------------------------------------------------------------
tcenc_check(NAME conformance.sample.gpu LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 30 --ref 2 --gpu)
tcenc_check(NAME conformance.sample.gpu.bframes3 LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --bframes 3 --gpu)
# The GPU's algorithm on the CPU (the stream a GPU gives: the analysis chooses among the
# block search's vectors instead of searching): low-delay P, B pictures in the fastest preset,
# an odd size (8-wide blocks at the picture's right and bottom edges), intra refresh.
tcenc_check(NAME conformance.sample.gpu_algorithm.p LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 30 --ref 2 --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.gpu_algorithm.ultrafast.bframes3 LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --bframes 3 --preset ultrafast --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.gpu_algorithm.intra_refresh LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --intra-refresh --keyint 4 --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.gpu_algorithm.low_delay_b.ref4 LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 30 --low-delay-b --ref 4 --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.gpu_algorithm.external LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --hidden-pictures 1
            TCENC --qp 27 --keyint 5 --ref-frame ${TCENC_SAMPLE} --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.gpu_algorithm.superfast.bframes2 LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 27 --bframes 2 --preset superfast --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.testsrc2.crop_98x74.gpu_algorithm LABELS "conformance;gpu"
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --ref 2 --gpu --gpu-algorithm-on-cpu)
# gpu-decisions (accel/inter_coding.h): the accelerator decides, predicts, transforms and
# reconstructs P pictures, the CPU signals (merge / AMVP), filters and entropy-codes them. Low
# delay at three QPs, P anchors between B pictures (decided on the CPU), no WPP, 4 references
# (the accelerator uses the first), an odd size (8x8 CUs at the right and bottom edges), a
# known pan, and the shared clips above. gpu-filters is on by default; the "cpu_filters" ones
# deblock and count the SAO statistics on the CPU.
foreach(config "qp22;--qp 22 --bframes 0" "qp37;--qp 37 --bframes 0 --threads 2" "qp51;--qp 51 --bframes 0"
               "cpu_filters_qp27;--qp 27 --bframes 0 --no-gpu-filters"
               "cpu_filters_slices2;--qp 32 --bframes 0 --threads 2 --slices 2 --no-gpu-filters"
               "bframes3;--qp 30 --bframes 3" "no_wpp;--qp 30 --bframes 0 --no-wpp --ref 4"
               "superfast;--qp 27 --bframes 0 --preset superfast --threads 3"
               # the accelerator's deblocking and SAO statistics (gpu-filters), with slices
               "filters_qp22;--qp 22 --bframes 0 --gpu-filters"
               "filters_qp37_slices3;--qp 37 --bframes 0 --threads 2 --slices 3 --gpu-filters"
               "filters_no_deblock;--qp 32 --bframes 0 --no-deblock --gpu-filters"
               # the coding-unit sizes by cost off (gpu-cu-sizes: the field as the smoothing left it)
               "cu_sizes_off;--qp 32 --bframes 0 --set gpu-cu-sizes=0"
               # the skip decisions off (gpu-skips), and with one merge candidate (A1 only)
               "skips_off;--qp 32 --bframes 0 --set gpu-skips=0"
               "skips_one_merge;--qp 37 --bframes 0 --set max-merge=1"
               # the 8x8 CUs inside the picture off (gpu-cu8), and on without the area decisions
               "cu8_off;--qp 32 --bframes 0 --set gpu-cu8=0"
               "cu8_without_cu_sizes;--qp 27 --bframes 0 --set gpu-cu-sizes=0"
               # the intra CUs (gpu-intra; on in every test above: 8 waves) off, and in 64 waves
               # with three slices (their availability, the deblocking across the slices' edges)
               "intra_off;--qp 32 --bframes 0 --set gpu-intra=0"
               "intra_64_waves_slices3;--qp 27 --bframes 0 --threads 2 --slices 3 --set gpu-intra=64"
               # the 8x8 intra CUs (gpu-intra8; on in every test above: 8 waves) off, 16 waves of
               # each kind, and three slices at QP 22 (the mode-dependent scans with more levels)
               "intra8_off;--qp 32 --bframes 0 --set gpu-intra8=0"
               "intra8_16_waves;--qp 27 --bframes 0 --set gpu-intra=16 --set gpu-intra8=16"
               "intra8_qp22_slices3;--qp 22 --bframes 0 --threads 2 --slices 3"
               # the fastest configuration: ultrafast, whose signhide -1 hides signs in this mode,
               # with the rows and hashes in the next calls
               "ultrafast_pipeline_rows;--qp 30 --bframes 0 --threads 3 --preset ultrafast --pipeline-rows")
  list(GET config 0 name)
  list(GET config 1 encoder_args)
  separate_arguments(encoder_args UNIX_COMMAND "${encoder_args}")
  tcenc_check(NAME conformance.sample.gpu_decisions.${name} LABELS "conformance;gpu"
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
              TCENC ${encoder_args} --gpu --gpu-algorithm-on-cpu --gpu-decisions)
endforeach()
# "pipeline": the picture hash on a thread of its own, each access unit a call later; the same
# stream, decoded and its MD5 SEI checked: low delay, all intra, an odd crop, gpu-decisions.
foreach(config "p;--qp 27 --bframes 0 --threads 2" "all_intra;--qp 32 --bframes 0 --keyint 1"
               "gpu_decisions;--qp 30 --tune zerolatency --gpu --gpu-algorithm-on-cpu --gpu-decisions --no-gpu-filters"
               "gpu_filters;--qp 30 --tune zerolatency --gpu --gpu-algorithm-on-cpu --gpu-decisions --gpu-filters")
  list(GET config 0 name)
  list(GET config 1 encoder_args)
  separate_arguments(encoder_args UNIX_COMMAND "${encoder_args}")
  tcenc_check(NAME conformance.sample.pipeline.${name} LABELS conformance
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
              TCENC ${encoder_args} --pipeline)
  # "pipeline-rows": the rows into the next call too (two calls later), three threads so that
  # the call's input stage runs beside them.
  tcenc_check(NAME conformance.sample.pipeline_rows.${name} LABELS conformance
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
              TCENC ${encoder_args} --set threads=3 --pipeline-rows)
endforeach()
tcenc_check(NAME conformance.testsrc2.crop_98x74.pipeline LABELS conformance
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --pipeline)
tcenc_check(NAME conformance.testsrc2.crop_98x74.pipeline_rows LABELS conformance
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --threads 2 --slices 2 --pipeline-rows)
# "hash-lanes": the pictures in flight hashed together on MD5 lanes (encoder/picture_hasher.h):
# rows that are not whole 64-byte blocks (98 and 49 bytes), four pictures in flight.
tcenc_check(NAME conformance.testsrc2.crop_98x74.pipeline_rows_hash_lanes LABELS conformance
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 8 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --threads 2 --pipeline-rows --set hash-threads=4 --set hash-lanes=1)
tcenc_check(NAME conformance.sample.pipeline_rows.gpu_decisions_hash_lanes LABELS "conformance;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 30 --tune zerolatency --gpu --gpu-algorithm-on-cpu --gpu-decisions --set threads=3
                  --pipeline-rows --set hash-lanes=1)
tcenc_check(NAME conformance.testsrc2.crop_98x74.gpu_decisions LABELS "conformance;gpu"
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --gpu --gpu-algorithm-on-cpu --gpu-decisions --no-gpu-filters)
tcenc_check(NAME conformance.testsrc2.crop_98x74.gpu_filters LABELS "conformance;gpu"
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --slices 2 --gpu --gpu-algorithm-on-cpu --gpu-decisions --gpu-filters)
# The 8x8 intra CUs (on in the two tests above) at an odd size (8x8 CUs at the right and bottom
# edges) in 16 waves, without the 8x8 CUs inside the picture (gpu-cu8 0: only the edges' remain).
tcenc_check(NAME conformance.testsrc2.crop_98x74.gpu_intra8 LABELS "conformance;gpu"
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
            TCENC --qp 27 --bframes 0 --gpu --gpu-algorithm-on-cpu --gpu-decisions --set gpu-intra8=16
                  --set gpu-cu8=0)
tcenc_check(NAME conformance.mandelbrot_200x120.gpu_decisions LABELS "conformance;gpu"
            HARNESS --ffmpeg-source mandelbrot --size 200x120 --frames 5 --min-psnr 15
            TCENC --qp 32 --bframes 0 --threads 2 --gpu --gpu-algorithm-on-cpu --gpu-decisions)
# Sign data hiding in the accelerator's coding (accel/sign_hiding_steps.h) is on in the tests
# above (the default preset's signhide 1); off here, as in ultrafast.
tcenc_check(NAME conformance.mandelbrot_200x120.gpu_decisions_no_sign_hiding LABELS "conformance;gpu"
            HARNESS --ffmpeg-source mandelbrot --size 200x120 --frames 5 --min-psnr 15
            TCENC --qp 27 --bframes 0 --threads 2 --gpu --gpu-algorithm-on-cpu --gpu-decisions --set signhide=0)
foreach(config "p;--qp 30 --ref 2" "b;--qp 32 --bframes 3 --ref 2" "external;--qp 27 --ref-frame ${TCENC_SAMPLE}"
               "decisions;--qp 30 --bframes 0 --gpu-decisions --no-gpu-filters" "decisions_b;--qp 32 --bframes 3 --gpu-decisions"
               "decisions_filters;--qp 30 --bframes 0 --slices 2 --gpu-decisions --gpu-filters")
  list(GET config 0 name)
  list(GET config 1 encoder_args)
  add_test(NAME gpu.sample.byte_identical.${name}
           COMMAND ${CMAKE_COMMAND} -DTCENC=$<TARGET_FILE:tcenc> -DINPUT=${TCENC_SAMPLE}
                   -DWORK_DIR=${TCENC_CONFORMANCE_WORK}/gpu.sample.byte_identical.${name}
                   "-DTCENC_ARGS=${encoder_args}"
                   -P ${PROJECT_SOURCE_DIR}/tests/accel/compare_gpu_streams.cmake)
  set_tests_properties(gpu.sample.byte_identical.${name} PROPERTIES LABELS "gpu" TIMEOUT 300)
endforeach()

# ---- WPP and --threads (issue 6): CTU rows in wavefront order, one CABAC substream per row
# with entry points; the stream must decode bit-exactly and be the same for 1, 2 and 4 threads
foreach(threads 1 4)
  tcenc_check(NAME conformance.sample.wpp.threads${threads} LABELS "conformance;wpp"
              HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
              TCENC --qp 30 --ref 2 --threads ${threads})
endforeach()
tcenc_check(NAME conformance.sample.wpp.bframes2.threads4 LABELS "conformance;wpp"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --bframes 2 --threads 4)
tcenc_check(NAME conformance.sample.no_wpp.threads4 LABELS "conformance;wpp"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 30 --no-wpp --threads 4)
set(TCENC_THREAD_COMPARE_DECODERS)
if(TCENC_FFMPEG)
  list(APPEND TCENC_THREAD_COMPARE_DECODERS -DFFMPEG=${TCENC_FFMPEG})
endif()
if(TCENC_DEC265)
  list(APPEND TCENC_THREAD_COMPARE_DECODERS -DDEC265=${TCENC_DEC265})
endif()
# tcenc_thread_compare(<name> <input args> <tcenc args>): --threads 1, 2, 4 byte-identical.
function(tcenc_thread_compare name input_args encoder_args)
  add_test(NAME wpp.${name}.threads_identical
           COMMAND ${CMAKE_COMMAND} -DTCENC=$<TARGET_FILE:tcenc> ${input_args}
                   -DWORK=${TCENC_CONFORMANCE_WORK}/wpp.${name}.threads_identical
                   "-DTCENC_ARGS=${encoder_args}" ${TCENC_THREAD_COMPARE_DECODERS}
                   -P ${PROJECT_SOURCE_DIR}/tests/threading/compare_thread_counts.cmake)
  set_tests_properties(wpp.${name}.threads_identical PROPERTIES LABELS "conformance;wpp" TIMEOUT 300)
endfunction()
tcenc_thread_compare(sample "-DINPUT=${TCENC_SAMPLE}" "--qp 30 --ref 2")
tcenc_thread_compare(sample.no_wpp "-DINPUT=${TCENC_SAMPLE}" "--qp 30 --no-wpp")
tcenc_thread_compare(testsrc2_640x360 "-DLAVFI=testsrc2=size=640x360:rate=25;-DFRAMES=6" "--qp 32 --bframes 2")
# Frame-level threads: with 2 and 4 threads the top-level B pictures are coded in pairs; the
# reconstruction the harness compares is each returned picture's own.
tcenc_check(NAME conformance.sample.frame_threads.bframes3.threads2 LABELS "conformance;wpp"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15
            TCENC --qp 32 --bframes 3 --no-b-adapt --preset ultrafast --threads 2)
tcenc_thread_compare(testsrc2_640x360.frame_threads "-DLAVFI=testsrc2=size=640x360:rate=25;-DFRAMES=9"
                     "--qp 32 --bframes 3 --no-b-adapt --preset ultrafast")
# Anchor pairs (frame-threads 2): the first B picture of each mini-GOP beside the next anchor,
# which waits (coded, not returned) while the rest of the mini-GOP is coded; the harness
# compares every returned picture's reconstruction, so one taken from the wrong coding fails.
tcenc_check(NAME conformance.testsrc2_640x360.anchor_pairs.threads2 LABELS "conformance;wpp"
            HARNESS --ffmpeg-source testsrc2 --size 640x360 --frames 14 --min-psnr 15
            TCENC --qp 32 --bframes 3 --no-b-adapt --preset ultrafast --threads 2 --set frame-threads=2)
tcenc_thread_compare(testsrc2_640x360.anchor_pairs "-DLAVFI=testsrc2=size=640x360:rate=25;-DFRAMES=14"
                     "--qp 32 --bframes 3 --keyint 6 --preset ultrafast --set frame-threads=2")
# With the GPU's motion algorithm (here on the CPU): four pictures begun (each with its block
# search) before the pair is coded.
tcenc_check(NAME conformance.testsrc2_640x360.anchor_pairs.gpu_algorithm LABELS "conformance;wpp;gpu"
            HARNESS --ffmpeg-source testsrc2 --size 640x360 --frames 14 --min-psnr 15
            TCENC --qp 32 --bframes 3 --preset ultrafast --threads 2 --set frame-threads=2
                  --gpu --gpu-algorithm-on-cpu)
# ---- Slices: bands of CTU rows, each its own slice segment, nothing predicted or entropy
# coded across their boundaries (the filters do cross them), the wavefronts side by side -----
tcenc_check(NAME conformance.sample.slices3.p LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 3
            TCENC --qp 30 --ref 2 --threads 2 --slices 3)
tcenc_check(NAME conformance.sample.slices2.intra LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 2
            TCENC --qp 27 --keyint 1 --frames 3 --slices 2)
tcenc_check(NAME conformance.sample.slices2.no_wpp.bframes3 LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 2
            TCENC --qp 32 --bframes 3 --no-wpp --slices 2)
tcenc_check(NAME conformance.sample.slices3.no_sao LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 3
            TCENC --qp 37 --no-sao --threads 2 --slices 3)
tcenc_check(NAME conformance.sample.slices3.no_filters LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 3
            TCENC --qp 37 --no-sao --no-deblock --slices 3)
# More slices than CTU rows (3): a slice per row.
tcenc_check(NAME conformance.sample.slices16_clamped LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 3
            TCENC --qp 32 --bframes 2 --threads 2 --slices 16)
tcenc_check(NAME conformance.sample.slices3.gpu_algorithm LABELS "conformance;slices;gpu"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 3
            TCENC --qp 32 --bframes 3 --preset ultrafast --slices 3 --gpu --gpu-algorithm-on-cpu)
tcenc_check(NAME conformance.sample.slices2.intra_refresh LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 15 --slices 2
            TCENC --qp 32 --intra-refresh --keyint 4 --threads 2 --slices 2)
tcenc_check(NAME conformance.testsrc2.crop_98x74.slices2 LABELS "conformance;slices"
            HARNESS --ffmpeg-source testsrc2 --size 352x288 --frames 4 --crop 98x74+40+30 --min-psnr 15
                    --slices 2
            TCENC --qp 27 --bframes 2 --slices 2)
tcenc_check(NAME conformance.testsrc2_640x360.slices4.frame_threads LABELS "conformance;slices"
            HARNESS --ffmpeg-source testsrc2 --size 640x360 --frames 9 --min-psnr 15 --slices 4
            TCENC --qp 32 --bframes 3 --no-b-adapt --preset ultrafast --threads 2 --slices 4)
# The slice-count check must catch a stream with fewer slices than expected (the test of the test).
tcenc_check(NAME conformance.slices.detects_wrong_count LABELS "conformance;slices"
            HARNESS --input ${TCENC_SAMPLE} --slices 3
            TCENC --qp 32 --frames 2 --slices 2)
set_tests_properties(conformance.slices.detects_wrong_count PROPERTIES
                     PASS_REGULAR_EXPRESSION "slices: picture 0: slice segment addresses \\[0, 10\\], expected 3")
tcenc_thread_compare(sample.slices3 "-DINPUT=${TCENC_SAMPLE}" "--qp 30 --ref 2 --slices 3")
tcenc_thread_compare(testsrc2_640x360.slices4.frame_threads "-DLAVFI=testsrc2=size=640x360:rate=25;-DFRAMES=9"
                     "--qp 32 --bframes 3 --no-b-adapt --preset ultrafast --slices 4")
if(EXISTS "${TCENC_SHARED_DATA}/crowd_run_1280x720_10f.y4m")
  foreach(threads 1 4)
    tcenc_check(NAME conformance.crowd_run.wpp.threads${threads} LABELS "conformance;wpp;shared_data"
                TIMEOUT 600
                HARNESS --input ${TCENC_SHARED_DATA}/crowd_run_1280x720_10f.y4m --min-psnr 15
                TCENC --qp 32 --frames 3 --threads ${threads})
  endforeach()
endif()
if(EXISTS "${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m")
  tcenc_thread_compare(bikes_640x272 "-DINPUT=${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m;-DFRAMES=5"
                       "--qp 30 --ref 2")
  # Scene cuts (intra anchors, which are never paired) and open GOPs with anchor pairs.
  tcenc_check(NAME conformance.bikes.anchor_pairs.open_gop LABELS "conformance;wpp;shared_data" TIMEOUT 600
              HARNESS --input ${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m --frames 45 --min-psnr 25
              TCENC --qp 30 --bframes 3 --keyint 10 --open-gop --preset ultrafast --threads 2
                    --set frame-threads=2)
  tcenc_thread_compare(bikes_640x272.frame_threads.bframes7
                       "-DINPUT=${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m;-DFRAMES=17"
                       "--qp 30 --bframes 7 --no-b-adapt --ref 2 --preset superfast")
endif()
