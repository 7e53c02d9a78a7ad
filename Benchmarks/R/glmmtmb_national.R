#!/usr/bin/env Rscript
# Times glmmTMB on a synthetic KS4 cohort written by `schoolsupport generate`: the whole command a
# user runs (read the CSV, fit, summary with standard errors), and prints the times, peak memory
# and key results as JSON on standard output.
#
# Usage:
#   Rscript Benchmarks/R/glmmtmb_national.R FILE.csv [MODEL [FIT.json]]
#
# With FIT.json (the output of `schoolsupport fit --json` on the same file and formula), glmmTMB
# starts from that fit's fixed effects, school SD and dispersion instead of its default start:
# where glmmTMB's own run takes hours (the national beta-binomial), this confirms that the
# library's optimum is glmmTMB's. The times are then not a benchmark; the JSON says
# "started_from" and adds the log-likelihood and fixed effects of FIT.json for comparison.
#
# MODEL (default "nbinom2"):
#   nbinom2       glmmTMB(sessions_absent ~ <controls> + offset(log(sessions_possible)) + (1|school),
#                         family = nbinom2)
#   betabinomial  glmmTMB(cbind(sessions_absent, sessions_possible - sessions_absent)
#                         ~ <controls> + (1|school), family = betabinomial)
#
# <controls> = ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support (17 fixed-effect
# columns), the same formula `schoolsupport fit --family nbinom2|betabinomial` is given in
# Docs/benchmarks.md. Rows with a missing KS2 or IDACI score are dropped (na.omit).
# Peak memory is the R process's VmHWM from /proc/self/status (Linux only).

suppressPackageStartupMessages(library(glmmTMB))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1L) {
  cat("usage: Rscript glmmtmb_national.R FILE.csv [nbinom2|betabinomial]\n", file = stderr())
  quit(status = 2L)
}
path <- args[[1L]]
model <- if (length(args) >= 2L) args[[2L]] else "nbinom2"
if (!model %in% c("nbinom2", "betabinomial")) {
  cat("unknown model '", model, "'; use nbinom2 or betabinomial\n", sep = "", file = stderr())
  quit(status = 2L)
}
if (!file.exists(path)) {
  cat("no such file: ", path, "\n", sep = "", file = stderr())
  quit(status = 2L)
}

start <- proc.time()[["elapsed"]]
read_time <- system.time(d <- read.csv(path, stringsAsFactors = TRUE))[["elapsed"]]
d$school <- factor(d$school)
controls <- "ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support"
form <- if (model == "nbinom2") {
  as.formula(paste("sessions_absent ~", controls, "+ offset(log(sessions_possible)) + (1 | school)"))
} else {
  as.formula(paste("cbind(sessions_absent, sessions_possible - sessions_absent) ~", controls, "+ (1 | school)"))
}
fam <- if (model == "nbinom2") nbinom2 else betabinomial
start_values <- NULL
ours <- NULL
if (length(args) >= 3L) {
  suppressPackageStartupMessages(library(jsonlite))
  ours <- fromJSON(args[[3L]])
  setup <- glmmTMB(form, data = d, family = fam, doFit = FALSE)
  names_r <- colnames(setup$data.tmb$X)
  beta <- setNames(ours$fixef$estimate, ours$fixef$name)[names_r]
  if (anyNA(beta)) stop("fixed-effect names of ", args[[3L]], " differ from glmmTMB's: ", paste(names_r[is.na(beta)], collapse = ", "))
  start_values <- list(beta = unname(beta), theta = log(ours$varcorr$sdcor[[1L]]), betad = log(ours$dispersion$estimate))
}
warnings_seen <- character(0)
fit_st <- system.time(fit <- withCallingHandlers(
  glmmTMB(form, data = d, family = fam, start = start_values),
  warning = function(w) {
    warnings_seen <<- unique(c(warnings_seen, conditionMessage(w)))
    invokeRestart("muffleWarning")
  }
))
summary_time <- system.time(s <- summary(fit))[["elapsed"]]
total <- proc.time()[["elapsed"]] - start

peak_kb <- NA_real_
if (file.exists("/proc/self/status")) {
  line <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
  if (length(line) == 1L) peak_kb <- as.numeric(gsub("[^0-9]", "", line))
}
num <- function(x) if (length(x) == 0L || is.na(x) || !is.finite(x)) "null" else sprintf("%.17g", x)
str <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
fe <- fixef(fit)$cond
obj <- function(v) paste0("{", paste(sprintf("%s: %s", str(names(v)), vapply(v, num, "")), collapse = ", "), "}")
sd_school <- attr(VarCorr(fit)$cond$school, "stddev")[[1L]]
fields <- c(
  paste0("\"model\": ", str(model)),
  paste0("\"file\": ", str(path)),
  paste0("\"rows_used\": ", nobs(fit)),
  paste0("\"read_seconds\": ", num(read_time)),
  paste0("\"fit_elapsed_seconds\": ", num(fit_st[["elapsed"]])),
  paste0("\"fit_cpu_seconds\": ", num(fit_st[["user.self"]] + fit_st[["sys.self"]])),
  paste0("\"summary_seconds\": ", num(summary_time)),
  paste0("\"whole_command_seconds\": ", num(total)),
  paste0("\"peak_memory_kb\": ", num(peak_kb)),
  paste0("\"logLik\": ", num(as.numeric(logLik(fit)))),
  paste0("\"sigma\": ", num(sigma(fit))),
  paste0("\"sd_school\": ", num(sd_school)),
  paste0("\"fixef\": ", obj(fe)),
  paste0("\"glmmTMB_version\": ", str(as.character(packageVersion("glmmTMB")))),
  if (!is.null(ours)) paste0("\"started_from\": ", str(args[[3L]])),
  if (!is.null(ours)) paste0("\"started_from_logLik\": ", num(ours$logLik)),
  if (!is.null(ours)) paste0("\"started_from_fixef\": ", obj(setNames(ours$fixef$estimate, ours$fixef$name))),
  paste0("\"warnings\": [", paste(vapply(warnings_seen, str, ""), collapse = ", "), "]")
)
cat("{\n  ", paste(fields, collapse = ",\n  "), "\n}\n", sep = "")
