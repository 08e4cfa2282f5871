// Test-only fault injection (pioneer/core/crash_point.h).
#include "pioneer/core/crash_point.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace pioneer::core {
namespace {

struct Armed {
  std::string name;  // empty: inert
  long count = 0;
};

const Armed& FromEnvironment() {
  static const Armed armed = [] {
    Armed a;
    const char* value = std::getenv("PIONEER_TEST_CRASH_POINT");
    if (value == nullptr) return a;
    const std::string text(value);
    const auto colon = text.rfind(':');
    a.name = text.substr(0, colon);
    a.count = colon == std::string::npos ? 1 : std::atol(text.c_str() + colon + 1);
    return a;
  }();
  return armed;
}

}  // namespace

void CrashPoint(std::string_view name) {
  static std::atomic<long> passes{0};
  const Armed& armed = FromEnvironment();
  if (armed.name.empty() || armed.name != name) return;
  if (passes.fetch_add(1) + 1 == armed.count) std::raise(SIGKILL);
}

}  // namespace pioneer::core
