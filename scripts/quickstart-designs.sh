#!/usr/bin/env bash
# The designs that say when, for whom and against which schools, on the shipped multi-cohort
# panel (Data/synthetic/panel: six KS4 cohorts, 2007-2012, of 150 schools with staggered
# support spells): the event study, the disadvantage models (support x FSM) and the school-
# context controls in every model. Writes designs-report/ (report.md with the event-study
# figure, the disadvantage results and the context controls, each with what the design can
# and cannot show). Needs the release build (scripts/quickstart.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
out="${1:-designs-report}"
.build/release/schoolsupport evaluate \
    --pupils Data/synthetic/panel/pupils.csv --schools Data/synthetic/panel/schools.csv \
    --support Data/synthetic/panel/support.csv \
    --event-study --fsm-interaction --school-context --out "$out"
