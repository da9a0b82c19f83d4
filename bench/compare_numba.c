/* The seeds' integrand and 2-d doubling callback written in C: the
 * baseline of bench/compare_numba.py, compiled there with `cc -O2`. */
#include <math.h>

double integrand(double t) {
    return exp(-t) / (t * t);
}

void my_callback(const double *in_, double *out, int m, int n) {
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            out[(long)i * n + j] = 2 * in_[(long)i * n + j];
        }
    }
}
