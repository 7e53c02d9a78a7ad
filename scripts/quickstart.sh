#!/usr/bin/env bash
# Set-up and main job: installs what is missing, builds in release mode and runs the whole
# evaluation (five outcome models by area and phase, cross-LA and dose models) on the shipped
# synthetic data set (Data/synthetic). Prints the results table and writes to evaluation-report/
# the Markdown report (with the programme records: Ofsted transitions, deployments and
# recorded costs in real terms, which also set the value-for-money costs) and the same report as one self-contained page (report.html), the two
# figures, the CSV, the JSON and the design used (design.json; rerun it with
# `schoolsupport evaluate --design-file evaluation-report/design.json`). Then runs the designs
# on the shipped multi-cohort panel (scripts/quickstart-designs.sh: event study, support x FSM,
# school context, matched comparison) into designs-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
swift build -c release --product schoolsupport
.build/release/schoolsupport evaluate --ofsted Data/synthetic/ofsted.csv --deflator Data/synthetic/deflator.csv \
    --out evaluation-report
bash scripts/quickstart-designs.sh designs-report
