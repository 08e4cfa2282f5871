// File: pioneer/core/crash_point.h
// TEST ONLY: fault injection for the crash-consistency tests
// (tests/cli/crash_consistency.sh). With PIONEER_TEST_CRASH_POINT=NAME:COUNT
// in the environment, the COUNT-th pass through CrashPoint("NAME") kills the
// process with SIGKILL, as `kill -9` would at that instant. Without the
// variable every crash point is a no-op (one cached getenv). Compiled in
// always, so that the tests exercise the shipped binary.
#pragma once

#include <string_view>

namespace pioneer::core {

void CrashPoint(std::string_view name);

}  // namespace pioneer::core
