#!/usr/bin/env bash
# Times the national KS4 models in R's lme4 and in `schoolsupport fit`, on the same CSV files
# and formulas, and prints a table of fit times, peak memory, log-likelihoods and the ratio
# lme4 / ours. See Docs/benchmarks.md for what each number includes.
#
# Usage: scripts/benchmark-vs-lme4.sh [options]
#   --out DIR            working directory for the data and results (default /tmp/schoolsupport-vs-lme4);
#                        results already there are kept and shown in the table
#   --models "M ..."     models to run (default "capped 5ac_school 5ac absence_school"):
#                          capped          LMM ks4_capped ~ <controls> + (1|la) + (1|school), REML
#                          5ac_school      Bernoulli GLMM ks4_5ac_em ~ <controls> + (1|school)
#                          5ac             Bernoulli GLMM ks4_5ac_em ~ <controls> + (1|la) + (1|school)
#                          absence_school  binomial GLMM cbind(sessions_absent, sessions_possible -
#                                          sessions_absent) ~ <controls> + (1|school)
#   --sizes "S ..."      data sets (default "20000 100000 national"): a number N means the first
#                        whole schools of the national file holding at least N pupils
#   --national-glmm      also fit the generalised models at national size (glmer may take hours)
#   --r-timeout S        time limit for each Rscript run, seconds (default 1800)
#   --national-glmm-timeout S   time limit for a national glmer run (default 7200)
#   --runs N             runs of each fit, median reported (default 3 for the LMM, 1 for a GLMM;
#                        ours is run N times as separate processes, lme4 N times in one process)
#   --only ours|r        run only our fits or only lme4's (the other side's results are kept)
#   --table-only         print the table from the results already in --out and stop
#   --skip-build         use the release binary already built
# Environment: PUPILS, SCHOOLS, LAS, SEED change the generated cohort (defaults: the national
# specification, 600000 / 3200 / 160 / 2010).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=/tmp/schoolsupport-vs-lme4
models="capped 5ac_school 5ac absence_school"
sizes="20000 100000 national"
national_glmm=0
r_timeout=1800
national_glmm_timeout=7200
runs=""
table_only=0
skip_build=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --national-glmm) national_glmm=1; shift ;;
    --r-timeout) r_timeout="$2"; shift 2 ;;
    --national-glmm-timeout) national_glmm_timeout="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --table-only) table_only=1; shift ;;
    --skip-build) skip_build=1; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out/results"

controls="ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support"
formula_for() {
  case "$1" in
    capped) echo "ks4_capped ~ $controls + (1|la) + (1|school)" ;;
    5ac_school) echo "ks4_5ac_em ~ $controls + (1|school)" ;;
    5ac) echo "ks4_5ac_em ~ $controls + (1|la) + (1|school)" ;;
    absence_school) echo "cbind(sessions_absent, sessions_possible - sessions_absent) ~ $controls + (1|school)" ;;
    *) echo "unknown model '$1'" >&2; exit 2 ;;
  esac
}

