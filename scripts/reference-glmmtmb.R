#!/usr/bin/env Rscript
# Reference fits for the negative binomial (nbinom2) and beta-binomial GLMMs, written to
# Tests/MixedModelsTests/Fixtures/glmmtmb_reference.json. Run from the repository root:
#   Rscript scripts/reference-glmmtmb.R
# Needs glmmTMB (1.1.5 from Debian's r-cran-glmmtmb was used) and jsonlite.
suppressPackageStartupMessages({ library(glmmTMB); library(jsonlite) })

grouse <- read.csv("Data/grouseticks.csv", stringsAsFactors = FALSE)
cbpp <- read.csv("Data/cbpp.csv", stringsAsFactors = FALSE)
pupils <- read.csv("Data/synthetic/pupils.csv", stringsAsFactors = FALSE)

models <- list(
  list(id = "grouseticks_nbinom2_crossed", dataset = "grouseticks", family = "nbinom2",
       formula = "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|LOCATION)"),
  list(id = "grouseticks_nbinom2_brood", dataset = "grouseticks", family = "nbinom2",
       formula = "TICKS ~ cHEIGHT + (1|BROOD)"),
  list(id = "pupils_nbinom2_slope", dataset = "synthetic/pupils", family = "nbinom2",
       formula = "sessions_unauthorised ~ fsm + (1 + fsm|urn)"),
  list(id = "cbpp_betabinomial", dataset = "cbpp", family = "betabinomial",
       formula = "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)"),
  list(id = "pupils_betabinomial_slope", dataset = "synthetic/pupils", family = "betabinomial",
       formula = "cbind(sessions_authorised, sessions_possible - sessions_authorised) ~ fsm + (1 + fsm|urn)")
)

data_for <- function(name) switch(name, grouseticks = grouse, cbpp = cbpp, "synthetic/pupils" = pupils)

fit_one <- function(spec) {
  d <- data_for(spec$dataset)
  fam <- switch(spec$family, nbinom2 = nbinom2(), betabinomial = betabinomial())
  m <- glmmTMB(as.formula(spec$formula), data = d, family = fam)
  s <- summary(m)
  co <- s$coefficients$cond
  vc <- VarCorr(m)$cond
  # One entry per random-effects term, in glmmTMB's order: the SDs and the correlations
  # (lower triangle, column by column) of its covariance matrix.
  terms <- lapply(names(vc), function(g) {
    s <- vc[[g]]
    r <- attr(s, "correlation")
    list(group = g, names = colnames(s), sd = unname(attr(s, "stddev")),
         cor = if (ncol(s) > 1) unname(r[lower.tri(r)]) else numeric(0))
  })
  sdr <- m$sdr
  logsigma_se <- sqrt(diag(vcov(m, full = TRUE)))[["d~(Intercept)"]]
  list(id = spec$id, dataset = spec$dataset, family = spec$family, formula = spec$formula,
       glmmTMB = as.character(packageVersion("glmmTMB")),
       nobs = nobs(m), logLik = as.numeric(logLik(m)), AIC = AIC(m), BIC = BIC(m),
       convergence = m$fit$convergence, pdHess = sdr$pdHess,
       fixef = list(names = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2])),
       varcorr = terms,
       sigma = sigma(m), log_sigma_se = unname(logsigma_se),
       par = unname(m$fit$par))
}

out <- lapply(models, function(spec) {
  cat(spec$id, "\n")
  r <- fit_one(spec)
  cat("  logLik", format(r$logLik, digits = 10), " sigma", format(r$sigma, digits = 8), " conv", r$convergence, "\n")
  r
})
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "Tests/MixedModelsTests/Fixtures/glmmtmb_reference.json")
