//! The runtime's reduction, scan, structural and `dot_general` kernels against the
//! reference evaluator, over random shapes, axes, parameters and every dtype.
//!
//! Bits must agree (0 ulp) everywhere except where the kernels reassociate (documented in
//! `kernels/reduce.rs` and `kernels/dot.rs`): float `reduce_sum`/`reduce_prod` and float
//! `dot_general`. Those are compared bit for bit on inputs whose sums and products are
//! exact in any order (small integers, powers of two), and on general inputs within the
//! error bound `2 · n · ε · Σ|terms|` that both orders satisfy.

mod common;

use common::{assert_bits_eq, random_concrete, Rng};
use jaxrs_core::abstract_eval::abstract_eval;
use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::interpreters::eval::eval_primitive;
use jaxrs_core::primitive::Primitive;
use jaxrs_runtime::exec::accelerated;

const DTYPES: [DType; 13] = [
    DType::Bool,
    DType::I8,
    DType::I16,
    DType::I32,
    DType::I64,
    DType::U8,
    DType::U16,
    DType::U32,
    DType::U64,
    DType::F16,
    DType::BF16,
    DType::F32,
    DType::F64,
];

/// The result avals, or `None` when JAX rejects the operands (`reduce_sum` of `bool`...).
fn out_avals(primitive: &Primitive, inputs: &[&Concrete]) -> Option<Vec<Aval>> {
    let avals: Vec<Aval> = inputs.iter().map(|c| c.aval().clone()).collect();
    let p = primitive.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        abstract_eval(&p, &avals.iter().collect::<Vec<_>>())
    }))
    .ok()
}

/// Runs `primitive` through the runtime (which must accelerate it) and the reference.
fn both(primitive: &Primitive, inputs: &[&Concrete]) -> (Vec<Buffer>, Vec<Buffer>) {
    let out = out_avals(primitive, inputs).expect("valid operands");
    let want = eval_primitive(primitive, inputs, &out);
    let got = accelerated(primitive, inputs, &out)
        .unwrap_or_else(|| panic!("{} is not accelerated", primitive.name()))
        .into_vec();
    (got, want)
}

/// [`both`], bit for bit; operands that JAX rejects are skipped.
#[track_caller]
fn check(primitive: &Primitive, inputs: &[&Concrete]) {
    if out_avals(primitive, inputs).is_none() {
        return;
    }
    let (got, want) = both(primitive, inputs);
    let shapes: Vec<_> = inputs.iter().map(|c| c.aval().to_string()).collect();
    for (g, w) in got.iter().zip(&want) {
        assert_bits_eq(g, w, &format!("{primitive:?} on {shapes:?}"));
    }
}

fn random_shape(rng: &mut Rng, max_rank: u64, max_dim: u64) -> Vec<usize> {
    let rank = rng.below(max_rank + 1) as usize;
    (0..rank).map(|_| rng.below(max_dim + 1) as usize).collect()
}

fn random_axes(rng: &mut Rng, rank: usize) -> Vec<usize> {
    (0..rank).filter(|_| rng.below(2) == 0).collect()
}

/// Elements that every summation order adds exactly: small integers (and, for products,
/// signed powers of two).
fn exact_concrete(rng: &mut Rng, dtype: DType, shape: &[usize], products: bool) -> Concrete {
    let n: usize = shape.iter().product();
    let values = (0..n).map(|_| {
        if products {
            Scalar::Float([1.0, -1.0, 2.0, 0.5, -2.0, 1.0][rng.below(6) as usize])
        } else {
            Scalar::Float(rng.below(17) as f64 - 8.0)
        }
    });
    Concrete::new(
        Aval::new(shape.to_vec(), dtype),
        Buffer::from_scalars(dtype, values),
    )
}

