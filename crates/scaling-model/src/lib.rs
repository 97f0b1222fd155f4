//! A deterministic simulation of a serverless stack, for teaching how it scales.
//!
//! Requests arrive ([`Traffic`]), may be answered by the CDN edge or the API Gateway response
//! cache, and otherwise invoke a Lambda function. The function runs in execution
//! environments limited by the account's (or the function's reserved) concurrency and by
//! the per-function scaling rate; a new environment pays a cold start, an idle one is
//! reclaimed after a timeout, and provisioned environments stay warm. The handler may read
//! Redis and then the database, whose connections are limited and queued for. The run
//! produces a time series, a summary with latency percentiles and a bill in dollars, and
//! snapshots a figure can draw.
//!
//! ```
//! use scaling_model::{Scenario, Simulation, Traffic};
//!
//! let mut scenario = Scenario::default();
//! scenario.traffic = Traffic::Poisson { rate_per_s: 200.0 };
//! scenario.duration_s = 30.0;
//! let mut simulation = Simulation::new(scenario)?;
//! simulation.advance_to(10.0);
//! let frame = simulation.snapshot(100);
//! assert!(frame.in_flight <= frame.concurrency_limit);
//! simulation.run_to_end();
//! let summary = simulation.summary();
//! assert_eq!(summary.requests, summary.completed + summary.throttled + summary.failed
//!     + summary.in_flight);
//! # Ok::<(), scaling_model::ConfigError>(())
//! ```
//!
//! Every default and its source is documented in [`config`]. The same scenario and seed give
//! the same run on every platform: time is kept in integer microseconds, events are ordered
//! by (time, insertion number), and all randomness comes from one seeded ChaCha8 generator
//! whose floating-point transforms use `libm`.

#![deny(missing_docs)]

mod bucket;
pub mod config;
pub mod cost;
mod database;
mod edge;
mod engine;
mod error;
mod event;
mod metrics;
pub mod output;
mod pool;
mod reconfigure;
mod report;
mod sampling;
pub mod sizing;
mod traffic;
mod validate;

pub use config::{
    ApiKind, Architecture, CdnConfig, ConnectionPolicy, DatabaseConfig, FunctionConfig,
    GatewayConfig, Invocation, KeyPopularity, Prices, ProxyConfig, RedisConfig, Runtime, Scenario,
    Traffic, Variability,
};
pub use engine::Simulation;
pub use error::ConfigError;
pub use output::{
    Bill, CacheEntryView, Counters, EnvironmentState, EnvironmentView, EventKind, EventView,
    Latency, SeriesRow, Snapshot, Summary, ThrottleReason, ThrottleReasons,
};

/// Runs `scenario` to its end and returns the summary and the time series.
pub fn run(scenario: Scenario) -> Result<(Summary, Vec<SeriesRow>), ConfigError> {
    let mut simulation = Simulation::new(scenario)?;
    simulation.run_to_end();
    let summary = simulation.summary();
    Ok((summary, simulation.metrics.rows))
}
