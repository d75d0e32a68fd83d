//! `vmap`: a function of one example turned into a function of a batch.
//!
//! JAX counterpart: `jax/_src/api.py` (`vmap`, `_mapped_axis_size`) and
//! `jax/_src/interpreters/batching.py` (`batch`, `_batch_inner`, `from_elt`). The batching
//! itself is [`crate::interpreters::batching`]; this module resolves `in_axes`, checks the
//! mapped sizes with JAX's messages, and moves each result's batch axis to its `out_axes`.

use super::{AppliedAt, ArrayFn, TraceOutput};
use crate::array::Array;
use crate::interpreters::batching::{matchaxis, BDim, BatchTrace};
use crate::trace::{current_trace, with_trace, TraceRef};

/// One entry of `in_axes`/`out_axes`: an axis (negative counts from the end) or `None`
/// (not mapped).
pub trait AxisSpec {
    /// The axis, or `None`.
    fn axis(self) -> Option<isize>;
}

impl AxisSpec for i32 {
    fn axis(self) -> Option<isize> {
        Some(self as isize)
    }
}

impl AxisSpec for Option<i32> {
    fn axis(self) -> Option<isize> {
        self.map(|a| a as isize)
    }
}

/// What `in_axes`/`out_axes` accept: one entry for every argument (result), as JAX's
/// `in_axes=0` or `in_axes=None`, or a tuple or `Vec` with one entry each, as
/// `in_axes=(0, None)`.
pub trait Axes {
    /// The resolved spec.
    fn into_axes(self) -> AxesSpec;
}

/// `in_axes`/`out_axes` after [`Axes::into_axes`].
#[derive(Clone, Debug, PartialEq)]
pub enum AxesSpec {
    /// The same entry for every argument (result).
    All(Option<isize>),
    /// One entry per argument (result).
    Each(Vec<Option<isize>>),
}

impl Axes for i32 {
    fn into_axes(self) -> AxesSpec {
        AxesSpec::All(Some(self as isize))
    }
}

impl Axes for Option<i32> {
    fn into_axes(self) -> AxesSpec {
        AxesSpec::All(self.map(|a| a as isize))
    }
}

impl<A: AxisSpec + Copy> Axes for Vec<A> {
    fn into_axes(self) -> AxesSpec {
        AxesSpec::Each(self.into_iter().map(AxisSpec::axis).collect())
    }
}

impl<A: AxisSpec + Copy, const N: usize> Axes for [A; N] {
    fn into_axes(self) -> AxesSpec {
        AxesSpec::Each(self.into_iter().map(AxisSpec::axis).collect())
    }
}

macro_rules! axes_tuple {
    ($($t:ident),+) => {
        impl<$($t: AxisSpec),+> Axes for ($($t,)+) {
            #[allow(non_snake_case)]
            fn into_axes(self) -> AxesSpec {
                let ($($t,)+) = self;
                AxesSpec::Each(vec![$($t.axis()),+])
            }
        }
    };
}

axes_tuple!(A);
axes_tuple!(A, B);
axes_tuple!(A, B, C);
axes_tuple!(A, B, C, D);
axes_tuple!(A, B, C, D, E);
axes_tuple!(A, B, C, D, E, F);
axes_tuple!(A, B, C, D, E, F, G);
axes_tuple!(A, B, C, D, E, F, G, H);

/// The keywords of [`vmap_with`], named as `jax.vmap`'s.
#[derive(Clone, Debug, PartialEq)]
pub struct VmapKw {
    in_axes: AxesSpec,
    out_axes: AxesSpec,
    axis_size: Option<usize>,
    /// Where `vmap` was applied, which its checks' messages name (not a JAX keyword).
    applied_at: Option<AppliedAt>,
}

impl Default for VmapKw {
    fn default() -> Self {
        VmapKw {
            in_axes: AxesSpec::All(Some(0)),
            out_axes: AxesSpec::All(Some(0)),
            axis_size: None,
            applied_at: None,
        }
    }
}

