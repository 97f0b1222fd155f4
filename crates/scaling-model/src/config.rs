//! The scenario: every input of a run, with its unit, its default and the source of that default.
//!
//! Sources are those of `shared/reference/model-facts.md` and carry its kinds: DOC (vendor
//! documentation or price list), MEAS (a measurement), DER (arithmetic on those), ASSUMP (a
//! modelling choice). Every struct rejects unknown fields, so a typo in a scenario file is an
//! error rather than a silently ignored setting.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// One complete simulation input: traffic, the stack it flows through, prices, seed and length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// A short name shown in reports.
    pub name: String,
    /// Seed of all randomness in the run. The same scenario and seed give the same run.
    pub seed: u64,
    /// Simulated time, in seconds. Default 60.
    pub duration_s: f64,
    /// Width of one time-series row, in seconds. Default 1.
    pub interval_s: f64,
    /// Keep recent events (arrivals, throttles, completions, hits) for animation. Costs a little
    /// speed; the headless runner turns it off.
    pub record_events: bool,
    /// How requests arrive.
    pub traffic: Traffic,
    /// Which key each request asks for (drives every cache's hit ratio).
    pub keys: KeyPopularity,
    /// Synchronous (the caller waits, throttles are 429s) or asynchronous (Lambda queues and
    /// retries).
    pub invocation: Invocation,
    /// The CDN edge cache in front of the API.
    pub cdn: CdnConfig,
    /// API Gateway and its optional response cache.
    pub gateway: GatewayConfig,
    /// The Lambda function.
    pub function: FunctionConfig,
    /// An optional Redis (ElastiCache) cache between the function and the database.
    pub redis: RedisConfig,
    /// The relational database behind everything.
    pub database: DatabaseConfig,
    /// List prices used for the bill.
    pub prices: Prices,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "default".to_owned(),
            seed: 1,
            duration_s: 60.0,
            interval_s: 1.0,
            record_events: true,
            traffic: Traffic::default(),
            keys: KeyPopularity::default(),
            invocation: Invocation::Sync,
            cdn: CdnConfig::default(),
            gateway: GatewayConfig::default(),
            function: FunctionConfig::default(),
            redis: RedisConfig::default(),
            database: DatabaseConfig::default(),
            prices: Prices::default(),
        }
    }
}

/// The arrival process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Traffic {
    /// Evenly spaced arrivals, `rate_per_s` per second.
    Constant {
        /// Requests per second.
        rate_per_s: f64,
    },
    /// A Poisson process: independent, exponentially spaced arrivals.
    Poisson {
        /// Mean requests per second.
        rate_per_s: f64,
    },
    /// A Poisson spike: baseline, linear ramp up, plateau at the peak, linear decay, baseline.
    /// "100,000 users within 10 seconds" is a plateau of 10 s at 10,000 per second.
    Spike {
        /// Requests per second before and after the spike.
        baseline_per_s: f64,
        /// Requests per second on the plateau.
        peak_per_s: f64,
        /// When the ramp starts, in seconds.
        start_s: f64,
        /// Length of the ramp up, in seconds (0 = a step).
        ramp_s: f64,
        /// Length of the plateau, in seconds.
        plateau_s: f64,
        /// Length of the decay back to the baseline, in seconds (0 = a step).
        decay_s: f64,
    },
    /// A Poisson daily wave:
    /// `mean_per_s × (1 + amplitude × cos(2π (t − peak_at_s) / period_s))`.
    DailyWave {
        /// Mean requests per second over a period.
        mean_per_s: f64,
        /// Relative swing, 0 (flat) to 1 (down to zero at the trough).
        amplitude: f64,
        /// Length of one wave, in seconds (86,400 for a day).
        period_s: f64,
        /// When the peak happens, in seconds from the start.
        peak_at_s: f64,
    },
    /// Replays a recorded list of arrival times, in seconds from the start (any order).
    Replay {
        /// Arrival times, in seconds.
        arrival_times_s: Vec<f64>,
    },
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic::Poisson { rate_per_s: 100.0 }
    }
}

/// Key popularity: request keys follow a Zipf law over `key_count` keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeyPopularity {
    /// Number of distinct keys (1 = every request asks for the same thing). Default 1,000.
    pub key_count: u32,
    /// Zipf exponent: 0 is uniform, 1 is the classic web popularity (ASSUMP). Default 1.
    pub zipf_exponent: f64,
}

