#!/usr/bin/env bash
# Regression-to-the-mean study of the matched comparison: generates REPLICATIONS seeded
# multi-cohort panels (SyntheticPanel with SupportSelection: schools start support with a
# probability that rises as their mean capped score in the year before falls, and every
# school-year carries a transient shock, so low results are partly bad luck;
# Docs/synthetic-cohort.md, "Selection into support"), once with no effect of support and once
# with a full effect of 6 capped points (2.4 in the first year of support), and records for
# each replication the naive before/after change of the supported schools, the matched
# difference-in-differences and its bias-corrected version (`evaluate --matched`), then writes
# the mean of each against the truth, with its Monte Carlo SE, into Docs/evaluation.md between
# the rtm-study markers.
#
#   bash scripts/rtm-study.sh [REPLICATIONS] [PUPILS_A_YEAR] [SCHOOLS] [LAS] [CALIPER]
#
# Defaults: 200 replications of 8,000 pupils a year in 400 schools and 40 LAs, caliper 0.5.
# No model is fitted (the estimates come from school-year means), so a debug build is quick
# enough and is the default; CONFIGURATION=release uses a release build. UPDATE_DOCS=0 prints
# the table without writing it into Docs/evaluation.md (for a short smoke test). The study is
# single-threaded.
set -euo pipefail
cd "$(dirname "$0")/.."
replications="${1:-200}"
pupils="${2:-8000}"
schools="${3:-400}"
las="${4:-40}"
caliper="${5:-0.5}"
configuration="${CONFIGURATION:-debug}"
export OPENBLAS_NUM_THREADS=1
swift build -c "$configuration" --product schoolsupport
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
command=(".build/$configuration/schoolsupport" evaluate --matched --match-caliper "$caliper" --coverage-replications "$replications"
  --coverage-pupils "$pupils" --coverage-schools "$schools" --coverage-las "$las" --coverage-seed 1)
"${command[@]}" > "$table"
{ echo; echo "Command: \`bash scripts/rtm-study.sh $replications $pupils $schools $las $caliper\` (\`${command[*]:1}\`, $configuration build)."; } >> "$table"
cat "$table"
if [ "${UPDATE_DOCS:-1}" = "0" ]; then exit 0; fi
python3 - "$table" Docs/evaluation.md <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
path = sys.argv[2]
doc = open(path).read()
start, end = "<!-- rtm-study:start -->", "<!-- rtm-study:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{path}: rtm-study markers not found")
before, rest = doc.split(start, 1)
_, after = rest.split(end, 1)
open(path, "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "Updated Docs/evaluation.md"
