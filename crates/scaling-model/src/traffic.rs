//! Arrival processes: constant, Poisson, spike, daily wave and replay.
//!
//! Time-varying rates are drawn by thinning (Lewis and Shedler, 1979) against a bound that
//! holds for the current segment of the rate curve, so a quiet hour after a spike costs no
//! rejected candidates.

use std::f64::consts::PI;

use crate::config::Traffic;
use crate::sampling::{SimRng, exponential_s, to_us, unit};

/// Produces arrival times in increasing order.
#[derive(Debug, Clone)]
pub(crate) struct Arrivals {
    traffic: Traffic,
    /// Current position of the process, in seconds.
    time_s: f64,
    /// Arrivals produced so far (used by the constant rate and replay).
    produced: u64,
    /// Replay times in microseconds, sorted.
    replay_us: Vec<u64>,
}

impl Arrivals {
    pub(crate) fn new(traffic: &Traffic) -> Arrivals {
        let mut replay_us = Vec::new();
        if let Traffic::Replay { arrival_times_s } = traffic {
            replay_us = arrival_times_s.iter().map(|time_s| to_us(time_s * 1e6)).collect();
            replay_us.sort_unstable();
        }
        let traffic = match traffic {
            // The replay list now lives in `replay_us`; do not keep a second copy.
            Traffic::Replay { .. } => Traffic::Replay { arrival_times_s: Vec::new() },
            other => other.clone(),
        };
        Arrivals { traffic, time_s: 0.0, produced: 0, replay_us }
    }

    /// The same process, continued from `now_us` (for traffic changed in a running simulation).
    pub(crate) fn resume(traffic: &Traffic, now_us: u64) -> Arrivals {
        let mut arrivals = Arrivals::new(traffic);
        let now_s = now_us as f64 / 1e6;
        arrivals.time_s = now_s;
        arrivals.produced = match traffic {
            // Keep the evenly spaced grid: the first arrival at or after now.
            Traffic::Constant { rate_per_s } => (now_s * rate_per_s).ceil() as u64,
            Traffic::Replay { .. } => arrivals.replay_us.partition_point(|t| *t < now_us) as u64,
            _ => 0,
        };
        arrivals
    }

    /// The next arrival time in microseconds, or `None` when the process has ended.
    pub(crate) fn next_us(&mut self, rng: &mut SimRng) -> Option<u64> {
        match self.traffic {
            Traffic::Constant { rate_per_s } => {
                if rate_per_s <= 0.0 {
                    return None;
                }
                let time_s = self.produced as f64 / rate_per_s;
                self.produced += 1;
                Some(to_us(time_s * 1e6))
            }
            Traffic::Poisson { rate_per_s } => {
                if rate_per_s <= 0.0 {
                    return None;
                }
                self.time_s += exponential_s(rng, rate_per_s);
                Some(to_us(self.time_s * 1e6))
            }
            Traffic::Replay { .. } => {
                let next = self.replay_us.get(self.produced as usize).copied();
                self.produced += 1;
                next
            }
            Traffic::Spike { .. } | Traffic::DailyWave { .. } => self.next_thinned(rng),
        }
    }

    fn next_thinned(&mut self, rng: &mut SimRng) -> Option<u64> {
        loop {
            let (segment_end_s, bound) = self.segment(self.time_s);
            if bound <= 0.0 {
                if segment_end_s.is_infinite() {
                    return None;
                }
                self.time_s = segment_end_s;
                continue;
            }
            let candidate_s = self.time_s + exponential_s(rng, bound);
            if candidate_s >= segment_end_s {
                // Memorylessness: restarting at the boundary with the next bound is exact.
                self.time_s = segment_end_s;
                continue;
            }
            self.time_s = candidate_s;
            if unit(rng) * bound <= self.rate_at(candidate_s) {
                return Some(to_us(candidate_s * 1e6));
            }
        }
    }

