//! `jit`: one cache per function from signature (argument avals plus static values) to a
//! compiled executable, so that a second call with the same signature neither traces nor
//! compiles.
//!
//! JAX counterpart: `jax/_src/pjit.py` (the C++ fast path `PjitFunction` compares the call's
//! signature with cached ones; `_infer_params` traces on a miss), `jax/_src/interpreters/
//! pxla.py` (`_cached_compilation`), `jax/_src/config.py` (`jax_log_compiles`,
//! `jax_explain_cache_misses`, `no_tracing`).
//!
//! `#[jit]` (the `jaxrs-macros` crate) expands a function into a call of [`JitCache::call`]
//! on a `static` cache of its own; [`jit`] gives a closure the same cache.
//!
//! What a call does:
//! - under another trace (`make_jaxpr`, `jvp`, an enclosing `#[jit]` being traced) it traces
//!   the body and binds one `jit[name=f jaxpr={ .. }]` equation, as JAX does;
//! - eagerly, it compares the signature with the last one that ran (no hashing, no
//!   allocation), then with every cached one, and on a miss traces and compiles once even
//!   when several threads miss at the same time (single flight), then runs the executable.

use std::any::Any;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::ThreadId;
use std::time::Instant;

use crate::api::{bind_jit, trace_to_jaxpr, ArrayFn, TraceOutput};
use crate::array::{Array, Concrete};
use crate::aval::Aval;
use crate::backend::{self, Executable};
use crate::jaxpr::{Atom, ClosedJaxpr};
use crate::primitive::Primitive;
use crate::trace::{current_trace, with_user_source, TraceId};

/// A static argument's value as the cache keeps it: compared, hashed, cloned and printed
/// (for miss explanations) through a trait object.
///
/// Implemented for every `Hash + Eq + Clone + Debug + Send + Sync + 'static` type: the
/// bounds of JAX's `static_argnums` (hashable) plus what a cache shared by threads and its
/// explanations need.
pub trait StaticKey: Any + Send + Sync {
    /// Equality with another key (false when the types differ).
    fn eq_key(&self, other: &dyn StaticKey) -> bool;
    /// Feeds the value to `state`.
    fn hash_key(&self, state: &mut dyn Hasher);
    /// An owned copy, for the cache.
    fn clone_key(&self) -> Box<dyn StaticKey>;
    /// The value as `{:?}` prints it.
    fn fmt_key(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// Upcast, for [`StaticKey::eq_key`].
    fn as_any(&self) -> &dyn Any;
}

impl<T: Hash + Eq + Clone + fmt::Debug + Send + Sync + 'static> StaticKey for T {
    fn eq_key(&self, other: &dyn StaticKey) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
    fn hash_key(&self, mut state: &mut dyn Hasher) {
        self.hash(&mut state);
    }
    fn clone_key(&self) -> Box<dyn StaticKey> {
        Box::new(self.clone())
    }
    fn fmt_key(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct ShowKey<'a>(&'a dyn StaticKey);

impl fmt::Display for ShowKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_key(f)
    }
}

/// An argument of a jitted call: borrowed (`&Array` parameters) or donated (`Array`
/// parameters, whose buffer the executable may reuse for an output).
pub enum JitArg<'a> {
    /// A `&Array` argument.
    Borrowed(&'a Array),
    /// An `Array` passed by value.
    Donated(Array),
}

impl<'a> JitArg<'a> {
    fn array(&self) -> &Array {
        match self {
            JitArg::Borrowed(a) => a,
            JitArg::Donated(a) => a,
        }
    }

    /// The argument as an executable takes it: a borrowed array's value where it lies (an
    /// eager call's arguments are concrete), a donated one's buffer without a copy when
    /// nothing else holds it.
    fn into_arg(self) -> Cow<'a, Concrete> {
        match self {
            JitArg::Borrowed(a) => match a.as_concrete() {
                Some(c) => Cow::Borrowed(c),
                None => Cow::Owned(a.to_concrete("a jit argument")),
            },
            JitArg::Donated(a) => Cow::Owned(a.into_concrete("a jit argument")),
        }
    }
}

