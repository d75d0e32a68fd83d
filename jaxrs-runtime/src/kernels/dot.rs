//! `dot_general`: batch, free and contracting axes folded into the row and column
//! strides of one matrix product per batch element, computed by the `gemm` crate for
//! `f32`/`f64` (`f16`/`bf16` through `f32`), by a typed loop for integers and `bool`.
//! `gemm` replaced `matrixmultiply` because it was faster on every shape measured
//! (`benches/gemm.rs`).
//!
//! # Accumulation
//! Float products accumulate in the operands' type in `gemm`'s order (per output element,
//! one accumulator of fused multiply-adds with `k` ascending within each of its `kc`
//! blocks, the blocks' sums added to the output in order); the reference accumulates in
//! `f64` and rounds once. Tests bound the difference by `K · ε · Σ_k |a_k b_k|` (see
//! `tests/kernels.rs`), or compare bits on inputs whose products and sums are exact.
//! Integers wrap in the result type (exactly the reference's result); `bool` is OR of ANDs.
//!
//! A large product is split over cores: batch elements when there are enough, otherwise
//! `gemm`'s tiles of the output (integers: rows). The split does not change any element's
//! accumulation order, so results do not depend on the thread count.
//!
//! JAX counterpart: `lax.dot_general` lowered to XLA's `dot`, which XLA:CPU runs with
//! Eigen's or oneDNN's GEMM.

use half::{bf16, f16};
use rayon::prelude::*;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::{Buffer, BufferElement};
use jaxrs_core::dtype::DType;
use jaxrs_core::primitive::DotDimensionNumbers;

use super::layout::row_major;
use super::structural;
use crate::pool;

/// Below this many multiply-adds per product, batches and integer products stay on one
/// thread: splitting a 128³ product (2²¹) by rows over 2 threads took 50 µs against 31 µs
/// on one (`benches/gemm.rs`, loaded 2-core machine). A float product offers `gemm` every
/// thread and its own threshold decides: W3's 256×512·512×10 layer (2²⁰·1.25) took 33 µs
/// on two threads against 45 µs on one.
const PARALLEL_FLOPS: usize = 1 << 22;

/// One operand as `batch × rows × k`: offset strides per batch axis, and one stride for
/// its free axes and one for its contracting axes.
struct Operand {
    batch_strides: Vec<isize>,
    free_stride: isize,
    k_stride: isize,
}

/// The single stride that walks `dims` of an array with `shape`/`strides` in order as one
/// axis, if there is one (unit axes do not count).
fn fold_stride(shape: &[usize], strides: &[isize], dims: &[usize]) -> Option<isize> {
    let dims: Vec<usize> = dims.iter().copied().filter(|&d| shape[d] != 1).collect();
    for w in dims.windows(2) {
        if strides[w[0]] != strides[w[1]] * shape[w[1]] as isize {
            return None;
        }
    }
    Some(dims.last().map_or(1, |&d| strides[d]))
}

/// The axes of an operand of rank `ndim` that are neither contracted nor batched.
fn free_axes(ndim: usize, contract: &[usize], batch: &[usize]) -> Vec<usize> {
    (0..ndim)
        .filter(|d| !contract.contains(d) && !batch.contains(d))
        .collect()
}

/// `x` as an [`Operand`]; when its free or contracting axes do not fold into one stride,
/// a copy of `x` transposed to `batch, free, contract` order first.
fn operand(x: &Concrete, contract: &[usize], batch: &[usize]) -> (Option<Buffer>, Operand) {
    let shape = x.shape();
    let st = row_major(shape);
    let free = free_axes(shape.len(), contract, batch);
    if let (Some(f), Some(k)) = (
        fold_stride(shape, &st, &free),
        fold_stride(shape, &st, contract),
    ) {
        let batch_strides = batch.iter().map(|&d| st[d]).collect();
        return (
            None,
            Operand {
                batch_strides,
                free_stride: f,
                k_stride: k,
            },
        );
    }
    let perm: Vec<usize> = batch.iter().chain(&free).chain(contract).copied().collect();
    let tshape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    let t = structural::transpose(x, &perm, &Aval::new(tshape.clone(), x.aval().dtype));
    let tst = row_major(&tshape);
    let (nb, nf) = (batch.len(), free.len());
    let fdims: Vec<usize> = (nb..nb + nf).collect();
    let kdims: Vec<usize> = (nb + nf..tshape.len()).collect();
    let op = Operand {
        batch_strides: tst[..nb].to_vec(),
        free_stride: fold_stride(&tshape, &tst, &fdims).expect("contiguous after transpose"),
        k_stride: fold_stride(&tshape, &tst, &kdims).expect("contiguous after transpose"),
    };
    (Some(t), op)
}

