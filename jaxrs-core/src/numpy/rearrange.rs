//! Rearranging arrays: `pad`, `split`/`array_split`, `roll`, `repeat`, `tile`, `dstack`,
//! `column_stack`, `diagonal`/`diag`, `tril`/`triu`.
//!
//! JAX counterpart: `jax/_src/numpy/lax_numpy.py` (`_pad*`, `_split`, `_roll_static`,
//! `_repeat`, `tile`, `dstack`, `column_stack`, `diagonal`, `_diag`, `tril`, `triu`). Each
//! function emits the primitives JAX's decomposition emits, in the same order and with the
//! same parameters (including equations JAX leaves unused), and wraps them in the same
//! `jit` calls, so jaxprs print as JAX's.

use crate::api::jit_call;
use crate::array::Array;
use crate::dtype::DType;
use crate::lax;
use crate::numpy::operand::{ArrayLike, Operand};
use crate::numpy::reductions::{Axes, IntoAxes};
use crate::shape::{canonicalize_axis, py_tuple};

use super::shape_ops::{atleast_2d, ravel};

/// `lax.slice_in_dim(x, start, stop, axis=axis)` with unit strides (which JAX prints).
#[track_caller]
fn slice_in_dim(x: &Array, start: usize, stop: usize, axis: usize) -> Array {
    let nd = x.ndim();
    let mut starts = vec![0; nd];
    let mut limits = x.shape().to_vec();
    starts[axis] = start;
    limits[axis] = stop;
    lax::slice(x, &starts, &limits, Some(&vec![1; nd]))
}

// ---- pad ----------------------------------------------------------------------------------

/// `pad_width` as `jnp.pad` takes it: one integer for every side, a `(before, after)` pair
/// for every axis, or one pair per axis. Implemented for `i32`, `i64` and `usize` in each
/// of these forms (`[(b, a); N]`, `Vec`s and slices of pairs).
pub trait PadWidth {
    /// The pairs, and the shape of the NumPy array JAX would make of them (for messages).
    fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>);
}

macro_rules! pad_width_ints {
    ($($t:ty),*) => {$(
        impl PadWidth for $t {
            fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>) {
                (vec![(self as i64, self as i64)], vec![])
            }
        }
        impl PadWidth for ($t, $t) {
            fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>) {
                (vec![(self.0 as i64, self.1 as i64)], vec![2])
            }
        }
        impl PadWidth for &[($t, $t)] {
            fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>) {
                let v: Vec<(i64, i64)> = self.iter().map(|&(b, a)| (b as i64, a as i64)).collect();
                let n = v.len();
                (v, vec![n, 2])
            }
        }
        impl<const N: usize> PadWidth for [($t, $t); N] {
            fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>) {
                self.as_slice().into_pad_width()
            }
        }
        impl PadWidth for Vec<($t, $t)> {
            fn into_pad_width(self) -> (Vec<(i64, i64)>, Vec<usize>) {
                self.as_slice().into_pad_width()
            }
        }
    )*};
}
pad_width_ints!(i32, i64, usize);

/// How [`pad_with`] fills the new elements: `mode` with its `constant_values` and
/// `reflect_type`.
#[derive(Clone)]
pub enum PadMode {
    /// One value everywhere (`mode='constant'`, `constant_values=v`); converted to the
    /// array's dtype.
    Constant(Operand),
    /// The edge element repeated (`'edge'`).
    Edge,
    /// `constant_values=(before, after)`: one value before and one after, on every axis.
    ConstantPerSide(Operand, Operand),
    /// `constant_values=((before_0, after_0), ...)`: a pair per axis, or one pair for all.
    ConstantPerAxis(Vec<(Operand, Operand)>),
    /// Mirrored without repeating the edge element (`'reflect'`, even reflection).
    Reflect,
    /// Mirrored including the edge element (`'symmetric'`, even reflection).
    Symmetric,
    /// `'reflect'` with `reflect_type='odd'`: values mirrored through the edge value
    /// (`2 * edge - x`), extending a linear trend.
    ReflectOdd,
    /// `'symmetric'` with `reflect_type='odd'`.
    SymmetricOdd,
    /// The array repeated periodically (`'wrap'`).
    Wrap,
}

/// Values that `constant_values` accepts: a scalar or 0-d array, a `(before, after)` pair,
/// or one pair per axis (an array or `Vec` of pairs).
pub trait ConstantValues {
    /// The values as a constant [`PadMode`].
    #[doc(hidden)]
    fn into_pad_mode(self) -> PadMode;
}

impl<T: ArrayLike> ConstantValues for T {
    fn into_pad_mode(self) -> PadMode {
        PadMode::Constant(self.into_operand())
    }
}

impl<B: ArrayLike, A: ArrayLike> ConstantValues for (B, A) {
    fn into_pad_mode(self) -> PadMode {
        PadMode::ConstantPerSide(self.0.into_operand(), self.1.into_operand())
    }
}

impl<B: ArrayLike, A: ArrayLike, const N: usize> ConstantValues for [(B, A); N] {
    fn into_pad_mode(self) -> PadMode {
        PadMode::ConstantPerAxis(
            self.into_iter()
                .map(|(b, a)| (b.into_operand(), a.into_operand()))
                .collect(),
        )
    }
}

impl<B: ArrayLike, A: ArrayLike> ConstantValues for Vec<(B, A)> {
    fn into_pad_mode(self) -> PadMode {
        PadMode::ConstantPerAxis(
            self.into_iter()
                .map(|(b, a)| (b.into_operand(), a.into_operand()))
                .collect(),
        )
    }
}

/// Keywords of `jnp.pad(array, pad_width, mode='constant', **kwargs)`: `mode`, and the
/// mode's own keywords `constant_values` and `reflect_type`.
#[derive(Clone)]
#[must_use]
pub struct PadKw {
    mode: String,
    constant_values: Option<PadMode>,
    reflect_type: String,
}

impl Default for PadKw {
    fn default() -> Self {
        PadKw {
            mode: "constant".into(),
            constant_values: None,
            reflect_type: "even".into(),
        }
    }
}

impl PadKw {
    /// `mode`: `"constant"` (default), `"edge"`, `"reflect"`, `"symmetric"` or `"wrap"`.
    pub fn mode(mut self, mode: &str) -> Self {
        self.mode = mode.into();
        self
    }

    /// `constant_values`: for `"constant"`, a scalar, a `(before, after)` pair, or a pair
    /// per axis (default `0`).
    pub fn constant_values(mut self, values: impl ConstantValues) -> Self {
        self.constant_values = Some(values.into_pad_mode());
        self
    }

    /// `reflect_type`: for `"reflect"`/`"symmetric"`, `"even"` (default) or `"odd"`
    /// (values mirrored through the edge value, extending a linear trend).
    pub fn reflect_type(mut self, reflect_type: &str) -> Self {
        self.reflect_type = reflect_type.into();
        self
    }

    /// lax_numpy.py `pad`'s keyword checks: the [`PadMode`] these keywords name.
    ///
    /// # Panics
    /// `Unimplemented padding mode 'x' for np.pad.`; `unsupported keyword arguments for
    /// mode 'edge': {'constant_values'}`.
    #[track_caller]
    fn into_mode(self) -> PadMode {
        let odd = match self.reflect_type.as_str() {
            "even" => false,
            "odd" => true,
            other => panic!("reflect_type must be 'even' or 'odd', got '{other}'"),
        };
        let mode = match self.mode.as_str() {
            "constant" => {
                return self
                    .constant_values
                    .unwrap_or_else(|| PadMode::Constant(0.into_operand()))
            }
            "edge" => PadMode::Edge,
            "wrap" => PadMode::Wrap,
            "reflect" if odd => PadMode::ReflectOdd,
            "reflect" => PadMode::Reflect,
            "symmetric" if odd => PadMode::SymmetricOdd,
            "symmetric" => PadMode::Symmetric,
            other => panic!("Unimplemented padding mode '{other}' for np.pad."),
        };
        if self.constant_values.is_some() {
            panic!(
                "unsupported keyword arguments for mode '{}': {{'constant_values'}}",
                self.mode
            );
        }
        mode
    }
}

