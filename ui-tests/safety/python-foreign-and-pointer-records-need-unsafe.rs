// A ctypes declaration is the module's word, like an `extern` block, and a
// record passed by value may hold any address: such cfuncs, and the cfuncs
// that call them, are `unsafe`.
cfunc::python!(
    r#"
import ctypes
from numba import cfunc, types

libc = ctypes.CDLL('libc.so.6')
labs = libc.labs
labs.argtypes = [ctypes.c_long]
labs.restype = ctypes.c_long

buf = types.Record.make_c_struct([
    ('data', types.CPointer(types.float64)),
    ('n', types.intp),
])

@cfunc("int64(int64)")
def magnitude(x):
    return labs(x)

@cfunc("int64(int64)")
def twice_magnitude(x):
    return 2 * magnitude(x)

@cfunc("float64(buf)")
def first(b):
    return b.data[0]

@cfunc("int64(int64)")
def plain(x):
    return x + 1
"#
);

fn main() {
    let _ = plain(1);
    let _ = magnitude(-3);
    let _ = twice_magnitude(-3);
    let _ = first(buf { data: 8 as *mut f64, n: 1 });
}
