//! Per-axis arithmetic written out axis by axis, with no loop over the axes.
//!
//! Views are made and indexed inside the caller's hot loops. A loop over
//! the `N` axes, even of constant length, is unrolled only late in LLVM's
//! pipeline, after the caller's own loops have been rotated. Until then the
//! shapes stay in memory, so two views made from the same C sizes do not
//! yet share their shape values, and the second view's bounds check cannot
//! be folded into the loop condition. It then stays in the loop as a second
//! exit, which leaves the loop's remainder scalar and not unrolled (the
//! 500-column rows of `bench/compare_numba.py` end in 20 scalar steps).
//! Written out, the shapes become plain values as soon as the view's code
//! is inlined, and every check that the loop bounds imply folds away before
//! the loops are transformed.

/// The ranks written out axis by axis; higher ranks loop.
pub(crate) const UNROLLED_RANK: usize = 6;

/// Runs `$body` with `$axis` bound to each axis `0..$rank` in order (or
/// from the last axis to the first with `rev`). `$rank` is a constant, so
/// the written-out steps past it compile to nothing.
macro_rules! for_each_axis {
    ($rank:expr, $axis:ident => $body:expr) => {
        if $rank <= $crate::array::axes::UNROLLED_RANK {
            for_each_axis!(@steps $rank, $axis => $body; 0 1 2 3 4 5);
        } else {
            for $axis in 0..$rank {
                $body;
            }
        }
    };
    (rev $rank:expr, $axis:ident => $body:expr) => {
        if $rank <= $crate::array::axes::UNROLLED_RANK {
            for_each_axis!(@steps $rank, $axis => $body; 5 4 3 2 1 0);
        } else {
            for $axis in (0..$rank).rev() {
                $body;
            }
        }
    };
    (@steps $rank:expr, $axis:ident => $body:expr; $($step:literal)*) => {
        $(
            if $step < $rank {
                let $axis: usize = $step;
                $body;
            }
        )*
    };
}

pub(crate) use for_each_axis;