impl Default for KeyPopularity {
    fn default() -> Self {
        KeyPopularity { key_count: 1_000, zipf_exponent: 1.0 }
    }
}

/// How the function is invoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invocation {
    /// The caller waits; a request over the limit fails at once with HTTP 429.
    Sync,
    /// Lambda queues the event; a throttled event is retried with exponential backoff from 1 s
    /// to 5 min for up to 6 h (DOC: invocation-async-error-handling.html).
    Async,
}

/// The CDN edge cache (CloudFront or similar). TTL 0 disables it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CdnConfig {
    /// How long an edge entry stays fresh, in seconds; 0 disables the CDN. Default 0.
    /// CloudFront allows 0 to 31,536,000 s (DOC: CachePolicyConfig).
    pub ttl_s: f64,
    /// Latency of an edge hit, in milliseconds. Default 10 (ASSUMP: a nearby edge).
    pub hit_latency_ms: f64,
    /// Extra latency of a miss on its way to the origin, in milliseconds. Default 20 (ASSUMP).
    pub miss_latency_ms: f64,
    /// Edge locations the audience is spread over, each keeping its own copy of every key, so
    /// the origin sees up to one request per location per key per TTL. Default 1 (ASSUMP: one
    /// nearby location; CloudFront has hundreds, and regional edge caches between them and the
    /// origin collapse misses further, which the model leaves out).
    pub edge_locations: u32,
}

impl Default for CdnConfig {
    fn default() -> Self {
        CdnConfig { ttl_s: 0.0, hit_latency_ms: 10.0, miss_latency_ms: 20.0, edge_locations: 1 }
    }
}

/// Which API Gateway product fronts the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKind {
    /// REST API: has a stage response cache; $3.50 per million requests (DOC).
    Rest,
    /// HTTP API: no built-in cache; $1.00 per million requests (DOC).
    Http,
}

/// API Gateway in front of the function, with its optional response cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GatewayConfig {
    /// REST or HTTP API. Default REST, the only kind with a cache (DOC: api-gateway-caching.html).
    pub api: ApiKind,
    /// Latency the gateway adds to every request it handles, in milliseconds. Default 5 (ASSUMP).
    pub overhead_ms: f64,
    /// Response-cache TTL in seconds: 0 disables, at most 3,600 (DOC). Default 0.
    pub cache_ttl_s: f64,
    /// Provisioned cache size in GB; one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 (DOC).
    /// Default 0.5.
    pub cache_size_gb: f64,
    /// Latency of a cache hit, in milliseconds. Default 2 (ASSUMP).
    pub cache_hit_latency_ms: f64,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            api: ApiKind::Rest,
            overhead_ms: 5.0,
            cache_ttl_s: 0.0,
            cache_size_gb: 0.5,
            cache_hit_latency_ms: 2.0,
        }
    }
}

/// The gateway cache sizes in GB and their hourly price in US dollars, us-east-1
/// (DOC: aws.amazon.com/api-gateway/pricing, via two agreeing secondary copies).
pub const GATEWAY_CACHE_SIZES: [(f64, f64); 8] = [
    (0.5, 0.020),
    (1.6, 0.038),
    (6.1, 0.200),
    (13.5, 0.250),
    (28.4, 0.500),
    (58.2, 1.000),
    (118.0, 1.900),
    (237.0, 3.800),
];

/// The processor architecture of the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Intel/AMD.
    X86_64,
    /// AWS Graviton: 20% lower price per GB-second (DOC); speed depends on the code.
    Arm64,
}

/// A Lambda runtime, which sets the typical init (cold-start) duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Runtime {
    Nodejs22,
    Nodejs24,
    Python312,
    Python313,
    Java21,
    Java25,
    Dotnet8,
    Dotnet10,
    Go,
    Rust,
    Llrt,
}

/// How handler durations vary around their mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Variability {
    /// Always exactly the mean.
    Deterministic,
    /// Exponential (coefficient of variation 1), as queueing theory and SimFaaS assume.
    Exponential,
    /// Log-normal with the given coefficient of variation (standard deviation / mean).
    LogNormal {
        /// Standard deviation divided by the mean, 0 to 10.
        cv: f64,
    },
}

