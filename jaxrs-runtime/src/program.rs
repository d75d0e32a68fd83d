//! The run step: a compiled [`Program`] of slots and steps, executed on the calling
//! thread, each step's kernel spreading over cores itself when it is large
//! ([`crate::parallel`]).
//!
//! JAX counterpart: XLA:CPU's `CpuExecutable::ExecuteThunks`.

use std::borrow::Cow;

use jaxrs_core::array::Concrete;
use jaxrs_core::aval::Aval;
use jaxrs_core::buffer::Buffer;
use jaxrs_core::primitive::Primitive;

use smallvec::smallvec;

use crate::{exec, pool};

/// An equation operand: a slot or a literal.
#[derive(Clone, Debug)]
pub enum Operand {
    /// The value in a slot.
    Slot(usize),
    /// A literal scalar.
    Literal(Concrete),
}

/// One equation of a program.
#[derive(Clone, Debug)]
pub struct Step {
    /// What it computes.
    pub primitive: Primitive,
    /// Its operands.
    pub inputs: Vec<Operand>,
    /// The slots of its results.
    pub outputs: Vec<usize>,
    /// The avals of its results.
    pub out_avals: Vec<Aval>,
    /// Slots whose last reader this step is, freed after it.
    pub free: Vec<usize>,
}

/// A compiled program (see [`crate::passes::memory::plan_memory`]).
#[derive(Clone, Debug)]
pub struct Program {
    /// Values of slots `0..consts.len()`.
    pub consts: Vec<Concrete>,
    /// Arguments fill the next `n_args` slots.
    pub n_args: usize,
    /// The equations, in order.
    pub steps: Vec<Step>,
    /// The results.
    pub outputs: Vec<Operand>,
    /// Number of slots.
    pub n_slots: usize,
}

/// A slot's value: an argument or result owned by the run, or a borrowed one (constants,
/// arguments the caller keeps).
type Value<'a> = Option<Cow<'a, Concrete>>;

/// Takes the buffer out of a concrete value (its aval is dropped).
fn into_buffer(mut c: Concrete) -> Buffer {
    std::mem::replace(c.data_mut(), Buffer::Bool(Vec::new()))
}

/// Programs of up to this many slots keep them on the stack: a call then allocates only
/// its results' elements and avals.
const STACK_SLOTS: usize = 8;

impl Program {
    /// Runs the program on `args` (one per argument slot, owned or borrowed).
    ///
    /// # Panics
    /// If the number of arguments is not the program's.
    pub fn run<'a>(&'a self, args: Vec<Cow<'a, Concrete>>) -> Vec<Concrete> {
        self.run_iter(args.into_iter())
    }

    /// [`Program::run`] on arguments from an iterator (borrowed ones need no vector).
    ///
    /// # Panics
    /// If the number of arguments is not the program's.
    pub fn run_iter<'a>(
        &'a self,
        args: impl ExactSizeIterator<Item = Cow<'a, Concrete>>,
    ) -> Vec<Concrete> {
        assert_eq!(args.len(), self.n_args, "compiled program: argument count");
        if self.n_slots <= STACK_SLOTS {
            let mut env: [Value<'a>; STACK_SLOTS] = Default::default();
            self.run_in(&mut env[..self.n_slots], args)
        } else {
            let mut env: Vec<Value<'a>> = vec![None; self.n_slots];
            self.run_in(&mut env, args)
        }
    }

    /// Runs the steps with `env` (all empty, one per slot) holding the values.
    fn run_in<'a>(
        &'a self,
        env: &mut [Value<'a>],
        args: impl Iterator<Item = Cow<'a, Concrete>>,
    ) -> Vec<Concrete> {
        let values = self.consts.iter().map(Cow::Borrowed).chain(args);
        for (slot, v) in env.iter_mut().zip(values) {
            *slot = Some(v);
        }
        for step in &self.steps {
            let bufs = match self.moved(step, env) {
                Some(b) => smallvec![b],
                None => {
                    let env: &[Value<'_>] = env;
                    exec::execute_small(
                        &step.primitive,
                        step.inputs.iter().map(|o| match o {
                            Operand::Slot(s) => env[*s].as_deref().expect("a live slot"),
                            Operand::Literal(c) => c,
                        }),
                        step.inputs.len(),
                        &step.out_avals,
                    )
                }
            };
            for ((&s, b), aval) in step.outputs.iter().zip(bufs).zip(&step.out_avals) {
                env[s] = Some(Cow::Owned(Concrete::new(aval.clone(), b)));
            }
            for &s in &step.free {
                if let Some(Cow::Owned(c)) = env[s].take() {
                    pool::give(into_buffer(c));
                }
            }
        }
        let mut results = Vec::with_capacity(self.outputs.len());
        for (i, o) in self.outputs.iter().enumerate() {
            results.push(match o {
                Operand::Literal(c) => c.clone(),
                Operand::Slot(s) => {
                    let again = self.outputs[i + 1..]
                        .iter()
                        .any(|p| matches!(p, Operand::Slot(t) if t == s));
                    let v = if again {
                        env[*s].clone()
                    } else {
                        env[*s].take()
                    };
                    v.expect("a live slot").into_owned()
                }
            });
        }
        results
    }

    /// A `reshape`/`squeeze`/`copy` whose operand dies here and is owned: its buffer,
    /// moved (the elements are already in row-major order).
    fn moved(&self, step: &Step, env: &mut [Value<'_>]) -> Option<Buffer> {
        let movable = matches!(
            step.primitive,
            Primitive::Reshape { .. } | Primitive::Squeeze { .. } | Primitive::Copy
        );
        let [Operand::Slot(s)] = step.inputs[..] else {
            return None;
        };
        if !movable || !step.free.contains(&s) || !matches!(env[s], Some(Cow::Owned(_))) {
            return None;
        }
        match env[s].take() {
            Some(Cow::Owned(c)) => Some(into_buffer(c)),
            _ => None,
        }
    }
}