    /// The end of the rate curve's segment that contains `time_s`, and a bound on the rate there.
    fn segment(&self, time_s: f64) -> (f64, f64) {
        match self.traffic {
            Traffic::Spike { baseline_per_s, peak_per_s, start_s, ramp_s, plateau_s, decay_s } => {
                let edges = [
                    start_s,
                    start_s + ramp_s,
                    start_s + ramp_s + plateau_s,
                    start_s + ramp_s + plateau_s + decay_s,
                ];
                match edges.iter().position(|edge| time_s < *edge) {
                    Some(0) => (edges[0], baseline_per_s),
                    Some(index) => (edges[index], baseline_per_s.max(peak_per_s)),
                    None => (f64::INFINITY, baseline_per_s),
                }
            }
            Traffic::DailyWave { mean_per_s, amplitude, .. } => {
                (f64::INFINITY, mean_per_s * (1.0 + amplitude))
            }
            _ => (f64::INFINITY, 0.0),
        }
    }

    /// The instantaneous arrival rate at `time_s`, per second.
    pub(crate) fn rate_at(&self, time_s: f64) -> f64 {
        match self.traffic {
            Traffic::Constant { rate_per_s } | Traffic::Poisson { rate_per_s } => rate_per_s,
            Traffic::Spike { baseline_per_s, peak_per_s, start_s, ramp_s, plateau_s, decay_s } => {
                let ramp_end = start_s + ramp_s;
                let plateau_end = ramp_end + plateau_s;
                let decay_end = plateau_end + decay_s;
                if time_s < start_s || time_s >= decay_end {
                    baseline_per_s
                } else if time_s < ramp_end {
                    baseline_per_s + (peak_per_s - baseline_per_s) * (time_s - start_s) / ramp_s
                } else if time_s < plateau_end {
                    peak_per_s
                } else {
                    peak_per_s + (baseline_per_s - peak_per_s) * (time_s - plateau_end) / decay_s
                }
            }
            Traffic::DailyWave { mean_per_s, amplitude, period_s, peak_at_s } => {
                let phase = 2.0 * PI * (time_s - peak_at_s) / period_s;
                (mean_per_s * (1.0 + amplitude * libm::cos(phase))).max(0.0)
            }
            Traffic::Replay { .. } => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn count(traffic: Traffic, until_s: f64) -> usize {
        let mut rng = SimRng::seed_from_u64(7);
        let mut arrivals = Arrivals::new(&traffic);
        let mut n = 0;
        while let Some(time_us) = arrivals.next_us(&mut rng) {
            if time_us as f64 >= until_s * 1e6 {
                break;
            }
            n += 1;
        }
        n
    }

    #[test]
    fn constant_rate_is_exact() {
        assert_eq!(count(Traffic::Constant { rate_per_s: 10.0 }, 10.0), 100);
    }

    #[test]
    fn spike_delivers_its_area() {
        // 10 s at 10,000/s: 100,000 expected, Poisson noise about ±316.
        let spike = Traffic::Spike {
            baseline_per_s: 0.0,
            peak_per_s: 10_000.0,
            start_s: 5.0,
            ramp_s: 0.0,
            plateau_s: 10.0,
            decay_s: 0.0,
        };
        let n = count(spike, 60.0) as f64;
        assert!((n - 100_000.0).abs() < 1_500.0, "{n}");
    }

    #[test]
    fn ramp_is_half_of_its_peak_on_average() {
        let spike = Traffic::Spike {
            baseline_per_s: 0.0,
            peak_per_s: 2_000.0,
            start_s: 0.0,
            ramp_s: 100.0,
            plateau_s: 0.0,
            decay_s: 0.0,
        };
        let n = count(spike, 100.0) as f64;
        assert!((n - 100_000.0).abs() < 1_500.0, "{n}");
    }

    #[test]
    fn daily_wave_averages_its_mean() {
        let wave = Traffic::DailyWave {
            mean_per_s: 50.0,
            amplitude: 0.8,
            period_s: 1_000.0,
            peak_at_s: 0.0,
        };
        let n = count(wave, 2_000.0) as f64;
        assert!((n - 100_000.0).abs() < 1_500.0, "{n}");
    }

    #[test]
    fn replay_sorts_its_times() {
        let mut rng = SimRng::seed_from_u64(1);
        let mut arrivals = Arrivals::new(&Traffic::Replay { arrival_times_s: vec![2.0, 0.5, 1.0] });
        let times: Vec<u64> = std::iter::from_fn(|| arrivals.next_us(&mut rng)).collect();
        assert_eq!(times, vec![500_000, 1_000_000, 2_000_000]);
    }
}