#[test]
fn reductions_match_the_reference() {
    let mut rng = Rng(11);
    for case in 0..600 {
        let dtype = DTYPES[case % DTYPES.len()];
        let shape = if case % 50 == 7 {
            vec![3, 70_001] // large enough for the parallel paths
        } else {
            random_shape(&mut rng, 4, 5)
        };
        let axes = random_axes(&mut rng, shape.len());
        let float = dtype.is_float();
        let ops: Vec<Primitive> = vec![
            Primitive::ReduceSum { axes: axes.clone() },
            Primitive::ReduceProd { axes: axes.clone() },
            Primitive::ReduceMax { axes: axes.clone() },
            Primitive::ReduceMin { axes: axes.clone() },
            Primitive::ReduceAnd { axes: axes.clone() },
            Primitive::ReduceOr { axes: axes.clone() },
        ];
        for (k, p) in ops.iter().enumerate() {
            if float && k >= 4 {
                continue;
            }
            // Float sums and products reassociate: exact inputs for those.
            let x = if float && k < 2 {
                exact_concrete(&mut rng, dtype, &shape, k == 1)
            } else {
                random_concrete(&mut rng, dtype, &shape)
            };
            check(p, &[&x]);
        }
    }
}

#[test]
fn whole_array_max_of_zeros_keeps_the_reference_sign() {
    let n = 100_000;
    let mut v = vec![-0.0f32; n];
    v[77_777] = 0.0;
    let x = Concrete::new(Aval::new(vec![n], DType::F32), Buffer::F32(v));
    check(&Primitive::ReduceMax { axes: vec![0] }, &[&x]);
    check(&Primitive::ReduceMin { axes: vec![0] }, &[&x]);
}

#[test]
fn float_sums_stay_within_the_reassociation_bound() {
    let mut rng = Rng(12);
    for case in 0..60 {
        let dtype = [DType::F32, DType::F64][case % 2];
        let shape = if case % 10 == 3 {
            vec![200_003]
        } else {
            random_shape(&mut rng, 3, 40)
        };
        let axes = random_axes(&mut rng, shape.len());
        let n: usize = shape.iter().product();
        let values: Vec<Scalar> = (0..n)
            .map(|_| Scalar::Float((rng.below(2_000_001) as f64 - 1e6) / 997.0))
            .collect();
        let abs: Vec<Scalar> = values
            .iter()
            .map(|v| Scalar::Float(v.as_f64().abs()))
            .collect();
        let x = Concrete::new(
            Aval::new(shape.clone(), dtype),
            Buffer::from_scalars(dtype, values),
        );
        let xa = Concrete::new(
            Aval::new(shape.clone(), dtype),
            Buffer::from_scalars(dtype, abs),
        );
        let p = Primitive::ReduceSum { axes: axes.clone() };
        let (got, want) = both(&p, &[&x]);
        let (mag, _) = both(&p, &[&xa]);
        let terms: usize = axes.iter().map(|&a| shape[a]).product();
        let eps = if dtype == DType::F32 {
            f32::EPSILON as f64
        } else {
            f64::EPSILON
        };
        for i in 0..got[0].len() {
            let (g, w, m) = (
                got[0].get(i).as_f64(),
                want[0].get(i).as_f64(),
                mag[0].get(i).as_f64(),
            );
            let bound = 2.0 * terms as f64 * eps * m;
            assert!(
                (g - w).abs() <= bound,
                "case {case}: {g} vs {w} (bound {bound}), shape {shape:?} axes {axes:?}"
            );
        }
    }
}

#[test]
fn arg_reductions_match_the_reference() {
    let mut rng = Rng(13);
    for case in 0..400 {
        let dtype = DTYPES[case % DTYPES.len()];
        let mut shape = random_shape(&mut rng, 3, 6);
        if shape.is_empty() {
            shape.push(4);
        }
        let axis = rng.below(shape.len() as u64) as usize;
        if shape[axis] == 0 {
            shape[axis] = 3;
        }
        let x = random_concrete(&mut rng, dtype, &shape);
        for index_dtype in [DType::I32, DType::I64, DType::U8] {
            let axes = vec![axis];
            check(
                &Primitive::Argmax {
                    axes: axes.clone(),
                    index_dtype,
                },
                &[&x],
            );
            check(&Primitive::Argmin { axes, index_dtype }, &[&x]);
        }
    }
}