/// Counters of one jitted function, as [`jit_stats`] returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JitStats {
    /// How many times the body was traced (eager misses plus calls under another trace).
    pub traces: u64,
    /// How many executables were compiled (one per eager miss).
    pub compiles: u64,
    /// Eager calls served by a cached executable.
    pub hits: u64,
    /// Eager calls that traced and compiled a new signature.
    pub misses: u64,
    /// Why each miss after the first happened (the most recent 32), e.g.
    /// "argument `x`: now `f32[4]`, before `f32[3]`".
    pub miss_explanations: Vec<String>,
}

/// One compiled signature.
struct Entry {
    hash: u64,
    avals: Vec<Aval>,
    statics: Vec<Box<dyn StaticKey>>,
    executable: Arc<dyn Executable>,
}

impl Entry {
    fn matches(&self, args: &[JitArg<'_>], statics: &[&dyn StaticKey]) -> bool {
        self.avals.len() == args.len()
            && self.statics.len() == statics.len()
            && self
                .avals
                .iter()
                .zip(args)
                .all(|(a, x)| a == x.array().aval())
            && self.statics.iter().zip(statics).all(|(s, t)| s.eq_key(*t))
    }
}

const MAX_EXPLANATIONS: usize = 32;

/// The cache of one jitted function. `#[jit]` puts one in a `static` of each function.
pub struct JitCache {
    name: &'static str,
    arg_names: &'static [&'static str],
    static_names: &'static [&'static str],
    last: Mutex<Option<Arc<Entry>>>,
    entries: RwLock<Vec<Arc<Entry>>>,
    /// The thread tracing a new signature right now, if any (single flight).
    tracer_thread: Mutex<Option<ThreadId>>,
    traced: Condvar,
    traces: AtomicU64,
    compiles: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
    explanations: Mutex<Vec<String>>,
    registered: std::sync::Once,
}

/// Caches of `#[jit]` functions by the name of their function item's type
/// (`std::any::type_name`), for [`jit_stats`].
static REGISTRY: RwLock<Option<HashMap<String, &'static JitCache>>> = RwLock::new(None);

/// A function's path without generic arguments (`m::Foo<_>::f` and `m::Foo<i32>::f` are
/// both `m::Foo::f`): the static cache of a generic function serves every instance.
fn item_path(type_name: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(type_name.len());
    for c in type_name.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The key a static argument adds to the cache, checked for the bounds a key needs; each
/// missing bound is its own compile error naming the parameter's type.
pub fn static_arg<T: StaticHash + StaticEq + StaticClone + StaticDebug + StaticThreadSafe>(
    value: &T,
) -> &dyn StaticKey {
    value
}

/// A copy of a static argument for the staged body, which may consume it (the body runs
/// once per trace, the caller keeps the original).
pub fn static_clone<T: StaticClone>(value: &T) -> T {
    value.clone()
}

/// `Hash`, as a static argument needs it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a static argument of a `#[jit]` function: it does not implement `Hash`",
    label = "a static parameter (any but `&Array` and `Array`) is part of the cache key",
    note = "derive or implement `Hash`, or pass the value as an array"
)]
pub trait StaticHash: Hash {}
impl<T: Hash> StaticHash for T {}

/// `Eq`, as a static argument needs it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a static argument of a `#[jit]` function: it does not implement `Eq`",
    label = "a static parameter (any but `&Array` and `Array`) is part of the cache key",
    note = "derive or implement `PartialEq` and `Eq` (floats are not `Eq`: pass them as arrays or wrap their bits)"
)]
pub trait StaticEq: Eq {}
impl<T: Eq> StaticEq for T {}

/// `Clone`, as a static argument needs it (the cache keeps a copy).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a static argument of a `#[jit]` function: it does not implement `Clone`",
    label = "a static parameter (any but `&Array` and `Array`) is cloned into the cache key",
    note = "derive or implement `Clone`"
)]
pub trait StaticClone: Clone {}
impl<T: Clone> StaticClone for T {}

/// `Debug`, as a static argument needs it (miss explanations print it).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a static argument of a `#[jit]` function: it does not implement `Debug`",
    label = "a static parameter (any but `&Array` and `Array`) is printed when a cache miss is explained",
    note = "derive or implement `Debug`"
)]
pub trait StaticDebug: fmt::Debug {}
impl<T: fmt::Debug> StaticDebug for T {}

/// `Send + Sync + 'static`, as a static argument needs it (the cache is shared by threads).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a static argument of a `#[jit]` function: it is not `Send + Sync + 'static`",
    label = "a static parameter (any but `&Array` and `Array`) is kept in a cache shared by threads",
    note = "use an owned, thread-safe type"
)]
pub trait StaticThreadSafe: Send + Sync + 'static {}
impl<T: Send + Sync + 'static> StaticThreadSafe for T {}

