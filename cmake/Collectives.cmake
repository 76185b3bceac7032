# Collectives for data-parallel training (native/collectives/):
# - Gloo, the host collectives, from Debian's libgloo-dev (GlooConfig.cmake) or
#   any install CMake finds (Gloo_DIR / CMAKE_PREFIX_PATH). SIMSIAM_GLOO: AUTO
#   (use it when found, else build without it: the addon then says "built
#   without Gloo"), ON (required), OFF.
# - NCCL, the device collectives, needs nothing here: it is loaded at run time.
# Included at the end of CMakeLists.txt, once the targets exist.
simsiam_option(SIMSIAM_GLOO "AUTO" "Build the Gloo collectives (distributed training on CPUs): AUTO (when libgloo-dev is found), ON (required) or OFF")

string(TOUPPER "${SIMSIAM_GLOO}" _gloo_mode)
set(SIMSIAM_WITH_GLOO OFF)
if(NOT _gloo_mode STREQUAL "OFF" AND NOT _gloo_mode STREQUAL "0")
  find_package(Gloo CONFIG QUIET)
  if(Gloo_FOUND AND TARGET gloo)
    set(SIMSIAM_WITH_GLOO ON)
  elseif(_gloo_mode STREQUAL "ON" OR _gloo_mode STREQUAL "1")
    message(FATAL_ERROR "SIMSIAM_GLOO=ON but Gloo was not found (Debian: apt-get install libgloo-dev)")
  endif()
endif()

if(SIMSIAM_WITH_GLOO)
  target_link_libraries(simsiam_kernels PUBLIC gloo)
  target_compile_definitions(simsiam_kernels PUBLIC SIMSIAM_WITH_GLOO=1)
  # Gloo's RedisStore (rendezvous without a shared filesystem) when its Gloo has it and hiredis is there.
  get_target_property(_gloo_inc gloo INTERFACE_INCLUDE_DIRECTORIES)
  find_file(SIMSIAM_GLOO_REDIS_HEADER gloo/rendezvous/redis_store.h HINTS ${_gloo_inc})
  find_path(SIMSIAM_HIREDIS_INCLUDE hiredis/hiredis.h)
  set(_redis OFF)
  if(SIMSIAM_GLOO_REDIS_HEADER AND SIMSIAM_HIREDIS_INCLUDE)
    target_compile_definitions(simsiam_kernels PUBLIC SIMSIAM_GLOO_REDIS=1 HIREDIS_NESTED_INCLUDE)
    set(_redis ON)
  endif()
  message(STATUS "simsiam: Gloo collectives ON (${Gloo_DIR}; Redis store ${_redis})")
else()
  message(STATUS "simsiam: Gloo collectives OFF (built without Gloo: distributed training on CPUs "
                 "needs Debian's libgloo-dev)")
endif()
