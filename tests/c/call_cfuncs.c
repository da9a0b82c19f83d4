/* A C program that calls cfuncs exported from a Rust cdylib, through
 * function pointers, as a C library calls its callbacks. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

double add(double x, double y);
int32_t cfunc_fixture_mul(int32_t x, int32_t y);
double sum_doubles(double *values, int n);
double sqrt_or_panic(double x);
int checked_div100(int x);
double log_or_edom(double x);
void abort_if_negative(int x);
typedef struct { double factor; } Scale;
double scaled(double x, void *params);
double scaled_or_identity(double x, void *params);
void bump(void *counter);
const char *cfunc_last_error(void);
void cfunc_clear_last_error(void);

typedef double (*binary_fn)(double, double);
typedef double (*unary_fn)(double);

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "abort") == 0) {
        abort_if_negative(-7);
        printf("not reached\n");
        return 0;
    }

    binary_fn f = add;
    printf("add %.1f\n", f(4.0, 5.0));

    /* Looked up by native name, as Numba's `native_name` is meant to be. */
    binary_fn g = (binary_fn)dlsym(RTLD_DEFAULT, "add");
    printf("dlsym add %.1f\n", g ? g(1.5, 2.0) : -1.0);
    int32_t (*m)(int32_t, int32_t) = (int32_t (*)(int32_t, int32_t))dlsym(RTLD_DEFAULT, "cfunc_fixture_mul");
    printf("mul %d\n", m ? m(6, 7) : -1);
    printf("mul direct %d\n", cfunc_fixture_mul(-3, 7));

    double values[4] = {1.0, 2.0, 3.0, 4.5};
    printf("sum %.1f\n", sum_doubles(values, 4));

    unary_fn s = sqrt_or_panic;
    printf("sqrt %.1f\n", s(16.0));
    cfunc_clear_last_error();
    printf("sqrt panic %.1f\n", s(-4.0));
    const char *message = cfunc_last_error();
    printf("last error: %s\n", message ? message : "(none)");
    cfunc_clear_last_error();
    printf("cleared: %s\n", cfunc_last_error() ? "no" : "yes");

    printf("div %d\n", checked_div100(4));
    printf("div panic %d\n", checked_div100(0));

    errno = 0;
    double l = log_or_edom(-1.0);
    printf("log panic isnan=%d errno=%d\n", isnan(l), errno);

    Scale scale = {2.5};
    printf("scaled %.2f\n", scaled(4.0, &scale));
    printf("scaled null %.2f\n", scaled(4.0, NULL));
    printf("scaled_or_identity %.2f %.2f\n", scaled_or_identity(4.0, &scale), scaled_or_identity(4.0, NULL));
    int64_t counter = 41;
    bump(&counter);
    printf("counter %lld\n", (long long)counter);

    printf("still running\n");
    return 0;
}