impl VmapKw {
    /// `in_axes`: which axis of each argument is mapped (`None`: the argument is the same
    /// for every example). Default `0`.
    pub fn in_axes(mut self, axes: impl Axes) -> Self {
        self.in_axes = axes.into_axes();
        self
    }

    /// `out_axes`: where each result's mapped axis goes (`None`: the result must not
    /// depend on the mapped axis). Default `0`.
    pub fn out_axes(mut self, axes: impl Axes) -> Self {
        self.out_axes = axes.into_axes();
        self
    }

    /// `axis_size`: the size of the mapped axis, needed when no argument is mapped.
    pub fn axis_size(mut self, size: usize) -> Self {
        self.axis_size = Some(size);
        self
    }
}

/// Functions that [`vmap`] can map: [`ArrayFn`]s of 1 to 8 arguments. `Mapped` is the
/// callable it returns, with the same arguments and result type.
pub trait VmapFn<M>: ArrayFn<M> {
    /// The mapped callable.
    type Mapped<'a>
    where
        Self: 'a;
    /// Wraps the function.
    fn mapped<'a>(self, kw: VmapKw) -> Self::Mapped<'a>
    where
        Self: 'a;
}

macro_rules! vmap_fn {
    ($($arg:ident),+) => {
        impl<F, R> VmapFn<fn($(vmap_fn!(@ty $arg)),+) -> R> for F
        where
            F: Fn($(vmap_fn!(@ty $arg)),+) -> R,
            R: TraceOutput,
        {
            type Mapped<'a> = Box<dyn Fn($(vmap_fn!(@ty $arg)),+) -> R + 'a> where F: 'a;
            fn mapped<'a>(self, kw: VmapKw) -> Self::Mapped<'a>
            where
                F: 'a,
            {
                Box::new(
                    move |$($arg: &Array),+| {
                        let args = vec![$($arg.clone()),+];
                        let single = std::any::type_name::<R>() == std::any::type_name::<Array>();
                        let outs = vmap_call(
                            &|xs: &[Array]| self.call_with(xs).into_arrays(),
                            &args,
                            &kw,
                            single,
                        );
                        R::from_arrays(outs)
                    },
                )
            }
        }
    };
    (@ty $t:ident) => {
        &Array
    };
}

vmap_fn!(a);
vmap_fn!(a, b);
vmap_fn!(a, b, c);
vmap_fn!(a, b, c, d);
vmap_fn!(a, b, c, d, e);
vmap_fn!(a, b, c, d, e, f);
vmap_fn!(a, b, c, d, e, f, g);
vmap_fn!(a, b, c, d, e, f, g, h);

/// `jax.vmap(f)`: `f` mapped over axis 0 of every argument, its results stacked along
/// axis 0.
///
/// The mapped function runs `f` once, on tracers of one example, and each operation is
/// batched by its primitive's batching rule: a matrix product of a batch is one
/// `dot_general` with a batch dimension, not a loop. It nests with itself, with `jvp` and
/// with `make_jaxpr`.
///
/// # Panics
/// When called, with JAX's messages: "vmap got inconsistent sizes for array axes to be
/// mapped: ..." when mapped axes differ in size, "vmap was requested to map its argument
/// along axis 0, which implies that its rank should be at least 1, ..." for a scalar; with
/// "Batching rule for 'x' not implemented" for a primitive without one.
///
/// # Examples
/// ```
/// use jaxrs_core::api::vmap;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let x = jnp::array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
/// let total = vmap(|row: &Array| jnp::sum(row))(&x);
/// assert_eq!(total.to_vec::<f32>(), vec![3.0, 7.0, 11.0]);
/// ```
#[track_caller]
pub fn vmap<'a, F, M>(f: F) -> F::Mapped<'a>
where
    F: VmapFn<M> + 'a,
{
    f.mapped(VmapKw {
        applied_at: Some(AppliedAt::here("vmap")),
        ..VmapKw::default()
    })
}