thread_local! {
    static NO_TRACING: Cell<u32> = const { Cell::new(0) };
    /// The trace `make_jaxpr` is running on this thread, and how many jitted functions
    /// were called directly in it (see [`make_jaxpr_trace`]).
    static MAKE_JAXPR_TOP: Cell<Option<(TraceId, u32)>> = const { Cell::new(None) };
    /// The jitted functions being traced on this thread, innermost last, with the trace
    /// each runs in: error messages name the function and its arguments.
    static TRACING: std::cell::RefCell<Vec<Tracing>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl JitCache {
    /// An empty cache for the function `name` whose traced parameters are `arg_names` and
    /// whose static parameters are `static_names`, in order (type parameters, which are
    /// part of the key too, are named in angle brackets: `<T>`).
    pub const fn new(
        name: &'static str,
        arg_names: &'static [&'static str],
        static_names: &'static [&'static str],
    ) -> JitCache {
        JitCache {
            name,
            arg_names,
            static_names,
            last: Mutex::new(None),
            entries: RwLock::new(Vec::new()),
            tracer_thread: Mutex::new(None),
            traced: Condvar::new(),
            traces: AtomicU64::new(0),
            compiles: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            explanations: Mutex::new(Vec::new()),
            registered: std::sync::Once::new(),
        }
    }

    /// The counters so far.
    pub fn stats(&self) -> JitStats {
        JitStats {
            traces: self.traces.load(Ordering::Relaxed),
            compiles: self.compiles.load(Ordering::Relaxed),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            miss_explanations: lock(&self.explanations).clone(),
        }
    }

    /// Makes this cache the one [`jit_stats`] finds for the function whose body holds an
    /// item named `marker` (`std::any::type_name_of_val` of a `fn __jit_marker() {}`
    /// nested in it: `my_crate::f::__jit_marker`).
    pub fn register(&'static self, marker: &'static str) {
        self.registered.call_once(|| {
            let name = item_path(marker.rsplit_once("::").map_or(marker, |(f, _)| f));
            let mut r = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
            r.get_or_insert_with(HashMap::new).insert(name, self);
        });
    }

    /// Calls the jitted function: `args` are its traced arguments, `statics` its static
    /// ones, `body` the staged body over tracers of `args`.
    ///
    /// # Panics
    /// Inside [`no_tracing`] when the call must trace (JAX's message); with whatever the
    /// body panics with while tracing.
    #[track_caller]
    pub fn call<R: TraceOutput>(
        &self,
        args: Vec<JitArg<'_>>,
        statics: &[&dyn StaticKey],
        body: &dyn Fn(&[Array]) -> R,
    ) -> R {
        let source = Location::caller();
        let eager = current_trace().parent().is_none()
            && args.iter().all(|a| a.array().as_concrete().is_some());
        if !eager {
            return R::from_arrays(self.call_traced(args, body, source));
        }
        let entry = self.lookup(&args, statics, body, source);
        let outs = entry
            .executable
            .run_args(args.into_iter().map(JitArg::into_arg).collect());
        R::from_arrays(outs.into_iter().map(Array::from_concrete).collect())
    }

    /// Under another trace: trace the body there and bind it as one `jit` equation.
    fn call_traced<R: TraceOutput>(
        &self,
        args: Vec<JitArg<'_>>,
        body: &dyn Fn(&[Array]) -> R,
        source: &'static Location<'static>,
    ) -> Vec<Array> {
        // Only a function of `&Array` parameters can be given to `make_jaxpr` itself.
        let takes_arrays_only = args.iter().all(|a| matches!(a, JitArg::Borrowed(_)))
            && self.static_names.iter().all(|n| n.starts_with('<'));
        let args: Vec<Array> = args.iter().map(|a| a.array().clone()).collect();
        let avals: Vec<Aval> = args.iter().map(|a| a.aval().clone()).collect();
        self.check_tracing_allowed(source);
        self.traces.fetch_add(1, Ordering::Relaxed);
        let closed = trace_to_jaxpr(&avals, |a| self.traced_body(body, a, source));
        let here = current_trace().id();
        MAKE_JAXPR_TOP.with(|t| {
            if let Some((id, n)) = t.get() {
                if id == here && takes_arrays_only {
                    t.set(Some((id, n + 1)));
                }
            }
        });
        with_user_source(source, || bind_jit(self.name, closed, &args, false))
    }

    /// The cached entry for this signature, tracing and compiling it if there is none.
    fn lookup<R: TraceOutput>(
        &self,
        args: &[JitArg<'_>],
        statics: &[&dyn StaticKey],
        body: &dyn Fn(&[Array]) -> R,
        source: &'static Location<'static>,
    ) -> Arc<Entry> {
        // The fast path: most calls repeat the previous signature.
        if let Some(e) = lock(&self.last).as_ref() {
            if e.matches(args, statics) {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return e.clone();
            }
        }
        let hash = signature_hash(args, statics);
        loop {
            if let Some(e) = self.find(hash, args, statics) {
                self.hits.fetch_add(1, Ordering::Relaxed);
                *lock(&self.last) = Some(e.clone());
                return e;
            }
            let me = std::thread::current().id();
            let mut owner = lock(&self.tracer_thread);
            match *owner {
                // Another thread is tracing: wait for it, then look again.
                Some(t) if t != me => {
                    let _unused = self.traced.wait(owner).unwrap_or_else(|e| e.into_inner());
                    continue;
                }
                // This thread traces: a body that calls its own function eagerly again
                // re-enters here and must not wait for itself.
                Some(_) => {
                    drop(owner);
                    return self.trace_and_compile(hash, args, statics, body, source);
                }
                None => {
                    *owner = Some(me);
                    drop(owner);
                    let _release = Release(self);
                    // A racing thread may have finished between `find` and taking the lock.
                    if let Some(e) = self.find(hash, args, statics) {
                        self.hits.fetch_add(1, Ordering::Relaxed);
                        return e;
                    }
                    return self.trace_and_compile(hash, args, statics, body, source);
                }
            }
        }
    }

    fn find(
        &self,
        hash: u64,
        args: &[JitArg<'_>],
        statics: &[&dyn StaticKey],
    ) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|e| e.hash == hash && e.matches(args, statics))
            .cloned()
    }

    fn trace_and_compile<R: TraceOutput>(
        &self,
        hash: u64,
        args: &[JitArg<'_>],
        statics: &[&dyn StaticKey],
        body: &dyn Fn(&[Array]) -> R,
        source: &'static Location<'static>,
    ) -> Arc<Entry> {
        self.check_tracing_allowed(source);
        let avals: Vec<Aval> = args.iter().map(|a| a.array().aval().clone()).collect();
        if let Some(explanation) = self.explain_miss(&avals, statics) {
            log::warn!(target: "jaxrs::jit", "{explanation}");
            let mut ex = lock(&self.explanations);
            if ex.len() >= MAX_EXPLANATIONS {
                ex.remove(0);
            }
            ex.push(explanation);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        self.traces.fetch_add(1, Ordering::Relaxed);
        let start = Instant::now();
        let closed = trace_to_jaxpr(&avals, |a| self.traced_body(body, a, source));
        let traced = start.elapsed();
        let executable = backend::compile(Arc::new(closed));
        self.compiles.fetch_add(1, Ordering::Relaxed);
        let compiled = start.elapsed() - traced;
        log::info!(
            target: "jaxrs::jit",
            "Finished tracing + compiling {} for signature {} in {:.6} sec (tracing {:.6} sec, compiling {:.6} sec)",
            self.name,
            self.describe(&avals, statics),
            (traced + compiled).as_secs_f64(),
            traced.as_secs_f64(),
            compiled.as_secs_f64(),
        );
        let entry = Arc::new(Entry {
            hash,
            avals,
            statics: statics.iter().map(|s| s.clone_key()).collect(),
            executable,
        });
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry.clone());
        *lock(&self.last) = Some(entry.clone());
        entry
    }

    #[track_caller]
    fn check_tracing_allowed(&self, source: &'static Location<'static>) {
        if NO_TRACING.with(Cell::get) > 0 {
            panic!(
                "re-tracing function {} at {}:{} for `jit`, but 'no_tracing' is set",
                self.name,
                source.file(),
                source.line()
            );
        }
    }

    /// `(x: f32[3], n = 2)`: the signature as logs print it.
    fn describe(&self, avals: &[Aval], statics: &[&dyn StaticKey]) -> String {
        let mut parts: Vec<String> = avals
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{}: {}", self.arg_name(i), show_aval(a)))
            .collect();
        parts.extend(
            statics
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{} = {}", self.static_name(i), ShowKey(*s))),
        );
        format!("({})", parts.join(", "))
    }

    /// Why this signature missed, against the last one that ran; `None` on the first call.
    fn explain_miss(&self, avals: &[Aval], statics: &[&dyn StaticKey]) -> Option<String> {
        let last = lock(&self.last).clone()?;
        let mut reasons = Vec::new();
        for (i, (now, before)) in avals.iter().zip(&last.avals).enumerate() {
            if now != before {
                reasons.push(format!(
                    "argument `{}`: now {}, before {}",
                    self.arg_name(i),
                    show_aval(now),
                    show_aval(before)
                ));
            }
        }
        for (i, (now, before)) in statics.iter().zip(&last.statics).enumerate() {
            if !before.eq_key(*now) {
                reasons.push(format!(
                    "static argument `{}` changed: {} → {}",
                    self.static_name(i),
                    ShowKey(before.as_ref()),
                    ShowKey(*now)
                ));
            }
        }
        if reasons.is_empty() {
            reasons.push("a signature seen before but not the last one".to_string());
        }
        Some(format!(
            "TRACING CACHE MISS at {} ({} signatures cached): {}",
            self.name,
            self.entries.read().map_or(0, |e| e.len()),
            reasons.join("; ")
        ))
    }

    fn arg_name(&self, i: usize) -> &str {
        self.arg_names.get(i).copied().unwrap_or("?")
    }

    fn static_name(&self, i: usize) -> &str {
        self.static_names.get(i).copied().unwrap_or("?")
    }
}

