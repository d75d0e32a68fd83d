//! XLA:CPU's floating-point contraction: inside one compiled computation, a float multiply
//! whose only use is an add or a subtract runs as one fused multiply-add, rounding once.
//!
//! XLA emits a fusion's elementwise operations as LLVM IR with contraction allowed, and
//! LLVM's instruction selection turns `fadd(fmul(a, b), c)` into `fma(a, b, c)` when the
//! `fmul` has no other use. Measured with JAX 0.10.2 (`tools/golden/gen_contract.py`):
//! - `a*b + c`, `c + a*b`, `a*b - c`, `c - a*b`, `-(a*b) + c` are fused in `float32` and
//!   `float64`; of `a*b + c*d` the left product is fused (`fma(a, b, c*d)`), of
//!   `a*b - c*d` too (`fma(a, b, -(c*d))`);
//! - a product from `square`, `integer_pow` (its last multiply: `x**3` is
//!   `fma(x, x*x, c)`) or a division XLA rewrote into a multiply by the reciprocal
//!   (`x/7 + c` is `fma(x, 1/7, c)`, see [`crate::scalar::divides_by_broadcast`]) fuses
//!   like a `mul`;
//! - a product with a second use (a result of the computation, an operand of a reduction,
//!   used twice in one expression) is rounded on its own; so is one broadcast, reshaped
//!   or selected between the multiply and the add, and one whose operands are all
//!   constants (XLA folds it first);
//! - `float16`/`bfloat16` are never fused: XLA computes each operation in `float32` and
//!   rounds it to the narrow type in between.
//!
//! Eager operations are each their own computation, so nothing fuses there: the plan
//! applies to the body of a `jit` call (after inlining, as XLA inlines nested calls) and
//! to a compiled executable. The reference evaluator and the runtime both follow it.

use std::collections::{HashMap, HashSet};

use super::{Atom, Jaxpr};
use crate::dtype::DType;
use crate::primitive::{Kind, Primitive};
use crate::scalar;

/// The product of a fused multiply-add, in terms of the operands of the equation that
/// made it.
#[derive(Clone, Debug)]
pub enum Product {
    /// `x * y` (`mul`; `square` is `x * x`).
    Mul(Atom, Atom),
    /// The last multiply of `integer_pow[y]` of `x` ([`scalar::integer_pow_factors`]).
    IntegerPow(Atom, i32),
    /// `x * (1 / c)`: a division XLA rewrote into a multiply by the reciprocal.
    Reciprocal(Atom, Atom),
}

/// An `add`/`sub` equation computed as `round(±(p·q) ± addend)`.
#[derive(Clone, Debug)]
pub struct Fma {
    /// Where the product's factors come from.
    pub product: Product,
    /// Whether the product enters negated (`c - a*b`, `-(a*b) + c`).
    pub negate_product: bool,
    /// The other operand of the `add`/`sub`.
    pub addend: Atom,
    /// Whether the addend enters negated (`a*b - c`).
    pub negate_addend: bool,
}

