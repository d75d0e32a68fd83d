//! The kind of processor this program runs on, as far as XLA:CPU's results depend on it.
//!
//! XLA compiles for the host: which instructions LLVM picks (an `f64` reciprocal square
//! root estimate exists only with AVX-512) and how it vectorizes XLA's reduction loops
//! (reassociable, so the association order follows the vector width and the target's
//! costs) change bits. The golden data of such cases is recorded per processor under the
//! names of [`Processor::name`] (tools/golden/common.py `isa()`, which reads the same
//! flags from /proc/cpuinfo).

/// A kind of x86-64 processor, by its widest vector extension.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Processor {
    /// AVX-512F.
    Avx512,
    /// AVX2 without AVX-512F.
    Avx2,
    /// Anything else (and Miri, which has no feature detection).
    Generic,
}

impl Processor {
    /// This processor (the standard library caches the detection).
    #[inline(always)]
    pub fn detect() -> Processor {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Processor::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Processor::Avx2;
            }
        }
        Processor::Generic
    }

    /// The key of this processor's entries in golden data (`by_isa`).
    pub fn name(self) -> &'static str {
        match self {
            Processor::Avx512 => "avx512",
            Processor::Avx2 => "avx2",
            Processor::Generic => "generic",
        }
    }
}