/// A product kernel over one element type.
trait Gemm: Copy + Send + Sync + 'static {
    const ZERO: Self;
    /// `c[m × n] (row-major) = a[m × k] · b[k × n]` with the given strides of `a` and `b`,
    /// starting at `a[ao]`, `b[bo]`, on up to `threads` cores if the product is worth it
    /// (each kernel decides). No element's order of accumulation depends on `threads`.
    #[allow(clippy::too_many_arguments)]
    fn gemm(
        m: usize,
        k: usize,
        n: usize,
        a: &[Self],
        ao: isize,
        rsa: isize,
        csa: isize,
        b: &[Self],
        bo: isize,
        rsb: isize,
        csb: isize,
        c: &mut [Self],
        threads: usize,
    );
}

/// The largest element offset that `base + i · s1 + j · s2` reaches for `i < n1`, `j < n2`
/// (with signed strides), and the smallest.
fn reach(base: isize, n1: usize, s1: isize, n2: usize, s2: isize) -> (isize, isize) {
    let ext = |n: usize, s: isize| (n.saturating_sub(1) as isize) * s;
    let (e1, e2) = (ext(n1, s1), ext(n2, s2));
    (base + e1.min(0) + e2.min(0), base + e1.max(0) + e2.max(0))
}

/// Asserts that the `rows × cols` matrix at `base` with the strides lies within `len`.
fn check(len: usize, base: isize, rows: usize, rs: isize, cols: usize, cs: isize) {
    let (lo, hi) = reach(base, rows, rs, cols, cs);
    assert!(
        rows == 0 || cols == 0 || (lo >= 0 && (hi as usize) < len),
        "dot_general kernel: operand out of bounds"
    );
}

macro_rules! float_gemm {
    ($($t:ty),*) => {$(
        impl Gemm for $t {
            const ZERO: Self = 0.0;
            fn gemm(
                m: usize,
                k: usize,
                n: usize,
                a: &[Self],
                ao: isize,
                rsa: isize,
                csa: isize,
                b: &[Self],
                bo: isize,
                rsb: isize,
                csb: isize,
                c: &mut [Self],
                threads: usize,
            ) {
                assert_eq!(c.len(), m * n, "dot_general kernel: output size");
                if m == 0 || n == 0 {
                    return;
                }
                if k == 0 {
                    c.fill(0.0);
                    return;
                }
                check(a.len(), ao, m, rsa, k, csa);
                check(b.len(), bo, k, rsb, n, csb);
                if k == 1 {
                    // One product per element, no sum: XLA (and the reference) keep a
                    // product's `-0.0`, which a GEMM's `+0.0` accumulator would lose.
                    for (i, row) in c.chunks_mut(n).enumerate() {
                        let av = a[(ao + i as isize * rsa) as usize];
                        for (j, o) in row.iter_mut().enumerate() {
                            *o = av * b[(bo + j as isize * csb) as usize];
                        }
                    }
                    return;
                }
                // `gemm` splits the output's tiles over threads; its blocks of `k` are
                // summed in the same order whatever their number.
                let parallelism = if threads > 1 {
                    gemm::Parallelism::Rayon(threads)
                } else {
                    gemm::Parallelism::None
                };
                // SAFETY: `check` proved every element the product reads lies inside `a`
                // and `b`; `c` is exactly `m × n` row-major (row stride n, column stride
                // 1), written only through this call's exclusive borrow, and with
                // `read_dst` false its old contents are not read.
                unsafe {
                    gemm::gemm(
                        m,
                        n,
                        k,
                        c.as_mut_ptr(),
                        1,
                        n as isize,
                        false,
                        a.as_ptr().offset(ao),
                        csa,
                        rsa,
                        b.as_ptr().offset(bo),
                        csb,
                        rsb,
                        0.0,
                        1.0,
                        false,
                        false,
                        false,
                        parallelism,
                    );
                }
            }
        }
    )*};
}
float_gemm!(f32, f64);

