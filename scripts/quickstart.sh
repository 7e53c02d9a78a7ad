#!/usr/bin/env bash
# Set-up and main job: installs what is missing, builds in release mode and runs the whole
# evaluation (five outcome models by area and phase, cross-LA and dose models) on the shipped
# synthetic data set (Data/synthetic). Prints the results table and writes the Markdown report
# with its two figures, the CSV and the JSON to evaluation-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
swift build -c release --product schoolsupport
.build/release/schoolsupport evaluate --out evaluation-report
