//! Counting as the run goes: totals, time-weighted averages, latency histograms and the rows
//! of the time series.
//!
//! Time-weighted sums are kept in integer count × microseconds, so cutting a run into steps
//! of any size adds up to exactly the same numbers.

use hdrhistogram::Histogram;

use crate::config::Scenario;
use crate::cost::Usage;
use crate::output::{Counters, EnvironmentState, Latency, SeriesRow, ThrottleReason};
use crate::sampling::to_us;

/// Latencies are recorded in microseconds from 1 µs up to one hour.
const LATENCY_MAX_US: u64 = 3_600_000_000;

/// The state counts that time-weighted averages and row ends are taken of.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StateCounts {
    pub(crate) initializing: u32,
    pub(crate) busy: u32,
    pub(crate) idle: u32,
    pub(crate) provisioned: u32,
    pub(crate) db_busy: u32,
    pub(crate) db_waiting: u32,
    pub(crate) db_queries_waiting: u32,
}

/// Per-interval counters, reset when a row closes.
#[derive(Debug, Clone, Copy, Default)]
struct RowCounts {
    arrivals: u64,
    completed: u64,
    throttled: u64,
    failed: u64,
    cold_starts: u64,
    cdn_hits: u64,
    gateway_cache_hits: u64,
    redis_hits: u64,
    db_queries: u64,
    db_rejections: u64,
    db_timeouts: u64,
}

/// Everything counted during a run.
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    pub(crate) totals: Counters,
    pub(crate) usage: Usage,
    pub(crate) initializing: u32,
    pub(crate) busy: u32,
    pub(crate) environments: u32,
    pub(crate) final_throttles: u64,
    pub(crate) invocations: u64,
    pub(crate) redis_misses: u64,
    pub(crate) db_rejections: u64,
    pub(crate) db_timeouts: u64,
    pub(crate) db_waits: u64,
    pub(crate) db_wait_us: u128,
    pub(crate) db_query_wait_us: u128,
    pub(crate) busy_time_us: u128,
    pub(crate) peak_environments: u32,
    pub(crate) peak_in_flight: u32,
    pub(crate) peak_db: u32,
    /// Integrals over time, in count × µs.
    pub(crate) area_environments: u128,
    pub(crate) area_busy: u128,
    pub(crate) area_idle: u128,
    pub(crate) area_db: u128,
    clock_us: u64,
    interval_us: u64,
    next_row_end_us: u64,
    rows_done: bool,
    row: RowCounts,
    pub(crate) rows: Vec<SeriesRow>,
    pub(crate) latency: Histogram<u64>,
    row_latency: Histogram<u64>,
    /// How long each invocation kept its environment busy, in µs (init excluded).
    pub(crate) invocation_durations: ExactDurations,
}

/// Durations in µs: a histogram for the percentiles, plus the exact smallest, largest and sum,
/// so a run whose durations are all equal reports that value exactly (the histogram alone
/// would report the top of its bucket, up to 0.1% above). The histogram grows to the values
/// seen, so short runs and short handlers stay cheap.
#[derive(Debug, Clone)]
pub(crate) struct ExactDurations {
    histogram: Histogram<u64>,
    min_us: u64,
    max_us: u64,
    sum_us: u128,
}

impl ExactDurations {
    fn new() -> ExactDurations {
        ExactDurations {
            histogram: Histogram::new(3).expect("3 significant figures are valid"),
            min_us: u64::MAX,
            max_us: 0,
            sum_us: 0,
        }
    }

    fn record(&mut self, value_us: u64) {
        let value_us = value_us.clamp(1, LATENCY_MAX_US);
        // Cannot fail: the value is clamped into the histogram's bounds.
        let _ = self.histogram.record(value_us);
        self.min_us = self.min_us.min(value_us);
        self.max_us = self.max_us.max(value_us);
        self.sum_us += u128::from(value_us);
    }

    /// Forgets every value recorded (keeping the histogram's storage for the next ones).
    pub(crate) fn reset(&mut self) {
        self.histogram.reset();
        self.min_us = u64::MAX;
        self.max_us = 0;
        self.sum_us = 0;
    }

    /// Percentiles in ms, each within the exact smallest and largest value; the mean and the
    /// maximum are exact. All zero when nothing was recorded.
    fn summary_ms(&self) -> Latency {
        let count = self.histogram.len();
        if count == 0 {
            return Latency::default();
        }
        let ms = |value_us: u64| value_us as f64 / 1_000.0;
        let percentile = |quantile: f64| {
            ms(self.histogram.value_at_quantile(quantile).clamp(self.min_us, self.max_us))
        };
        Latency {
            p50: percentile(0.50),
            p95: percentile(0.95),
            p99: percentile(0.99),
            max: ms(self.max_us),
            mean: self.sum_us as f64 / count as f64 / 1_000.0,
        }
    }
}

