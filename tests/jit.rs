//! `#[jit]` and `jit(closure)`: caching (by shape, dtype, weak type and static value),
//! single flight, `no_tracing`, miss explanations, logging, nesting in other traces (jaxpr
//! text from JAX 0.10.2, `tools/golden/gen_jit.py`), methods, returns and donation.

use std::sync::{Arc, Barrier, Mutex};

use jaxrs::numpy as jnp;
use jaxrs::prelude::*;
use jaxrs::{jit_stats, no_tracing};
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("golden/jit.json")).expect("tests/golden/jit.json")
}

fn golden_text(name: &str) -> String {
    golden()["jaxprs"][name].as_str().expect(name).to_string()
}

fn golden_bits(name: &str) -> Vec<u32> {
    golden()["values_f32_bits"][name]
        .as_array()
        .expect(name)
        .iter()
        .map(|v| v.as_u64().expect("bits") as u32)
        .collect()
}

fn bits(a: &Array) -> Vec<u32> {
    a.to_vec::<f32>().iter().map(|v| v.to_bits()).collect()
}

fn seed_xy() -> (Array, Array) {
    let g = golden();
    let read = |k: &str| -> Array {
        let v: Vec<f32> = g[k]
            .as_array()
            .expect(k)
            .iter()
            .map(|b| f32::from_bits(b.as_u64().expect("bits") as u32))
            .collect();
        jnp::array(v)
    };
    (read("x"), read("y"))
}

#[jit]
fn f(x: &Array, y: &Array) -> Array {
    2 * x.powi(2) + y
}

#[jit]
fn g(x: &Array, y: &Array) -> Array {
    f(x, y) + f(y, x)
}

#[jit]
fn two(x: &Array, y: &Array) -> (Array, Array) {
    (x + y, x * y)
}

#[jit]
fn power(x: &Array, n: i32) -> Array {
    x.powi(n)
}

#[jit]
fn sin_x(x: &Array) -> Array {
    x.sin() * x
}

#[test]
fn values_are_jaxs_bits() {
    let (x, y) = seed_xy();
    assert_eq!(bits(&f(&x, &y)), golden_bits("f"));
    assert_eq!(bits(&g(&x, &y)), golden_bits("g"));
    let (s, p) = two(&x, &y);
    assert_eq!(bits(&s), golden_bits("two_sum"));
    assert_eq!(bits(&p), golden_bits("two_prod"));
    assert_eq!(bits(&power(&x, 3)), golden_bits("power3"));
    assert_eq!(bits(&sin_x(&x)), golden_bits("sin_x"));
}

#[test]
fn make_jaxpr_of_a_jit_function_prints_its_body() {
    let (x, y) = seed_xy();
    assert_eq!(make_jaxpr(f)(&x, &y).to_string(), golden_text("f_flat"));
    assert_eq!(make_jaxpr(g)(&x, &y).to_string(), golden_text("g_flat"));
}

#[test]
fn a_jit_function_inside_another_trace_is_one_jit_equation() {
    let (x, y) = seed_xy();
    let nested = make_jaxpr(|x: &Array, y: &Array| f(x, y) * 3.0)(&x, &y);
    assert_eq!(nested.to_string(), golden_text("f_nested"));
    let tuple = make_jaxpr(|x: &Array, y: &Array| two(x, y).1 - two(x, y).0)(&x, &y);
    assert_eq!(tuple.to_string(), golden_text("two_nested"));
    let stat = make_jaxpr(|x: &Array| power(x, 3) + 1.0)(&x);
    assert_eq!(stat.to_string(), golden_text("power_nested"));
    let under_jvp = make_jaxpr(|x: &Array, t: &Array| {
        let (p, d) = jvp(sin_x, (x,), (t,));
        vec![p, d]
    })(&x, &y);
    assert_eq!(under_jvp.to_string(), golden_text("jvp_nested"));
}

#[jit]
fn cached(x: &Array, y: &Array) -> Array {
    x * y + 1.0
}

#[test]
fn a_second_call_with_the_same_signature_does_not_trace() {
    let x = jnp::array([1.0, 2.0, 3.0]);
    let first = cached(&x, &x);
    let s = jit_stats(cached);
    assert_eq!((s.traces, s.compiles, s.hits, s.misses), (1, 1, 0, 1));
    let second = no_tracing(|| cached(&x, &x));
    assert_eq!(first.to_vec::<f32>(), vec![2.0, 5.0, 10.0]);
    assert_eq!(second.to_vec::<f32>(), first.to_vec::<f32>());
    let s = jit_stats(cached);
    assert_eq!((s.traces, s.compiles, s.hits, s.misses), (1, 1, 1, 1));
    assert!(s.miss_explanations.is_empty());
}