#[test]
fn scans_match_the_reference() {
    let mut rng = Rng(14);
    for case in 0..300 {
        let dtype = DTYPES[case % DTYPES.len()];
        let mut shape = if case % 60 == 5 {
            vec![40_000, 3]
        } else {
            random_shape(&mut rng, 3, 6)
        };
        if shape.is_empty() {
            shape.push(5);
        }
        let axis = rng.below(shape.len() as u64) as usize;
        let reverse = rng.below(2) == 0;
        let x = random_concrete(&mut rng, dtype, &shape);
        // Float sums and products follow XLA's blocked scan, which only the reference
        // computes so far (the runtime defers to it).
        if !dtype.is_float() {
            check(&Primitive::Cumsum { axis, reverse }, &[&x]);
            check(&Primitive::Cumprod { axis, reverse }, &[&x]);
        }
        check(&Primitive::Cummax { axis, reverse }, &[&x]);
        check(&Primitive::Cummin { axis, reverse }, &[&x]);
    }
}

fn permutation(rng: &mut Rng, n: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        p.swap(i, rng.below(i as u64 + 1) as usize);
    }
    p
}

fn index(v: i128) -> Concrete {
    Concrete::new(
        Aval::new(vec![], DType::I32),
        Buffer::from_scalars(DType::I32, [Scalar::Int(v)]),
    )
}

#[test]
fn structural_ops_match_the_reference() {
    let mut rng = Rng(15);
    for case in 0..500 {
        let dtype = DTYPES[case % DTYPES.len()];
        let shape = if case % 100 == 9 {
            vec![300, 301]
        } else {
            random_shape(&mut rng, 4, 4)
        };
        let rank = shape.len();
        let x = random_concrete(&mut rng, dtype, &shape);
        check(
            &Primitive::Transpose {
                permutation: permutation(&mut rng, rank),
            },
            &[&x],
        );
        check(
            &Primitive::Rev {
                dimensions: random_axes(&mut rng, rank),
            },
            &[&x],
        );
        check(
            &Primitive::Reshape {
                new_sizes: vec![x.aval().size()],
            },
            &[&x],
        );
        // broadcast_in_dim: operand axes to increasing result axes, unit axes stretched.
        let mut out_shape = Vec::new();
        let mut dims = Vec::new();
        for &n in &shape {
            if rng.below(2) == 0 {
                out_shape.push(rng.below(3) as usize);
            }
            dims.push(out_shape.len());
            out_shape.push(if n == 1 { rng.below(4) as usize } else { n });
        }
        check(
            &Primitive::BroadcastInDim {
                shape: out_shape,
                broadcast_dimensions: dims,
            },
            &[&x],
        );
        // slice with strides, and dynamic_slice with out-of-range starts (clamped).
        let start: Vec<usize> = shape
            .iter()
            .map(|&n| rng.below(n as u64 + 1) as usize)
            .collect();
        let limit: Vec<usize> = shape
            .iter()
            .zip(&start)
            .map(|(&n, &s)| s + rng.below((n - s) as u64 + 1) as usize)
            .collect();
        let strides: Vec<usize> = shape.iter().map(|_| 1 + rng.below(3) as usize).collect();
        check(
            &Primitive::Slice {
                start_indices: start.clone(),
                limit_indices: limit,
                strides: Some(strides),
            },
            &[&x],
        );
        let sizes: Vec<usize> = shape
            .iter()
            .map(|&n| rng.below(n as u64 + 1) as usize)
            .collect();
        let starts: Vec<Concrete> = shape
            .iter()
            .map(|_| index(rng.below(9) as i128 - 3))
            .collect();
        let mut ins = vec![&x];
        ins.extend(starts.iter());
        check(
            &Primitive::DynamicSlice {
                slice_sizes: sizes.clone(),
            },
            &ins,
        );
        let update = random_concrete(&mut rng, dtype, &sizes);
        let mut ins = vec![&x, &update];
        ins.extend(starts.iter());
        check(&Primitive::DynamicUpdateSlice, &ins);
        // pad with negative and interior padding.
        let value = random_concrete(&mut rng, dtype, &[]);
        let config: Vec<(i64, i64, i64)> = shape
            .iter()
            .map(|_| {
                (
                    rng.below(5) as i64 - 2,
                    rng.below(5) as i64 - 2,
                    rng.below(3) as i64,
                )
            })
            .collect();
        let ok = shape
            .iter()
            .zip(&config)
            .all(|(&n, &(lo, hi, int))| n as i64 + lo + hi + (n as i64 - 1).max(0) * int >= 0);
        if ok {
            check(
                &Primitive::Pad {
                    padding_config: config,
                },
                &[&x, &value],
            );
        }
        if rank > 0 {
            let axis = rng.below(rank as u64) as usize;
            let mut other = shape.clone();
            other[axis] = rng.below(4) as usize;
            let y = random_concrete(&mut rng, dtype, &other);
            check(&Primitive::Concatenate { dimension: axis }, &[&x, &y, &x]);
            check(&Primitive::Stack { axis }, &[&x, &x]);
            if shape[axis] > 0 {
                // (The reference indexes its first result even when there is none.)
                check(&Primitive::Unstack { axis }, &[&x]);
            }
            let reps: Vec<usize> = shape.iter().map(|_| rng.below(3) as usize).collect();
            check(&Primitive::Tile { reps }, &[&x]);
            let n = shape[axis];
            let first = rng.below(n as u64 + 1) as usize;
            check(
                &Primitive::Split {
                    axis,
                    sizes: vec![first, n - first],
                },
                &[&x],
            );
            let y = random_concrete(&mut rng, DType::I32, &shape);
            check(
                &Primitive::Sort {
                    dimension: axis,
                    is_stable: true,
                    num_keys: 1,
                },
                &[&x, &y],
            );
            check(
                &Primitive::Iota {
                    dtype,
                    shape: shape.clone(),
                    dimension: axis,
                },
                &[],
            );
        }
    }
}

