#!/usr/bin/env bash
# Times the whole evaluation (read, validate, five outcome models) on the national-size
# synthetic KS4 cohort (600,000 pupils, 3,200 schools, 160 LAs, seed 2010) in release mode.
#
#   bash scripts/national-evaluation.sh [extra evaluate options, e.g. --fast or --no-areas]
#
# COHORTS=5 times the same on five cohorts of those schools (3,000,000 pupil-rows; the files of
# `generate --pupils 600000 --schools 3200 --panel 5`), e.g. the event study of Docs/benchmarks.md:
#
#   COHORTS=5 bash scripts/national-evaluation.sh --event-study
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product schoolsupport
cohorts="${COHORTS:-1}"
if [ "$cohorts" = 1 ]; then
  dir="${TMPDIR:-/tmp}/schoolsupport-national"
  panel=()
else
  dir="${TMPDIR:-/tmp}/schoolsupport-national-$cohorts-cohorts"
  panel=(--pupils 600000 --schools 3200 --panel "$cohorts")
fi
mkdir -p "$dir"
[ -f "$dir/pupils.csv" ] || .build/release/schoolsupport generate "${panel[@]}" --files "$dir"
/usr/bin/time -v .build/release/schoolsupport evaluate --pupils "$dir/pupils.csv" --schools "$dir/schools.csv" \
  --support "$dir/support.csv" --out "$dir/report" "$@" > "$dir/table.txt" 2> "$dir/progress.txt" || { cat "$dir/progress.txt"; exit 1; }
grep -E "fitting|fitted|skipped|failed|wrote|Elapsed|Maximum resident" "$dir/progress.txt"
