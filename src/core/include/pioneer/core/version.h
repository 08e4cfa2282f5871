// File: pioneer/core/version.h
#pragma once

#include <string_view>

namespace pioneer {
// Semantic version of this build (from CMake's project version).
std::string_view Version();
}  // namespace pioneer