impl PadMode {
    fn name(&self) -> &'static str {
        match self {
            PadMode::Constant(_) | PadMode::ConstantPerSide(..) | PadMode::ConstantPerAxis(_) => {
                "constant"
            }
            PadMode::Edge => "edge",
            PadMode::Reflect | PadMode::ReflectOdd => "reflect",
            PadMode::Symmetric | PadMode::SymmetricOdd => "symmetric",
            PadMode::Wrap => "wrap",
        }
    }
}

/// `_broadcast_to_pairs`: one `(before, after)` per axis.
#[track_caller]
fn pad_pairs(width: (Vec<(i64, i64)>, Vec<usize>), nd: usize) -> Vec<(i64, i64)> {
    let (pairs, shape) = width;
    if shape.len() == 2 && shape[0] == nd {
        pairs
    } else if shape.len() < 2 || shape[0] == 1 {
        vec![pairs[0]; nd]
    } else {
        panic!(
            "jnp.pad: pad_width with nd={nd} has unsupported shape {}. Valid shapes are ({nd}, \
             2), (1, 2), (2,), (1,), or ().",
            py_tuple(&shape)
        );
    }
}

/// `jnp.pad(array, pad_width)`: zeros added before and after each axis.
/// JAX runs this as `jit(_pad)`; so do we.
///
/// # Panics
/// `index can't contain negative values` for a negative width; `jnp.pad: pad_width with
/// nd=2 has unsupported shape (3, 2). ...` for a list of pairs of the wrong length.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::pad(&x, (1, 2)).to_vec::<i32>(), vec![0, 1, 2, 3, 0, 0]);
/// ```
#[track_caller]
pub fn pad(array: impl ArrayLike, pad_width: impl PadWidth) -> Array {
    pad_with(array, pad_width, |kw| kw)
}

/// `jnp.pad(array, pad_width, mode=.., constant_values=.., reflect_type=..)`: padding filled
/// as `mode` says (constant, edge, reflect, symmetric, wrap), keywords on a [`PadKw`].
/// JAX runs this as `jit(_pad)`; so do we.
///
/// # Panics
/// As [`pad`]; `Cannot apply 'edge' padding to empty axis` (and likewise for the other
/// modes that copy elements) when an empty axis gets padding; `Incompatible types for
/// broadcasting: input type=float32[3,2] and requested type=float32[2,2]` for a number of
/// per-axis `constant_values` pairs other than one or the rank.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2, 3]);
/// let r = jnp::pad_with(&x, 2, |kw| kw.mode("reflect"));
/// assert_eq!(r.to_vec::<i32>(), vec![3, 2, 1, 2, 3, 2, 1]);
/// let c = jnp::pad_with(&x, (1, 0), |kw| kw.constant_values(9));
/// assert_eq!(c.to_vec::<i32>(), vec![9, 1, 2, 3]);
/// ```
#[track_caller]
pub fn pad_with(
    array: impl ArrayLike,
    pad_width: impl PadWidth,
    f: impl FnOnce(PadKw) -> PadKw,
) -> Array {
    let mode = crate::keywords::apply::<PadKw>(f).into_mode();
    pad_impl(array, pad_width, mode)
}

#[track_caller]
fn pad_impl(array: impl ArrayLike, pad_width: impl PadWidth, mode: PadMode) -> Array {
    let x = array.into_operand().into_array();
    let nd = x.ndim();
    let width = pad_width.into_pad_width();
    // JAX passes `constant_values` (0 by default) to `_pad` in every mode; a tuple of
    // values is a tuple of arguments.
    let (values, rows, mode) = match mode {
        PadMode::Constant(v) => (vec![v.into_array()], None, None),
        PadMode::ConstantPerSide(b, a) => (vec![b.into_array(), a.into_array()], Some(0), None),
        PadMode::ConstantPerAxis(pairs) => {
            let n = pairs.len();
            let mut v = Vec::with_capacity(2 * n);
            for (b, a) in pairs {
                v.push(b.into_array());
                v.push(a.into_array());
            }
            (v, Some(n), None)
        }
        other => (vec![0.into_operand().into_array()], None, Some(other)),
    };
    let mut args = vec![x.clone()];
    args.extend(values);
    if nd == 0 {
        return jit_call("_pad", &args, |a| vec![a[0].clone()])
            .pop()
            .expect("one result");
    }
    if let Some(n) = rows {
        if n != 0 && n != 1 && n != nd {
            let dtype = x.dtype().name();
            panic!(
                "Incompatible types for broadcasting: input type={dtype}[{n},2] and requested \
                 type={dtype}[{nd},2]"
            );
        }
    }
    let pairs = pad_pairs(width, nd);
    if pairs.iter().any(|&(b, a)| b < 0 || a < 0) {
        panic!("index can't contain negative values");
    }
    let pairs: Vec<(usize, usize)> = pairs
        .iter()
        .map(|&(b, a)| (b as usize, a as usize))
        .collect();
    if let Some(m) = &mode {
        if !matches!(m, PadMode::Constant(_)) {
            for (i, &(b, a)) in pairs.iter().enumerate() {
                if x.shape()[i] == 0 && (b > 0 || a > 0) {
                    panic!("Cannot apply '{}' padding to empty axis", m.name());
                }
            }
        }
    }
    jit_call("_pad", &args, |args| {
        let (x, cv) = (&args[0], &args[1]);
        if let Some(n) = rows {
            return vec![pad_constant_pairs(x, &args[1..], n, &pairs)];
        }
        vec![match mode {
            None
            | Some(PadMode::Constant(_))
            | Some(PadMode::ConstantPerSide(..))
            | Some(PadMode::ConstantPerAxis(_)) => {
                let cv = lax::convert_element_type(cv, x.dtype(), x.weak_type());
                let widths: Vec<(i64, i64, i64)> = pairs
                    .iter()
                    .map(|&(b, a)| (b as i64, a as i64, 0))
                    .collect();
                lax::pad_recording_numpy_ints(
                    x,
                    &cv,
                    &widths,
                    &vec![(true, true, false); widths.len()],
                )
            }
            Some(PadMode::Wrap) => pad_wrap(x, &pairs),
            Some(PadMode::Edge) => pad_edge(x, &pairs),
            Some(PadMode::Reflect) => pad_reflect(x, &pairs, false, false),
            Some(PadMode::Symmetric) => pad_reflect(x, &pairs, true, false),
            Some(PadMode::ReflectOdd) => pad_reflect(x, &pairs, false, true),
            Some(PadMode::SymmetricOdd) => pad_reflect(x, &pairs, true, true),
        }]
    })
    .pop()
    .expect("one result")
}

