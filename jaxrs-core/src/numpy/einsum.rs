//! `jnp.einsum` for one or two operands.
//!
//! JAX counterpart: `jax/_src/numpy/einsum.py` (`_einsum`). With one or two operands,
//! `opt_einsum`'s contraction path has a single step, so the equations are JAX's: sums of
//! indices only one operand has, then one `dot_general` (operands in the order JAX pops
//! them), then a `transpose` when the result's axes are in another order.

use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{promote_dtypes, ArrayLike};
use crate::numpy::reductions::{reduction, Axes, Monoid};

/// The parsed subscripts: one index string per operand, and the result's.
#[track_caller]
fn parse(subscripts: &str, n: usize) -> (Vec<Vec<char>>, Vec<char>) {
    let s: String = subscripts.chars().filter(|c| !c.is_whitespace()).collect();
    if s.contains('.') {
        panic!("jaxrs's einsum does not take ellipses ('...') yet");
    }
    let (ins, out) = match s.split_once("->") {
        Some((i, o)) => (i.to_string(), Some(o.to_string())),
        None => (s.clone(), None),
    };
    let inputs: Vec<Vec<char>> = ins.split(',').map(|t| t.chars().collect()).collect();
    if inputs.len() != n {
        panic!("Number of einsum subscripts must be equal to the number of operands.");
    }
    let out = match out {
        Some(o) => o.chars().collect(),
        // Implicit output: the indices that appear once, in alphabetical order.
        None => {
            let mut once: Vec<char> = inputs
                .iter()
                .flatten()
                .copied()
                .filter(|c| inputs.iter().flatten().filter(|d| *d == c).count() == 1)
                .collect();
            once.sort_unstable();
            once
        }
    };
    (inputs, out)
}

/// Sums the axes of `names` listed in `uniques` (`_einsum`'s `sum_uniques`).
#[track_caller]
fn sum_uniques(x: Array, names: Vec<char>, uniques: &[char], dtype: DType) -> (Array, Vec<char>) {
    if uniques.is_empty() {
        return (x, names);
    }
    let axes: Vec<isize> = uniques
        .iter()
        .map(|u| names.iter().position(|c| c == u).expect("index present") as isize)
        .collect();
    let x = lax::convert_element_type(&x, dtype, false);
    let summed = reduction(x.into(), Monoid::Sum, Axes::Some(axes), Some(dtype), false);
    let names = names.into_iter().filter(|c| !uniques.contains(c)).collect();
    (summed, names)
}