/// A jitted function being traced: its name, where it is defined, its argument names.
type Tracing = (
    TraceId,
    &'static str,
    &'static Location<'static>,
    &'static [&'static str],
);

/// The jitted function whose trace is `trace`, if one is being traced on this thread: its
/// name, where it was written and the names of its traced arguments.
pub fn tracing_function(
    trace: TraceId,
) -> Option<(
    &'static str,
    &'static Location<'static>,
    &'static [&'static str],
)> {
    TRACING.with(|t| {
        t.borrow()
            .iter()
            .rev()
            .find(|e| e.0 == trace)
            .map(|e| (e.1, e.2, e.3))
    })
}

impl JitCache {
    /// Runs the body (inside `trace_to_jaxpr`) with this function recorded as the one
    /// being traced.
    fn traced_body<R: TraceOutput>(
        &self,
        body: &dyn Fn(&[Array]) -> R,
        args: &[Array],
        source: &'static Location<'static>,
    ) -> Vec<Array> {
        struct Pop;
        impl Drop for Pop {
            fn drop(&mut self) {
                TRACING.with(|t| t.borrow_mut().pop());
            }
        }
        let entry = (current_trace().id(), self.name, source, self.arg_names);
        TRACING.with(|t| t.borrow_mut().push(entry));
        let _pop = Pop;
        body(args).into_arrays()
    }
}

