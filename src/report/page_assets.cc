#include "page_assets.h"

namespace pioneer::report {

std::string_view PageCss() {
  return R"css(
:root{--ink:#1d2733;--muted:#5b6875;--rule:#c9d1da;--soft:#eef2f6;--accent:#0f4c81;--band:#0b2a4a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f6f9;color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
.wrap{max-width:1120px;margin:0 auto;padding:0 28px}
.masthead{background:var(--band);color:#fff;padding:30px 0 26px}
.masthead h1{margin:0;font-size:28px;font-weight:650;letter-spacing:-.01em}
.masthead .subtitle{margin:6px 0 0;color:#c8d6e5;font-size:15px}
.facts{display:flex;flex-wrap:wrap;gap:10px;margin:20px 0 0;padding:0}
.facts div{background:rgba(255,255,255,.09);border:1px solid rgba(255,255,255,.16);border-radius:6px;padding:8px 14px;min-width:120px}
.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#a9bdd3}
.facts dd{margin:2px 0 0;font-size:17px;font-weight:600;font-variant-numeric:tabular-nums}
main{padding-top:22px;padding-bottom:24px}
.toc{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:10px 18px;margin-bottom:18px}
.toc ol{margin:0;padding-left:20px;display:flex;flex-wrap:wrap;gap:4px 32px}
.toc a{color:var(--accent);text-decoration:none}
.toc a:hover{text-decoration:underline}
section{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:22px 28px 24px;margin-bottom:20px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
h2{margin:0 0 4px;font-size:20px;font-weight:650;color:var(--band)}
.lead{margin:0 0 14px;color:var(--muted)}
p{margin:10px 0;max-width:80ch}
.note{border-left:3px solid #d99a1e;background:#fdf7ea;padding:8px 12px;border-radius:0 4px 4px 0;max-width:none}
.table-wrap{overflow-x:auto;margin:8px 0 4px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:14px}
caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 8px;color:var(--ink)}
thead th{border-top:2px solid var(--ink);border-bottom:1px solid var(--ink);padding:7px 10px;text-align:right;font-weight:600;vertical-align:bottom;white-space:pre-line;line-height:1.35}
thead th:first-child{text-align:left}
tbody th,tbody td{padding:4px 10px;border-bottom:1px solid var(--soft)}
tbody th{text-align:left;font-weight:400}
tbody td{text-align:right;white-space:nowrap}
tbody tr:last-child th,tbody tr:last-child td{border-bottom:2px solid var(--ink)}
tbody tr.group th{font-weight:600;padding-top:10px}
tbody tr.group td{padding-top:10px}
tbody tr.level th{padding-left:28px}
tbody tr:hover{background:#f7f9fc}
.footnote{font-size:12.5px;color:var(--muted);margin:6px 0 0;max-width:none}
figure.chart{margin:12px 0 0}
.chart-body{width:100%;overflow-x:auto}
figcaption{font-size:13px;color:var(--muted);margin-top:6px}
footer{color:var(--muted);font-size:12.5px;padding:4px 0 28px}
@media print{body{background:#fff}section{box-shadow:none;border:none;padding:0;break-inside:avoid-page}
.masthead{background:#fff;color:var(--ink);border-bottom:2px solid var(--ink)}.masthead .subtitle,.facts dt{color:var(--muted)}
.facts div{border-color:var(--rule)}.toc,.vega-embed details{display:none}}
)css";
}

std::string_view ErrorCaptureScript() {
  return R"js(
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.body.dataset.errors = JSON.stringify(errors);
  }
  window.pioneerRecordError = record;
  window.addEventListener('error', function (e) {
    record(e.message ? e.message + ' (' + (e.filename || 'inline') + ':' + e.lineno + ')' : 'resource failed to load');
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    record('unhandled rejection: ' + (r && r.message ? r.message : r));
  });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
})();
)js";
}

// Vega-Lite config shared by every chart: the page's font and colours, a
// colour-blind-safe categorical palette (Tableau 10).
std::string_view RenderChartsScript() {
  return R"js(
(function () {
  var config = {
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    axis: {labelColor: '#1d2733', titleColor: '#1d2733', gridColor: '#e6ebf0', domainColor: '#8a97a5', tickColor: '#8a97a5', labelFontSize: 12, titleFontSize: 12.5, titleFontWeight: 600},
    legend: {labelFontSize: 12, titleFontSize: 12.5, titleFontWeight: 600},
    header: {labelFontSize: 13, labelFontWeight: 600, titleFontSize: 13},
    title: {fontSize: 14, fontWeight: 600, anchor: 'start', color: '#1d2733'},
    view: {stroke: null},
    range: {category: {scheme: 'tableau10'}}
  };
  var options = {renderer: 'svg', config: config,
    actions: {export: true, source: false, compiled: false, editor: false}};
  var jobs = [];
  try {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
      jobs.push(vegaEmbed(el, spec, options));
    });
  } catch (e) {
    jobs.push(Promise.reject(e));
  }
  Promise.all(jobs).then(function () {
    document.body.dataset.renderStatus = 'ok';
  }, function (e) {
    document.body.dataset.renderStatus = 'error';
    window.pioneerRecordError('chart failed: ' + (e && e.message ? e.message : e));
  });
})();
)js";
}

}  // namespace pioneer::report
