/* A C program written against the header that the fixture library
 * generates for its own cfuncs. */
#include <stdio.h>

#include "callbacks.h"

/* The user data `scaled` expects; opaque to the header (`void *`). */
typedef struct { double factor; } Scale;

int main(void) {
    double (*binary)(double, double) = add;
    printf("add %.1f\n", binary(2.0, 3.5));
    printf("mul %d\n", cfunc_fixture_mul(6, 7));
    double values[3] = {0.5, 0.25, 0.25};
    printf("sum %.2f\n", sum_doubles(values, 3));
    Scale scale = {3.0};
    printf("scaled %.1f\n", scaled(2.0, &scale));
    cfunc_clear_last_error();
    printf("panic %.1f\n", sqrt_or_panic(-1.0));
    printf("has error %d\n", cfunc_last_error() != NULL);
    return 0;
}