fn histogram(significant_figures: u8) -> Histogram<u64> {
    // Cannot fail: the bounds and precision are constants within the library's limits.
    Histogram::new_with_bounds(1, LATENCY_MAX_US, significant_figures)
        .expect("constant histogram bounds are valid")
}

impl Metrics {
    pub(crate) fn new(scenario: &Scenario) -> Metrics {
        let interval_us = to_us(scenario.interval_s * 1e6).max(1);
        Metrics {
            totals: Counters::default(),
            usage: Usage::default(),
            initializing: 0,
            busy: 0,
            environments: 0,
            final_throttles: 0,
            invocations: 0,
            redis_misses: 0,
            db_rejections: 0,
            db_timeouts: 0,
            db_waits: 0,
            db_wait_us: 0,
            db_query_wait_us: 0,
            busy_time_us: 0,
            peak_environments: 0,
            peak_in_flight: 0,
            peak_db: 0,
            area_environments: 0,
            area_busy: 0,
            area_idle: 0,
            area_db: 0,
            clock_us: 0,
            interval_us,
            next_row_end_us: interval_us,
            rows_done: false,
            row: RowCounts::default(),
            rows: Vec::new(),
            latency: histogram(3),
            row_latency: histogram(2),
            invocation_durations: ExactDurations::new(),
        }
    }

    /// Moves the clock to `time_us`, integrating the state held since the last move and
    /// closing every row that ended on the way (the last row ends at `end_us`).
    pub(crate) fn advance(&mut self, time_us: u64, state: StateCounts, end_us: u64) {
        while !self.rows_done {
            let row_end_us = self.next_row_end_us.min(end_us);
            if row_end_us > time_us {
                break;
            }
            self.integrate(row_end_us, state);
            self.close_row(state);
            if row_end_us == end_us {
                self.rows_done = true;
            } else {
                self.next_row_end_us += self.interval_us;
            }
        }
        self.integrate(time_us, state);
    }

    fn integrate(&mut self, time_us: u64, state: StateCounts) {
        if time_us <= self.clock_us {
            return;
        }
        let elapsed = u128::from(time_us - self.clock_us);
        let busy = u128::from(state.initializing + state.busy);
        let idle = u128::from(state.idle);
        self.area_busy += busy * elapsed;
        self.area_idle += idle * elapsed;
        self.area_environments += (busy + idle) * elapsed;
        self.area_db += u128::from(state.db_busy) * elapsed;
        self.clock_us = time_us;
        let environments = state.initializing + state.busy + state.idle;
        self.peak_environments = self.peak_environments.max(environments);
        self.peak_in_flight = self.peak_in_flight.max(state.initializing + state.busy);
        self.peak_db = self.peak_db.max(state.db_busy);
    }

    fn close_row(&mut self, state: StateCounts) {
        let start_us = self.next_row_end_us - self.interval_us;
        let percentile = |histogram: &Histogram<u64>, quantile: f64| {
            if histogram.is_empty() {
                0.0
            } else {
                histogram.value_at_quantile(quantile) as f64 / 1_000.0
            }
        };
        let row = self.row;
        self.rows.push(SeriesRow {
            start_s: start_us as f64 / 1e6,
            arrivals: row.arrivals,
            completed: row.completed,
            throttled: row.throttled,
            failed: row.failed,
            cold_starts: row.cold_starts,
            environments_initializing: state.initializing,
            environments_busy: state.busy,
            environments_idle: state.idle,
            environments_provisioned: state.provisioned,
            in_flight: state.initializing + state.busy,
            cdn_hits: row.cdn_hits,
            gateway_cache_hits: row.gateway_cache_hits,
            redis_hits: row.redis_hits,
            db_queries: row.db_queries,
            db_busy_connections: state.db_busy,
            db_queue_length: state.db_waiting,
            db_queries_waiting: state.db_queries_waiting,
            db_rejections: row.db_rejections,
            db_timeouts: row.db_timeouts,
            latency_p50_ms: percentile(&self.row_latency, 0.50),
            latency_p95_ms: percentile(&self.row_latency, 0.95),
            latency_p99_ms: percentile(&self.row_latency, 0.99),
        });
        if !self.row_latency.is_empty() {
            self.row_latency.reset();
        }
        self.row = RowCounts::default();
    }

    fn record_latency(&mut self, latency_us: u64) {
        let value = latency_us.clamp(1, LATENCY_MAX_US);
        // Cannot fail: the value is clamped into the histogram's bounds.
        let _ = self.latency.record(value);
        let _ = self.row_latency.record(value);
    }

