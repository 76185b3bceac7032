# SIMSIAM_CUDA=EMU: no nvcc. Every .cu/.cuh of native/ is rewritten at build
# time by native/emu/rewrite.mjs (docs/cuda-emulator.md) and compiled as C++17
# against the emulator's shim cuda_runtime.h, with its runtime linked in.
#
#   <build>/emu/src/<rel>.cu.cc   rewritten .cu  (compiled into simsiam_kernels)
#   <build>/emu/include/<rel>.cuh rewritten .cuh (the shadow include dir, ahead of native/)
#
# Include order for every target that sees the kernels:
#   native/emu/include (the shim cuda_runtime.h), <build>/emu/include, native/
#
# Variants (emulated kernels + the parity harness and test/emu only, not the addon):
#   SIMSIAM_EMU_SANITIZE=address  ASan + UBSan (bounds-strict, no recovery), -O1
#   SIMSIAM_EMU_SANITIZE=thread   TSan, -O1; the runtime uninstrumented as a -Wl,-Bsymbolic shared object
#   SIMSIAM_EMU_COVERAGE=ON       --coverage -O0 on the rewritten kernel sources (gcov follows their #line)

if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)  # as cmake-js; the variants add -O1/-O0
endif()
set(SIMSIAM_EMU_DIR "${CMAKE_CURRENT_SOURCE_DIR}/native/emu")
set(SIMSIAM_EMU_GEN "${CMAKE_CURRENT_BINARY_DIR}/emu")
set(SIMSIAM_EMU_REWRITER "${SIMSIAM_EMU_DIR}/rewrite.mjs")
if(NOT EXISTS "${SIMSIAM_EMU_REWRITER}" OR NOT EXISTS "${SIMSIAM_EMU_DIR}/include/cuda_runtime.h")
  message(FATAL_ERROR "SIMSIAM_CUDA=EMU needs the emulator: ${SIMSIAM_EMU_REWRITER} and "
                      "${SIMSIAM_EMU_DIR}/include/cuda_runtime.h (see docs/cuda-emulator.md)")
endif()
find_program(SIMSIAM_NODE NAMES node nodejs)
if(NOT SIMSIAM_NODE)
  message(FATAL_ERROR "SIMSIAM_CUDA=EMU needs Node.js (node) to run ${SIMSIAM_EMU_REWRITER}")
endif()
# The rewriter and any module it imports: a change rewrites every file.
file(GLOB SIMSIAM_EMU_REWRITER_DEPS CONFIGURE_DEPENDS "${SIMSIAM_EMU_DIR}/*.mjs" "${SIMSIAM_EMU_DIR}/rewrite/*.mjs")

string(TOLOWER "${SIMSIAM_EMU_SANITIZE}" SIMSIAM_EMU_SANITIZE)
if(NOT SIMSIAM_EMU_SANITIZE MATCHES "^(|none|off|address|thread)$")
  message(FATAL_ERROR "SIMSIAM_EMU_SANITIZE must be address, thread or empty, not '${SIMSIAM_EMU_SANITIZE}'")
endif()
if(SIMSIAM_EMU_SANITIZE MATCHES "^(none|off)$")
  set(SIMSIAM_EMU_SANITIZE "")
endif()
if(SIMSIAM_EMU_COVERAGE AND SIMSIAM_EMU_SANITIZE)
  message(FATAL_ERROR "SIMSIAM_EMU_COVERAGE and SIMSIAM_EMU_SANITIZE are separate builds")
endif()
set(SIMSIAM_EMU_VARIANT_ONLY OFF)  # a variant builds the parity harness / test/emu only
if(SIMSIAM_EMU_SANITIZE OR SIMSIAM_EMU_COVERAGE)
  set(SIMSIAM_EMU_VARIANT_ONLY ON)
endif()

# simsiam_emu_rewrite(<out-var> <dest> <base> <files>...): one custom command per
# file; a .cu becomes <gen>/<dest>/<rel>.cc, a .cuh <gen>/include/<rel>.
function(simsiam_emu_rewrite out_var dest base)
  set(outs "")
  foreach(in IN LISTS ARGN)
    file(RELATIVE_PATH rel "${base}" "${in}")
    if(in MATCHES "\\.cuh$")
      set(out "${SIMSIAM_EMU_GEN}/include/${rel}")
    else()
      set(out "${SIMSIAM_EMU_GEN}/${dest}/${rel}.cc")
    endif()
    get_filename_component(out_dir "${out}" DIRECTORY)
    add_custom_command(OUTPUT "${out}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
      COMMAND "${SIMSIAM_NODE}" "${SIMSIAM_EMU_REWRITER}" "${in}" "${out}"
      DEPENDS "${in}" ${SIMSIAM_EMU_REWRITER_DEPS}
      COMMENT "emu rewrite ${rel}" VERBATIM)
    list(APPEND outs "${out}")
  endforeach()
  set(${out_var} "${outs}" PARENT_SCOPE)
endfunction()

