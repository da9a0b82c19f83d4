//! The typed IR of small cfuncs: what the checker resolved each operation
//! to, asserted on the IR rather than on the Rust generated from it.

use super::*;
use crate::lower::check_cfuncs;
use crate::module::ModuleEnv;
use crate::parser::parse_module;
use crate::types::{FLOAT64, INT64};

fn typed(source: &str) -> TypedFn {
    let (module, syntax_errors) = parse_module(source);
    assert!(syntax_errors.is_empty(), "{syntax_errors:?}");
    let env = ModuleEnv::build_with_constants(&module, &[]);
    assert!(env.errors.list.is_empty(), "{:?}", env.errors.list);
    let (mut checked, _, errors) = check_cfuncs(&env);
    assert!(errors.is_empty(), "{errors:?}");
    checked.remove(0).typed
}

fn slot_named(typed: &TypedFn, local: &str) -> SlotId {
    let index = typed
        .slots
        .iter()
        .position(|slot| slot.local == local)
        .unwrap_or_else(|| panic!("no slot for `{local}`"));
    SlotId(index as u32)
}

/// The `for` loops of a body, outermost first.
fn for_loops(body: &[Stmt]) -> Vec<&ForLoop> {
    let mut found = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::For(for_loop) => {
                found.push(&**for_loop);
                found.extend(for_loops(&for_loop.body));
            }
            Stmt::Seq(body) | Stmt::Scope(body) | Stmt::Block { body, .. } => {
                found.extend(for_loops(body));
            }
            Stmt::While { body, .. } => found.extend(for_loops(body)),
            Stmt::If { body, orelse, .. } => {
                found.extend(for_loops(body));
                found.extend(for_loops(orelse));
            }
            _ => {}
        }
    }
    found
}

