//! Compile tests of the jaxrs public API live in `tests/`.
