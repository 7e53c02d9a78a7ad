#!/usr/bin/env Rscript
# Reference fits for multiple-membership random effects, `(1 | mm(school1, school2, school3,
# weights(w1, w2, w3)))`, by lme4's modular interface: the model is set up by lFormula with
# `(1 | school1)` and its Zt replaced by the weighted membership matrix (row j of the term,
# column k: the weight of pupil k in school j times the term's covariate), the construction
# of lmerMultiMember. Run from the repository root:
#   Rscript scripts/reference-multimember.R
# Writes two generated data sets and their reference numbers to Tests/MixedModelsTests/Fixtures:
#   multimember_dev.csv      2,000 pupils, 120 schools (seed 20261203), used while developing
#   multimember_heldout.csv  2,400 pupils, 140 schools, 25 LAs (seed 777), held out
#   multimember_reference.json
# Needs lme4, Matrix and jsonlite (lmerTest for Satterthwaite df when it accepts the object).
suppressPackageStartupMessages({ library(lme4); library(Matrix); library(jsonlite) })

fixtures <- "Tests/MixedModelsTests/Fixtures"

# Pupils in `schools` schools (S001, ...); a share `movers` of pupils belong to two or three
# schools with weights (time in each) that sum to 1; every school is some pupil's first school,
# so the levels of school1 are the union of the school columns.
generate <- function(seed, pupils, schools, movers, school_sd, slope_sd = 0, las = 0, la_sd = 0) {
  set.seed(seed)
  ids <- sprintf("S%03d", seq_len(schools))
  first <- c(seq_len(schools), sample.int(schools, pupils - schools, replace = TRUE))
  first <- sample(first)
  n_member <- ifelse(runif(pupils) < movers, sample(2:3, pupils, replace = TRUE, prob = c(0.7, 0.3)), 1)
  s <- matrix(NA_integer_, pupils, 3)
  w <- matrix(NA_real_, pupils, 3)
  for (k in seq_len(pupils)) {
    m <- n_member[k]
    others <- sample(setdiff(seq_len(schools), first[k]), m - 1)
    s[k, seq_len(m)] <- c(first[k], others)
    raw <- if (m == 1) 1 else round(runif(m, 0.15, 1), 2)
    wk <- round(raw / sum(raw), 3)
    wk[m] <- round(1 - sum(wk[-m]), 3)
    w[k, seq_len(m)] <- wk
  }
  x <- round(rnorm(pupils), 3)
  b0 <- rnorm(schools, 0, school_sd)
  b1 <- rnorm(schools, 0, slope_sd)
  eta <- 1 + 0.5 * x
  for (j in 1:3) {
    ok <- !is.na(s[, j])
    eta[ok] <- eta[ok] + w[ok, j] * (b0[s[ok, j]] + b1[s[ok, j]] * x[ok])
  }
  d <- data.frame(pupil = sprintf("P%05d", seq_len(pupils)),
                  school1 = ids[s[, 1]], school2 = ids[s[, 2]], school3 = ids[s[, 3]],
                  w1 = w[, 1], w2 = w[, 2], w3 = w[, 3], x = x, stringsAsFactors = FALSE)
  if (las > 0) {
    d$la <- sprintf("LA%02d", sample.int(las, pupils, replace = TRUE))
    eta <- eta + rnorm(las, 0, la_sd)[as.integer(factor(d$la))]
  }
  d$y <- round(eta + rnorm(pupils), 4)
  d$passed <- as.integer(runif(pupils) < plogis(eta - 1))
  d$absences <- rpois(pupils, exp(0.5 * eta))
  d
}

# The weighted membership matrix of a term with covariates `zcols` ("(Intercept)" or column
# names), rows level-major as in lme4's Zt: level j, then each covariate.
membership_zt <- function(d, levels, zcols) {
  n <- nrow(d); q <- length(zcols)
  i <- integer(0); k <- integer(0); v <- numeric(0)
  zval <- sapply(zcols, function(c) if (c == "(Intercept)") rep(1, n) else d[[c]])
  zval <- matrix(zval, n, q)
  for (j in 1:3) {
    sc <- d[[paste0("school", j)]]; wt <- d[[paste0("w", j)]]
    ok <- !is.na(sc) & sc != ""
    lev <- match(sc[ok], levels)
    for (c in seq_len(q)) {
      i <- c(i, (lev - 1) * q + c); k <- c(k, which(ok)); v <- c(v, wt[ok] * zval[ok, c])
    }
  }
  # Duplicate (row, column) pairs are summed by sparseMatrix: the same school twice is merged.
  sparseMatrix(i = i, j = k, x = v, dims = c(length(levels) * q, n))
}

# Fits `formula` (with `(… | school1)` standing for the mm term) with that term's rows of Zt
# replaced; `zcols` are its covariates.
fit_mm <- function(d, formula, zcols, reml = TRUE) {
  d$school1 <- factor(d$school1)
  lf <- lFormula(as.formula(formula), data = d, REML = reml)
  re <- lf$reTrms
  g <- which(names(re$cnms) == "school1")
  rows <- (re$Gp[g] + 1):re$Gp[g + 1]
  levels <- levels(d$school1)
  zt <- re$Zt
  zt[rows, ] <- membership_zt(d, levels, zcols)
  re$Zt <- drop0(zt)
  re$Ztlist[[g]] <- re$Zt[rows, , drop = FALSE]
  lf$reTrms <- re
  devfun <- do.call(mkLmerDevfun, lf)
  opt <- optimizeLmer(devfun)
  m <- mkMerMod(environment(devfun), opt, lf$reTrms, fr = lf$fr)
  list(model = m, levels = levels, devfun = devfun)
}

