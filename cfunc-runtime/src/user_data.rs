//! Opaque user data: a `voidptr` parameter written as a reference.
//!
//! C libraries hand a callback the `void *` their caller registered
//! (GSL's `params`, SQLite's `pApp`, `qsort_r`'s context). Declaring the
//! parameter as `&T`, `&mut T`, `Option<&T>` or `Option<&mut T>` makes the
//! exported function `unsafe extern "C"` and converts the pointer here.
//! A null pointer for a plain reference panics, which the callback's panic
//! policy turns into its `on_panic` value, never into undefined behaviour.

use core::ffi::c_void;

/// Null stays null; a misaligned pointer panics (reading through it would be
/// undefined behaviour).
fn checked<T>(data: *mut c_void, parameter: &str) -> *mut T {
    if data.align_offset(core::mem::align_of::<T>()) != 0 {
        panic!(
            "parameter `{parameter}`: user data pointer {data:p} is not aligned to {} bytes",
            core::mem::align_of::<T>()
        );
    }
    data.cast::<T>()
}

fn null_user_data(parameter: &str) -> ! {
    panic!(
        "parameter `{parameter}` is a reference to user data, but C passed a null pointer; \
         declare it as `Option<&T>` to accept null"
    )
}

/// # Safety
///
/// `data` is null or points to a live, aligned `T` that nothing mutates for `'a`.
#[doc(hidden)]
#[inline]
pub unsafe fn user_data_ref<'a, T>(data: *mut c_void, parameter: &str) -> &'a T {
    // SAFETY: the caller guarantees a non-null `data` points to a live `T`.
    unsafe { checked::<T>(data, parameter).as_ref() }.unwrap_or_else(|| null_user_data(parameter))
}

/// # Safety
///
/// `data` is null or points to a live, aligned `T` that nothing else accesses for `'a`.
#[doc(hidden)]
#[inline]
pub unsafe fn user_data_mut<'a, T>(data: *mut c_void, parameter: &str) -> &'a mut T {
    // SAFETY: the caller guarantees a non-null `data` points to a live,
    // unaliased `T`.
    unsafe { checked::<T>(data, parameter).as_mut() }.unwrap_or_else(|| null_user_data(parameter))
}

/// # Safety
///
/// As [`user_data_ref`]; null gives `None`.
#[doc(hidden)]
#[inline]
pub unsafe fn user_data_opt<'a, T>(data: *mut c_void, parameter: &str) -> Option<&'a T> {
    // SAFETY: the caller guarantees a non-null `data` points to a live `T`.
    unsafe { checked::<T>(data, parameter).as_ref() }
}

/// # Safety
///
/// As [`user_data_mut`]; null gives `None`.
#[doc(hidden)]
#[inline]
pub unsafe fn user_data_opt_mut<'a, T>(data: *mut c_void, parameter: &str) -> Option<&'a mut T> {
    // SAFETY: the caller guarantees a non-null `data` points to a live,
    // unaliased `T`.
    unsafe { checked::<T>(data, parameter).as_mut() }
}

/// Panics when two user-data pointers share a byte: C passed one pointer for
/// two parameters, and one of them is a `&mut`, which must be unique. Null
/// pointers share nothing (they become `None`, or a reported panic).
#[doc(hidden)]
#[inline]
pub fn assert_user_data_disjoint<A, B>(
    first: *mut c_void,
    first_parameter: &str,
    second: *mut c_void,
    second_parameter: &str,
) {
    if first.is_null() || second.is_null() {
        return;
    }
    let (first_start, second_start) = (first as usize, second as usize);
    let first_end = first_start.saturating_add(core::mem::size_of::<A>());
    let second_end = second_start.saturating_add(core::mem::size_of::<B>());
    let overlap = first_start < second_end && second_start < first_end;
    if overlap {
        overlapping_user_data(first_parameter, first, second_parameter, second);
    }
}

#[cold]
fn overlapping_user_data(
    first_parameter: &str,
    first: *mut c_void,
    second_parameter: &str,
    second: *mut c_void,
) -> ! {
    panic!(
        "parameters `{first_parameter}` ({first:p}) and `{second_parameter}` ({second:p}) are \
         user data that overlap, and one is a `&mut`, which must not alias; C passed the same \
         memory twice"
    )
}
