/* Calls the cfuncs of by_value.py through its header and library, and
 * prints each result; call_by_value.py prints the same lines from Python. */
#include <stdio.h>

#include "by_value.h"

static void print_complex(const char *name, double _Complex z) {
    printf("%s = %.17g %.17g\n", name, creal(z), cimag(z));
}

int main(void) {
    interval i = {-1.5, 2.25};
    printf("clamp(i, -3) = %.17g\n", clamp(i, -3.0));
    printf("clamp(i, 0.5) = %.17g\n", clamp(i, 0.5));
    printf("clamp(i, 7) = %.17g\n", clamp(i, 7.0));
    sample s = {-3, 1.25, 0.5f};
    printf("late_sample = %.17g\n", late_sample(1, -2, 3, -4, 5, s, 6, 0.125));
    triple t = {0.5, -1.5, 2.75};
    printf("weighted_triple = %.17g\n",
           weighted_triple(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, t, -0.25));
    print_complex("affine", affine(2.5, CMPLX(1.0, -2.0), 3));
    print_complex("product", product(CMPLXF(1.5f, 0.5f), CMPLXF(-2.0f, 4.0f)));
    printf("norm2 = %.17g\n", norm2(CMPLX(3.0, -4.0)));
    return 0;
}
