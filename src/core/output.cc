// Single-file outputs and temporary siblings (pioneer/core/output.h).
#include "pioneer/core/output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"

namespace fs = std::filesystem;

namespace pioneer::core {
namespace {

constexpr int kCreateAttempts = 100;

std::string RandomHex() {
  unsigned char bytes[8];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    throw Error(ErrorCode::kInternal, "getrandom failed");
  }
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

// ".NAME.pioneer-" : the prefix of every temporary sibling of `target`.
std::string SiblingPrefix(const fs::path& target) {
  return fmt::format(".{}.pioneer-", target.filename().string());
}

void WriteAll(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error(ErrorCode::kInternal,
                  fmt::format("{}: cannot write file: {}", path.string(), std::strerror(errno)));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

void WriteStdout(std::string_view content) {
  if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() ||
      std::fflush(stdout) != 0) {
    throw Error(ErrorCode::kInternal, "cannot write to standard output");
  }
}

// Whether a process of this id may still run (EPERM: it runs as another user).
bool ProcessAlive(long pid) {
  if (pid <= 0) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

// Folders created with kOutputFolderPerms (less the umask), parents first.
void CreateFolders(const fs::path& path);

// A new file beside `target` with an unpredictable name, opened for writing
// in `fd`; never follows or reuses an existing entry.
fs::path OpenTemporarySibling(const fs::path& target, fs::perms mode, int& fd);

}  // namespace

void CheckReplaceableFile(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // absent (or unreadable: open will say)
  const char* what = nullptr;
  if (S_ISLNK(st.st_mode)) {
    what =
        "is a symbolic link, which pioneer never replaces (name the file it points to; "
        "'-' writes to standard output)";
  } else if (S_ISDIR(st.st_mode)) {
    what = "is a folder, not a file";
  } else if (!S_ISREG(st.st_mode)) {
    what =
        "is a device or special file, which pioneer never replaces ('-' writes to standard "
        "output)";
  }
  if (what != nullptr) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path.string(), what));
  }
}

void RemoveStaleTemporaries(const fs::path& target) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = SiblingPrefix(target);
  std::error_code error;
  for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    // pioneer-tmp-PID-... or pioneer-staging-PID-...
    const std::size_t dash = name.find('-', prefix.size());
    if (dash == std::string::npos) continue;
    const long pid = std::atol(name.c_str() + dash + 1);
    if (pid == ::getpid() || ProcessAlive(pid)) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

fs::path CreateTemporarySibling(const fs::path& target, fs::perms mode) {
  int fd = -1;
  const fs::path path = OpenTemporarySibling(target, mode, fd);
  ::close(fd);
  return path;
}

void RenameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("{}: appeared while pioneer was writing it (another process?); "
                            "nothing was replaced",
                            to.string()));
  }
  throw Error(ErrorCode::kInternal,
              fmt::format("{}: cannot rename into place: {}", to.string(), std::strerror(errno)));
}

namespace {
fs::path OpenTemporarySibling(const fs::path& target, fs::perms mode, int& fd) {
  RemoveStaleTemporaries(target);
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    const fs::path path = target.parent_path() / fmt::format("{}tmp-{}-{}", SiblingPrefix(target),
                                                             ::getpid(), RandomHex());
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                static_cast<mode_t>(mode));
    if (fd >= 0) return path;
    if (errno != EEXIST) break;
  }
  throw Error(ErrorCode::kInternal, fmt::format("{}: cannot create a temporary file beside it: {}",
                                                target.string(), std::strerror(errno)));
}
}  // namespace