/// The Lambda function: limits, scaling, memory, runtime and the work its handler does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunctionConfig {
    /// Concurrent executions allowed in the Region. Default 1,000
    /// (DOC: operatorguide/scaling-concurrency.html).
    pub account_concurrency_limit: u32,
    /// Reserved concurrency: both a guarantee and a cap for this function; `None` means the
    /// function shares the unreserved pool. At most account limit − 100 (DOC:
    /// configuration-concurrency.html); 0 throttles everything.
    pub reserved_concurrency: Option<u32>,
    /// New environments the function may add per 10 seconds, refilled continuously. Default 1,000
    /// (DOC: scaling-behavior.html, since 2023-11-26).
    pub scaling_rate_per_10s: u32,
    /// Environments kept initialised at all times. Default 0.
    pub provisioned_concurrency: u32,
    /// Memory in MB, 128 to 10,240. Default 128 (DOC: configuration-memory.html).
    pub memory_mb: u32,
    /// x86_64 or arm64. Default x86_64.
    pub architecture: Architecture,
    /// How much faster the handler's CPU-bound part runs on arm64 (1.0 = same, 1.19 = AWS's
    /// "up to 19%" claim). Default 1.0 (ASSUMP: it depends on the code).
    pub arm64_speed_factor: f64,
    /// Mean handler duration in milliseconds at `reference_memory_mb`, without database or
    /// cache calls. Default 100 (ASSUMP).
    pub handler_ms: f64,
    /// The memory size at which `handler_ms` was measured. Default 128.
    pub reference_memory_mb: u32,
    /// Share of the handler's time that is CPU work (0 = all waiting on I/O, 1 = all
    /// computing). Only this part speeds up with memory. Default 0.5 (ASSUMP).
    pub cpu_bound_fraction: f64,
    /// Threads the handler can keep busy; more than one vCPU (above 1,769 MB) only helps
    /// multi-threaded code. Default 1.
    pub handler_threads: u32,
    /// How handler durations vary. Default log-normal with CV 0.3 (ASSUMP).
    pub handler_variability: Variability,
    /// Runtime, which sets the init duration. Default nodejs22.
    pub runtime: Runtime,
    /// Zipped deployment package size in MB. Each MB beyond the first adds about 100 ms of
    /// init (DER from Shilkov's 1 KB / 14 MB / 35 MB measurements). Default 1.
    pub package_size_mb: f64,
    /// Replace the runtime's init duration with this many milliseconds.
    pub init_ms_override: Option<f64>,
    /// Platform time to place a new environment, on top of init, in milliseconds. Default 120
    /// (DER: Shilkov's 0.26 s end-to-end Node cold start minus lambda-perf's ~137 ms init).
    pub placement_ms: f64,
    /// Coefficient of variation of cold-start durations. Default 0.15 (MEAS: lambda-perf's
    /// ±10–20% daily spread).
    pub init_cv: f64,
    /// An idle environment is reclaimed after this many seconds. Default 600 (ASSUMP: SimFaaS
    /// and its AWS validation; AWS does not document it).
    pub idle_timeout_s: f64,
}

impl Default for FunctionConfig {
    fn default() -> Self {
        FunctionConfig {
            account_concurrency_limit: 1_000,
            reserved_concurrency: None,
            scaling_rate_per_10s: 1_000,
            provisioned_concurrency: 0,
            memory_mb: 128,
            architecture: Architecture::X86_64,
            arm64_speed_factor: 1.0,
            handler_ms: 100.0,
            reference_memory_mb: 128,
            cpu_bound_fraction: 0.5,
            handler_threads: 1,
            handler_variability: Variability::LogNormal { cv: 0.3 },
            runtime: Runtime::Nodejs22,
            package_size_mb: 1.0,
            init_ms_override: None,
            placement_ms: 120.0,
            init_cv: 0.15,
            idle_timeout_s: 600.0,
        }
    }
}

/// Redis (ElastiCache) between the function and the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedisConfig {
    /// Whether the function checks Redis before the database. Default false.
    pub enabled: bool,
    /// How long a cached value stays fresh, in seconds. Default 300 (ASSUMP).
    pub ttl_s: f64,
    /// Round trip of a Redis call, in milliseconds. Default 0.5 (ASSUMP from DOC "sub-millisecond"
    /// and a measured same-AZ p50 of 0.42 ms).
    pub latency_ms: f64,
}

