//! XLA:CPU's floating-point contraction: inside one compiled computation, a float multiply
//! whose only use is an add or a subtract runs as one fused multiply-add, rounding once.
//!
//! XLA emits a fusion's elementwise operations as LLVM IR with contraction allowed, and
//! LLVM's instruction selection turns `fadd(fmul(a, b), c)` into `fma(a, b, c)` when the
//! `fmul` has no other use. Measured with JAX 0.10.2 (`tools/golden/gen_contract.py`):
//! - `a*b + c`, `c + a*b`, `a*b - c`, `c - a*b`, `-(a*b) + c` are fused in `float32` and
//!   `float64`; of `a*b + c*d` the left product is fused (`fma(a, b, c*d)`), of
//!   `a*b - c*d` too (`fma(a, b, -(c*d))`); `add_any` (the sum of tangents or
//!   cotangents that `jvp` and `grad` make) lowers to an add and fuses the same way;
//! - a product from `square`, `integer_pow` (its last multiply: `x**3` is
//!   `fma(x, x*x, c)`) or a division XLA rewrote into a multiply by the reciprocal
//!   (`x/7 + c` is `fma(x, 1/7, c)`, see [`crate::scalar::divides_by_broadcast`]) fuses
//!   like a `mul`;
//! - a product with a second use (a result of the computation, an operand of a reduction,
//!   used twice in one expression) is rounded on its own; so is one broadcast, reshaped
//!   or selected between the multiply and the add, and one whose operands are all
//!   constants (XLA folds it first). Two exceptions, from XLA duplicating a product into
//!   each fusion that reads it: a product that adds in different fusions read is fused
//!   into each, and so is one also summed if one factor is a broadcast (`grad` of
//!   `jnp.var`); a one-loop `reduce_sum` of a product that elementwise operations also
//!   read sums it with multiply-adds all the same;
//! - `float16`/`bfloat16` are never fused: XLA computes each operation in `float32` and
//!   rounds it to the narrow type in between.
//!
//! Eager operations are each their own computation, so nothing fuses there: the plan
//! applies to the body of a `jit` call (after inlining, as XLA inlines nested calls) and
//! to a compiled executable. The reference evaluator and the runtime both follow it.

use std::collections::{HashMap, HashSet};

use super::{Atom, ClosedJaxpr, Eqn, Jaxpr, Var};
use crate::aval::Aval;
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

/// The name of the `jit` equations [`fuse_products`] makes: `round(±(p·q) ± z)` as one
/// call (not an identifier, so no user function has it).
pub const MULTIPLY_ADD: &str = "multiply-add";

/// The name of the `jit` equations [`fuse_products`] makes of a [`reduce_plan`] reduction:
/// the product and the `reduce_sum` as one call, whose evaluation as a compiled
/// computation accumulates with a multiply-add per element.
pub const MULTIPLY_REDUCE: &str = "multiply-reduce";

/// How the product of a [`MULTIPLY_ADD`] call is formed from its leading operands.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Factors {
    /// Operands `x, y, z`: `x · y`.
    Mul,
    /// Operands `x, c, z`: `x · (1/c)` ([`crate::scalar::broadcast_reciprocal`]).
    Reciprocal,
    /// Operands `x, z`: the last multiply of `x ** y` ([`scalar::integer_pow_factors`]).
    IntegerPow(i32),
}

/// What a [`MULTIPLY_ADD`] call computes: its factors and signs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// How the product is formed.
    pub factors: Factors,
    /// `-(p·q)`.
    pub negate_product: bool,
    /// `-z`.
    pub negate_addend: bool,
}

/// The [`Parts`] of a [`MULTIPLY_ADD`] call's body (as [`fuse_products`] writes it).
pub fn parts(body: &Jaxpr) -> Parts {
    let factors = match &body.eqns[0].primitive {
        Primitive::Mul => Factors::Mul,
        Primitive::Div => Factors::Reciprocal,
        Primitive::IntegerPow { y } => Factors::IntegerPow(*y),
        p => unreachable!("a multiply-add call starts with {}", p.name()),
    };
    let product = &body.eqns[0].outputs[0];
    let addend = body
        .invars
        .last()
        .expect("a multiply-add call has an addend");
    let negated = |v: &Var| {
        body.eqns.iter().any(|e| {
            matches!(e.primitive, Primitive::Neg)
                && matches!(&e.inputs[0], Atom::Var(x) if x.id == v.id)
        })
    };
    Parts {
        factors,
        negate_product: negated(product),
        negate_addend: negated(addend),
    }
}

