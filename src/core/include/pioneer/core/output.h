// File: pioneer/core/output.h
// Nothing half-written: files are written to a temporary sibling and renamed
// into place only when complete; a set of files can be staged and committed
// together.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pioneer::core {

// Writes `content` to `path` atomically (temporary file + rename).
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// Reads a whole file; throws Error(kNotFound) naming the path.
std::string ReadFile(const std::filesystem::path& path);

// Stages files in a hidden temporary folder beside `directory`; Commit()
// moves them in; destruction without Commit() removes the staging folder.
class StagedDirectory {
 public:
  explicit StagedDirectory(std::filesystem::path directory);
  ~StagedDirectory();
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  // Path under the staging folder for a relative name (parents created).
  std::filesystem::path Path(const std::filesystem::path& relative);
  void Write(const std::filesystem::path& relative, std::string_view content);
  void Commit();
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  std::filesystem::path staging_;
  std::vector<std::filesystem::path> files_;
  bool committed_ = false;
};

}  // namespace pioneer::core
