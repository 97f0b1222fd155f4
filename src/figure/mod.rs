//! The view-model of every live figure: which controls, layers and charts a section's figure
//! shows ([`spec`]), what a model snapshot counts up to ([`FrameCounts`]), the sentence the
//! screen reader hears ([`describe`]), the chart's history ([`history`]) and the bill
//! ([`bill`]).
//!
//! Everything here is plain Rust so it is tested natively; `ui::figure` only wires it to the
//! DOM, the canvas and the animation loop.

pub mod bill;
pub mod describe;
pub mod history;
pub mod presets;
pub mod spec;
pub mod sweep;

use std::collections::VecDeque;

use scaling_model::{Counters, EnvironmentState, Snapshot};

pub use crate::setup::thousands;
pub use describe::describe;
pub use history::{ChartHistory, ChartPoint};
pub use spec::{ChartKind, Clause, FigureSpec, Layers, Part, Preset};

/// A plain slider's range: smallest value, largest value and step, in the slider's unit (for
/// sliders outside the setup catalogue, such as the memory lab's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliderRange {
    /// Smallest value.
    pub min: u32,
    /// Largest value.
    pub max: u32,
    /// Step between values.
    pub step: u32,
}

/// Width of one chart point, in simulated seconds (the setup's series interval).
pub const INTERVAL_S: f64 = 0.5;
/// Simulated seconds the chart shows.
pub const CHART_WINDOW_S: f64 = 60.0;
/// Items asked of the model per snapshot: recent events (they become walking customers) and
/// fresh entries per cache (drawn as food). A cache showing this many may hold more.
pub const SNAPSHOT_ITEMS: usize = 120;
/// Simulated seconds run silently when the figure starts a fresh run (a new seed), so it
/// continues warm.
pub const WARM_UP_S: f64 = 3.0;

/// The counts one frame of the figure shows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameCounts {
    /// The function's concurrency limit.
    pub limit: u32,
    /// Cashiers serving a customer.
    pub busy: u32,
    /// Cashiers putting on the apron (cold starts).
    pub initializing: u32,
    /// Cashiers waiting at the counter.
    pub idle: u32,
    /// Of all cashiers, the provisioned ones (always at the counter).
    pub provisioned: u32,
    /// Of the provisioned cashiers, those serving a customer.
    pub provisioned_busy: u32,
    /// Requests inside the function (busy plus initialising).
    pub in_flight: u32,
    /// Database connections in use.
    pub db_busy: u32,
    /// Database (or proxy pool) connections in all.
    pub db_capacity: u32,
    /// Orders waiting for a connection to the grill.
    pub db_waiting: u32,
    /// Queries the cooks are running.
    pub db_running: u32,
    /// Queries waiting for a cook.
    pub db_queries_waiting: u32,
    /// Running totals since the simulation started.
    pub totals: Counters,
}

impl FrameCounts {
    /// Reads the counts out of a model snapshot.
    pub fn from_snapshot(snapshot: &Snapshot) -> FrameCounts {
        let saturate = |count: usize| u32::try_from(count).unwrap_or(u32::MAX);
        let mut counts = FrameCounts {
            limit: snapshot.concurrency_limit,
            in_flight: snapshot.in_flight,
            db_busy: snapshot.db_busy_connections,
            db_capacity: snapshot.db_connection_capacity,
            db_waiting: snapshot.db_queue_length,
            db_running: snapshot.db_queries_running,
            db_queries_waiting: snapshot.db_queries_waiting,
            totals: snapshot.totals,
            ..FrameCounts::default()
        };
        let (mut busy, mut initializing, mut idle, mut provisioned, mut provisioned_busy) =
            (0, 0, 0, 0, 0);
        for environment in &snapshot.environments {
            match environment.state {
                EnvironmentState::Busy => busy += 1,
                EnvironmentState::Initializing => initializing += 1,
                EnvironmentState::Idle => idle += 1,
            }
            if environment.provisioned {
                provisioned += 1;
                if environment.state == EnvironmentState::Busy {
                    provisioned_busy += 1;
                }
            }
        }
        counts.busy = saturate(busy);
        counts.initializing = saturate(initializing);
        counts.idle = saturate(idle);
        counts.provisioned = saturate(provisioned);
        counts.provisioned_busy = saturate(provisioned_busy);
        counts
    }

    /// Why customers were turned away, in words: "2,886 (all at the limit)", or a split
    /// between the limit and the scaling rate.
    pub fn throttle_breakdown(&self) -> String {
        let reasons = self.totals.throttle_reasons;
        let total = thousands(self.totals.throttled);
        let at_limit = reasons.concurrency_limit;
        let scaling = reasons.scaling_rate + reasons.requests_per_second;
        match (at_limit, scaling) {
            _ if self.totals.throttled == 0 => total,
            (_, 0) => format!("{total} (all at the limit)"),
            (0, _) => format!("{total} (all while new cashiers were still being hired)"),
            (at_limit, scaling) => format!(
                "{total} ({} at the limit, {} while new cashiers were still being hired)",
                thousands(at_limit),
                thousands(scaling)
            ),
        }
    }
}

