// A Python-like cfunc with pointer parameters is `unsafe` too.
cfunc::python! {
    from numba import cfunc, carray, types

    @cfunc(types.void(types.CPointer(types.double), types.intc))
    def zero(out, n):
        out_array = carray(out, n)
        for i in range(n):
            out_array[i] = 0.0
}

fn main() {
    let mut buffer = [1.0; 6];
    zero(buffer.as_mut_ptr(), 64);
}
