//! Records and complex numbers by value against the C compiler, both ways.
//!
//! `tests/c/abi_matrix.c`, compiled with `cc` into a shared library,
//! defines six functions per type that put the type among integer and
//! float arguments in every register situation of the C ABI (first; after
//! five integers, when one integer register is left; after seven doubles,
//! when one SSE register is left; after more integers and doubles than
//! there are registers, on the stack; alone; as a result only), and a
//! checker per type that calls six function pointers of those types and
//! compares their results with its own. Here:
//!
//! - C calls `#[cfunc]`s (and the `_byref` twins of the complex ones);
//! - the dynamic caller calls the C functions, with `Value`s and typed;
//! - C calls `DynCallback` closures, with `Value`s and typed.

#![allow(non_camel_case_types, clippy::too_many_arguments)]

mod support;

use cfunc::sig::Signature;
use cfunc::types::RecordLayout;
use cfunc::{
    CArg, CFunc, CReturn, Complex32, Complex64, DynCallback, DynFn, Library, Record, Value, cfunc,
};
use std::fmt::Debug;
use std::sync::OnceLock;

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct f32x2 {
    a: f32,
    b: f32,
}

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct f64x2 {
    a: f64,
    b: f64,
}

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct i32_f64 {
    a: i32,
    b: f64,
}

/// 24 bytes: passed and returned in memory.
#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct f64x3 {
    a: f64,
    b: f64,
    c: f64,
}

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct i8_i16_i32 {
    a: i8,
    b: i16,
    c: i32,
}

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct f32x3 {
    a: f32,
    b: f32,
    c: f32,
}

/// An integer and a float in the first eightbyte, two floats in the second.
#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct tagged_f32x3 {
    tag: i32,
    v: [f32; 3],
}

/// How field `j` moves, as `INT_MOVE` and `FLOAT_MOVE` in the C file.
fn int_move(h: i64, j: i64) -> i64 {
    (h + j) % 97
}

fn float_move(h: i64, f: f64, j: i64) -> f64 {
    f + int_move(h, j) as f64
}

/// A type of the matrix, with the same `shift` as the C file's.
trait Case: CArg + CReturn + CfuncTable + PartialEq + Debug + Send + Sync {
    /// The type's name in signatures.
    const SIGNATURE_NAME: &'static str;
    /// The suffix of the C file's function names.
    const C_NAME: &'static str;
    fn shift(self, h: i64, f: f64) -> Self;
    fn origin() -> Self;
    /// A value other than the C checkers' sample.
    fn sample() -> Self;
    fn layouts() -> Vec<RecordLayout>;
    fn to_value(self) -> Value<'static>;
    fn from_value(value: &Value<'_>) -> Option<Self>;
}

macro_rules! record_case {
    ($T:ident) => {
        const SIGNATURE_NAME: &'static str = stringify!($T);
        const C_NAME: &'static str = stringify!($T);
        fn layouts() -> Vec<RecordLayout> {
            vec![$T::layout()]
        }
        fn to_value(self) -> Value<'static> {
            Value::record(&self)
        }
        fn from_value(value: &Value<'_>) -> Option<Self> {
            value.as_record()
        }
    };
}

macro_rules! complex_case {
    ($T:ident, $variant:ident, $name:literal, $c_name:literal, $part:ty) => {
        impl Case for $T {
            const SIGNATURE_NAME: &'static str = $name;
            const C_NAME: &'static str = $c_name;
            fn shift(self, h: i64, f: f64) -> Self {
                $T::new(
                    self.re + float_move(h, f, 0) as $part,
                    self.im + float_move(h, f, 1) as $part,
                )
            }
            fn origin() -> Self {
                $T::new(0.0, 0.0)
            }
            fn sample() -> Self {
                $T::new(-0.75, 3.5)
            }
            fn layouts() -> Vec<RecordLayout> {
                Vec::new()
            }
            fn to_value(self) -> Value<'static> {
                Value::$variant(self)
            }
            fn from_value(value: &Value<'_>) -> Option<Self> {
                match value {
                    Value::$variant(z) => Some(*z),
                    _ => None,
                }
            }
        }
    };
}

complex_case!(Complex32, Complex32, "complex64", "c64", f32);
complex_case!(Complex64, Complex64, "complex128", "c128", f64);