#[jit]
fn keyed(x: &Array) -> Array {
    x + 1
}

#[test]
fn a_new_shape_dtype_or_weak_type_traces_again() {
    // `jnp::array(2.0f32)` is weakly typed, as `jnp.array(2.0)` is in JAX.
    let strong_scalar = jaxrs_core::Array::from_vec(vec![2.0f32], vec![]);
    let calls = [
        jnp::array([1.0f32, 2.0, 3.0]),
        jnp::array([1.0f32, 2.0, 3.0]),
        jnp::array([1.0f32, 2.0, 3.0, 4.0]),
        jnp::array([1i32, 2, 3, 4]),
        strong_scalar.clone(),
        jnp::array(2.0f32),
        strong_scalar,
    ];
    assert!(calls[5].weak_type() && !calls[4].weak_type());
    for x in &calls {
        keyed(x);
    }
    let s = jit_stats(keyed);
    assert_eq!(
        (s.traces, s.compiles, s.misses, s.hits),
        (5, 5, 5, 2),
        "{s:?}"
    );
    let miss = |m: &str| format!("TRACING CACHE MISS at keyed {m}");
    assert_eq!(
        s.miss_explanations,
        vec![
            miss("(1 signatures cached): argument `x`: now f32[4], before f32[3]"),
            miss("(2 signatures cached): argument `x`: now i32[4], before f32[4]"),
            miss("(3 signatures cached): argument `x`: now f32[], before i32[4]"),
            miss("(4 signatures cached): argument `x`: now f32[]{weak_type=True}, before f32[]"),
        ]
    );
}

#[jit]
fn scaled(x: &Array, n: usize, label: &str) -> Array {
    let _ = label;
    x * (n as f64)
}

#[test]
fn a_new_static_value_traces_again_and_says_which() {
    let x = jnp::array([1.0, 2.0]);
    assert_eq!(scaled(&x, 2, "a").to_vec::<f32>(), vec![2.0, 4.0]);
    assert_eq!(scaled(&x, 2, "a").to_vec::<f32>(), vec![2.0, 4.0]);
    assert_eq!(scaled(&x, 3, "a").to_vec::<f32>(), vec![3.0, 6.0]);
    assert_eq!(scaled(&x, 3, "b").to_vec::<f32>(), vec![3.0, 6.0]);
    assert_eq!(scaled(&x, 2, "a").to_vec::<f32>(), vec![2.0, 4.0]);
    let s = jit_stats(scaled);
    assert_eq!((s.traces, s.hits, s.misses), (3, 2, 3));
    assert_eq!(
        s.miss_explanations,
        vec![
            "TRACING CACHE MISS at scaled (1 signatures cached): static argument `n` changed: \
             2 → 3"
                .to_string(),
            "TRACING CACHE MISS at scaled (2 signatures cached): static argument `label` \
             changed: \"a\" → \"b\""
                .to_string(),
        ]
    );
}

#[jit]
fn slow_to_trace(x: &Array) -> Array {
    let mut y = x.clone();
    for _ in 0..300 {
        y = y * 1.0001 + 0.5;
    }
    y
}

#[test]
fn eight_threads_racing_on_a_first_call_trace_once() {
    let barrier = Arc::new(Barrier::new(8));
    let results = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let barrier = barrier.clone();
            let results = results.clone();
            std::thread::spawn(move || {
                let x = jnp::array([1.0, 2.0]);
                barrier.wait();
                let y = slow_to_trace(&x);
                results.lock().unwrap().push(bits(&y));
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = jit_stats(slow_to_trace);
    assert_eq!((s.traces, s.compiles, s.misses, s.hits), (1, 1, 1, 7));
    let results = results.lock().unwrap();
    assert!(results.iter().all(|r| *r == results[0]));
}

#[jit]
fn retraced(x: &Array) -> Array {
    x - 1
}

#[test]
fn no_tracing_catches_a_retrace() {
    retraced(&jnp::zeros([2]));
    no_tracing(|| retraced(&jnp::zeros([2])));
    let err = std::panic::catch_unwind(|| no_tracing(|| retraced(&jnp::zeros([5]))))
        .expect_err("a new shape traces");
    let msg = err.downcast_ref::<String>().expect("a String panic");
    assert!(
        msg.starts_with("re-tracing function retraced at tests/jit.rs:")
            && msg.ends_with(" for `jit`, but 'no_tracing' is set"),
        "{msg}"
    );
}

#[test]
fn jit_of_a_closure_caches_and_captures_constants() {
    let a = jnp::array([1.0, 2.0, 3.0]);
    let h = jit(|x: &Array| x * &a + 1.0);
    assert_eq!(h(&jnp::ones([3])).to_vec::<f32>(), vec![2.0, 3.0, 4.0]);
    assert_eq!(
        no_tracing(|| h(&jnp::ones([3]))).to_vec::<f32>(),
        vec![2.0, 3.0, 4.0]
    );
    let s = h.stats();
    assert_eq!((s.traces, s.compiles, s.hits, s.misses), (1, 1, 1, 1));
}

struct Scale {
    factor: i32,
}

impl Scale {
    #[jit]
    fn apply(&self, x: &Array) -> Array {
        x * self.factor
    }

    #[jit]
    fn offset(x: &Array, by: i32) -> Array {
        x + by
    }
}

// Static `self` must be a cache key.
impl PartialEq for Scale {
    fn eq(&self, other: &Self) -> bool {
        self.factor == other.factor
    }
}
impl Eq for Scale {}
impl std::hash::Hash for Scale {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.factor.hash(state)
    }
}
impl Clone for Scale {
    fn clone(&self) -> Self {
        Scale {
            factor: self.factor,
        }
    }
}
impl std::fmt::Debug for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scale({})", self.factor)
    }
}