set(_native "${CMAKE_CURRENT_SOURCE_DIR}/native")
file(GLOB_RECURSE SIMSIAM_CUH_SOURCES CONFIGURE_DEPENDS native/*.cuh)
list(FILTER SIMSIAM_CUH_SOURCES EXCLUDE REGEX "/native/emu/")
simsiam_emu_rewrite(SIMSIAM_EMU_CUH_OUT include "${_native}" ${SIMSIAM_CUH_SOURCES})
simsiam_emu_rewrite(SIMSIAM_EMU_CU_OUT src "${_native}" ${CUDA_SOURCES})
# The shadow headers exist before anything that may include them compiles.
add_custom_target(simsiam_emu_headers DEPENDS ${SIMSIAM_EMU_CUH_OUT})

# Flags of the variant, for the kernels library, the harness and test/emu.
# What a variant instruments: the rewritten kernels, the device layer
# (native/device, native/util: the host side of every CUDA path) and, for ASan,
# the emulator's runtime. The CPU references (native/kernels/*.cc,
# native/gemm) and the parity harness are only compared with: in a variant they
# are built plainly at -O1 (SIMSIAM_EMU_HOST_OPTIONS), which halves the build.
set(SIMSIAM_EMU_SAN_FLAGS "")
if(SIMSIAM_EMU_SANITIZE STREQUAL "address")
  set(SIMSIAM_EMU_SAN_FLAGS -fsanitize=address,undefined -fsanitize=bounds-strict -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer -O1 -g)
  set(_san_link -fsanitize=address,undefined)
elseif(SIMSIAM_EMU_SANITIZE STREQUAL "thread")
  set(SIMSIAM_EMU_SAN_FLAGS -fsanitize=thread -fno-omit-frame-pointer -O1 -g)
  set(_san_link -fsanitize=thread)
elseif(SIMSIAM_EMU_COVERAGE)
  set(_san_link --coverage)
endif()
set(SIMSIAM_EMU_HOST_OPTIONS "")
if(SIMSIAM_EMU_VARIANT_ONLY)
  set(SIMSIAM_EMU_HOST_OPTIONS "$<$<COMPILE_LANGUAGE:CXX>:-O1>")
endif()
# Link options of the variant, for every executable that links the kernels.
add_library(simsiam_emu_instrument INTERFACE)
if(_san_link)
  target_link_options(simsiam_emu_instrument INTERFACE ${_san_link})
endif()

# The rewritten kernels: the shim first (even where a file includes HostDevice.h
# before it), C++ with no fused multiply-adds (as the CPU references they are
# compared with; the __f*_rn intrinsics are plain operations), and gcov data when
# covering (-O0: every line where it is). native/emu/README.md, "Building against it".
set(_emu_src_opts "-include${SIMSIAM_EMU_DIR}/include/cuda_runtime.h" -ffp-contract=off ${SIMSIAM_EMU_SAN_FLAGS})
if(SIMSIAM_EMU_COVERAGE)
  list(APPEND _emu_src_opts --coverage -O0 -g)
endif()
set_source_files_properties(${SIMSIAM_EMU_CU_OUT} PROPERTIES COMPILE_OPTIONS "${_emu_src_opts}")
if(SIMSIAM_EMU_SAN_FLAGS)
  file(GLOB_RECURSE _device_layer CONFIGURE_DEPENDS native/device/*.cc native/util/*.cc)
  set_property(SOURCE ${_device_layer} APPEND PROPERTY COMPILE_OPTIONS ${SIMSIAM_EMU_SAN_FLAGS})
endif()

# The emulator's runtime (native/emu/README.md): every .cc/.S under native/emu
# but the rewriter's and test directories.
file(GLOB_RECURSE SIMSIAM_EMU_RUNTIME_SOURCES CONFIGURE_DEPENDS native/emu/*.cc native/emu/*.cpp native/emu/*.S)
list(FILTER SIMSIAM_EMU_RUNTIME_SOURCES EXCLUDE REGEX "/native/emu/(test|tests|rewrite)/")
if(NOT SIMSIAM_EMU_RUNTIME_SOURCES)
  message(FATAL_ERROR "SIMSIAM_CUDA=EMU: no runtime sources under ${SIMSIAM_EMU_DIR}")
endif()
if(SIMSIAM_EMU_RUNTIME_SOURCES MATCHES "\\.S(;|$)")
  enable_language(ASM)
endif()
if(SIMSIAM_EMU_SANITIZE STREQUAL "thread")
  # Uninstrumented, its own symbols bound inside it: its STL instances do not
  # merge with the instrumented ones (no false races); it annotates its own edges.
  add_library(simsiam_emu_runtime SHARED ${SIMSIAM_EMU_RUNTIME_SOURCES})
  target_link_options(simsiam_emu_runtime PRIVATE -Wl,-Bsymbolic)
  target_compile_definitions(simsiam_emu_runtime PRIVATE SIMSIAM_EMU_FOR_TSAN=1)  # TSan fibers and edges (Sanitizers.h)
  target_compile_options(simsiam_emu_runtime PRIVATE -O2 -g)
else()
  add_library(simsiam_emu_runtime STATIC ${SIMSIAM_EMU_RUNTIME_SOURCES})
  if(SIMSIAM_EMU_SANITIZE STREQUAL "address")
    target_compile_options(simsiam_emu_runtime PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${SIMSIAM_EMU_SAN_FLAGS}>")
  endif()
endif()
target_include_directories(simsiam_emu_runtime BEFORE PUBLIC "${SIMSIAM_EMU_DIR}/include")
target_compile_definitions(simsiam_emu_runtime PUBLIC SIMSIAM_CUDA_EMU=1)
find_package(Threads REQUIRED)
target_link_libraries(simsiam_emu_runtime PUBLIC Threads::Threads ${CMAKE_DL_LIBS})