/// The view elements a statement list reads or writes: their subscripts
/// and indices.
fn array_elements(body: &[Stmt]) -> Vec<(crate::ast::NodeId, &[Index])> {
    fn in_place<'a>(place: &'a Place, found: &mut Vec<(crate::ast::NodeId, &'a [Index])>) {
        match &place.kind {
            PlaceKind::ArrayElement {
                array,
                indices,
                subscript,
            } => {
                found.push((*subscript, indices));
                in_place(array, found);
            }
            PlaceKind::Value(value) => in_expr(value, found),
            PlaceKind::PointerElement { pointer: base, .. }
            | PlaceKind::Field { record: base, .. }
            | PlaceKind::NestedElement { array: base, .. }
            | PlaceKind::TupleItem { tuple: base, .. } => in_place(base, found),
        }
    }
    fn in_expr<'a>(expr: &'a Expr, found: &mut Vec<(crate::ast::NodeId, &'a [Index])>) {
        match &expr.kind {
            ExprKind::Load(place) => in_place(place, found),
            ExprKind::Convert(value) | ExprKind::Truthy(value) | ExprKind::Not(value) => {
                in_expr(value, found)
            }
            ExprKind::Binary { left, right, .. } | ExprKind::Compare { left, right, .. } => {
                in_expr(left, found);
                in_expr(right, found);
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::Store { place, value } => {
                in_place(place, &mut found);
                in_expr(value, &mut found);
            }
            Stmt::SetSlot { value, .. } | Stmt::Eval(value) => in_expr(value, &mut found),
            _ => {}
        }
    }
    found
}

#[test]
fn a_local_declared_int64_stores_the_float_quotient_converted() {
    // Numba's own `locals=` test: 8 / 3 stored in an int64 `c` is 2.
    let typed = typed(
        "from numba import cfunc, types\n\
         @cfunc('int64(int64, int64)', locals={'c': types.int64})\n\
         def div(a, b):\n    c = a / b\n    return c\n",
    );
    let c = slot_named(&typed, "c");
    assert_eq!(typed.slots[c.0 as usize].ty, INT64);
    let Stmt::SetSlot { slot, value } = &typed.body[0] else {
        panic!("{:?}", typed.body[0]);
    };
    assert_eq!(*slot, c);
    let ExprKind::Convert(quotient) = &value.kind else {
        panic!("{value:?}");
    };
    assert_eq!(quotient.ty, FLOAT64);
    let ExprKind::Binary { op, left, right } = &quotient.kind else {
        panic!("{quotient:?}");
    };
    assert_eq!(*op, BinaryOp::Div { checked: true });
    for operand in [left, right] {
        assert!(matches!(&operand.kind, ExprKind::Convert(int) if int.ty == INT64));
    }
}

#[test]
fn the_numpy_error_model_divides_unchecked() {
    let typed = typed(
        "from numba import cfunc\n\
         @cfunc('float64(float64, float64)', error_model='numpy')\n\
         def div(a, b):\n    return a / b\n",
    );
    let Stmt::Return(Some(value)) = &typed.body[0] else {
        panic!("{:?}", typed.body);
    };
    assert!(matches!(
        value.kind,
        ExprKind::Binary {
            op: BinaryOp::Div { checked: false },
            ..
        }
    ));
}

#[test]
fn an_int_literal_added_to_a_float_is_converted_explicitly() {
    let typed = typed(
        "from numba import cfunc\n\
         @cfunc('float64(float64)')\n\
         def inc(x):\n    return x + 1\n",
    );
    let Stmt::Return(Some(value)) = &typed.body[0] else {
        panic!("{:?}", typed.body);
    };
    let ExprKind::Binary {
        op: BinaryOp::Add,
        left,
        right,
    } = &value.kind
    else {
        panic!("{value:?}");
    };
    assert!(matches!(left.kind, ExprKind::Slot(_)));
    let ExprKind::Convert(literal) = &right.kind else {
        panic!("{right:?}");
    };
    assert!(matches!(literal.kind, ExprKind::Int(1)) && literal.ty == INT64);
}

#[test]
fn a_local_that_changes_type_has_a_slot_per_type() {
    let typed = typed(
        "from numba import cfunc\n\
         @cfunc('float64(int64)')\n\
         def f(n):\n    x = n\n    y = x // 3\n    x = 0.5\n    return y + x\n",
    );
    let x: Vec<(usize, Ty)> = typed
        .slots
        .iter()
        .filter(|slot| slot.local == "x")
        .map(|slot| (slot.position, slot.ty.clone()))
        .collect();
    assert_eq!(x, [(0, INT64), (1, FLOAT64)]);
}

#[test]
fn a_versioned_loop_carries_its_plan_and_its_subscripts() {
    let typed = typed(
        "from numba import cfunc, carray\n\
         @cfunc('void(CPointer(float64), CPointer(float64), int64)')\n\
         def double(inp, out, n):\n    a = carray(inp, n)\n    b = carray(out, n)\n    \
         for i in range(n):\n        b[i] = 2.0 * a[i]\n",
    );
    let loops = for_loops(&typed.body);
    let [for_loop] = loops.as_slice() else {
        panic!("{loops:?}");
    };
    let versioned = for_loop.versioned.as_ref().expect("versioned");
    assert!(matches!(for_loop.iter, Iter::Range { .. }));
    assert!(versioned.divisors.is_empty());
    assert!(versioned.disjoint.is_empty());
    // One guard per view, both by the loop variable.
    assert_eq!(versioned.guards.len(), 2);
    assert!(
        versioned
            .guards
            .iter()
            .all(|guard| matches!(guard.index, GuardIndex::LoopVariable))
    );
    // Both elements are covered, and index by a loop variable known not to
    // be negative.
    let elements = array_elements(&for_loop.body);
    assert_eq!(elements.len(), 2);
    for (subscript, indices) in elements {
        assert!(versioned.unchecked.contains(&subscript));
        assert!(matches!(indices, [Index::NonNegative(_)]));
    }
}

#[test]
fn a_scanned_divisor_is_a_float64_and_the_views_must_not_overlap() {
    let typed = typed(
        "from numba import cfunc, carray\n\
         @cfunc('void(CPointer(float64), CPointer(float64), int64)')\n\
         def invert(inp, out, n):\n    a = carray(inp, n)\n    b = carray(out, n)\n    \
         for i in range(n):\n        b[i] = 1.0 / a[i]\n",
    );
    let loops = for_loops(&typed.body);
    let versioned = loops[0].versioned.as_ref().expect("versioned");
    let [divisor] = versioned.divisors.as_slice() else {
        panic!("{:?}", versioned.divisors);
    };
    assert_eq!(divisor.ty, FLOAT64);
    let (b, a) = (slot_named(&typed, "b"), slot_named(&typed, "a"));
    assert_eq!(versioned.disjoint, [(b, a)]);
    assert!(versioned.chunk < 4096);
}

#[test]
fn a_possibly_negative_index_is_wrapped_and_a_pointer_index_is_not() {
    let typed = typed(
        "from numba import cfunc, carray\n\
         @cfunc('float64(CPointer(float64), int64, int64)')\n\
         def pick(data, n, i):\n    arr = carray(data, n)\n    return arr[i] + data[i]\n",
    );
    let Some(Stmt::Return(Some(value))) = typed.body.last() else {
        panic!("{:?}", typed.body);
    };
    let ExprKind::Binary { left, right, .. } = &value.kind else {
        panic!("{value:?}");
    };
    let ExprKind::Load(element) = &left.kind else {
        panic!("{left:?}");
    };
    assert!(matches!(
        &element.kind,
        PlaceKind::ArrayElement { indices, .. } if matches!(indices.as_slice(), [Index::Wrapped(_)])
    ));
    let ExprKind::Load(element) = &right.kind else {
        panic!("{right:?}");
    };
    assert!(matches!(element.kind, PlaceKind::PointerElement { .. }));
}
