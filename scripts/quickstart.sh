#!/usr/bin/env bash
# Set-up and main job: installs what is missing, builds in release mode and fits the
# random-intercept model of the shipped Exam data (inner-London GCSE scores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
swift build -c release --product schoolsupport
.build/release/schoolsupport fit --data Data/Exam.csv \
  --formula "normexam ~ standLRT + sex + schgend + (1 | school)"
