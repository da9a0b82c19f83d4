# The differential suite: every function here is compiled by real Numba
# (tests/python/run_numba.py) and by `cfunc::python!`
# (tests/python_differential.rs), called on the inputs listed in
# differential_cases.json, and the results are compared bit for bit.
#
# Each function is small and exercises one construct, so that a difference
# names the construct. The file must stay valid Python that Numba compiles.
import cmath
import math

import numba
import numpy as np
from numba import carray, cfunc, farray, jit, njit, types

# Module-level constants, read by the cfuncs below.
SCALE = 3
OFFSET = 0.25
THRESHOLD = SCALE * 10

ptr_f64 = types.CPointer(types.float64)
fill_sig = types.void(ptr_f64, types.intp, types.float64)


# --- integer arithmetic --------------------------------------------------


@cfunc("int64(int64, int64)")
def int_add(a, b):
    return a + b


@cfunc("int64(int64, int64)")
def int_sub(a, b):
    return a - b


@cfunc("int64(int64, int64)")
def int_mul(a, b):
    return a * b


@cfunc("float64(int64, int64)")
def int_truediv(a, b):
    return a / b


@cfunc("int64(int64, int64)")
def int_floordiv(a, b):
    return a // b


@cfunc("int64(int64, int64)")
def int_mod(a, b):
    return a % b


@cfunc("int64(int64, int64)")
def int_pow(a, b):
    return a ** b


# Numba negates and inverts a narrow integer in its own width, then widens
# (found by fuzz/differential): `-p` of the int32 -2**31 is -2**31, of the
# uint8 1 is 255.
@cfunc("int64(intc, int64)")
def negate_intc(a, b):
    return b + (-a)


@cfunc("uint64(uint8)")
def negate_uint8(a):
    return -a


@cfunc("uint64(uint8)")
def invert_uint8(a):
    return ~a


@cfunc("int64(int8)")
def invert_int8(a):
    return ~a


@cfunc("int64(int64)")
def int_pow_zero(a):
    return a ** 0


@cfunc("int64(int64)")
def int_square_literal(a):
    return a ** 2 - 3 ** a


@cfunc("int32(int32, int32)")
def int32_mul(a, b):
    # computed in int64, truncated to int32 on return
    return a * b


@cfunc("uint64(uint64, uint64)")
def uint_sub(a, b):
    return a - b


@cfunc("int64(int64)")
def unary_ops(a):
    return -a + (+a) * 2 - (~a)


@cfunc("int64(int64)")
def int_invert(a):
    return ~a


@cfunc("int64(int64, int64)")
def bit_and(a, b):
    return a & b


@cfunc("int64(int64, int64)")
def bit_or(a, b):
    return a | b


@cfunc("int64(int64, int64)")
def bit_xor(a, b):
    return a ^ b


@cfunc("int64(int64, int64)")
def shift_left(a, n):
    return a << n


@cfunc("int64(int64, int64)")
def shift_right(a, n):
    return a >> n


@cfunc("uint64(uint64, int64)")
def uint_shift_right(a, n):
    return a >> n


@cfunc("int64(int64)")
def abs_int(a):
    return abs(a)


# --- float arithmetic ----------------------------------------------------


@cfunc("float64(float64, float64)")
def float_add(x, y):
    return x + y


@cfunc("float64(float64, float64)")
def float_truediv(x, y):
    return x / y


@cfunc("float64(float64, float64)")
def float_floordiv(x, y):
    return x // y


@cfunc("float64(float64, float64)")
def float_mod(x, y):
    return x % y


@cfunc("float64(float64, float64)")
def float_pow(x, y):
    return x ** y


@cfunc("float64(float64, int64)")
def float_pow_int(x, n):
    return x ** n


@cfunc("float64(int64, float64)")
def int_pow_float(n, y):
    return n ** y


@cfunc("float64(float64)")
def float_unary(x):
    return -x + (+x) * 0.5


@cfunc("boolean(float64)")
def float_not(x):
    return not x


@cfunc("float64(float64)")
def abs_float(x):
    return abs(x)


@cfunc("float64(int64, float64)")
def mixed_arith(n, x):
    return n * x + n // 2 - x / n


@cfunc("float32(float32, float32)")
def f32_add(x, y):
    return x + y


@cfunc("float32(float32, float32)")
def f32_mul_add(x, y):
    return x * y + x / y


@cfunc("float64(float32, float32)")
def f32_sum_widened(x, y):
    # the sum rounds to float32 before the return widens it
    return x + y


@cfunc("float32(float32, int64)")
def f32_pow_int(x, n):
    return x ** n


@cfunc("float64(float32, float64)")
def f32_plus_f64(x, y):
    return x + y


@cfunc("float64(float64, float64)")
def nan_inf_propagation(x, y):
    return (x - y) * 2.0 + x / 3.0


# --- comparisons and booleans --------------------------------------------


@cfunc("boolean(int64, int64, int64)")
def chained_compare(a, b, c):
    return a < b <= c


@cfunc("boolean(float64, float64, float64)")
def chained_compare_float(a, b, c):
    return a < b < c != a


@cfunc("boolean(int64, float64)")
def mixed_equal(a, x):
    return a == x


@cfunc("boolean(int64, float64)")
def mixed_less(a, x):
    return a < x


@cfunc("boolean(int64, uint64)")
def int_uint_less(a, b):
    return a < b


@cfunc("boolean(int32, uint32)")
def int32_uint32_less(a, b):
    return a < b


@cfunc("float64(float64)")
def or_operand(x):
    return x or 2.5


@cfunc("float64(int64)")
def or_mixed_operand(n):
    return n or 2.5


@cfunc("int64(int64, int64)")
def and_operand(a, b):
    return a and b


@cfunc("boolean(boolean, boolean, boolean)")
def bool_logic(p, q, r):
    return (p and not q) or (q and r)


@cfunc("boolean(int64, int64)")
def bool_bitwise(a, b):
    return (a > 0) & (b > 0) | (a == b) ^ (a < -5)


@cfunc("float64(float64)")
def conditional_expr(x):
    return x if x > 0 else -2 * x


@cfunc("int64(float64)")
def if_elif_else(x):
    if x < -1.0:
        return -2
    elif x < 0.0:
        return -1
    elif x == 0.0:
        return 0
    else:
        return 1


# --- loops -----------------------------------------------------------------