/// Running totals over figure time, to answer "how many in the last second".
///
/// Figure time keeps growing across fresh simulations (a new seed), unlike model time.
#[derive(Debug, Clone, Default)]
pub struct CounterWindow {
    samples: VecDeque<(f64, Counters)>,
}

impl CounterWindow {
    /// Records the running totals at figure time `time_s`.
    pub fn record(&mut self, time_s: f64, totals: Counters) {
        self.samples.push_back((time_s, totals));
        while self.samples.len() > 2 && self.samples[1].0 <= time_s - 1.0 {
            self.samples.pop_front();
        }
    }

    /// What happened during the last second of figure time (or since the first sample).
    pub fn last_second(&self) -> Counters {
        match (self.samples.front(), self.samples.back()) {
            (Some((_, first)), Some((_, last))) => difference(last, first),
            _ => Counters::default(),
        }
    }

    /// Forgets everything (after a fresh simulation, totals restart at zero).
    pub fn clear(&mut self) {
        self.samples.clear();
    }
}

/// `later − earlier`, field by field (never below zero).
pub fn difference(later: &Counters, earlier: &Counters) -> Counters {
    let reasons = |later: u64, earlier: u64| later.saturating_sub(earlier);
    Counters {
        arrivals: later.arrivals.saturating_sub(earlier.arrivals),
        completed: later.completed.saturating_sub(earlier.completed),
        throttled: later.throttled.saturating_sub(earlier.throttled),
        throttle_reasons: scaling_model::ThrottleReasons {
            concurrency_limit: reasons(
                later.throttle_reasons.concurrency_limit,
                earlier.throttle_reasons.concurrency_limit,
            ),
            scaling_rate: reasons(
                later.throttle_reasons.scaling_rate,
                earlier.throttle_reasons.scaling_rate,
            ),
            requests_per_second: reasons(
                later.throttle_reasons.requests_per_second,
                earlier.throttle_reasons.requests_per_second,
            ),
        },
        failed: later.failed.saturating_sub(earlier.failed),
        cold_starts: later.cold_starts.saturating_sub(earlier.cold_starts),
        cdn_hits: later.cdn_hits.saturating_sub(earlier.cdn_hits),
        gateway_cache_hits: later.gateway_cache_hits.saturating_sub(earlier.gateway_cache_hits),
        redis_hits: later.redis_hits.saturating_sub(earlier.redis_hits),
        db_queries: later.db_queries.saturating_sub(earlier.db_queries),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scaling_model::ThrottleReasons;

    #[test]
    fn throttles_say_why_they_happened() {
        let split = |total, at_limit, scaling| FrameCounts {
            totals: Counters {
                throttled: total,
                throttle_reasons: ThrottleReasons {
                    concurrency_limit: at_limit,
                    scaling_rate: scaling,
                    requests_per_second: 0,
                },
                ..Counters::default()
            },
            ..FrameCounts::default()
        };
        assert_eq!(split(0, 0, 0).throttle_breakdown(), "0");
        assert_eq!(split(2_886, 2_886, 0).throttle_breakdown(), "2,886 (all at the limit)");
        assert_eq!(
            split(1_500, 1_000, 500).throttle_breakdown(),
            "1,500 (1,000 at the limit, 500 while new cashiers were still being hired)"
        );
    }

    #[test]
    fn the_window_counts_the_last_second() {
        let mut window = CounterWindow::default();
        assert_eq!(window.last_second(), Counters::default());
        for step in 0..=30_u32 {
            let totals = Counters {
                throttled: u64::from(step) * 10,
                cold_starts: u64::from(step),
                ..Counters::default()
            };
            window.record(f64::from(step) * 0.1, totals);
        }
        assert_eq!(window.last_second().throttled, 100);
        assert_eq!(window.last_second().cold_starts, 10);
        window.clear();
        window.record(5.0, Counters::default());
        assert_eq!(window.last_second().throttled, 0);
    }

    #[test]
    fn counts_read_a_real_snapshot() {
        let setup = crate::setup::Setup::default()
            .with(crate::setup::Control::Provisioned, 100)
            .with(crate::setup::Control::ArrivalRate, 300);
        let mut simulation = scaling_model::Simulation::new(setup.scenario()).unwrap();
        simulation.advance_to(5.0);
        let counts = FrameCounts::from_snapshot(&simulation.snapshot(10));
        assert_eq!(counts.limit, 1_000);
        assert_eq!(counts.provisioned, 100);
        assert!(counts.provisioned_busy <= counts.provisioned);
        assert_eq!(counts.busy + counts.initializing, counts.in_flight);
        assert!(counts.totals.arrivals > 1_000);
    }
}