#[test]
fn methods_and_associated_functions() {
    let x = jnp::array([1.0, 2.0]);
    assert_eq!(
        Scale { factor: 3 }.apply(&x).to_vec::<f32>(),
        vec![3.0, 6.0]
    );
    assert_eq!(
        Scale { factor: 3 }.apply(&x).to_vec::<f32>(),
        vec![3.0, 6.0]
    );
    assert_eq!(
        Scale { factor: 4 }.apply(&x).to_vec::<f32>(),
        vec![4.0, 8.0]
    );
    let s = jit_stats(Scale::apply);
    assert_eq!((s.traces, s.hits), (2, 1));
    assert_eq!(
        s.miss_explanations,
        vec![
            "TRACING CACHE MISS at apply (1 signatures cached): static argument `self` \
              changed: Scale(3) → Scale(4)"
                .to_string()
        ]
    );
    assert_eq!(Scale::offset(&x, 1).to_vec::<f32>(), vec![2.0, 3.0]);
    assert_eq!(jit_stats(Scale::offset).traces, 1);
}

#[jit]
fn many(x: &Array) -> Vec<Array> {
    vec![x + 1, x * 2, -x]
}

#[jit]
fn donate(x: Array, y: &Array) -> Array {
    x + y
}

#[test]
fn vec_returns_and_donated_arguments() {
    let x = jnp::array([1.0, 2.0]);
    let outs = many(&x);
    let outs: Vec<Vec<f32>> = outs.iter().map(|a| a.to_vec::<f32>()).collect();
    assert_eq!(outs, vec![vec![2.0, 3.0], vec![2.0, 4.0], vec![-1.0, -2.0]]);
    let y = jnp::array([10.0, 20.0]);
    assert_eq!(donate(x.clone(), &y).to_vec::<f32>(), vec![11.0, 22.0]);
    assert_eq!(donate(x, &y).to_vec::<f32>(), vec![11.0, 22.0]);
    assert_eq!(jit_stats(donate).hits, 1);
}

#[jit]
fn generic_scale<T>(x: &Array, by: T) -> Array
where
    T: jaxrs_core::dtype::Element + std::fmt::Debug + std::hash::Hash + Eq + Send + Sync + 'static,
{
    let _ = by;
    x.astype(T::DTYPE)
}

#[test]
fn generic_functions_key_on_their_type_arguments() {
    let x = jnp::array([1.5, 2.5]);
    assert_eq!(generic_scale(&x, 1i32).dtype(), DType::I32);
    assert_eq!(generic_scale(&x, 1u8).dtype(), DType::U8);
    assert_eq!(jit_stats(generic_scale::<i32>).traces, 2);
}

#[jit]
fn user_line(x: &Array) -> Array {
    let y = x.sin();
    y * 2.0
}

#[test]
fn staged_equations_record_the_users_lines() {
    let j = make_jaxpr(user_line)(&jnp::zeros([2]));
    let lines: Vec<u32> = j.jaxpr.eqns.iter().map(|e| e.source.line()).collect();
    let file = j.jaxpr.eqns[0].source.file();
    assert_eq!(file, "tests/jit.rs");
    let src = include_str!("jit.rs");
    let line_of =
        |needle: &str| src.lines().position(|l| l.contains(needle)).expect(needle) as u32 + 1;
    assert_eq!(
        lines,
        vec![line_of("let y = x.sin();"), line_of("    y * 2.0")]
    );
}

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        if record.target() == "jaxrs::jit" {
            self.0.lock().unwrap().push(format!("{}", record.args()));
        }
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