impl Case for f32x2 {
    record_case!(f32x2);
    fn shift(self, h: i64, f: f64) -> Self {
        f32x2 {
            a: self.a + float_move(h, f, 0) as f32,
            b: self.b + float_move(h, f, 1) as f32,
        }
    }
    fn origin() -> Self {
        f32x2 { a: 0.0, b: 0.0 }
    }
    fn sample() -> Self {
        f32x2 { a: -8.5, b: 0.125 }
    }
}

impl Case for f64x2 {
    record_case!(f64x2);
    fn shift(self, h: i64, f: f64) -> Self {
        f64x2 {
            a: self.a + float_move(h, f, 0),
            b: self.b + float_move(h, f, 1),
        }
    }
    fn origin() -> Self {
        f64x2 { a: 0.0, b: 0.0 }
    }
    fn sample() -> Self {
        f64x2 { a: 11.25, b: -0.5 }
    }
}

impl Case for i32_f64 {
    record_case!(i32_f64);
    fn shift(self, h: i64, f: f64) -> Self {
        i32_f64 {
            a: self.a.wrapping_add(int_move(h, 0) as i32),
            b: self.b + float_move(h, f, 1),
        }
    }
    fn origin() -> Self {
        i32_f64 { a: 0, b: 0.0 }
    }
    fn sample() -> Self {
        i32_f64 { a: 123, b: -6.75 }
    }
}

impl Case for f64x3 {
    record_case!(f64x3);
    fn shift(self, h: i64, f: f64) -> Self {
        f64x3 {
            a: self.a + float_move(h, f, 0),
            b: self.b + float_move(h, f, 1),
            c: self.c + float_move(h, f, 2),
        }
    }
    fn origin() -> Self {
        f64x3 {
            a: 0.0,
            b: 0.0,
            c: 0.0,
        }
    }
    fn sample() -> Self {
        f64x3 {
            a: -1.0,
            b: 0.25,
            c: 9.5,
        }
    }
}

impl Case for i8_i16_i32 {
    record_case!(i8_i16_i32);
    fn shift(self, h: i64, _f: f64) -> Self {
        // C converts the wider sums back by truncation, as `as` does.
        i8_i16_i32 {
            a: (i64::from(self.a) + int_move(h, 0)) as i8,
            b: (i64::from(self.b) + int_move(h, 1)) as i16,
            c: (i64::from(self.c) + int_move(h, 2)) as i32,
        }
    }
    fn origin() -> Self {
        i8_i16_i32 { a: 0, b: 0, c: 0 }
    }
    fn sample() -> Self {
        i8_i16_i32 {
            a: -5,
            b: 1000,
            c: -123_456,
        }
    }
}

impl Case for f32x3 {
    record_case!(f32x3);
    fn shift(self, h: i64, f: f64) -> Self {
        f32x3 {
            a: self.a + float_move(h, f, 0) as f32,
            b: self.b + float_move(h, f, 1) as f32,
            c: self.c + float_move(h, f, 2) as f32,
        }
    }
    fn origin() -> Self {
        f32x3 {
            a: 0.0,
            b: 0.0,
            c: 0.0,
        }
    }
    fn sample() -> Self {
        f32x3 {
            a: 2.0,
            b: -4.5,
            c: 0.75,
        }
    }
}

impl Case for tagged_f32x3 {
    record_case!(tagged_f32x3);
    fn shift(self, h: i64, f: f64) -> Self {
        let mut v = self.v;
        for (j, value) in (1..).zip(&mut v) {
            *value += float_move(h, f, j) as f32;
        }
        tagged_f32x3 {
            tag: self.tag.wrapping_add(int_move(h, 0) as i32),
            v,
        }
    }
    fn origin() -> Self {
        tagged_f32x3 {
            tag: 0,
            v: [0.0; 3],
        }
    }
    fn sample() -> Self {
        tagged_f32x3 {
            tag: -3,
            v: [1.5, 0.0, -7.25],
        }
    }
}

/// The kinds of a shape's arguments; `T` is the type under test.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Arg {
    I32,
    F32,
    I64,
    F64,
    T,
}

struct Shape {
    name: &'static str,
    args: &'static [Arg],
}

use Arg::{F32, F64, I32, I64, T};

