//! `jnp.einsum` and `jnp.einsum_path`: any number of operands, `...`, indices repeated
//! within an operand (diagonals), implicit output.
//!
//! JAX counterpart: `jax/_src/numpy/einsum.py` (`einsum`, `_einsum`) on top of
//! `opt_einsum.contract_path` (parsing here, the path in [`super::einsum_path`]). Each step
//! of the path is JAX's: one operand has its unique contracted indices summed and its
//! repeated ones reduced against an identity; a pair has unit axes squeezed where the other
//! side is not 1, its private contracted indices summed, then one `dot_general` (operands
//! in the order JAX pops them), then a `transpose` when the axes are in another order.

use std::collections::{BTreeSet, HashMap};

use super::einsum_path::{path_for, Labels, Optimize, Path};
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{promote_dtypes, ArrayLike};
use crate::primitive::Primitive;

/// `opt_einsum.parser.get_symbol`: the `i`-th label for an ellipsis's axes.
fn symbol(i: usize) -> char {
    const BASE: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    match i {
        0..52 => BASE.as_bytes()[i] as char,
        55296.. => char::from_u32(i as u32 + 2048).expect("a symbol"),
        _ => char::from_u32(i as u32 + 140).expect("a symbol"),
    }
}

/// `find_output_str`: the labels that appear once, in code-point order.
fn implicit_output(inputs: &str) -> String {
    let all: Vec<char> = inputs.chars().filter(|&c| c != ',').collect();
    let set: BTreeSet<char> = all.iter().copied().collect();
    set.into_iter()
        .filter(|c| all.iter().filter(|d| *d == c).count() == 1)
        .collect()
}

/// `parser.parse_einsum_input`: one label string per operand (ellipses replaced by unused
/// labels) and the output's.
#[track_caller]
fn parse(subscripts: &str, shapes: &[Vec<usize>]) -> (Vec<String>, String) {
    let mut s: String = subscripts.chars().filter(|&c| c != ' ').collect();
    if s.contains('-') || s.contains('>') {
        let invalid = s.matches('-').count() > 1 || s.matches('>').count() > 1;
        if invalid || s.matches("->").count() != 1 {
            panic!("Subscripts can only contain one '->'.");
        }
    }
    if s.contains('.') {
        let used: String = s.replace(['.', ','], "").replace("->", "");
        let most = shapes.iter().map(Vec::len).max().unwrap_or(0);
        let mut ellipse = Vec::new();
        let mut i = 0;
        while ellipse.len() < most {
            let c = symbol(i);
            i += 1;
            if !used.contains(c) {
                ellipse.push(c);
            }
        }
        let (input_part, output_part) = match s.split_once("->") {
            Some((a, b)) => (a.to_string(), Some(b.to_string())),
            None => (s.clone(), None),
        };
        let mut terms: Vec<String> = input_part.split(',').map(str::to_string).collect();
        let mut longest = 0;
        for (num, term) in terms.iter_mut().enumerate() {
            if !term.contains('.') {
                continue;
            }
            if term.matches('.').count() != 3 || term.matches("...").count() != 1 {
                panic!("Invalid Ellipses.");
            }
            let ndim = shapes.get(num).map_or(0, Vec::len);
            let count = if ndim == 0 {
                0
            } else {
                ndim.max(1) as isize - (term.chars().count() as isize - 3)
            };
            if count < 0 {
                panic!("Ellipses lengths do not match.");
            }
            longest = longest.max(count as usize);
            let rep: String = ellipse[ellipse.len() - count as usize..].iter().collect();
            *term = term.replace("...", &rep);
        }
        let out_ellipse: String = ellipse[ellipse.len() - longest..].iter().collect();
        let joined = terms.join(",");
        s = match output_part {
            Some(o) => format!("{joined}->{}", o.replace("...", &out_ellipse)),
            None => {
                let normal: BTreeSet<char> = implicit_output(&joined)
                    .chars()
                    .filter(|c| !out_ellipse.contains(*c))
                    .collect();
                format!(
                    "{joined}->{out_ellipse}{}",
                    normal.into_iter().collect::<String>()
                )
            }
        };
    }
    let (inputs, output) = match s.split_once("->") {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (s.clone(), implicit_output(&s)),
    };
    for c in output.chars() {
        if output.matches(c).count() != 1 {
            panic!("Output character '{c}' appeared more than once in the output.");
        }
        if !inputs.contains(c) {
            panic!("Output character '{c}' did not appear in the input");
        }
    }
    let terms: Vec<String> = inputs.split(',').map(str::to_string).collect();
    if terms.len() != shapes.len() {
        panic!(
            "Number of einsum subscripts, {}, must be equal to the number of operands, {}.",
            terms.len(),
            shapes.len()
        );
    }
    (terms, output)
}