/// `jax.vmap(f, in_axes=.., out_axes=.., axis_size=..)`: [`vmap`] with keywords set on a
/// [`VmapKw`].
///
/// # Panics
/// As [`vmap`]; also "vmap in_axes must be an int, None, or a tuple of entries
/// corresponding to the positional arguments passed to the function, but got
/// len(in_axes)=1, len(args)=2" and "at vmap out_axes, got axis spec None but output was
/// batched on axis 0".
///
/// # Examples
/// ```
/// use jaxrs_core::api::vmap_with;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// // Add one bias vector to each column of `x`.
/// let x = jnp::array([[1.0, 2.0], [3.0, 4.0]]);
/// let b = jnp::array([10.0, 20.0]);
/// let f = vmap_with(|col: &Array, b: &Array| col + b, |kw| kw.in_axes((1, None)).out_axes(1));
/// assert_eq!(f(&x, &b).to_vec::<f32>(), vec![11.0, 12.0, 23.0, 24.0]);
/// ```
#[track_caller]
pub fn vmap_with<'a, F, M>(f: F, kw: impl FnOnce(VmapKw) -> VmapKw) -> F::Mapped<'a>
where
    F: VmapFn<M> + 'a,
{
    f.mapped(VmapKw {
        applied_at: Some(AppliedAt::here("vmap")),
        ..kw(VmapKw::default())
    })
}

/// The entries of `spec` for `n` arguments or results.
fn resolve(spec: &AxesSpec, n: usize) -> Option<Vec<Option<isize>>> {
    match spec {
        AxesSpec::All(a) => Some(vec![*a; n]),
        AxesSpec::Each(v) if v.len() == n => Some(v.clone()),
        AxesSpec::Each(_) => None,
    }
}

fn canonical(axis: isize, ndim: usize) -> Option<usize> {
    let a = if axis < 0 { axis + ndim as isize } else { axis };
    (a >= 0 && (a as usize) < ndim).then_some(a as usize)
}