/// The shapes of the C file, in the order of its `abi_fns_<T>` structs.
static SHAPES: [Shape; 6] = [
    Shape {
        name: "first",
        args: &[T, I32, F32],
    },
    Shape {
        name: "after_ints",
        args: &[I64, I64, I64, I64, I64, T, I64, F64],
    },
    Shape {
        name: "after_floats",
        args: &[F64, F64, F64, F64, F64, F64, F64, T, F64, I64],
    },
    Shape {
        name: "on_stack",
        args: &[
            I64, I64, I64, I64, I64, I64, I64, F64, F64, F64, F64, F64, F64, F64, F64, F64, T, I64,
            F64,
        ],
    },
    Shape {
        name: "ident",
        args: &[T],
    },
    Shape {
        name: "make",
        args: &[I64, F64],
    },
];

impl Shape {
    fn signature(&self, type_name: &str) -> String {
        let args: Vec<&str> = self
            .args
            .iter()
            .map(|arg| match arg {
                I32 => "int32",
                F32 => "float32",
                I64 => "int64",
                F64 => "float64",
                T => type_name,
            })
            .collect();
        format!("{type_name}({})", args.join(", "))
    }

    /// Arguments for a call from Rust: `s` and numbers unlike the C
    /// checkers' (negative integers, fractional floats).
    fn arguments<C: Case>(&self, s: C) -> Vec<Value<'static>> {
        let (mut ints, mut floats) = (0i64, 0i64);
        self.args
            .iter()
            .map(|arg| match arg {
                I32 => Value::I32(17),
                F32 => Value::F32(-3.5),
                I64 => {
                    ints += 1;
                    Value::I64(if ints % 2 == 0 {
                        10 * ints + 3
                    } else {
                        -10 * ints
                    })
                }
                F64 => {
                    floats += 1;
                    Value::F64(floats as f64 * 0.75 - 2.0)
                }
                T => s.to_value(),
            })
            .collect()
    }

    /// What the C function of this shape returns for `args`: `s` shifted
    /// by `h`, the integers weighted by their position among the integers,
    /// and `f`, the floats weighted likewise (a shape without `s` shifts
    /// zero, one without numbers returns `s`).
    fn evaluate<C: Case>(&self, args: &[Value<'_>]) -> C {
        let (mut h, mut f, mut ints, mut floats, mut s) = (0i64, 0f64, 0i64, 0i64, None);
        for (arg, value) in self.args.iter().zip(args) {
            match arg {
                I32 | I64 => {
                    ints += 1;
                    h += ints * value.as_i64().expect("an integer argument");
                }
                F32 | F64 => {
                    floats += 1;
                    f += floats as f64 * value.as_f64().expect("a float argument");
                }
                T => s = Some(C::from_value(value).expect("a value of the type under test")),
            }
        }
        match s {
            Some(s) if ints + floats == 0 => s,
            Some(s) => s.shift(h, f),
            None => C::origin().shift(h, f),
        }
    }
}

/// The shapes in Rust, for the cfuncs' bodies and typed callbacks.
mod shapes {
    use super::Case;

    pub fn first<C: Case>(s: C, a1: i32, x1: f32) -> C {
        s.shift(a1.into(), x1.into())
    }

    pub fn after_ints<C: Case>(
        a1: i64,
        a2: i64,
        a3: i64,
        a4: i64,
        a5: i64,
        s: C,
        a6: i64,
        x1: f64,
    ) -> C {
        s.shift(a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6, x1)
    }

    pub fn after_floats<C: Case>(
        x1: f64,
        x2: f64,
        x3: f64,
        x4: f64,
        x5: f64,
        x6: f64,
        x7: f64,
        s: C,
        x8: f64,
        a1: i64,
    ) -> C {
        let f = x1 + 2.0 * x2 + 3.0 * x3 + 4.0 * x4 + 5.0 * x5 + 6.0 * x6 + 7.0 * x7 + 8.0 * x8;
        s.shift(a1, f)
    }

    pub fn on_stack<C: Case>(a: [i64; 7], x: [f64; 9], s: C, a8: i64, x10: f64) -> C {
        let h = (1..).zip(a).map(|(k, a)| k * a).sum::<i64>() + 8 * a8;
        let f = (1..).zip(x).fold(0.0, |f, (k, x)| f + f64::from(k) * x) + 10.0 * x10;
        s.shift(h, f)
    }

    pub fn ident<C: Case>(s: C) -> C {
        s
    }

    pub fn make<C: Case>(a1: i64, x1: f64) -> C {
        C::origin().shift(a1, x1)
    }
}

