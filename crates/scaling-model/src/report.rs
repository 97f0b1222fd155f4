//! Reading a simulation: animation snapshots, the time series and the run summary.

use crate::cost::Usage;
use crate::cost::{self, HOURS_PER_MONTH};
use crate::engine::{Environment, Simulation};
use crate::output::{
    CacheEntryView, EnvironmentView, EventView, Latency, SeriesRow, Snapshot, Summary,
};

/// Keys scanned at most when listing fresh cache entries for a snapshot.
const CACHE_SCAN_LIMIT: usize = 100_000;

fn ratio(numerator: u64, denominator: u64) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

/// Picks at most `limit` items spread evenly over `items`, keeping the last one.
fn sample_evenly<T: Copy>(items: impl ExactSizeIterator<Item = T>, limit: usize) -> Vec<T> {
    let total = items.len();
    if total <= limit {
        return items.collect();
    }
    if limit == 0 {
        return Vec::new();
    }
    let mut picked = Vec::with_capacity(limit);
    let mut next_index = 0usize;
    for (index, item) in items.enumerate() {
        if index == next_index {
            picked.push(item);
            if picked.len() == limit {
                break;
            }
            next_index = (picked.len() * (total - 1)).div_ceil(limit - 1).min(total - 1);
            if limit == 1 {
                break;
            }
        }
    }
    picked
}

impl Simulation {
    /// The state now, for drawing a frame: every environment, the database queue, fresh cache
    /// entries (at most `max_items` per cache, most popular keys first) and the events since
    /// the previous snapshot (evenly sampled down to `max_items`). Reading a snapshot does
    /// not change the run.
    pub fn snapshot(&mut self, max_items: usize) -> Snapshot {
        let now_us = self.now_us;
        let environments = self
            .live_environments()
            .map(|(id, env)| EnvironmentView {
                id,
                state: env.state,
                provisioned: env.provisioned,
                age_s: (now_us - env.created_us) as f64 / 1e6,
                in_state_s: (now_us - env.state_since_us) as f64 / 1e6,
            })
            .collect();
        let fresh = |entries: &[u64]| -> Vec<CacheEntryView> {
            entries
                .iter()
                .take(CACHE_SCAN_LIMIT)
                .enumerate()
                .filter(|(_, expires_us)| **expires_us > now_us)
                .take(max_items)
                .map(|(key, expires_us)| CacheEntryView {
                    key: key as u32,
                    remaining_ttl_s: (expires_us - now_us) as f64 / 1e6,
                })
                .collect()
        };
        let recent_events: Vec<EventView> = sample_evenly(self.events.iter().copied(), max_items);
        let recent_event_total = std::mem::take(&mut self.events_since_snapshot);
        self.events.clear();
        Snapshot {
            time_s: self.now_s(),
            concurrency_limit: self.limit,
            in_flight: self.in_flight(),
            environments,
            scaling_tokens: self.scaling.level(now_us),
            db_queue_length: self.pool.waiting,
            db_busy_connections: self.pool.in_use,
            db_connection_capacity: self.pool.capacity,
            db_queries_running: self.query_slots.in_use,
            db_queries_waiting: self.query_slots.waiting,
            gateway_cache: fresh(&self.gateway),
            redis_cache: fresh(&self.redis),
            // The first location's shelf: every location keeps its own copy.
            cdn_cache: fresh(
                &self.cdn[..self.cdn.len().min(self.scenario.keys.key_count as usize)],
            ),
            recent_events,
            recent_event_total,
            totals: self.metrics.totals,
        }
    }

    /// The time series so far: one row per interval that has ended.
    pub fn series(&self) -> &[SeriesRow] {
        &self.metrics.rows
    }

    /// Percentiles of the time an invocation kept its environment busy (handler plus data
    /// calls, init excluded), in ms, over the invocations that ended since the run began or
    /// since [`Simulation::forget_invocation_durations`]. The mean and maximum are exact, and
    /// every percentile lies between the exact smallest and largest duration (to three
    /// significant figures in between). Read on demand, not in every summary: it scans a
    /// histogram.
    pub fn invocation_durations_ms(&self) -> Latency {
        self.metrics.invocation_summary()
    }

    /// Forgets the invocation durations recorded so far, so [`invocation_durations_ms`]
    /// covers only invocations that end from now on (a power-tuning sweep forgets its
    /// warm-up). Nothing else changes: the run, its totals and its bill go on as before.
    ///
    /// [`invocation_durations_ms`]: Simulation::invocation_durations_ms
    pub fn forget_invocation_durations(&mut self) {
        self.metrics.invocation_durations.reset();
    }

