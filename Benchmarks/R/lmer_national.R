#!/usr/bin/env Rscript
# Times lme4 on a synthetic KS4 cohort written by `schoolsupport generate`, and prints the
# fit time, peak memory and key results as JSON on standard output.
#
# Usage:
#   Rscript Benchmarks/R/lmer_national.R FILE.csv [MODEL] [RUNS] [NAGQ]
#
# MODEL (default "capped"):
#   capped        lmer(ks4_capped ~ <controls> + (1|la) + (1|school), REML = TRUE)
#   5ac           glmer(ks4_5ac_em ~ <controls> + (1|la) + (1|school), binomial)
#   absence       glmer(cbind(sessions_absent, sessions_possible - sessions_absent)
#                       ~ <controls> + (1|la) + (1|school), binomial)
#   5ac_school    glmer(ks4_5ac_em ~ <controls> + (1|school), binomial): the two-level
#                 Bernoulli model
#   absence_school glmer(cbind(sessions_absent, sessions_possible - sessions_absent)
#                       ~ <controls> + (1|school), binomial): the two-level absence model
#   absence_olre  as absence, plus an observation-level random effect (1|pupil), the model
#                 the generator draws from
#   unauthorised  glmer(cbind(sessions_unauthorised, sessions_absent - sessions_unauthorised)
#                       ~ <controls> + (1|la) + (1|school) + (1|pupil), binomial), pupils
#                 with at least one absent session (the generator's model for the share)
# RUNS (default 3 for capped, 1 otherwise): the fit is repeated and the median time reported,
# both elapsed and CPU (user + system of the R process; more robust on a busy machine).
# NAGQ (glmer only, default 1 = Laplace): 0 gives the faster, cruder fit; >1 needs a single
# random-effects term, so it is rejected here.
#
# <controls> = ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support (17 fixed-effect
# columns). Rows with a missing KS2 or IDACI score are dropped (lme4's default na.omit).
# Peak memory is the process's VmHWM from /proc/self/status (Linux only; null elsewhere) and
# covers the whole R process, including reading the CSV.
# No JSON package is needed: the output is written with cat().

suppressPackageStartupMessages(library(lme4))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1L) {
  cat("usage: Rscript lmer_national.R FILE.csv [capped|5ac|5ac_school|absence|absence_school|absence_olre|unauthorised] [RUNS] [NAGQ]\n",
      file = stderr())
  quit(status = 2L)
}
path <- args[[1L]]
model <- if (length(args) >= 2L) args[[2L]] else "capped"
models <- c("capped", "5ac", "5ac_school", "absence", "absence_school", "absence_olre", "unauthorised")
if (!model %in% models) {
  cat("unknown model '", model, "'; use one of: ", paste(models, collapse = ", "), "\n",
      sep = "", file = stderr())
  quit(status = 2L)
}
runs <- if (length(args) >= 3L) as.integer(args[[3L]]) else if (model == "capped") 3L else 1L
if (is.na(runs) || runs < 1L) {
  cat("RUNS must be a positive integer\n", file = stderr())
  quit(status = 2L)
}
nagq <- if (length(args) >= 4L) as.integer(args[[4L]]) else 1L
if (is.na(nagq) || nagq < 0L || nagq > 1L) {
  cat("NAGQ must be 0 or 1 (models with several random-effect terms allow no more)\n", file = stderr())
  quit(status = 2L)
}
if (!file.exists(path)) {
  cat("no such file: ", path, "\n", sep = "", file = stderr())
  quit(status = 2L)
}

read_time <- system.time(
  d <- read.csv(path, stringsAsFactors = TRUE)
)[["elapsed"]]
d$la <- factor(d$la)
d$school <- factor(d$school)
d$pupil <- factor(d$pupil)

controls <- "ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support"
response <- switch(model,
  capped = "ks4_capped",
  "5ac" = , "5ac_school" = "ks4_5ac_em",
  absence = , absence_school = , absence_olre = "cbind(sessions_absent, sessions_possible - sessions_absent)",
  unauthorised = "cbind(sessions_unauthorised, sessions_absent - sessions_unauthorised)"
)
random <- if (model %in% c("absence_olre", "unauthorised")) {
  "(1 | la) + (1 | school) + (1 | pupil)"
} else if (model %in% c("5ac_school", "absence_school")) {
  "(1 | school)"
} else {
  "(1 | la) + (1 | school)"
}
form <- as.formula(paste(response, "~", controls, "+", random))
if (model == "unauthorised") d <- d[d$sessions_absent > 0, ]

