#!/usr/bin/env bash
# Opens the demo report in headless Chromium, as a user would, and checks that
# every chart rendered (body[data-render-status="ok"]), that the page recorded
# no error (no body[data-errors]: window.onerror, unhandled rejections and
# console.error are collected there) and that Chromium logged no uncaught
# error or Vega warning on the console. Also saves a screenshot for people
# to look at. Exit 77 (CTest SKIP_RETURN_CODE) only when Chromium is absent.
#
# usage: report_in_chromium.sh PIONEER_BINARY [SCREENSHOT.png]
set -euo pipefail
pioneer=$1
screenshot=${2:-}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pioneer" demo --out "$work/demo" --patients 60 --seed 11 >"$work/demo.log"
report="$work/demo/report.html"
[ -s "$report" ] || { echo "FAIL: no report at $report"; cat "$work/demo.log"; exit 1; }

# No network: Chromium's background services are off and the page must need none.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile" --virtual-time-budget=10000)
"$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$report" \
  >"$work/dom.html" 2>"$work/chromium.log" || true

status=0
if ! grep -q 'data-render-status="ok"' "$work/dom.html"; then
  echo "FAIL: charts did not all render: $(grep -o 'data-render-status="[a-z]*"' "$work/dom.html" || echo 'no status (page did not load)')"
  status=1
fi
if grep -q 'data-errors=' "$work/dom.html"; then
  echo "FAIL: the page recorded errors: $(grep -o 'data-errors="[^"]*"' "$work/dom.html")"
  status=1
fi
# Console lines: any console.error or uncaught exception, and Vega's own
# warnings (a warning means a chart is not drawn as specified).
if grep -E 'CONSOLE' "$work/chromium.log" | grep -E 'ERROR:CONSOLE|Uncaught|"(WARN|ERROR) ' >"$work/console.txt"; then
  echo "FAIL: console errors or warnings:"
  cat "$work/console.txt"
  status=1
fi

if [ -n "$screenshot" ]; then
  "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$screenshot" "file://$report" >/dev/null 2>&1 || true
  if [ ! -s "$screenshot" ]; then
    echo "FAIL: no screenshot written"
    status=1
  else
    echo "screenshot: $screenshot"
  fi
fi
[ "$status" -eq 0 ] && echo "OK: report rendered in Chromium without errors"
exit "$status"