/// `_pad_constant` with a tuple of values: `asarray` of the values (each converted to their
/// common dtype and joined), converted to the array's dtype, broadcast to one pair per
/// axis; then one `pad` per nonzero side. `rows` is 0 for a flat `(before, after)` pair.
fn pad_constant_pairs(x: &Array, values: &[Array], rows: usize, pairs: &[(usize, usize)]) -> Array {
    let nd = x.ndim();
    let parts: Vec<(DType, bool)> = values.iter().map(|v| (v.dtype(), v.weak_type())).collect();
    let (dtype, _) = DType::result_type(&parts);
    let leaf = |v: &Array| {
        let v = lax::convert_element_type(v, dtype, false);
        lax::broadcast_in_dim(&v, &[1], &[])
    };
    let pair = |k: usize| lax::concatenate(&[leaf(&values[2 * k]), leaf(&values[2 * k + 1])], 0);
    let table = if rows == 0 {
        let flat = lax::convert_element_type(&pair(0), x.dtype(), x.weak_type());
        lax::broadcast_in_dim(&flat, &[nd, 2], &[1])
    } else {
        let mut row_arrays = Vec::with_capacity(rows);
        for k in 0..rows {
            row_arrays.push(lax::broadcast_in_dim(&pair(k), &[1, 2], &[1]));
        }
        let joined = lax::concatenate(&row_arrays, 0);
        let joined = lax::convert_element_type(&joined, x.dtype(), x.weak_type());
        if rows == nd {
            joined
        } else {
            lax::broadcast_in_dim(&joined, &[nd, 2], &[0, 1])
        }
    };
    let mut x = x.clone();
    for (i, &(before, after)) in pairs.iter().enumerate() {
        let mut widths = vec![(0i64, 0i64, 0i64); nd];
        let mut numpy = vec![(false, false, false); nd];
        if before != 0 {
            widths[i] = (before as i64, 0, 0);
            numpy[i] = (true, false, false);
            let v = table.i(crate::s![i, 0]);
            x = lax::pad_recording_numpy_ints(&x, &v, &widths, &numpy);
        }
        if after != 0 {
            widths[i] = (0, after as i64, 0);
            numpy[i] = (false, true, false);
            let v = table.i(crate::s![i, 1]);
            x = lax::pad_recording_numpy_ints(&x, &v, &widths, &numpy);
        }
    }
    x
}

/// `_pad_wrap`: whole copies of the array plus partial ones at the ends.
fn pad_wrap(x: &Array, pairs: &[(usize, usize)]) -> Array {
    let mut x = x.clone();
    for (i, &(before, after)) in pairs.iter().enumerate() {
        let size = x.shape()[i];
        if size == 0 {
            continue;
        }
        let (left_repeats, left_rem) = (before / size, before % size);
        let (right_repeats, right_rem) = (after / size, after % size);
        let mut parts = Vec::new();
        if left_rem > 0 {
            parts.push(slice_in_dim(&x, size - left_rem, size, i));
        }
        parts.extend(std::iter::repeat_n(
            x.clone(),
            left_repeats + right_repeats + 1,
        ));
        if right_rem > 0 {
            parts.push(slice_in_dim(&x, 0, right_rem, i));
        }
        x = lax::concatenate(&parts, i);
    }
    x
}

/// `_pad_edge`: the first and last slices repeated.
fn pad_edge(x: &Array, pairs: &[(usize, usize)]) -> Array {
    let mut x = x.clone();
    for (i, &(before, after)) in pairs.iter().enumerate() {
        let n = x.shape()[i];
        if n == 0 {
            continue;
        }
        let pad_before = repeat_static(&slice_in_dim(&x, 0, 1, i), before, i);
        let pad_after = repeat_static(&slice_in_dim(&x, n - 1, n, i), after, i);
        x = lax::concatenate(&[pad_before, x, pad_after], i);
    }
    x
}

/// `_pad_symmetric_or_reflect`. JAX slices out the edge even where only odd reflection
/// uses it; we keep that slice so the jaxprs agree.
fn pad_reflect(x: &Array, pairs: &[(usize, usize)], symmetric: bool, odd: bool) -> Array {
    let mut x = x.clone();
    for (i, &(before, after)) in pairs.iter().enumerate() {
        let axis_size = x.shape()[i];
        if axis_size == 0 || (before == 0 && after == 0) {
            continue;
        }
        let offset = usize::from(!symmetric && axis_size > 1);
        for (padding, is_before) in [(before, true), (after, false)] {
            let mut padding = padding;
            let n = x.shape()[i];
            // The edge slice is taken once per side, before the loop, as JAX does (even
            // reflection leaves it unused).
            let mut edge = if is_before {
                slice_in_dim(&x, 0, 1, i)
            } else {
                slice_in_dim(&x, n - 1, n, i)
            };
            while padding > 0 {
                let curr = padding.min(axis_size - offset);
                padding -= curr;
                let n = x.shape()[i];
                let piece = if is_before {
                    slice_in_dim(&x, offset, offset + curr, i)
                } else {
                    let stop = if symmetric || axis_size == 1 {
                        n
                    } else {
                        n - 1
                    };
                    slice_in_dim(&x, n - (curr + offset), stop, i)
                };
                let mut piece = super::shape_ops::flip_impl(&piece, vec![i as isize]);
                if odd {
                    // Odd reflection mirrors the values through the edge: 2 * edge - x.
                    piece = super::ufuncs::subtract(super::ufuncs::multiply(2, &edge), &piece);
                    if axis_size > 1 {
                        let m = piece.shape()[i];
                        edge = if is_before {
                            slice_in_dim(&piece, 0, 1, i)
                        } else {
                            slice_in_dim(&piece, m - 1, m, i)
                        };
                    }
                }
                x = if is_before {
                    lax::concatenate(&[piece, x], i)
                } else {
                    lax::concatenate(&[x, piece], i)
                };
            }
        }
    }
    x
}

// ---- split ---------------------------------------------------------------------------------

/// How [`split`] cuts: into a number of equal sections, or at the given indices.
pub trait SplitSections {
    /// `Ok(n)` for `n` sections, `Err(indices)` for cut points.
    fn into_sections(self) -> Result<usize, Vec<i64>>;
}

impl SplitSections for usize {
    fn into_sections(self) -> Result<usize, Vec<i64>> {
        Ok(self)
    }
}

impl SplitSections for i32 {
    fn into_sections(self) -> Result<usize, Vec<i64>> {
        Ok(self.max(0) as usize)
    }
}

macro_rules! split_indices {
    ($($t:ty),*) => {$(
        impl<const N: usize> SplitSections for [$t; N] {
            fn into_sections(self) -> Result<usize, Vec<i64>> {
                Err(self.iter().map(|&i| i as i64).collect())
            }
        }
        impl SplitSections for &[$t] {
            fn into_sections(self) -> Result<usize, Vec<i64>> {
                Err(self.iter().map(|&i| i as i64).collect())
            }
        }
        impl SplitSections for Vec<$t> {
            fn into_sections(self) -> Result<usize, Vec<i64>> {
                Err(self.iter().map(|&i| i as i64).collect())
            }
        }
    )*};
}
split_indices!(i32, i64, usize);

/// `_split`: the piece sizes, then one `split` primitive.
#[track_caller]
pub(crate) fn split_impl(
    op: &str,
    ary: Array,
    sections: impl SplitSections,
    axis: i64,
) -> Vec<Array> {
    let nd = ary.ndim() as i64;
    // JAX reads `ary.shape[axis]` before normalizing the axis, so Python's tuple indexing
    // is what complains.
    if axis >= nd || axis < -nd {
        panic!("tuple index out of range");
    }
    let ax = axis.rem_euclid(nd) as usize;
    let size = ary.shape()[ax] as i64;
    let sizes: Vec<i64> = match sections.into_sections() {
        Err(indices) => {
            let mut cuts = vec![0];
            cuts.extend(indices);
            cuts.push(size);
            cuts.windows(2).map(|w| w[1] - w[0]).collect()
        }
        Ok(0) => panic!("integer division or modulo by zero"),
        Ok(n) => {
            let n = n as i64;
            let (part, r) = (size / n, size % n);
            if r == 0 {
                vec![part; n as usize]
            } else if op == "array_split" {
                let mut v = vec![part + 1; r as usize];
                v.extend(std::iter::repeat_n(part, (n - r) as usize));
                v
            } else {
                panic!("array split does not result in an equal division: rest is {r}");
            }
        }
    };
    if sizes.iter().any(|&s| s < 0) {
        let shown: Vec<String> = sizes.iter().map(|s| format!("np.int64({s})")).collect();
        panic!(
            "Sizes passed to split must be nonnegative, got [{}]",
            shown.join(", ")
        );
    }
    let sizes: Vec<usize> = sizes.iter().map(|&s| s as usize).collect();
    lax::split_recording_numpy_ints(&ary, &sizes, ax as isize, true)
}