    pub(crate) fn arrival(&mut self) {
        self.totals.arrivals += 1;
        self.row.arrivals += 1;
    }

    pub(crate) fn cdn_hit(&mut self, latency_us: u64) {
        self.totals.cdn_hits += 1;
        self.row.cdn_hits += 1;
        self.completion(latency_us);
    }

    pub(crate) fn gateway_hit(&mut self, latency_us: u64) {
        self.totals.gateway_cache_hits += 1;
        self.row.gateway_cache_hits += 1;
        self.completion(latency_us);
    }

    pub(crate) fn completion(&mut self, latency_us: u64) {
        self.totals.completed += 1;
        self.row.completed += 1;
        self.record_latency(latency_us);
    }

    pub(crate) fn invocation(&mut self, cold: bool) {
        self.invocations += 1;
        self.usage.invocations += 1;
        if cold {
            self.totals.cold_starts += 1;
            self.row.cold_starts += 1;
        }
    }

    pub(crate) fn invocation_time(&mut self, busy_us: u64) {
        self.busy_time_us += u128::from(busy_us);
        self.invocation_durations.record(busy_us);
    }

    pub(crate) fn throttle(&mut self, is_final: bool, reason: ThrottleReason) {
        self.totals.throttled += 1;
        let reasons = &mut self.totals.throttle_reasons;
        match reason {
            ThrottleReason::ConcurrencyLimit => reasons.concurrency_limit += 1,
            ThrottleReason::ScalingRate => reasons.scaling_rate += 1,
            ThrottleReason::RequestsPerSecond => reasons.requests_per_second += 1,
        }
        self.row.throttled += 1;
        if is_final {
            self.final_throttles += 1;
        }
    }

    pub(crate) fn failure(&mut self) {
        self.totals.failed += 1;
        self.row.failed += 1;
    }

    /// An async event older than the maximum event age.
    pub(crate) fn expired(&mut self) {
        self.failure();
    }

    pub(crate) fn redis(&mut self, hit: bool) {
        if hit {
            self.totals.redis_hits += 1;
            self.row.redis_hits += 1;
        } else {
            self.redis_misses += 1;
        }
    }

    pub(crate) fn db_query(&mut self, slot_wait_us: u64) {
        self.db_query_wait_us += u128::from(slot_wait_us);
        self.totals.db_queries += 1;
        self.row.db_queries += 1;
    }

    pub(crate) fn db_wait(&mut self, wait_us: u64) {
        self.db_waits += 1;
        self.db_wait_us += u128::from(wait_us);
    }

    pub(crate) fn db_rejection(&mut self) {
        self.db_rejections += 1;
        self.row.db_rejections += 1;
    }

    pub(crate) fn db_timeout(&mut self) {
        self.db_timeouts += 1;
        self.row.db_timeouts += 1;
    }

    pub(crate) fn environment_added(&mut self, state: EnvironmentState) {
        self.environments += 1;
        self.state_change_counts(None, Some(state));
    }

    pub(crate) fn environment_removed(&mut self, state: EnvironmentState) {
        self.environments -= 1;
        self.state_change_counts(Some(state), None);
    }

    pub(crate) fn state_change(&mut self, from: EnvironmentState, to: EnvironmentState) {
        self.state_change_counts(Some(from), Some(to));
    }

    fn state_change_counts(
        &mut self,
        from: Option<EnvironmentState>,
        to: Option<EnvironmentState>,
    ) {
        match from {
            Some(EnvironmentState::Initializing) => self.initializing -= 1,
            Some(EnvironmentState::Busy) => self.busy -= 1,
            _ => {}
        }
        match to {
            Some(EnvironmentState::Initializing) => self.initializing += 1,
            Some(EnvironmentState::Busy) => self.busy += 1,
            _ => {}
        }
    }

    /// Latency percentiles of all answered requests, in ms.
    pub(crate) fn latency_summary(&self) -> Latency {
        percentiles_ms(&self.latency)
    }

    /// Percentiles of the invocation durations recorded, in ms.
    pub(crate) fn invocation_summary(&self) -> Latency {
        self.invocation_durations.summary_ms()
    }
}

/// Percentiles of a histogram of µs, in ms (all zero when it is empty).
fn percentiles_ms(histogram: &Histogram<u64>) -> Latency {
    if histogram.is_empty() {
        return Latency::default();
    }
    let ms = |value: u64| value as f64 / 1_000.0;
    Latency {
        p50: ms(histogram.value_at_quantile(0.50)),
        p95: ms(histogram.value_at_quantile(0.95)),
        p99: ms(histogram.value_at_quantile(0.99)),
        max: ms(histogram.max()),
        mean: histogram.mean() / 1_000.0,
    }
}
