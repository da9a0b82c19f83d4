/* The C side of the by-value ABI matrix (tests/abi_matrix.rs).
 *
 * For every type T (small structs, a struct over 16 bytes, a struct with a
 * nested array, float and double _Complex) it defines six functions whose
 * argument lists put T in different places among integer and float
 * arguments: first, after five integers (one integer register left), after
 * seven doubles (one SSE register left), after more integers and doubles
 * than there are registers (on the stack), alone, and as a result only.
 * Each result is `shift(s, h, f)`: every field of `s` moved by an amount
 * that depends on every other argument and on its position, so an
 * argument read from the wrong register or stack slot changes the result.
 *
 * `abi_check_<T>` calls six function pointers of those types (cfuncs,
 * libffi closures) with fixed arguments and compares each result with
 * this file's own functions; it returns a bit mask of the shapes that
 * differ. The Rust test calls the functions here through the dynamic
 * caller, and hands cfuncs and closures to the checkers.
 */

#include <complex.h>
#include <stdint.h>

typedef struct f32x2 { float a, b; } f32x2;
typedef struct f64x2 { double a, b; } f64x2;
typedef struct i32_f64 { int32_t a; double b; } i32_f64;
typedef struct f64x3 { double a, b, c; } f64x3;
typedef struct i8_i16_i32 { int8_t a; int16_t b; int32_t c; } i8_i16_i32;
typedef struct f32x3 { float a, b, c; } f32x3;
typedef struct tagged_f32x3 { int32_t tag; float v[3]; } tagged_f32x3;
typedef float _Complex c64;
typedef double _Complex c128;

/* Moves of field `j` by the integer sum `h` and the float sum `f`. Every
 * value stays small and exact in float, so no rounding is involved. */
#define INT_MOVE(j) ((h + (j)) % 97)
#define FLOAT_MOVE(j) (f + (double)((h + (j)) % 97))

static f32x2 shift_f32x2(f32x2 s, int64_t h, double f) {
    return (f32x2){s.a + (float)FLOAT_MOVE(0), s.b + (float)FLOAT_MOVE(1)};
}
static f64x2 shift_f64x2(f64x2 s, int64_t h, double f) {
    return (f64x2){s.a + FLOAT_MOVE(0), s.b + FLOAT_MOVE(1)};
}
static i32_f64 shift_i32_f64(i32_f64 s, int64_t h, double f) {
    return (i32_f64){s.a + (int32_t)INT_MOVE(0), s.b + FLOAT_MOVE(1)};
}
static f64x3 shift_f64x3(f64x3 s, int64_t h, double f) {
    return (f64x3){s.a + FLOAT_MOVE(0), s.b + FLOAT_MOVE(1), s.c + FLOAT_MOVE(2)};
}
static i8_i16_i32 shift_i8_i16_i32(i8_i16_i32 s, int64_t h, double f) {
    return (i8_i16_i32){(int8_t)(s.a + INT_MOVE(0)), (int16_t)(s.b + INT_MOVE(1)),
                        (int32_t)(s.c + INT_MOVE(2))};
}
static f32x3 shift_f32x3(f32x3 s, int64_t h, double f) {
    return (f32x3){s.a + (float)FLOAT_MOVE(0), s.b + (float)FLOAT_MOVE(1),
                   s.c + (float)FLOAT_MOVE(2)};
}
static tagged_f32x3 shift_tagged_f32x3(tagged_f32x3 s, int64_t h, double f) {
    tagged_f32x3 r = {s.tag + (int32_t)INT_MOVE(0), {0}};
    for (int j = 0; j < 3; j++) r.v[j] = s.v[j] + (float)FLOAT_MOVE(j + 1);
    return r;
}
static c64 shift_c64(c64 s, int64_t h, double f) {
    return CMPLXF(crealf(s) + (float)FLOAT_MOVE(0), cimagf(s) + (float)FLOAT_MOVE(1));
}
static c128 shift_c128(c128 s, int64_t h, double f) {
    return CMPLX(creal(s) + FLOAT_MOVE(0), cimag(s) + FLOAT_MOVE(1));
}

static int eq_f32x2(f32x2 x, f32x2 y) { return x.a == y.a && x.b == y.b; }
static int eq_f64x2(f64x2 x, f64x2 y) { return x.a == y.a && x.b == y.b; }
static int eq_i32_f64(i32_f64 x, i32_f64 y) { return x.a == y.a && x.b == y.b; }
static int eq_f64x3(f64x3 x, f64x3 y) { return x.a == y.a && x.b == y.b && x.c == y.c; }
static int eq_i8_i16_i32(i8_i16_i32 x, i8_i16_i32 y) {
    return x.a == y.a && x.b == y.b && x.c == y.c;
}
static int eq_f32x3(f32x3 x, f32x3 y) { return x.a == y.a && x.b == y.b && x.c == y.c; }
static int eq_tagged_f32x3(tagged_f32x3 x, tagged_f32x3 y) {
    return x.tag == y.tag && x.v[0] == y.v[0] && x.v[1] == y.v[1] && x.v[2] == y.v[2];
}
static int eq_c64(c64 x, c64 y) { return x == y; }
static int eq_c128(c128 x, c128 y) { return x == y; }

/* The sample value each checker passes. */
static f32x2 sample_f32x2(void) { return (f32x2){1.5f, -2.25f}; }
static f64x2 sample_f64x2(void) { return (f64x2){3.5, -4.75}; }
static i32_f64 sample_i32_f64(void) { return (i32_f64){-7, 8.5}; }
static f64x3 sample_f64x3(void) { return (f64x3){1.25, 2.5, -3.75}; }
static i8_i16_i32 sample_i8_i16_i32(void) { return (i8_i16_i32){3, -300, 70000}; }
static f32x3 sample_f32x3(void) { return (f32x3){0.5f, 1.5f, -2.5f}; }
static tagged_f32x3 sample_tagged_f32x3(void) { return (tagged_f32x3){9, {0.25f, -0.5f, 4.0f}}; }
static c64 sample_c64(void) { return CMPLXF(1.75f, -0.5f); }
static c128 sample_c128(void) { return CMPLX(-2.5, 6.25); }