/// `jnp.split(ary, indices_or_sections, axis)`: `n` equal pieces (`sections` a number) or
/// pieces cut at the given indices (`sections` a list), as one `split` primitive.
///
/// # Panics
/// `array split does not result in an equal division: rest is 1`; `Sizes passed to split
/// must be nonnegative, got [...]` for indices out of order or past the end; JAX's axis
/// message.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([0, 1, 2, 3, 4, 5]);
/// let parts = jnp::split(&x, [1, 4]);
/// assert_eq!(parts[1].to_vec::<i32>(), vec![1, 2, 3]);
/// assert_eq!(jnp::split(&x, 3usize).len(), 3);
/// ```
#[track_caller]
pub fn split(ary: impl ArrayLike, indices_or_sections: impl SplitSections) -> Vec<Array> {
    split_with(ary, indices_or_sections, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.split` (see the README's keyword rule).
    SplitKw {
        /// `axis`: the axis to split (default `0`).
        axis: i64 = 0; (axis: i64) => axis,
    }
}

/// [`split`] with JAX's keywords set on a [`SplitKw`].
#[track_caller]
pub fn split_with(
    ary: impl ArrayLike,
    indices_or_sections: impl SplitSections,
    f: impl FnOnce(SplitKw) -> SplitKw,
) -> Vec<Array> {
    let kw = crate::keywords::apply::<SplitKw>(f);
    split_axis(ary, indices_or_sections, kw.axis)
}

#[track_caller]
fn split_axis(
    ary: impl ArrayLike,
    indices_or_sections: impl SplitSections,
    axis: i64,
) -> Vec<Array> {
    split_impl(
        "split",
        ary.into_operand().into_array(),
        indices_or_sections,
        axis,
    )
}

/// `jnp.array_split(ary, indices_or_sections, axis)`: like [`split`], but `n` sections need
/// not divide the axis (the first `size % n` pieces get one element more).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::arange(5);
/// let parts = jnp::array_split(&x, 3usize);
/// assert_eq!(parts[0].shape(), &[2]);
/// assert_eq!(parts[2].shape(), &[1]);
/// ```
#[track_caller]
pub fn array_split(ary: impl ArrayLike, indices_or_sections: impl SplitSections) -> Vec<Array> {
    array_split_with(ary, indices_or_sections, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.array_split` (see the README's keyword rule).
    ArraySplitKw {
        /// `axis`: the axis to split (default `0`).
        axis: i64 = 0; (axis: i64) => axis,
    }
}

/// [`array_split`] with JAX's keywords set on a [`ArraySplitKw`].
#[track_caller]
pub fn array_split_with(
    ary: impl ArrayLike,
    indices_or_sections: impl SplitSections,
    f: impl FnOnce(ArraySplitKw) -> ArraySplitKw,
) -> Vec<Array> {
    let kw = crate::keywords::apply::<ArraySplitKw>(f);
    array_split_impl(ary, indices_or_sections, kw.axis)
}

#[track_caller]
pub(crate) fn array_split_impl(
    ary: impl ArrayLike,
    indices_or_sections: impl SplitSections,
    axis: i64,
) -> Vec<Array> {
    split_impl(
        "array_split",
        ary.into_operand().into_array(),
        indices_or_sections,
        axis,
    )
}

// ---- roll ----------------------------------------------------------------------------------

/// `jnp.roll(a, shift, axis)`: elements shifted cyclically by `shift` along each axis;
/// `None` rolls the flattened array. Shifts and axes pair up (a single one is repeated).
/// JAX runs the rolling as `jit(_roll_static)`; so do we.
///
/// # Panics
/// JAX's axis message; `shape mismatch: objects cannot be broadcast to a single shape.
/// Mismatch is between arg 0 with shape (2,) and arg 1 with shape (3,).` when the lists
/// differ in length.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([0, 1, 2, 3, 4, 5]);
/// assert_eq!(jnp::roll(&x, 2).to_vec::<i32>(), vec![4, 5, 0, 1, 2, 3]);
/// ```
#[track_caller]
pub fn roll(a: impl ArrayLike, shift: impl IntoAxes) -> Array {
    roll_with(a, shift, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.roll` (see the README's keyword rule).
    RollKw {
        /// `axis`: the axes to roll (default: the flattened array).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// [`roll`] with JAX's keywords set on a [`RollKw`].
#[track_caller]
pub fn roll_with(
    a: impl ArrayLike,
    shift: impl IntoAxes,
    f: impl FnOnce(RollKw) -> RollKw,
) -> Array {
    let kw = crate::keywords::apply::<RollKw>(f);
    roll_impl(a, shift, kw.axis)
}

#[track_caller]
pub(crate) fn roll_impl(a: impl ArrayLike, shift: impl IntoAxes, axis: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let shifts: Vec<i64> = match shift.into_axes() {
        crate::numpy::Axes::All => vec![0],
        crate::numpy::Axes::Some(v) => v.into_iter().map(|s| s as i64).collect(),
    };
    match axis.into_axes() {
        crate::numpy::Axes::All => {
            let shape = x.shape().to_vec();
            let flat = ravel(&x);
            let rolled = roll_static(flat, &shifts, &[0]);
            lax::reshape(&rolled, &shape)
        }
        crate::numpy::Axes::Some(axes) => {
            let nd = x.ndim();
            let mut canon = Vec::with_capacity(axes.len());
            for a in axes {
                canon.push(canonicalize_axis(a, nd));
            }
            roll_static(x, &shifts, &canon)
        }
    }
}

/// `_roll_static` after `np.broadcast_arrays(axis, shift)`.
#[track_caller]
fn roll_static(x: Array, shifts: &[i64], axes: &[usize]) -> Array {
    let n = axes.len().max(shifts.len());
    if !(axes.len() == n || axes.len() == 1) || !(shifts.len() == n || shifts.len() == 1) {
        panic!(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is \
             between arg 0 with shape ({},) and arg 1 with shape ({},).",
            axes.len(),
            shifts.len()
        );
    }
    let pairs: Vec<(usize, i64)> = (0..n)
        .map(|k| {
            (
                axes[if axes.len() == 1 { 0 } else { k }],
                shifts[if shifts.len() == 1 { 0 } else { k }],
            )
        })
        .collect();
    jit_call("_roll_static", &[x], |args| {
        let mut a = args[0].clone();
        for &(ax, s) in &pairs {
            let d = a.shape()[ax] as i64;
            if d == 0 {
                continue;
            }
            let i = (-s).rem_euclid(d) as usize;
            let d = d as usize;
            a = lax::concatenate(
                &[slice_in_dim(&a, i, d, ax), slice_in_dim(&a, 0, i, ax)],
                ax,
            );
        }
        vec![a]
    })
    .pop()
    .expect("one result")
}

// ---- repeat, tile, stacking ----------------------------------------------------------------

/// `_repeat`'s fast path for a static scalar `repeats`: a broadcast with a new axis after
/// `axis`, then a reshape merging the two.
#[track_caller]
fn repeat_static(x: &Array, repeats: usize, axis: usize) -> Array {
    let mut aux = x.shape().to_vec();
    aux.insert(axis + 1, repeats);
    let dims: Vec<usize> = (0..aux.len()).filter(|&i| i != axis + 1).collect();
    let b = lax::broadcast_in_dim(x, &aux, &dims);
    let mut result = x.shape().to_vec();
    result[axis] *= repeats;
    lax::reshape(&b, &result)
}

/// `jnp.repeat(a, repeats, axis)` with a static number of repeats: each element repeated
/// `repeats` times along `axis` (`None`: of the flattened array).
///
/// # Panics
/// JAX's axis message.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::repeat_with(&x, 2, |kw| kw.axis(1)).to_vec::<i32>(), vec![1, 1, 2, 2, 3, 3, 4, 4]);
/// assert_eq!(jnp::repeat(&x, 2).shape(), &[8]);
/// ```
#[track_caller]
pub fn repeat(a: impl ArrayLike, repeats: usize) -> Array {
    repeat_with(a, repeats, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.repeat` (see the README's keyword rule).
    RepeatKw {
        /// `axis`: the axis (default: the flattened array).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// [`repeat`] with JAX's keywords set on a [`RepeatKw`].
#[track_caller]
pub fn repeat_with(
    a: impl ArrayLike,
    repeats: usize,
    f: impl FnOnce(RepeatKw) -> RepeatKw,
) -> Array {
    let kw = crate::keywords::apply::<RepeatKw>(f);
    repeat_impl(a, repeats, kw.axis)
}

#[track_caller]
pub(crate) fn repeat_impl(a: impl ArrayLike, repeats: usize, axis: impl IntoAxes) -> Array {
    let x = a.into_operand().into_array();
    let (x, axis) = match axis.into_axes() {
        crate::numpy::Axes::All => (ravel(&x), 0),
        crate::numpy::Axes::Some(v) => {
            let ax = v.first().copied().unwrap_or(0);
            let ax = canonicalize_axis(ax, x.ndim());
            (x, ax)
        }
    };
    if x.ndim() == 0 {
        return lax::broadcast_in_dim(&x, &[repeats], &[]);
    }
    repeat_static(&x, repeats, axis)
}

/// `jnp.tile(A, reps)`: the array repeated `reps[i]` times along axis `i`; `reps` shorter
/// than the rank is padded with leading ones, longer adds leading unit axes first.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([1, 2]);
/// assert_eq!(jnp::tile(&x, [2]).to_vec::<i32>(), vec![1, 2, 1, 2]);
/// assert_eq!(jnp::tile(&x, [2, 1]).shape(), &[2, 2]);
/// ```
#[track_caller]
pub fn tile(a: impl ArrayLike, reps: impl AsRef<[usize]>) -> Array {
    let mut x = a.into_operand().into_array();
    let reps = reps.as_ref();
    let nd = x.ndim();
    let mut full = vec![1; nd.saturating_sub(reps.len())];
    full.extend_from_slice(reps);
    if full.len() > nd {
        let dims: Vec<isize> = (0..(full.len() - nd) as isize).collect();
        x = lax::expand_dims(&x, &dims);
    }
    lax::tile(&x, &full)
}

/// `jnp.atleast_3d(x)`: 0-d arrays become `(1, 1, 1)`, 1-d `(1, N, 1)`, 2-d `(M, N, 1)`.
/// JAX runs this as `jit(atleast_3d)`; so do we.
#[track_caller]
pub fn atleast_3d(x: impl ArrayLike) -> Array {
    let x = x.into_operand().into_array();
    jit_call("atleast_3d", &[x], |a| {
        let x = &a[0];
        vec![match x.ndim() {
            0 => lax::broadcast_in_dim(x, &[1, 1, 1], &[]),
            1 => lax::broadcast_in_dim(x, &[1, x.shape()[0], 1], &[1]),
            2 => lax::broadcast_in_dim(x, &[x.shape()[0], x.shape()[1], 1], &[0, 1]),
            _ => x.clone(),
        }]
    })
    .pop()
    .expect("one result")
}

/// `jnp.dstack(arrays)`: each array made at least 3-d, then joined along axis 2.
///
/// # Panics
/// `Need at least one array to concatenate.` and JAX's shape messages.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::dstack([&a, &a]).shape(), &[1, 3, 2]);
/// ```
#[track_caller]
pub fn dstack<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    let mut parts = Vec::new();
    for a in arrays {
        parts.push(atleast_3d(a));
    }
    super::shape_ops::concatenate_impl(parts, 2)
}

/// `jnp.column_stack(arrays)`: 1-d arrays become columns (`atleast_2d(x).T`), then all are
/// joined along axis 1.
///
/// # Panics
/// `Need at least one array to concatenate.` and JAX's shape messages.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let a = jnp::array([1, 2, 3]);
/// assert_eq!(jnp::column_stack([&a, &a]).shape(), &[3, 2]);
/// ```
#[track_caller]
pub fn column_stack<A: ArrayLike>(arrays: impl IntoIterator<Item = A>) -> Array {
    let mut parts = Vec::new();
    for a in arrays {
        let x = a.into_operand().into_array();
        parts.push(if x.ndim() < 2 {
            let x2 = atleast_2d(&x);
            lax::transpose(&x2, &[1, 0])
        } else {
            x
        });
    }
    super::shape_ops::concatenate_impl(parts, 1)
}

// ---- triangles and diagonals ---------------------------------------------------------------

/// `tril`/`triu`: `select(row + k >= col, ...)` over the last two axes, in `jit(name)`.
#[track_caller]
fn triangle(name: &str, m: Array, k: i64, lower: bool) -> Array {
    if m.ndim() < 2 {
        panic!("Argument to jax.numpy.{name} must be at least 2D");
    }
    jit_call(name, &[m], |a| {
        let m = &a[0];
        let nd = m.ndim();
        let shape = m.shape().to_vec();
        let mask_shape = &shape[nd - 2..];
        let row = iota_2d(mask_shape, 0);
        let row = lax::add(&row, &scalar_i32(k));
        let col = iota_2d(mask_shape, 1);
        let mask = lax::ge(&row, &col);
        let mask = if nd > 2 {
            lax::broadcast_in_dim(&mask, &shape, &[nd - 2, nd - 1])
        } else {
            mask
        };
        let zero = 0.into_operand().convert(m.dtype(), false);
        let zeros = lax::broadcast_in_dim(&zero, &shape, &[]);
        vec![if lower {
            lax::select_n(&mask, &[&zeros, m])
        } else {
            lax::select_n(&mask, &[m, &zeros])
        }]
    })
    .pop()
    .expect("one result")
}

fn iota_2d(shape: &[usize], dimension: usize) -> Array {
    crate::trace::bind1(
        crate::primitive::Primitive::Iota {
            dtype: DType::I32,
            shape: shape.to_vec(),
            dimension,
        },
        &[],
    )
}

/// A weak `int32` scalar, as a Python int literal in JAX's jaxprs.
fn scalar_i32(v: i64) -> Array {
    v.into_operand().into_array()
}

/// `jnp.tril(m, k)`: elements on and below the `k`-th diagonal of the last two axes; the
/// rest zero. JAX runs this as `jit(tril)`; so do we.
///
/// # Panics
/// `Argument to jax.numpy.tril must be at least 2D` for a 0-d or 1-d array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::tril(&x).to_vec::<i32>(), vec![1, 0, 3, 4]);
/// ```
#[track_caller]
pub fn tril(m: impl ArrayLike) -> Array {
    tril_with(m, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.tril` (see the README's keyword rule).
    TrilKw {
        /// `k`: the diagonal (default `0`; positive is above the main one).
        k: i64 = 0; (k: i64) => k,
    }
}

/// [`tril`] with JAX's keywords set on a [`TrilKw`].
#[track_caller]
pub fn tril_with(m: impl ArrayLike, f: impl FnOnce(TrilKw) -> TrilKw) -> Array {
    let kw = crate::keywords::apply::<TrilKw>(f);
    tril_impl(m, kw.k)
}

#[track_caller]
pub(crate) fn tril_impl(m: impl ArrayLike, k: i64) -> Array {
    triangle("tril", m.into_operand().into_array(), k, true)
}

/// `jnp.triu(m, k)`: elements on and above the `k`-th diagonal of the last two axes; the
/// rest zero. JAX runs this as `jit(triu)`; so do we.
///
/// # Panics
/// `Argument to jax.numpy.triu must be at least 2D` for a 0-d or 1-d array.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::triu(&x).to_vec::<i32>(), vec![1, 2, 0, 4]);
/// ```
#[track_caller]
pub fn triu(m: impl ArrayLike) -> Array {
    triu_with(m, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.triu` (see the README's keyword rule).
    TriuKw {
        /// `k`: the diagonal (default `0`).
        k: i64 = 0; (k: i64) => k,
    }
}

/// [`triu`] with JAX's keywords set on a [`TriuKw`].
#[track_caller]
pub fn triu_with(m: impl ArrayLike, f: impl FnOnce(TriuKw) -> TriuKw) -> Array {
    let kw = crate::keywords::apply::<TriuKw>(f);
    triu_impl(m, kw.k)
}

#[track_caller]
pub(crate) fn triu_impl(m: impl ArrayLike, k: i64) -> Array {
    triangle("triu", m.into_operand().into_array(), k - 1, false)
}

/// `jnp.diagonal(a, offset, axis1, axis2)`: the elements `a[.., i, i + offset]` of the two
/// given axes, which move to the end; the diagonal becomes the last axis. JAX runs this as
/// `jit(diagonal)` (indexing with two `arange`s); so do we.
///
/// # Panics
/// `diagonal requires an array of at least two dimensions.`; JAX's axis message.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2, 3], [4, 5, 6]]);
/// assert_eq!(jnp::diagonal(&x).to_vec::<i32>(), vec![1, 5]);
/// assert_eq!(jnp::diagonal_with(&x, |kw| kw.offset(1)).to_vec::<i32>(), vec![2, 6]);
/// ```
#[track_caller]
pub fn diagonal(a: impl ArrayLike) -> Array {
    diagonal_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.diagonal` (see the README's keyword rule).
    DiagonalKw {
        /// `offset`: the diagonal (default `0`).
        offset: i64 = 0; (offset: i64) => offset,
        /// `axis1`: the first axis (default `0`).
        axis1: i64 = 0; (axis1: i64) => axis1,
        /// `axis2`: the second axis (default `1`).
        axis2: i64 = 1; (axis2: i64) => axis2,
    }
}

/// [`diagonal`] with JAX's keywords set on a [`DiagonalKw`].
#[track_caller]
pub fn diagonal_with(a: impl ArrayLike, f: impl FnOnce(DiagonalKw) -> DiagonalKw) -> Array {
    let kw = crate::keywords::apply::<DiagonalKw>(f);
    diagonal_impl(a, kw.offset, kw.axis1, kw.axis2)
}

#[track_caller]
pub(crate) fn diagonal_impl(a: impl ArrayLike, offset: i64, axis1: i64, axis2: i64) -> Array {
    let x = a.into_operand().into_array();
    if x.ndim() < 2 {
        panic!("diagonal requires an array of at least two dimensions.");
    }
    let nd = x.ndim();
    let (ax1, ax2) = (
        canonicalize_axis(axis1 as isize, nd),
        canonicalize_axis(axis2 as isize, nd),
    );
    if ax1 == ax2 {
        // `moveaxis` with a repeated source axis builds a permutation that repeats it;
        // JAX's `transpose` (inside the jit) rejects it.
        let mut perm: Vec<usize> = (0..nd).filter(|&i| i != ax1).collect();
        perm.insert(nd - 2, ax1);
        perm.insert(nd - 1, ax1);
        panic!(
            "transpose permutation isn't a permutation of operand dimensions, got permutation \
             {} for operand shape {}.",
            py_tuple(&perm),
            py_tuple(x.shape())
        );
    }
    jit_call("diagonal", &[x], |args| {
        vec![diagonal_of(&args[0], offset, ax1, ax2)]
    })
    .pop()
    .expect("one result")
}

/// `_default_diag`: `moveaxis` then `a[..., i, j]` with two `arange`s.
#[track_caller]
fn diagonal_of(x: &Array, offset: i64, ax1: usize, ax2: usize) -> Array {
    let (d1, d2) = (x.shape()[ax1] as i64, x.shape()[ax2] as i64);
    let a = super::shape_ops::moveaxis(x, vec![ax1 as isize, ax2 as isize], vec![-2, -1]);
    let size = 0.max((d1 + offset.min(0)).min(d2 - offset.max(0))) as usize;
    let i = super::creation::arange(size as i64);
    let start = offset.abs();
    let j = super::creation::arange_with(start, |kw| kw.stop(start + size as i64));
    use crate::numpy::Ellipsis;
    if offset >= 0 {
        a.i(crate::s![Ellipsis, &i, &j])
    } else {
        a.i(crate::s![Ellipsis, &j, &i])
    }
}

/// `jnp.diag(v, k)`: for a 1-d `v`, the square matrix with `v` on its `k`-th diagonal; for
/// a 2-d `v`, its `k`-th diagonal. JAX runs this as `jit(_diag)`; so do we.
///
/// # Panics
/// `diag input must be 1d or 2d`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let v = jnp::array([1, 2]);
/// assert_eq!(jnp::diag(&v).to_vec::<i32>(), vec![1, 0, 0, 2]);
/// let m = jnp::diag_with(&v, |kw| kw.k(1));
/// assert_eq!(jnp::diag_with(&m, |kw| kw.k(1)).to_vec::<i32>(), vec![1, 2]);
/// ```
#[track_caller]
pub fn diag(v: impl ArrayLike) -> Array {
    diag_with(v, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.diag` (see the README's keyword rule).
    DiagKw {
        /// `k`: the diagonal (default `0`).
        k: i64 = 0; (k: i64) => k,
    }
}

/// [`diag`] with JAX's keywords set on a [`DiagKw`].
#[track_caller]
pub fn diag_with(v: impl ArrayLike, f: impl FnOnce(DiagKw) -> DiagKw) -> Array {
    let kw = crate::keywords::apply::<DiagKw>(f);
    diag_impl(v, kw.k)
}

#[track_caller]
pub(crate) fn diag_impl(v: impl ArrayLike, k: i64) -> Array {
    let v = v.into_operand().into_array();
    if v.ndim() != 1 && v.ndim() != 2 {
        panic!("diag input must be 1d or 2d");
    }
    jit_call("_diag", &[v], |args| {
        let v = &args[0];
        vec![if v.ndim() == 1 {
            let zero = || 0.into_operand().convert(v.dtype(), false);
            let n = v.shape()[0] + k.unsigned_abs() as usize;
            let padded = lax::pad(v, &zero(), &[(0.max(-k), 0.max(k), 0)]);
            let mask = super::creation::eye_dtype(n, n, k as i32, DType::Bool);
            let column = lax::broadcast_in_dim(&padded, &[n, 1], &[0]);
            super::ufuncs::where_(&mask, &column, zero())
        } else {
            diagonal_impl(v, k, 0, 1)
        }]
    })
    .pop()
    .expect("one result")
}

// ---- flips, rotations, splits along fixed axes, appends ------------------------------------

/// `jnp.fliplr(m)`: reverses axis 1 (as `jit(_flip)`).
///
/// # Panics
/// `axis 1 is out of bounds for array of dimension 1` for a 0-d or 1-d array.
#[track_caller]
pub fn fliplr(m: impl ArrayLike) -> Array {
    super::shape_ops::flip_impl(m, vec![1isize])
}

/// `jnp.flipud(m)`: reverses axis 0 (as `jit(_flip)`).
///
/// # Panics
/// `axis 0 is out of bounds for array of dimension 0` for a 0-d array.
#[track_caller]
pub fn flipud(m: impl ArrayLike) -> Array {
    super::shape_ops::flip_impl(m, vec![0isize])
}

/// `jnp.rot90(m, k, axes)`: rotates by 90° `k` times in the plane of the two axes, from
/// the first towards the second. JAX runs this as `jit(rot90)`; so do we.
///
/// # Panics
/// `rot90 requires its first argument to have ndim at least two, but got first argument of
/// shape (3,), which has ndim 1`; `Axes must be different`; JAX's axis message.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::rot90(&x).to_vec::<i32>(), vec![2, 4, 1, 3]);
/// ```
#[track_caller]
pub fn rot90(m: impl ArrayLike) -> Array {
    rot90_with(m, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.rot90` (see the README's keyword rule).
    Rot90Kw {
        /// `k`: the number of quarter turns (default `1`).
        k: i64 = 1; (k: i64) => k,
        /// `axes`: the plane (default `(0, 1)`).
        axes: (i64, i64) = (0, 1); (axes: (i64, i64)) => axes,
    }
}

/// [`rot90`] with JAX's keywords set on a [`Rot90Kw`].
#[track_caller]
pub fn rot90_with(m: impl ArrayLike, f: impl FnOnce(Rot90Kw) -> Rot90Kw) -> Array {
    let kw = crate::keywords::apply::<Rot90Kw>(f);
    rot90_impl(m, kw.k, kw.axes)
}

#[track_caller]
pub(crate) fn rot90_impl(m: impl ArrayLike, k: i64, axes: (i64, i64)) -> Array {
    let x = m.into_operand().into_array();
    let nd = x.ndim();
    if nd < 2 {
        panic!(
            "rot90 requires its first argument to have ndim at least two, but got first \
             argument of shape {}, which has ndim {nd}",
            py_tuple(x.shape())
        );
    }
    let ax1 = canonicalize_axis(axes.0 as isize, nd);
    let ax2 = canonicalize_axis(axes.1 as isize, nd);
    if ax1 == ax2 {
        panic!("Axes must be different");
    }
    let k = k.rem_euclid(4);
    jit_call("rot90", &[x], |a| {
        let m = &a[0];
        let mut perm: Vec<usize> = (0..nd).collect();
        perm.swap(ax1, ax2);
        vec![match k {
            0 => m.clone(),
            2 => super::shape_ops::flip_impl(
                super::shape_ops::flip_impl(m, vec![ax1 as isize]),
                vec![ax2 as isize],
            ),
            1 => lax::transpose(&super::shape_ops::flip_impl(m, vec![ax2 as isize]), &perm),
            _ => super::shape_ops::flip_impl(lax::transpose(m, &perm), vec![ax2 as isize]),
        }]
    })
    .pop()
    .expect("one result")
}

/// `jnp.hsplit(ary, sections)`: [`split`] along axis 1 (axis 0 for 1-d arrays).
#[track_caller]
pub fn hsplit(ary: impl ArrayLike, indices_or_sections: impl SplitSections) -> Vec<Array> {
    let x = ary.into_operand().into_array();
    let axis = if x.ndim() == 1 { 0 } else { 1 };
    split_impl("hsplit", x, indices_or_sections, axis)
}

/// `jnp.vsplit(ary, sections)`: [`split`] along axis 0.
#[track_caller]
pub fn vsplit(ary: impl ArrayLike, indices_or_sections: impl SplitSections) -> Vec<Array> {
    split_impl(
        "vsplit",
        ary.into_operand().into_array(),
        indices_or_sections,
        0,
    )
}

/// `jnp.dsplit(ary, sections)`: [`split`] along axis 2.
#[track_caller]
pub fn dsplit(ary: impl ArrayLike, indices_or_sections: impl SplitSections) -> Vec<Array> {
    split_impl(
        "dsplit",
        ary.into_operand().into_array(),
        indices_or_sections,
        2,
    )
}

/// `jnp.append(arr, values, axis)`: `values` joined after `arr` along `axis` (`None`: both
/// flattened). JAX runs this as `jit(append)`; so do we.
///
/// # Panics
/// JAX's concatenate messages (axis, ranks, shapes).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::append(&x, jnp::array([5])).to_vec::<i32>(), vec![1, 2, 3, 4, 5]);
/// ```
#[track_caller]
pub fn append(arr: impl ArrayLike, values: impl ArrayLike) -> Array {
    append_with(arr, values, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.append` (see the README's keyword rule).
    AppendKw {
        /// `axis`: the axis (default: both flattened).
        axis: Axes = Axes::All; (axis: impl IntoAxes) => axis.into_axes(),
    }
}

/// [`append`] with JAX's keywords set on a [`AppendKw`].
#[track_caller]
pub fn append_with(
    arr: impl ArrayLike,
    values: impl ArrayLike,
    f: impl FnOnce(AppendKw) -> AppendKw,
) -> Array {
    let kw = crate::keywords::apply::<AppendKw>(f);
    append_impl(arr, values, kw.axis)
}

#[track_caller]
pub(crate) fn append_impl(
    arr: impl ArrayLike,
    values: impl ArrayLike,
    axis: impl IntoAxes,
) -> Array {
    let ops = vec![arr.into_operand(), values.into_operand()];
    let axis = match axis.into_axes() {
        crate::numpy::Axes::All => None,
        crate::numpy::Axes::Some(v) => Some(v.first().copied().unwrap_or(0) as i64),
    };
    // JAX's argument checks run at trace time; run them here on the avals, so mistakes
    // point at the caller.
    let arrays: Vec<Array> = ops.into_iter().map(Operand::into_array).collect();
    if let Some(ax) = axis {
        if arrays[0].ndim() == 0 {
            panic!("Zero-dimensional arrays cannot be concatenated.");
        }
        let dimension = canonicalize_axis(ax as isize, arrays[0].ndim());
        // Shapes only (one dtype for both): promotion happens inside the jit, as in JAX.
        let avals: Vec<crate::aval::Aval> = arrays
            .iter()
            .map(|a| crate::aval::Aval::new(a.shape().to_vec(), arrays[0].dtype()))
            .collect();
        let avals: Vec<&crate::aval::Aval> = avals.iter().collect();
        crate::abstract_eval::abstract_eval(
            &crate::primitive::Primitive::Concatenate { dimension },
            &avals,
        );
    }
    jit_call("append", &arrays, |a| {
        vec![match axis {
            None => super::shape_ops::concatenate_impl([ravel(&a[0]), ravel(&a[1])], 0),
            Some(ax) => super::shape_ops::concatenate_impl([a[0].clone(), a[1].clone()], ax),
        }]
    })
    .pop()
    .expect("one result")
}

/// `jnp.rollaxis(a, axis, start)`: moves `axis` to sit before position `start`. JAX runs
/// this as `jit(rollaxis)`; so do we.
///
/// # Panics
/// `start=4 must satisfy -3<=start<=3`; JAX's axis message.
#[track_caller]
pub fn rollaxis(a: impl ArrayLike, axis: i64) -> Array {
    rollaxis_with(a, axis, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.rollaxis` (see the README's keyword rule).
    RollaxisKw {
        /// `start`: the position to roll before (default `0`).
        start: i64 = 0; (start: i64) => start,
    }
}

/// [`rollaxis`] with JAX's keywords set on a [`RollaxisKw`].
#[track_caller]
pub fn rollaxis_with(
    a: impl ArrayLike,
    axis: i64,
    f: impl FnOnce(RollaxisKw) -> RollaxisKw,
) -> Array {
    let kw = crate::keywords::apply::<RollaxisKw>(f);
    rollaxis_impl(a, axis, kw.start)
}

#[track_caller]
pub(crate) fn rollaxis_impl(a: impl ArrayLike, axis: i64, start: i64) -> Array {
    let x = a.into_operand().into_array();
    let nd = x.ndim() as i64;
    let axis = canonicalize_axis(axis as isize, nd as usize) as i64;
    if !(-nd..=nd).contains(&start) {
        panic!("start={start} must satisfy {}<=start<={nd}", -nd);
    }
    let mut start = if start < 0 { start + nd } else { start };
    if start > axis {
        start -= 1;
    }
    jit_call("rollaxis", &[x], |a| {
        vec![super::shape_ops::moveaxis(
            &a[0],
            vec![axis as isize],
            vec![start as isize],
        )]
    })
    .pop()
    .expect("one result")
}

/// `jnp.tri(N)`: the `float32` `N`×`N` matrix with ones on and below the main diagonal.
/// Keywords through [`tri_with`].
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::tri(2).to_vec::<f32>(), vec![1.0, 0.0, 1.0, 1.0]);
/// ```
#[track_caller]
pub fn tri(n: usize) -> Array {
    tri_with(n, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.tri(N, M=None, k=0, dtype=None)`.
    TriKw {
        /// `M`: the number of columns (default `N`).
        M: Option<usize> = None; (m: usize) => Some(m),
        /// `k`: the diagonal on and below which to put ones (default `0`).
        k: i64 = 0; (k: i64) => k,
        /// `dtype`: the result's dtype (default `float32`).
        dtype: Option<DType> = None; (dtype: DType) => Some(dtype),
    }
}

/// `jnp.tri(N, M=.., k=.., dtype=..)`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let t = jnp::tri_with(2, |kw| kw.M(3).k(1));
/// assert_eq!(t.to_vec::<f32>(), vec![1.0, 1.0, 0.0, 1.0, 1.0, 1.0]);
/// ```
#[track_caller]
pub fn tri_with(n: usize, f: impl FnOnce(TriKw) -> TriKw) -> Array {
    let kw = crate::keywords::apply::<TriKw>(f);
    let (m, k) = (kw.M.unwrap_or(n), kw.k);
    let dtype = kw.dtype.unwrap_or_else(DType::default_float).canonicalize();
    let shape = [n, m];
    let row = lax::add(&iota_2d(&shape, 0), &scalar_i32(k));
    let col = iota_2d(&shape, 1);
    lax::convert_element_type(&lax::ge(&row, &col), dtype, false)
}

/// `jnp.trace(a, offset, axis1, axis2)`: the sum along a diagonal of the two axes. JAX
/// runs this as `jit(trace)` (a mask from `eye`, `where`, `sum`); so do we. A nonzero
/// `offset` is an argument of that jit, as when it is passed to JAX; `0` is JAX's default.
///
/// # Panics
/// `axis1 and axis2 can not be same. axis1=0 and axis2=0`; JAX's axis message.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// assert_eq!(jnp::trace(&x).to_vec::<i32>(), vec![5]);
/// ```
#[track_caller]
pub fn trace(a: impl ArrayLike) -> Array {
    trace_with(a, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.trace` (see the README's keyword rule).
    TraceKw {
        /// `offset`: the diagonal (default `0`, baked into the trace; a set offset is an argument of the jit, as in JAX).
        offset: Option<i64> = None; (offset: i64) => Some(offset),
        /// `axis1`: the first axis (default `0`).
        axis1: i64 = 0; (axis1: i64) => axis1,
        /// `axis2`: the second axis (default `1`).
        axis2: i64 = 1; (axis2: i64) => axis2,
    }
}

/// [`trace`] with JAX's keywords set on a [`TraceKw`].
#[track_caller]
pub fn trace_with(a: impl ArrayLike, f: impl FnOnce(TraceKw) -> TraceKw) -> Array {
    let kw = crate::keywords::apply::<TraceKw>(f);
    trace_impl(a, kw.offset, kw.axis1, kw.axis2)
}

#[track_caller]
fn trace_impl(a: impl ArrayLike, offset: Option<i64>, axis1: i64, axis2: i64) -> Array {
    let x = a.into_operand().into_array();
    let nd = x.ndim();
    let (ax1, ax2) = (
        canonicalize_axis(axis1 as isize, nd),
        canonicalize_axis(axis2 as isize, nd),
    );
    if ax1 == ax2 {
        panic!("axis1 and axis2 can not be same. axis1={axis1} and axis2={axis2}");
    }
    // `offset` is a traced argument of JAX's jit when given; the default is baked into
    // the trace as a constant.
    let mut args = vec![x];
    if let Some(offset) = offset {
        args.push(scalar_i32(offset));
    }
    jit_call("trace", &args, |args| {
        let x = &args[0];
        let (n, m) = (x.shape()[ax1], x.shape()[ax2]);
        let moved = super::shape_ops::moveaxis(x, vec![ax1 as isize, ax2 as isize], vec![-2, -1]);
        let mask = match args.get(1) {
            None => super::creation::eye_dtype(n, m, 0, DType::Bool),
            Some(k) => {
                let (i, j) = (iota_2d(&[n, m], 0), iota_2d(&[n, m], 1));
                let k = lax::convert_element_type(k, DType::I32, false);
                lax::eq(&lax::add(&i, &k), &j)
            }
        };
        let zeros = super::creation::zeros_like(&moved);
        let kept = super::ufuncs::where_(&mask, &moved, &zeros);
        vec![super::reductions::sum_with(&kept, |kw| {
            kw.axis([-2isize, -1])
        })]
    })
    .pop()
    .expect("one result")
}

/// `jnp.unstack(x, axis)`: the slices of `x` along `axis`, each without that axis, as one
/// `unstack` primitive.
///
/// # Panics
/// JAX's axis message (also for a 0-d `x`).
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// let x = jnp::array([[1, 2], [3, 4]]);
/// let rows = jnp::unstack(&x);
/// assert_eq!(rows[1].to_vec::<i32>(), vec![3, 4]);
/// ```
#[track_caller]
pub fn unstack(x: impl ArrayLike) -> Vec<Array> {
    unstack_with(x, |kw| kw)
}

crate::keywords! {
    /// Keywords of `jnp.unstack` (see the README's keyword rule).
    UnstackKw {
        /// `axis`: the axis to unstack (default `0`).
        axis: i64 = 0; (axis: i64) => axis,
    }
}

/// [`unstack`] with JAX's keywords set on a [`UnstackKw`].
#[track_caller]
pub fn unstack_with(x: impl ArrayLike, f: impl FnOnce(UnstackKw) -> UnstackKw) -> Vec<Array> {
    let kw = crate::keywords::apply::<UnstackKw>(f);
    unstack_impl(x, kw.axis)
}

#[track_caller]
pub(crate) fn unstack_impl(x: impl ArrayLike, axis: i64) -> Vec<Array> {
    lax::unstack(&x.into_operand().into_array(), axis as isize)
}