/// The `add`/`sub` equations of a flat jaxpr (no nested `jit`; see
/// [`super::inline()`]) that XLA:CPU fuses with a product, by equation index.
pub fn plan(jaxpr: &Jaxpr) -> HashMap<usize, Fma> {
    let mut uses: HashMap<usize, usize> = HashMap::new();
    let mut count = |a: &Atom| {
        if let Atom::Var(v) = a {
            *uses.entry(v.id).or_default() += 1;
        }
    };
    jaxpr
        .eqns
        .iter()
        .flat_map(|e| &e.inputs)
        .for_each(&mut count);
    jaxpr.outvars.iter().for_each(&mut count);

    // Values XLA's constant folding computes before fusion.
    let mut constant: HashSet<usize> = jaxpr.constvars.iter().map(|v| v.id).collect();
    let mut defined_by: HashMap<usize, usize> = HashMap::new();
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        let foldable = !matches!(e.primitive, Primitive::Iota { .. })
            && e.inputs.iter().all(|a| is_constant(&constant, a));
        for v in &e.outputs {
            defined_by.insert(v.id, i);
            if foldable {
                constant.insert(v.id);
            }
        }
    }

    // How many times each value is read; a product read once fuses into its reader.
    let reads = |a: &Atom| match a {
        Atom::Var(v) if !constant.contains(&v.id) => uses.get(&v.id).copied().unwrap_or(0),
        _ => 0,
    };
    // The product an operand of an add/sub reads, looking through negations and no-op
    // conversions that nothing else reads; `shared` lets the operand itself be read more
    // than once.
    let product_of = |a: &Atom, shared: bool| -> Option<(Product, bool)> {
        let mut negate = false;
        let mut a = a.clone();
        let mut first = true;
        loop {
            let n = reads(&a);
            if n == 0 || (n > 1 && !(shared && first)) {
                return None;
            }
            first = false;
            let Atom::Var(v) = &a else { return None };
            let e = &jaxpr.eqns[*defined_by.get(&v.id)?];
            let ins = &e.inputs;
            let product = match &e.primitive {
                Primitive::Mul => Product::Mul(ins[0].clone(), ins[1].clone()),
                Primitive::Square => Product::Mul(ins[0].clone(), ins[0].clone()),
                Primitive::IntegerPow { y } if *y >= 2 => Product::IntegerPow(ins[0].clone(), *y),
                Primitive::Div
                    if scalar::divides_by_broadcast(
                        &e.primitive,
                        v.aval.dtype,
                        &ins[1].aval().shape,
                        &v.aval.shape,
                    ) =>
                {
                    Product::Reciprocal(ins[0].clone(), ins[1].clone())
                }
                Primitive::Neg => {
                    negate = !negate;
                    a = ins[0].clone();
                    continue;
                }
                Primitive::ConvertElementType { new_dtype, .. }
                    if *new_dtype == ins[0].aval().dtype =>
                {
                    a = ins[0].clone();
                    continue;
                }
                _ => return None,
            };
            return Some((product, negate));
        }
    };
    let fuse = |i: usize, shared: bool| -> Option<(Fma, Atom)> {
        let e = &jaxpr.eqns[i];
        let subtract = match e.primitive {
            Primitive::Add => false,
            Primitive::Sub => true,
            _ => return None,
        };
        if !matches!(e.outputs[0].aval.dtype, DType::F32 | DType::F64) {
            return None;
        }
        let (l, r) = (&e.inputs[0], &e.inputs[1]);
        if let Some((product, neg)) = product_of(l, shared) {
            let fma = Fma {
                product,
                negate_product: neg,
                addend: r.clone(),
                negate_addend: subtract,
            };
            return Some((fma, l.clone()));
        }
        let (product, neg) = product_of(r, shared)?;
        let fma = Fma {
            product,
            negate_product: neg != subtract,
            addend: l.clone(),
            negate_addend: false,
        };
        Some((fma, r.clone()))
    };

    let mut out = HashMap::new();
    for i in 0..jaxpr.eqns.len() {
        if let Some((fma, _)) = fuse(i, false) {
            out.insert(i, fma);
        }
    }

    // A product read by several adds/subs: XLA fuses it into each reader's loop fusion
    // (duplicating it) when the readers end up in different fusions, so each reads it
    // once; readers whose results meet again in one expression share one fusion, where the
    // product has two uses and rounds on its own.
    let mut readers: HashMap<usize, Vec<(usize, Fma)>> = HashMap::new();
    for i in 0..jaxpr.eqns.len() {
        if out.contains_key(&i) {
            continue;
        }
        if let Some((fma, Atom::Var(v))) = fuse(i, true) {
            readers.entry(v.id).or_default().push((i, fma));
        }
    }
    let consumers = consumers(jaxpr);
    for (v, group) in readers {
        let all_readers_fuse = group.len() == uses[&v]
            && group.iter().all(|(i, _)| {
                jaxpr.eqns[*i]
                    .inputs
                    .iter()
                    .filter(|a| matches!(a, Atom::Var(x) if x.id == v))
                    .count()
                    == 1
            });
        if !all_readers_fuse {
            continue;
        }
        let reach: Vec<HashSet<usize>> = group
            .iter()
            .map(|(i, _)| elementwise_descendants(jaxpr, &consumers, *i))
            .collect();
        let apart =
            (0..group.len()).all(|x| (x + 1..group.len()).all(|y| reach[x].is_disjoint(&reach[y])));
        if apart {
            out.extend(group);
        }
    }
    out
}

/// For each variable, the equations that read it.
fn consumers(jaxpr: &Jaxpr) -> HashMap<usize, Vec<usize>> {
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        for a in &e.inputs {
            if let Atom::Var(v) = a {
                out.entry(v.id).or_default().push(i);
            }
        }
    }
    out
}

/// Equation `i` and the elementwise equations that read its result, transitively: the
/// loop fusion XLA grows around it.
fn elementwise_descendants(
    jaxpr: &Jaxpr,
    consumers: &HashMap<usize, Vec<usize>>,
    i: usize,
) -> HashSet<usize> {
    let mut seen = HashSet::from([i]);
    let mut stack = vec![i];
    while let Some(k) = stack.pop() {
        for v in &jaxpr.eqns[k].outputs {
            for &c in consumers.get(&v.id).into_iter().flatten() {
                let elementwise = matches!(
                    jaxpr.eqns[c].primitive.kind(),
                    Kind::ElementwiseUnary | Kind::ElementwiseBinary | Kind::ElementwiseNary
                );
                if elementwise && seen.insert(c) {
                    stack.push(c);
                }
            }
        }
    }
    seen
}

fn is_constant(constant: &HashSet<usize>, a: &Atom) -> bool {
    match a {
        Atom::Var(v) => constant.contains(&v.id),
        Atom::Literal(_) => true,
    }
}