fn random_dot(
    rng: &mut Rng,
) -> (
    Vec<usize>,
    Vec<usize>,
    jaxrs_core::primitive::DotDimensionNumbers,
) {
    // Axis roles: batch (b), lhs free (m), rhs free (n), contracting (k), shuffled per side.
    let nb = rng.below(2) as usize;
    let nm = rng.below(3) as usize;
    let nn = rng.below(3) as usize;
    let nk = rng.below(3) as usize;
    let ext = |rng: &mut Rng| 1 + rng.below(5) as usize;
    let b: Vec<usize> = (0..nb).map(|_| ext(rng)).collect();
    let k: Vec<usize> = (0..nk).map(|_| ext(rng)).collect();
    let m: Vec<usize> = (0..nm).map(|_| ext(rng)).collect();
    let n: Vec<usize> = (0..nn).map(|_| ext(rng)).collect();
    let side = |rng: &mut Rng, free: &[usize]| {
        let roles: Vec<(char, usize)> = (0..nb)
            .map(|i| ('b', i))
            .chain((0..nk).map(|i| ('k', i)))
            .chain((0..free.len()).map(|i| ('f', i)))
            .collect();
        let perm = permutation(rng, roles.len());
        let placed: Vec<(char, usize)> = perm.iter().map(|&p| roles[p]).collect();
        let shape: Vec<usize> = placed
            .iter()
            .map(|&(r, i)| match r {
                'b' => b[i],
                'k' => k[i],
                _ => free[i],
            })
            .collect();
        let pos = |role: char, i: usize| placed.iter().position(|&x| x == (role, i)).unwrap();
        let bd: Vec<usize> = (0..nb).map(|i| pos('b', i)).collect();
        let kd: Vec<usize> = (0..nk).map(|i| pos('k', i)).collect();
        (shape, bd, kd)
    };
    let (ls, lb, lk) = side(rng, &m);
    let (rs, rb, rk) = side(rng, &n);
    (ls, rs, ((lk, rk), (lb, rb)))
}

