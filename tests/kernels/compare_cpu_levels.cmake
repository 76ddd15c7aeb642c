# Encodes one clip with the SIMD kernels off (--cpu none), at AVX2 and at AVX-512 and requires
# byte-identical streams (STYLE.md: identical output across ISAs). A level the CPU lacks falls
# back to the highest it has, so the comparison still runs there (with fewer distinct levels).
#   cmake -DTCENC=<tcenc> -DINPUT=<clip.y4m> -DWORK=<dir> -DFRAMES=<n> [-DTCENC_ARGS=<args>]
#         -P compare_cpu_levels.cmake
file(MAKE_DIRECTORY ${WORK})
separate_arguments(extra_args UNIX_COMMAND "${TCENC_ARGS}")
foreach(level none avx2 avx512)
  execute_process(COMMAND ${TCENC} -i ${INPUT} -o ${WORK}/${level}.hevc --frames ${FRAMES} --qp 30
                          --cpu ${level} --quiet ${extra_args}
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "tcenc --cpu ${level} failed (${status})")
  endif()
endforeach()
foreach(level avx2 avx512)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/none.hevc ${WORK}/${level}.hevc
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "--cpu ${level} gives a different stream than --cpu none")
  endif()
  message(STATUS "--cpu ${level}: identical to --cpu none")
endforeach()