print_table() {
  python3 - "$out/results" <<'PY'
import json, os, re, sys
d = sys.argv[1]
order = {"capped": 0, "5ac_school": 1, "5ac": 2, "absence_school": 3}
def size_key(s): return 10**9 if s == "national" else int(s)
runs = {}
for f in os.listdir(d):
    m = re.match(r"(.+)__(.+)__(r|ours)\.json$", f)
    if m: runs.setdefault((m.group(1), m.group(2)), {})[m.group(3)] = json.load(open(os.path.join(d, f)))
def num(x, fmt):
    return fmt.format(x) if isinstance(x, (int, float)) else "-"
rows = []
hdr = ["model", "data", "rows", "lme4 fit s", "ours fit s", "ratio", "lme4 fit CPU s", "ours CPU s", "CPU ratio",
       "lme4 cmd s", "ours cmd s",
       "lme4 peak MB", "ours peak MB", "lme4 logLik", "ours logLik", "diff"]
for (model, size) in sorted(runs, key=lambda k: (order.get(k[0], 9), size_key(k[1]))):
    r = runs[(model, size)].get("r", {}); o = runs[(model, size)].get("ours", {})
    rf, of = r.get("fit_seconds"), o.get("fit_seconds")
    ratio = rf / of if isinstance(rf, (int, float)) and isinstance(of, (int, float)) and of > 0 else None
    rc, oc = r.get("cpu_seconds"), o.get("cpu_seconds")
    cratio = rc / oc if isinstance(rc, (int, float)) and isinstance(oc, (int, float)) and oc > 0 else None
    rl, ol = r.get("logLik"), o.get("logLik")
    diff = ol - rl if isinstance(rl, (int, float)) and isinstance(ol, (int, float)) else None
    rfit = num(rf, "{:.2f}") if r.get("status", "ok") == "ok" else r.get("status", "-")
    # Rscript runs all its fits in one process: its whole-command time for a single fit is
    # the command's wall time less the extra fits.
    rwall = r.get("wall_seconds")
    if isinstance(rwall, (int, float)) and r.get("fit_seconds_all") and r.get("status", "ok") == "ok":
        rwall = rwall - sum(r["fit_seconds_all"]) + rf
    rows.append([model, size, str(o.get("rows") or r.get("rows") or "-"), rfit, num(of, "{:.3f}"),
                 num(ratio, "{:.1f}x"), num(rc, "{:.2f}"), num(oc, "{:.2f}"), num(cratio, "{:.1f}x"), num(rwall, "{:.1f}"), num(o.get("wall_seconds"), "{:.2f}"),
                 num(r.get("peak_mb"), "{:.0f}"), num(o.get("peak_mb"), "{:.0f}"),
                 num(rl, "{:.2f}"), num(ol, "{:.2f}"), num(diff, "{:+.2g}")])
print("| " + " | ".join(hdr) + " |")
print("|" + "|".join("---" for _ in hdr) + "|")
for row in rows: print("| " + " | ".join(row) + " |")
PY
}

if [ "$table_only" = 1 ]; then print_table; exit 0; fi

# --- prerequisites -------------------------------------------------------------------------
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressPackageStartupMessages(library(lme4))' >/dev/null 2>&1; then
  echo "Installing R and lme4 from Debian (r-cran-lme4)"
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y r-cran-lme4
fi
if [ ! -x /usr/bin/time ]; then $sudo_cmd apt-get install -y time; fi
command -v python3 >/dev/null || $sudo_cmd apt-get install -y python3
bash "$repo/scripts/install-dependencies.sh"

if [ "$skip_build" = 0 ]; then
  (cd "$repo" && swift build -c release --product schoolsupport)
fi
bin="$(cd "$repo" && swift build -c release --show-bin-path)/schoolsupport"
[ -x "$bin" ] || { echo "no release binary at $bin" >&2; exit 1; }

# --- data ----------------------------------------------------------------------------------
national="$out/national.csv"
if [ ! -f "$national" ]; then
  "$bin" generate --out "$national" --pupils "${PUPILS:-600000}" --schools "${SCHOOLS:-3200}" \
    --las "${LAS:-160}" --seed "${SEED:-2010}"