#[jit]
fn logged_fn(x: &Array, n: u32) -> Array {
    x.powi(n as i32)
}

#[test]
fn each_trace_is_logged_with_name_signature_and_time() {
    let _ = log::set_logger(&LOGS);
    log::set_max_level(log::LevelFilter::Info);
    logged_fn(&jnp::zeros([3]), 2);
    logged_fn(&jnp::zeros([3]), 2);
    logged_fn(&jnp::zeros([3]), 3);
    let logs: Vec<String> = LOGS
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("logged_fn"))
        .cloned()
        .collect();
    assert_eq!(logs.len(), 3, "{logs:?}");
    assert!(
        logs[0].starts_with(
            "Finished tracing + compiling logged_fn for signature (x: f32[3], n = 2) in "
        ),
        "{}",
        logs[0]
    );
    assert_eq!(
        logs[1],
        "TRACING CACHE MISS at logged_fn (1 signatures cached): static argument `n` changed: 2 → 3"
    );
    assert!(logs[2].contains("(x: f32[3], n = 3)"), "{}", logs[2]);
}

#[jit]
fn reads_a_value(x: &Array, y: &Array) -> Array {
    let scale = (y * 2.0).item::<f32>();
    x * scale as f64
}

#[jit]
fn branches(x: &Array, y: &Array) -> Array {
    if jnp::greater(&(x + y), 0).item::<bool>() {
        x.clone()
    } else {
        -x
    }
}

#[test]
fn a_traced_value_where_rust_needs_one_names_the_argument() {
    let def = |needle: &str| {
        include_str!("jit.rs")
            .lines()
            .position(|l| l.contains(needle))
            .expect(needle)
            + 1
    };
    let scalar = jnp::array(2.0f32);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        reads_a_value(&scalar, &scalar)
    }))
    .expect_err("traced");
    let msg = err
        .downcast_ref::<String>()
        .expect("a String panic")
        .clone();
    assert_eq!(
        msg.lines().take(3).collect::<Vec<_>>(),
        [
            "ConcretizationTypeError: Abstract tracer value encountered where concrete value \
             is expected: traced array with shape float32[]",
            "This occurred in the item() method of jaxrs::Array",
            format!(
                "The error occurred while tracing the function reads_a_value at tests/jit.rs:{} \
                 for jit. This concrete value was not available in Rust because it depends on \
                 the value of the argument y.",
                def("fn reads_a_value")
            )
            .as_str(),
        ]
    );
    assert!(msg.contains("or make the argument static"), "{msg}");
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| branches(&scalar, &scalar)))
        .expect_err("traced");
    let msg = err
        .downcast_ref::<String>()
        .expect("a String panic")
        .clone();
    assert_eq!(
        msg.lines().take(2).collect::<Vec<_>>(),
        [
            "TracerBoolConversionError: Attempted boolean conversion of traced array with shape \
             bool[].",
            format!(
                "The error occurred while tracing the function branches at tests/jit.rs:{} for \
                 jit. This concrete value was not available in Rust because it depends on the \
                 values of the arguments x and y.",
                def("fn branches")
            )
            .as_str(),
        ]
    );
    assert!(msg.ends_with(
        "See https://docs.jax.dev/en/latest/errors.html#jax.errors.TracerBoolConversionError"
    ));
}

#[jit]
fn printer(x: &Array, y: &Array) -> Array {
    jaxrs::debug_print!("no args");
    jaxrs::debug_print!("x = {} and y = {}", x, y);
    let z = x * 2;
    jaxrs::debug_print!("{1} {0}", z, y);
    z + y
}

fn golden_lines(name: &str) -> Vec<String> {
    golden()["debug_prints"][name]
        .as_array()
        .expect(name)
        .iter()
        .map(|l| l.as_str().expect("a line").to_string())
        .collect()
}

#[test]
fn debug_print_is_an_equation_that_prints_on_every_call() {
    let (x, y) = seed_xy();
    let (y0, x1) = (y.i(0), x.i(1));
    let (jaxpr, at_trace) = jaxrs::capture_debug_prints(|| make_jaxpr(printer)(&x, &y0));
    assert_eq!(jaxpr.to_string(), golden_text("printer_flat"));
    assert!(at_trace.is_empty(), "tracing printed {at_trace:?}");
    let (_, first) = jaxrs::capture_debug_prints(|| printer(&x, &y0));
    assert_eq!(first, golden_lines("printer_first"));
    let (_, second) = jaxrs::capture_debug_prints(|| no_tracing(|| printer(&y, &x1)));
    assert_eq!(second, golden_lines("printer_second"));
    assert_eq!(jit_stats(printer).compiles, 1);
}