impl Default for RedisConfig {
    fn default() -> Self {
        RedisConfig { enabled: false, ttl_s: 300.0, latency_ms: 0.5 }
    }
}

/// How functions get database connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionPolicy {
    /// Open (TCP + TLS + auth) and close a connection inside every request.
    PerRequest,
    /// Open one connection outside the handler and keep it for the environment's whole life
    /// (DOC: Lambda best practices). It counts against `max_connections` even while idle.
    PerEnvironment,
}

/// A connection proxy (RDS Proxy) that multiplexes client connections onto a small pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProxyConfig {
    /// Whether the proxy is in the path. Default false.
    pub enabled: bool,
    /// Database connections the proxy keeps open and shares. Default 100 (ASSUMP).
    pub pool_connections: u32,
    /// Latency the proxy adds per query, in milliseconds. Default 1 (ASSUMP).
    pub added_latency_ms: f64,
    /// How long a query may wait for a pooled connection, in milliseconds. Default 120,000
    /// (ASSUMP: RDS Proxy's default connection borrow timeout).
    pub borrow_timeout_ms: f64,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            enabled: false,
            pool_connections: 100,
            added_latency_ms: 1.0,
            borrow_timeout_ms: 120_000.0,
        }
    }
}

/// The relational database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// Whether requests read from the database at all. Default true.
    pub enabled: bool,
    /// Maximum simultaneous connections. Default 150 (MEAS: RDS MySQL db.t3.small default).
    pub max_connections: u32,
    /// Queries the database runs at once (its CPU, the cooks at the grill); more wait in its
    /// run queue, without a timeout. Default 8 (ASSUMP: about four per vCPU of a 2-vCPU
    /// instance, so 1,600 queries a second of 5 ms).
    pub query_slots: u32,
    /// Mean query service time, in milliseconds. Default 5 (ASSUMP, as in model-facts §6).
    pub query_ms: f64,
    /// How query times vary. Default exponential.
    pub query_variability: Variability,
    /// How long a request waits for a free connection before failing, in milliseconds
    /// (0 = fail at once, "too many connections"). Default 1,000 (ASSUMP).
    pub queue_timeout_ms: f64,
    /// Per request or per environment. Default per environment (the documented best practice).
    pub connection_policy: ConnectionPolicy,
    /// Network part of opening a connection (about 5–7 round trips), in milliseconds.
    /// Default 2 (ASSUMP).
    pub connect_network_ms: f64,
    /// CPU part of opening a TLS connection with one full vCPU, in milliseconds; divided by the
    /// function's CPU share. Default 50 (DER: 745 ms measured at 128 MB ≈ 7% of a vCPU).
    pub connect_cpu_ms_at_one_vcpu: f64,
    /// vCPUs of the database instance (prices the proxy). Default 2 (ASSUMP: a t3.small).
    pub vcpus: u32,
    /// The optional connection proxy.
    pub proxy: ProxyConfig,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            enabled: true,
            max_connections: 150,
            query_slots: 8,
            query_ms: 5.0,
            query_variability: Variability::Exponential,
            queue_timeout_ms: 1_000.0,
            connection_policy: ConnectionPolicy::PerEnvironment,
            connect_network_ms: 2.0,
            connect_cpu_ms_at_one_vcpu: 50.0,
            vcpus: 2,
            proxy: ProxyConfig::default(),
        }
    }
}