/// `closed` (flat) with every `add`/`sub` of [`plan`] replaced by a [`MULTIPLY_ADD`] call
/// of the product's operands and the addend, and the products no one else reads removed:
/// what a compiler whose kernels round each operation on its own runs to get XLA's bits.
/// The call's body is the product and the add again, so evaluating it as a compiled
/// computation (the reference evaluator's `jit`) gives the same bits.
pub fn fuse_products(closed: &ClosedJaxpr) -> ClosedJaxpr {
    let jaxpr = &closed.jaxpr;
    let fused = plan(jaxpr);
    let fused_reduce = reduce_plan(jaxpr);
    if fused.is_empty() && fused_reduce.is_empty() {
        return closed.clone();
    }
    let mut eqns: Vec<Eqn> = Vec::with_capacity(jaxpr.eqns.len());
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        match (fused.get(&i), fused_reduce.get(&i)) {
            (Some(fma), _) => eqns.push(multiply_add_call(fma, e)),
            (None, Some(fma)) => eqns.push(multiply_reduce_call(fma, e)),
            (None, None) => eqns.push(e.clone()),
        }
    }
    let mut out = closed.clone();
    out.jaxpr.eqns = eqns;
    out.jaxpr.eqns = without_dead_code(&out.jaxpr);
    out
}

/// The [`MULTIPLY_ADD`] call standing for the `add`/`sub` equation `e`.
fn multiply_add_call(fma: &Fma, e: &Eqn) -> Eqn {
    let out = &e.outputs[0].aval;
    let dtype = out.dtype;
    let (mut inputs, op) = match &fma.product {
        Product::Mul(x, y) => (vec![x.clone(), y.clone()], Primitive::Mul),
        Product::Reciprocal(x, c) => (vec![x.clone(), c.clone()], Primitive::Div),
        Product::IntegerPow(x, y) => (vec![x.clone()], Primitive::IntegerPow { y: *y }),
    };
    inputs.push(fma.addend.clone());
    let invars: Vec<Var> = inputs
        .iter()
        .map(|a| Var::fresh(Aval::new(a.aval().shape.clone(), a.aval().dtype)))
        .collect();
    let addend = invars.last().expect("an addend").clone();
    let fresh = || Var::fresh(Aval::new(out.shape.clone(), dtype));
    let eqn = |primitive, inputs: Vec<&Var>, output: &Var| Eqn {
        primitive,
        inputs: inputs.into_iter().map(|v| Atom::Var(v.clone())).collect(),
        outputs: vec![output.clone()],
        source: e.source,
    };
    let mut body = Vec::new();
    let mut product = fresh();
    body.push(eqn(
        op,
        invars[..invars.len() - 1].iter().collect(),
        &product,
    ));
    if fma.negate_product {
        let negated = fresh();
        body.push(eqn(Primitive::Neg, vec![&product], &negated));
        product = negated;
    }
    let mut z = addend;
    if fma.negate_addend {
        let negated = Var::fresh(z.aval.clone());
        body.push(eqn(Primitive::Neg, vec![&z], &negated));
        z = negated;
    }
    let result = fresh();
    body.push(eqn(Primitive::Add, vec![&product, &z], &result));
    let call = ClosedJaxpr {
        jaxpr: Jaxpr {
            constvars: Vec::new(),
            invars,
            eqns: body,
            outvars: vec![Atom::Var(result)],
        },
        consts: Vec::new(),
    };
    Eqn {
        primitive: Primitive::Jit {
            name: MULTIPLY_ADD.into(),
            jaxpr: std::sync::Arc::new(call),
            inline: false,
        },
        inputs,
        outputs: e.outputs.clone(),
        source: e.source,
    }
}