/// The six cfuncs of one type, each calling its shape.
macro_rules! cfuncs {
    ($T:ident => $first:ident $first_sig:tt, $after_ints:ident $after_ints_sig:tt,
     $after_floats:ident $after_floats_sig:tt, $on_stack:ident $on_stack_sig:tt,
     $ident:ident $ident_sig:tt, $make:ident $make_sig:tt) => {
        #[cfunc($first_sig)]
        fn $first(s: $T, a1: i32, x1: f32) -> $T {
            shapes::first(s, a1, x1)
        }

        #[cfunc($after_ints_sig)]
        fn $after_ints(a1: i64, a2: i64, a3: i64, a4: i64, a5: i64, s: $T, a6: i64, x1: f64) -> $T {
            shapes::after_ints(a1, a2, a3, a4, a5, s, a6, x1)
        }

        #[cfunc($after_floats_sig)]
        fn $after_floats(
            x1: f64,
            x2: f64,
            x3: f64,
            x4: f64,
            x5: f64,
            x6: f64,
            x7: f64,
            s: $T,
            x8: f64,
            a1: i64,
        ) -> $T {
            shapes::after_floats(x1, x2, x3, x4, x5, x6, x7, s, x8, a1)
        }

        #[cfunc($on_stack_sig)]
        fn $on_stack(
            a1: i64,
            a2: i64,
            a3: i64,
            a4: i64,
            a5: i64,
            a6: i64,
            a7: i64,
            x1: f64,
            x2: f64,
            x3: f64,
            x4: f64,
            x5: f64,
            x6: f64,
            x7: f64,
            x8: f64,
            x9: f64,
            s: $T,
            a8: i64,
            x10: f64,
        ) -> $T {
            shapes::on_stack(
                [a1, a2, a3, a4, a5, a6, a7],
                [x1, x2, x3, x4, x5, x6, x7, x8, x9],
                s,
                a8,
                x10,
            )
        }

        #[cfunc($ident_sig)]
        fn $ident(s: $T) -> $T {
            shapes::ident(s)
        }

        #[cfunc($make_sig)]
        fn $make(a1: i64, x1: f64) -> $T {
            shapes::make(a1, x1)
        }

        impl CfuncTable for $T {
            fn cfuncs() -> [(usize, Signature, DynFn); 6] {
                [
                    entry::<$first>(),
                    entry::<$after_ints>(),
                    entry::<$after_floats>(),
                    entry::<$on_stack>(),
                    entry::<$ident>(),
                    entry::<$make>(),
                ]
            }
        }
    };
}

/// The six cfuncs of a type, in the order of [`SHAPES`]: their addresses,
/// signatures and dynamic callers.
trait CfuncTable {
    fn cfuncs() -> [(usize, Signature, DynFn); 6];
}

fn entry<F: CFunc>() -> (usize, Signature, DynFn) {
    (F::address(), F::signature(), DynFn::from_cfunc::<F>())
}

cfuncs!(f32x2 =>
    rs_first_f32x2 "f32x2(f32x2, int32, float32)",
    rs_after_ints_f32x2 "f32x2(int64, int64, int64, int64, int64, f32x2, int64, float64)",
    rs_after_floats_f32x2 "f32x2(float64, float64, float64, float64, float64, float64, float64, f32x2, float64, int64)",
    rs_on_stack_f32x2 "f32x2(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, f32x2, int64, float64)",
    rs_ident_f32x2 "f32x2(f32x2)",
    rs_make_f32x2 "f32x2(int64, float64)");

cfuncs!(f64x2 =>
    rs_first_f64x2 "f64x2(f64x2, int32, float32)",
    rs_after_ints_f64x2 "f64x2(int64, int64, int64, int64, int64, f64x2, int64, float64)",
    rs_after_floats_f64x2 "f64x2(float64, float64, float64, float64, float64, float64, float64, f64x2, float64, int64)",
    rs_on_stack_f64x2 "f64x2(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, f64x2, int64, float64)",
    rs_ident_f64x2 "f64x2(f64x2)",
    rs_make_f64x2 "f64x2(int64, float64)");

cfuncs!(i32_f64 =>
    rs_first_i32_f64 "i32_f64(i32_f64, int32, float32)",
    rs_after_ints_i32_f64 "i32_f64(int64, int64, int64, int64, int64, i32_f64, int64, float64)",
    rs_after_floats_i32_f64 "i32_f64(float64, float64, float64, float64, float64, float64, float64, i32_f64, float64, int64)",
    rs_on_stack_i32_f64 "i32_f64(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, i32_f64, int64, float64)",
    rs_ident_i32_f64 "i32_f64(i32_f64)",
    rs_make_i32_f64 "i32_f64(int64, float64)");