/// The size of every label, a size of 1 giving way to the other operands' (broadcasting).
#[track_caller]
fn label_sizes(terms: &[String], shapes: &[Vec<usize>]) -> HashMap<char, usize> {
    let mut sizes: HashMap<char, usize> = HashMap::new();
    for (t, (term, shape)) in terms.iter().zip(shapes).enumerate() {
        if term.chars().count() != shape.len() {
            panic!(
                "Einstein sum subscript '{term}' does not contain the correct number of indices \
                 for operand {t}."
            );
        }
        for (c, &dim) in term.chars().zip(shape) {
            match sizes.get(&c).copied() {
                None | Some(1) => {
                    sizes.insert(c, dim);
                }
                Some(prev) if dim != 1 && dim != prev => panic!(
                    "Size of label '{c}' for operand {t} ({prev}) does not match previous terms \
                     ({dim})."
                ),
                Some(_) => {}
            }
        }
    }
    sizes
}

/// One step of the contraction list: the operands' positions (descending), the labels it
/// sums away, its input label strings and its result's.
struct Contraction {
    positions: Vec<usize>,
    removed: Labels,
    inputs: Vec<String>,
    result: String,
}

/// `contract_path`'s contraction list for `path`.
fn contractions(terms: &[String], output: &str, path: &Path) -> Vec<Contraction> {
    let out_set: Labels = output.chars().collect();
    let mut sets: Vec<Labels> = terms.iter().map(|t| t.chars().collect()).collect();
    let mut strs: Vec<String> = terms.to_vec();
    let mut list = Vec::new();
    for (step, inds) in path.iter().enumerate() {
        let mut positions = inds.clone();
        positions.sort_unstable_by(|a, b| b.cmp(a));
        // helpers.find_contraction
        let mut contract = Labels::new();
        let mut keep = out_set.clone();
        let mut rest = Vec::new();
        for (k, set) in sets.iter().enumerate() {
            if positions.contains(&k) {
                contract.extend(set.iter().copied());
            } else {
                keep.extend(set.iter().copied());
                rest.push(set.clone());
            }
        }
        let new_result: Labels = &keep & &contract;
        let removed: Labels = &contract - &new_result;
        rest.push(new_result.clone());
        sets = rest;
        let inputs: Vec<String> = positions.iter().map(|&p| strs.remove(p)).collect();
        let result = if step + 1 == path.len() {
            output.to_string()
        } else {
            let all: String = inputs.concat();
            let mut r: Vec<char> = new_result.into_iter().collect();
            r.sort_by_key(|c| all.find(*c));
            r.into_iter().collect()
        };
        strs.push(result.clone());
        list.push(Contraction {
            positions,
            removed,
            inputs,
            result,
        });
    }
    list
}

/// `sum` of `_einsum`: a `reduce_sum` (`reduce_or` for bools) in the result dtype.
#[track_caller]
fn sum(x: Array, axes: &[usize], dtype: DType) -> Array {
    let x = if DType::promote_types(x.dtype(), dtype) != x.dtype() {
        lax::convert_element_type(&x, dtype, false)
    } else {
        x
    };
    let mut axes = axes.to_vec();
    axes.sort_unstable();
    let prim = if x.dtype() == DType::Bool {
        Primitive::ReduceOr { axes }
    } else {
        Primitive::ReduceSum { axes }
    };
    lax::bind_n(prim, std::slice::from_ref(&x)).remove(0)
}

fn remove_chars(names: &str, chars: &[char]) -> String {
    names.chars().filter(|c| !chars.contains(c)).collect()
}

/// `sum_uniques`: sums the axes labelled by `uniques`.
#[track_caller]
fn sum_uniques(x: Array, names: String, uniques: &[char], dtype: DType) -> (Array, String) {
    if uniques.is_empty() {
        return (x, names);
    }
    let axes: Vec<usize> = uniques
        .iter()
        .map(|u| names.chars().position(|c| c == *u).expect("label present"))
        .collect();
    (sum(x, &axes, dtype), remove_chars(&names, uniques))
}

