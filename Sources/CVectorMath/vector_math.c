// Element-wise exp and log. glibc's libmvec provides exp and log four doubles at a time for
// AVX2 (`_ZGVdN4v_exp`, `_ZGVdN4v_log`, within 4 ulp of the correctly rounded value, as its
// manual states); measured here on 600,000 values, log(1 + exp(x)) took 23 ns a value with the
// scalar functions and 6 ns with these. The processor is asked once whether it has AVX2 and
// FMA (libmvec's AVX2 variants use both); where it has not, or on other architectures, the
// scalar functions of libm are used, so results can differ between machines by a few ulp.
#include "vector_math.h"

#include <math.h>

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_exp(__m256d x);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_log(__m256d x);

static int vector_support = -1;

static int has_vector_support(void) {
    if (vector_support < 0) {
        __builtin_cpu_init();
        vector_support = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return vector_support;
}

__attribute__((target("avx2,fma")))
static void exp_avx2(const double *x, double *y, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_exp(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) y[i] = exp(x[i]);
}

__attribute__((target("avx2,fma")))
static void log_avx2(const double *x, double *y, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) y[i] = log(x[i]);
}

int schoolsupport_vector_math_is_vectorised(void) { return has_vector_support(); }

void schoolsupport_vector_exp(const double *x, double *y, long n) {
    if (has_vector_support()) { exp_avx2(x, y, n); return; }
    for (long i = 0; i < n; i++) y[i] = exp(x[i]);
}

void schoolsupport_vector_log(const double *x, double *y, long n) {
    if (has_vector_support()) { log_avx2(x, y, n); return; }
    for (long i = 0; i < n; i++) y[i] = log(x[i]);
}

#else

int schoolsupport_vector_math_is_vectorised(void) { return 0; }

void schoolsupport_vector_exp(const double *x, double *y, long n) {
    for (long i = 0; i < n; i++) y[i] = exp(x[i]);
}

void schoolsupport_vector_log(const double *x, double *y, long n) {
    for (long i = 0; i < n; i++) y[i] = log(x[i]);
}

#endif
