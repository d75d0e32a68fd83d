//! Printing jaxprs exactly as JAX 0.10.2 prints them.
//!
//! JAX counterpart: `jax/_src/core.py` (`pp_toplevel_jaxpr`, `pp_jaxpr_skeleton`, `pp_eqn`,
//! `pp_vars`, `pp_kv_pairs`, `JaxprPpContext`), `jax/_src/pretty_printer.py` (the
//! Wadler/Lindig layout engine: a group prints flat when its own text fits the rest of the
//! line at width 80), and each primitive's `pp_eqn_rules` entry (parameters JAX hides).
//!
//! Names are handed out lazily, in the order the document is built: binders of the outer
//! jaxpr first, then the left-hand side of each equation before its parameters (so a nested
//! jaxpr's fresh names follow its call site's result), then its operands. A `jit` call
//! suggests its operands' and results' names to the nested jaxpr's binders, as JAX does.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use super::{Atom, ClosedJaxpr, Eqn, Jaxpr, Var};
use crate::aval::Aval;
use crate::dtype::{DType, Scalar};
use crate::primitive::{GatherScatterMode, Primitive, RoundingMethod, ScatterKind};
use crate::shape::py_tuple;

/// Line width JAX formats jaxprs to.
const WIDTH: usize = 80;

// ---------------------------------------------------------------------------------------
// The layout engine.

/// A pretty-printer document.
enum Doc {
    Text(String),
    Concat(Vec<Doc>),
    /// Prints as its text in a flat group, as a newline plus indentation otherwise.
    Brk(&'static str),
    Group(Box<Doc>),
    Nest(usize, Box<Doc>),
}

fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

fn nil() -> Doc {
    Doc::Concat(Vec::new())
}

fn concat(docs: Vec<Doc>) -> Doc {
    Doc::Concat(docs)
}

fn group(d: Doc) -> Doc {
    Doc::Group(Box::new(d))
}

fn nest(n: usize, d: Doc) -> Doc {
    Doc::Nest(n, Box::new(d))
}

fn join(sep: impl Fn() -> Doc, docs: Vec<Doc>) -> Doc {
    let mut out = Vec::with_capacity(docs.len() * 2);
    for (i, d) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push(sep());
        }
        out.push(d);
    }
    concat(out)
}

#[derive(Copy, Clone, PartialEq)]
enum Mode {
    Flat,
    Break,
}

/// Whether `doc`, printed flat, fits in `width` columns. Only the group itself counts, not
/// what follows it (JAX deliberately departs from Lindig's paper here).
fn fits(doc: &Doc, width: isize) -> bool {
    let mut width = width;
    let mut agenda = vec![doc];
    while width >= 0 {
        let Some(d) = agenda.pop() else { break };
        match d {
            Doc::Text(s) => width -= s.chars().count() as isize,
            Doc::Brk(s) => width -= s.len() as isize,
            Doc::Concat(ds) => agenda.extend(ds.iter().rev()),
            Doc::Group(c) | Doc::Nest(_, c) => agenda.push(c),
        }
    }
    width >= 0
}