fit_mm_glmm <- function(d, formula, family) {
  d$school1 <- factor(d$school1)
  gf <- glFormula(as.formula(formula), data = d, family = family)
  re <- gf$reTrms
  re$Zt <- drop0(membership_zt(d, levels(d$school1), "(Intercept)"))
  re$Ztlist[[1]] <- re$Zt
  gf$reTrms <- re
  devfun <- do.call(mkGlmerDevfun, gf)
  opt <- optimizeGlmer(devfun)
  devfun <- updateGlmerDevfun(devfun, gf$reTrms)
  opt <- optimizeGlmer(devfun, stage = 2)
  mkMerMod(environment(devfun), opt, gf$reTrms, fr = gf$fr)
}

summarise <- function(id, dataset, our_formula, m, levels, term, devfun = NULL) {
  vc <- as.data.frame(VarCorr(m))
  co <- summary(m)$coefficients
  re <- ranef(m, condVar = FALSE)$school1
  # lmerTest's Satterthwaite df from the model and its (membership) deviance function:
  # as_lmerModLmerTest would refit from the formula and lose the replaced Zt.
  df <- if (is.null(devfun)) NULL else tryCatch({
    mt <- lmerTest:::as_lmerModLT(m, devfun)
    unname(summary(mt)$coefficients[, "df"])
  }, error = function(e) { message("Satterthwaite df: ", conditionMessage(e)); NULL })
  list(id = id, dataset = dataset, formula = our_formula, term = term,
       REML = isREML(m), family = if (isGLMM(m)) family(m)$family else "gaussian",
       nobs = nobs(m), levels = length(levels),
       REMLcrit = if (isREML(m)) unname(REMLcrit(m)) else NULL,
       deviance = if (!isREML(m)) unname(deviance(m, REML = FALSE)) else NULL,
       logLik = as.numeric(logLik(m)), theta = I(unname(getME(m, "theta"))),
       fixef = list(names = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2])),
       varcorr = list(grp = I(vc$grp), var1 = I(vc$var1), var2 = I(vc$var2), sdcor = I(vc$sdcor)),
       sigma = sigma(m), satterthwaite_df = df,
       ranef = list(levels = rownames(re)[1:10], modes = unname(as.matrix(re[1:10, , drop = FALSE]))),
       lme4_version = as.character(packageVersion("lme4")))
}

term <- "mm(school1, school2, school3, weights(w1, w2, w3))"
dev <- generate(20261203, 2000, 120, 0.15, 0.6)
held <- generate(777, 2400, 140, 0.2, 0.5, slope_sd = 0.25, las = 25, la_sd = 0.4)
write.csv(dev, file.path(fixtures, "multimember_dev.csv"), row.names = FALSE, na = "")
write.csv(held, file.path(fixtures, "multimember_heldout.csv"), row.names = FALSE, na = "")
dev <- read.csv(file.path(fixtures, "multimember_dev.csv"), stringsAsFactors = FALSE, na.strings = "")
held <- read.csv(file.path(fixtures, "multimember_heldout.csv"), stringsAsFactors = FALSE, na.strings = "")

out <- list()
f <- fit_mm(dev, "y ~ x + (1 | school1)", "(Intercept)")
out[[1]] <- summarise("dev_intercept_reml", "multimember_dev", paste0("y ~ x + (1 | ", term, ")"), f$model, f$levels, term, f$devfun)
f <- fit_mm(dev, "y ~ x + (1 | school1)", "(Intercept)", reml = FALSE)
out[[2]] <- summarise("dev_intercept_ml", "multimember_dev", paste0("y ~ x + (1 | ", term, ")"), f$model, f$levels, term, f$devfun)
f <- fit_mm(held, "y ~ x + (1 + x | school1) + (1 | la)", c("(Intercept)", "x"))
out[[3]] <- summarise("heldout_slope_la_reml", "multimember_heldout",
                      paste0("y ~ x + (1 + x | ", term, ") + (1 | la)"), f$model, f$levels, term, f$devfun)
f <- fit_mm(held, "y ~ x + (1 | school1) + (1 | la)", "(Intercept)")
out[[4]] <- summarise("heldout_intercept_la_reml", "multimember_heldout",
                      paste0("y ~ x + (1 | ", term, ") + (1 | la)"), f$model, f$levels, term, f$devfun)
mb <- fit_mm_glmm(dev, "passed ~ x + (1 | school1)", binomial)
out[[5]] <- summarise("dev_binomial", "multimember_dev", paste0("passed ~ x + (1 | ", term, ")"), mb,
                      levels(factor(dev$school1)), term)
mp <- fit_mm_glmm(dev, "absences ~ x + (1 | school1)", poisson)
out[[6]] <- summarise("dev_poisson", "multimember_dev", paste0("absences ~ x + (1 | ", term, ")"), mp,
                      levels(factor(dev$school1)), term)
for (r in out) {
  cat(r$id, " crit", format(if (is.null(r$REMLcrit)) r$deviance else r$REMLcrit, digits = 12),
      " sd", paste(format(r$varcorr$sdcor, digits = 6), collapse = " "), "\n")
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"),
           file.path(fixtures, "multimember_reference.json"))
