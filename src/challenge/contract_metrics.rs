//! The metric names a challenge's contract may use, for the build-time checker.
//!
//! The metrics themselves (what each one measures, its unit, how it reads) are the shared
//! [`crate::metric::Metric`]. That module needs the model, which a build script cannot link, so
//! this self-contained list repeats each name with its variant and whether it is a share; a
//! native test (`challenge::tests`) keeps the two identical. `build.rs` and the content tests
//! include this file through `#[path]`.

/// One metric as a contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractMetric {
    /// The name in `challenges.toml` (`p99_latency_ms`).
    pub name: &'static str,
    /// The variant of `crate::metric::Metric`.
    pub variant: &'static str,
    /// Whether the value is a share in percent (so a threshold is at most 100).
    pub percent: bool,
}

const fn metric(name: &'static str, variant: &'static str, percent: bool) -> ContractMetric {
    ContractMetric { name, variant, percent }
}

/// Every metric a clause may bound, in `Metric::ALL` order.
pub const CONTRACT_METRICS: [ContractMetric; 14] = [
    metric("requests", "Requests", false),
    metric("throttle_rate", "ThrottleRate", true),
    metric("error_rate", "ErrorRate", true),
    metric("db_error_rate", "DbErrorRate", true),
    metric("cold_start_rate", "ColdStartRate", true),
    metric("p50_latency_ms", "P50LatencyMs", false),
    metric("p99_latency_ms", "P99LatencyMs", false),
    metric("mean_concurrency", "MeanConcurrency", false),
    metric("peak_concurrency", "PeakConcurrency", false),
    metric("db_mean_connections", "DbMeanConnections", false),
    metric("db_peak_connections", "DbPeakConnections", false),
    metric("db_queries", "DbQueries", false),
    metric("cache_hit_rate", "CacheHitRate", true),
    metric("monthly_cost_usd", "MonthlyCostUsd", false),
];

/// The contract metric called `name`.
pub fn find(name: &str) -> Option<ContractMetric> {
    CONTRACT_METRICS.into_iter().find(|metric| metric.name == name)
}
