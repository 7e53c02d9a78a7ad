#!/usr/bin/env Rscript
# Reference fits for REML generalised mixed models (glmmTMB's REML = TRUE: the fixed effects
# integrated out with the random effects by the Laplace approximation), written to
# Tests/MixedModelsTests/Fixtures/glmmtmb_reml_reference.json. Run from the repository root:
#   Rscript scripts/reference-glmmtmb-reml.R
# Needs glmmTMB (1.1.5 from Debian's r-cran-glmmtmb was used) and jsonlite.
suppressPackageStartupMessages({ library(glmmTMB); library(jsonlite) })

grouse <- read.csv("Data/grouseticks.csv", stringsAsFactors = FALSE)
cbpp <- read.csv("Data/cbpp.csv", stringsAsFactors = FALSE)
pupils <- read.csv("Data/synthetic/pupils.csv", stringsAsFactors = FALSE)

models <- list(
  list(id = "cbpp_binomial_reml", dataset = "cbpp", family = "binomial",
       formula = "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)"),
  list(id = "grouseticks_poisson_reml", dataset = "grouseticks", family = "poisson",
       formula = "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|LOCATION)"),
  list(id = "pupils_absence_reml", dataset = "synthetic/pupils", family = "binomial",
       formula = "cbind(sessions_unauthorised, sessions_possible - sessions_unauthorised) ~ fsm + factor(sen) + (1|urn) + (1|pupil)")
)

data_for <- function(name) switch(name, grouseticks = grouse, cbpp = cbpp, "synthetic/pupils" = pupils)

fit_one <- function(spec) {
  d <- data_for(spec$dataset)
  fam <- switch(spec$family, binomial = binomial(), poisson = poisson())
  m <- glmmTMB(as.formula(spec$formula), data = d, family = fam, REML = TRUE)
  co <- summary(m)$coefficients$cond
  vc <- VarCorr(m)$cond
  terms <- lapply(names(vc), function(g) list(group = g, sd = unname(attr(vc[[g]], "stddev"))))
  list(id = spec$id, dataset = spec$dataset, family = spec$family, formula = spec$formula,
       glmmTMB = as.character(packageVersion("glmmTMB")),
       nobs = nobs(m), logLik = as.numeric(logLik(m)), convergence = m$fit$convergence,
       pdHess = m$sdr$pdHess,
       fixef = list(names = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2])),
       varcorr = terms)
}

out <- lapply(models, function(spec) {
  cat(spec$id, "\n")
  r <- fit_one(spec)
  cat("  logLik", format(r$logLik, digits = 12), " conv", r$convergence, "\n")
  r
})
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "Tests/MixedModelsTests/Fixtures/glmmtmb_reml_reference.json")