fn format(doc: &Doc, width: usize) -> String {
    let mut out = String::new();
    let mut k = 0usize;
    let mut agenda = vec![(0usize, Mode::Break, doc)];
    while let Some((i, m, d)) = agenda.pop() {
        match d {
            Doc::Text(s) => {
                out.push_str(s);
                k += s.chars().count();
            }
            Doc::Concat(ds) => agenda.extend(ds.iter().rev().map(|c| (i, m, c))),
            Doc::Brk(s) => {
                if m == Mode::Break {
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', i));
                    k = i;
                } else {
                    out.push_str(s);
                    k += s.len();
                }
            }
            Doc::Nest(n, c) => agenda.push((i + n, m, c)),
            Doc::Group(c) => {
                let mode = if fits(c, width as isize - k as isize) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                agenda.push((i, mode, c));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Values as Python prints them.

/// Python's `repr` of a float: the shortest digits that round-trip, in fixed notation for
/// exponents in `-4..16` and scientific (`1e+20`, `1e-05`) otherwise.
pub(crate) fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

/// Python's `str` of a scalar of `dtype`, as `np.asarray(v).item()` prints.
fn py_scalar(s: Scalar, dtype: DType) -> String {
    match s {
        Scalar::Bool(b) => if b { "True" } else { "False" }.into(),
        Scalar::Int(i) if dtype == DType::Bool => if i != 0 { "True" } else { "False" }.into(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => py_float_repr(f),
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// A Python list of integers: `[1, 2]`.
fn py_list(xs: &[usize]) -> String {
    let items: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
    format!("[{}]", items.join(", "))
}

// ---------------------------------------------------------------------------------------
// Nested jaxprs.

/// A jaxpr that an equation's parameters hold: borrowed from a `jit` call, or one of the
/// per-dtype combiner jaxprs that a scatter's `update_jaxpr` shows.
enum Nested<'a> {
    Borrowed(&'a Jaxpr),
    Shared(Arc<Jaxpr>),
}

impl Nested<'_> {
    fn jaxpr(&self) -> &Jaxpr {
        match self {
            Nested::Borrowed(j) => j,
            Nested::Shared(j) => j,
        }
    }

    /// Identity, as JAX's `Counter[Jaxpr]` sees it.
    fn key(&self) -> usize {
        self.jaxpr() as *const Jaxpr as usize
    }
}

thread_local! {
    /// JAX builds a scatter's combiner jaxpr once per (computation, dtype) (an
    /// `lru_cache`), so two `scatter-add`s of one dtype share it; so do we.
    static COMBINERS: RefCell<HashMap<(&'static str, DType), Arc<Jaxpr>>> =
        RefCell::new(HashMap::new());
}

/// `{ lambda ; a:T[] b:T[]. let c:T[] = op a b in (c,) }`, the combiner of a scatter.
fn combiner_jaxpr(kind: ScatterKind, dtype: DType) -> Option<Arc<Jaxpr>> {
    let (name, prim) = match kind {
        ScatterKind::Set => return None,
        ScatterKind::Add => ("add", Primitive::Add),
        ScatterKind::Mul => ("mul", Primitive::Mul),
        ScatterKind::Min => ("min", Primitive::Min),
        ScatterKind::Max => ("max", Primitive::Max),
    };
    Some(COMBINERS.with(|c| {
        c.borrow_mut()
            .entry((name, dtype))
            .or_insert_with(|| {
                let aval = Aval::new(Vec::new(), dtype);
                let x = Var::fresh(aval.clone());
                let y = Var::fresh(aval.clone());
                let z = Var::fresh(aval);
                Arc::new(Jaxpr {
                    constvars: Vec::new(),
                    invars: vec![x.clone(), y.clone()],
                    eqns: vec![Eqn {
                        primitive: prim,
                        inputs: vec![Atom::Var(x), Atom::Var(y)],
                        outputs: vec![z.clone()],
                        source: std::panic::Location::caller(),
                    }],
                    outvars: vec![Atom::Var(z)],
                })
            })
            .clone()
    }))
}

/// The jaxprs an equation holds in its parameters.
fn nested_jaxprs(eqn: &Eqn) -> Vec<Nested<'_>> {
    match &eqn.primitive {
        Primitive::Jit { jaxpr, .. } => vec![Nested::Borrowed(&jaxpr.jaxpr)],
        Primitive::CustomJvpCall { call_jaxpr, .. }
        | Primitive::CustomVjpCall { call_jaxpr, .. } => {
            vec![Nested::Borrowed(&call_jaxpr.jaxpr)]
        }
        Primitive::Scatter { kind, .. } => combiner_jaxpr(*kind, eqn.inputs[0].aval().dtype)
            .map(Nested::Shared)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Naming context.

struct Context {
    names: HashMap<usize, String>,
    next: usize,
    /// Nested jaxprs printed once at the top, by identity.
    shared: HashMap<usize, String>,
    shared_names: HashSet<String>,
}

/// `a`, ..., `z`, `ba`, `bb`, ...: base-26 digits written as letters.
fn alphabetic(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

impl Context {
    fn name(&mut self, v: &Var) -> String {
        if let Some(n) = self.names.get(&v.id) {
            return n.clone();
        }
        let name = loop {
            let candidate = alphabetic(self.next);
            self.next += 1;
            if !self.shared_names.contains(&candidate) {
                break candidate;
            }
        };
        self.names.insert(v.id, name.clone());
        name
    }

    /// Names each unnamed binder in `for_vars` after the variable at the same position of
    /// `like` (JAX's `suggest_same_var_names`), so a nested jaxpr reads like its call.
    fn suggest(&mut self, for_vars: &[Option<&Var>], like: &[Option<&Var>]) {
        if for_vars.len() != like.len() {
            return;
        }
        let mut used = HashSet::new();
        for (f, l) in for_vars.iter().zip(like) {
            let (Some(f), Some(l)) = (f, l) else { continue };
            if used.contains(&l.id) || self.names.contains_key(&f.id) {
                continue;
            }
            used.insert(l.id);
            let name = self.name(l);
            self.names.insert(f.id, name);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Documents of jaxprs.

enum VarRef<'a> {
    Var(&'a Var),
    Atom(&'a Atom),
}

fn pp_atom(a: &VarRef<'_>, cx: &mut Context, print_shapes: bool) -> Doc {
    let (name, aval) = match *a {
        VarRef::Var(v) | VarRef::Atom(Atom::Var(v)) => (cx.name(v), &v.aval),
        VarRef::Atom(Atom::Literal(x)) => {
            let c = x.as_concrete().expect("a literal is concrete");
            let val = if c.shape().is_empty() {
                py_scalar(c.data().get(0), c.aval().dtype)
            } else {
                "[...]".to_string()
            };
            return text(format!("{val}:{}", c.aval()));
        }
    };
    if print_shapes {
        text(format!("{name}:{aval}"))
    } else {
        text(name)
    }
}

fn pp_vars(vs: Vec<VarRef<'_>>, cx: &mut Context, sep: &'static str, print_shapes: bool) -> Doc {
    let items: Vec<Doc> = vs.iter().map(|v| pp_atom(v, cx, print_shapes)).collect();
    nest(
        2,
        group(join(
            || concat(vec![text(sep), group(Doc::Brk(" "))]),
            items,
        )),
    )
}

/// The variables among `atoms` (`None` for literals).
fn atom_vars(atoms: &[Atom]) -> Vec<Option<&Var>> {
    atoms
        .iter()
        .map(|a| match a {
            Atom::Var(v) => Some(v),
            Atom::Literal(_) => None,
        })
        .collect()
}

fn binders(vs: &[Var]) -> Vec<VarRef<'_>> {
    vs.iter().map(VarRef::Var).collect()
}

fn atoms(vs: &[Atom]) -> Vec<VarRef<'_>> {
    vs.iter().map(VarRef::Atom).collect()
}

/// A parameter's printed value.
enum Param<'a> {
    Text(String),
    Jaxpr(Nested<'a>),
    NoJaxpr,
}

fn pp_kv_pairs(pairs: Vec<(&'static str, Param<'_>)>, cx: &mut Context) -> Doc {
    if pairs.is_empty() {
        return nil();
    }
    let mut items = Vec::new();
    for (k, v) in pairs {
        let value = match v {
            Param::Text(s) => text(s),
            Param::NoJaxpr => text("None"),
            Param::Jaxpr(j) => pp_nested(&j, cx),
        };
        items.push(concat(vec![text(format!("{k}=")), value]));
    }
    group(concat(vec![
        nest(
            2,
            concat(vec![text("["), Doc::Brk(""), join(|| Doc::Brk(" "), items)]),
        ),
        Doc::Brk(""),
        text("]"),
    ]))
}

fn pp_nested(j: &Nested<'_>, cx: &mut Context) -> Doc {
    match cx.shared.get(&j.key()) {
        Some(name) => text(name.clone()),
        None => pp_skeleton(j.jaxpr(), cx),
    }
}

fn pp_eqn(eqn: &Eqn, cx: &mut Context) -> Doc {
    if let Primitive::Jit { jaxpr, .. } = &eqn.primitive {
        let inner = &jaxpr.jaxpr;
        if !cx.shared.contains_key(&(inner as *const Jaxpr as usize)) {
            let invars: Vec<Option<&Var>> = inner.invars.iter().map(Some).collect();
            cx.suggest(&invars, &atom_vars(&eqn.inputs));
            let outputs: Vec<Option<&Var>> = eqn.outputs.iter().map(Some).collect();
            cx.suggest(&atom_vars(&inner.outvars), &outputs);
        }
    }
    let lhs = pp_vars(binders(&eqn.outputs), cx, "", true);
    let params = pp_kv_pairs(params(eqn), cx);
    let rhs = vec![
        text(eqn.primitive.name()),
        params,
        concat(vec![text(" "), pp_vars(atoms(&eqn.inputs), cx, "", false)]),
    ];
    if eqn.outputs.is_empty() {
        concat(rhs)
    } else {
        let mut all = vec![lhs, text(" = ")];
        all.extend(rhs);
        concat(all)
    }
}

fn pp_skeleton(j: &Jaxpr, cx: &mut Context) -> Doc {
    let constvars = pp_vars(binders(&j.constvars), cx, "", true);
    let invars = pp_vars(binders(&j.invars), cx, "", true);
    let eqns: Vec<Doc> = j.eqns.iter().map(|e| pp_eqn(e, cx)).collect();
    let eqns = join(|| Doc::Brk("; "), eqns);
    let outvars = concat(vec![
        text("("),
        pp_vars(atoms(&j.outvars), cx, ",", false),
        text(if j.outvars.len() == 1 { ",)" } else { ")" }),
    ]);
    // The closing brace is inside the group: a jaxpr stays on one line only if it fits
    // with its brace.
    group(concat(vec![
        nest(
            2,
            concat(vec![
                text("{ lambda "),
                constvars,
                text("; "),
                invars,
                text(". let"),
                nest(2, concat(vec![Doc::Brk(" "), eqns])),
                Doc::Brk(" "),
                text("in "),
                outvars,
            ]),
        ),
        text(" }"),
    ]))
}

/// Names `_` for results no later equation or output reads (JAX's `_dropvars`, applied
/// to the top-level jaxpr only).
fn dropvars(j: &Jaxpr) -> HashMap<usize, String> {
    let mut names = HashMap::new();
    let mut used: HashSet<usize> = j
        .outvars
        .iter()
        .filter_map(|a| match a {
            Atom::Var(v) => Some(v.id),
            Atom::Literal(_) => None,
        })
        .collect();
    for eqn in j.eqns.iter().rev() {
        for v in &eqn.outputs {
            if !used.contains(&v.id) {
                names.insert(v.id, "_".to_string());
            }
        }
        for a in &eqn.inputs {
            if let Atom::Var(v) = a {
                used.insert(v.id);
            }
        }
    }
    names
}

fn pp_toplevel(top: &Jaxpr) -> String {
    // Count each nested jaxpr by identity, breadth first as JAX does; one used twice, or
    // one with more than ten equations, is printed once before the top-level jaxpr.
    let mut order: Vec<(usize, Nested<'_>)> = Vec::new();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut names: HashMap<usize, String> = HashMap::new();
    let top_key = top as *const Jaxpr as usize;
    let mut queue: VecDeque<Nested<'_>> = VecDeque::from([Nested::Borrowed(top)]);
    while let Some(j) = queue.pop_front() {
        let key = j.key();
        let extra = usize::from(key != top_key && j.jaxpr().eqns.len() > 10);
        let count = counts.entry(key).or_insert(0);
        *count += 1 + extra;
        let eqns: Vec<&Eqn> = match &j {
            Nested::Borrowed(b) => b.eqns.iter().collect(),
            Nested::Shared(_) => Vec::new(),
        };
        // A combiner jaxpr has no nested jaxprs of its own.
        for eqn in eqns {
            let name = match &eqn.primitive {
                Primitive::Jit { name, .. } => Some(name.trim_matches(|c| c == '<' || c == '>')),
                _ => None,
            };
            for sub in nested_jaxprs(eqn) {
                if let Some(name) = name {
                    names.entry(sub.key()).or_insert_with(|| name.to_string());
                }
                queue.push_back(sub);
            }
        }
        if !order.iter().any(|(k, _)| *k == key) {
            order.push((key, j));
        }
    }
    let mut cx = Context {
        names: dropvars(top),
        next: 0,
        shared: HashMap::new(),
        shared_names: HashSet::new(),
    };
    let mut name_counts: HashMap<String, usize> = HashMap::new();
    let mut shared = Vec::new();
    for (key, j) in &order {
        if counts[key] == 1 {
            continue;
        }
        let mut name = names
            .get(key)
            .cloned()
            .unwrap_or_else(|| "jaxpr".to_string());
        let count = *name_counts.get(&name).unwrap_or(&0);
        if count > 0 {
            *name_counts.entry(name.clone()).or_insert(0) += 1;
            name = format!("{name}{count}");
        }
        *name_counts.entry(name.clone()).or_insert(0) += 1;
        cx.shared_names.insert(name.clone());
        cx.shared.insert(*key, name.clone());
        shared.push((name, j));
    }
    let mut docs = Vec::new();
    for (name, j) in shared {
        let skeleton = pp_skeleton(j.jaxpr(), &mut cx);
        docs.push(concat(vec![
            text(format!("let {name} = ")),
            skeleton,
            text(" in"),
            Doc::Brk(" "),
        ]));
    }
    docs.push(pp_skeleton(top, &mut cx));
    format(&concat(docs), WIDTH)
}

impl fmt::Display for Jaxpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&pp_toplevel(self))
    }
}

impl fmt::Display for ClosedJaxpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&pp_toplevel(&self.jaxpr))
    }
}

// ---------------------------------------------------------------------------------------
// Parameters, as each primitive's JAX printing rule shows them (sorted by name; defaults
// that JAX hides are left out).

/// An integer parameter as JAX prints it: NumPy integers (from `jnp` helpers that compute
/// parameters with NumPy) show as `np.int64(3)`.
fn np_int(v: i64, numpy: bool) -> String {
    if numpy {
        format!("np.int64({v})")
    } else {
        v.to_string()
    }
}

/// An axis tuple parameter, with the entries that JAX holds as NumPy integers (see
/// [`super::numpy_ints`]) shown as `np.int64(1)`.
fn axis_tuple(eqn: &Eqn, axes: &[usize]) -> String {
    axis_tuple_from(&numpy_flags(eqn), 0, axes)
}

/// The NumPy-integer flags filed for `eqn` (empty when none are).
fn numpy_flags(eqn: &Eqn) -> Vec<bool> {
    eqn.outputs
        .first()
        .and_then(|v| super::numpy_ints::lookup(v.id))
        .unwrap_or_default()
}

/// `axes` as a tuple, entry `i` flagged by `flags[offset + i]` (for dimension numbers,
/// whose fields share one list of flags, in field order).
fn axis_tuple_from(flags: &[bool], offset: usize, axes: &[usize]) -> String {
    let items: Vec<String> = axes
        .iter()
        .enumerate()
        .map(|(i, &a)| np_int(a as i64, flags.get(offset + i).copied().unwrap_or(false)))
        .collect();
    py_tuple(&items)
}

/// Dimension-number fields as tuples, sharing `eqn`'s flags in field order.
fn dnums_tuples(eqn: &Eqn, fields: [&[usize]; 5]) -> [String; 5] {
    let flags = numpy_flags(eqn);
    let mut offset = 0;
    fields.map(|f| {
        let s = axis_tuple_from(&flags, offset, f);
        offset += f.len();
        s
    })
}

fn t(s: impl Into<String>) -> Param<'static> {
    Param::Text(s.into())
}

fn mode_name(m: GatherScatterMode) -> &'static str {
    match m {
        GatherScatterMode::Clip => "GatherScatterMode.CLIP",
        GatherScatterMode::FillOrDrop => "GatherScatterMode.FILL_OR_DROP",
        GatherScatterMode::PromiseInBounds => "GatherScatterMode.PROMISE_IN_BOUNDS",
    }
}

/// NumPy's default print options, as `debug_print` records them.
const NP_PRINTOPTIONS: &str = "(('edgeitems', 3), ('threshold', 1000), ('floatmode', 'maxprec'), \
     ('precision', 8), ('suppress', False), ('linewidth', 75), ('nanstr', 'nan'), \
     ('infstr', 'inf'), ('sign', '-'), ('formatter', None), ('legacy', False), \
     ('override_repr', None))";

fn params(eqn: &Eqn) -> Vec<(&'static str, Param<'_>)> {
    use Primitive::*;
    match &eqn.primitive {
        Neg | Sign | Floor | Ceil | IsFinite | Exp | Exp2 | Log | Log1p | Expm1 | Tanh
        | Logistic | Sin | Cos | Tan | Asin | Acos | Atan | Sinh | Cosh | Asinh | Acosh | Atanh
        | Sqrt | Rsqrt | Cbrt | Abs | Not | Erf | Erfc | ErfInv | Lgamma | Digamma | Square
        | Add | AddAny | Sub | Mul | Div | Rem | Pow | Max | Min | Atan2 | Nextafter | Eq | Ne
        | Lt | Le | Gt | Ge | And | Or | Xor | ShiftLeft | ShiftRightLogical
        | ShiftRightArithmetic | SelectN | Clamp | Copy | StopGradient | DynamicUpdateSlice
        | Threefry2x32 | RandomUnwrap | RandomFoldIn => Vec::new(),
        // A compiled program's YNNPACK function prints as its name alone.
        Ynn { .. } => Vec::new(),
        RandomSeed | RandomWrap => vec![("impl", t("fry"))],
        RandomSplit { shape } => vec![("shape", t(py_tuple(shape)))],
        RandomBits { bit_width, shape } => vec![
            ("bit_width", t(bit_width.to_string())),
            ("shape", t(py_tuple(shape))),
        ],
        Round { rounding_method } => vec![(
            "rounding_method",
            t(match rounding_method {
                RoundingMethod::AwayFromZero => "0",
                RoundingMethod::ToNearestEven => "1",
            }),
        )],
        IntegerPow { y } => vec![("y", t(y.to_string()))],
        ConvertElementType {
            new_dtype,
            weak_type,
        } => vec![
            ("new_dtype", t(new_dtype.name())),
            ("weak_type", t(py_bool(*weak_type))),
        ],
        BitcastConvertType { new_dtype } => vec![("new_dtype", t(new_dtype.name()))],
        ReduceSum { axes } => vec![
            ("axes", t(axis_tuple(eqn, axes))),
            ("out_sharding", t("None")),
        ],
        ReduceProd { axes }
        | ReduceMax { axes }
        | ReduceMin { axes }
        | ReduceAnd { axes }
        | ReduceOr { axes } => vec![("axes", t(axis_tuple(eqn, axes)))],
        Argmax { axes, index_dtype } | Argmin { axes, index_dtype } => vec![
            ("axes", t(axis_tuple(eqn, axes))),
            ("index_dtype", t(index_dtype.name())),
        ],
        Cumsum { axis, reverse }
        | Cumprod { axis, reverse }
        | Cummax { axis, reverse }
        | Cummin { axis, reverse } => vec![
            ("axis", t(axis.to_string())),
            ("reverse", t(py_bool(*reverse))),
        ],
        BroadcastInDim {
            broadcast_dimensions,
            ..
        } => {
            if broadcast_dimensions.is_empty() {
                Vec::new()
            } else {
                vec![(
                    "broadcast_dimensions",
                    t(axis_tuple(eqn, broadcast_dimensions)),
                )]
            }
        }
        Reshape { new_sizes } => vec![
            ("dimensions", t("None")),
            ("new_sizes", t(py_tuple(new_sizes))),
            ("sharding", t("None")),
        ],
        Transpose { permutation } => vec![("permutation", t(py_tuple(permutation)))],
        Squeeze { dimensions } | Rev { dimensions } => {
            vec![("dimensions", t(py_tuple(dimensions)))]
        }
        Concatenate { dimension } => vec![("dimension", t(dimension.to_string()))],
        // Not a JAX primitive (JAX's `jnp.stack` concatenates reshaped operands).
        Stack { axis } => vec![("axis", t(axis.to_string()))],
        Pad { padding_config } => {
            let flags = numpy_flags(eqn);
            let flag = |k: usize| flags.get(k).copied().unwrap_or(false);
            let items: Vec<String> = padding_config
                .iter()
                .enumerate()
                .map(|(axis, &(l, h, i))| {
                    let [nl, nh, ni] = [0, 1, 2].map(|j| flag(3 * axis + j));
                    format!("({}, {}, {})", np_int(l, nl), np_int(h, nh), np_int(i, ni))
                })
                .collect();
            vec![("padding_config", t(py_tuple(&items)))]
        }
        Tile { reps } => vec![("reps", t(py_tuple(reps)))],
        Unstack { axis } => vec![("axis", t(axis.to_string()))],
        Split { axis, sizes } => vec![
            ("axis", t(axis.to_string())),
            ("sizes", t(axis_tuple(eqn, sizes))),
        ],
        Slice {
            start_indices,
            limit_indices,
            strides,
        } => {
            let flags = numpy_flags(eqn);
            let n = start_indices.len();
            vec![
                (
                    "limit_indices",
                    t(axis_tuple_from(&flags, n, limit_indices)),
                ),
                (
                    "start_indices",
                    t(axis_tuple_from(&flags, 0, start_indices)),
                ),
                (
                    "strides",
                    t(strides
                        .as_ref()
                        .map_or("None".to_string(), |s| axis_tuple_from(&flags, 2 * n, s))),
                ),
            ]
        }
        DynamicSlice { slice_sizes } => vec![("slice_sizes", t(py_tuple(slice_sizes)))],
        Gather {
            dimension_numbers: d,
            slice_sizes,
            indices_are_sorted,
            unique_indices,
            mode,
            fill_value,
        } => vec![
            ("dimension_numbers", {
                let [o, c, s, ob, sb] = dnums_tuples(
                    eqn,
                    [
                        &d.offset_dims,
                        &d.collapsed_slice_dims,
                        &d.start_index_map,
                        &d.operand_batching_dims,
                        &d.start_indices_batching_dims,
                    ],
                );
                t(format!(
                    "GatherDimensionNumbers(offset_dims={o}, collapsed_slice_dims={c}, \
                     start_index_map={s}, operand_batching_dims={ob}, \
                     start_indices_batching_dims={sb})"
                ))
            }),
            (
                "fill_value",
                t(fill_value.map_or("None".to_string(), |v| match v {
                    Scalar::Bool(b) => py_bool(b).to_string(),
                    Scalar::Int(i) => i.to_string(),
                    Scalar::Float(f) => py_float_repr(f),
                })),
            ),
            ("indices_are_sorted", t(py_bool(*indices_are_sorted))),
            ("mode", t(mode_name(*mode))),
            ("slice_sizes", t(py_tuple(slice_sizes))),
            ("unique_indices", t(py_bool(*unique_indices))),
        ],
        Scatter {
            dimension_numbers: d,
            indices_are_sorted,
            unique_indices,
            mode,
            ..
        } => {
            let update = match nested_jaxprs(eqn).pop() {
                Some(j) => Param::Jaxpr(j),
                None => Param::NoJaxpr,
            };
            vec![
                ("dimension_numbers", {
                    let [u, i, s, ob, sb] = dnums_tuples(
                        eqn,
                        [
                            &d.update_window_dims,
                            &d.inserted_window_dims,
                            &d.scatter_dims_to_operand_dims,
                            &d.operand_batching_dims,
                            &d.scatter_indices_batching_dims,
                        ],
                    );
                    t(format!(
                        "ScatterDimensionNumbers(update_window_dims={u}, \
                         inserted_window_dims={i}, scatter_dims_to_operand_dims={s}, \
                         operand_batching_dims={ob}, scatter_indices_batching_dims={sb})"
                    ))
                }),
                ("indices_are_sorted", t(py_bool(*indices_are_sorted))),
                ("mode", t(mode_name(*mode))),
                ("unique_indices", t(py_bool(*unique_indices))),
                ("update_consts", t("()")),
                ("update_jaxpr", update),
            ]
        }
        Iota {
            dtype,
            shape,
            dimension,
        } => vec![
            ("dimension", t(dimension.to_string())),
            ("dtype", t(dtype.name())),
            ("shape", t(py_tuple(shape))),
            ("sharding", t("None")),
        ],
        Sort {
            dimension,
            is_stable,
            num_keys,
        } => vec![
            ("dimension", t(dimension.to_string())),
            ("is_stable", t(py_bool(*is_stable))),
            ("num_keys", t(num_keys.to_string())),
        ],
        DotGeneral {
            dimension_numbers: ((lc, rc), (lb, rb)),
            preferred_element_type,
        } => {
            let mut v = vec![(
                "dimension_numbers",
                t(format!(
                    "(({}, {}), ({}, {}))",
                    py_list(lc),
                    py_list(rc),
                    py_list(lb),
                    py_list(rb)
                )),
            )];
            if let Some(p) = preferred_element_type {
                v.push(("preferred_element_type", t(p.name())));
            }
            v
        }
        DebugPrint { fmt } => {
            let leaves = vec!["*"; eqn.inputs.len()].join(", ");
            let leaves = if eqn.inputs.len() == 1 {
                "*,".to_string()
            } else {
                leaves
            };
            vec![
                ("fmt", t(fmt.clone())),
                (
                    "has_placeholders",
                    t(py_bool(crate::api::debug::has_placeholders(fmt))),
                ),
                ("in_tree", t(format!("PyTreeDef((({leaves}), {{}}))"))),
                ("logging_record", t("None")),
                ("np_printoptions", t(NP_PRINTOPTIONS)),
                ("ordered", t("False")),
                ("partitioned", t("False")),
                ("static_args", t("()")),
            ]
        }
        Jit { name, jaxpr, .. } => vec![
            ("name", t(name.clone())),
            ("jaxpr", Param::Jaxpr(Nested::Borrowed(&jaxpr.jaxpr))),
        ],
        CustomJvpCall {
            name,
            call_jaxpr,
            symbolic_zeros,
            jvp,
        } => vec![
            ("name", t(name.clone())),
            (
                "call_jaxpr",
                Param::Jaxpr(Nested::Borrowed(&call_jaxpr.jaxpr)),
            ),
            ("jvp", t(jvp.name.clone())),
            ("symbolic_zeros", t(py_bool(*symbolic_zeros))),
        ],
        CustomVjpCall {
            name,
            call_jaxpr,
            fwd,
            bwd,
            symbolic_zeros,
        } => vec![
            ("name", t(name.clone())),
            ("bwd", t(bwd.name.clone())),
            (
                "call_jaxpr",
                Param::Jaxpr(Nested::Borrowed(&call_jaxpr.jaxpr)),
            ),
            ("fwd", t(fwd.name.clone())),
            ("symbolic_zeros", t(py_bool(*symbolic_zeros))),
        ],
        CustomLin {
            num_res,
            bwd,
            in_zeros,
            symbolic_zeros,
            ..
        } => {
            let zeros: Vec<&str> = in_zeros.iter().map(|&z| py_bool(z)).collect();
            vec![
                ("bwd", t(bwd.name.clone())),
                ("in_zeros", t(format!("[{}]", zeros.join(", ")))),
                ("num_res", t(num_res.to_string())),
                ("symbolic_zeros", t(py_bool(*symbolic_zeros))),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        // Expected strings are Python's repr of the same f64 values.
        let cases = [
            (2.0, "2.0"),
            (0.1f32 as f64, "0.10000000149011612"),
            (1e-5f32 as f64, "9.999999747378752e-06"),
            (1e20f32 as f64, "1.0000000200408773e+20"),
            (1e16, "1e+16"),
            (123456789012345.0, "123456789012345.0"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (-1.5, "-1.5"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
        ];
        for (x, want) in cases {
            assert_eq!(py_float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn names_go_past_z() {
        assert_eq!(alphabetic(0), "a");
        assert_eq!(alphabetic(25), "z");
        assert_eq!(alphabetic(26), "ba");
        assert_eq!(alphabetic(27), "bb");
    }
}
