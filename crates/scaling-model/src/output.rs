//! What a run produces: time-series rows, the run summary with its bill, and animation snapshots.

use crate::cost::HOURS_PER_MONTH;
use serde::{Deserialize, Serialize};

/// One row of the time series: what happened during `[start_s, start_s + interval)`, and the
/// state at its end.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeriesRow {
    /// Start of the interval, in seconds.
    pub start_s: f64,
    /// Requests that arrived (at the edge) in the interval.
    pub arrivals: u64,
    /// Requests answered successfully in the interval (from any layer).
    pub completed: u64,
    /// Invocations throttled (HTTP 429, or an async retry scheduled) in the interval.
    pub throttled: u64,
    /// Requests that failed in the interval (database queue timeouts, async events too old).
    pub failed: u64,
    /// Cold starts begun in the interval.
    pub cold_starts: u64,
    /// Environments initialising at the end of the interval.
    pub environments_initializing: u32,
    /// Environments running a request at the end of the interval.
    pub environments_busy: u32,
    /// Environments idle at the end of the interval.
    pub environments_idle: u32,
    /// Of all environments, how many are provisioned (at the end of the interval).
    pub environments_provisioned: u32,
    /// Requests inside the function (initialising or running) at the end of the interval.
    pub in_flight: u32,
    /// CDN hits in the interval.
    pub cdn_hits: u64,
    /// Gateway cache hits in the interval.
    pub gateway_cache_hits: u64,
    /// Redis hits in the interval.
    pub redis_hits: u64,
    /// Database queries started in the interval.
    pub db_queries: u64,
    /// Database connections in use (held or querying) at the end of the interval.
    pub db_busy_connections: u32,
    /// Requests waiting for a database connection at the end of the interval.
    pub db_queue_length: u32,
    /// Queries waiting for one of the database's query slots at the end of the interval.
    pub db_queries_waiting: u32,
    /// Requests refused a database connection at once in the interval.
    pub db_rejections: u64,
    /// Requests that gave up waiting for a database connection in the interval.
    pub db_timeouts: u64,
    /// Median latency of requests completed in the interval, in ms (0 when none completed).
    pub latency_p50_ms: f64,
    /// 95th percentile latency, in ms.
    pub latency_p95_ms: f64,
    /// 99th percentile latency, in ms.
    pub latency_p99_ms: f64,
}

/// Why the function turned a request away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThrottleReason {
    /// Every allowed concurrent execution was busy (the account limit, or the reservation).
    ConcurrencyLimit,
    /// No idle environment, and the function may not start a new one yet (1,000 per 10 s).
    ScalingRate,
    /// The account's requests-per-second limit (10 × its concurrency limit) was reached.
    RequestsPerSecond,
}

/// Throttle events counted by their reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThrottleReasons {
    /// At the concurrency limit.
    pub concurrency_limit: u64,
    /// Out of scaling rate.
    pub scaling_rate: u64,
    /// Over the requests-per-second limit.
    pub requests_per_second: u64,
}

/// Percentiles of a set of times, in milliseconds: the latency of successfully answered
/// requests, or the duration of invocations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest seen.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

/// The bill, in US dollars, one field per priced item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Bill {
    /// Lambda requests (every invocation that ran).
    pub lambda_requests: f64,
    /// On-demand duration (GB-seconds, including billed init).
    pub lambda_on_demand_duration: f64,
    /// Provisioned concurrency, standing charge for the time it was configured.
    pub provisioned_standby: f64,
    /// Duration of invocations served by provisioned environments.
    pub provisioned_duration: f64,
    /// API Gateway requests.
    pub gateway_requests: f64,
    /// API Gateway cache hours.
    pub gateway_cache: f64,
    /// CDN requests.
    pub cdn_requests: f64,
    /// Redis node hours.
    pub redis: f64,
    /// Database instance hours.
    pub database: f64,
    /// Connection proxy hours.
    pub proxy: f64,
    /// Sum of all lines.
    pub total: f64,
}

impl Bill {
    /// The same bill multiplied by `factor` (used to project a run to a month).
    pub fn scaled(&self, factor: f64) -> Bill {
        Bill {
            lambda_requests: self.lambda_requests * factor,
            lambda_on_demand_duration: self.lambda_on_demand_duration * factor,
            provisioned_standby: self.provisioned_standby * factor,
            provisioned_duration: self.provisioned_duration * factor,
            gateway_requests: self.gateway_requests * factor,
            gateway_cache: self.gateway_cache * factor,
            cdn_requests: self.cdn_requests * factor,
            redis: self.redis * factor,
            database: self.database * factor,
            proxy: self.proxy * factor,
            total: self.total * factor,
        }
    }

