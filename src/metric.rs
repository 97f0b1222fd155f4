//! What a finished run is judged by: the readings walkthroughs show, estimates are checked
//! against and challenge contracts name, each with its name in content files, its unit and
//! how it is read from the model's [`Summary`].

use scaling_model::Summary;

use crate::setup::thousands;

/// One reading of a finished run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Requests that arrived.
    Requests,
    /// Share of requests turned away with HTTP 429 (throttled / requests).
    ThrottleRate,
    /// Share of requests that failed for another reason (database timeouts and rejections).
    ErrorRate,
    /// Share of requests the database refused or timed out
    /// ((database timeouts + rejections) / requests).
    DbErrorRate,
    /// Share of function invocations that waited for a cold start.
    ColdStartRate,
    /// Median latency of answered requests.
    P50LatencyMs,
    /// 99th-percentile latency of answered requests.
    P99LatencyMs,
    /// Time-averaged busy environments (running a request or initialising).
    MeanConcurrency,
    /// Most requests inside the function at once.
    PeakConcurrency,
    /// Time-averaged database connections in use.
    DbMeanConnections,
    /// Most database connections in use at once.
    DbPeakConnections,
    /// Database queries run.
    DbQueries,
    /// Share of requests answered by a cache (CDN, gateway or Redis).
    CacheHitRate,
    /// The bill projected to a 730-hour month at the run's average rate.
    MonthlyCostUsd,
}

impl Metric {
    /// Every metric, in the order tables show them.
    pub const ALL: [Metric; 14] = [
        Metric::Requests,
        Metric::ThrottleRate,
        Metric::ErrorRate,
        Metric::DbErrorRate,
        Metric::ColdStartRate,
        Metric::P50LatencyMs,
        Metric::P99LatencyMs,
        Metric::MeanConcurrency,
        Metric::PeakConcurrency,
        Metric::DbMeanConnections,
        Metric::DbPeakConnections,
        Metric::DbQueries,
        Metric::CacheHitRate,
        Metric::MonthlyCostUsd,
    ];

