#!/usr/bin/env bash
# Renders an evaluation report page (report.html, written by `schoolsupport evaluate`) to PNG
# screenshots with headless Chromium, to check by eye that the page shows the caveat, the
# results table and the forest plot: one at desktop width and one at phone width.
#
# Usage: scripts/render-report.sh [REPORT.html] [OUT-PREFIX]
#   REPORT.html  default evaluation-report/report.html (the quick start's output)
#   OUT-PREFIX   default REPORT's directory/report; writes PREFIX-desktop.png and PREFIX-phone.png
#
# Needs Debian's chromium (`apt-get install -y chromium`), which is not a build or test
# dependency of the package. Chromium is run with --no-sandbox because it runs as root here,
# and with networking switched off for the page, so a screenshot that shows everything also
# shows that the page needs nothing from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-evaluation-report/report.html}
[[ -f $page ]] || { echo "no such page: $page (run scripts/quickstart.sh or schoolsupport evaluate first)" >&2; exit 66; }
prefix=${2:-$(dirname "$page")/report}
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || { echo "chromium not found: apt-get install -y chromium" >&2; exit 69; }
url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
shoot() { # name, width, height
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --proxy-server="127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
    --window-size="$2,$3" --screenshot="$prefix-$1.png" "$url" 2> "$prefix-$1.log" ||
    { cat "$prefix-$1.log" >&2; exit 1; }
  rm -f "$prefix-$1.log"
  echo "wrote $prefix-$1.png (${2}x$3)"
}
shoot desktop 1280 4000
shoot phone 412 3000
