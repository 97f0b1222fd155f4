//! The measurable outcomes a challenge's contract can name, with their names and units.
//!
//! Self-contained on purpose: `build.rs` includes this file through `#[path]` to check metric
//! names in `chapters/scaling/challenges.toml`, so it depends on nothing else in the crate.
//! The computation of each metric from a run lives in the grader (`challenge::grade`).

/// One outcome of a replay that a contract clause can bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// 99th percentile latency of successfully answered requests, in ms.
    P99LatencyMs,
    /// Requests finally throttled (HTTP 429) divided by requests that arrived.
    ThrottleRate,
    /// Requests that failed at the database (gave up waiting for a connection, or were
    /// refused one) divided by requests that arrived.
    DbErrorRate,
    /// Every request not answered successfully (throttled or failed) divided by requests that
    /// arrived. Requests still in flight when the replay ends count as neither.
    ErrorRate,
    /// The run's bill projected to a 730-hour month at the run's average rate, in US dollars.
    MonthlyCostUsd,
    /// Invocations that waited for a cold start divided by invocations that ran.
    ColdStartRate,
}

/// How a metric's value reads: a count of milliseconds, a share, or dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds.
    Ms,
    /// A share between 0 and 1, shown as a percentage.
    Share,
    /// US dollars a month.
    UsdPerMonth,
}

impl Metric {
    /// Every metric, in the order they are documented.
    pub const ALL: [Metric; 6] = [
        Metric::P99LatencyMs,
        Metric::ThrottleRate,
        Metric::DbErrorRate,
        Metric::ErrorRate,
        Metric::MonthlyCostUsd,
        Metric::ColdStartRate,
    ];

    /// The metric's name in challenge files.
    pub fn name(self) -> &'static str {
        match self {
            Metric::P99LatencyMs => "p99_latency_ms",
            Metric::ThrottleRate => "throttle_rate",
            Metric::DbErrorRate => "db_error_rate",
            Metric::ErrorRate => "error_rate",
            Metric::MonthlyCostUsd => "monthly_cost_usd",
            Metric::ColdStartRate => "cold_start_rate",
        }
    }

    /// The metric whose name is `name`.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|metric| metric.name() == name)
    }

    /// What the metric is called in sentences and tables.
    pub fn label(self) -> &'static str {
        match self {
            Metric::P99LatencyMs => "p99 latency",
            Metric::ThrottleRate => "throttled requests",
            Metric::DbErrorRate => "database errors",
            Metric::ErrorRate => "failed requests",
            Metric::MonthlyCostUsd => "monthly cost",
            Metric::ColdStartRate => "cold starts",
        }
    }

    /// The metric's unit.
    pub fn unit(self) -> Unit {
        match self {
            Metric::P99LatencyMs => Unit::Ms,
            Metric::MonthlyCostUsd => Unit::UsdPerMonth,
            Metric::ThrottleRate
            | Metric::DbErrorRate
            | Metric::ErrorRate
            | Metric::ColdStartRate => Unit::Share,
        }
    }

    /// The largest threshold that makes sense (shares cannot exceed 1).
    pub fn max_threshold(self) -> f64 {
        match self.unit() {
            Unit::Share => 1.0,
            Unit::Ms | Unit::UsdPerMonth => f64::MAX,
        }
    }

    /// `value` in the metric's unit, for people: "312 ms", "0.42%", "$1,234".
    pub fn format(self, value: f64) -> String {
        match self.unit() {
            Unit::Ms => format!("{} ms", group(value.round())),
            Unit::Share => {
                let percent = value * 100.0;
                if percent == 0.0 {
                    "0%".to_owned()
                } else if percent < 1.0 {
                    format!("{percent:.2}%")
                } else {
                    format!("{percent:.1}%")
                }
            }
            Unit::UsdPerMonth => format!("${} a month", group(value.round())),
        }
    }
}

/// A whole, non-negative number with thousands separators (negative values show as 0).
fn group(value: f64) -> String {
    let digits = if value.is_finite() && value > 0.0 { format!("{value:.0}") } else { "0".into() };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_values_read_with_units() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_name(metric.name()), Some(metric));
        }
        assert_eq!(Metric::from_name("p99"), None);
        assert_eq!(Metric::P99LatencyMs.format(312.4), "312 ms");
        assert_eq!(Metric::ThrottleRate.format(0.0042), "0.42%");
        assert_eq!(Metric::ErrorRate.format(0.125), "12.5%");
        assert_eq!(Metric::DbErrorRate.format(0.0), "0%");
        assert_eq!(Metric::MonthlyCostUsd.format(12_345.6), "$12,346 a month");
        assert_eq!(Metric::MonthlyCostUsd.format(f64::NAN), "$0 a month");
    }
}