void WriteFileAtomically(const fs::path& path, std::string_view content, fs::perms mode) {
  if (path == "-") return WriteStdout(content);
  CheckReplaceableFile(path);
  CreateFolders(path.parent_path());
  int fd = -1;
  const fs::path temporary = OpenTemporarySibling(path, mode, fd);
  try {
    try {
      WriteAll(fd, content, path);
      if (::fsync(fd) != 0) throw Error(ErrorCode::kInternal, path.string() + ": fsync failed");
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    CrashPoint("file-written");
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
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  return bytes;
}

// ---- StagedDirectory ---------------------------------------------------

namespace {

void CreateFolders(const fs::path& path) {
  if (path.empty() || fs::is_directory(path)) return;
  CreateFolders(path.parent_path());
  if (::mkdir(path.c_str(), static_cast<mode_t>(kOutputFolderPerms)) != 0 && errno != EEXIST) {
    throw Error(ErrorCode::kInternal,
                fmt::format("{}: cannot create folder: {}", path.string(), std::strerror(errno)));
  }
}

// A hard link keeps the bytes without copying them; a copy where links are
// refused (another file system, protected_hardlinks).
void CarryFile(const fs::path& from, const fs::path& to) {
  if (::link(from.c_str(), to.c_str()) == 0) return;
  fs::copy_file(from, to);
  fs::permissions(to, fs::status(from).permissions());
}

// Copies into `to_root` what `from_root` holds under `relative` and the
// staging folder does not: the new output wins, the rest is kept.
void CarryOver(const fs::path& from_root, const fs::path& to_root, const fs::path& relative,
               const StagedDirectory::Discard& discard) {
  for (const fs::directory_entry& entry : fs::directory_iterator(from_root / relative)) {
    const fs::path rel = relative / entry.path().filename();
    const fs::path to = to_root / rel;
    const fs::file_status status = entry.symlink_status();
    if (discard && discard(rel)) continue;
    if (fs::is_directory(status)) {
      if (fs::exists(fs::symlink_status(to)) && !fs::is_directory(fs::symlink_status(to))) continue;
      if (!fs::exists(to)) {
        fs::create_directory(to);
        fs::permissions(to, status.permissions());
      }
      CarryOver(from_root, to_root, rel, discard);
    } else if (fs::exists(fs::symlink_status(to))) {
      continue;
    } else if (fs::is_symlink(status)) {
      fs::create_symlink(fs::read_symlink(entry.path()), to);
    } else if (fs::is_regular_file(status)) {
      CarryFile(entry.path(), to);
    } else {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("{}: a device or special file in the output folder; pioneer will "
                              "not replace a folder holding one",
                              entry.path().string()));
    }
  }
}

// The folder as an absolute path without a trailing "." or "/", so that
// its staging sibling is beside it, not inside it.
fs::path NormalFolder(const fs::path& directory) {
  if (directory == "-") {
    throw Error(ErrorCode::kInvalidArgument, "'-' (standard output) cannot take a folder of files");
  }
  fs::path folder = fs::absolute(directory).lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();
  if (folder == folder.root_path()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: not an output folder", directory.string()));
  }
  const fs::file_status status = fs::symlink_status(folder);
  if (fs::is_symlink(status)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: is a symbolic link, which pioneer never replaces (name the "
                            "folder it points to)",
                            directory.string()));
  }
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: exists and is not a folder", directory.string()));
  }
  return folder;
}

void Exchange(const fs::path& staging, const fs::path& directory) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, directory.c_str(), RENAME_EXCHANGE) == 0) {
    return;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    throw Error(ErrorCode::kInternal, fmt::format("{}: cannot replace the folder: {}",
                                                  directory.string(), std::strerror(errno)));
  }
  // A file system without RENAME_EXCHANGE: two renames. A reader may find
  // no folder for an instant, never a mix.
  const fs::path old = staging.string() + "-old";
  fs::rename(directory, old);
  fs::rename(staging, directory);
  fs::rename(old, staging);
}

}  // namespace

StagedDirectory::StagedDirectory(fs::path directory) : directory_(NormalFolder(directory)) {
  CreateFolders(directory_.parent_path());
  RemoveStaleTemporaries(directory_);
  for (int attempt = 0; attempt < kCreateAttempts && staging_.empty(); ++attempt) {
    const fs::path path =
        directory_.parent_path() /
        fmt::format("{}staging-{}-{}", SiblingPrefix(directory_), ::getpid(), RandomHex());
    if (::mkdir(path.c_str(), static_cast<mode_t>(kOutputFolderPerms)) == 0) {
      staging_ = path;
    } else if (errno != EEXIST) {
      break;
    }
  }
  if (staging_.empty()) {
    throw Error(ErrorCode::kInternal,
                fmt::format("{}: cannot create a staging folder beside it: {}", directory_.string(),
                            std::strerror(errno)));
  }
}

StagedDirectory::~StagedDirectory() {
  std::error_code ignored;
  if (!committed_) fs::remove_all(staging_, ignored);
}

fs::path StagedDirectory::Path(const fs::path& relative) {
  if (relative.is_absolute() || relative.lexically_normal().string().starts_with("..")) {
    throw Error(ErrorCode::kInternal,
                fmt::format("{}: an output name must stay inside its folder", relative.string()));
  }
  const fs::path full = staging_ / relative;
  CreateFolders(full.parent_path());
  return full;
}

void StagedDirectory::Write(const fs::path& relative, std::string_view content, fs::perms mode) {
  const fs::path path = Path(relative);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        static_cast<mode_t>(mode));
  if (fd < 0) {
    throw Error(ErrorCode::kInternal,
                fmt::format("{}: cannot create: {}", path.string(), std::strerror(errno)));
  }
  try {
    WriteAll(fd, content, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  CrashPoint("staged-write");
}

void StagedDirectory::Commit(const Discard& discard) {
  const fs::file_status old = fs::symlink_status(directory_);
  if (!fs::exists(old)) {
    CrashPoint("staged-publish");
    RenameNoReplace(staging_, directory_);
    committed_ = true;
    return;
  }
  if (!fs::is_directory(old)) NormalFolder(directory_);  // throws the reason
  CarryOver(directory_, staging_, {}, discard);
  fs::permissions(staging_, old.permissions());
  CrashPoint("staged-publish");
  Exchange(staging_, directory_);
  committed_ = true;
  CrashPoint("staged-exchanged");
  // staging_ now names the replaced folder.
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

}  // namespace pioneer::core
