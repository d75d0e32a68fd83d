//! `jaxrs::nn`: JAX's `jax.nn`, activation and normalizing functions and
//! `nn::initializers`.
//!
//! JAX counterpart: `jax/_src/nn/functions.py`, `jax/_src/nn/initializers.py`.
//! `logsumexp` is [`crate::scipy::special::logsumexp`], as in JAX.

mod activations;
mod attention;
pub use attention::{dot_product_attention, dot_product_attention_with, DotProductAttentionKw};
mod custom;
pub(crate) use custom::defjvps1;
pub mod initializers;
mod normalize;

pub use crate::scipy::special::{logsumexp, logsumexp_with, LogsumexpKw};
pub use activations::{
    celu, celu_with, elu, elu_with, gelu, gelu_with, glu, glu_with, hard_sigmoid, hard_silu,
    hard_swish, hard_tanh, identity, leaky_relu, leaky_relu_with, log1mexp, log_sigmoid, mish,
    relu, relu6, selu, sigmoid, silu, soft_sign, softplus, sparse_plus, sparse_sigmoid, squareplus,
    squareplus_with, swish, tanh, CeluKw, EluKw, GeluKw, GluKw, LeakyReluKw, SquareplusKw,
};
pub use normalize::{
    log_softmax, log_softmax_with, logmeanexp, logmeanexp_with, one_hot, one_hot_with, softmax,
    softmax_with, standardize, standardize_with, LogSoftmaxKw, LogmeanexpKw, OneHotKw, SoftmaxKw,
    StandardizeKw,
};
