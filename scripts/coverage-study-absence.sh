#!/usr/bin/env bash
# Coverage study of the absence models: generates REPLICATIONS seeded synthetic cohorts (seeds
# FIRST_SEED, FIRST_SEED + 1, ...), fits the default total- and unauthorised-absence category
# models (binomial with (1 | school) + (1 | pupil), two levels, as `schoolsupport evaluate`
# fits them) to each, and writes the coverage of the 95% intervals and the mean estimates
# against the truth (with Monte Carlo SEs) into Docs/evaluation.md between the
# absence-coverage markers. The two outcomes run side by side, one per core.
#
#   bash scripts/coverage-study-absence.sh [REPLICATIONS] [PUPILS] [SCHOOLS] [LAS] [FIRST_SEED]
#
# Defaults: 1000 replications of 6,000 pupils in 120 schools and 24 LAs, seeds from 1; about
# 2.8 s a replication and outcome in release mode on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
replications="${1:-1000}"
pupils="${2:-6000}"
schools="${3:-120}"
las="${4:-24}"
seed="${5:-1}"
swift build -c release --product schoolsupport
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pids=()
for outcome in absence unauthorised; do
  OPENBLAS_NUM_THREADS=1 .build/release/schoolsupport evaluate --coverage-outcome "$outcome" \
    --coverage-replications "$replications" --coverage-pupils "$pupils" --coverage-schools "$schools" \
    --coverage-las "$las" --coverage-seed "$seed" > "$work/$outcome.md" &
  pids+=("$!")
done
for pid in "${pids[@]}"; do wait "$pid"; done
cat "$work/absence.md" "$work/unauthorised.md" | tee "$work/both.md"
python3 - "$work/both.md" Docs/evaluation.md <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
doc = open(path).read()
start, end = "<!-- absence-coverage:start -->", "<!-- absence-coverage:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{path}: absence-coverage markers not found")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "Updated Docs/evaluation.md"
