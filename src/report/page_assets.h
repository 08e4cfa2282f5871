// Private: the CSS and the two small scripts of every report page.
#pragma once

#include <string_view>

namespace pioneer::report {

// Inline style sheet: readable on screen and in print (steering-committee use).
std::string_view PageCss();
// First script of <body>: collects errors into body[data-errors].
std::string_view ErrorCaptureScript();
// Last script: renders every chart with vega-embed and sets
// body[data-render-status].
std::string_view RenderChartsScript();

}  // namespace pioneer::report
