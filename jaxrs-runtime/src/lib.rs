//! The jaxrs CPU backend: fast kernels for primitives and, with the jit issue, the jaxpr
//! compiler (simplify, fuse, plan memory, run).
