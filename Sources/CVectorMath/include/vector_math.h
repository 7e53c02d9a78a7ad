// Element-wise exp and log over arrays of doubles, four at a time on x86-64 processors with
// AVX2 (glibc's libmvec), one at a time elsewhere. For the per-observation loops of the
// generalised models, where exp and log are most of the work.
#ifndef SCHOOLSUPPORT_CVECTORMATH_H
#define SCHOOLSUPPORT_CVECTORMATH_H

/// y[i] = exp(x[i]) for 0 <= i < n; x and y may be the same array.
void schoolsupport_vector_exp(const double *x, double *y, long n);
/// y[i] = log(x[i]) for 0 <= i < n; x and y may be the same array.
void schoolsupport_vector_log(const double *x, double *y, long n);
/// 1 when the four-wide libmvec routines are used on this processor, else 0.
int schoolsupport_vector_math_is_vectorised(void);

#endif
