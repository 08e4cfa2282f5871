#include "pioneer/io/read_table.h"

#include <cctype>

#include "pioneer/io/delimited.h"
#include "pioneer/io/xpt.h"

namespace pioneer::io {

core::Table ReadTableFile(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".xpt") return ReadXpt(path);
  if (extension == ".sas7bdat") return ReadSas7bdat(path);
  return ReadDelimited(path);
}

}  // namespace pioneer::io
