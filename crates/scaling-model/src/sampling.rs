//! Random draws for service times, with the seeded generator every run uses.
//!
//! `rand_distr` is built without its `std_math` feature, so its maths goes through `libm`
//! and the same seed gives the same numbers on native targets and on wasm32.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, LogNormal, Zipf};

use crate::config::Variability;

/// The generator of a run: ChaCha8, whose output is specified and platform-independent.
pub(crate) type SimRng = ChaCha8Rng;

/// A service-time distribution with a fixed mean, in microseconds.
#[derive(Debug, Clone)]
pub(crate) enum Duration {
    Fixed(f64),
    Exponential(f64),
    LogNormal(LogNormal<f64>),
}

impl Duration {
    /// A distribution with mean `mean_us` and the shape of `variability`.
    pub(crate) fn new(mean_us: f64, variability: Variability) -> Duration {
        if mean_us <= 0.0 {
            return Duration::Fixed(0.0);
        }
        match variability {
            Variability::Deterministic => Duration::Fixed(mean_us),
            Variability::Exponential => Duration::Exponential(mean_us),
            Variability::LogNormal { cv } if cv <= 0.0 => Duration::Fixed(mean_us),
            // Cannot fail: the mean is positive and finite and the CV was validated.
            Variability::LogNormal { cv } => match LogNormal::from_mean_cv(mean_us, cv) {
                Ok(distribution) => Duration::LogNormal(distribution),
                Err(_) => Duration::Fixed(mean_us),
            },
        }
    }

    /// One draw, rounded to whole microseconds.
    pub(crate) fn sample_us(&self, rng: &mut SimRng) -> u64 {
        let value = match self {
            Duration::Fixed(mean) => *mean,
            Duration::Exponential(mean) => {
                let unit: f64 = Exp1.sample(rng);
                unit * mean
            }
            Duration::LogNormal(distribution) => distribution.sample(rng),
        };
        to_us(value)
    }
}

/// Rounds a non-negative number of microseconds to an integer, saturating.
pub(crate) fn to_us(value: f64) -> u64 {
    if value.is_finite() && value > 0.0 { (value + 0.5) as u64 } else { 0 }
}

/// Draws request keys: rank 0 is the most popular.
#[derive(Debug, Clone)]
pub(crate) struct KeySampler {
    zipf: Option<Zipf<f64>>,
    key_count: u32,
}

impl KeySampler {
    pub(crate) fn new(key_count: u32, exponent: f64) -> KeySampler {
        let zipf =
            if key_count > 1 { Zipf::new(f64::from(key_count), exponent).ok() } else { None };
        KeySampler { zipf, key_count }
    }

    pub(crate) fn sample(&self, rng: &mut SimRng) -> u32 {
        match &self.zipf {
            // Zipf yields ranks 1..=n as floats.
            Some(zipf) => (zipf.sample(rng) as u32).clamp(1, self.key_count) - 1,
            None => 0,
        }
    }
}

/// A uniform draw in [0, 1).
pub(crate) fn unit(rng: &mut SimRng) -> f64 {
    rng.random::<f64>()
}

/// An exponential draw with the given rate (per second), in seconds.
pub(crate) fn exponential_s(rng: &mut SimRng, rate_per_s: f64) -> f64 {
    let unit: f64 = Exp1.sample(rng);
    unit / rate_per_s
}
