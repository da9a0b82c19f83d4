//! Type inference: the type of every value of every local, as Numba types
//! them. Each assignment's value has the type of its expression; a phi has
//! the unification of the values that reach it; a local that `locals=`
//! declares has the declared type in all its values.
//!
//! A worklist runs to a fixpoint: when a value's type changes, the values
//! whose definitions read it are typed again. A value's type only moves up
//! the unification order (it is unified with what its definition gives),
//! and that order has finite height, so the worklist empties; a bound on
//! the steps turns a bug in that argument into a diagnostic rather than a
//! hang or a silent result.

use super::FnLower;
use crate::resolve::{VarDef, VarId};
use crate::types::{Ty, unify};
use std::collections::VecDeque;

/// Steps per value the worklist may take: far above the height of the
/// unification order (bool, the integer widths, the floats; tuples of
/// those), which bounds how often a value can change.
const STEPS_PER_VALUE: usize = 64;

impl FnLower<'_> {
    /// Types every value; conflicts are kept for the checking pass, which
    /// reports those a live value depends on.
    pub(super) fn infer(&mut self) {
        let count = self.res.vars.len();
        let mut dependents: Vec<Vec<VarId>> = vec![Vec::new(); count];
        for (index, inputs) in self.res.inputs.iter().enumerate() {
            for input in inputs {
                dependents[input.0 as usize].push(VarId(index as u32));
            }
        }
        let mut queue: VecDeque<VarId> = (0..count).map(|index| VarId(index as u32)).collect();
        let mut queued = vec![true; count];
        let mut steps = 0;
        while let Some(var) = queue.pop_front() {
            queued[var.0 as usize] = false;
            steps += 1;
            if steps > STEPS_PER_VALUE * (count + 1) {
                self.unsettled = Some(var);
                return;
            }
            let Some(found) = self.value_type(var) else {
                continue;
            };
            let current = &self.var_types[var.0 as usize];
            let next = match current {
                None => found,
                Some(current) if *current == found => continue,
                Some(current) => match unify(current, &found) {
                    Some(unified) => unified,
                    None => {
                        let range = self.res.var(var).range;
                        self.conflicts
                            .entry(var)
                            .or_insert((current.clone(), found, range));
                        continue;
                    }
                },
            };
            if current.as_ref() == Some(&next) {
                continue;
            }
            self.var_types[var.0 as usize] = Some(next);
            for dependent in &dependents[var.0 as usize] {
                if !queued[dependent.0 as usize] {
                    queued[dependent.0 as usize] = true;
                    queue.push_back(*dependent);
                }
            }
        }
    }

    /// The type a value's definition gives with the types known so far;
    /// `None` while an input's type is unknown (or after an error, which
    /// the checking pass reports).
    fn value_type(&mut self, var: VarId) -> Option<Ty> {
        let definition = self.res.var(var).clone();
        if let Some(declared) = &self.declared[definition.local.0 as usize] {
            return Some(declared.clone());
        }
        match definition.def {
            VarDef::Param(index) => self.param_types[index].clone(),
            VarDef::Assign { value, path } => element_type(self.expr(value)?.ty, &path),
            VarDef::AugAssign {
                target,
                op,
                value,
                range,
            } => {
                let current = self.expr(target)?;
                // An array is updated in place: it keeps its type.
                if matches!(current.ty, Ty::Array { .. }) {
                    return Some(current.ty);
                }
                let operand = self.expr(value)?;
                Some(self.binop(op, current, operand, range)?.ty)
            }
            VarDef::ForItem { iter, path } => element_type(self.iterator(iter)?.0, &path),
            VarDef::Phi(incomings) => {
                // In the order the values are defined, so that a conflict
                // is reported at the later assignment.
                let mut incomings: Vec<VarId> = incomings.into_iter().flatten().collect();
                incomings.sort();
                incomings.dedup();
                let mut unified: Option<(Ty, VarId)> = None;
                for incoming in incomings {
                    let Some(ty) = self.var_types[incoming.0 as usize].clone() else {
                        continue;
                    };
                    unified = Some(match unified {
                        None => (ty, incoming),
                        Some((so_far, first)) => match unify(&so_far, &ty) {
                            Some(ty) => (ty, first),
                            None => {
                                let range = self.res.var(incoming).range;
                                self.conflicts
                                    .entry(var)
                                    .or_insert((so_far.clone(), ty, range));
                                (so_far, first)
                            }
                        },
                    });
                }
                unified.map(|(ty, _)| ty)
            }
        }
    }
}

/// The element at `path` of a tuple type or a 1-d array (the type itself
/// for an empty path); `None` where the shapes do not match (reported when the
/// assignment is checked).
fn element_type(ty: Ty, path: &[usize]) -> Option<Ty> {
    let mut ty = ty;
    for index in path {
        // `x, y = a` of a 1-d array (its length is checked when it runs).
        if let Ty::Array { dtype, ndim: 1, .. } = ty {
            ty = *dtype;
            continue;
        }
        if let Ty::NestedArray { dtype, shape } = &ty
            && shape.len() == 1
        {
            ty = (**dtype).clone();
            continue;
        }
        let Ty::Tuple(mut items) = ty else {
            return None;
        };
        if *index >= items.len() {
            return None;
        }
        ty = items.swap_remove(*index);
    }
    Some(ty)
}
