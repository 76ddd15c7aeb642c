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