/// Clears the tracing thread's claim when tracing ends, also by a panic.
struct Release<'a>(&'a JitCache);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        *lock(&self.0.tracer_thread) = None;
        self.0.traced.notify_all();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `f32[3]`, with JAX's `{weak_type=True}` when the dtype is weak.
fn show_aval(a: &Aval) -> String {
    if a.weak_type {
        format!("{a}{{weak_type=True}}")
    } else {
        a.to_string()
    }
}

fn signature_hash(args: &[JitArg<'_>], statics: &[&dyn StaticKey]) -> u64 {
    let mut h = DefaultHasher::new();
    for a in args {
        a.array().aval().hash(&mut h);
    }
    for s in statics {
        s.hash_key(&mut h);
    }
    h.finish()
}

/// The counters of a `#[jit]` function: `jit_stats(f)`, `jit_stats(Type::method)`.
///
/// A function that has not been called yet has all counters at zero. For a closure made
/// by [`jit`], use [`Jitted::stats`].
///
/// # Examples
/// ```
/// use jaxrs_core::api::jit::{jit_stats, JitArg, JitCache};
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// // What `#[jit] fn double(x: &Array) -> Array { x * 2.0 }` expands to, in short.
/// fn double(x: &Array) -> Array {
///     static CACHE: JitCache = JitCache::new("double", &["x"], &[]);
///     fn marker() {}
///     CACHE.register(std::any::type_name_of_val(&marker));
///     CACHE.call(vec![JitArg::Borrowed(x)], &[], &|a: &[Array]| &a[0] * 2.0)
/// }
/// let x = jnp::array([1.0, 2.0]);
/// double(&x);
/// double(&x);
/// let stats = jit_stats(double);
/// assert_eq!((stats.traces, stats.hits, stats.misses), (1, 1, 1));
/// ```
pub fn jit_stats<F>(f: F) -> JitStats {
    let _ = f;
    let name = item_path(std::any::type_name::<F>());
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    r.as_ref()
        .and_then(|m| m.get(&name))
        .map(|c| c.stats())
        .unwrap_or_default()
}

/// `jax.no_tracing()`: runs `f` with tracing of jitted functions forbidden on this thread,
/// so a test can assert that calls hit the cache.
///
/// # Panics
/// When a jitted function traces inside `f`: "re-tracing function f at src/lib.rs:12 for
/// \`jit\`, but 'no_tracing' is set" (JAX's `RuntimeError` text).
///
/// # Examples
/// ```should_panic
/// use jaxrs_core::api::jit::{jit, no_tracing};
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let f = jit(|x: &Array| x + 1.0);
/// f(&jnp::zeros([3]));
/// no_tracing(|| {
///     f(&jnp::zeros([3])); // a hit
///     f(&jnp::zeros([4])); // a new shape: panics
/// });
/// ```
pub fn no_tracing<R>(f: impl FnOnce() -> R) -> R {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            NO_TRACING.with(|n| n.set(n.get() - 1));
        }
    }
    NO_TRACING.with(|n| n.set(n.get() + 1));
    let _restore = Restore;
    f()
}

