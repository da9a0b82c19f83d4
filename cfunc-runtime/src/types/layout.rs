//! The C ABI's struct layout rule, as `const fn`s so that the same code
//! computes a dynamic [`RecordLayout`](super::RecordLayout)'s offsets at run time and a
//! derived record's offsets at compile time (where they are asserted
//! against `core::mem::offset_of!`).
//!
//! The rule (System V, Windows x64 and AArch64 agree on it for plain
//! data): each field starts at the next multiple of its alignment after
//! the previous field's end; the struct's alignment is the largest field
//! alignment; its size is rounded up to a multiple of that alignment (tail
//! padding), so that arrays of the struct keep every element aligned.

/// `offset` rounded up to a multiple of `align` (a power of two), or
/// `None` on overflow.
///
/// ```
/// use cfunc_runtime::types::layout::align_up;
///
/// assert_eq!(align_up(5, 4), Some(8));
/// assert_eq!(align_up(8, 8), Some(8));
/// assert_eq!(align_up(usize::MAX, 8), None);
/// ```
#[must_use]
pub const fn align_up(offset: usize, align: usize) -> Option<usize> {
    let mask = align - 1;
    match offset.checked_add(mask) {
        Some(bumped) => Some(bumped & !mask),
        None => None,
    }
}

/// The size and alignment of one field, the input of [`StructLayout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldShape {
    /// Size in bytes.
    pub size: usize,
    /// Alignment in bytes (a power of two).
    pub align: usize,
}

/// The offsets, size and alignment of a C struct with `N` fields.
///
/// ```
/// use cfunc_runtime::types::layout::{FieldShape, StructLayout};
///
/// // struct { uint8_t a; double b; uint16_t c; }
/// const LAYOUT: StructLayout<3> = StructLayout::of([
///     FieldShape { size: 1, align: 1 },
///     FieldShape { size: 8, align: 8 },
///     FieldShape { size: 2, align: 2 },
/// ]);
/// assert_eq!(LAYOUT.offsets, [0, 8, 16]);
/// assert_eq!((LAYOUT.size, LAYOUT.align), (24, 8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructLayout<const N: usize> {
    /// Offset of each field, in declaration order.
    pub offsets: [usize; N],
    /// Size including tail padding.
    pub size: usize,
    /// Largest field alignment (1 for a struct without fields).
    pub align: usize,
}

impl<const N: usize> StructLayout<N> {
    /// Lays out `fields` by the C rule.
    ///
    /// # Panics
    ///
    /// When the size overflows `usize` (at compile time, this is a build
    /// error; no real struct gets there).
    #[must_use]
    pub const fn of(fields: [FieldShape; N]) -> StructLayout<N> {
        match Self::checked(fields) {
            Some(layout) => layout,
            None => panic!("record layout overflows usize"),
        }
    }

    /// Lays out `fields` by the C rule, or `None` if the size overflows.
    #[must_use]
    pub const fn checked(fields: [FieldShape; N]) -> Option<StructLayout<N>> {
        let mut offsets = [0; N];
        let mut cursor = 0usize;
        let mut align = 1usize;
        let mut index = 0;
        while index < N {
            let field = fields[index];
            let Some(offset) = align_up(cursor, field.align) else {
                return None;
            };
            offsets[index] = offset;
            let Some(end) = offset.checked_add(field.size) else {
                return None;
            };
            cursor = end;
            if field.align > align {
                align = field.align;
            }
            index += 1;
        }
        match align_up(cursor, align) {
            Some(size) => Some(StructLayout {
                offsets,
                size,
                align,
            }),
            None => None,
        }
    }
}