cfuncs!(f64x3 =>
    rs_first_f64x3 "f64x3(f64x3, int32, float32)",
    rs_after_ints_f64x3 "f64x3(int64, int64, int64, int64, int64, f64x3, int64, float64)",
    rs_after_floats_f64x3 "f64x3(float64, float64, float64, float64, float64, float64, float64, f64x3, float64, int64)",
    rs_on_stack_f64x3 "f64x3(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, f64x3, int64, float64)",
    rs_ident_f64x3 "f64x3(f64x3)",
    rs_make_f64x3 "f64x3(int64, float64)");

cfuncs!(i8_i16_i32 =>
    rs_first_i8_i16_i32 "i8_i16_i32(i8_i16_i32, int32, float32)",
    rs_after_ints_i8_i16_i32 "i8_i16_i32(int64, int64, int64, int64, int64, i8_i16_i32, int64, float64)",
    rs_after_floats_i8_i16_i32 "i8_i16_i32(float64, float64, float64, float64, float64, float64, float64, i8_i16_i32, float64, int64)",
    rs_on_stack_i8_i16_i32 "i8_i16_i32(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, i8_i16_i32, int64, float64)",
    rs_ident_i8_i16_i32 "i8_i16_i32(i8_i16_i32)",
    rs_make_i8_i16_i32 "i8_i16_i32(int64, float64)");

cfuncs!(f32x3 =>
    rs_first_f32x3 "f32x3(f32x3, int32, float32)",
    rs_after_ints_f32x3 "f32x3(int64, int64, int64, int64, int64, f32x3, int64, float64)",
    rs_after_floats_f32x3 "f32x3(float64, float64, float64, float64, float64, float64, float64, f32x3, float64, int64)",
    rs_on_stack_f32x3 "f32x3(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, f32x3, int64, float64)",
    rs_ident_f32x3 "f32x3(f32x3)",
    rs_make_f32x3 "f32x3(int64, float64)");

cfuncs!(tagged_f32x3 =>
    rs_first_tagged_f32x3 "tagged_f32x3(tagged_f32x3, int32, float32)",
    rs_after_ints_tagged_f32x3 "tagged_f32x3(int64, int64, int64, int64, int64, tagged_f32x3, int64, float64)",
    rs_after_floats_tagged_f32x3 "tagged_f32x3(float64, float64, float64, float64, float64, float64, float64, tagged_f32x3, float64, int64)",
    rs_on_stack_tagged_f32x3 "tagged_f32x3(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, tagged_f32x3, int64, float64)",
    rs_ident_tagged_f32x3 "tagged_f32x3(tagged_f32x3)",
    rs_make_tagged_f32x3 "tagged_f32x3(int64, float64)");

cfuncs!(Complex32 =>
    rs_first_c64 "complex64(complex64, int32, float32)",
    rs_after_ints_c64 "complex64(int64, int64, int64, int64, int64, complex64, int64, float64)",
    rs_after_floats_c64 "complex64(float64, float64, float64, float64, float64, float64, float64, complex64, float64, int64)",
    rs_on_stack_c64 "complex64(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, complex64, int64, float64)",
    rs_ident_c64 "complex64(complex64)",
    rs_make_c64 "complex64(int64, float64)");

cfuncs!(Complex64 =>
    rs_first_c128 "complex128(complex128, int32, float32)",
    rs_after_ints_c128 "complex128(int64, int64, int64, int64, int64, complex128, int64, float64)",
    rs_after_floats_c128 "complex128(float64, float64, float64, float64, float64, float64, float64, complex128, float64, int64)",
    rs_on_stack_c128 "complex128(int64, int64, int64, int64, int64, int64, int64, float64, float64, float64, float64, float64, float64, float64, float64, float64, complex128, int64, float64)",
    rs_ident_c128 "complex128(complex128)",
    rs_make_c128 "complex128(int64, float64)");

// The by-pointer twins that the complex cfuncs above also export.
unsafe extern "C" {
    fn rs_first_c64_byref(s: *const Complex32, a1: i32, x1: f32, out: *mut Complex32);
    fn rs_ident_c64_byref(s: *const Complex32, out: *mut Complex32);
    fn rs_make_c64_byref(a1: i64, x1: f64, out: *mut Complex32);
    fn rs_first_c128_byref(s: *const Complex64, a1: i32, x1: f32, out: *mut Complex64);
    fn rs_ident_c128_byref(s: *const Complex64, out: *mut Complex64);
    fn rs_make_c128_byref(a1: i64, x1: f64, out: *mut Complex64);
}

