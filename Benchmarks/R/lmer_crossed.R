#!/usr/bin/env Rscript
# Times lme4 on the cross-classified benchmark models and prints the fit time, the REML
# criterion and the estimates as JSON on standard output (see Docs/benchmarks.md).
#
# Usage:
#   Rscript Benchmarks/R/lmer_crossed.R FILE.csv MODEL [RUNS]
#
# MODEL:
#   insteval   lmer(y ~ service + lectage + studage + (1|s) + (1|d) + (1|dept:service)) on
#              lme4's InstEval written by write.csv(lme4::InstEval, FILE, row.names = FALSE)
#   crossed    lmer(ks4_capped ~ <controls> + (1|ks2_school) + (1|school)) on a cohort written
#              by `schoolsupport generate --feeder-primaries 16800`
# RUNS (default 1): the fit is repeated and the median elapsed time reported.
# Every grouping and categorical column is converted with factor(), as the CSV holds codes.

suppressPackageStartupMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2L) {
  cat("usage: Rscript lmer_crossed.R FILE.csv insteval|crossed [RUNS]\n", file = stderr())
  quit(status = 2L)
}
path <- args[[1L]]
model <- args[[2L]]
runs <- if (length(args) >= 3L) as.integer(args[[3L]]) else 1L
d <- read.csv(path, stringsAsFactors = TRUE)
if (model == "insteval") {
  for (v in c("s", "d", "studage", "lectage", "service", "dept")) d[[v]] <- factor(d[[v]])
  f <- y ~ service + lectage + studage + (1 | s) + (1 | d) + (1 | dept:service)
} else if (model == "crossed") {
  for (v in c("school", "ks2_school")) d[[v]] <- factor(d[[v]])
  f <- ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support +
    (1 | ks2_school) + (1 | school)
} else {
  cat("unknown model '", model, "'\n", sep = "", file = stderr())
  quit(status = 2L)
}
times <- numeric(runs)
for (r in seq_len(runs)) {
  times[r] <- system.time(m <- lmer(f, data = d, REML = TRUE))[["elapsed"]]
}
vc <- as.data.frame(VarCorr(m))
num <- function(x) formatC(x, digits = 12, format = "g")
cat("{\n")
cat('  "model": "', model, '",\n', sep = "")
cat('  "nobs": ', nobs(m), ",\n", sep = "")
cat('  "fit_seconds": ', num(median(times)), ",\n", sep = "")
cat('  "reml_criterion": ', num(REMLcrit(m)), ",\n", sep = "")
cat('  "theta": [', paste(num(getME(m, "theta")), collapse = ", "), "],\n", sep = "")
cat('  "sd": {', paste0('"', vc$grp, '": ', num(vc$sdcor), collapse = ", "), "},\n", sep = "")
fe <- fixef(m)
cat('  "fixef": {', paste0('"', names(fe), '": ', num(fe), collapse = ", "), "},\n", sep = "")
cat('  "se": [', paste(num(sqrt(diag(as.matrix(vcov(m))))), collapse = ", "), "],\n", sep = "")
cat('  "evaluations": ', m@optinfo$feval, "\n", sep = "")
cat("}\n")
