#!/usr/bin/env Rscript
# Reference glmer fits with an observation-level random effect (one level per row, the usual
# remedy for overdispersed counts), appended to the entries of
# Tests/MixedModelsTests/Fixtures/lme4_reference.json in the same layout. Run from the
# repository root:
#   Rscript scripts/reference-glmer-olre.R > /tmp/olre.json
# Needs lme4 (1.1-31 from Debian's r-cran-lme4 was used) and jsonlite.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })

grouse <- read.csv("Data/grouseticks.csv", stringsAsFactors = TRUE)
grouse$INDEX <- factor(grouse$INDEX)
grouse$BROOD <- factor(grouse$BROOD)
grouse$LOCATION <- factor(grouse$LOCATION)
cbpp <- read.csv("Data/cbpp.csv", stringsAsFactors = TRUE)
cbpp$herd <- factor(cbpp$herd)
cbpp$period <- factor(cbpp$period)

models <- list(
  # lme4's own overdispersion example (Elston et al. 2001), one INDEX a row.
  list(id = "grouseticks_poisson_olre", dataset = "grouseticks", family = "poisson", data = grouse,
       formula = "TICKS ~ factor(YEAR) + cHEIGHT + (1|INDEX) + (1|BROOD) + (1|LOCATION)"),
  # cbpp with one level of herd:period a row (the example of ?cbpp, with the interaction as
  # the observation-level factor).
  list(id = "cbpp_binomial_olre", dataset = "cbpp", family = "binomial", data = cbpp,
       formula = "cbind(incidence, healthy) ~ factor(period) + (1|herd) + (1|herd:period)")
)

fit_one <- function(spec) {
  fam <- if (spec$family == "poisson") poisson else binomial
  m <- glmer(as.formula(spec$formula), data = spec$data, family = fam)
  co <- summary(m)$coefficients
  vc <- as.data.frame(VarCorr(m))
  re <- ranef(m, condVar = TRUE)
  heads <- lapply(names(re), function(f) {
    r <- re[[f]]
    k <- min(10L, nrow(r))
    pv <- attr(r, "postVar")
    list(factor = f, levels = rownames(r)[seq_len(k)], terms = colnames(r),
         modes = lapply(seq_len(k), function(i) unname(as.numeric(r[i, ]))),
         condVar = lapply(seq_len(k), function(i) unname(as.numeric(pv[, , i]))))
  })
  list(id = spec$id, dataset = spec$dataset, formula = spec$formula, REML = FALSE,
       family = spec$family, nAGQ = 1L, nobs = nobs(m),
       ngroups = as.list(sapply(names(ngrps(m)), function(g) unname(ngrps(m)[[g]]))),
       fixef = list(names = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2]),
                    satterthwaite_df = setNames(list(), character(0)),
                    satterthwaite_p = setNames(list(), character(0))),
       varcorr = list(grp = vc$grp, var1 = vc$var1, var2 = vc$var2, vcov = vc$vcov, sdcor = vc$sdcor),
       sigma = 1, theta = unname(getME(m, "theta")), deviance = deviance(m), REMLcrit = NULL,
       logLik = as.numeric(logLik(m)), AIC = AIC(m), BIC = BIC(m), ranef_head = heads,
       messages = m@optinfo$conv$lme4$messages)
}

out <- lapply(models, fit_one)
cat(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE), "\n")
