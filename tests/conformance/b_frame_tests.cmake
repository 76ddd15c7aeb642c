# Random-access (B-frame) conformance: the GOP matrix on the bundled sample and on an odd-size
# ffmpeg clip, flush edge cases, open GOPs, and the shared clips. Included from
# tests/CMakeLists.txt after conformance_tests.cmake (which defines tcenc_check).
# Every test also checks that the decoders output exactly the input frames, in order.

# bframes x keyint x refs on the sample (9 frames).
foreach(bframes 0 1 3 7)
  foreach(keyint 1 8 60)
    foreach(refs 1 4)
      tcenc_check(NAME conformance.sample.gop.b${bframes}.keyint${keyint}.ref${refs} LABELS conformance gop
                  HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
                  TCENC --qp 27 --bframes ${bframes} --keyint ${keyint} --ref ${refs})
    endforeach()
  endforeach()
endforeach()

# Odd sizes (cropped by the conformance window) and a moving synthetic clip.
foreach(bframes 3 7)
  tcenc_check(NAME conformance.testsrc2_202x118.b${bframes} LABELS conformance gop
              HARNESS --ffmpeg-source testsrc2 --size 202x118 --rate 25 --frames 20 --min-psnr 25
              TCENC --qp 32 --bframes ${bframes} --keyint 12 --ref 2)
endforeach()
tcenc_check(NAME conformance.mandelbrot_98x74.b3 LABELS conformance gop
            HARNESS --ffmpeg-source mandelbrot --size 98x74 --rate 25 --frames 13 --min-psnr 25
            TCENC --qp 27 --bframes 3 --ref 4)

# Flush: 1, 2 and 3 frames with 3 and 7 B-frames; every frame must come out.
foreach(frames 1 2 3)
  foreach(bframes 3 7)
    tcenc_check(NAME conformance.sample.flush.frames${frames}.b${bframes} LABELS conformance gop
                HARNESS --input ${TCENC_SAMPLE} --frames ${frames} --min-psnr 30
                TCENC --qp 27 --bframes ${bframes})
  endforeach()
endforeach()

# Open GOP: CRA pictures (POC continues) instead of IDR after the first.
tcenc_check(NAME conformance.sample.open_gop.b3 LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 27 --bframes 3 --keyint 4 --open-gop)
# Zero latency: no B-frames whatever --bframes says.
tcenc_check(NAME conformance.sample.zerolatency LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 27 --bframes 3 --tune zerolatency)
# Without in-loop filters, and without rectangular partitions.
tcenc_check(NAME conformance.sample.b3.no_filters LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 32 --bframes 3 --no-deblock --no-sao)
tcenc_check(NAME conformance.sample.b3.no_rect LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 32 --bframes 3 --no-rect)

if(IS_DIRECTORY "${TCENC_SHARED_DATA}")
  file(GLOB TCENC_SHARED_CLIPS "${TCENC_SHARED_DATA}/*.y4m")
  foreach(clip IN LISTS TCENC_SHARED_CLIPS)
    get_filename_component(clip_name ${clip} NAME_WE)
    string(REGEX REPLACE "_.*" "" short_name ${clip_name})
    file(READ ${clip} header LIMIT 200)
    string(REGEX MATCH "H([0-9]+)" unused "${header}")
    set(height ${CMAKE_MATCH_1})
    set(frames 9)
    if(height GREATER_EQUAL 720)
      set(frames 5)
    endif()
    foreach(config "3;1;27" "7;4;37")
      list(GET config 0 bframes)
      list(GET config 1 refs)
      list(GET config 2 qp)
      tcenc_check(NAME conformance.${short_name}.b${bframes}.ref${refs}.qp${qp} LABELS conformance shared_data gop
                  TIMEOUT 900
                  HARNESS --input ${clip} --frames ${frames} --min-psnr 25
                  TCENC --qp ${qp} --bframes ${bframes} --ref ${refs} --keyint 60)
    endforeach()
    if(short_name STREQUAL "foreman")
      tcenc_check(NAME conformance.foreman.all_frames.b3 LABELS conformance shared_data gop long
                  TIMEOUT 1800
                  HARNESS --input ${clip} --min-psnr 25
                  TCENC --qp 32 --bframes 3 --ref 2)
    endif()
  endforeach()
