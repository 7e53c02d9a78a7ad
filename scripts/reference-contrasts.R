# Reference numbers for ContrastTestTests: lmerTest contest1D and a glmer Wald contrast.
# Run from the repository root: Rscript scripts/reference-contrasts.R
suppressMessages({library(lmerTest); library(lme4)})
d <- read.csv("Data/Exam.csv", stringsAsFactors=TRUE)
m <- lmer(normexam ~ standLRT * sex + (1 | school), data=d)
print(fixef(m))
L <- c(0, 0, 1, 1)
print(contest1D(m, L, ddf="Satterthwaite"), digits=12)
g <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data=lme4::cbpp, family=binomial)
L2 <- c(0, 1, -1, 0)
est <- sum(L2 * fixef(g)); se <- sqrt(drop(t(L2) %*% as.matrix(vcov(g)) %*% L2))
cat(sprintf("%.12f %.12f %.12f\n", est, se, est/se))
