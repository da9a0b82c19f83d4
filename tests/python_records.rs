//! The seeds' `foo` over records made with `types.Record.make_c_struct`
//! (a separate binary: `foo` is also the name of the cffi version's symbol).

mod support;

mod make_c_struct_block {
    cfunc::python!(
        r#"
from numba import cfunc, carray, types

my_struct = types.Record.make_c_struct([
   # Provides a sequence of 2-tuples i.e. (name:str, type:Type)
   ('i1', types.int32),
   ('f2', types.float32),
   ('d3', types.float64),
   ('af4', types.NestedArray(dtype=types.float32, shape=(7,))),
])

@cfunc(types.float64(types.CPointer(my_struct), types.uintp))
def foo(ptr, n):
   base = carray(ptr, n)  # view pointer as an array of my_struct
   tmp = 0
   for i in range(n):
      tmp += base[i].i1 * base[i].f2 / base[i].d3
      tmp += base[i].af4.sum()  # nested arrays are like normal numpy array
   return tmp
"#
    );
}

#[test]
fn foo_over_three_make_c_struct_records_matches_the_hand_computation() {
    use make_c_struct_block::my_struct;
    let (records, expected) = support::three_seed_records();
    let structs: Vec<my_struct> = records
        .iter()
        .map(|&(i1, f2, d3, af4)| my_struct { i1, f2, d3, af4 })
        .collect();
    // SAFETY: `structs` holds 3 records, which the body only reads.
    let total = unsafe { make_c_struct_block::foo(structs.as_ptr().cast_mut(), 3) };
    assert_eq!(total, expected);
}

mod by_value_block {
    cfunc::python!(
        r#"
from numba import cfunc, types

point = types.Record.make_c_struct([
   ('tag', types.int32),
   ('x', types.float64),
   ('y', types.float32),
   ('flag', types.boolean),
])

@cfunc(types.float64(point, types.float64))
def weighted(p, w):
   if p.flag:
      return p.tag + w * p.x - p.y
   return -1.0
"#
    );
}

#[test]
fn a_record_by_value_parameter_reads_its_fields() {
    use by_value_block::point;
    let p = point {
        tag: 3,
        x: 2.5,
        y: 0.5,
        flag: true,
    };
    assert_eq!(by_value_block::weighted(p, 4.0), 3.0 + 4.0 * 2.5 - 0.5);
    let off = point { flag: false, ..p };
    assert_eq!(by_value_block::weighted(off, 4.0), -1.0);
}

mod nested_reduction_block {
    cfunc::python!(
        r#"
import numpy as np
from numba import cfunc, types

grid = types.Record.make_c_struct([
   ('cells', types.NestedArray(dtype=types.float64, shape=(2, 3))),
   ('flags', types.NestedArray(dtype=types.int32, shape=(4,))),
])

@cfunc(types.float64(types.CPointer(grid)))
def summary(g):
   r = g[0]
   return r.cells.argmax() * 1000 + np.argmin(r.cells) * 100 + r.cells.mean() + r.flags.any() * 10
"#
    );
}

#[test]
fn a_nested_array_reduces_in_c_order() {
    use nested_reduction_block::grid;
    let mut g = grid {
        cells: [[1.0, 9.0, 2.0], [-4.0, 3.0, 0.5]],
        flags: [0, 0, 0, 0],
    };
    let mean = (1.0 + 9.0 + 2.0 - 4.0 + 3.0 + 0.5) / 6.0;
    // SAFETY: `g` is one live record, which the body only reads.
    let found = unsafe { nested_reduction_block::summary(&mut g) };
    assert_eq!(found, 1000.0 + 300.0 + mean);
    g.flags[3] = -1;
    // SAFETY: as above.
    let found = unsafe { nested_reduction_block::summary(&mut g) };
    assert_eq!(found, 1000.0 + 300.0 + mean + 10.0);
}
