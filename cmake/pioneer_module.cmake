# pioneer_module(NAME SOURCES ... DEPS ...)
# One static library per module: public headers in src/<m>/include/pioneer/<m>/.
function(pioneer_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(pioneer_${name} STATIC ${M_SOURCES})
  add_library(pioneer::${name} ALIAS pioneer_${name})
  target_include_directories(pioneer_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                             PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(pioneer_${name} PUBLIC ${M_DEPS})
endfunction()

# pioneer_tests(NAME SOURCES ... DEPS ...): one GoogleTest executable per module,
# each test registered with CTest. Tests run from the source root so that
# fixtures are found by relative path (tests/fixtures, ../shared/data).
function(pioneer_tests name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name}_tests ${T_SOURCES})
  target_link_libraries(${name}_tests PRIVATE ${T_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name}_tests PRIVATE
    PIONEER_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    PIONEER_BINARY_DIR="${CMAKE_BINARY_DIR}"
    PIONEER_SHARED_DATA="${PIONEER_SHARED_DATA}")
  gtest_discover_tests(${name}_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                       DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()

# pioneer_benchmark(NAME SOURCES ... DEPS ...): Google Benchmark executable.
function(pioneer_benchmark name)
  if(NOT PIONEER_BENCHMARKS)
    return()
  endif()
  find_package(benchmark REQUIRED)
  cmake_parse_arguments(B "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${B_SOURCES})
  target_link_libraries(${name} PRIVATE ${B_DEPS} benchmark::benchmark_main)
endfunction()
