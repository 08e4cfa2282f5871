// File: tests/fuzz/fuzz_util.h
// Helpers shared by the libFuzzer targets of tests/fuzz/. Every target
// feeds the bytes to one parser; pioneer::Error (UsageError, InputError, ...)
// is the documented way to reject input and is caught by fuzz::Run.
// Any other exception escapes, and libFuzzer reports it as a crash
// (std::terminate -> abort), as it does sanitizer reports and leaks.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/error.h"

namespace pioneer::fuzz {

inline std::string_view Text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The bytes as a file for parsers that only take a path (ReadStat, htslib):
// an anonymous in-memory file (memfd) named by /proc/self/fd/N, so nothing
// lands on disk and nothing is left behind when the target crashes.
class MemoryFile {
 public:
  MemoryFile(std::string_view bytes, const char* name) {
    fd_ = memfd_create(name, MFD_CLOEXEC);
    if (fd_ < 0) std::abort();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Splits the input at form feeds ('\f') into at most `max_parts` parts:
// targets that take several files (a study import) read one file per part.
inline std::vector<std::string_view> SplitParts(std::string_view text, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const std::size_t at = text.find('\f');
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

// Runs `body`; pioneer::Error is an expected rejection of the input.
template <typename Body>
void Run(Body&& body) {
  try {
    body();
  } catch (const ::pioneer::Error&) {
  }
}

}  // namespace pioneer::fuzz
