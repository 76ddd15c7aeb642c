# Encodes one clip with --threads 1, 2 and 4 and requires byte-identical streams (STYLE.md:
# identical output across thread counts). Then decodes the stream with decoders that use the
# WPP entry points (ffmpeg's slice threads, libde265 with threads; each checks the MD5 SEI)
# and compares both with the encoder's reconstruction.
#   cmake -DTCENC=<tcenc> -DWORK=<dir> (-DINPUT=<clip.y4m> | -DLAVFI=<ffmpeg lavfi source>)
#         [-DFRAMES=<n>] [-DTCENC_ARGS=<args>] [-DFFMPEG=<ffmpeg>] [-DDEC265=<dec265>]
#         -P compare_thread_counts.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
separate_arguments(extra_args UNIX_COMMAND "${TCENC_ARGS}")
if(NOT FRAMES)
  set(FRAMES 0)
endif()

function(run_or_fail what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${output}")
  endif()
endfunction()

if(LAVFI)
  if(NOT FFMPEG)
    message(FATAL_ERROR "LAVFI needs FFMPEG")
  endif()
  set(INPUT ${WORK}/input.y4m)
  run_or_fail("ffmpeg ${LAVFI}" ${FFMPEG} -nostdin -v error -f lavfi -i ${LAVFI} -frames:v ${FRAMES}
              -pix_fmt yuv420p ${INPUT})
endif()

foreach(threads 1 2 4)
  set(recon)
  if(threads EQUAL 1)
    set(recon --recon ${WORK}/recon.y4m)
  endif()
  run_or_fail("tcenc --threads ${threads}" ${TCENC} -i ${INPUT} -o ${WORK}/threads${threads}.hevc
              --frames ${FRAMES} --threads ${threads} ${extra_args} ${recon} --quiet)
endforeach()
foreach(threads 2 4)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/threads1.hevc ${WORK}/threads${threads}.hevc
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "--threads ${threads} gives a different stream than --threads 1")
  endif()
  message(STATUS "--threads ${threads}: identical to --threads 1")
endforeach()

if(FFMPEG)
  run_or_fail("recon to raw" ${FFMPEG} -nostdin -v error -i ${WORK}/recon.y4m -f rawvideo -pix_fmt yuv420p
              ${WORK}/recon.yuv)
  run_or_fail("ffmpeg wavefront decode" ${FFMPEG} -nostdin -v error -xerror -err_detect crccheck+explode
              -threads 4 -thread_type slice -i ${WORK}/threads1.hevc -f rawvideo -pix_fmt yuv420p
              ${WORK}/ffmpeg.yuv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/recon.yuv ${WORK}/ffmpeg.yuv
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "ffmpeg (slice threads) decodes differently from the reconstruction")
  endif()
  if(DEC265)
    run_or_fail("libde265 threaded decode" ${DEC265} --quiet --check-hash --threads 4 --output ${WORK}/dec265.yuv
                ${WORK}/threads1.hevc)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/recon.yuv ${WORK}/dec265.yuv
                    RESULT_VARIABLE different)
    if(different)
      message(FATAL_ERROR "libde265 (threads) decodes differently from the reconstruction")
    endif()
  endif()
  message(STATUS "threaded decoders match the reconstruction")
endif()
