// File: pioneer/report/assets.h
// The JavaScript embedded into the library at build time (Vega, Vega-Lite,
// vega-embed UMD bundles from node_modules, pinned by package-lock.json), so
// that a report renders its charts without a network.
#pragma once

#include <string_view>
#include <vector>

namespace pioneer::report {

struct JsBundle {
  std::string_view name;     // npm package, e.g. "vega-lite"
  std::string_view version;  // from its package.json
  std::string_view sha256;   // of `code`, hex
  std::string_view code;     // the minified UMD bundle
};

// In load order: vega, vega-lite, vega-embed.
const std::vector<JsBundle>& JsBundles();

}  // namespace pioneer::report
