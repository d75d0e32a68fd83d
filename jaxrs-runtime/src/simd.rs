//! Instruction-set dispatch: detect the CPU's vector extensions once and run a kernel body
//! compiled for them.
//!
//! A kernel body is a [`Body`] whose `run` is `#[inline(always)]`; [`dispatch`] calls it
//! from a thin `#[target_feature]` entry per ISA, so the same generic loop is compiled
//! once per ISA (the pattern of pulp's `Arch::dispatch` and matrixmultiply's
//! `kernel_target_*`). Tests pass each available [`Isa`] explicitly and compare.

use std::sync::OnceLock;

/// A vector instruction set the kernels are compiled for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Isa {
    /// x86-64 AVX-512 (F, VL, BW, DQ): 16 lanes of 32 bits, native rotates.
    Avx512,
    /// x86-64 AVX2 with FMA: 8 lanes of 32 bits.
    Avx2,
    /// Whatever the target was compiled for (SSE2 on x86-64).
    Generic,
}

impl Isa {
    /// The best ISA of this CPU (detected once).
    pub fn detect() -> Isa {
        static ISA: OnceLock<Isa> = OnceLock::new();
        *ISA.get_or_init(|| Isa::available().into_iter().next().unwrap_or(Isa::Generic))
    }

    /// Every ISA this CPU can run, best first ([`Isa::Generic`] always last).
    pub fn available() -> Vec<Isa> {
        Isa::supported().to_vec()
    }

    /// [`Isa::available`], detected once (every dispatch checks it).
    fn supported() -> &'static [Isa] {
        static ISAS: OnceLock<Vec<Isa>> = OnceLock::new();
        ISAS.get_or_init(Isa::probe)
    }

    /// Asks the CPU which ISAs it runs.
    fn probe() -> Vec<Isa> {
        let mut isas = Vec::new();
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512dq")
            {
                isas.push(Isa::Avx512);
            }
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                isas.push(Isa::Avx2);
            }
        }
        isas.push(Isa::Generic);
        isas
    }
}

/// A kernel body, compiled once per ISA by [`dispatch`].
pub trait Body {
    /// What the kernel returns.
    type Output;
    /// Runs the kernel. Implementations must be `#[inline(always)]` so that they are
    /// compiled with the features of the entry that calls them.
    fn run(self) -> Self::Output;
}

/// Runs `body` compiled for `isa`.
///
/// # Panics
/// If `isa` is not available on this CPU (see [`Isa::available`]).
#[inline]
pub fn dispatch<B: Body>(isa: Isa, body: B) -> B::Output {
    match isa {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        Isa::Avx512 => {
            assert!(
                Isa::supported().contains(&Isa::Avx512),
                "AVX-512 is not available"
            );
            // SAFETY: the CPU supports every feature `run_avx512` enables (checked above).
            unsafe { run_avx512(body) }
        }
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        Isa::Avx2 => {
            assert!(
                Isa::supported().contains(&Isa::Avx2),
                "AVX2 is not available"
            );
            // SAFETY: the CPU supports every feature `run_avx2` enables (checked above).
            unsafe { run_avx2(body) }
        }
        _ => body.run(),
    }
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
#[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")]
fn run_avx512<B: Body>(body: B) -> B::Output {
    body.run()
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
#[target_feature(enable = "avx2,fma")]
fn run_avx2<B: Body>(body: B) -> B::Output {
    body.run()
}

/// A closure as a [`Body`].
struct Closure<F>(F);

impl<R, F: FnOnce() -> R> Body for Closure<F> {
    type Output = R;
    #[inline(always)]
    fn run(self) -> R {
        (self.0)()
    }
}

/// Runs `f` compiled for `isa`: everything `f` calls that is `#[inline(always)]` is
/// compiled with the ISA's features too.
#[inline(always)]
pub fn run<R>(isa: Isa, f: impl FnOnce() -> R) -> R {
    dispatch(isa, Closure(f))
}