/// The labels of `names` with their counts, in order of first appearance
/// (`collections.Counter`).
fn counts(names: &str) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::new();
    for c in names.chars() {
        match out.iter_mut().find(|(d, _)| *d == c) {
            Some((_, n)) => *n += 1,
            None => out.push((c, 1)),
        }
    }
    out
}

/// `lax._delta(bool, shape, axes)`: true where the `axes` coordinates are all equal.
#[track_caller]
fn delta(shape: &[usize], axes: &[usize]) -> Array {
    let base: Vec<usize> = axes.iter().map(|&a| shape[a]).collect();
    let iotas: Vec<Array> = (0..base.len())
        .map(|i| lax::broadcasted_iota(DType::U32, &base, i))
        .collect();
    let eyes: Vec<Array> = iotas.windows(2).map(|w| lax::eq(&w[0], &w[1])).collect();
    let all = eyes
        .into_iter()
        .reduce(|a, b| lax::bitwise_and(&a, &b))
        .expect("two axes");
    lax::broadcast_in_dim(&all, shape, axes)
}

/// `sum_repeats`: a label repeated within one operand keeps its diagonal (summed away
/// unless `keep` names it, else left once).
#[track_caller]
fn sum_repeats(
    mut x: Array,
    mut names: String,
    counts: &[(char, usize)],
    keep: &str,
    dtype: DType,
) -> (Array, String) {
    for &(name, count) in counts {
        if count <= 1 {
            continue;
        }
        let axes: Vec<usize> = names
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == name)
            .map(|(i, _)| i)
            .collect();
        let eye = delta(x.shape(), &axes);
        let zeros = crate::interpreters::jvp::full_like(&x, 0.0);
        x = lax::select(&eye, &x, &zeros);
        if keep.contains(name) {
            x = sum(x, &axes[..axes.len() - 1], dtype);
            let mut dropped = 0;
            names = names
                .chars()
                .filter(|&c| {
                    let drop = c == name && dropped < count - 1;
                    dropped += usize::from(drop);
                    !drop
                })
                .collect();
        } else {
            x = sum(x, &axes, dtype);
            names = names.replace(name, "");
        }
    }
    (x, names)
}

/// `filter_singleton_dims`: squeezes unit axes whose label has a non-unit size on the
/// other operand.
#[track_caller]
fn filter_singletons(
    x: Array,
    names: String,
    other: &[usize],
    other_names: &str,
) -> (Array, String) {
    let mut squeeze = Vec::new();
    let mut kept = String::new();
    for (i, c) in names.chars().enumerate() {
        let keep = match other_names.chars().position(|d| d == c) {
            None => true,
            Some(j) => x.shape()[i] != 1 || other[j] == 1,
        };
        if keep {
            kept.push(c);
        } else {
            squeeze.push(i as isize);
        }
    }
    if squeeze.is_empty() {
        (x, kept)
    } else {
        (lax::squeeze(&x, &squeeze), kept)
    }
}

fn pos(names: &str, c: char) -> usize {
    names.chars().position(|d| d == c).expect("label present")
}