    /// The summary of the run so far (of the whole run once it is finished).
    pub fn summary(&self) -> Summary {
        let metrics = &self.metrics;
        let totals = &metrics.totals;
        let elapsed_us = self.now_us.max(1) as f64;
        let mean = |area: u128| area as f64 / elapsed_us;
        let seconds = self.now_us as f64 / 1e6;
        let usage = self.usage();
        let stretch = usage.since(&self.segment_start);
        let bill = self.billed_before.plus(&cost::bill(&self.scenario, &stretch));
        let month_factor = if seconds > 0.0 { HOURS_PER_MONTH * 3_600.0 / seconds } else { 0.0 };
        // Every attempt on the function counts, so async retries weigh like sync requests.
        let attempts = metrics.invocations + totals.throttled;
        Summary {
            requests: totals.arrivals,
            completed: totals.completed,
            throttled: metrics.final_throttles,
            throttle_events: totals.throttled,
            throttle_reasons: totals.throttle_reasons,
            failed: totals.failed,
            in_flight: self.unfinished_requests(),
            invocations: metrics.invocations,
            cold_starts: totals.cold_starts,
            cold_start_probability: ratio(totals.cold_starts, metrics.invocations),
            throttle_probability: ratio(totals.throttled, attempts),
            failure_probability: ratio(totals.failed, totals.arrivals),
            mean_environments: mean(metrics.area_environments),
            mean_busy_environments: mean(metrics.area_busy),
            mean_idle_environments: mean(metrics.area_idle),
            peak_environments: metrics.peak_environments,
            peak_concurrency: metrics.peak_in_flight,
            cdn_hits: totals.cdn_hits,
            gateway_cache_hits: totals.gateway_cache_hits,
            redis_hits: totals.redis_hits,
            redis_misses: metrics.redis_misses,
            db_queries: totals.db_queries,
            db_rejections: metrics.db_rejections,
            db_timeouts: metrics.db_timeouts,
            db_mean_wait_ms: if metrics.db_waits == 0 {
                0.0
            } else {
                metrics.db_wait_us as f64 / metrics.db_waits as f64 / 1_000.0
            },
            db_mean_query_wait_ms: if totals.db_queries == 0 {
                0.0
            } else {
                metrics.db_query_wait_us as f64 / totals.db_queries as f64 / 1_000.0
            },
            db_peak_connections: metrics.peak_db,
            db_mean_busy_connections: mean(metrics.area_db),
            latency_ms: metrics.latency_summary(),
            mean_invocation_ms: if metrics.invocations == 0 {
                0.0
            } else {
                metrics.busy_time_us as f64 / metrics.invocations as f64 / 1_000.0
            },
            cost_usd: bill,
            monthly_cost_usd: bill.scaled(month_factor),
            simulated_seconds: seconds,
        }
    }

    /// Environments alive, for snapshots: provisioned first, then by id.
    pub(crate) fn live_environments(&self) -> impl Iterator<Item = (u32, &Environment)> {
        let alive = self.environments.iter().enumerate().filter(|(_, env)| env.alive);
        let provisioned = alive.clone().filter(|(_, env)| env.provisioned);
        let on_demand = alive.filter(|(_, env)| !env.provisioned);
        provisioned.chain(on_demand).map(|(id, env)| (id as u32, env))
    }

    /// Requests inside the function right now.
    pub(crate) fn in_flight(&self) -> u32 {
        self.metrics.initializing + self.metrics.busy
    }

    /// Async events waiting for a retry, plus requests inside the function.
    pub(crate) fn unfinished_requests(&self) -> u64 {
        (self.requests.len() - self.free_requests.len()) as u64 + self.cdn_waiting
    }

    pub(crate) fn usage(&self) -> Usage {
        Usage { seconds: self.now_us as f64 / 1e6, ..self.metrics.usage }
    }
}

#[cfg(test)]
mod tests {
    use super::sample_evenly;

    #[test]
    fn sampling_keeps_first_and_last() {
        let picked = sample_evenly(0..100, 5);
        assert_eq!(picked.len(), 5);
        assert_eq!(picked[0], 0);
        assert_eq!(*picked.last().unwrap(), 99);
        assert_eq!(sample_evenly(0..3, 10), vec![0, 1, 2]);
        assert!(sample_evenly(0..3, 0).is_empty());
    }
}
