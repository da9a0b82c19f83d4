/* The kernels of bench/compare_numba.py written in C: its baselines,
 * compiled there twice, with `cc -O2` and with `cc -O3 -march=native`. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

double integrand(double t) {
    return exp(-t) / (t * t);
}

void double_c(const double *in_, double *out, int m, int n) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            out[(long)i * n + j] = 2 * in_[(long)i * n + j];
}

void double_f(const double *in_, double *out, int m, int n) {
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++)
            out[(long)j * m + i] = 2 * in_[(long)j * m + i];
}

void double_c_f32(const float *in_, float *out, int m, int n) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            out[(long)i * n + j] = 2 * in_[(long)i * n + j];
}

void double_f_f32(const float *in_, float *out, int m, int n) {
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++)
            out[(long)j * m + i] = 2 * in_[(long)j * m + i];
}

void double_1d(const double *in_, double *out, intptr_t n) {
    for (intptr_t i = 0; i < n; i++)
        out[i] = 2 * in_[i];
}

void invert(const double *in_, double *out, intptr_t n) {
    for (intptr_t i = 0; i < n; i++)
        out[i] = 1 / in_[i];
}

typedef struct my_struct {
    int i1;
    float f2;
    double d3;
    float af4[7];
} my_struct;

double foo(const my_struct *base, size_t n) {
    double tmp = 0;
    for (size_t i = 0; i < n; i++) {
        tmp += base[i].i1 * (double)base[i].f2 / base[i].d3;
        float sum = 0;
        for (int k = 0; k < 7; k++)
            sum += base[i].af4[k];
        tmp += sum;
    }
    return tmp;
}

/* Calls a kernel `count` times through its pointer, so that the timing
 * loop adds the same small cost to every variant (a ctypes call per
 * kernel call would add about a microsecond). */
typedef void (*kernel_2d)(void *, void *, int, int);
typedef void (*kernel_1d)(void *, void *, intptr_t);
typedef double (*kernel_records)(void *, size_t);

void repeat_2d(kernel_2d kernel, void *in_, void *out, int m, int n, long count) {
    for (long k = 0; k < count; k++)
        kernel(in_, out, m, n);
}

void repeat_1d(kernel_1d kernel, void *in_, void *out, intptr_t n, long count) {
    for (long k = 0; k < count; k++)
        kernel(in_, out, n);
}

double repeat_records(kernel_records kernel, void *base, size_t n, long count) {
    double total = 0;
    for (long k = 0; k < count; k++)
        total += kernel(base, n);
    return total;
}
