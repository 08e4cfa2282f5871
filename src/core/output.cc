#include "pioneer/core/output.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "pioneer/core/error.h"

namespace fs = std::filesystem;

namespace pioneer::core {
namespace {
fs::path TemporarySibling(const fs::path& path) {
  return path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
}

void WritePlain(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw Error(ErrorCode::kInternal, fmt::format("{}: cannot write file", path.string()));
}
}  // namespace

void WriteFileAtomically(const fs::path& path, std::string_view content) {
  if (!path.parent_path().empty()) fs::create_directories(path.parent_path());
  const fs::path temporary = TemporarySibling(path);
  try {
    WritePlain(temporary, content);
    fs::rename(temporary, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, fmt::format("{}: cannot open file", path.string()));
  // One allocation of the file's size and one read (a stream buffer would
  // copy a large file several times).
  std::string bytes;
  std::error_code size_error;
  const auto size = fs::file_size(path, size_error);
  if (!size_error) {
    bytes.resize(static_cast<std::size_t>(size));
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  // Whatever is left (a file that grew, or a pipe without a size).
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  return bytes;
}

StagedDirectory::StagedDirectory(fs::path directory)
    : directory_(std::move(directory)), staging_(TemporarySibling(fs::absolute(directory_))) {
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

StagedDirectory::~StagedDirectory() {
  std::error_code ignored;
  if (!committed_) fs::remove_all(staging_, ignored);
}

fs::path StagedDirectory::Path(const fs::path& relative) {
  const fs::path full = staging_ / relative;
  fs::create_directories(full.parent_path());
  files_.push_back(relative);
  return full;
}

void StagedDirectory::Write(const fs::path& relative, std::string_view content) {
  WritePlain(Path(relative), content);
}

void StagedDirectory::Commit() {
  fs::create_directories(directory_);
  for (const fs::path& relative : files_) {
    const fs::path target = directory_ / relative;
    fs::create_directories(target.parent_path());
    fs::rename(staging_ / relative, target);
  }
  committed_ = true;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

}  // namespace pioneer::core
