#!/usr/bin/env bash
# Coverage study of the event-study model: generates REPLICATIONS seeded multi-cohort panels
# (SyntheticPanel: 6 consecutive KS4 cohorts of the same schools, staggered support spells,
# true effects 40%, 70%, 100% of the full effect in event years 0, 1, 2+ and 60%, 30% one and
# two or more years after support ended; Docs/synthetic-cohort.md, "Several cohorts"), fits
# the event-study model of OUTCOME to each and writes, per event-time indicator, the mean
# estimate against the truth (with its Monte Carlo SE) and the coverage of the 95% intervals
# into Docs/evaluation.md between the event-coverage markers.
#
#   bash scripts/coverage-study-event.sh [REPLICATIONS] [PUPILS_A_YEAR] [SCHOOLS] [LAS] [OUTCOME]
#
# Defaults: 1000 replications of 4,000 pupils a year in 200 schools and 20 LAs, ks4_capped
# (also ks4_5ac_em or absence). CONFIGURATION=debug uses a debug build; UPDATE_DOCS=0 prints
# the table without writing it into Docs/evaluation.md (for a short smoke test).
set -euo pipefail
cd "$(dirname "$0")/.."
replications="${1:-1000}"
pupils="${2:-4000}"
schools="${3:-200}"
las="${4:-20}"
outcome="${5:-ks4_capped}"
configuration="${CONFIGURATION:-release}"
swift build -c "$configuration" --product schoolsupport
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
".build/$configuration/schoolsupport" evaluate --event-study --coverage-replications "$replications" \
  --coverage-pupils "$pupils" --coverage-schools "$schools" --coverage-las "$las" --coverage-seed 1 \
  --coverage-outcome "$outcome" > "$table"
cat "$table"
if [ "${UPDATE_DOCS:-1}" = "0" ]; then exit 0; fi
python3 - "$table" Docs/evaluation.md <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
doc = open(path).read()
start, end = "<!-- event-coverage:start -->", "<!-- event-coverage:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{path}: event-coverage markers not found")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "Updated Docs/evaluation.md"
