// While a reborrowed view lives, the view it came from cannot be used: two
// mutable views of the same elements would alias.
fn main() {
    let mut data = [1.0f64, 2.0];
    // SAFETY: `data` holds 2 elements.
    let mut view = unsafe { cfunc::carray(data.as_mut_ptr(), 2) };
    let mut lent = view.reborrow();
    view[0] = 3.0;
    lent[0] = 4.0;
}