/// Integers and `bool`: row `m` of `c` accumulates `a[m, k] · b[k, :]` for `k` ascending
/// (wrapping; OR of ANDs for `bool`), which vectorizes over the row.
trait Ring: Copy + Send + Sync + 'static {
    const ZERO: Self;
    fn mul_add(acc: Self, a: Self, b: Self) -> Self;
}

macro_rules! ring {
    ($($t:ty),*) => {$(
        impl Ring for $t {
            const ZERO: Self = 0;
            #[inline(always)]
            fn mul_add(acc: Self, a: Self, b: Self) -> Self {
                acc.wrapping_add(a.wrapping_mul(b))
            }
        }
    )*};
}
ring!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Ring for bool {
    const ZERO: Self = false;
    #[inline(always)]
    fn mul_add(acc: Self, a: Self, b: Self) -> Self {
        acc | (a & b)
    }
}

#[allow(clippy::too_many_arguments)]
fn ring_gemm<T: Ring>(
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    ao: isize,
    rsa: isize,
    csa: isize,
    b: &[T],
    bo: isize,
    rsb: isize,
    csb: isize,
    c: &mut [T],
    threads: usize,
) {
    let at = |base: isize, i: usize, si: isize, j: usize, sj: isize| {
        (base + i as isize * si + j as isize * sj) as usize
    };
    let rows = |first: usize, c: &mut [T]| {
        c.fill(T::ZERO);
        for (i, row) in c.chunks_mut(n).enumerate() {
            for p in 0..k {
                let av = a[at(ao, first + i, rsa, p, csa)];
                for (j, o) in row.iter_mut().enumerate() {
                    *o = T::mul_add(*o, av, b[at(bo, p, rsb, j, csb)]);
                }
            }
        }
    };
    if threads > 1 && m * n * k >= PARALLEL_FLOPS && m >= 2 * threads {
        let per = m.div_ceil(threads);
        c.par_chunks_mut(per * n)
            .enumerate()
            .for_each(|(p, c)| rows(p * per, c));
    } else {
        rows(0, c);
    }
}

macro_rules! ring_as_gemm {
    ($($t:ty),*) => {$(
        impl Gemm for $t {
            const ZERO: Self = <$t as Ring>::ZERO;
            fn gemm(m: usize, k: usize, n: usize, a: &[Self], ao: isize, rsa: isize, csa: isize, b: &[Self], bo: isize, rsb: isize, csb: isize, c: &mut [Self], threads: usize) {
                ring_gemm(m, k, n, a, ao, rsa, csa, b, bo, rsb, csb, c, threads)
            }
        }
    )*};
}
ring_as_gemm!(bool, i8, i16, i32, i64, u8, u16, u32, u64);

/// `dot_general` of `lhs` and `rhs` into `out`'s aval.
#[track_caller]
pub fn dot_general(
    dimension_numbers: &DotDimensionNumbers,
    lhs: &Concrete,
    rhs: &Concrete,
    out: &Aval,
) -> Buffer {
    let dtype = out.dtype;
    // Operands are converted to the result type first, as XLA does.
    let cast = |x: &Concrete| -> Option<Concrete> {
        let want = match dtype {
            DType::F16 | DType::BF16 => DType::F32,
            d => d,
        };
        (x.aval().dtype != want)
            .then(|| Concrete::new(Aval::new(x.shape().to_vec(), want), x.data().cast(want)))
    };
    let (lc, rc) = (cast(lhs), cast(rhs));
    let (l, r) = (lc.as_ref().unwrap_or(lhs), rc.as_ref().unwrap_or(rhs));
    macro_rules! typed {
        ($($d:ident => $t:ty),*) => {
            match (l.data(), dtype) {
                $((Buffer::$d(_), DType::$d) => BufferElement::into_buffer(product::<$t>(dimension_numbers, l, r, out)),)*
                (Buffer::F32(_), DType::F16) => Buffer::F16(product::<f32>(dimension_numbers, l, r, out).into_iter().map(f16::from_f32).collect()),
                (Buffer::F32(_), DType::BF16) => Buffer::BF16(product::<f32>(dimension_numbers, l, r, out).into_iter().map(bf16::from_f32).collect()),
                (b, d) => unreachable!("dot_general of {} into {}", b.dtype(), d),
            }
        };
    }
    typed!(Bool => bool, I8 => i8, I16 => i16, I32 => i32, I64 => i64, U8 => u8, U16 => u16,
        U32 => u32, U64 => u64, F32 => f32, F64 => f64)
}