/// The [`MULTIPLY_REDUCE`] call standing for the `reduce_sum` equation `e`.
fn multiply_reduce_call(fma: &ReduceFma, e: &Eqn) -> Eqn {
    let operand = e.inputs[0].aval();
    let (inputs, op) = match (&fma.product, &fma.body) {
        // The body reads what decides the order as the computation does: the centring
        // `sub` (the square is made inside), ...
        (Product::Mul(..), Some(FusedBody::Centred(a, b))) => {
            (vec![a.clone(), b.clone()], Primitive::Sub)
        }
        // ... one operand for a square, so that the body's product is a square too, ...
        (Product::Mul(x, _), _) if fma.product.is_square() => (vec![x.clone()], Primitive::Mul),
        (Product::Mul(x, y), _) => (vec![x.clone(), y.clone()], Primitive::Mul),
        (Product::Reciprocal(x, c), _) => (vec![x.clone(), c.clone()], Primitive::Div),
        (Product::IntegerPow(x, y), _) => (vec![x.clone()], Primitive::IntegerPow { y: *y }),
    };
    let invars: Vec<Var> = inputs
        .iter()
        .map(|a| Var::fresh(Aval::new(a.aval().shape.clone(), a.aval().dtype)))
        .collect();
    let fresh = || Var::fresh(Aval::new(operand.shape.clone(), operand.dtype));
    let eqn = |primitive, inputs: Vec<&Var>, output: &Var| Eqn {
        primitive,
        inputs: inputs.into_iter().map(|v| Atom::Var(v.clone())).collect(),
        outputs: vec![output.clone()],
        source: e.source,
    };
    let mut body = Vec::new();
    let centred;
    let marked;
    let factors = match (&op, invars.as_slice()) {
        (Primitive::Sub, [a, b]) => {
            centred = fresh();
            body.push(eqn(Primitive::Sub, vec![a, b], &centred));
            vec![&centred, &centred]
        }
        (Primitive::Mul, [x]) => vec![x, x],
        // ... and a product of an input that is not loaded as such read through a copy, so
        // that the body's product is not one of its inputs.
        (Primitive::Mul, [x, y]) if fma.body.is_none() => {
            marked = Var::fresh(x.aval.clone());
            body.push(eqn(Primitive::Copy, vec![x], &marked));
            vec![&marked, y]
        }
        _ => invars.iter().collect(),
    };
    let op = if op == Primitive::Sub {
        Primitive::Mul
    } else {
        op
    };
    let mut product = fresh();
    body.push(eqn(op, factors, &product));
    if fma.negate_product {
        let negated = fresh();
        body.push(eqn(Primitive::Neg, vec![&product], &negated));
        product = negated;
    }
    let result = Var::fresh(e.outputs[0].aval.clone());
    body.push(eqn(e.primitive.clone(), vec![&product], &result));
    let call = ClosedJaxpr {
        jaxpr: Jaxpr {
            constvars: Vec::new(),
            invars,
            eqns: body,
            outvars: vec![Atom::Var(result)],
        },
        consts: Vec::new(),
    };
    Eqn {
        primitive: Primitive::Jit {
            name: MULTIPLY_REDUCE.into(),
            jaxpr: std::sync::Arc::new(call),
            inline: false,
        },
        inputs,
        outputs: e.outputs.clone(),
        source: e.source,
    }
}

/// The equations of `jaxpr` whose results something reads (effects always stay).
fn without_dead_code(jaxpr: &Jaxpr) -> Vec<Eqn> {
    let mut live: HashSet<usize> = jaxpr
        .outvars
        .iter()
        .filter_map(|a| match a {
            Atom::Var(v) => Some(v.id),
            Atom::Literal(_) => None,
        })
        .collect();
    let mut keep = vec![false; jaxpr.eqns.len()];
    for (i, e) in jaxpr.eqns.iter().enumerate().rev() {
        let needed = matches!(e.primitive.kind(), Kind::Effect)
            || e.outputs.iter().any(|v| live.contains(&v.id));
        if needed {
            keep[i] = true;
            for a in &e.inputs {
                if let Atom::Var(v) = a {
                    live.insert(v.id);
                }
            }
        }
    }
    jaxpr
        .eqns
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(e, _)| e.clone())
        .collect()
}

/// How many times each variable of `jaxpr` is read (by equations and as an output).
fn use_counts(jaxpr: &Jaxpr) -> HashMap<usize, usize> {
    let mut uses: HashMap<usize, usize> = HashMap::new();
    let reads = jaxpr
        .eqns
        .iter()
        .flat_map(|e| &e.inputs)
        .chain(&jaxpr.outvars);
    for a in reads {
        if let Atom::Var(v) = a {
            *uses.entry(v.id).or_default() += 1;
        }
    }
    uses
}