/// List prices in US dollars (us-east-1, as of 2026).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prices {
    /// Lambda requests, per million. Default 0.20 (DOC: AWS Price List).
    pub lambda_requests_per_million: f64,
    /// On-demand duration per GB-second, x86_64. Default 0.0000166667 (DOC, first tier).
    pub duration_gb_s_x86: f64,
    /// On-demand duration per GB-second, arm64. Default 0.0000133334 (DOC, first tier).
    pub duration_gb_s_arm: f64,
    /// Provisioned concurrency standby per GB-second, x86_64. Default 0.0000041667 (DOC).
    pub provisioned_gb_s_x86: f64,
    /// Provisioned concurrency standby per GB-second, arm64. Default 0.0000033334 (DOC).
    pub provisioned_gb_s_arm: f64,
    /// Duration on provisioned environments per GB-second, x86_64. Default 0.0000097222 (DOC).
    pub provisioned_duration_gb_s_x86: f64,
    /// Duration on provisioned environments per GB-second, arm64. Default 0.0000077778 (DOC).
    pub provisioned_duration_gb_s_arm: f64,
    /// REST API requests, per million. Default 3.50 (DOC, first 333 M).
    pub rest_api_per_million: f64,
    /// HTTP API requests, per million. Default 1.00 (DOC, first 300 M).
    pub http_api_per_million: f64,
    /// CDN requests, per million. Default 0.75 (ASSUMP: CloudFront's US HTTPS request price,
    /// not in model-facts; data transfer is not priced).
    pub cdn_per_million: f64,
    /// Redis node, per hour. Default 0.068 (ASSUMP: a small ElastiCache node; not in model-facts).
    pub redis_per_hour: f64,
    /// Database instance, per hour. Default 0.068 (ASSUMP: a db.t3.small-class instance; not in
    /// model-facts).
    pub database_per_hour: f64,
    /// Connection proxy, per database vCPU-hour. Default 0.015 (ASSUMP: RDS Proxy's list price;
    /// not in model-facts).
    pub proxy_per_vcpu_hour: f64,
}

impl Default for Prices {
    fn default() -> Self {
        Prices {
            lambda_requests_per_million: 0.20,
            duration_gb_s_x86: 0.000_016_666_7,
            duration_gb_s_arm: 0.000_013_333_4,
            provisioned_gb_s_x86: 0.000_004_166_7,
            provisioned_gb_s_arm: 0.000_003_333_4,
            provisioned_duration_gb_s_x86: 0.000_009_722_2,
            provisioned_duration_gb_s_arm: 0.000_007_777_8,
            rest_api_per_million: 3.50,
            http_api_per_million: 1.00,
            cdn_per_million: 0.75,
            redis_per_hour: 0.068,
            database_per_hour: 0.068,
            proxy_per_vcpu_hour: 0.015,
        }
    }
}

/// Largest number of keys a scenario may use (each cache keeps one slot per key).
pub const MAX_KEYS: u32 = 10_000_000;

/// Most CDN edge locations a scenario may spread its audience over; the CDN keeps one slot
/// per location and key, and their product is held to [`MAX_KEYS`] as well.
pub const MAX_EDGE_LOCATIONS: u32 = 1_000;
/// Longest simulated run, in seconds (31 days).
pub const MAX_DURATION_S: f64 = 31.0 * 86_400.0;
/// Most arrival times a replay may list.
pub const MAX_REPLAY_ARRIVALS: usize = 50_000_000;
/// The highest arrival rate accepted, per second.
pub const MAX_RATE_PER_S: f64 = 10_000_000.0;
/// Smallest and largest Lambda memory sizes, in MB (DOC).
pub const MEMORY_RANGE_MB: (u32, u32) = (128, 10_240);
/// The gateway cache's longest TTL, in seconds (DOC).
pub const GATEWAY_MAX_TTL_S: f64 = 3_600.0;
/// CloudFront's longest TTL, in seconds (DOC).
pub const CDN_MAX_TTL_S: f64 = 31_536_000.0;
/// Concurrency that must stay unreserved in an account (DOC: configuration-concurrency.html).
pub const UNRESERVED_MINIMUM: u32 = 100;

impl Scenario {
    /// Reads a scenario from TOML or JSON text (JSON when it starts with `{`).
    pub fn from_text(text: &str) -> Result<Scenario, ConfigError> {
        let scenario: Scenario = if text.trim_start().starts_with('{') {
            serde_json::from_str(text)
                .map_err(|error| ConfigError::Parse { message: error.to_string() })?
        } else {
            toml::from_str(text)
                .map_err(|error| ConfigError::Parse { message: error.to_string() })?
        };
        scenario.validate()?;
        Ok(scenario)
    }

    /// The concurrency this function can reach: its reservation, or the account limit.
    pub fn concurrency_limit(&self) -> u32 {
        self.function.reserved_concurrency.unwrap_or(self.function.account_concurrency_limit)
    }
}
