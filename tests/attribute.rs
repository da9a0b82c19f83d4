//! `#[cfunc]` on Rust functions: the exported function and its handle.

use cfunc::{CFunc, cfunc};
use std::ffi::{c_int, c_void};

/// The seed's `add`, with its doc comment kept.
#[cfunc("float64(float64, float64)")]
pub fn add(x: f64, y: f64) -> f64 {
    x + y
}

#[test]
fn direct_call_pointer_call_and_address_agree() {
    assert_eq!(add(4.0, 5.0), 9.0);
    let pointer = add::fn_ptr();
    assert_eq!(pointer(4.0, 5.0), 9.0);
    assert_eq!(add::address(), pointer as usize);
    // SAFETY: the address is that of `extern "C" fn(f64, f64) -> f64`.
    let from_address: extern "C" fn(f64, f64) -> f64 =
        unsafe { std::mem::transmute::<usize, extern "C" fn(f64, f64) -> f64>(add::address()) };
    assert_eq!(from_address(1.5, 2.25), 3.75);
}

#[test]
fn handle_constants_describe_the_callback() {
    assert_eq!(add::NAME, "add");
    assert_eq!(add::SIGNATURE, "float64(float64, float64)");
    assert_eq!(add::NATIVE_NAME, "add");
    assert_eq!(add::C_DECL, "double add(double x, double y);");
    assert_eq!(
        <add as CFunc>::signature(),
        "float64(float64, float64)".parse().unwrap()
    );
}

#[test]
fn signature_aliases_print_canonically() {
    #[cfunc("types.double(types.f8, i4, types.intc, CPointer(types.double))")]
    fn mixed(a: f64, b: i32, c: c_int, d: *const f64) -> f64 {
        let _ = d;
        a + f64::from(b) + f64::from(c)
    }
    assert_eq!(
        mixed::SIGNATURE,
        "float64(float64, int32, intc, CPointer(float64))"
    );
    assert_eq!(
        mixed::C_DECL,
        "double mixed(double a, int32_t b, int c, double *d);"
    );
    // SAFETY: the body does not read `d`.
    assert_eq!(unsafe { mixed(1.0, 2, 3, std::ptr::null()) }, 6.0);
}

#[test]
fn native_name_renames_the_symbol_only() {
    #[cfunc("int64(int64)", native_name = "cfunc_test_twice")]
    fn twice(x: i64) -> i64 {
        2 * x
    }
    assert_eq!(twice(21), 42);
    assert_eq!(twice::NAME, "twice");
    assert_eq!(twice::NATIVE_NAME, "cfunc_test_twice");
    assert_eq!(twice::C_DECL, "int64_t cfunc_test_twice(int64_t x);");
}