/// `jnp.einsum(subscripts, *operands)`: the sum of products that the subscripts name,
/// e.g. `"ij,jk->ik"` (a matrix product), `"ij->ji"`, `"ij->"`, `"bij,bjk->bik"`.
///
/// # Panics
/// For three or more operands, subscripts with `...`, or an index repeated within one
/// operand (not yet supported); with JAX's message when the subscripts and operands do
/// not match.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// let b = jnp::array([[1.0, 0.0], [0.0, 1.0]]);
/// let c = jnp::einsum("ij,jk->ik", [&a, &b]);
/// assert_eq!(c.to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
/// ```
#[track_caller]
pub fn einsum<A: ArrayLike>(subscripts: &str, operands: impl IntoIterator<Item = A>) -> Array {
    let ops: Vec<_> = operands.into_iter().map(ArrayLike::into_operand).collect();
    let n = ops.len();
    if n == 0 || n > 2 {
        panic!("jaxrs's einsum takes one or two operands, got {n}");
    }
    let weak = {
        let parts: Vec<(DType, bool)> = ops.iter().map(|o| o.dtype_and_weak()).collect();
        DType::result_type(&parts)
    };
    let arrays = promote_dtypes(ops);
    let (inputs, result) = parse(subscripts, n);
    for (names, a) in inputs.iter().zip(&arrays) {
        if names.len() != a.ndim() {
            panic!(
                "Einstein sum subscript '{}' does not contain the correct number of indices \
                 for operand.",
                names.iter().collect::<String>()
            );
        }
        let mut seen = names.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != names.len() {
            panic!("jaxrs's einsum does not take an index repeated within one operand yet");
        }
    }
    let (dtype, weak) = weak;
    let contracted: Vec<char> = {
        let mut c: Vec<char> = inputs
            .iter()
            .flatten()
            .copied()
            .filter(|x| !result.contains(x))
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let (operand, names) = if n == 1 {
        sum_uniques(arrays[0].clone(), inputs[0].clone(), &contracted, dtype)
    } else {
        // opt_einsum lists the pair in reverse, so JAX pops the second operand first.
        let (lhs, lhs_names) = (arrays[1].clone(), inputs[1].clone());
        let (rhs, rhs_names) = (arrays[0].clone(), inputs[0].clone());
        let only = |mine: &[char], other: &[char]| -> Vec<char> {
            contracted
                .iter()
                .copied()
                .filter(|c| mine.contains(c) && !other.contains(c))
                .collect()
        };
        let lhs_uniques = only(&lhs_names, &rhs_names);
        let rhs_uniques = only(&rhs_names, &lhs_names);
        let (lhs, lhs_names) = sum_uniques(lhs, lhs_names, &lhs_uniques, dtype);
        let (rhs, rhs_names) = sum_uniques(rhs, rhs_names, &rhs_uniques, dtype);
        let cont: Vec<char> = contracted
            .iter()
            .copied()
            .filter(|c| lhs_names.contains(c) || rhs_names.contains(c))
            .collect();
        let batch: Vec<char> = result
            .iter()
            .copied()
            .filter(|c| lhs_names.contains(c) && rhs_names.contains(c))
            .collect();
        let pos = |names: &[char], c: char| names.iter().position(|&d| d == c).expect("index");
        let lhs_batch: Vec<usize> = batch.iter().map(|&c| pos(&lhs_names, c)).collect();
        let rhs_batch: Vec<usize> = batch.iter().map(|&c| pos(&rhs_names, c)).collect();
        let lhs_cont: Vec<usize> = cont.iter().map(|&c| pos(&lhs_names, c)).collect();
        let rhs_cont: Vec<usize> = cont.iter().map(|&c| pos(&rhs_names, c)).collect();
        let deleted: Vec<char> = batch.iter().chain(&cont).copied().collect();
        let rem = |names: &[char]| -> Vec<char> {
            names
                .iter()
                .copied()
                .filter(|c| !deleted.contains(c))
                .collect()
        };
        let (rem_lhs, rem_rhs) = (rem(&lhs_names), rem(&rhs_names));
        let names: Vec<char> = batch
            .iter()
            .chain(&rem_rhs)
            .chain(&rem_lhs)
            .copied()
            .collect();
        if names == result {
            let out = lax::dot_general_with(
                &rhs,
                &lhs,
                ((rhs_cont, lhs_cont), (rhs_batch, lhs_batch)),
                |kw| kw.preferred_element_type(dtype),
            );
            (out, names)
        } else {
            let names: Vec<char> = batch
                .iter()
                .chain(&rem_lhs)
                .chain(&rem_rhs)
                .copied()
                .collect();
            let out = lax::dot_general_with(
                &lhs,
                &rhs,
                ((lhs_cont, rhs_cont), (lhs_batch, rhs_batch)),
                |kw| kw.preferred_element_type(dtype),
            );
            (out, names)
        }
    };
    if names.len() != result.len() || result.iter().any(|c| !names.contains(c)) {
        panic!(
            "einsum: output subscript '{}' names an index that is not in the inputs",
            result.iter().collect::<String>()
        );
    }
    let operand = if names != result {
        let perm: Vec<usize> = result
            .iter()
            .map(|c| names.iter().position(|d| d == c).expect("index"))
            .collect();
        lax::transpose(&operand, &perm)
    } else {
        operand
    };
    lax::convert_element_type(&operand, dtype, weak)
}