/// How [`make_jaxpr`](crate::api::make_jaxpr) traces a function: as
/// [`trace_to_jaxpr`], except that when the function is one call of a jitted function on
/// exactly its arguments, returning exactly its results, the jaxpr is that function's own
/// (the user decorated `f` and asks for `f`'s jaxpr). JAX would show one `jit` equation.
pub fn make_jaxpr_trace(in_avals: &[Aval], f: impl FnOnce(&[Array]) -> Vec<Array>) -> ClosedJaxpr {
    let mut direct_calls = 0;
    let closed = trace_to_jaxpr(in_avals, |args| {
        let outer = MAKE_JAXPR_TOP.with(|t| t.replace(Some((current_trace().id(), 0))));
        struct Restore(Option<(TraceId, u32)>);
        impl Drop for Restore {
            fn drop(&mut self) {
                MAKE_JAXPR_TOP.with(|t| t.set(self.0));
            }
        }
        let restore = Restore(outer);
        let outs = f(args);
        direct_calls = MAKE_JAXPR_TOP.with(|t| t.get()).map_or(0, |(_, n)| n);
        drop(restore);
        outs
    });
    if direct_calls == 1 {
        flatten_jit_call(closed)
    } else {
        closed
    }
}

/// The jaxpr of the one `jit` equation of `closed` when that equation takes exactly the
/// inputs and gives exactly the outputs; otherwise `closed`.
fn flatten_jit_call(closed: ClosedJaxpr) -> ClosedJaxpr {
    let j = &closed.jaxpr;
    let [eqn] = j.eqns.as_slice() else {
        return closed;
    };
    let Primitive::Jit { jaxpr, .. } = &eqn.primitive else {
        return closed;
    };
    let same_vars = |atoms: &[Atom], vars: &[crate::jaxpr::Var]| {
        atoms.len() == vars.len()
            && atoms
                .iter()
                .zip(vars)
                .all(|(a, v)| matches!(a, Atom::Var(w) if w.id == v.id))
    };
    let outs_are_outputs = j.outvars.len() == eqn.outputs.len()
        && j.outvars
            .iter()
            .zip(&eqn.outputs)
            .all(|(a, v)| matches!(a, Atom::Var(w) if w.id == v.id));
    if j.constvars.is_empty() && same_vars(&eqn.inputs, &j.invars) && outs_are_outputs {
        (**jaxpr).clone()
    } else {
        closed
    }
}

