//! The bill: what a run used, priced with the scenario's list prices.

use crate::config::{ApiKind, Architecture, GATEWAY_CACHE_SIZES, Invocation, Scenario};
use crate::output::Bill;

/// Hours in the month a bill is projected to (AWS prices a month as 730 hours).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The priced quantities of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    /// Function invocations that ran.
    pub invocations: u64,
    /// Billed milliseconds on on-demand environments (handler, rounded up per invocation,
    /// plus billed init).
    pub on_demand_ms: u64,
    /// Billed milliseconds on provisioned environments.
    pub provisioned_ms: u64,
    /// Requests that reached API Gateway.
    pub gateway_requests: u64,
    /// Requests that reached the CDN.
    pub cdn_requests: u64,
    /// Length of the run, in seconds.
    pub seconds: f64,
}

impl Usage {
    /// What was used between `earlier` and `self` (both running totals).
    pub fn since(&self, earlier: &Usage) -> Usage {
        Usage {
            invocations: self.invocations - earlier.invocations,
            on_demand_ms: self.on_demand_ms - earlier.on_demand_ms,
            provisioned_ms: self.provisioned_ms - earlier.provisioned_ms,
            gateway_requests: self.gateway_requests - earlier.gateway_requests,
            cdn_requests: self.cdn_requests - earlier.cdn_requests,
            seconds: self.seconds - earlier.seconds,
        }
    }
}

/// Prices `usage` for `scenario`.
pub fn bill(scenario: &Scenario, usage: &Usage) -> Bill {
    let prices = &scenario.prices;
    let function = &scenario.function;
    let memory_gb = f64::from(function.memory_mb) / 1_024.0;
    let hours = usage.seconds / 3_600.0;
    let (duration_price, standby_price, provisioned_duration_price) = function_prices(scenario);
    let gateway_price = match scenario.gateway.api {
        ApiKind::Rest => prices.rest_api_per_million,
        ApiKind::Http => prices.http_api_per_million,
    };
    let cache_hourly = GATEWAY_CACHE_SIZES
        .iter()
        .find(|(size, _)| *size == scenario.gateway.cache_size_gb)
        .map_or(0.0, |(_, price)| *price);
    let sync = scenario.invocation == Invocation::Sync;
    let database = &scenario.database;
    let mut bill = Bill {
        lambda_requests: usage.invocations as f64 / 1e6 * prices.lambda_requests_per_million,
        lambda_on_demand_duration: usage.on_demand_ms as f64 / 1_000.0 * memory_gb * duration_price,
        provisioned_standby: f64::from(function.provisioned_concurrency)
            * memory_gb
            * usage.seconds
            * standby_price,
        provisioned_duration: usage.provisioned_ms as f64 / 1_000.0
            * memory_gb
            * provisioned_duration_price,
        gateway_requests: usage.gateway_requests as f64 / 1e6 * gateway_price,
        gateway_cache: if sync && scenario.gateway.cache_ttl_s > 0.0 {
            cache_hourly * hours
        } else {
            0.0
        },
        cdn_requests: usage.cdn_requests as f64 / 1e6 * prices.cdn_per_million,
        redis: if database.enabled && scenario.redis.enabled {
            prices.redis_per_hour * hours
        } else {
            0.0
        },
        database: if database.enabled { prices.database_per_hour * hours } else { 0.0 },
        proxy: if database.enabled && database.proxy.enabled {
            prices.proxy_per_vcpu_hour * f64::from(database.vcpus) * hours
        } else {
            0.0
        },
        total: 0.0,
    };
    bill.total = bill.lines().iter().map(|(_, dollars)| dollars).sum();
    bill
}

/// The share of time a provisioned environment must be busy for provisioned concurrency to
/// cost less than on-demand: standby / (on-demand − provisioned duration). About 0.60 at the
/// default x86_64 and arm64 prices (DER, model-facts §2).
pub fn provisioned_break_even_utilization(scenario: &Scenario) -> f64 {
    let (on_demand, standby, duration) = function_prices(scenario);
    standby / (on_demand - duration)
}

/// The function's per-GB-second prices for its architecture: on-demand duration,
/// provisioned standby and duration on provisioned environments.
fn function_prices(scenario: &Scenario) -> (f64, f64, f64) {
    let prices = &scenario.prices;
    match scenario.function.architecture {
        Architecture::X86_64 => (
            prices.duration_gb_s_x86,
            prices.provisioned_gb_s_x86,
            prices.provisioned_duration_gb_s_x86,
        ),
        Architecture::Arm64 => (
            prices.duration_gb_s_arm,
            prices.provisioned_gb_s_arm,
            prices.provisioned_duration_gb_s_arm,
        ),
    }
}
