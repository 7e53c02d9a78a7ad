#!/usr/bin/env bash
# Runs every subcommand on the shipped data and writes what each prints to DIR, so that a
# change can be checked for unchanged output with `diff -r BEFORE AFTER`. Wall-clock fields
# (fit_seconds, seconds, timing, the provenance's start date) are replaced by a placeholder because they change every run.
# Usage: scripts/snapshot-outputs.sh DIR [BINARY]
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: snapshot-outputs.sh DIR [BINARY]}
bin=${2:-.build/release/schoolsupport}
mkdir -p "$out"
out=$(cd "$out" && pwd)
run() { # name, then the command's arguments
  local name=$1; shift
  "$bin" "$@" > "$out/$name.out" 2> "$out/$name.err"
  echo "exit $?" >> "$out/$name.out"
}
run fit-exam fit --data Data/Exam.csv --formula "normexam ~ standLRT + sex + schgend + (1 | school)"
run fit-exam-json fit --data Data/Exam.csv --formula "normexam ~ standLRT + sex + schgend + (1 | school)" --json --ranef
run fit-exam-ml fit --data Data/Exam.csv --formula "normexam ~ standLRT + (standLRT | school)" --ml --reference sex=M
run fit-sleep fit --data Data/sleepstudy.csv --formula "Reaction ~ Days + (Days || Subject)" --json
run fit-penicillin fit --data Data/Penicillin.csv --formula "diameter ~ 1 + (1 | plate) + (1 | sample)"
run fit-weighted fit --data Data/validation/sleepstudy-weighted.csv --formula "Reaction ~ Days + (Days | Subject)" --weights w --json
run fit-cbpp fit --data Data/cbpp.csv --family binomial --formula "cbind(incidence, healthy) ~ factor(period) + (1 | herd)"
run fit-cbpp-json fit --data Data/cbpp.csv --family binomial --formula "cbind(incidence, healthy) ~ factor(period) + (1 | herd)" --json --ranef
run fit-cbpp-agq fit --data Data/cbpp.csv --family binomial --nagq 25 --formula "cbind(incidence, healthy) ~ factor(period) + (1 | herd)" --json
run fit-grouse fit --data Data/grouseticks.csv --family poisson --formula "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | LOCATION)"
run fit-grouse-json fit --data Data/grouseticks.csv --family poisson --formula "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | LOCATION)" --json
run fit-contra fit --data Data/Contraception.csv --family binomial --link probit --formula "use ~ age + urban + (1 | district)" --json
run fit-bad fit --data Data/Exam.csv --formula "normexam ~ nosuch + (1 | school)"
run compare compare --data Data/Exam.csv --formula "normexam ~ standLRT + (1 | school)" --formula "normexam ~ standLRT + sex + (1 | school)"
run compare-json compare --data Data/Exam.csv --formula "normexam ~ standLRT + (1 | school)" --formula "normexam ~ standLRT + sex + (1 | school)" --json
run evaluate evaluate --out "$out/evaluation-report" --quiet
run evaluate-json evaluate --out "$out/evaluation-report-json" --json --quiet --outcomes ks4_capped absence
run trends trends
run trends-json trends --json
run trends-csv trends --csv --schools-csv "$out/trends-schools.csv" --svg "$out/trends.svg"
run trends-md trends --markdown --measure ks2-level4
run breakeven breakeven --cost 100000 --pupils 1000 --outcome ks4-capped --effect 0.5 --se 0.2
run breakeven-json breakeven --cost 100000 --pupils 1000 --outcome ks4-capped --effect 0.5 --se 0.2 --json
run breakeven-md breakeven --cost 100000 --pupils 1000 --outcome ks2-scaled --effect 0.8 --se 0.3 --markdown --svg "$out/tornado.svg"
run breakeven-zero breakeven --cost 100000 --pupils 1000 --outcome absence-sessions --effect 0 --se 0.1 --value-per-unit 40 --json
run generate generate --pupils 2000 --schools 40 --las 4 --out "$out/generated.csv"
mkdir -p "$out/generated"
run generate-files generate --pupils 2000 --schools 40 --las 4 --ks2-pupils 1000 --primary-schools 30 --files "$out/generated"
run coverage evaluate --coverage-replications 3 --coverage-pupils 2000 --coverage-schools 80 --coverage-las 8 --quiet
# Wall-clock fields (and the start date in the provenance) differ between runs.
find "$out" -type f \( -name '*.out' -o -name '*.json' -o -name '*.md' -o -name '*.err' \) -print0 |
  xargs -0 sed -i -E "s#$out#OUT#g; "'s/("(fit_seconds|seconds|elapsed_seconds)" ?: ?)[-0-9.e+]+/\1T/g; s/([0-9]+(\.[0-9]+)?) ?(s|seconds)\b/T s/g; s/("started" ?: ?)"[^"]*"/\1"T"/g; s/^Started [0-9T:Z-]+ /Started T /'
echo "wrote $out"
