// Private C boundary of the numeric core: CBLAS from OpenBLAS, the LAPACK
// Fortran routines the core calls (LP64: 32-bit integers, column-major), and
// NLopt's C API for the bounded derivative-free optimiser (BOBYQA), and
// SuiteSparse's CHOLMOD for the sparse diagonal blocks of cross-classified models.
#ifndef SCHOOLSUPPORT_CNUMERICS_SHIM_H
#define SCHOOLSUPPORT_CNUMERICS_SHIM_H

#include <cblas.h>
#include <nlopt.h>
#include <suitesparse/cholmod.h>
#if defined(__linux__)
#include <malloc.h>
#endif

/// Cholesky factorisation of a symmetric positive-definite matrix.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
/// Inverse from the Cholesky factor computed by dpotrf_.
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
/// Triangular solve with multiple right-hand sides is cblas_dtrsm; this is the
/// triangular inverse.
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda, int *info);
/// General square linear system by LU with partial pivoting.
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);
/// Symmetric eigen-decomposition (divide and conquer).
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info);
/// QR with column pivoting, used to detect rank deficiency in the fixed-effects design.
void dgeqp3_(const int *m, const int *n, double *a, const int *lda, int *jpvt, double *tau,
             double *work, const int *lwork, int *info);

#endif