endif()

# Periodic intra refresh (low delay): conformance, and a decoder joining mid-stream at a refresh
# cycle outputs exactly the reconstruction from the recovery point on.
tcenc_check(NAME conformance.sample.intra_refresh LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 27 --intra-refresh --keyint 3)
tcenc_check(NAME conformance.testsrc2_202x118.intra_refresh LABELS conformance gop
            HARNESS --ffmpeg-source testsrc2 --size 202x118 --rate 25 --frames 20 --min-psnr 25
            TCENC --qp 32 --intra-refresh --keyint 6 --ref 2)
add_test(NAME intra_refresh.sample_recovery
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_intra_refresh.py
                 --tcenc $<TARGET_FILE:tcenc> --input ${TCENC_SAMPLE} --keyint 3)
set_tests_properties(intra_refresh.sample_recovery PROPERTIES LABELS "conformance;gop" TIMEOUT 300)
if(EXISTS "${TCENC_SHARED_DATA}/foreman_cif_352x288_300f.y4m")
  tcenc_check(NAME conformance.foreman.intra_refresh LABELS conformance gop shared_data
              HARNESS --input ${TCENC_SHARED_DATA}/foreman_cif_352x288_300f.y4m --frames 24 --min-psnr 25
              TCENC --qp 32 --intra-refresh --keyint 8 --ref 4)
  add_test(NAME intra_refresh.foreman_recovery
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_intra_refresh.py
                   --tcenc $<TARGET_FILE:tcenc> --input ${TCENC_SHARED_DATA}/foreman_cif_352x288_300f.y4m
                   --frames 24 --keyint 7 --ref 3)
  set_tests_properties(intra_refresh.foreman_recovery PROPERTIES LABELS "conformance;gop;shared_data" TIMEOUT 300)
endif()

# Scene cuts: intra pictures exactly at the cuts (picture types read back with ffprobe).
foreach(mode "b3;--bframes;3" "zerolatency;--tune;zerolatency")
  list(GET mode 0 mode_name)
  list(GET mode 1 flag)
  list(GET mode 2 value)
  add_test(NAME scenecut.synthetic.${mode_name}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_scene_cuts.py
                   --tcenc $<TARGET_FILE:tcenc> --synthetic-cut 15 --intra 0,15 -- ${flag} ${value})
  set_tests_properties(scenecut.synthetic.${mode_name} PROPERTIES LABELS "gop" TIMEOUT 300)
endforeach()
if(EXISTS "${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m")
  set(bikes ${TCENC_SHARED_DATA}/bikes_640x272_100f_scenecuts.y4m)
  add_test(NAME scenecut.bikes.b3
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_scene_cuts.py
                   --tcenc $<TARGET_FILE:tcenc> --input ${bikes} --intra 0,37,87 -- --bframes 3)
  add_test(NAME scenecut.bikes.off
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_scene_cuts.py
                   --tcenc $<TARGET_FILE:tcenc> --input ${bikes} --intra 0 -- --bframes 3 --scenecut 0)
  set_tests_properties(scenecut.bikes.b3 scenecut.bikes.off PROPERTIES LABELS "gop;shared_data" TIMEOUT 600)
  tcenc_check(NAME conformance.bikes.scenecuts.b3 LABELS conformance gop shared_data TIMEOUT 900
              HARNESS --input ${bikes} --frames 45 --min-psnr 25
              TCENC --qp 32 --bframes 3 --ref 2)
endif()

# Low-delay B: B pictures whose two lists hold the same earlier pictures (zero delay).
tcenc_check(NAME conformance.sample.low_delay_b LABELS conformance gop
            HARNESS --input ${TCENC_SAMPLE} --min-psnr 30
            TCENC --qp 27 --low-delay-b)
tcenc_check(NAME conformance.testsrc2_202x118.low_delay_b.ref3 LABELS conformance gop
            HARNESS --ffmpeg-source testsrc2 --size 202x118 --rate 25 --frames 12 --min-psnr 25
            TCENC --qp 32 --low-delay-b --ref 3 --keyint 6)
