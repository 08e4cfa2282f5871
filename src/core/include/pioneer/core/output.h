// File: pioneer/core/output.h
// Nothing half-written (docs/ARCHITECTURE.md): a file is written to an
// unpredictable temporary sibling (O_CREAT|O_EXCL|O_NOFOLLOW) and renamed
// into place when complete; a folder is built in a staging sibling and
// published with one atomic directory rename (renameat2 RENAME_EXCHANGE when
// it replaces an existing folder). Outputs never replace a symbolic link, a
// device or another special file; "-" names standard output. Files are
// created 0640 and folders 0750, less what the umask removes; key files 0600.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace pioneer::core {

// Modes of created outputs (the umask still applies).
inline constexpr std::filesystem::perms kOutputFilePerms = std::filesystem::perms::owner_read |
                                                           std::filesystem::perms::owner_write |
                                                           std::filesystem::perms::group_read;
inline constexpr std::filesystem::perms kOutputFolderPerms = std::filesystem::perms::owner_all |
                                                             std::filesystem::perms::group_read |
                                                             std::filesystem::perms::group_exec;
inline constexpr std::filesystem::perms kSecretFilePerms =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;

// Writes `content` to `path` atomically (temporary sibling + rename), or to
// standard output when `path` is "-". Error(kInvalidArgument) if `path` is a
// symbolic link, a folder, a device or another special file.
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms mode = kOutputFilePerms);

// Reads a whole file; throws Error(kNotFound) naming the path.
std::string ReadFile(const std::filesystem::path& path);

// Error(kInvalidArgument) unless `path` is absent or a regular file (not a
// symbolic link, folder, device, FIFO or socket): what an output may replace.
void CheckReplaceableFile(const std::filesystem::path& path);

// Creates an empty file with a fresh unpredictable name beside `target`
// (".NAME.pioneer-tmp-PID-RANDOM", O_CREAT|O_EXCL|O_NOFOLLOW, `mode`) and
// returns its path. Leftovers of dead processes beside `target` are removed
// first (RemoveStaleTemporaries).
std::filesystem::path CreateTemporarySibling(const std::filesystem::path& target,
                                             std::filesystem::perms mode);

// Removes the temporary and staging siblings of `target` (files and folders
// named ".NAME.pioneer-tmp-PID-..." or ".NAME.pioneer-staging-PID-...") whose
// process PID no longer runs: what a killed writer left behind.
void RemoveStaleTemporaries(const std::filesystem::path& target);

// Renames `from` to `to` only if `to` does not exist (renameat2
// RENAME_NOREPLACE); Error(kFailedPrecondition) if it appeared meanwhile.
void RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to);

// Builds a folder in a hidden staging sibling of `directory` and publishes
// it with Commit(): one atomic rename, or an atomic exchange with the folder
// it replaces, whose old copy is then removed. A reader sees the old folder
// or the new one, never a mix. Entries of the replaced folder that the new
// one does not hold are carried over (hard links), unless `discard` says
// they belong to the output being replaced. Destruction without Commit()
// removes the staging folder.
class StagedDirectory {
 public:
  // Relative path inside the folder -> true to drop it from the old folder.
  using Discard = std::function<bool(const std::filesystem::path& relative)>;

  explicit StagedDirectory(std::filesystem::path directory);
  ~StagedDirectory();
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  // Path under the staging folder for a relative name (parents created).
  std::filesystem::path Path(const std::filesystem::path& relative);
  void Write(const std::filesystem::path& relative, std::string_view content,
             std::filesystem::perms mode = kOutputFilePerms);
  void Commit(const Discard& discard = {});
  // The folder being published (absolute) and where it is being built.
  const std::filesystem::path& directory() const { return directory_; }
  const std::filesystem::path& staging() const { return staging_; }

 private:
  std::filesystem::path directory_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace pioneer::core