/// Contracts a pair as `_einsum` does; returns the product and its labels.
#[track_caller]
fn contract_pair(
    lhs: Array,
    rhs: Array,
    names: &[String],
    result: &str,
    contracted: &[char],
    dtype: DType,
) -> (Array, String) {
    let (lhs, lhs_names) = filter_singletons(lhs, names[0].clone(), rhs.shape(), &names[1]);
    let (rhs, rhs_names) = filter_singletons(rhs, names[1].clone(), lhs.shape(), &lhs_names);
    let lhs_counts = counts(&lhs_names);
    let rhs_counts = counts(&rhs_names);
    let count = |cs: &[(char, usize)], c: char| cs.iter().find(|(d, _)| *d == c).map_or(0, |x| x.1);
    let lhs_uniques: Vec<char> = contracted
        .iter()
        .copied()
        .filter(|&c| count(&lhs_counts, c) == 1 && count(&rhs_counts, c) == 0)
        .collect();
    let (lhs, lhs_names) = sum_uniques(lhs, lhs_names, &lhs_uniques, dtype);
    let rhs_uniques: Vec<char> = contracted
        .iter()
        .copied()
        .filter(|&c| count(&rhs_counts, c) == 1 && count(&lhs_counts, c) == 0)
        .collect();
    let (rhs, rhs_names) = sum_uniques(rhs, rhs_names, &rhs_uniques, dtype);
    let (lhs, lhs_names) = sum_repeats(
        lhs,
        lhs_names,
        &lhs_counts,
        &format!("{result}{rhs_names}"),
        dtype,
    );
    let (rhs, rhs_names) = sum_repeats(
        rhs,
        rhs_names,
        &rhs_counts,
        &format!("{result}{lhs_names}"),
        dtype,
    );
    let cont: Vec<char> = contracted
        .iter()
        .copied()
        .filter(|&c| lhs_names.contains(c) || rhs_names.contains(c))
        .collect();
    let batch: Vec<char> = result
        .chars()
        .filter(|&c| lhs_names.contains(c) && rhs_names.contains(c))
        .collect();
    let lhs_batch: Vec<usize> = batch.iter().map(|&c| pos(&lhs_names, c)).collect();
    let rhs_batch: Vec<usize> = batch.iter().map(|&c| pos(&rhs_names, c)).collect();
    let lhs_cont: Vec<usize> = cont.iter().map(|&c| pos(&lhs_names, c)).collect();
    let rhs_cont: Vec<usize> = cont.iter().map(|&c| pos(&rhs_names, c)).collect();
    let deleted: Vec<char> = batch.iter().chain(&cont).copied().collect();
    let rem_lhs = remove_chars(&lhs_names, &deleted);
    let rem_rhs = remove_chars(&rhs_names, &deleted);
    let batch: String = batch.into_iter().collect();
    // opt_einsum contracts right to left, so (rhs, lhs) is tried first.
    let names = format!("{batch}{rem_rhs}{rem_lhs}");
    if names == result {
        let out = lax::dot_general_with(
            &rhs,
            &lhs,
            ((rhs_cont, lhs_cont), (rhs_batch, lhs_batch)),
            |kw| kw.preferred_element_type(dtype),
        );
        (out, names)
    } else {
        let out = lax::dot_general_with(
            &lhs,
            &rhs,
            ((lhs_cont, rhs_cont), (lhs_batch, rhs_batch)),
            |kw| kw.preferred_element_type(dtype),
        );
        (out, format!("{batch}{rem_lhs}{rem_rhs}"))
    }
}