warnings_seen <- character(0)
fit_once <- function() {
  withCallingHandlers(
    if (model == "capped") {
      lmer(form, data = d, REML = TRUE)
    } else {
      glmer(form, data = d, family = binomial, nAGQ = nagq)
    },
    warning = function(w) {
      warnings_seen <<- unique(c(warnings_seen, conditionMessage(w)))
      invokeRestart("muffleWarning")
    }
  )
}

times <- numeric(runs)
cpu_times <- numeric(runs)
fit <- NULL
for (i in seq_len(runs)) {
  gc()
  st <- system.time(fit <- fit_once())
  times[i] <- st[["elapsed"]]
  cpu_times[i] <- st[["user.self"]] + st[["sys.self"]]
}

peak_kb <- NA_real_
status_file <- "/proc/self/status"
if (file.exists(status_file)) {
  line <- grep("^VmHWM:", readLines(status_file), value = TRUE)
  if (length(line) == 1L) peak_kb <- as.numeric(gsub("[^0-9]", "", line))
}

# --- hand-written JSON ---------------------------------------------------------------------
json_string <- function(x) {
  x <- gsub("\\\\", "\\\\\\\\", x)
  x <- gsub("\"", "\\\\\"", x)
  x <- gsub("\n", "\\\\n", x)
  x <- gsub("\t", "\\\\t", x)
  paste0("\"", x, "\"")
}
json_number <- function(x) {
  if (length(x) == 0L || is.na(x) || !is.finite(x)) "null" else sprintf("%.17g", x)
}
json_object <- function(values) {
  keys <- names(values)
  body <- vapply(seq_along(values), function(i) {
    paste0(json_string(keys[[i]]), ": ", json_number(values[[i]]))
  }, character(1))
  paste0("{", paste(body, collapse = ", "), "}")
}
json_array_numbers <- function(x) paste0("[", paste(vapply(x, json_number, character(1)), collapse = ", "), "]")
json_array_strings <- function(x) paste0("[", paste(vapply(x, json_string, character(1)), collapse = ", "), "]")

vc <- as.data.frame(VarCorr(fit))
sds <- setNames(vc$sdcor, vc$grp)
fe <- fixef(fit)
crit_name <- if (model == "capped") "REMLcrit" else "deviance"
crit_value <- if (model == "capped") REMLcrit(fit) else deviance(fit)

fields <- c(
  paste0("\"model\": ", json_string(model)),
  paste0("\"formula\": ", json_string(paste(deparse(form, width.cutoff = 500L), collapse = " "))),
  paste0("\"file\": ", json_string(path)),
  paste0("\"rows_used\": ", nobs(fit)),
  paste0("\"schools\": ", nlevels(droplevels(d$school))),
  paste0("\"local_authorities\": ", nlevels(droplevels(d$la))),
  paste0("\"runs\": ", runs),
  paste0("\"nAGQ\": ", if (model == "capped") "null" else nagq),
  paste0("\"elapsed_seconds_median\": ", json_number(median(times))),
  paste0("\"elapsed_seconds_all\": ", json_array_numbers(times)),
  paste0("\"cpu_seconds_median\": ", json_number(median(cpu_times))),
  paste0("\"cpu_seconds_all\": ", json_array_numbers(cpu_times)),
  paste0("\"read_seconds\": ", json_number(read_time)),
  paste0("\"peak_memory_kb\": ", json_number(peak_kb)),
  paste0("\"fixef\": ", json_object(as.list(fe))),
  paste0("\"varcorr_sd\": ", json_object(as.list(sds))),
  paste0("\"", crit_name, "\": ", json_number(crit_value)),
  paste0("\"logLik\": ", json_number(as.numeric(logLik(fit)))),
  paste0("\"r_version\": ", json_string(R.version.string)),
  paste0("\"lme4_version\": ", json_string(as.character(packageVersion("lme4")))),
  paste0("\"warnings\": ", json_array_strings(warnings_seen))
)
cat("{\n  ", paste(fields, collapse = ",\n  "), "\n}\n", sep = "")