/// `api._mapped_axis_size`: the one size of the mapped axes, or JAX's message.
fn mapped_axis_size(
    args: &[Array],
    in_axes: &[Option<isize>],
    axis_size: Option<usize>,
) -> Result<usize, String> {
    let mut mapped: Vec<Option<usize>> = Vec::new();
    for (x, a) in args.iter().zip(in_axes) {
        match a {
            None => mapped.push(None),
            Some(a) => match canonical(*a, x.ndim()) {
                Some(c) => mapped.push(Some(x.shape()[c])),
                None => {
                    let min_rank = if *a >= 0 { a + 1 } else { -a };
                    return Err(format!(
                        "vmap was requested to map its argument along axis {a}, which \
                         implies that its rank should be at least {min_rank}, but is only {} \
                         (its shape is {})",
                        x.ndim(),
                        crate::shape::py_tuple(x.shape())
                    ));
                }
            },
        }
    }
    let mut sizes: Vec<usize> = mapped.iter().flatten().copied().collect();
    sizes.extend(axis_size);
    let mut distinct = sizes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    match distinct.len() {
        1 => return Ok(distinct[0]),
        0 => {
            return Err(
                "vmap must have at least one non-None value in in_axes or axis_size \
                        must be specified"
                    .to_string(),
            )
        }
        _ => {}
    }
    // Counts by size, most common first (ties in order of first appearance, as
    // `Counter.most_common`).
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for s in mapped.iter().flatten() {
        match counts.iter_mut().find(|(z, _)| z == s) {
            Some((_, c)) => *c += 1,
            None => counts.push((*s, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let describe = |size: usize| {
        let i = mapped.iter().position(|m| *m == Some(size)).expect("seen");
        let x = &args[i];
        let dims: Vec<String> = x.shape().iter().map(|d| d.to_string()).collect();
        (
            in_axes[i].expect("mapped"),
            format!("args[{i}] of type {}[{}]", x.dtype(), dims.join(",")),
        )
    };
    let mut msg = String::from("vmap got inconsistent sizes for array axes to be mapped:\n");
    if let Some(s) = axis_size {
        msg.push_str(&format!("  * the `axis_size` argument was {s};\n"));
    }
    for (k, (sz, ct)) in counts.iter().enumerate() {
        let (ax, ex) = describe(*sz);
        if *ct == 1 {
            msg.push_str(&format!("  * one axis had size {sz}: axis {ax} of {ex};\n"));
        } else if k == 0 {
            msg.push_str(&format!(
                "  * most axes ({ct} of them) had size {sz}, e.g. axis {ax} of {ex};\n"
            ));
        } else {
            msg.push_str(&format!(
                "  * some axes ({ct} of them) had size {sz}, e.g. axis {ax} of {ex};\n"
            ));
        }
    }
    msg.truncate(msg.len() - 2);
    Err(msg)
}

/// Runs `f` on `args` mapped along `kw`'s `in_axes` and returns its results with their
/// mapped axes at `kw`'s `out_axes`. `single` says the function returns one array (whose
/// `out_axes` path JAX prints empty, rather than `[0]`).
pub(crate) fn vmap_call(
    f: &dyn Fn(&[Array]) -> Vec<Array>,
    args: &[Array],
    kw: &VmapKw,
    single: bool,
) -> Vec<Array> {
    let fail = |msg: String| -> ! {
        match &kw.applied_at {
            Some(at) => at.fail(&msg),
            None => panic!("{msg}"),
        }
    };
    let Some(in_axes) = resolve(&kw.in_axes, args.len()) else {
        let AxesSpec::Each(v) = &kw.in_axes else {
            unreachable!("one entry fits any arity")
        };
        fail(format!(
            "vmap in_axes must be an int, None, or a tuple of entries corresponding to the \
             positional arguments passed to the function, but got len(in_axes)={}, \
             len(args)={}",
            v.len(),
            args.len()
        ));
    };
    let size = mapped_axis_size(args, &in_axes, kw.axis_size).unwrap_or_else(|m| fail(m));
    let dims: Vec<BDim> = args
        .iter()
        .zip(&in_axes)
        .map(|(x, a)| a.and_then(|a| canonical(a, x.ndim())))
        .collect();
    let parent = current_trace();
    let trace = BatchTrace::new(parent.clone(), size);
    let tracers: Vec<Array> = args
        .iter()
        .zip(&dims)
        .map(|(x, d)| trace.pack(x.clone(), *d))
        .collect();
    let outs = with_trace(trace.clone() as TraceRef, || f(&tracers));
    let Some(out_axes) = resolve(&kw.out_axes, outs.len()) else {
        fail(format!(
            "vmap out_axes specification must be a tree prefix of the corresponding value, \
             got specification {:?} for value tree with {} leaves.",
            kw.out_axes,
            outs.len()
        ));
    };
    with_trace(parent, || {
        outs.iter()
            .zip(&out_axes)
            .enumerate()
            .map(|(i, (o, dst))| {
                let (val, src) = trace.unpack(o);
                let dst = dst.map(|d| {
                    let nd = val.ndim() + usize::from(src.is_none());
                    canonical(d, nd).unwrap_or_else(|| {
                        fail(format!(
                            "axis {d} is out of bounds for array of dimension {nd}"
                        ))
                    })
                });
                matchaxis(size, src, dst, &val).unwrap_or_else(|s| {
                    let path = if single {
                        String::new()
                    } else {
                        format!("[{i}]")
                    };
                    fail(format!(
                        "at vmap out_axes{path}, got axis spec None but output was batched on \
                         axis {s}"
                    ))
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_specs_resolve() {
        assert_eq!((0, None).into_axes(), AxesSpec::Each(vec![Some(0), None]));
        assert_eq!(None.into_axes(), AxesSpec::All(None));
        assert_eq!(resolve(&AxesSpec::All(Some(1)), 2), Some(vec![Some(1); 2]));
        assert_eq!(resolve(&AxesSpec::Each(vec![None]), 2), None);
    }

    #[test]
    fn canonical_axes() {
        assert_eq!(canonical(-1, 3), Some(2));
        assert_eq!(canonical(3, 3), None);
        assert_eq!(canonical(-4, 3), None);
    }
}
