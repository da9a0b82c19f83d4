//! Which pointers make which views: `*const T` a read view, `*mut T` a
//! read-write view, and `void` pointers only with an element type.

use super::layout::Layout;
use super::view::ArrayView;
use super::view_mut::ArrayViewMut;
use core::ffi::c_void;
use core::ptr::NonNull;

mod sealed {
    pub trait Sealed {}
}

/// A type that views may hold: plain data that can be copied out of C
/// memory (numbers, `bool`, `#[repr(C)]` structs deriving `Copy`).
///
/// Every `Copy` type is an element. `c_void` is not (it is not `Copy`),
/// which is what keeps `carray` from accepting a `void *` whose element
/// type it cannot know.
///
/// ```
/// use cfunc::array::Element;
///
/// #[derive(Clone, Copy)]
/// #[repr(C)]
/// struct Point {
///     x: f64,
///     y: f64,
/// }
/// fn is_element<T: Element>() {}
/// is_element::<f64>();
/// is_element::<Point>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the element type of a carray/farray view; for a `void *`, name the element type: `carray_as::<f64, _, _>(ptr, shape)`",
    label = "a pointer to `{Self}` has no usable element type",
    note = "a `void *` (`*mut c_void`) does not say what it points to: name the element type with `carray_as::<f64, _, _>(ptr, shape)` (Numba's `carray(ptr, shape, dtype)`)",
    note = "element types are `Copy` plain data: numbers, `bool` and `#[repr(C)]` structs"
)]
pub trait Element: Copy {}

impl<T: Copy> Element for T {}

/// A typed data pointer that [`carray`](super::carray) and
/// [`farray`](super::farray) turn into a view: `*const T` gives an
/// [`ArrayView`], `*mut T` an [`ArrayViewMut`].
///
/// ```
/// use cfunc::{ArrayView, ArrayViewMut, C, carray};
///
/// let mut data = [1.0_f64, 2.0, 3.0];
/// // SAFETY: `data` holds 3 elements and outlives the views, which are
/// // used one element access at a time.
/// let read: ArrayView<'_, f64, 1, C> = unsafe { carray(data.as_ptr(), 3) };
/// assert_eq!(read[2], 3.0);
/// // SAFETY: as above.
/// let mut write: ArrayViewMut<'_, f64, 1, C> = unsafe { carray(data.as_mut_ptr(), 3) };
/// write[0] = 5.0;
/// assert_eq!(data[0], 5.0);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a data pointer that carray/farray can view",
    label = "expected `*const T` or `*mut T`",
    note = "carray/farray take a raw pointer to the first element; for a slice, pass `slice.as_ptr()` or `slice.as_mut_ptr()`"
)]
pub trait DataPointer: sealed::Sealed + Copy {
    /// The type pointed to.
    type Element;
    /// The view this pointer makes.
    type View<'a, const N: usize, L: Layout>
    where
        Self: 'a;

    /// The pointer as a read-only raw pointer (for the checks).
    #[doc(hidden)]
    fn as_const(self) -> *const Self::Element;

    /// Wraps checked parts into this pointer's view.
    ///
    /// # Safety
    ///
    /// `ptr` and `shape` satisfy the contract of [`carray`](super::carray)
    /// for `'a` and have passed the construction checks.
    #[doc(hidden)]
    unsafe fn make_view<'a, const N: usize, L: Layout>(
        ptr: NonNull<Self::Element>,
        shape: [usize; N],
    ) -> Self::View<'a, N, L>
    where
        Self: 'a;
}

impl<T> sealed::Sealed for *const T {}
impl<T> sealed::Sealed for *mut T {}

impl<T> DataPointer for *const T {
    type Element = T;
    type View<'a, const N: usize, L: Layout>
        = ArrayView<'a, T, N, L>
    where
        Self: 'a;

    #[inline(always)]
    fn as_const(self) -> *const T {
        self
    }

    #[inline(always)]
    unsafe fn make_view<'a, const N: usize, L: Layout>(
        ptr: NonNull<T>,
        shape: [usize; N],
    ) -> ArrayView<'a, T, N, L>
    where
        Self: 'a,
    {
        // SAFETY: forwarded from this function's contract.
        unsafe { ArrayView::from_checked_parts(ptr, shape) }
    }
}

impl<T> DataPointer for *mut T {
    type Element = T;
    type View<'a, const N: usize, L: Layout>
        = ArrayViewMut<'a, T, N, L>
    where
        Self: 'a;

    #[inline(always)]
    fn as_const(self) -> *const T {
        self.cast_const()
    }

    #[inline(always)]
    unsafe fn make_view<'a, const N: usize, L: Layout>(
        ptr: NonNull<T>,
        shape: [usize; N],
    ) -> ArrayViewMut<'a, T, N, L>
    where
        Self: 'a,
    {
        // SAFETY: forwarded from this function's contract.
        unsafe { ArrayViewMut::from_checked_parts(ptr, shape) }
    }
}

/// A `void *` (`*const c_void` or `*mut c_void`, a signature's `voidptr`),
/// which [`carray_as`](super::carray_as) and its siblings view with an
/// element type named by the caller.
///
/// ```
/// use cfunc::array::VoidPointer;
/// use std::ffi::c_void;
///
/// let mut value = 7_u32;
/// let untyped = (&raw mut value).cast::<c_void>();
/// let typed: *mut u32 = untyped.with_element::<u32>();
/// // SAFETY: `typed` points to `value`.
/// assert_eq!(unsafe { *typed }, 7);
/// ```
pub trait VoidPointer: sealed::Sealed + Copy {
    /// The typed pointer with the same mutability: `*const T` or `*mut T`.
    type Typed<T>: DataPointer<Element = T>;

    /// Casts to a pointer to `T`, keeping the mutability.
    fn with_element<T>(self) -> Self::Typed<T>;
}

impl VoidPointer for *const c_void {
    type Typed<T> = *const T;

    #[inline(always)]
    fn with_element<T>(self) -> *const T {
        self.cast()
    }
}

impl VoidPointer for *mut c_void {
    type Typed<T> = *mut T;

    #[inline(always)]
    fn with_element<T>(self) -> *mut T {
        self.cast()
    }
}