#[test]
fn placeholder_types_come_from_the_signature() {
    #[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
    fn my_callback(in_: _, out: _, m: _, n: _) {
        let len = usize::try_from(m * n).unwrap();
        for k in 0..len {
            // SAFETY: the test passes buffers of m * n doubles.
            unsafe { *out.add(k) = 2.0 * *in_.add(k) };
        }
    }
    let input = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let mut output = [0.0; 6];
    // SAFETY: both buffers hold 2x3 doubles.
    unsafe { my_callback(input.as_ptr().cast_mut(), output.as_mut_ptr(), 2, 3) };
    assert_eq!(output, [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
    let typed: unsafe extern "C" fn(*mut f64, *mut f64, c_int, c_int) = my_callback::fn_ptr();
    assert_eq!(typed as usize, my_callback::address());
    assert_eq!(
        my_callback::C_DECL,
        "void my_callback(double *in_, double *out, int m, int n);"
    );
}

#[test]
fn placeholder_return_type() {
    #[cfunc("float64(float64)")]
    fn integrand(t: _) -> _ {
        (-t).exp() / (t * t)
    }
    assert_eq!(integrand(1.0), (-1.0f64).exp());
}

mod nested {
    pub mod deeper {
        use cfunc::cfunc;

        #[cfunc("uint8(uint8)")]
        pub(crate) fn increment(x: u8) -> u8 {
            x.wrapping_add(1)
        }

        #[cfunc("boolean(int16)")]
        fn is_negative(x: i16) -> bool {
            x < 0
        }

        pub fn is_negative_address() -> usize {
            is_negative::address()
        }
    }
}

#[test]
fn works_in_modules_with_any_visibility() {
    assert_eq!(nested::deeper::increment(255), 0);
    assert_eq!(nested::deeper::increment::SIGNATURE, "uint8(uint8)");
    assert_ne!(nested::deeper::is_negative_address(), 0);
}

#[test]
fn other_attributes_are_kept() {
    #[cfunc("int32(int32)")]
    #[inline(never)]
    #[allow(clippy::let_and_return)]
    #[must_use]
    fn kept(x: i32) -> i32 {
        let y = x;
        y
    }
    assert_eq!(kept(3), 3);
}

#[test]
fn raw_pointers_may_be_const_or_mut() {
    #[cfunc("float64(CPointer(float64), CPointer(CPointer(float64)), voidptr, voidptr)")]
    fn first(a: *const f64, b: *mut *mut f64, c: *mut c_void, d: *const c_void) -> f64 {
        let _ = (b, c, d);
        // SAFETY: the test passes a valid pointer.
        unsafe { *a }
    }
    let value = 2.5;
    // SAFETY: `a` points to a live double; the body reads nothing else.
    let out = unsafe {
        first(
            &value,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null(),
        )
    };
    assert_eq!(out, 2.5);
    assert_eq!(
        first::C_DECL,
        "double first(double *a, double **b, void *c, void *d);"
    );
}

struct Counter {
    calls: u32,
}

#[cfunc("void(voidptr)")]
fn count_call(counter: &mut Counter) {
    counter.calls += 1;
}

#[cfunc("float64(float64, voidptr)")]
fn scale_by(x: f64, factor: &f64) -> f64 {
    x * factor
}

#[cfunc("float64(float64, voidptr)")]
fn scale_or_keep(x: f64, factor: Option<&f64>) -> f64 {
    factor.map_or(x, |factor| x * factor)
}

#[cfunc("void(voidptr)")]
fn reset_if_present(counter: Option<&mut Counter>) {
    if let Some(counter) = counter {
        counter.calls = 0;
    }
}

#[test]
fn user_data_references_are_converted_from_pointers() {
    let mut counter = Counter { calls: 0 };
    let data = (&raw mut counter).cast::<c_void>();
    // SAFETY: `data` points to a live `Counter` for the whole call.
    unsafe {
        count_call(data);
        count_call(data);
    }
    assert_eq!(counter.calls, 2);
    let factor = 3.0f64;
    let factor_ptr = (&raw const factor).cast_mut().cast::<c_void>();
    // SAFETY: `factor_ptr` points to a live `f64`; null is allowed for Options.
    unsafe {
        assert_eq!(scale_by(2.0, factor_ptr), 6.0);
        assert_eq!(scale_or_keep(2.0, factor_ptr), 6.0);
        assert_eq!(scale_or_keep(2.0, std::ptr::null_mut()), 2.0);
        reset_if_present(std::ptr::null_mut());
        reset_if_present(data);
    }
    assert_eq!(counter.calls, 0);
    // The exported function is `unsafe`: the pointer's validity is the caller's word.
    let _: unsafe extern "C" fn(f64, *mut c_void) -> f64 = scale_by::fn_ptr();
    assert_eq!(scale_by::C_DECL, "double scale_by(double x, void *factor);");
}

#[test]
fn null_for_a_plain_reference_follows_the_panic_policy() {
    cfunc::clear_last_error();
    // SAFETY: null is exactly what is being tested; it is reported, not dereferenced.
    let result = unsafe { scale_by(2.0, std::ptr::null_mut()) };
    assert_eq!(result, 0.0);
    let message = cfunc::last_error().expect("the null pointer was reported");
    assert!(message.contains("parameter `factor`"), "{message}");
    assert!(message.contains("null pointer"), "{message}");
}

/// Moves `from.calls` into `to.calls`: with `from` and `to` the same
/// counter, the two `&mut` would alias.
#[cfunc("void(voidptr, voidptr)")]
fn move_calls(from: &mut Counter, to: &mut Counter) {
    to.calls += from.calls;
    from.calls = 0;
}

#[cfunc("uint32(voidptr, voidptr)")]
fn read_while_writing(reader: &Counter, writer: Option<&mut Counter>) -> u32 {
    let before = reader.calls;
    if let Some(writer) = writer {
        writer.calls += 1;
    }
    before
}

#[test]
fn aliased_mutable_user_data_follows_the_panic_policy() {
    let mut first = Counter { calls: 3 };
    let mut second = Counter { calls: 4 };
    let (first_ptr, second_ptr) = (
        (&raw mut first).cast::<c_void>(),
        (&raw mut second).cast::<c_void>(),
    );
    // SAFETY: two live, distinct counters.
    unsafe { move_calls(first_ptr, second_ptr) };
    assert_eq!((first.calls, second.calls), (0, 7));

    cfunc::clear_last_error();
    // SAFETY: one live counter passed twice, which the cfunc must refuse
    // before it makes two `&mut` of it.
    unsafe { move_calls(second_ptr, second_ptr) };
    assert_eq!(second.calls, 7, "the body did not run");
    let message = cfunc::last_error().expect("the aliasing was reported");
    assert!(
        message.contains("`from`") && message.contains("`to`") && message.contains("overlap"),
        "{message}"
    );

    // A shared and a mutable reference to one value alias too; null does not.
    cfunc::clear_last_error();
    // SAFETY: as above.
    assert_eq!(unsafe { read_while_writing(second_ptr, second_ptr) }, 0);
    assert!(cfunc::last_error().is_some());
    // SAFETY: a live counter and null.
    assert_eq!(
        unsafe { read_while_writing(second_ptr, std::ptr::null_mut()) },
        7
    );
    // Neighbours share no byte.
    let mut pair = [Counter { calls: 1 }, Counter { calls: 2 }];
    let whole = (&raw mut pair).cast::<c_void>();
    let inner = (&raw mut pair[1]).cast::<c_void>();
    // SAFETY: two distinct counters of one array.
    unsafe { move_calls(whole, inner) };
    assert_eq!((pair[0].calls, pair[1].calls), (0, 3));
}

#[test]
fn misaligned_user_data_is_reported() {
    let buffer = [0u64; 2];
    let misaligned = buffer
        .as_ptr()
        .cast::<u8>()
        .wrapping_add(1)
        .cast_mut()
        .cast::<c_void>();
    cfunc::clear_last_error();
    // SAFETY: the pointer is misaligned on purpose; it is checked, not read.
    let result = unsafe { scale_by(2.0, misaligned) };
    assert_eq!(result, 0.0);
    assert!(cfunc::last_error().unwrap().contains("not aligned"));
}

#[test]
fn inspect_shows_the_generated_rust() {
    let text = add::inspect();
    assert!(
        text.contains("extern \"C\" fn add(x: f64, y: f64) -> f64"),
        "{text}"
    );
    assert!(text.contains("export_name = \"add\""), "{text}");
    assert!(text.contains("catch_panic"), "{text}");
}

#[test]
fn handles_are_usable_generically() {
    fn describe<F: CFunc>() -> (String, usize) {
        (F::C_DECL.to_owned(), F::address())
    }
    let (decl, address) = describe::<add>();
    assert_eq!(decl, "double add(double x, double y);");
    assert_eq!(address, add::address());
}

#[test]
fn numba_options_are_accepted() {
    #[cfunc("int64(int64)", nopython = true, cache = false)]
    fn identity(x: i64) -> i64 {
        x
    }
    assert_eq!(identity(7), 7);
}

#[test]
fn numba_options_are_accepted_as_python_spells_them() {
    #[cfunc("int64(int64)", nopython = True, cache = True)]
    fn pasted(x: i64) -> i64 {
        x + 1
    }
    #[cfunc("int64(int64)", multiversion = False)]
    fn single_version(x: i64) -> i64 {
        x - 1
    }
    assert_eq!(pasted(7), 8);
    assert_eq!(single_version(7), 6);
}

#[test]
fn unsafe_bodies_make_unsafe_exports() {
    /// # Safety
    /// `p` points to a readable `i32`.
    #[cfunc("int32(CPointer(int32))")]
    unsafe fn read_i32(p: *const i32) -> i32 {
        // SAFETY: the caller's contract.
        unsafe { *p }
    }
    let value = 11;
    // SAFETY: `value` is a live i32.
    assert_eq!(unsafe { read_i32(&value) }, 11);
}

#[test]
fn bodies_get_a_host_feature_version_unless_turned_off() {
    #[cfunc("float64(CPointer(float64), intp)")]
    fn sum_squares(values: *const f64, n: isize) -> f64 {
        // SAFETY: the test passes `n` doubles.
        let values = unsafe { std::slice::from_raw_parts(values, n as usize) };
        values.iter().map(|v| v * v).sum()
    }
    #[cfunc("float64(CPointer(float64), intp)", multiversion = false)]
    fn sum_squares_baseline(values: *const f64, n: isize) -> f64 {
        // SAFETY: the test passes `n` doubles.
        let values = unsafe { std::slice::from_raw_parts(values, n as usize) };
        values.iter().map(|v| v * v).sum()
    }
    let data: Vec<f64> = (0..1000).map(|k| f64::from(k) * 0.25).collect();
    let expected: f64 = data.iter().map(|v| v * v).sum();
    // SAFETY: `data` holds 1000 doubles.
    assert_eq!(unsafe { sum_squares(data.as_ptr(), 1000) }, expected);
    // SAFETY: as above.
    assert_eq!(
        unsafe { sum_squares_baseline(data.as_ptr(), 1000) },
        expected
    );
    assert!(sum_squares::inspect().contains("target_feature(enable = \"avx2,fma\")"));
    assert!(!sum_squares_baseline::inspect().contains("target_feature"));
}
