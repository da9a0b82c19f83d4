/* A C program using libcfunc_example_export.so through the header the
 * library generates (`cfunc_c_header`). Each line it prints is checked by
 * tests/export.rs. */
#include <stddef.h>
#include <stdio.h>

#include "cfunc_example_export.h"

/* Integrates f over [1, inf) with composite Simpson on u in [0, 1] after
 * t = 1/u (dt = -du / u**2), as a C library would call a callback. */
static double integrate_to_infinity(double (*f)(double), int intervals) {
    double h = 1.0 / intervals;
    double sum = 0.0; /* g(0) = 0: the integrand decays like exp(-t). */
    for (int k = 1; k <= intervals; k++) {
        double u = k * h;
        double g = f(1.0 / u) / (u * u);
        double weight = (k == intervals) ? 1.0 : ((k % 2) ? 4.0 : 2.0);
        sum += weight * g;
    }
    return sum * h / 3.0;
}

int main(void) {
    printf("add %.1f\n", add(4.0, 5.0));

    printf("integral %.10f\n", integrate_to_infinity(integrand, 2000));

    double in[2][3] = {{1.0, 2.0, 3.0}, {-0.5, 0.0, 10.0}};
    double out[2][3];
    my_callback(&in[0][0], &out[0][0], 2, 3);
    printf("my_callback");
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
            printf(" %.1f", out[i][j]);
        }
    }
    printf("\n");

    double values[4] = {1.0, 2.0, 4.0, 0.5};
    double inverses[4];
    invert(values, inverses, 4);
    printf("invert %.2f %.2f %.2f %.2f\n", inverses[0], inverses[1], inverses[2], inverses[3]);

    my_struct records[2] = {
        {3, 1.5f, 2.0, {0.5f, 1.0f, 1.5f, 2.0f, 2.5f, 3.0f, 3.5f}},
        {-2, 0.25f, 4.0, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f}},
    };
    printf("foo %.3f\n", foo(records, 2));

    printf("last error %s\n", cfunc_last_error() == NULL ? "none" : cfunc_last_error());
    return 0;
}
