#!/usr/bin/env bash
# Coverage study of the disadvantage (support x FSM) model: generates REPLICATIONS seeded
# synthetic cohorts with the FSM-specific support effects of
# NationalCohortSpecification.withDisadvantageEffects() (Docs/synthetic-cohort.md), fits the
# evaluation's FSM-interaction model of OUTCOME to each (two levels, as `schoolsupport
# evaluate --fsm-interaction` fits it) and writes the coverage of the 95% intervals of the
# effect for other pupils, for FSM pupils and of the change in the gap, with the mean estimates
# against the truth, into Docs/evaluation.md between the fsm-coverage markers.
#
#   bash scripts/coverage-study-fsm.sh [REPLICATIONS] [OUTCOME] [PUPILS] [SCHOOLS] [LAS] [FIRST_SEED]
#
# Defaults: 1000 replications of the KS4 capped score, 6,000 pupils in 120 schools and 24 LAs,
# seeds from 1; about 100 s in release mode. OUTCOME may also be ks4_5ac_em or absence (slower).
set -euo pipefail
cd "$(dirname "$0")/.."
replications="${1:-1000}"
outcome="${2:-ks4_capped}"
pupils="${3:-6000}"
schools="${4:-120}"
las="${5:-24}"
seed="${6:-1}"
swift build -c release --product schoolsupport
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
OPENBLAS_NUM_THREADS=1 .build/release/schoolsupport evaluate --fsm-interaction --coverage-outcome "$outcome" \
  --coverage-replications "$replications" --coverage-pupils "$pupils" --coverage-schools "$schools" \
  --coverage-las "$las" --coverage-seed "$seed" > "$table"
cat "$table"
python3 - "$table" Docs/evaluation.md <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
doc = open(path).read()
start, end = "<!-- fsm-coverage:start -->", "<!-- fsm-coverage:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{path}: fsm-coverage markers not found")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "Updated Docs/evaluation.md"