/// Runs `check::<T>()` for every type of the matrix and collects what
/// failed.
macro_rules! for_every_type {
    ($check:ident) => {{
        let mut failures: Vec<String> = Vec::new();
        failures.extend($check::<f32x2>());
        failures.extend($check::<f64x2>());
        failures.extend($check::<i32_f64>());
        failures.extend($check::<f64x3>());
        failures.extend($check::<i8_i16_i32>());
        failures.extend($check::<f32x3>());
        failures.extend($check::<tagged_f32x3>());
        failures.extend($check::<Complex32>());
        failures.extend($check::<Complex64>());
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }};
}

fn matrix_library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let path = support::compile_c_library(
            &support::workspace_root().join("tests/c/abi_matrix.c"),
            "abi_matrix",
        );
        // SAFETY: the library only defines functions; loading runs no code.
        unsafe { Library::open(path.to_str().expect("a UTF-8 path")) }
            .expect("load the matrix library")
    })
}

/// Hands C's checker for `C` its struct of function pointers (six in the
/// order of [`SHAPES`], or the three twins) and names the shapes whose
/// results differ from C's own.
///
/// # Safety
///
/// Each address is a function of the type the checker's struct gives it.
unsafe fn check_in_c<C: Case>(checker: &str, addresses: &[usize], what: &str) -> Vec<String> {
    let checker_name = format!("{checker}_{}", C::C_NAME);
    // SAFETY: `int abi_check_<T>(const abi_fns_<T> *)`.
    let check = unsafe { matrix_library().get(&checker_name, "int32(voidptr)") }.unwrap();
    // SAFETY: the table is the C struct of six function pointers, whose
    // types the caller vouches for; C only reads it.
    let failed = unsafe { check.call(&[Value::Pointer(addresses.as_ptr().cast_mut().cast())]) }
        .unwrap()
        .as_i64()
        .unwrap();
    SHAPES
        .iter()
        .enumerate()
        .filter(|(index, _)| failed & (1 << index) != 0)
        .map(|(_, shape)| {
            format!(
                "{what}: C got another `{}` for {}",
                shape.name,
                C::SIGNATURE_NAME
            )
        })
        .collect()
}

fn c_calls_cfuncs<C: Case>() -> Vec<String> {
    let table = C::cfuncs();
    let mut failures = Vec::new();
    for ((_, signature, _), shape) in table.iter().zip(&SHAPES) {
        let expected: Signature = shape.signature(C::SIGNATURE_NAME).parse().unwrap();
        if *signature != expected {
            failures.push(format!(
                "cfunc for `{}`: signature {signature}, not {expected}",
                shape.name
            ));
        }
    }
    // SAFETY: the cfuncs have the shapes' signatures (checked above).
    failures.extend(unsafe {
        check_in_c::<C>("abi_check", &table.map(|(address, _, _)| address), "cfuncs")
    });
    failures
}

#[test]
fn c_calls_cfuncs_with_records_and_complex_numbers_by_value() {
    for_every_type!(c_calls_cfuncs);
}

fn byref_twins<C: Case>(first: usize, ident: usize, make: usize) -> Vec<String> {
    // SAFETY: the twins take a pointer to each complex argument and write
    // the result through the last pointer; C's checker calls them so.
    unsafe { check_in_c::<C>("abi_check_byref", &[first, ident, make], "byref twins") }
}

#[test]
fn c_calls_the_byref_twins_of_complex_cfuncs() {
    let mut failures = byref_twins::<Complex32>(
        rs_first_c64_byref as *const () as usize,
        rs_ident_c64_byref as *const () as usize,
        rs_make_c64_byref as *const () as usize,
    );
    failures.extend(byref_twins::<Complex64>(
        rs_first_c128_byref as *const () as usize,
        rs_ident_c128_byref as *const () as usize,
        rs_make_c128_byref as *const () as usize,
    ));
    assert!(failures.is_empty(), "{failures:?}");
}

