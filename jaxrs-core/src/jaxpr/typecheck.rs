//! Checking that a jaxpr is well formed and well typed.
//!
//! JAX counterpart: `jax/_src/core.py` (`check_jaxpr`, `_check_jaxpr`, `JaxprTypeError`)
//! and autodidax's `typecheck_jaxpr`. Compiler passes run it on their output in tests.

use std::collections::HashMap;

use super::{Atom, Jaxpr, Var};
use crate::abstract_eval::abstract_eval;
use crate::aval::Aval;
use crate::primitive::Primitive;

impl Jaxpr {
    /// Checks that every variable is bound once before it is used, that each equation's
    /// operands have the avals of their variables, and that its results have the avals its
    /// primitive's shape rule gives (nested jaxprs are checked too).
    ///
    /// # Errors
    /// A message naming the first problem, in the spirit of JAX's `JaxprTypeError`.
    ///
    /// # Panics
    /// If an equation's operands are rejected by its primitive's shape rule (that rule's
    /// message).
    ///
    /// # Examples
    /// ```
    /// use jaxrs_core::api::make_jaxpr;
    /// use jaxrs_core::numpy as jnp;
    /// use jaxrs_core::Array;
    ///
    /// let jaxpr = make_jaxpr(|x: &Array| x * 2.0 + 1.0)(&jnp::zeros([3]));
    /// assert_eq!(jaxpr.jaxpr.typecheck(), Ok(()));
    /// ```
    pub fn typecheck(&self) -> Result<(), String> {
        let mut env: HashMap<usize, Aval> = HashMap::new();
        let bind = |env: &mut HashMap<usize, Aval>, v: &Var, what: &str| {
            if env.insert(v.id, v.aval.clone()).is_some() {
                return Err(format!(
                    "{what} variable {} of type {} bound twice",
                    v.id, v.aval
                ));
            }
            Ok(())
        };
        for v in &self.constvars {
            bind(&mut env, v, "constant")?;
        }
        for v in &self.invars {
            bind(&mut env, v, "input")?;
        }
        let read = |env: &HashMap<usize, Aval>, a: &Atom| -> Result<Aval, String> {
            match a {
                Atom::Literal(x) => Ok(x.aval().clone()),
                Atom::Var(v) => match env.get(&v.id) {
                    None => Err(format!("Variable {} of type {} not defined", v.id, v.aval)),
                    Some(aval) if aval != &v.aval => Err(format!(
                        "Variable {} used with type {} but bound with type {aval}",
                        v.id, v.aval
                    )),
                    Some(aval) => Ok(aval.clone()),
                },
            }
        };
        for (i, eqn) in self.eqns.iter().enumerate() {
            let in_avals = eqn
                .inputs
                .iter()
                .map(|a| read(&env, a))
                .collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&Aval> = in_avals.iter().collect();
            let out_avals = abstract_eval(&eqn.primitive, &refs);
            let declared: Vec<&Aval> = eqn.outputs.iter().map(|v| &v.aval).collect();
            if out_avals.iter().collect::<Vec<_>>() != declared {
                let show = |a: &[&Aval]| {
                    a.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(format!(
                    "equation {i} ({}) has result types [{}] but its shape rule gives [{}]",
                    eqn.primitive.name(),
                    show(&declared),
                    show(&out_avals.iter().collect::<Vec<_>>())
                ));
            }
            if let Primitive::Jit { jaxpr, .. } = &eqn.primitive {
                jaxpr
                    .jaxpr
                    .typecheck()
                    .map_err(|e| format!("in the jaxpr of equation {i} (jit): {e}"))?;
            }
            for v in &eqn.outputs {
                bind(&mut env, v, "result")?;
            }
        }
        for a in &self.outvars {
            read(&env, a)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::api::make_jaxpr;
    use crate::jaxpr::{Atom, Var};
    use crate::numpy as jnp;
    use crate::Array;

    #[test]
    fn traced_jaxprs_typecheck() {
        let f = |x: &Array| jnp::where_(jnp::greater(x, 0), x.powi(2), 0.0).sum();
        let j = make_jaxpr(f)(&jnp::zeros([2, 3]));
        assert_eq!(j.jaxpr.typecheck(), Ok(()));
    }

    #[test]
    fn undefined_and_mistyped_variables_are_reported() {
        let mut j = make_jaxpr(|x: &Array| x + 1.0)(&jnp::zeros([3])).jaxpr;
        let stray = Var::fresh(j.invars[0].aval.clone());
        j.outvars = vec![Atom::Var(stray)];
        assert!(j.typecheck().unwrap_err().contains("not defined"));

        let mut j = make_jaxpr(|x: &Array| x + 1.0)(&jnp::zeros([3])).jaxpr;
        j.eqns[0].outputs[0].aval.shape = vec![4];
        let err = j.typecheck().unwrap_err();
        assert!(err.contains("equation 0 (add)"), "{err}");
    }
}
