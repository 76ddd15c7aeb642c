# Encodes one clip three ways and requires byte-identical streams: the plain CPU path,
# --gpu (the CUDA backend where a GPU is present, else the CPU accelerator) and --gpu
# --gpu-algorithm-on-cpu. Run with cmake -P and -DTCENC=... -DINPUT=... -DWORK_DIR=...
# -DTCENC_ARGS="--qp 30 ...".
foreach(variable TCENC INPUT WORK_DIR TCENC_ARGS)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "compare_gpu_streams.cmake needs -D${variable}=...")
  endif()
endforeach()
separate_arguments(encoder_args UNIX_COMMAND "${TCENC_ARGS}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(encode name)
  execute_process(COMMAND "${TCENC}" -i "${INPUT}" -o "${WORK_DIR}/${name}.hevc" --quiet ${encoder_args} ${ARGN}
                  RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "tcenc (${name}) failed with ${status}: ${errors}")
  endif()
endfunction()

encode(cpu)
encode(gpu --gpu)
encode(gpu_algorithm_on_cpu --gpu --gpu-algorithm-on-cpu)
foreach(name gpu gpu_algorithm_on_cpu)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/cpu.hevc" "${WORK_DIR}/${name}.hevc"
                  RESULT_VARIABLE different)
  if(NOT different EQUAL 0)
    message(FATAL_ERROR "the ${name} stream differs from the CPU stream (${WORK_DIR})")
  endif()
endforeach()
message(STATUS "cpu, gpu and gpu_algorithm_on_cpu streams are byte-identical")