fn dynamic_caller_calls_c<C: Case>() -> Vec<String> {
    let library = matrix_library();
    let mut failures = Vec::new();
    let s = C::sample();
    let c_functions: Vec<DynFn> = SHAPES
        .iter()
        .map(|shape| {
            let name = format!("abi_{}_{}", shape.name, C::C_NAME);
            // SAFETY: the C file defines the function with this signature.
            unsafe {
                library.get_with_records(&name, &shape.signature(C::SIGNATURE_NAME), &C::layouts())
            }
            .unwrap()
        })
        .collect();
    for (shape, function) in SHAPES.iter().zip(&c_functions) {
        let args = shape.arguments(s);
        let expected: C = shape.evaluate(&args);
        // SAFETY: plain values of the signature's types.
        let result = unsafe { function.call(&args) }.unwrap();
        // Also as `Value`s: a record read back from registers compares by
        // its fields, whatever C left in its padding.
        if C::from_value(&result) != Some(expected) || result != expected.to_value() {
            failures.push(format!(
                "DynFn `{}`: {result:?}, expected {expected:?}",
                function.name()
            ));
        }
    }
    // Typed calls go straight through the function pointer, with the
    // struct or complex type as a Rust value.
    let typed = |index: usize| &c_functions[index];
    // SAFETY: the tuples are the signatures' types (checked by `call_typed`).
    unsafe {
        let first: C = typed(0).call_typed((s, 17i32, -3.5f32)).unwrap();
        let after_ints: C = typed(1)
            .call_typed((-10i64, 23i64, -30i64, 43i64, -50i64, s, 63i64, -1.25f64))
            .unwrap();
        let ident: C = typed(4).call_typed((s,)).unwrap();
        let make: C = typed(5).call_typed((-10i64, -1.25f64)).unwrap();
        for (name, got, want) in [
            ("first", first, shapes::first(s, 17, -3.5)),
            (
                "after_ints",
                after_ints,
                shapes::after_ints(-10, 23, -30, 43, -50, s, 63, -1.25),
            ),
            ("ident", ident, s),
            ("make", make, shapes::make(-10, -1.25)),
        ] {
            if got != want {
                failures.push(format!(
                    "typed `{name}` of {}: {got:?}, expected {want:?}",
                    C::SIGNATURE_NAME
                ));
            }
        }
    }
    failures
}

#[test]
fn dynamic_caller_calls_c_with_records_and_complex_numbers_by_value() {
    for_every_type!(dynamic_caller_calls_c);
}

fn dynamic_caller_calls_cfuncs<C: Case>() -> Vec<String> {
    let mut failures = Vec::new();
    for ((_, _, function), shape) in C::cfuncs().iter().zip(&SHAPES) {
        let args = shape.arguments(C::sample());
        let expected: C = shape.evaluate(&args);
        // SAFETY: plain values of the signature's types.
        let result = unsafe { function.call(&args) }.unwrap();
        if C::from_value(&result) != Some(expected) {
            failures.push(format!(
                "ctypes() of `{}`: {result:?}, expected {expected:?}",
                function.name()
            ));
        }
    }
    failures
}

#[test]
fn ctypes_of_a_cfunc_takes_its_records_layouts() {
    for_every_type!(dynamic_caller_calls_cfuncs);
}

fn c_calls_value_callbacks<C: Case>() -> Vec<String> {
    let callbacks: Vec<DynCallback> = SHAPES
        .iter()
        .map(|shape| {
            DynCallback::with_records(
                &shape.signature(C::SIGNATURE_NAME),
                &C::layouts(),
                move |args| shape.evaluate::<C>(args).to_value(),
            )
            .unwrap()
        })
        .collect();
    let addresses: [usize; 6] = core::array::from_fn(|index| callbacks[index].address());
    // SAFETY: each closure was made with its shape's signature, and lives
    // until the checker returns.
    unsafe { check_in_c::<C>("abi_check", &addresses, "Value callbacks") }
}

#[test]
fn c_calls_value_callbacks_with_records_and_complex_numbers_by_value() {
    for_every_type!(c_calls_value_callbacks);
}