/// The `add`/`add_any`/`sub` equations of a flat jaxpr (no nested `jit`; see
/// [`super::inline::inline`]) that XLA:CPU fuses with a product, by equation index.
pub fn plan(jaxpr: &Jaxpr) -> HashMap<usize, Fma> {
    let uses = use_counts(jaxpr);

    let Folding {
        constant,
        iota_derived,
        defined_by,
    } = folding(jaxpr);

    // How many times each value is read; a product read once fuses into its reader.
    let reads = |a: &Atom| match a {
        Atom::Var(v) if !constant.contains(&v.id) && !iota_derived.contains(&v.id) => {
            uses.get(&v.id).copied().unwrap_or(0)
        }
        _ => 0,
    };
    let product_of = |a: &Atom, shared: bool| product_of(jaxpr, &defined_by, &reads, a, shared);
    let fuse = |i: usize, shared: bool| -> Option<(Fma, Atom)> {
        let e = &jaxpr.eqns[i];
        let subtract = match e.primitive {
            Primitive::Add | Primitive::AddAny => false,
            Primitive::Sub => true,
            _ => return None,
        };
        if !matches!(e.outputs[0].aval.dtype, DType::F32 | DType::F64) {
            return None;
        }
        let (l, r) = (&e.inputs[0], &e.inputs[1]);
        let out_shape = &e.outputs[0].aval.shape;
        // A product broadcast into the add is a separate loop value in XLA: not fused.
        let product_of = |a: &Atom, shared| {
            if &a.aval().shape == out_shape {
                product_of(a, shared)
            } else {
                None
            }
        };
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
    // product has two uses and rounds on its own. A `reduce_sum` that reads it too (through
    // a negation, which XLA moves out of the reduction) keeps the adds from fusing unless
    // the product is "effectively unary" (one factor a broadcast): XLA duplicates only such
    // a product into its consumers when one of them cannot fuse it (measured: `grad` of
    // `jnp.var` adds and sums `broadcast(s)·r`, the add fused; of `a·b` summed and added,
    // `contract.json`'s `with_sum`, the add rounds the product).
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
        let sums = if effectively_unary(jaxpr, &defined_by, v) {
            summing_readers(jaxpr, &consumers, &uses, v)
        } else {
            0
        };
        let all_readers_fuse = group.len() + sums == uses[&v]
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

/// Whether the product `v` is made from one full-size operand and a broadcast of a smaller
/// value (or a constant), which XLA's fusion duplicates freely: its memory traffic is one
/// operand's.
fn effectively_unary(jaxpr: &Jaxpr, defined_by: &HashMap<usize, usize>, v: usize) -> bool {
    let Some(e) = defined_by.get(&v).map(|&i| &jaxpr.eqns[i]) else {
        return false;
    };
    if !matches!(e.primitive, Primitive::Mul) {
        return false;
    }
    let size = e.outputs[0].aval.size();
    let small = |a: &Atom| match a {
        Atom::Literal(_) => true,
        Atom::Var(x) => {
            x.aval.size() < size
                || defined_by.get(&x.id).is_some_and(|&i| {
                    let d = &jaxpr.eqns[i];
                    matches!(d.primitive, Primitive::BroadcastInDim { .. })
                        && d.inputs[0].aval().size() < size
                })
        }
    };
    e.inputs.iter().any(small)
}

/// How many of `v`'s readers are `reduce_sum`s, directly or through a negation that
/// nothing else reads.
fn summing_readers(
    jaxpr: &Jaxpr,
    consumers: &HashMap<usize, Vec<usize>>,
    uses: &HashMap<usize, usize>,
    v: usize,
) -> usize {
    let sums = |e: &Eqn| matches!(e.primitive, Primitive::ReduceSum { .. });
    consumers
        .get(&v)
        .into_iter()
        .flatten()
        .filter(|&&c| {
            let e = &jaxpr.eqns[c];
            if sums(e) {
                return true;
            }
            let Some(out) = e.outputs.first().map(|o| o.id) else {
                return false;
            };
            matches!(e.primitive, Primitive::Neg)
                && uses.get(&out) == Some(&1)
                && consumers
                    .get(&out)
                    .is_some_and(|r| r.iter().all(|&k| sums(&jaxpr.eqns[k])))
        })
        .count()
}

/// The product an operand of an add/sub (or a reduction) reads, looking through negations
/// and no-op conversions that nothing else reads, and whether it enters negated; `shared`
/// lets the operand itself be read more than once. `reads` counts a value's readers (0
/// for constants and values made from an `iota`, which never fuse).
fn product_of(
    jaxpr: &Jaxpr,
    defined_by: &HashMap<usize, usize>,
    reads: &impl Fn(&Atom) -> usize,
    a: &Atom,
    shared: bool,
) -> Option<(Product, bool)> {
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
}

/// A `reduce_sum` whose operand is a product XLA:CPU fuses into the reduction loop, which
/// LLVM contracts: each step is `acc = round(p·q + acc)`.
///
/// A negated product sums the product and negates the sum: XLA's algebraic simplifier
/// moves the `negate` out of the `reduce` (`-0.0` from zeros, where `acc - p·q` from
/// `+0.0` would give `+0.0`).
///
/// When the reduction is one loop (one reduced axis longer than 1) and the product a
/// square, LLVM unrolls that loop fully and, knowing that a square is never `-0.0`,
/// folds the `0 + p₀²` of the first step away, so that the first add is `p₀² + p₁²`,
/// contracted as `fma(p₀, p₀, round(p₁²))`; the rest follow in order (read off the
/// optimized LLVM IR and the object code of `jnp.var` along an axis of 3, 4, 10, 16 and
/// 31 elements, `float32` and `float64`).
#[derive(Clone, Debug)]
pub struct ReduceFma {
    /// Where the product's factors come from.
    pub product: Product,
    /// Whether the product enters negated.
    pub negate_product: bool,
    /// Whether the first two products are added as `fma(p₀, q₀, round(p₁·q₁))` (above).
    pub first_pair: bool,
    /// What the loop computes per element, where a box of axes may be split over vector
    /// lanes ([`crate::xla_reduce::Lanes::split`]): `None` for products whose split is not
    /// measured (kept in row-major order).
    pub body: Option<FusedBody>,
}

/// The fused reductions whose vectorized order is known ([`ReduceFma::body`]).
#[derive(Clone, Debug)]
pub enum FusedBody {
    /// A product of two inputs of the computation (read from memory, as XLA's loop reads
    /// them), not a square.
    Loaded,
    /// `square(a - b)` with `a` or `b` broadcast into the difference (`jnp.var`'s centring
    /// by the mean): the operands of the `sub`.
    Centred(Atom, Atom),
}

impl FusedBody {
    /// The body as [`crate::xla_reduce::Lanes::split`] weighs it.
    pub fn cost(&self) -> crate::xla_reduce::Body {
        match self {
            FusedBody::Loaded => crate::xla_reduce::Body::LoadedProduct,
            FusedBody::Centred(..) => crate::xla_reduce::Body::CenteredSquare,
        }
    }
}

impl Product {
    /// Whether LLVM sees the product as `v · v` of one value: `x * x` (`square`) and the
    /// last multiply of `x ** 2ᵏ`, whose factors are one power twice.
    pub fn is_square(&self) -> bool {
        match self {
            Product::Mul(Atom::Var(x), Atom::Var(y)) => x.id == y.id,
            Product::IntegerPow(_, y) => *y >= 2 && (*y as u32).is_power_of_two(),
            _ => false,
        }
    }
}

/// The `reduce_sum` equations of a flat jaxpr that XLA:CPU computes with a fused
/// multiply-add per element, by equation index. Measured with JAX 0.10.2: `jnp.var` of 3,
/// 16 or 31 elements, or along the 10-long axis 0 of `[10, 100]`, accumulates
/// `fma(d, d, acc)` (XLA fuses `square(x - mean)` into its `reduce`), from
/// `fma(d₀, d₀, round(d₁²))` ([`ReduceFma::first_pair`]). Only a reduction XLA
/// emits as one loop nest does: with every reduced axis at most
/// [`crate::xla_reduce::WINDOW`] long and too small for YNNPACK. A longer axis puts a
/// `reduce-window` between, which XLA does not fuse with the product; YNNPACK reads the
/// product from memory.
pub fn reduce_plan(jaxpr: &Jaxpr) -> HashMap<usize, ReduceFma> {
    let uses = use_counts(jaxpr);
    let consumers = consumers(jaxpr);
    let Folding {
        constant,
        iota_derived,
        defined_by,
    } = folding(jaxpr);
    let reads = |a: &Atom| match a {
        Atom::Var(v) if !constant.contains(&v.id) && !iota_derived.contains(&v.id) => {
            uses.get(&v.id).copied().unwrap_or(0)
        }
        _ => 0,
    };
    let mut out = HashMap::new();
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        let Primitive::ReduceSum { axes } = &e.primitive else {
            continue;
        };
        let operand = e.inputs[0].aval();
        let dtype = operand.dtype;
        let one_loop = matches!(dtype, DType::F32 | DType::F64)
            && !crate::xla_reduce::uses_ynn(true, dtype, operand.size())
            && axes
                .iter()
                .all(|&a| operand.shape[a] <= crate::xla_reduce::WINDOW);
        if !one_loop {
            continue;
        }
        // A product that elementwise operations read too: XLA duplicates it into this
        // loop as into theirs (`contract.json`'s `with_row_sums`).
        let shared = match &e.inputs[0] {
            Atom::Var(v) => {
                !jaxpr.outvars.contains(&e.inputs[0])
                    && consumers[&v.id].iter().all(|&c| {
                        c == i
                            || matches!(
                                jaxpr.eqns[c].primitive.kind(),
                                Kind::ElementwiseUnary
                                    | Kind::ElementwiseBinary
                                    | Kind::ElementwiseNary
                            )
                    })
            }
            Atom::Literal(_) => false,
        };
        if let Some((product, negate_product)) =
            product_of(jaxpr, &defined_by, &reads, &e.inputs[0], shared)
        {
            let long_axes = axes.iter().filter(|&&a| operand.shape[a] > 1).count();
            let first_pair = long_axes == 1 && product.is_square();
            let body = fused_body(jaxpr, &defined_by, &product, &operand.shape);
            out.insert(
                i,
                ReduceFma {
                    product,
                    negate_product,
                    first_pair,
                    body,
                },
            );
        }
    }
    out
}

/// The [`FusedBody`] of a fused reduction's `product` (of an operand of `shape`), if it
/// is one whose vectorized order is known.
fn fused_body(
    jaxpr: &Jaxpr,
    defined_by: &HashMap<usize, usize>,
    product: &Product,
    shape: &[usize],
) -> Option<FusedBody> {
    let Product::Mul(x, y) = product else {
        return None;
    };
    if product.is_square() {
        let Atom::Var(d) = x else { return None };
        let e = &jaxpr.eqns[*defined_by.get(&d.id)?];
        let broadcast = e.inputs.iter().any(|a| a.aval().shape != d.aval.shape);
        return (matches!(e.primitive, Primitive::Sub) && broadcast)
            .then(|| FusedBody::Centred(e.inputs[0].clone(), e.inputs[1].clone()));
    }
    let loaded = |a: &Atom| match a {
        Atom::Var(v) => {
            v.aval.shape == shape
                && jaxpr
                    .invars
                    .iter()
                    .chain(&jaxpr.constvars)
                    .any(|w| w.id == v.id)
        }
        Atom::Literal(_) => false,
    };
    (loaded(x) && loaded(y)).then_some(FusedBody::Loaded)
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

/// What XLA computes before or apart from the fused loop.
pub(crate) struct Folding {
    /// Values XLA's constant folding computes before fusion (made of literals and
    /// constants only).
    pub constant: HashSet<usize>,
    /// Values made from an `iota`: XLA:CPU's loops compute those in ways that depend on how
    /// LLVM unrolls them (measured: `jnp.linspace`'s `start*(1 - iota/(n-1)) +
    /// stop*(iota/(n-1))` follows the fused rules at n = 5000 but not at n = 50, where the
    /// unrolled iota is folded), so none is fused or reassociated: each operation rounds.
    pub iota_derived: HashSet<usize>,
    /// The equation that makes each variable.
    pub defined_by: HashMap<usize, usize>,
}

/// The [`Folding`] of `jaxpr`.
pub(crate) fn folding(jaxpr: &Jaxpr) -> Folding {
    let mut constant: HashSet<usize> = jaxpr.constvars.iter().map(|v| v.id).collect();
    let mut iota_derived: HashSet<usize> = HashSet::new();
    let mut defined_by: HashMap<usize, usize> = HashMap::new();
    for (i, e) in jaxpr.eqns.iter().enumerate() {
        let is_iota = matches!(e.primitive, Primitive::Iota { .. });
        let foldable = !is_iota && e.inputs.iter().all(|a| is_constant(&constant, a));
        let from_iota = is_iota
            || e.inputs
                .iter()
                .any(|a| matches!(a, Atom::Var(v) if iota_derived.contains(&v.id)));
        for v in &e.outputs {
            defined_by.insert(v.id, i);
            if foldable {
                constant.insert(v.id);
            }
            if from_iota {
                iota_derived.insert(v.id);
            }
        }
    }
    Folding {
        constant,
        iota_derived,
        defined_by,
    }
}

fn is_constant(constant: &HashSet<usize>, a: &Atom) -> bool {
    match a {
        Atom::Var(v) => constant.contains(&v.id),
        Atom::Literal(_) => true,
    }
}