/* The six shapes of one type, the functions of this file that implement
 * them, the struct of pointers a checker takes, and the checker. */
#define ABI_TYPE(T)                                                                          \
    T abi_first_##T(T s, int32_t a1, float x1) { return shift_##T(s, a1, x1); }            \
    T abi_after_ints_##T(int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5, T s,  \
                         int64_t a6, double x1) {                                          \
        return shift_##T(s, a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6, x1);         \
    }                                                                                      \
    T abi_after_floats_##T(double x1, double x2, double x3, double x4, double x5,          \
                           double x6, double x7, T s, double x8, int64_t a1) {             \
        double f = x1 + 2 * x2 + 3 * x3 + 4 * x4 + 5 * x5 + 6 * x6 + 7 * x7 + 8 * x8;     \
        return shift_##T(s, a1, f);                                                        \
    }                                                                                      \
    T abi_on_stack_##T(int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5,         \
                       int64_t a6, int64_t a7, double x1, double x2, double x3, double x4, \
                       double x5, double x6, double x7, double x8, double x9, T s,         \
                       int64_t a8, double x10) {                                           \
        int64_t h = a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6 + 7 * a7 + 8 * a8;     \
        double f = x1 + 2 * x2 + 3 * x3 + 4 * x4 + 5 * x5 + 6 * x6 + 7 * x7 + 8 * x8 +     \
                   9 * x9 + 10 * x10;                                                      \
        return shift_##T(s, h, f);                                                         \
    }                                                                                      \
    T abi_ident_##T(T s) { return s; }                                                     \
    T abi_make_##T(int64_t a1, double x1) {                                                \
        T zero = {0};                                                                      \
        return shift_##T(zero, a1, x1);                                                    \
    }                                                                                      \
    typedef struct abi_fns_##T {                                                           \
        T (*first)(T, int32_t, float);                                                     \
        T (*after_ints)(int64_t, int64_t, int64_t, int64_t, int64_t, T, int64_t, double);  \
        T (*after_floats)(double, double, double, double, double, double, double, T,       \
                          double, int64_t);                                                \
        T (*on_stack)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,       \
                      double, double, double, double, double, double, double, double,      \
                      double, T, int64_t, double);                                         \
        T (*ident)(T);                                                                     \
        T (*make)(int64_t, double);                                                        \
    } abi_fns_##T;                                                                         \
    int abi_check_##T(const abi_fns_##T *fns) {                                            \
        T s = sample_##T();                                                                \
        int failed = 0;                                                                    \
        if (!eq_##T(fns->first(s, -41, 2.5f), abi_first_##T(s, -41, 2.5f))) failed |= 1;  \
        if (!eq_##T(fns->after_ints(1, -2, 3, -4, 5, s, 6, 0.5),                           \
                    abi_after_ints_##T(1, -2, 3, -4, 5, s, 6, 0.5)))                       \
            failed |= 2;                                                                   \
        if (!eq_##T(fns->after_floats(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, s, 7.5, 11),      \
                    abi_after_floats_##T(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, s, 7.5, 11)))  \
            failed |= 4;                                                                   \
        if (!eq_##T(fns->on_stack(1, 2, 3, 4, 5, 6, 7, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5,    \
                                  1.75, 2.0, 2.25, s, -8, 2.5),                            \
                    abi_on_stack_##T(1, 2, 3, 4, 5, 6, 7, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, \
                                     1.75, 2.0, 2.25, s, -8, 2.5)))                        \
            failed |= 8;                                                                   \
        if (!eq_##T(fns->ident(s), s)) failed |= 16;                                       \
        if (!eq_##T(fns->make(13, -1.5), abi_make_##T(13, -1.5))) failed |= 32;            \
        return failed;                                                                     \
    }

ABI_TYPE(f32x2)
ABI_TYPE(f64x2)
ABI_TYPE(i32_f64)
ABI_TYPE(f64x3)
ABI_TYPE(i8_i16_i32)
ABI_TYPE(f32x3)
ABI_TYPE(tagged_f32x3)
ABI_TYPE(c64)
ABI_TYPE(c128)

/* The by-pointer twins of complex cfuncs (`<name>_byref`): each complex
 * argument by pointer, the complex result through the last pointer. */
#define ABI_BYREF(T)                                                                       \
    typedef struct abi_byref_fns_##T {                                                     \
        void (*first)(const T *, int32_t, float, T *);                                     \
        void (*ident)(const T *, T *);                                                     \
        void (*make)(int64_t, double, T *);                                                \
    } abi_byref_fns_##T;                                                                   \
    int abi_check_byref_##T(const abi_byref_fns_##T *fns) {                                \
        T s = sample_##T(), out = 0;                                                       \
        int failed = 0;                                                                    \
        fns->first(&s, -41, 2.5f, &out);                                                   \
        if (!eq_##T(out, abi_first_##T(s, -41, 2.5f))) failed |= 1;                        \
        fns->ident(&s, &out);                                                              \
        if (!eq_##T(out, s)) failed |= 16;                                                 \
        fns->make(13, -1.5, &out);                                                         \
        if (!eq_##T(out, abi_make_##T(13, -1.5))) failed |= 32;                            \
        return failed;                                                                     \
    }

ABI_BYREF(c64)
ABI_BYREF(c128)