/// A closure compiled by [`jit`]: call it like the closure (`g(&x)`); [`Jitted::stats`]
/// gives its counters.
pub struct Jitted<F: ?Sized> {
    call: Box<F>,
    cache: Arc<JitCache>,
}

impl<F: ?Sized> std::ops::Deref for Jitted<F> {
    type Target = F;
    fn deref(&self) -> &F {
        &self.call
    }
}

impl<F: ?Sized> Jitted<F> {
    /// The counters of this jitted closure.
    pub fn stats(&self) -> JitStats {
        self.cache.stats()
    }
}

/// Functions and closures that [`jit`] accepts: those of [`ArrayFn`], by arity.
pub trait IntoJit<'a, M>: ArrayFn<M> + 'a {
    /// The callable `jit` returns.
    type Callable: ?Sized;
    /// Wraps `self` with the cache.
    fn into_jit(self, cache: Arc<JitCache>) -> Jitted<Self::Callable>;
}

macro_rules! into_jit {
    ($($arg:ident),+) => {
        impl<'a, F, R> IntoJit<'a, fn($(into_jit!(@ty $arg)),+) -> R> for F
        where
            F: Fn($(into_jit!(@ty $arg)),+) -> R + 'a,
            R: TraceOutput,
        {
            type Callable = dyn Fn($(into_jit!(@ty $arg)),+) -> R + 'a;
            fn into_jit(self, cache: Arc<JitCache>) -> Jitted<Self::Callable> {
                let c = cache.clone();
                let call = move |$($arg: &Array),+| -> R {
                    let body = |a: &[Array]| -> R {
                        <F as ArrayFn<fn($(into_jit!(@ty $arg)),+) -> R>>::call_with(&self, a)
                    };
                    c.call(vec![$(JitArg::Borrowed($arg)),+], &[], &body)
                };
                Jitted { call: Box::new(call), cache }
            }
        }
    };
    (@ty $t:ident) => {
        &Array
    };
}

into_jit!(a);
into_jit!(a, b);
into_jit!(a, b, c);
into_jit!(a, b, c, d);
into_jit!(a, b, c, d, e);
into_jit!(a, b, c, d, e, f);
into_jit!(a, b, c, d, e, f, g);
into_jit!(a, b, c, d, e, f, g, h);

/// `jax.jit(f)` for a closure (or a function): the result is called like `f` and caches one
/// executable per signature of its arguments. Arrays the closure captures become
/// constants of the compiled program; because the closure borrows them, the borrow checker
/// rejects changing a captured value while the jitted closure lives (the stale-global bug
/// of JAX's walkthrough cannot happen).
///
/// For functions, prefer the `#[jit]` attribute, which also handles static parameters.
///
/// # Examples
/// ```
/// use jaxrs_core::api::jit::jit;
/// use jaxrs_core::numpy as jnp;
/// use jaxrs_core::Array;
///
/// let a = jnp::array([1.0, 2.0, 3.0]);
/// let g = jit(|x: &Array| x * &a);
/// assert_eq!(g(&jnp::ones([3])).to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
/// assert_eq!(g(&jnp::ones([3])).to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
/// assert_eq!((g.stats().traces, g.stats().hits), (1, 1));
/// ```
pub fn jit<'a, F, M>(f: F) -> Jitted<F::Callable>
where
    F: IntoJit<'a, M>,
{
    const NAMES: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let cache = Arc::new(JitCache::new("<lambda>", &NAMES, &[]));
    f.into_jit(cache)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numpy as jnp;

    #[test]
    fn statics_compare_by_type_and_value() {
        let a: &dyn StaticKey = &2usize;
        assert!(a.eq_key(&2usize));
        assert!(!a.eq_key(&3usize));
        assert!(!a.eq_key(&2u32));
    }

    #[test]
    fn closure_cache_hits_and_misses() {
        let g = jit(|x: &Array| x * 2.0);
        assert_eq!(g(&jnp::ones([2])).to_vec::<f32>(), vec![2.0, 2.0]);
        g(&jnp::ones([2]));
        g(&jnp::ones([3]));
        let s = g.stats();
        assert_eq!((s.traces, s.compiles, s.hits, s.misses), (2, 2, 1, 2));
        assert_eq!(
            s.miss_explanations,
            vec![
                "TRACING CACHE MISS at <lambda> (1 signatures cached): argument `a`: now \
                  f32[3], before f32[2]"
                    .to_string()
            ]
        );
    }
}