fi
data_for() {
  local size="$1"
  if [ "$size" = national ]; then echo "$national"; return; fi
  local f="$out/first$size.csv"
  if [ ! -f "$f" ]; then
    # The header, then whole schools (the generator writes each school's pupils together)
    # until at least $size pupils are in.
    awk -F, -v n="$size" 'NR == 1 { print; next } { if (rows >= n && $2 != last) exit; last = $2; rows++; print }' \
      "$national" > "$f.tmp" && mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# --- runs ----------------------------------------------------------------------------------
# Seconds and peak resident memory (KB) from a /usr/bin/time -v log.
wall_of() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss_of() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

run_r() {
  local model="$1" size="$2" data="$3" n="$4" limit="$5"
  local base="$out/results/${model}__${size}__r"
  echo "== lme4: $model on $size (timeout ${limit}s; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  local status=ok rc=0
  timeout --signal=TERM "$limit" /usr/bin/time -v -o "$base.time" \
    Rscript "$repo/Benchmarks/R/lmer_national.R" "$data" "$model" "$n" 1 > "$base.out" 2> "$base.err" || rc=$?
  if [ "$rc" = 124 ]; then status="timed out after ${limit} s"; elif [ "$rc" != 0 ]; then status="failed (exit $rc)"; fi
  python3 - "$base" "$status" "$(wall_of "$base.time" 2>/dev/null || true)" "$(rss_of "$base.time" 2>/dev/null || true)" "$limit" <<'PY'
import json, sys
base, status, wall, rss, limit = sys.argv[1:]
out = {"status": status}
try:
    r = json.load(open(base + ".out"))
    out.update(fit_seconds=r["elapsed_seconds_median"], fit_seconds_all=r["elapsed_seconds_all"],
               cpu_seconds=r.get("cpu_seconds_median"), cpu_seconds_all=r.get("cpu_seconds_all"),
               read_seconds=r["read_seconds"], logLik=r["logLik"], rows=r["rows_used"],
               warnings=r["warnings"], r_version=r["r_version"], lme4_version=r["lme4_version"],
               vmhwm_mb=(r["peak_memory_kb"] or 0) / 1024)
except Exception:
    pass
if wall: out["wall_seconds"] = float(wall)
elif status.startswith("timed out"): out["wall_seconds"] = float(limit)
if rss: out["peak_mb"] = int(rss) / 1024
json.dump(out, open(base + ".json", "w"), indent=1)
print(json.dumps({k: out.get(k) for k in ("status", "fit_seconds", "wall_seconds", "peak_mb", "logLik")}))
PY
}

run_ours() {
  local model="$1" size="$2" data="$3" n="$4" formula
  formula="$(formula_for "$model")"
  local family=()
  [ "$model" != capped ] && family=(--family binomial)
  local base="$out/results/${model}__${size}__ours"
  echo "== ours: $model on $size ($n run(s); load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for i in $(seq 1 "$n"); do
    /usr/bin/time -v -o "$base.$i.time" "$bin" fit --data "$data" --formula "$formula" "${family[@]}" --json \
      > "$base.$i.out" 2> "$base.$i.err"
  done
  python3 - "$base" "$n" <<'PY'
import json, re, sys
base, n = sys.argv[1], int(sys.argv[2])
fits, walls, cpus, rss, ll, rows, conv = [], [], [], [], None, None, None
def wall(t):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
    s = 0.0
    for p in m.group(1).split(":"): s = s * 60 + float(p)
    return s
for i in range(1, n + 1):
    r = json.load(open(f"{base}.{i}.out"))
    t = open(f"{base}.{i}.time").read()
    fits.append(r["fit_seconds"]); walls.append(wall(t))
    cpus.append(sum(float(re.search(p + r" time \(seconds\): (\S+)", t).group(1)) for p in ("User", "System")))
    rss.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)))
    ll = r["logLik"]; conv = r.get("converged")
    rows = r.get("nobs") or r.get("observations") or r.get("n")
def median(x):
    x = sorted(x); k = len(x)
    return x[k // 2] if k % 2 else (x[k // 2 - 1] + x[k // 2]) / 2
out = {"status": "ok", "fit_seconds": median(fits), "fit_seconds_all": fits, "wall_seconds": median(walls),
       "wall_seconds_all": walls, "cpu_seconds": median(cpus), "cpu_seconds_all": cpus, "peak_mb": max(rss) / 1024, "logLik": ll, "rows": rows, "converged": conv}
json.dump(out, open(base + ".json", "w"), indent=1)
print(json.dumps({k: out[k] for k in ("fit_seconds", "wall_seconds", "peak_mb", "logLik")}))
PY
}

for size in $sizes; do
  data="$(data_for "$size")"
  for model in $models; do
    formula_for "$model" > /dev/null
    n="${runs:-$([ "$model" = capped ] && echo 3 || echo 1)}"
    limit="$r_timeout"
    if [ "$size" = national ] && [ "$model" != capped ]; then
      if [ "$national_glmm" = 0 ]; then
        echo "== skipping $model on national (pass --national-glmm to run glmer at national size)"
        continue
      fi
      limit="$national_glmm_timeout"
    fi
    [ "$only" = r ] || run_ours "$model" "$size" "$data" "$n"
    [ "$only" = ours ] || run_r "$model" "$size" "$data" "$n" "$limit"
  done
done

echo
echo "Machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }'), $(nproc) cores," \
  "$(free -g | awk '/Mem:/ { print $2 }') GiB; $(swift --version 2>&1 | head -1);" \
  "$(Rscript -e 'cat(R.version.string, "lme4", as.character(packageVersion("lme4")))' 2>/dev/null)"
echo "Fit times are medians; 'fit' excludes reading the CSV; 'cmd' is the whole command's wall time for"
echo "one fit (Rscript: start, loading lme4, read.csv, one fit); peak MB is the maximum resident set size"
echo "of the whole process (/usr/bin/time -v). CPU: user + system seconds, lme4's of the fit alone, ours"
echo "of the whole command (reading the CSV included)."
print_table