@cfunc("int64(int64)")
def range_stop(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


@cfunc("int64(int64, int64)")
def range_start_stop(a, b):
    total = 0
    for i in range(a, b):
        total = total * 3 + i
    return total


@cfunc("int64(int64, int64, int64)")
def range_step(a, b, step):
    total = 0
    count = 0
    for i in range(a, b, step):
        total += i
        count += 1
    return total * 1000 + count


@cfunc("int64(int64)")
def while_collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@cfunc("int64(int64)")
def break_continue(n):
    total = 0
    for i in range(100):
        if i % 3 == 0:
            continue
        if i > n:
            break
        total += i
    return total


@cfunc("int64(int64)")
def for_else_prime(n):
    if n < 2:
        return 0
    for d in range(2, n):
        if d * d > n:
            break
        if n % d == 0:
            return d
    else:
        return -1
    return 1


@cfunc("int64(int64, int64)")
def while_else(n, stop):
    i = 0
    while i < n:
        if i == stop:
            break
        i += 1
    else:
        i = -i
    return i


@cfunc("int64(int64)")
def pass_statement(n):
    total = 0
    for i in range(n):
        if i % 2:
            pass
        else:
            total += i
    return total


@cfunc("int64(int64)")
def nested_loops(n):
    total = 0
    for i in range(n):
        for j in range(i, n):
            if j == i + 3:
                break
            total += i * j
    return total


@cfunc("float64(int64)")
def while_true_break(n):
    x = 1.0
    k = 0
    while True:
        x = x * 0.5 + 1.0
        k += 1
        if k >= n:
            break
    return x


# --- assignment, unification, tuples, casts ------------------------------


@cfunc("int64(int64)")
def augmented_assign(a):
    x = a
    x += 3
    x *= 5
    x -= 7
    x //= 2
    x %= 1000
    x **= 2
    x <<= 2
    x >>= 1
    x |= 1
    x &= 0xFFFF
    x ^= 0x5A5A
    return x


@cfunc("float64(float64)")
def augmented_assign_float(y):
    y += 1.5
    y *= 2.0
    y /= 3.0
    y //= 0.5
    y %= 7.0
    y **= 2
    return y


@cfunc("int64(int64)")
def tuple_swap_fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@cfunc("float64(int64, float64)")
def tuple_unpack_mixed(n, x):
    t = (n, x, n * 2)
    p, q, r = t
    return p + q * r


@cfunc("float64(int64)")
def unify_in_branch(n):
    x = 1
    if n > 0:
        x = 2.5
    return x * n


@cfunc("float64(int64)")
def unify_in_loop(n):
    acc = 0
    for i in range(n):
        acc = acc + i / 2
    return acc


@cfunc("float64(int64)")
def param_reassigned(n):
    # a parameter is a variable like any other: it becomes float64 here
    n = n / 2
    return n


@cfunc("float64(float32, int64)")
def param_widened_in_loop(x, n):
    for i in range(n):
        x = x * 1.1
    return x


@cfunc("int64(int64)")
def reassigned_after_use(n):
    x = n
    y = x // 3
    x = 0.5
    return y + int(x)


@cfunc("int64(float64)")
def return_truncates(x):
    return x * 1.5


@cfunc("int32(float64)")
def return_int32(x):
    return x


@cfunc("boolean(float64)")
def return_bool(x):
    return x


@cfunc("float64(int64)")
def return_float_from_int(n):
    return n * 3


@cfunc("int64(float64)")
def int_builtin(x):
    return int(x) + int(-x)


@cfunc("float64(int64)")
def float_builtin(n):
    return float(n) / 4


@cfunc("boolean(float64)")
def bool_builtin(x):
    return bool(x)


@cfunc("int64(float64)")
def round_half_even(x):
    return round(x)


@cfunc("float64(float64, int64)")
def round_ndigits(x, n):
    return round(x, n)


@cfunc("float64(float64, float64)")
def min_float(x, y):
    return min(x, y)


@cfunc("float64(float64, float64)")
def max_float(x, y):
    return max(x, y)


@cfunc("float64(int64, float64, int64)")
def min_max_mixed(a, x, b):
    return max(a, x, b) - min(a, x, b)


@cfunc("int64(int64, int64)")
def min_int(a, b):
    return min(a, b)


# --- math and numpy functions ----------------------------------------------


@cfunc("float64(float64)")
def math_exp(x):
    return math.exp(x)


@cfunc("float64(float64)")
def math_log(x):
    return math.log(x)


@cfunc("float64(float64)")
def math_log1p(x):
    return math.log1p(x)


@cfunc("float64(float64)")
def math_expm1(x):
    return math.expm1(x)


@cfunc("float64(float64)")
def math_sqrt(x):
    return math.sqrt(x)


@cfunc("float64(float64)")
def math_trig(x):
    return math.sin(x) + math.cos(x) * 2.0 + math.tan(x) * 4.0


@cfunc("float64(float64, float64)")
def math_atan2(y, x):
    return math.atan2(y, x)


@cfunc("float64(float64, float64)")
def math_hypot(x, y):
    return math.hypot(x, y)


@cfunc("int64(float64)")
def math_floor_ceil_trunc(x):
    return math.floor(x) * 10000 + math.ceil(x) * 100 + math.trunc(x)


@cfunc("float64(float64, float64)")
def math_fabs_copysign(x, y):
    return math.fabs(x) + math.copysign(3.0, y)


@cfunc("int64(float64)")
def math_classify(x):
    return math.isnan(x) * 100 + math.isinf(x) * 10 + math.isfinite(x)


@cfunc("float64(float64)")
def math_erf(x):
    return math.erf(x)


@cfunc("float64(float64)")
def math_gamma(x):
    return math.gamma(x)


@cfunc("float64(float64)")
def math_degrees_radians(x):
    return math.degrees(x) + math.radians(x)


@cfunc("float64(float64, float64)")
def math_pow(x, y):
    return math.pow(x, y)


@cfunc("float64(float64)")
def math_constants(x):
    return x * math.pi + math.e


@cfunc("float64(int64)")
def special_constants(k):
    if k == 0:
        return math.inf
    elif k == 1:
        return -np.inf
    elif k == 2:
        return math.nan
    return np.pi - np.e


@cfunc("float64(float64)")
def np_exp_log(x):
    return np.exp(x) - np.log(x)


@cfunc("float64(float64)")
def np_sqrt(x):
    return np.sqrt(x)


@cfunc("float64(float64)")
def np_floor_ceil_trunc(x):
    return np.floor(x) * 100.0 + np.ceil(x) * 10.0 + np.trunc(x)


@cfunc("float64(float64, float64)")
def np_power(x, y):
    return np.power(x, y)


@cfunc("float64(float64, float64)")
def np_arctan2(y, x):
    return np.arctan2(y, x)


@cfunc("int64(float64)")
def np_classify(x):
    return np.isnan(x) * 100 + np.isinf(x) * 10 + np.isfinite(x)


@cfunc("float64(float64)")
def np_trig(x):
    return np.sin(x) * np.cos(x) - np.tan(x)


@cfunc("float64(float64, float64)")
def np_misc(x, y):
    return np.log1p(x) * np.expm1(y) + np.hypot(x, y) - np.copysign(x, y)


@cfunc("float64(float64)")
def np_degrees_radians_abs(x):
    return np.degrees(x) - np.radians(x) + np.abs(-x) + np.fabs(x)


@cfunc("float64(float64, int64)")
def np_power_int(x, n):
    return np.power(x, n)


@cfunc("float64(int64, float64)")
def mixed_floordiv_mod(n, x):
    return n // x + n % x


@cfunc("boolean(boolean, float64)")
def bool_float_compare(p, x):
    return p < x


@cfunc("int64(float32)")
def round_f32(x):
    return round(x)


@cfunc("int64(int64)")
def math_floor_of_int(n):
    return math.floor(n) + math.ceil(n) * 2


@cfunc("float32(float32)")
def f32_math(x):
    return math.sqrt(x) + math.exp(x) - math.fabs(x)


@cfunc("float64(int64)")
def math_of_int(n):
    return math.sqrt(n) + math.log1p(n)


# --- pointers and arrays ---------------------------------------------------


@cfunc("void(CPointer(float64), float64)")
def write_through_pointer(out, x):
    out[0] = x * 2.0
    out[1] = x // 3.0
    out[2] = -x


@cfunc(fill_sig)
def fill_buffer(out, n, value):
    for i in range(n):
        out[i] = value * i + OFFSET


@cfunc("int64(CPointer(int64), int64)")
def pointer_read_sum(p, n):
    total = 0
    for i in range(n):
        total += p[i] * (i + 1)
    return total


@cfunc("void(CPointer(int64), int64)")
def pointer_aug_assign(p, n):
    for i in range(n):
        p[i] += i * SCALE
        p[i] //= 2


@cfunc("float64(CPointer(float64), int64, int64)")
def carray_2d_sum(data, m, n):
    arr = carray(data, (m, n))
    rows, cols = arr.shape
    total = 0.0
    for i in range(rows):
        for j in range(cols):
            total += arr[i, j] * (i + 1) - j
    return total


@cfunc("float64(CPointer(float64), int64, int64)")
def farray_index(data, m, n):
    arr = farray(data, (m, n))
    return arr[m - 1, 0] * 10.0 + arr[0, n - 1]


@cfunc("int64(CPointer(float64), int64, int64)")
def farray_shape(data, m, n):
    arr = farray(data, (m, n))
    rows, cols = arr.shape
    total = 0.0
    for j in range(cols):
        for i in range(rows):
            total = total * 2.0 + arr[i, j]
    return rows * 1000 + cols * 100 + int(total)


@cfunc("int64(CPointer(float64), int64, int64)")
def array_len_size(data, m, n):
    arr = carray(data, (m, n))
    return len(arr) * 100 + arr.size


@cfunc("float64(CPointer(float64), int64)")
def array_sum_f64(data, n):
    return carray(data, n).sum()


@cfunc("float32(CPointer(float32), int64)")
def array_sum_f32(data, n):
    return carray(data, (n,)).sum()


@cfunc("int64(CPointer(int32), int64)")
def array_sum_i32(data, n):
    return carray(data, (n,)).sum()


@cfunc("float64(CPointer(float64), int64)")
def negative_index(data, n):
    arr = carray(data, n)
    return arr[-1] * 100.0 + arr[-n]


@cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")
def double_2d(in_, out, m, n):
    in_array = carray(in_, (m, n))
    out_array = carray(out, (m, n))
    for i in range(m):
        for j in range(n):
            out_array[i, j] = 2 * in_array[i, j]


@cfunc("void(CPointer(float64), int64)")
def array_write_negative(data, n):
    arr = carray(data, (n,))
    arr[-1] = arr[0] + 1.0
    arr[0] = arr.sum()


@cfunc("int64(CPointer(float64), int64)")
def array_loop(data, n):
    arr = carray(data, n)
    count = 0
    for value in arr:
        if value > 0.0:
            count += 1
    return count


# --- array loops run in chunks ---------------------------------------------
# Loops that write arrays run in chunks of 64 iterations with the index and
# zero-divisor checks lifted when a chunk passes them ahead; a chunk with a
# zero divisor runs checked. These cases span several chunks, with zeros in
# the first, a middle and the last one: the buffers must end as Numba leaves
# them, written up to the iteration that raises.


@cfunc(types.void(ptr_f64, ptr_f64, types.intp))
def chunked_invert(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    for i in range(n):
        out[i] = 1 / in_[i]


@cfunc(types.void(ptr_f64, ptr_f64, types.intp), error_model="numpy")
def chunked_invert_numpy(in_ptr, out_ptr, n):
    in_ = carray(in_ptr, n)
    out = carray(out_ptr, n)
    for i in range(n):
        out[i] = 1 / in_[i]


@cfunc(types.void(ptr_f64, types.intp, types.int64))
def chunked_in_place(data, n, k):
    arr = carray(data, n)
    for i in range(n):
        arr[i] = arr[i] / (i - k) + OFFSET


@cfunc(types.void(ptr_f64, types.intp, types.int64))
def chunked_negative_start(data, n, k):
    arr = carray(data, n)
    for i in range(-k, n):
        arr[i] += 1.0 / (i + k + 1)


@cfunc(types.void(ptr_f64, types.int64, types.int64))
def chunked_rows(data, m, n):
    grid = carray(data, (m, n))
    for r in range(m):
        for c in range(n):
            grid[r, c] = grid[r, c] / (c + 1 - r * 50)


# --- calls, constants, exceptions ------------------------------------------


@cfunc("float64(float64)")
def helper_square(x):
    return x * x


@cfunc("float64(float64, float64)")
def calls_other_cfunc(x, y):
    return helper_square(x) + helper_square(y) * SCALE


@cfunc("int64(int64)")
def module_constants(n):
    if n > THRESHOLD:
        return n * SCALE
    return n - SCALE


@cfunc("float64(float64)")
def raise_value_error(x):
    if x < 0.0:
        raise ValueError("x must be non-negative")
    return math.sqrt(x)


@cfunc("int64(int64, int64)")
def int_division_by_zero(a, b):
    return a // b + a % (b + 1)


@cfunc("float64(float64, float64)")
def float_division_by_zero(x, y):
    return x / y


# Python names that are Rust keywords: raw identifiers in Rust, the same
# names in C.
@cfunc("int64(int64)")
def loop(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


@cfunc("float64(float64)")
def match(x):
    return loop(3) * x


@cfunc("float64(float64)")
def lgamma_of(x):
    return math.lgamma(x)


# Numba's `locals=`: a declared local keeps its type, and each assignment
# converts to it (8 / 3 stored in an int64 is 2).
@cfunc("float64(int64, int64)", locals={"c": types.int64})
def division_into_an_int64_local(a, b):
    c = a / b
    return c


@cfunc("float64(float64, int64)", locals={"scaled": types.float32, "count": types.float64})
def accumulation_into_declared_locals(x, n):
    scaled = 0
    count = 0
    for i in range(n):
        scaled += x * i
        count += 1
    return scaled + count


# Numba types each assignment (SSA) and unifies only where control flow
# joins: `x // 3` divides the int64 `n`, exactly above 2**53, even though
# `x` is float64 after the `if`.
@cfunc("float64(int64)")
def type_changes_in_a_branch(n):
    x = n
    y = x // 3
    if n > 100:
        x = 0.5
    return y + x


@cfunc("float64(int64, int64)")
def type_changes_in_a_loop(n, m):
    acc = 0
    k = m
    q = k // 7
    for i in range(n):
        acc = acc + 0.5
        k = i * 0.25
    return acc + q + k


# A value travels one local per iteration: the float reaches `x0` after 17
# iterations, and inference must follow it all the way (`x0` is float64).
@cfunc("float64(int64)")
def shifted_locals(n):
    x0 = 0
    x1 = 0
    x2 = 0
    x3 = 0
    x4 = 0
    x5 = 0
    x6 = 0
    x7 = 0
    x8 = 0
    x9 = 0
    x10 = 0
    x11 = 0
    x12 = 0
    x13 = 0
    x14 = 0
    x15 = 0
    x16 = 0
    x17 = 0
    for i in range(n):
        x0 = x1
        x1 = x2
        x2 = x3
        x3 = x4
        x4 = x5
        x5 = x6
        x6 = x7
        x7 = x8
        x8 = x9
        x9 = x10
        x10 = x11
        x11 = x12
        x12 = x13
        x13 = x14
        x14 = x15
        x15 = x16
        x16 = x17
        x17 = 0.5 * i + 0.25
    return x0 + x1 + x17


# A negative literal exponent is unrolled into products and one inverse;
# inverting a product that is (or underflows to) 0 raises, as in Numba.
@cfunc("float64(float64)")
def float_pow_negative_literal(x):
    return x ** -2


@cfunc("float32(float32)")
def f32_pow_negative_literal(x):
    return x ** -3


@cfunc("float64(float64)", error_model="numpy")
def float_pow_negative_literal_numpy(x):
    return x ** -2



# --- helpers: @njit functions that cfuncs call -----------------------------
# Each helper is compiled once per tuple of argument types, as Numba's
# dispatcher specializes it.


@njit
def square(x):
    return x * x


@numba.njit(cache=False, fastmath=False)
def sum_and_product(a, b):
    return a + b, a * b


@jit(nopython=True)
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


@njit
def fibonacci(n):
    if n < 2:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)


@njit
def is_even(n):
    if n <= 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n <= 0:
        return False
    return is_even(n - 1)


@njit
def hypotenuse(x, y):
    return math.sqrt(square(x) + square(y))


@njit
def store_scaled(p, i, factor):
    p[i] = p[i] * factor


def integrand_body(t, a):
    return np.exp(-t / a) / t**2


jitted_integrand = numba.jit(integrand_body, nopython=True)


@cfunc("int64(int64)")
def helper_square_int(n):
    return square(n)


@cfunc("float64(float64)")
def helper_square_float(x):
    return square(x)


@cfunc("float64(int32, float64)")
def helper_two_specializations(n, x):
    # int32 and float64: two more versions of `square`.
    return square(n) + square(x)


@cfunc("float64(float64, float64)")
def helper_returns_tuple(a, b):
    s, p = sum_and_product(a, b)
    return s - p


@cfunc("int64(int64, int64)")
def helper_tuple_of_ints(a, b):
    pair = sum_and_product(a, b)
    return pair[0] * 3 + pair[1]


@cfunc("int64(int64)")
def helper_factorial(n):
    return factorial(n)


@cfunc("int64(int64)")
def helper_fibonacci(n):
    return fibonacci(n)


@cfunc("boolean(int64)")
def helper_mutual_recursion(n):
    return is_even(n)


@cfunc("float64(float64, float64)")
def helper_calls_helper(x, y):
    return hypotenuse(x, y)


@cfunc("void(CPointer(float64), intp, float64)")
def helper_writes_through_pointer(p, n, factor):
    for i in range(n):
        store_scaled(p, i, factor)


@cfunc("float64(intc, CPointer(float64))")
def helper_jit_wrapped_integrand(n, xx):
    return jitted_integrand(xx[0], xx[1])


# --- factories: module-level functions that make cfuncs --------------------
# Run at compile time by cfunc, as Python runs them: each application is its
# own cfunc, named by the name the module binds, closing over the factory's
# locals as constants.


def make_scaled(function, factor=2.0):
    jitted = numba.njit(function)

    @cfunc("float64(float64)")
    def wrapped(x):
        return factor * jitted(x)

    return wrapped


def cube(x):
    return x * x * x


factory_default_argument = make_scaled(cube)
factory_positional_argument = make_scaled(cube, 3.0)
factory_keyword_argument = make_scaled(cube, factor=-0.5)


# The LowLevelCallable tutorials' factory, returning the cfunc itself.
def integrand_factory(integrand_function):
    jitted_function = numba.jit(integrand_function, nopython=True)

    @cfunc(types.float64(types.intc, types.CPointer(types.float64)))
    def wrapped(n, xx):
        return jitted_function(xx[0], xx[1])

    return wrapped


@integrand_factory
def factory_integrand_exp(t, a):
    return np.exp(-t / a) / t**2


@integrand_factory
def factory_integrand_poly(t, a):
    return t * t - a


@integrand_factory
def factory_integrand_ratio(t, a):
    return (t + 1.0) / (a - t)


def make_affine(offset, scale):
    def inner(x):
        return scale * x + offset

    return cfunc("float64(float64)")(inner)


factory_closure_constants = make_affine(0.25, 4)
factory_closure_negative = make_affine(-1.5, -3)


# A cfunc named like a C library function: its symbol is another name (in
# Numba too the Python name is not the symbol), so it replaces nothing.
@cfunc("float64(float64, float64)")
def copysign(x, y):
    return math.copysign(x, y) * 2.0


# --- module code as real files have it ---------------------------------------
# Imports that only module-level Python uses, constants computed at module
# level with Python's semantics, and names bound twice.

import functools  # noqa: E402
import sys  # noqa: E402
import typing  # noqa: E402

PAIR_A, PAIR_B = 1.5, 2
ROOT_SCALED = math.sqrt(2.0) * PAIR_A
NESTED = (PAIR_A, (PAIR_B, 3.0))
FIRST, (SECOND, THIRD) = NESTED
MIXED = np.exp(-0.5) + math.floor(2.7) + math.atan2(1.0, -1.0)
RECURSION_LIMIT = sys.getrecursionlimit()
Number = typing.Union[int, float]


@cfunc("float64(float64)")
def module_constants_computed(x):
    return x * ROOT_SCALED + PAIR_B + FIRST + SECOND + THIRD + MIXED


@cfunc("float64(float64)")
def rebound(x):
    return x + 1.0


rebound_before = rebound


@cfunc("float64(float64)")
def rebound(x):  # noqa: F811 (as in real files: the last binding wins)
    return x * 10.0


@cfunc("float64(float64)")
def calls_both_bindings(x):
    return rebound(x) - rebound_before(x)


# Guarded imports, as files that also run without Numba write them: cfunc
# takes the branch Numba's Python takes.
try:
    from numba import cfunc as guarded_cfunc

    HAVE_NUMBA = True
except ImportError:
    HAVE_NUMBA = False

    def guarded_cfunc(signature):
        return lambda function: function


if HAVE_NUMBA:

    @guarded_cfunc("float64(float64, float64)")
    def guarded_by_import(x, y):
        return x * 3.0 - y

else:

    def guarded_by_import(x, y):
        return x * 3.0 - y


# --- more helpers, factories and module code -------------------------------


@njit
def mean_of(a, b):
    return (a + b) / 2


@njit
def in_range(x, lo, hi):
    return lo <= x < hi


@njit
def power_sum(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


@njit
def view_total(values):
    total = 0.0
    for v in values:
        total += v
    return total


@njit
def scale_view(values, factor):
    for i in range(len(values)):
        values[i] *= factor


@njit
def pair_and_product(a, b):
    return (a, b), a * b


@cfunc("float64(int64, int64)")
def helper_promotes_ints(a, b):
    return mean_of(a, b)


@cfunc("boolean(float64)")
def helper_returns_bool(x):
    return in_range(x, -1.0, 1.0)


@cfunc("int64(int64)")
def helper_with_loop(n):
    return power_sum(n)


@cfunc("float64(CPointer(float64), intp)")
def helper_reads_view(p, n):
    return view_total(carray(p, n))


@cfunc("void(CPointer(float64), intp, float64)")
def helper_writes_view(p, n, factor):
    values = carray(p, n)
    scale_view(values, factor)
    scale_view(values, factor)


@cfunc("float64(float64, float64)")
def helper_nested_tuple(a, b):
    (x, y), p = pair_and_product(a, b)
    return x - y + p


def make_poly(a, b, c):
    @numba.njit
    def poly(x):
        return (a * x + b) * x + c

    @cfunc("float64(float64)")
    def wrapped(x):
        return poly(x)

    return wrapped


factory_poly_quadratic = make_poly(1.0, -2.0, 0.5)
factory_poly_linear = make_poly(0.0, 3.0, -1.0)


def doubled_as(signature):
    @cfunc(signature)
    def wrapped(x):
        return x * 2

    return wrapped


factory_signature_float32 = doubled_as("float32(float32)")
factory_signature_int64 = doubled_as(types.int64(types.int64))


def compose(outer, inner):
    @cfunc("float64(float64)")
    def composed(x):
        return outer(inner(x))

    return composed


factory_composed = compose(helper_square_float, factory_closure_constants)

TAU = 2 * math.pi
HALF_TAU, QUARTER_TAU = TAU / 2, TAU / 4

try:
    import numba as numba_again
except ImportError:
    BOOST = 1.0
else:
    BOOST = 2.0


@cfunc("float64(float64)")
def module_math_constants(x):
    return x * TAU + HALF_TAU - QUARTER_TAU


@cfunc("float64(float64)")
def guarded_else_constant(x):
    return x * BOOST


def make_weighted(weights):
    @cfunc("float64(float64, float64)")
    def weighted(x, y):
        return weights[0] * x + weights[1] * y

    return weighted


factory_closure_tuple = make_weighted((0.25, 0.75))

LIMITS = (-1.5, (2, 3.5))


@cfunc("float64(float64)")
def module_tuple_constant(x):
    low, (count, high) = LIMITS
    return min(max(x, low), high) * count + LIMITS[1][1]


@njit
def halvings(x):
    if x < 1.0:
        return 0
    return 1 + halvings(x / 2)


@cfunc("int64(float64)")
def helper_recursion_from_float(x):
    return halvings(x)


# `math.trunc` of an int goes through float64 in Numba (found by the
# differential fuzzer): above 2**53 the result is rounded.
@cfunc("int64(int64)")
def math_trunc_of_large_int(n):
    return math.trunc(n)


# A constant of a module cfunc does not load, given with the block as
# `cfunc build --const` gives it (tests/python_differential.rs).
from scipy.constants import c as speed_of_light  # noqa: E402


@cfunc("float64(float64)")
def third_party_constant(seconds):
    return seconds * speed_of_light


# A Python name outside ASCII: its symbol is ASCII (`caf_u00e9`).
@cfunc("float64(float64)")
def café(x):
    return x * 2.0 + 1.0


# --- complex numbers -----------------------------------------------------
# Numba's @cfunc cannot compile a complex slot (ctypes has none), so
# run_numba.py compiles these with numba.njit(signature): see ComplexSlots.


@cfunc("complex128(complex128, complex128)")
def complex_add(a, b):
    return a + b


@cfunc("complex64(complex64, complex64)")
def complex64_sub(a, b):
    return a - b


@cfunc("complex128(complex128, complex128)")
def complex_mul(a, b):
    return a * b


@cfunc("complex64(complex64, complex64)")
def complex64_mul(a, b):
    return a * b


@cfunc("complex128(complex128, complex128)")
def complex_div(a, b):
    return a / b


@cfunc("complex64(complex64, complex64)")
def complex64_div(a, b):
    return a / b


# Complex division raises on a zero divisor under either error model.
@cfunc("complex128(complex128, complex128)", error_model="numpy")
def complex_div_numpy_model(a, b):
    return a / b


@cfunc("complex128(complex64, float64)")
def complex64_plus_float64(z, x):
    return z + x


@cfunc("complex64(complex64, float32)")
def complex64_times_float32(z, x):
    return z * x


@cfunc("complex128(complex64, int32)")
def complex64_plus_int32(z, n):
    return z + n


@cfunc("complex64(complex64, int16)")
def complex64_div_int16(z, n):
    return z / n


@cfunc("complex128(complex64, uint16)")
def complex64_minus_uint16(z, n):
    return z - n


@cfunc("complex128(int64, complex128)")
def int_minus_complex(n, z):
    return n - z


@cfunc("complex128(float64, complex128)")
def float_div_complex(x, z):
    return x / z


@cfunc("complex64(complex64, boolean)")
def complex64_times_bool(z, b):
    return z * b


@cfunc("float64(complex128)")
def complex_abs(z):
    return abs(z)


@cfunc("float32(complex64)")
def complex64_abs(z):
    return abs(z)


@cfunc("float64(complex128)")
def complex_real(z):
    return z.real


@cfunc("float64(complex128)")
def complex_imag(z):
    return z.imag


@cfunc("complex128(complex128)")
def complex_conjugate(z):
    return z.conjugate()


@cfunc("complex64(complex64)")
def complex64_negate(z):
    return -z


@cfunc("boolean(complex128, complex128)")
def complex_eq(a, b):
    return a == b


@cfunc("boolean(complex128, float64)")
def complex_ne_float(z, x):
    return z != x


@cfunc("complex128(float64)")
def complex_literals(x):
    return x * 1j + (2 + 3j) - 1.5j


@cfunc("complex128(float64, float64)")
def complex_constructor(re, im):
    return complex(re, im) + complex(im)


@cfunc("complex64(float32, float32)")
def complex64_constructor(re, im):
    return complex(re, im)


@cfunc("complex128(int64)")
def complex_of_int(n):
    return complex(n)


@cfunc("int64(complex128)")
def complex_truth(z):
    return 1 if z else 0


# Powers by repeated products, then a sum: augmented assignment and a local
# whose type is complex throughout.
@cfunc("complex128(complex128, int64)")
def complex_power_series(z, n):
    term = 1 + 0j
    total = 0j
    for _ in range(n):
        total += term
        term *= z
    return total


# A local assigned a float and a complex unifies to complex128.
@cfunc("complex128(float64)")
def complex_unified_local(x):
    y = x
    if x > 0:
        y = x * 1j
    return y


@cfunc("complex64(complex128)")
def complex64_narrowed(z):
    return np.complex64(z)


@cfunc("complex64(int64)")
def complex64_of_int64(n):
    return np.complex64(n)


# `**`: a product for an exponent of exactly 2+0j, CPython's _Py_c_pow
# otherwise (zero to a negative or complex power gives NaN parts).
@cfunc("complex128(complex128, complex128)")
def complex_pow(a, b):
    return a ** b


@cfunc("complex64(complex64, complex64)")
def complex64_pow(a, b):
    return a ** b


@cfunc("complex128(complex128, int64)")
def complex_pow_int(z, n):
    return z ** n + z ** 2


# Complex constants computed at the module level, as Python computes them.
ROTATION = 1j
SHIFTED = 2 - 0.5j
COMBINED = -ROTATION * SHIFTED / (1 + 1j)


@cfunc("complex128(complex128)")
def complex_module_constants(z):
    return z * ROTATION + SHIFTED - COMBINED


@njit
def complex_square_plus(z, c):
    return z * z + c


# A helper specialized for complex arguments (and for a float one), and a
# float base with a complex exponent.
@cfunc("complex128(float64, complex128)")
def complex_helper_and_float_pow(x, z):
    return complex_square_plus(z, x) + complex_square_plus(x, 0.5) + x ** z


@cfunc("int64(CPointer(float64), int64, int64)")
def shape_indexed_loops(data, m, n):
    arr = farray(data, (m, n))
    total = 0.0
    for j in range(arr.shape[1]):
        for i in range(arr.shape[0]):
            total = total * 2.0 + arr[i, j]
    return arr.shape[0] * 1000 + arr.shape[-1] * 100 + arr.ndim * 10 + int(total)


@cfunc("int64(CPointer(float64), int64, int64)")
def strides_and_itemsize_c(data, m, n):
    arr = carray(data, (m, n))
    s0, s1 = arr.strides
    return s0 * 1000 + s1 * 10 + arr.itemsize


@cfunc("int64(CPointer(float32), int64, int64)")
def strides_and_itemsize_f(data, m, n):
    arr = farray(data, (m, n))
    return arr.strides[0] * 1000 + arr.strides[1] * 10 + arr.itemsize


@cfunc("int64(CPointer(int32), int64, int64)")
def strides_3d(data, m, n):
    arr = carray(data, (2, m, n))
    brr = farray(data, (2, m, n))
    s = arr.strides
    t = brr.strides
    return ((s[0] * 100 + s[1]) * 100 + s[2]) * 1000000 + (t[0] * 100 + t[1]) * 100 + t[2]


# --- reductions of whole arrays -------------------------------------------


@cfunc("float64(CPointer(float64), int64, float64)")
def sum_order(data, n, scale):
    # Magnitudes from 1e-3 to 1e5 times `scale`: a pairwise sum (NumPy's)
    # and a plain loop (Numba's) round these differently.
    arr = carray(data, n)
    for i in range(n):
        arr[i] = ((i * 7919) % 1000 - 500) / 7.0 * (1e-3 if i % 3 == 0 else 1e5) * scale
    return arr.sum()


@cfunc("float64(CPointer(float64), int64, int64)")
def np_sum_farray(data, m, n):
    return np.sum(farray(data, (m, n)))


@cfunc("float64(CPointer(float64), int64)")
def prod_f64(data, n):
    return carray(data, n).prod()


@cfunc("int64(CPointer(int32), int64)")
def prod_i32_wraps(data, n):
    return np.prod(carray(data, n))


@cfunc("uint64(CPointer(uint8), int64)")
def sum_and_prod_u8(data, n):
    arr = carray(data, n)
    return arr.sum() * 1000 + arr.prod()


@cfunc("float64(CPointer(float64), int64)")
def mean_f64(data, n):
    return carray(data, n).mean()


@cfunc("float32(CPointer(float32), int64)")
def mean_f32(data, n):
    return np.mean(carray(data, n))


@cfunc("float64(CPointer(int64), int64)")
def mean_i64(data, n):
    return carray(data, n).mean()


@cfunc("float64(CPointer(float64), int64)")
def var_f64(data, n):
    return carray(data, n).var()


@cfunc("float64(CPointer(float32), int64)")
def var_f32(data, n):
    return np.var(carray(data, n))


@cfunc("float64(CPointer(int32), int64, int64)")
def std_i32_2d(data, m, n):
    return carray(data, (m, n)).std()


@cfunc("float64(CPointer(float64), int64)")
def std_f64(data, n):
    return np.std(carray(data, n))


@cfunc("float64(CPointer(float64), int64)")
def min_f64(data, n):
    return carray(data, n).min()


@cfunc("float32(CPointer(float32), int64)")
def max_f32(data, n):
    return np.max(carray(data, n))


@cfunc("int64(CPointer(int64), int64, int64)")
def amin_amax_i64(data, m, n):
    arr = farray(data, (m, n))
    return np.amin(arr) * 1000 + np.amax(arr)


@cfunc("int64(CPointer(float64), int64)")
def argmin_argmax_1d(data, n):
    arr = carray(data, n)
    return arr.argmin() * 1000 + np.argmax(arr)


@cfunc("int64(CPointer(float64), int64, int64)")
def argmin_argmax_farray(data, m, n):
    # Counted in C order whatever the layout, as Numba's a.flat counts.
    arr = farray(data, (m, n))
    return np.argmin(arr) * 1000 + arr.argmax()


@cfunc("int64(CPointer(int32), int64, int64)")
def argmin_argmax_carray_i32(data, m, n):
    arr = carray(data, (m, n))
    return arr.argmin() * 1000 + np.argmax(arr)


@cfunc("int64(CPointer(float64), int64)")
def any_all_f64(data, n):
    arr = carray(data, n)
    return arr.any() * 10 + np.all(arr)


@cfunc("int64(CPointer(int32), int64, int64)")
def any_all_i32(data, m, n):
    arr = farray(data, (m, n))
    return np.any(arr) * 10 + arr.all()


@cfunc("float64(CPointer(float64), int64)")
def nansum_f64(data, n):
    return np.nansum(carray(data, n))


@cfunc("float64(CPointer(float64), int64)")
def nanprod_f64(data, n):
    return np.nanprod(carray(data, n))


@cfunc("float64(CPointer(float32), int64)")
def nanmean_f32(data, n):
    return np.nanmean(carray(data, n))


@cfunc("float64(CPointer(float64), int64)")
def nanmin_f64(data, n):
    return np.nanmin(carray(data, n))


@cfunc("float64(CPointer(float64), int64)")
def nanmax_f64(data, n):
    return np.nanmax(carray(data, n))


@cfunc("int64(CPointer(int64), int64)")
def nanmin_nanmax_i64(data, n):
    arr = carray(data, n)
    return np.nanmin(arr) * 1000 + np.nanmax(arr) + np.nansum(arr)


@cfunc("float64(CPointer(float64), int64)")
def reductions_in_a_loop(data, n):
    arr = carray(data, n)
    total = 0.0
    for i in range(n):
        total += arr[i] / arr.max() - arr.mean()
    return total


# --- unpacking a 1-d view -------------------------------------------------


@cfunc("float64(CPointer(float64), int64)")
def unpack_view(data, n):
    # A length other than 3 raises ValueError, as in Numba.
    x, y, z = carray(data, n)
    return x * 100.0 + y * 10.0 + z


@cfunc("void(CPointer(float64), CPointer(float64), CPointer(float64))")
def unpack_lorenz(u_, p_, du_):
    u = carray(u_, 3)
    p = carray(p_, 3)
    du = carray(du_, 3)
    x, y, z = u
    sigma, rho, beta = p
    du[0] = sigma * (y - x)
    du[1] = x * (rho - z) - y
    du[2] = x * y - beta * z


@cfunc("int64(CPointer(int32), int64)")
def unpack_farray_then_items(data, n):
    arr = farray(data, n)
    i, j = arr
    a, b = data[0], data[1]
    return (i * 10 + j) * 1000 + a - b


# --- loops over tuples ----------------------------------------------------


@cfunc("float64(float64, float64)")
def tuple_loop_and_len(a, b):
    t = (a, b, 3.0)
    s = 0.0
    for v in t:
        s = s * 2.0 + v
    return s + len(t) + t[-1] * 10.0 + t[0] * 100.0


@cfunc("int64(int64, int64)")
def tuple_of_pairs_loop(a, b):
    t = ((a, b), (b, a), (a, a))
    total = 0
    for pair in t:
        x, y = pair
        total = total * 10 + x - y
    for k in (3, 1, 2):
        total = total * k + 1
    return total


# --- NumPy functions of complex numbers -------------------------------------


@cfunc("float64(complex128, float64)")
def np_complex_parts(z, x):
    w = np.conj(z)
    return np.real(z) * 1000.0 + np.imag(w) * 100.0 + np.angle(z) + np.angle(x) * 10.0 + np.imag(x) + np.real(x)


@cfunc("float64(complex64, int64)")
def np_angle_complex64(z, n):
    return np.angle(z) + np.angle(n) + np.imag(n) + np.real(np.conjugate(z))


# --- array references and local arrays ---------------------------------------


@cfunc("float64(CPointer(float64), int64)")
def view_alias(data, n):
    # Two names for one array, as in Python: writes through one show in
    # the other.
    a = carray(data, n)
    b = a
    for i in range(n):
        b[i] = 2.0 * a[i] + 1.0
    return a.sum() + b[0]


@cfunc("float64(CPointer(float64), int64)")
def zeros_accumulate(data, n):
    a = carray(data, n)
    bins = np.zeros(3)
    for i in range(n):
        bins[i % 3] += a[i]
    return bins[0] * 100.0 + bins[1] * 10.0 + bins[2] + bins.size


@cfunc("float64(int64, int64)")
def ones_2d_float32(m, n):
    w = np.ones((m, n), dtype=np.float32)
    if m > 0 and n > 0:
        w[m - 1, n - 1] = 2.5
    return w.sum() + w.shape[0] * 1000 + w.itemsize * 100 + w.strides[0]


@cfunc("float64(int64)")
def full_and_dtypes(n):
    f = np.full(n, 2.5)
    i = np.full((2, n), 3)
    z = np.zeros(n, dtype="float32")
    o = np.ones(n, dtype=np.int64)
    e = np.empty(n, np.int32)
    b = np.zeros(n, dtype=np.bool_)
    k = np.ones(n, "i2")
    d = np.zeros(n, dtype="d")
    return (f.sum() + i.sum() * 10 + z.sum() + o.sum() * 100 + e.size * 1000 + e.itemsize + b.any()
            + k.itemsize * 10000 + d.itemsize * 100000)


@cfunc("float64(int64, int64, int64)")
def arange_ints(start, stop, step):
    a = np.arange(stop)
    b = np.arange(start, stop)
    c = np.arange(start, stop, step)
    last = c[-1] if len(c) > 0 else -1
    return a.sum() + b.sum() * 1000 + c.sum() * 1000000 + len(c) * 0.5 + last * 0.25


@cfunc("float64(float64, float64, float64)")
def arange_floats(start, stop, step):
    c = np.arange(start, stop, step)
    total = 0.0
    for i in range(len(c)):
        total = total * 1.5 + c[i]
    return total + len(c)


@cfunc("float64(int64, int64)")
def arange_with_dtype(n, k):
    a = np.arange(n, dtype=np.float32)
    b = np.arange(k, n, 3, dtype=np.float64)
    return a.sum() + b.sum() * 100 + a.itemsize


@cfunc("float64(float64, float64, int64)")
def linspace_weighted(start, stop, num):
    q = np.linspace(start, stop, num)
    total = 0.0
    for i in range(len(q)):
        total += q[i] * (i + 1)
    return total


@cfunc("float64(int64)")
def linspace_default_num(k):
    q = np.linspace(0, k, 50)
    r = np.linspace(k, 0.5)
    return q[1] + q[49] * 10 + r[7] + len(r)


@cfunc("float64(CPointer(float64), int64, int64)")
def like_and_copy(data, m, n):
    a = farray(data, (m, n))
    z = np.zeros_like(a)
    o = np.ones_like(a, dtype=np.int32)
    e = np.empty_like(a)
    f = np.full_like(a, 7.0)
    c = a.copy()
    d = np.copy(a)
    a[0, 0] = -1.0
    return (z.sum() + o.sum() * 10 + f.sum() + c[0, 0] * 1000 + d[0, 0] * 100
            + c.strides[0] * 7 + d.strides[0] * 11 + e.strides[1] * 13 + np.argmax(c))


@cfunc("float64(int64)")
def local_arrays_in_a_loop(n):
    # Each iteration makes a new array; the old one lives on through `prev`.
    prev = np.zeros(3)
    total = 0.0
    for i in range(n):
        cur = np.full(3, float(i))
        cur[0] += prev[1]
        total += cur[0] + prev[0]
        prev = cur
    return total


@cfunc("float64(int64)")
def negative_local_shape(n):
    a = np.zeros((2, n))
    return a.sum() + a.size


@njit
def filled(n, value):
    out = np.empty(n)
    for i in range(n):
        out[i] = value * i
    return out


@njit
def scaled(a, k):
    a[0] = a[0] * k
    return a


@cfunc("float64(CPointer(float64), int64)")
def helpers_return_arrays(data, n):
    made = filled(n, 1.5)
    same = scaled(carray(data, n), 3.0)
    return made.sum() + same[0] * 100 + carray(data, n)[0]


# --- views: slices, rows and columns, transposes, assignment to views --------


@cfunc("float64(CPointer(float64), int64, int64, int64)")
def slice_sums(data, n, lo, hi):
    a = carray(data, n)
    v = a[lo:hi]
    return v.sum() + a[:hi].sum() * 10 + a[lo:].sum() * 100 + len(v) * 1000 + v.strides[0] * 10000


@cfunc("float64(CPointer(float64), int64, int64)")
def slice_steps(data, n, step):
    v = carray(data, n)[::step]
    total = 0.0
    for i in range(len(v)):
        total = total * 1.5 + v[i]
    return total + len(v) * 1000 + v.strides[0] * 100000


@cfunc("float64(CPointer(float64), int64, int64, int64, int64)")
def slice_all_bounds(data, n, start, stop, step):
    v = carray(data, n)[start:stop:step]
    total = 0.0
    for i in range(len(v)):
        total = total * 2.0 + v[i]
    return total + len(v) * 1000


@cfunc("float64(CPointer(float64), int64)")
def reversed_view_writes_through(data, n):
    a = carray(data, n)
    r = a[::-1]
    r[0] = 99.0
    r[-1] += 0.5
    return r[1] + r.sum()


@cfunc("float64(CPointer(float64), int64, int64)")
def rows_and_columns(data, m, n):
    a = carray(data, (m, n))
    row = a[1]
    col = a[:, 1]
    same_row = a[1, :]
    block = a[0:2, 1:3]
    last = a[-1]
    return (row.sum() + col.sum() * 10 + block.sum() * 100 + same_row[0] * 1000
            + col.strides[0] + block.strides[0] * 7 + block.strides[1] * 11
            + np.argmax(col) * 13 + last[0] * 17 + block.shape[1] * 19 + row.size * 23)


@cfunc("float64(CPointer(float64), int64, int64)")
def farray_views(data, m, n):
    f = farray(data, (m, n))
    col = f[:, 1]
    row = f[1, :]
    first_rows = f[0:2]
    return (col.sum() + row.sum() * 10 + col.strides[0] + row.strides[0] * 7
            + first_rows.sum() * 100 + first_rows.strides[1] * 11 + np.argmin(row))


@cfunc("float64(CPointer(float64), int64, int64)")
def transposes(data, m, n):
    a = carray(data, (m, n))
    t = a.T
    f = farray(data, (m, n)).T
    return (t[1, 0] + t.shape[0] * 10 + t.strides[0] * 100 + t.strides[1] * 1000
            + np.argmin(t) * 7 + np.argmax(f) * 11 + f[0, 1] * 13 + t.T[0, 1] * 17
            + t[:, 0].sum() * 19)


@cfunc("void(CPointer(float64), int64)")
def assign_scalars_to_views(data, n):
    a = carray(data, n)
    a[1:3] = 0.5
    a[::3] = -1
    a[n - 1:] = 7.0


@cfunc("void(CPointer(float64), int64, int64)")
def assign_arrays_to_views(data, m, n):
    g = carray(data, (m, n))
    g[0] = g[m - 1]
    g[:, 0] = 7.0
    g[1:, n - 1] = g[0, 1:m]


@cfunc("void(CPointer(float64), int64)")
def assign_overlapping_views(data, n):
    a = carray(data, n)
    a[1:] = a[:-1]
    a[:n - 2] = a[2:][::-1][::-1]


@cfunc("void(CPointer(float64), int64, int64)")
def broadcast_a_row_into_a_block(data, m, n):
    g = carray(data, (m, n))
    g[0:2, :] = g[m - 1]
    g[2:, ::2] = g[0, ::2]


@cfunc("float64(CPointer(float64), int64)")
def assign_mismatched_shapes(data, n):
    a = carray(data, n)
    a[0:2] = a[0:3]
    return a[0]


@cfunc("float64(int64, int64)")
def views_of_local_arrays(m, n):
    z = np.zeros((m, n))
    z[1] = 5.0
    z[:, n - 1] = 1.0
    part = z[1:, ::2]
    part[0, 0] = -2.0
    return z.sum() + part.sum() * 10 + part.strides[1] + z[1][0] * 100


@njit
def total_of(v):
    s = 0.0
    for x in v:
        s = s * 1.25 + x
    return s


@njit
def every_other(v):
    return v[::2]


@cfunc("float64(CPointer(float64), int64)")
def views_through_helpers(data, n):
    a = carray(data, n)
    return total_of(a[::2]) + total_of(a[::-1]) * 10 + every_other(a).sum() * 100 + total_of(every_other(a[1:]))


@cfunc("float64(CPointer(float64), int64, int64)")
def rows_in_a_loop(data, m, n):
    g = carray(data, (m, n))
    acc = 0.0
    for i in range(m):
        row = g[i]
        acc = acc * 0.5 + row[i % n] + row[::-1][0]
    return acc


# --- array expressions ---------------------------------------------------------


@cfunc("void(CPointer(float64), CPointer(float64), int64)")
def double_into(in_, out_, n):
    # The seeds' doubling kernel as an array expression.
    inp = carray(in_, n)
    out = carray(out_, n)
    out[:] = 2.0 * inp


@cfunc("float64(CPointer(float64), int64)")
def array_arithmetic(data, n):
    a = carray(data, n)
    b = a * 2 + 1
    c = (a - 0.5) / a
    d = -a + b * c
    e = 1 / (a + 3.0)
    return d.sum() + e.sum() * 10 + c[0]


@cfunc("float64(CPointer(float32), int64)")
def array_float32_types(data, n):
    a = carray(data, n)
    b = a * 2
    c = a * 2.0
    d = 1 / a
    e = a + np.float32(0.1)
    return b.sum() + c.sum() * 10 + d.sum() * 100 + e.sum() * 1000 + b.itemsize + c.itemsize * 10


@cfunc("float64(CPointer(int32), int64)")
def array_int_types(data, n):
    a = carray(data, n)
    b = a + a
    c = a + 1
    d = a / 2
    e = a * 3000000
    f = -a
    g = a & 6
    return (b.sum() + c.sum() * 10 + d.sum() * 100 + e.sum() + f.sum() * 7
            + g.sum() * 11 + b.itemsize * 1000 + c.itemsize * 10000)


@cfunc("float64(CPointer(float64), int64)")
def array_comparisons_and_masks(data, n):
    a = carray(data, n)
    big = a > 1.0
    small = a <= -1.0
    either = big | small
    neither = ~either
    same = a == a
    return big.sum() + small.sum() * 10 + neither.sum() * 100 + same.sum() * 1000 + np.any(either) * 10000


@cfunc("float64(CPointer(float64), int64)")
def array_math_functions(data, n):
    a = carray(data, n)
    r = np.sqrt(np.abs(a)) + np.exp(-a) * np.sin(a) - np.log1p(np.abs(a))
    m = np.minimum(a, 0.5) + np.maximum(a, np.float64(-0.25))
    fl = np.floor(a) + np.isnan(a) + np.isfinite(a) * 2
    return r.sum() + m.sum() * 10 + fl.sum() * 100 + np.abs(-a).sum() * 1000


@cfunc("float64(CPointer(float64), int64)")
def array_where(data, n):
    a = carray(data, n)
    clipped = np.where(a > 0.0, a, 0.0)
    signs = np.where(a < 0.0, -1, 1)
    mixed = np.where(np.isnan(a), 0.0, a * 2)
    return clipped.sum() + signs.sum() * 10 + mixed.sum() * 100 + signs.itemsize * 1000


@cfunc("float64(CPointer(float64), int64, int64)")
def array_broadcasting(data, m, n):
    g = carray(data, (m, n))
    row = g[0]
    col = g[:, 0:1]
    added = g + row
    scaled = g * col
    both = row + g[:, 0:1]
    return added.sum() + scaled.sum() * 10 + both.sum() * 100 + both.shape[0] * 1000 + both.shape[1] * 10000


@cfunc("float64(CPointer(float64), int64, int64)")
def array_broadcast_mismatch(data, m, n):
    g = carray(data, (m, n))
    bad = g + g[0, 0:2]
    return bad.sum()


@cfunc("void(CPointer(float32), CPointer(float64), int64)")
def assign_between_dtypes(out_, in_, n):
    out = carray(out_, n)
    inp = carray(in_, n)
    out[:] = inp * 3.0
    out[0] = (out[1:] > 0).sum()


@cfunc("float64(CPointer(float64), int64)")
def array_expressions_of_views(data, n):
    a = carray(data, n)
    diffs = a[1:] - a[:-1]
    evens = a[::2] * 10
    return diffs.sum() + evens.sum() + (a[::-1] * a).sum() * 100


@cfunc("float64(CPointer(float64), CPointer(float64), int64)")
def fused_reductions(a_, b_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    dot = np.sum(a * b)
    norm = np.sqrt(np.sum(a * a))
    product = (a + 1.0).prod()
    positives = np.sum(a > 0)
    return dot + norm * 10 + product * 100 + positives * 1000


@cfunc("int64(CPointer(int64), int64, int64)")
def fused_reductions_int_2d(data, m, n):
    g = carray(data, (m, n))
    return np.sum(g * g[0] + 3) + (g[:, 0:1] - 1).prod()


@cfunc("void(CPointer(float64), int64)")
def assign_expressions_in_place(data, n):
    a = carray(data, n)
    a[:] = a * 2.0 + 1.0
    a[1:] = a[:-1] * 10.0
    a[::2] = -a[::2]


@cfunc("float64(CPointer(float64), int64)")
def in_place_updates(data, n):
    a = carray(data, n)
    b = a
    a += 1.0
    a[1:3] *= 2.0
    z = np.zeros(n)
    alias = z
    z += a * 0.5
    a[::2] -= z[::2]
    return b[0] + alias.sum() * 10


@cfunc("float64(CPointer(float32), CPointer(int64), int64)")
def in_place_dtypes(f_, i_, n):
    f = carray(f_, n)
    i = carray(i_, n)
    f *= 2.5
    i += 3
    i *= i
    f /= 3
    return f.sum() + i.sum()


@cfunc("float64(CPointer(float64), int64, int64)")
def rows_of_arrays(data, m, n):
    g = carray(data, (m, n))
    total = 0.0
    k = 0
    for row in g:
        total = total * 0.5 + row.sum() + row[k % n] * 10
        row[0] = -row[0]
        k += 1
    col_total = 0.0
    for row in farray(data, (m, n)):
        col_total = col_total * 2.0 + row[0]
    for row in g.T:
        total += row[-1]
    return total + col_total * 1000


@cfunc("float64(CPointer(float64), int64)")
def median_float64(data, n):
    a = carray(data, n)
    return np.median(a) + np.nanmedian(a) * 1000


@cfunc("float64(CPointer(float64), int64, int64)")
def median_farray_with_nans(data, m, n):
    # With NaNs, the result depends on the quickselect and the C-order copy.
    return np.median(farray(data, (m, n))) + np.median(carray(data, (m, n))) * 1000


@cfunc("float64(CPointer(int64), CPointer(float32), CPointer(uint8), int64)")
def median_dtypes(i_, f_, u_, n):
    return np.median(carray(i_, n)) + np.nanmedian(carray(f_, n)) * 10 + np.median(carray(u_, n)) * 100


@cfunc("float64(int64)")
def views_and_expressions_of_locals(n):
    g = np.zeros((n, 4))
    g[:, ::2] = 1.0
    g[1:] = g[:-1] * 2.0 + g[1:]
    row = g[n - 1, ::-1]
    row += np.linspace(0.0, 1.0, 4)
    total = 0.0
    for r in g.T:
        total = total * 0.5 + np.sum(r * r)
    return total + np.median(g) + (g[::-1] > 1.0).sum()


# An operator in an array expression computes as Python's scalar operator on
# the elements in their own types (int32 + int32 in int64, without wrapping);
# only the whole expression's element is stored in the array's dtype.
@cfunc("void(CPointer(int32), CPointer(int32), CPointer(float64), int64)")
def array_kernel_scalar_types(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 4 * n)
    out[0:n] = (a + b) / 2
    out[n:2 * n] = (a * b) > 0
    out[2 * n:3 * n] = np.sqrt((a + b) * 1.0)
    out[3 * n:] = np.where(a > 0, a + b, 0.5)


@cfunc("void(CPointer(uint8), CPointer(float64), int64)")
def array_kernel_uint8(a_, out_, n):
    a = carray(a_, n)
    out = carray(out_, 3 * n)
    out[0:n] = (a + a) * 1.5
    out[n:2 * n] = -a * 2.0
    out[2 * n:] = np.minimum(a + a, 300)


@cfunc("void(CPointer(int64), CPointer(int64), CPointer(int64), int64)")
def array_floordiv_mod_pow_int64(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 3 * n)
    out[0:n] = a // b
    out[n:2 * n] = a % b
    out[2 * n:] = a ** b


@cfunc("void(CPointer(int32), CPointer(int32), CPointer(int64), int64)")
def array_floordiv_mod_pow_int32(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 3 * n)
    out[0:n] = (a + b) // 2 + a // b
    out[n:2 * n] = (a * b) % 7
    out[2 * n:] = a ** 2


@cfunc("void(CPointer(float64), CPointer(float64), CPointer(float64), int64)")
def array_floordiv_mod_pow_float64(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 4 * n)
    out[0:n] = a // b
    out[n:2 * n] = a % b
    out[2 * n:3 * n] = a ** b
    out[3 * n:] = a ** 2 + 1 // (a - 1)


# np.floor_divide, np.remainder and np.power run NumPy's own loops, in the
# loop's width (int32 floor division of -2**31 by -1 is 0, inf // 2 is inf).
@cfunc("void(CPointer(int32), CPointer(int32), CPointer(int32), int64)")
def numpy_division_loops_int32(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 4 * n)
    out[0:n] = np.floor_divide(a, b)
    out[n:2 * n] = np.remainder(a, b + 1)
    out[2 * n:3 * n] = np.power(a, b)
    out[3 * n:] = np.mod(a + b, 5)


@cfunc("void(CPointer(float64), CPointer(float64), CPointer(float64), int64)")
def numpy_division_loops_float64(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, 3 * n)
    out[0:n] = np.floor_divide(a, b)
    out[n:2 * n] = np.remainder(a, b)
    out[2 * n:] = np.power(a, b)


# The in-place operators run the ufunc's loop with the array as its output.
@cfunc("void(CPointer(int32), CPointer(int32), CPointer(int32), int64)")
def in_place_division_int32(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, (4, n))
    out[0] = a
    out[0] //= b
    out[1] = a
    out[1] %= b + 1
    out[2] = a
    out[2] **= b
    out[3] = a
    out[3] += b * 2


@cfunc("void(CPointer(float64), CPointer(float64), CPointer(float64), int64)")
def in_place_division_float64(a_, b_, out_, n):
    a = carray(a_, n)
    b = carray(b_, n)
    out = carray(out_, (3, n))
    out[0] = a
    out[0] //= b
    out[1] = a
    out[1] %= b
    out[2] = a
    out[2] **= b


@cfunc("void(int64, int64, float64, float64, CPointer(float64))", error_model="numpy")
def scalar_division_numpy_model(a, b, x, y, out_):
    out = carray(out_, 5)
    out[0] = a // b
    out[1] = a % b
    out[2] = x // y
    out[3] = x % y
    if a == 0:
        out[4] = a ** -1


# cmath's functions and NumPy's of a complex number, with the special cases
# of zeros, infinities, nans and huge parts (Numba's cmathimpl).
@cfunc("void(float64, float64, CPointer(float64))")
def cmath_functions(x, y, out_):
    out = carray(out_, 22)
    z = complex(x, y)
    e = cmath.exp(z)
    l = cmath.log(z)
    t = cmath.log10(z)
    s = cmath.sqrt(z)
    out[0] = e.real
    out[1] = e.imag
    out[2] = l.real
    out[3] = l.imag
    out[4] = t.real
    out[5] = t.imag
    out[6] = s.real
    out[7] = s.imag
    r, p = cmath.polar(z)
    out[8] = r
    out[9] = p
    out[10] = cmath.phase(z)
    w = cmath.rect(x, y)
    out[11] = w.real
    out[12] = w.imag
    out[13] = cmath.isnan(z) + cmath.isinf(z) * 2 + cmath.isfinite(z) * 4
    n = np.exp(z) + np.log(z) * 10 + np.sqrt(z) * 100
    out[14] = n.real
    out[15] = n.imag
    g = np.log10(z)
    out[16] = g.real
    out[17] = g.imag
    b = cmath.log(z, 2 + 1j)
    out[18] = b.real
    out[19] = b.imag
    q = cmath.sqrt(x)
    out[20] = q.real
    out[21] = q.imag


@cfunc("void(float64, float64, CPointer(float64))")
def cmath_trigonometric(x, y, out_):
    out = carray(out_, 12)
    z = complex(x, y)
    k = 0
    for w in (cmath.sin(z), cmath.cos(z), cmath.tan(z), cmath.sinh(z), cmath.cosh(z), cmath.tanh(z)):
        out[k] = w.real
        out[k + 1] = w.imag
        k += 2


# The C library's asinh, acosh and atanh, as Numba calls them (Rust's own
# formulas differ from them in the last bit for many arguments).
@cfunc("void(float64, CPointer(float64))")
def inverse_hyperbolic(x, out_):
    out = carray(out_, 6)
    out[0] = math.asinh(x)
    out[1] = math.acosh(1.0 + abs(x))
    out[2] = math.atanh(x / 6.0)
    out[3] = np.arcsinh(x)
    out[4] = np.arccosh(np.float32(1.0 + abs(x)))
    out[5] = np.arctanh(np.float32(x / 6.0))


@cfunc("void(float64, float64, CPointer(float64))")
def cmath_inverse(x, y, out_):
    out = carray(out_, 12)
    z = complex(x, y)
    k = 0
    for w in (cmath.asin(z), cmath.acos(z), cmath.atan(z), cmath.asinh(z), cmath.acosh(z), cmath.atanh(z)):
        out[k] = w.real
        out[k + 1] = w.imag
        k += 2
