#!/usr/bin/env bash
# Coverage study of the evaluation design: generates REPLICATIONS seeded synthetic cohorts with
# known support effects, fits the KS4 capped-score category model (three levels, the
# generator's true structure) to each, and writes the coverage of the 95% intervals and the
# mean estimates against the truth (with Monte Carlo SEs) into Docs/evaluation.md between the
# coverage-study markers.
#
#   bash scripts/coverage-study.sh [REPLICATIONS] [PUPILS] [SCHOOLS] [LAS]
#
# Defaults: 1000 replications of 10,000 pupils in 400 schools and 40 LAs.
set -euo pipefail
cd "$(dirname "$0")/.."
replications="${1:-1000}"
pupils="${2:-10000}"
schools="${3:-400}"
las="${4:-40}"
swift build -c release --product schoolsupport
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
.build/release/schoolsupport evaluate --three-level --coverage-replications "$replications" \
  --coverage-pupils "$pupils" --coverage-schools "$schools" --coverage-las "$las" --coverage-seed 1 > "$table"
cat "$table"
python3 - "$table" Docs/evaluation.md <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
doc = open(path).read()
start, end = "<!-- coverage-study:start -->", "<!-- coverage-study:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{path}: coverage-study markers not found")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "Updated Docs/evaluation.md"