/// The typed product: batches of `m × k · k × n`, rows or batches over cores when large.
fn product<T: Gemm + BufferElement>(
    dn: &DotDimensionNumbers,
    lhs: &Concrete,
    rhs: &Concrete,
    out: &Aval,
) -> Vec<T> {
    let ((lc, rc), (lb, rb)) = dn;
    let (lt, lop) = operand(lhs, lc, lb);
    let (rt, rop) = operand(rhs, rc, rb);
    let a: &[T] = T::slice(lt.as_ref().unwrap_or(lhs.data())).expect("cast to the result type");
    let b: &[T] = T::slice(rt.as_ref().unwrap_or(rhs.data())).expect("cast to the result type");
    let (ls, rs) = (lhs.shape(), rhs.shape());
    let m: usize = free_axes(ls.len(), lc, lb).iter().map(|&d| ls[d]).product();
    let n: usize = free_axes(rs.len(), rc, rb).iter().map(|&d| rs[d]).product();
    let k: usize = lc.iter().map(|&d| ls[d]).product();
    let batch_shape: Vec<usize> = lb.iter().map(|&d| ls[d]).collect();
    let batches: usize = batch_shape.iter().product();
    let mut c = pool::alloc_vec(out.size(), T::ZERO, out.dtype, &out.shape);
    if c.is_empty() {
        return c;
    }
    let offset = |bi: usize, strides: &[isize]| -> isize {
        let mut rem = bi;
        let mut off = 0isize;
        for (d, &s) in batch_shape.iter().zip(strides).rev() {
            off += (rem % d) as isize * s;
            rem /= d;
        }
        off
    };
    let one = |bi: usize, c: &mut [T], threads: usize| {
        T::gemm(
            m,
            k,
            n,
            a,
            offset(bi, &lop.batch_strides),
            lop.free_stride,
            lop.k_stride,
            b,
            offset(bi, &rop.batch_strides),
            rop.k_stride,
            rop.free_stride,
            c,
            threads,
        );
    };
    let threads = rayon::current_num_threads();
    let big = m * n * k >= PARALLEL_FLOPS && threads > 1;
    if big && batches >= threads {
        c.par_chunks_mut(m * n)
            .enumerate()
            .for_each(|(bi, cb)| one(bi, cb, 1));
    } else {
        for (bi, cb) in c.chunks_mut(m * n).enumerate() {
            one(bi, cb, threads);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conc(v: Vec<f32>, shape: &[usize]) -> Concrete {
        Concrete::new(Aval::new(shape.to_vec(), DType::F32), Buffer::F32(v))
    }

    #[test]
    fn matmul_with_transposed_rhs() {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]ᵀ, contracting lhs axis 1 with rhs axis 1.
        let a = conc(vec![1., 2., 3., 4.], &[2, 2]);
        let b = conc(vec![5., 6., 7., 8.], &[2, 2]);
        let dn = ((vec![1], vec![1]), (vec![], vec![]));
        let c = dot_general(&dn, &a, &b, &Aval::new(vec![2, 2], DType::F32));
        assert_eq!(c, Buffer::F32(vec![17., 23., 39., 53.]));
    }

    #[test]
    fn ragged_strided_products_are_exact_on_small_integers() {
        // Sizes that are no multiple of `gemm`'s register tiles, and a transposed lhs, so
        // its packing and edge kernels run (also under Miri); small integers make every
        // product and partial sum exact, so the result is the integer product.
        let (m, k, n) = (13, 35, 11);
        let a: Vec<i64> = (0..m * k).map(|i| (i as i64 * 7) % 9 - 4).collect();
        let b: Vec<i64> = (0..k * n).map(|i| (i as i64 * 5) % 7 - 3).collect();
        let at: Vec<i64> = (0..k * m).map(|i| a[(i % m) * k + i / m]).collect();
        let exact: Vec<i64> = (0..m * n)
            .map(|e| (0..k).map(|p| a[e / n * k + p] * b[p * n + e % n]).sum())
            .collect();
        let f32s = |v: &[i64], shape: &[usize]| conc(v.iter().map(|&x| x as f32).collect(), shape);
        let out = Aval::new(vec![m, n], DType::F32);
        let plain = ((vec![1], vec![0]), (vec![], vec![]));
        let transposed = ((vec![0], vec![0]), (vec![], vec![]));
        let want = Buffer::F32(exact.iter().map(|&x| x as f32).collect());
        let b32 = f32s(&b, &[k, n]);
        assert_eq!(dot_general(&plain, &f32s(&a, &[m, k]), &b32, &out), want);
        assert_eq!(
            dot_general(&transposed, &f32s(&at, &[k, m]), &b32, &out),
            want
        );
        let f64s = |v: &[i64], shape: &[usize]| {
            Concrete::new(
                Aval::new(shape.to_vec(), DType::F64),
                Buffer::F64(v.iter().map(|&x| x as f64).collect()),
            )
        };
        let out64 = Aval::new(vec![m, n], DType::F64);
        assert_eq!(
            dot_general(&plain, &f64s(&a, &[m, k]), &f64s(&b, &[k, n]), &out64),
            Buffer::F64(exact.iter().map(|&x| x as f64).collect())
        );
    }

    #[test]
    fn strides_fold_or_not() {
        assert_eq!(fold_stride(&[2, 3, 4], &[12, 4, 1], &[1, 2]), Some(1));
        assert_eq!(fold_stride(&[2, 3, 4], &[12, 4, 1], &[0, 2]), None);
        assert_eq!(fold_stride(&[2, 3, 4], &[12, 4, 1], &[]), Some(1));
    }

    #[test]
    // Millions of products on three thread pools: hours under Miri, which checks the same
    // `gemm` call in `matmul_with_transposed_rhs`.
    #[cfg_attr(miri, ignore)]
    fn float_bits_do_not_depend_on_thread_count() {
        // Big enough to cross `PARALLEL_FLOPS`, with odd sizes so row blocks are ragged.
        let (m, k, n) = (131, 517, 67);
        assert!(m * n * k >= PARALLEL_FLOPS);
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 37) % 101) as f32 / 7.0 - 7.0)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 53) % 97) as f32 / 11.0 - 4.0)
            .collect();
        let (a, b) = (conc(a, &[m, k]), conc(b, &[k, n]));
        let dn = ((vec![1], vec![0]), (vec![], vec![]));
        let out = Aval::new(vec![m, n], DType::F32);
        let with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            match pool.install(|| dot_general(&dn, &a, &b, &out)) {
                Buffer::F32(v) => v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                other => panic!("expected f32, got {}", other.dtype()),
            }
        };
        let one = with(1);
        assert_eq!(one, with(2));
        assert_eq!(one, with(3));
    }

    #[test]
    fn integer_products_wrap() {
        let a = Concrete::new(Aval::new(vec![1, 2], DType::I8), Buffer::I8(vec![100, 100]));
        let b = Concrete::new(Aval::new(vec![2, 1], DType::I8), Buffer::I8(vec![2, 1]));
        let dn = ((vec![1], vec![0]), (vec![], vec![]));
        let c = dot_general(&dn, &a, &b, &Aval::new(vec![1, 1], DType::I8));
        assert_eq!(c, Buffer::I8(vec![(300i32 as i8)]));
    }
}
