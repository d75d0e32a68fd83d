//! Forward-mode differentiation (JAX's `jax/_src/interpreters/ad.py`).
