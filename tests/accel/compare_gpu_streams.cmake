# Encodes one clip three ways: the plain CPU path, --gpu and --gpu --gpu-algorithm-on-cpu (the
# GPU's algorithm on the CPU). Where a GPU ran the --gpu encode, its stream must equal the
# GPU algorithm's on the CPU byte for byte; where none did (the notice says so), --gpu falls
# back to the CPU path and must equal the plain stream. Run with cmake -P and -DTCENC=...
# -DINPUT=... -DWORK_DIR=... -DTCENC_ARGS="--qp 30 ...".
foreach(variable TCENC INPUT WORK_DIR TCENC_ARGS)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "compare_gpu_streams.cmake needs -D${variable}=...")
  endif()
endforeach()
separate_arguments(encoder_args UNIX_COMMAND "${TCENC_ARGS}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(encode name quiet)
  execute_process(COMMAND "${TCENC}" -i "${INPUT}" -o "${WORK_DIR}/${name}.hevc" ${quiet} ${encoder_args} ${ARGN}
                  RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "tcenc (${name}) failed with ${status}: ${errors}")
  endif()
  set(encode_messages "${errors}" PARENT_SCOPE)
endfunction()

function(expect_identical a b)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/${a}.hevc" "${WORK_DIR}/${b}.hevc"
                  RESULT_VARIABLE different)
  if(NOT different EQUAL 0)
    message(FATAL_ERROR "the ${a} stream differs from the ${b} stream (${WORK_DIR})")
  endif()
  message(STATUS "${a} and ${b} streams are byte-identical")
endfunction()

encode(cpu --quiet)
encode(gpu "" --gpu)
set(gpu_messages "${encode_messages}")
encode(gpu_algorithm_on_cpu --quiet --gpu --gpu-algorithm-on-cpu)
if(gpu_messages MATCHES "no CUDA GPU in use")
  expect_identical(gpu cpu)
else()
  expect_identical(gpu gpu_algorithm_on_cpu)
endif()