/// `jnp.einsum(subscripts, *operands)`: the sum of products that the subscripts name,
/// e.g. `"ij,jk->ik"` (a matrix product), `"ii->i"` (a diagonal), `"...ij,...jk"` (batched,
/// implicit output), `"ij,jk,kl->il"` (contracted in `opt_einsum`'s order, as JAX does).
///
/// # Panics
/// With `opt_einsum`'s and JAX's messages when the subscripts and operands do not match
/// (`Einstein sum subscript 'ij' does not contain the correct number of indices for operand
/// 0.`, `Size of label 'j' for operand 1 (3) does not match previous terms (4).`, ...).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// let b = jnp::array([[1.0, 0.0], [0.0, 1.0]]);
/// let c = jnp::einsum("ij,jk->ik", [&a, &b]);
/// assert_eq!(c.to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(jnp::einsum("ii->i", [&a]).to_vec::<f32>(), vec![1.0, 4.0]);
/// ```
#[track_caller]
pub fn einsum<A: ArrayLike>(subscripts: &str, operands: impl IntoIterator<Item = A>) -> Array {
    einsum_with(subscripts, operands, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.einsum(subscripts, *operands, optimize='auto',
    /// preferred_element_type=None)`.
    EinsumKw {
        /// `optimize`: the path search (`"auto"`, `"optimal"`, `"greedy"`, `"branch-2"`,
        /// ..., `true`, `false`, or an explicit path).
        optimize: Optimize = Optimize::Auto; (optimize: impl Into<Optimize>) => optimize.into(),
        /// `preferred_element_type`: the dtype of the products and sums (default the
        /// operands' result type).
        preferred_element_type: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.einsum(subscripts, *operands, optimize=.., preferred_element_type=..)`.
///
/// # Panics
/// Also with JAX's message when a path contracts three or more operands at once (as
/// `optimize=False` does for three operands or more, in JAX too).
#[track_caller]
pub fn einsum_with<A: ArrayLike>(
    subscripts: &str,
    operands: impl IntoIterator<Item = A>,
    f: impl FnOnce(EinsumKw) -> EinsumKw,
) -> Array {
    let kw = crate::keywords::apply::<EinsumKw>(f);
    let ops: Vec<_> = operands.into_iter().map(ArrayLike::into_operand).collect();
    if ops.is_empty() {
        panic!("No input operands");
    }
    let (dtype, weak) = match kw.preferred_element_type {
        Some(d) => (d.canonicalize(), false),
        None => {
            let parts: Vec<(DType, bool)> = ops.iter().map(|o| o.dtype_and_weak()).collect();
            DType::result_type(&parts)
        }
    };
    let shapes: Vec<Vec<usize>> = ops.iter().map(|o| o.shape().to_vec()).collect();
    let (terms, output) = parse(subscripts, &shapes);
    let sizes = label_sizes(&terms, &shapes);
    let sets: Vec<Labels> = terms.iter().map(|t| t.chars().collect()).collect();
    let path = path_for(&kw.optimize, &sets, &output.chars().collect(), &sizes);
    let mut arrays = promote_dtypes(ops);
    for c in contractions(&terms, &output, &path) {
        let contracted: Vec<char> = c.removed.iter().copied().collect();
        let (operand, names) = match *c.positions.as_slice() {
            [p] => {
                let x = arrays.remove(p);
                let names = c.inputs[0].clone();
                let cs = counts(&names);
                let uniques: Vec<char> = contracted
                    .iter()
                    .copied()
                    .filter(|u| cs.iter().any(|(d, n)| d == u && *n == 1))
                    .collect();
                let (x, names) = sum_uniques(x, names, &uniques, dtype);
                sum_repeats(x, names, &cs, &c.result, dtype)
            }
            [p, q] => {
                let lhs = arrays.remove(p);
                let rhs = arrays.remove(q);
                contract_pair(lhs, rhs, &c.inputs, &c.result, &contracted, dtype)
            }
            _ => panic!(
                "jax.numpy.einsum does not support simultaneous contraction of 3 or more \
                 operands. Typically this means you've passed an unsupported path to the \
                 einsum optimize parameter."
            ),
        };
        let operand = if names != c.result {
            let perm: Vec<usize> = c.result.chars().map(|r| pos(&names, r)).collect();
            lax::transpose(&operand, &perm)
        } else {
            operand
        };
        arrays.push(operand);
    }
    lax::convert_element_type(&arrays.remove(0), dtype, weak)
}

/// `jnp.einsum_path(subscripts, *operands)`'s path: the positions contracted at each step,
/// in the list of remaining operands with each result appended (JAX also returns
/// `opt_einsum`'s printed report, which jaxrs does not make).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let (a, b, c) = (jnp::ones([2, 3]), jnp::ones([3, 4]), jnp::ones([4, 5]));
/// assert_eq!(jnp::einsum_path("ij,jk,kl->il", [&a, &b, &c]), vec![vec![0, 1], vec![0, 1]]);
/// ```
#[track_caller]
pub fn einsum_path<A: ArrayLike>(
    subscripts: &str,
    operands: impl IntoIterator<Item = A>,
) -> Vec<Vec<usize>> {
    einsum_path_with(subscripts, operands, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.einsum_path(subscripts, *operands, optimize='auto')`.
    EinsumPathKw {
        /// `optimize`: the path search, as [`EinsumKw`]'s.
        optimize: Optimize = Optimize::Auto; (optimize: impl Into<Optimize>) => optimize.into(),
    }
}

/// `jnp.einsum_path(subscripts, *operands, optimize=..)`'s path.
#[track_caller]
pub fn einsum_path_with<A: ArrayLike>(
    subscripts: &str,
    operands: impl IntoIterator<Item = A>,
    f: impl FnOnce(EinsumPathKw) -> EinsumPathKw,
) -> Vec<Vec<usize>> {
    let optimize = crate::keywords::apply::<EinsumPathKw>(f).optimize;
    let shapes: Vec<Vec<usize>> = operands
        .into_iter()
        .map(|o| o.into_operand().shape().to_vec())
        .collect();
    let (terms, output) = parse(subscripts, &shapes);
    let sizes = label_sizes(&terms, &shapes);
    let sets: Vec<Labels> = terms.iter().map(|t| t.chars().collect()).collect();
    path_for(&optimize, &sets, &output.chars().collect(), &sizes)
}
