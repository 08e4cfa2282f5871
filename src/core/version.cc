#include "pioneer/core/version.h"

namespace pioneer {
std::string_view Version() { return PIONEER_VERSION; }
}  // namespace pioneer