    /// The sum of two bills, line by line.
    pub fn plus(&self, other: &Bill) -> Bill {
        Bill {
            lambda_requests: self.lambda_requests + other.lambda_requests,
            lambda_on_demand_duration: self.lambda_on_demand_duration
                + other.lambda_on_demand_duration,
            provisioned_standby: self.provisioned_standby + other.provisioned_standby,
            provisioned_duration: self.provisioned_duration + other.provisioned_duration,
            gateway_requests: self.gateway_requests + other.gateway_requests,
            gateway_cache: self.gateway_cache + other.gateway_cache,
            cdn_requests: self.cdn_requests + other.cdn_requests,
            redis: self.redis + other.redis,
            database: self.database + other.database,
            proxy: self.proxy + other.proxy,
            total: self.total + other.total,
        }
    }

    /// The lines charged by the hour whether or not traffic came (provisioned standby, the
    /// gateway cache, Redis, the database, the proxy); every other line is zero. The total is
    /// their sum.
    pub fn standing(&self) -> Bill {
        let mut bill = Bill {
            provisioned_standby: self.provisioned_standby,
            gateway_cache: self.gateway_cache,
            redis: self.redis,
            database: self.database,
            proxy: self.proxy,
            ..Bill::default()
        };
        bill.total = bill.lines().iter().map(|(_, dollars)| dollars).sum();
        bill
    }

    /// The lines charged per request or per GB-second of work (everything [`Bill::standing`]
    /// leaves out); the total is their sum.
    pub fn usage(&self) -> Bill {
        let standing = self.standing();
        let mut bill = Bill {
            lambda_requests: self.lambda_requests,
            lambda_on_demand_duration: self.lambda_on_demand_duration,
            provisioned_duration: self.provisioned_duration,
            gateway_requests: self.gateway_requests,
            cdn_requests: self.cdn_requests,
            ..Bill::default()
        };
        bill.total = bill.lines().iter().map(|(_, dollars)| dollars).sum();
        debug_assert!(bill.plus(&standing).lines() == self.lines());
        bill
    }

    /// A 730-hour month in which a run like this one (its bill `self`, `run_seconds` long)
    /// happens `runs_per_month` times and nothing else comes: the usage lines times
    /// `runs_per_month`, the standing lines for the whole month. With `runs_per_month` equal
    /// to the month's length over the run's, this is [`Bill::scaled`] to a month.
    pub fn month_of_runs(&self, run_seconds: f64, runs_per_month: f64) -> Bill {
        if run_seconds <= 0.0 {
            return Bill::default();
        }
        let month_s = HOURS_PER_MONTH * 3_600.0;
        self.usage().scaled(runs_per_month).plus(&self.standing().scaled(month_s / run_seconds))
    }

    /// The lines as (name, dollars) pairs, in bill order, without the total.
    pub fn lines(&self) -> [(&'static str, f64); 10] {
        [
            ("Lambda requests", self.lambda_requests),
            ("Lambda on-demand duration", self.lambda_on_demand_duration),
            ("Provisioned concurrency standby", self.provisioned_standby),
            ("Provisioned concurrency duration", self.provisioned_duration),
            ("API Gateway requests", self.gateway_requests),
            ("API Gateway cache", self.gateway_cache),
            ("CDN requests", self.cdn_requests),
            ("Redis", self.redis),
            ("Database", self.database),
            ("Connection proxy", self.proxy),
        ]
    }
}

/// Everything a run adds up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Requests that arrived.
    pub requests: u64,
    /// Requests answered successfully (by a cache or the function).
    pub completed: u64,
    /// Requests finally throttled (sync 429s). Async events being retried are not counted here.
    pub throttled: u64,
    /// Throttle events, including each async retry that was throttled again.
    pub throttle_events: u64,
    /// Throttle events by reason.
    pub throttle_reasons: ThrottleReasons,
    /// Requests that failed for another reason (database timeouts and rejections, async events
    /// older than the maximum age).
    pub failed: u64,
    /// Requests still in flight (or waiting for an async retry) when the run ended.
    pub in_flight: u64,
    /// Function invocations that ran (cache hits never invoke the function).
    pub invocations: u64,
    /// Invocations that waited for a cold start.
    pub cold_starts: u64,
    /// Cold starts divided by invocations.
    pub cold_start_probability: f64,
    /// Throttle events divided by attempts to invoke the function (invocations plus throttle
    /// events); for synchronous traffic, the share of requests reaching the function that got
    /// a 429.
    pub throttle_probability: f64,
    /// Failed requests divided by requests.
    pub failure_probability: f64,
    /// Time-averaged number of environments (initialising, busy and idle).
    pub mean_environments: f64,
    /// Time-averaged number of busy environments (running a request, initialising included).
    pub mean_busy_environments: f64,
    /// Time-averaged number of idle environments.
    pub mean_idle_environments: f64,
    /// Most environments alive at once.
    pub peak_environments: u32,
    /// Most requests inside the function at once.
    pub peak_concurrency: u32,
    /// CDN hits.
    pub cdn_hits: u64,
    /// Gateway cache hits.
    pub gateway_cache_hits: u64,
    /// Redis hits.
    pub redis_hits: u64,
    /// Redis misses.
    pub redis_misses: u64,
    /// Database queries run.
    pub db_queries: u64,
    /// Requests refused a database connection at once.
    pub db_rejections: u64,
    /// Requests that gave up waiting for a database connection.
    pub db_timeouts: u64,
    /// Mean wait for a database connection, in ms, over requests that got one.
    pub db_mean_wait_ms: f64,
    /// Mean wait of a query for a query slot (the database's CPU), in ms.
    pub db_mean_query_wait_ms: f64,
    /// Most database connections in use at once.
    pub db_peak_connections: u32,
    /// Time-averaged database connections in use.
    pub db_mean_busy_connections: f64,
    /// Latency of successfully answered requests.
    pub latency_ms: Latency,
    /// Mean time an invocation kept its environment busy (handler plus data calls), in ms.
    pub mean_invocation_ms: f64,
    /// The bill for the simulated time.
    pub cost_usd: Bill,
    /// The same bill projected to a 730-hour month at this run's average rate.
    pub monthly_cost_usd: Bill,
    /// Length of the run, in seconds.
    pub simulated_seconds: f64,
}