    /// The name content files use (`p99_latency_ms`).
    pub fn name(self) -> &'static str {
        match self {
            Metric::Requests => "requests",
            Metric::ThrottleRate => "throttle_rate",
            Metric::ErrorRate => "error_rate",
            Metric::DbErrorRate => "db_error_rate",
            Metric::ColdStartRate => "cold_start_rate",
            Metric::P50LatencyMs => "p50_latency_ms",
            Metric::P99LatencyMs => "p99_latency_ms",
            Metric::MeanConcurrency => "mean_concurrency",
            Metric::PeakConcurrency => "peak_concurrency",
            Metric::DbMeanConnections => "db_mean_connections",
            Metric::DbPeakConnections => "db_peak_connections",
            Metric::DbQueries => "db_queries",
            Metric::CacheHitRate => "cache_hit_rate",
            Metric::MonthlyCostUsd => "monthly_cost_usd",
        }
    }

    /// The metric content files call `name`.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|metric| metric.name() == name)
    }

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Requests => "Requests",
            Metric::ThrottleRate => "Throttled (429)",
            Metric::ErrorRate => "Failed",
            Metric::DbErrorRate => "Database errors",
            Metric::ColdStartRate => "Cold starts",
            Metric::P50LatencyMs => "Latency p50",
            Metric::P99LatencyMs => "Latency p99",
            Metric::MeanConcurrency => "Mean concurrency",
            Metric::PeakConcurrency => "Peak concurrency",
            Metric::DbMeanConnections => "Database connections (mean)",
            Metric::DbPeakConnections => "Database connections (peak)",
            Metric::DbQueries => "Database queries",
            Metric::CacheHitRate => "Answered by a cache",
            Metric::MonthlyCostUsd => "Monthly cost",
        }
    }

    /// The unit of [`Metric::value`]: "%" for shares (the value is a percentage), "ms", "$"...
    pub fn unit(self) -> &'static str {
        match self {
            Metric::ThrottleRate
            | Metric::ErrorRate
            | Metric::DbErrorRate
            | Metric::ColdStartRate
            | Metric::CacheHitRate => "%",
            Metric::P50LatencyMs | Metric::P99LatencyMs => "ms",
            Metric::MeanConcurrency | Metric::PeakConcurrency => "environments",
            Metric::DbMeanConnections | Metric::DbPeakConnections => "connections",
            Metric::Requests | Metric::DbQueries => "requests",
            Metric::MonthlyCostUsd => "US dollars a month",
        }
    }

    /// The reading from a finished run, in [`Metric::unit`] (shares as percentages). A share
    /// of nothing (no requests) is 0.
    pub fn value(self, summary: &Summary) -> f64 {
        let share = |part: u64, whole: u64| {
            if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
        };
        let requests = summary.requests;
        match self {
            Metric::Requests => requests as f64,
            Metric::ThrottleRate => share(summary.throttled, requests),
            Metric::ErrorRate => share(summary.failed, requests),
            Metric::DbErrorRate => share(summary.db_timeouts + summary.db_rejections, requests),
            Metric::ColdStartRate => share(summary.cold_starts, summary.invocations),
            Metric::P50LatencyMs => summary.latency_ms.p50,
            Metric::P99LatencyMs => summary.latency_ms.p99,
            Metric::MeanConcurrency => summary.mean_busy_environments,
            Metric::PeakConcurrency => f64::from(summary.peak_concurrency),
            Metric::DbMeanConnections => summary.db_mean_busy_connections,
            Metric::DbPeakConnections => f64::from(summary.db_peak_connections),
            Metric::DbQueries => summary.db_queries as f64,
            Metric::CacheHitRate => {
                share(summary.cdn_hits + summary.gateway_cache_hits + summary.redis_hits, requests)
            }
            Metric::MonthlyCostUsd => summary.monthly_cost_usd.total,
        }
    }

    /// `value` in words with honest precision: "2.47%", "1,000 environments", "$1,234.56".
    pub fn format(self, value: f64) -> String {
        if !value.is_finite() {
            return "—".to_owned();
        }
        match self.unit() {
            "%" if value != 0.0 && value.abs() < 0.1 => format!("{value:.3}%"),
            "%" => format!("{value:.2}%"),
            "ms" => format!("{value:.1} ms"),
            "US dollars a month" => format!("${} a month", money(value)),
            unit if value.fract() == 0.0 && value.abs() < 1e15 => {
                format!("{} {unit}", thousands(value.abs() as u64))
            }
            unit => format!("{value:.1} {unit}"),
        }
    }
}

/// Dollars with cents and thousands separators: `1,234.56`.
pub fn money(value: f64) -> String {
    let cents = (value.abs() * 100.0).round() as u64;
    let sign = if value < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", thousands(cents / 100), cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_name(metric.name()), Some(metric));
        }
        assert_eq!(Metric::from_name("p99"), None);
    }

    #[test]
    fn shares_are_percentages_and_empty_runs_read_zero() {
        let summary = Summary {
            requests: 2_000,
            throttled: 50,
            db_timeouts: 3,
            db_rejections: 1,
            invocations: 0,
            ..Summary::default()
        };
        assert_eq!(Metric::ThrottleRate.value(&summary), 2.5);
        assert_eq!(Metric::DbErrorRate.value(&summary), 0.2);
        assert_eq!(Metric::ColdStartRate.value(&summary), 0.0);
        assert_eq!(Metric::ThrottleRate.value(&Summary::default()), 0.0);
    }

    #[test]
    fn readings_are_formatted_with_their_units() {
        assert_eq!(Metric::ThrottleRate.format(2.5), "2.50%");
        assert_eq!(Metric::ThrottleRate.format(0.012_34), "0.012%");
        assert_eq!(Metric::P99LatencyMs.format(312.04), "312.0 ms");
        assert_eq!(Metric::PeakConcurrency.format(1_000.0), "1,000 environments");
        assert_eq!(Metric::MeanConcurrency.format(999.46), "999.5 environments");
        assert_eq!(Metric::MonthlyCostUsd.format(1_234.567), "$1,234.57 a month");
        assert_eq!(Metric::MonthlyCostUsd.format(f64::NAN), "—");
        assert_eq!(money(-0.001), "0.00");
    }
}