fn c_calls_typed_callbacks<C: Case>() -> Vec<String> {
    let name = C::SIGNATURE_NAME;
    let signature = |index: usize| SHAPES[index].signature(name);
    let callbacks = [
        DynCallback::typed(&signature(0), |(s, a1, x1): (C, i32, f32)| {
            shapes::first(s, a1, x1)
        }),
        DynCallback::typed(
            &signature(1),
            |(a1, a2, a3, a4, a5, s, a6, x1): (i64, i64, i64, i64, i64, C, i64, f64)| {
                shapes::after_ints(a1, a2, a3, a4, a5, s, a6, x1)
            },
        ),
        // More than eight arguments: typed tuples stop at eight.
        DynCallback::with_records(&signature(2), &C::layouts(), |args| {
            SHAPES[2].evaluate::<C>(args).to_value()
        }),
        DynCallback::with_records(&signature(3), &C::layouts(), |args| {
            SHAPES[3].evaluate::<C>(args).to_value()
        }),
        DynCallback::typed(&signature(4), |(s,): (C,)| shapes::ident(s)),
        DynCallback::typed(&signature(5), |(a1, x1): (i64, f64)| {
            shapes::make::<C>(a1, x1)
        }),
    ]
    .map(Result::unwrap);
    let addresses = callbacks.each_ref().map(DynCallback::address);
    // SAFETY: as in `c_calls_value_callbacks`.
    unsafe { check_in_c::<C>("abi_check", &addresses, "typed callbacks") }
}

#[test]
fn c_calls_typed_callbacks_with_records_and_complex_numbers_by_value() {
    for_every_type!(c_calls_typed_callbacks);
}

#[test]
fn a_planted_abi_mistake_is_caught() {
    // The checker must notice a function whose result is off by the
    // smallest move: the matrix's passing tests are not vacuous.
    let shape = &SHAPES[1];
    let wrong = DynCallback::with_records(&shape.signature("f64x2"), &[f64x2::layout()], |args| {
        Value::record(&SHAPES[1].evaluate::<f64x2>(args).shift(0, 1.0))
    })
    .unwrap();
    let honest: Vec<DynCallback> = SHAPES
        .iter()
        .map(|shape| {
            DynCallback::with_records(&shape.signature("f64x2"), &[f64x2::layout()], move |args| {
                shape.evaluate::<f64x2>(args).to_value()
            })
            .unwrap()
        })
        .collect();
    let mut addresses: [usize; 6] = core::array::from_fn(|index| honest[index].address());
    addresses[1] = wrong.address();
    // SAFETY: every closure has its shape's signature.
    let failures = unsafe { check_in_c::<f64x2>("abi_check", &addresses, "planted") };
    assert_eq!(failures, ["planted: C got another `after_ints` for f64x2"]);
}

#[derive(Clone, Copy, PartialEq, Debug, Record)]
#[repr(C)]
struct interval {
    lo: f64,
    hi: f64,
}

#[cfunc("interval(interval, float64)")]
fn widen(i: interval, by: f64) -> interval {
    interval {
        lo: i.lo - by,
        hi: i.hi + by,
    }
}

#[cfunc("complex128(complex128, float64)")]
fn scale(z: Complex64, x: f64) -> Complex64 {
    z * x
}

#[test]
fn the_readme_example_declares_and_passes_by_value() {
    assert_eq!(widen::C_DECL, "interval widen(interval i, double by);");
    assert_eq!(
        scale::C_DECL,
        "double _Complex scale(double _Complex z, double x);"
    );
    let widened = widen::ctypes();
    // SAFETY: plain values.
    let result =
        unsafe { widened.call(&[Value::record(&interval { lo: 1.0, hi: 2.0 }), 0.5.into()]) }
            .unwrap();
    assert_eq!(
        result.as_record::<interval>(),
        Some(interval { lo: 0.5, hi: 2.5 })
    );
    let error =
        unsafe { widened.call(&[Value::records(&[interval { lo: 1.0, hi: 2.0 }]), 0.5.into()]) }
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "argument 1: expected record `interval` by value, got a buffer of 1 interval"
    );
    let scaled =
        unsafe { scale::ctypes().call(&[Complex64::new(1.0, 2.0).into(), 2.0.into()]) }.unwrap();
    assert_eq!(scaled.as_complex64(), Some(Complex64::new(2.0, 4.0)));
}

#[cfunc("complex128(complex128, float64)")]
fn shifted(out: Complex64, by: f64) -> Complex64 {
    out + by
}

#[test]
fn a_twins_result_parameter_is_named_apart_from_the_parameters() {
    let entry = cfunc::registry()
        .into_iter()
        .find(|entry| entry.native_name() == "shifted")
        .expect("registered");
    assert_eq!(
        entry.byref_c_decl(),
        Some("void shifted_byref(double _Complex *out, double by, double _Complex *out_);")
    );
}