/// The state of one execution environment (a cashier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentState {
    /// Starting: a cold start (putting on the apron).
    Initializing,
    /// Running a request.
    Busy,
    /// Warm and waiting for a request.
    Idle,
}

/// One environment as a figure draws it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentView {
    /// Stable identifier for the environment's life.
    pub id: u32,
    /// What it is doing.
    pub state: EnvironmentState,
    /// Whether it is a provisioned (always warm) environment.
    pub provisioned: bool,
    /// Seconds since it was created.
    pub age_s: f64,
    /// Seconds since it entered its current state.
    pub in_state_s: f64,
}

/// Kinds of notable events kept for animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A request arrived at the edge.
    Arrival,
    /// A request was turned away with a 429 (or queued for an async retry).
    Throttle,
    /// A request was answered by the function.
    Completion,
    /// A request was answered by the CDN.
    CdnHit,
    /// A request was answered by the gateway cache.
    GatewayCacheHit,
    /// The function found the value in Redis.
    RedisHit,
    /// A new environment started a cold start.
    ColdStart,
    /// A request failed (database timeout or rejection).
    Failure,
}

/// One recent event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    /// When it happened, in seconds.
    pub time_s: f64,
    /// What happened.
    pub kind: EventKind,
    /// The key the request asked for.
    pub key: u32,
}

/// A cache entry as a figure draws it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CacheEntryView {
    /// The key.
    pub key: u32,
    /// Seconds until it goes stale.
    pub remaining_ttl_s: f64,
}

/// Running totals since the start of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    /// Requests that arrived.
    pub arrivals: u64,
    /// Requests answered.
    pub completed: u64,
    /// Throttle events.
    pub throttled: u64,
    /// Throttle events by reason.
    pub throttle_reasons: ThrottleReasons,
    /// Requests failed.
    pub failed: u64,
    /// Cold starts.
    pub cold_starts: u64,
    /// CDN hits.
    pub cdn_hits: u64,
    /// Gateway cache hits.
    pub gateway_cache_hits: u64,
    /// Redis hits.
    pub redis_hits: u64,
    /// Database queries.
    pub db_queries: u64,
}

/// The state of the whole stack at one moment, for drawing a frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Simulated time, in seconds.
    pub time_s: f64,
    /// The concurrency the function may reach (reserved or account limit).
    pub concurrency_limit: u32,
    /// Requests inside the function (initialising or running).
    pub in_flight: u32,
    /// Every environment alive, provisioned ones first, then by id.
    pub environments: Vec<EnvironmentView>,
    /// Scaling tokens left: how many new environments may start right now.
    pub scaling_tokens: f64,
    /// Requests waiting for a database connection.
    pub db_queue_length: u32,
    /// Database (or proxy pool) connections in use.
    pub db_busy_connections: u32,
    /// Database (or proxy pool) connections available in all.
    pub db_connection_capacity: u32,
    /// Queries the database is running (at most its query slots).
    pub db_queries_running: u32,
    /// Queries waiting for a query slot.
    pub db_queries_waiting: u32,
    /// Fresh gateway cache entries (at most the number asked for, most popular keys first).
    pub gateway_cache: Vec<CacheEntryView>,
    /// Fresh Redis entries (same rule).
    pub redis_cache: Vec<CacheEntryView>,
    /// Fresh CDN entries (same rule).
    pub cdn_cache: Vec<CacheEntryView>,
    /// Recent events since the previous snapshot, evenly sampled down to the number asked for.
    pub recent_events: Vec<EventView>,
    /// How many events happened since the previous snapshot, before sampling.
    pub recent_event_total: u64,
    /// Running totals.
    pub totals: Counters,
}

impl Snapshot {
    /// Environments in a given state.
    pub fn count(&self, state: EnvironmentState) -> usize {
        self.environments.iter().filter(|env| env.state == state).count()
    }
}