/// `b` with `-0.0` made `+0.0`. A sum of only `-0.0` products is `+0.0` in JAX (XLA's
/// accumulator starts at `+0.0`) and in the runtime, but `-0.0` in the reference, whose
/// `f64` `Iterator::sum` starts at `-0.0`; the sign of such a zero is left out of the
/// comparison.
fn zeros_unsigned(b: &Buffer) -> Buffer {
    if !b.dtype().is_float() {
        return b.clone();
    }
    let v = b.to_scalars().into_iter().map(|s| match s {
        // A float pattern compares with `==`, so it matches `-0.0` too.
        Scalar::Float(0.0) => Scalar::Float(0.0),
        s => s,
    });
    Buffer::from_scalars(b.dtype(), v)
}

#[test]
fn dot_general_matches_the_reference() {
    let mut rng = Rng(16);
    for case in 0..400 {
        let dtype = DTYPES[case % DTYPES.len()];
        let (ls, rs, dn) = random_dot(&mut rng);
        let (l, r) = if dtype.is_float() {
            (
                exact_concrete(&mut rng, dtype, &ls, false),
                exact_concrete(&mut rng, dtype, &rs, false),
            )
        } else {
            (
                random_concrete(&mut rng, dtype, &ls),
                random_concrete(&mut rng, dtype, &rs),
            )
        };
        let p = Primitive::DotGeneral {
            dimension_numbers: dn,
            preferred_element_type: None,
        };
        let (got, want) = both(&p, &[&l, &r]);
        let what = format!("{p:?} on {}, {}", l.aval(), r.aval());
        assert_bits_eq(&zeros_unsigned(&got[0]), &zeros_unsigned(&want[0]), &what);
    }
}

#[test]
fn large_matmuls_stay_within_the_accumulation_bound() {
    let mut rng = Rng(17);
    for &(m, k, n, batch) in &[(130, 257, 120, 1), (64, 300, 65, 3), (200, 1, 300, 1)] {
        let mut ls = vec![m, k];
        let mut rs = vec![k, n];
        let mut dn = ((vec![1], vec![0]), (vec![], vec![]));
        if batch > 1 {
            ls.insert(0, batch);
            rs.insert(0, batch);
            dn = ((vec![2], vec![1]), (vec![0], vec![0]));
        }
        let gen = |rng: &mut Rng, shape: &[usize]| {
            let n: usize = shape.iter().product();
            let v: Vec<f32> = (0..n)
                .map(|_| (rng.below(20001) as f32 - 10000.0) / 3001.0)
                .collect();
            Concrete::new(Aval::new(shape.to_vec(), DType::F32), Buffer::F32(v))
        };
        let (l, r) = (gen(&mut rng, &ls), gen(&mut rng, &rs));
        let abs = |c: &Concrete| {
            let v: Vec<f32> = c.data().as_slice::<f32>().iter().map(|x| x.abs()).collect();
            Concrete::new(c.aval().clone(), Buffer::F32(v))
        };
        let p = Primitive::DotGeneral {
            dimension_numbers: dn,
            preferred_element_type: None,
        };
        let (got, want) = both(&p, &[&l, &r]);
        let (mag, _) = both(&p, &[&abs(&l), &abs(&r)]);
        let (g, w, a) = (
            got[0].as_slice::<f32>(),
            want[0].as_slice::<f32>(),
            mag[0].as_slice::<f32>(),
        );
        for i in 0..g.len() {
            let bound = 2.0 * k as f32 * f32::EPSILON * a[i];
            assert!(
                (g[i] - w[i]).abs() <= bound,
                "{m}x{k}x{n}: element {i}: {} vs {}",
                g[i],
                w[i]
            );
        }
    }
}

#[test]
fn implicitly_broadcast_operands_match_the_reference() {
    let mut rng = Rng(18);
    for (a, b) in [
        (vec![4, 5], vec![4, 1]),
        (vec![1, 4], vec![3, 1]),
        (vec![2, 1, 3], vec![2, 4, 3]),
    ] {
        for dtype in [DType::F32, DType::I32] {
            let x = random_concrete(&mut rng, dtype, &a);
            let y = random_concrete(&mut rng, dtype, &b);
            for (p, ins) in [(Primitive::Sub, [&x, &y]), (Primitive::Max, [&y, &x])] {
                let (got, want) = both(&p, &ins);
                assert_bits_eq(&got[0], &want[0], &format!("{p:?} of {a:?} and {b:?}"));
            }
        }
    }
}
