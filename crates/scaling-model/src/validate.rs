//! Validation of a scenario: every number finite and in range, and no two fields in conflict.
//! Each error names the field as written in a scenario file, the value and what is allowed.

use crate::config::{
    ApiKind, CDN_MAX_TTL_S, GATEWAY_CACHE_SIZES, GATEWAY_MAX_TTL_S, MAX_DURATION_S,
    MAX_EDGE_LOCATIONS, MAX_KEYS, MAX_RATE_PER_S, MAX_REPLAY_ARRIVALS, MEMORY_RANGE_MB, Scenario,
    Traffic, UNRESERVED_MINIMUM, Variability,
};
use crate::error::ConfigError;

/// Checks that `value` is a finite number in `[min, max]`.
fn check(field: &str, value: f64, min: f64, max: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value >= min && value <= max {
        Ok(())
    } else {
        Err(ConfigError::range(field, value, format!("{min} to {max}")))
    }
}

fn check_u32(field: &str, value: u32, min: u32, max: u32) -> Result<(), ConfigError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::range(field, value, format!("{min} to {max}")))
    }
}

fn check_variability(field: &str, variability: &Variability) -> Result<(), ConfigError> {
    match variability {
        Variability::LogNormal { cv } => check(field, *cv, 0.0, 10.0),
        Variability::Deterministic | Variability::Exponential => Ok(()),
    }
}

impl Scenario {
    /// Checks every field, returning the first problem found.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check("duration_s", self.duration_s, 0.001, MAX_DURATION_S)?;
        check("interval_s", self.interval_s, 0.001, MAX_DURATION_S)?;
        if self.duration_s / self.interval_s > 1_000_000.0 {
            return Err(ConfigError::Inconsistent {
                field: "interval_s".to_owned(),
                value: self.interval_s.to_string(),
                allowed: "at least duration_s / 1,000,000 (at most a million rows)".to_owned(),
            });
        }
        self.validate_traffic()?;
        check_u32("keys.key_count", self.keys.key_count, 1, MAX_KEYS)?;
        check("keys.zipf_exponent", self.keys.zipf_exponent, 0.0, 5.0)?;
        check("cdn.ttl_s", self.cdn.ttl_s, 0.0, CDN_MAX_TTL_S)?;
        check("cdn.hit_latency_ms", self.cdn.hit_latency_ms, 0.0, 60_000.0)?;
        check("cdn.miss_latency_ms", self.cdn.miss_latency_ms, 0.0, 60_000.0)?;
        check_u32("cdn.edge_locations", self.cdn.edge_locations, 1, MAX_EDGE_LOCATIONS)?;
        if u64::from(self.cdn.edge_locations) * u64::from(self.keys.key_count) > u64::from(MAX_KEYS)
        {
            return Err(ConfigError::Inconsistent {
                field: "cdn.edge_locations".to_owned(),
                value: self.cdn.edge_locations.to_string(),
                allowed: format!(
                    "at most {MAX_KEYS} slots with keys.key_count (one per location and key)"
                ),
            });
        }
        self.validate_gateway()?;
        self.validate_function()?;
        check("redis.ttl_s", self.redis.ttl_s, 0.0, MAX_DURATION_S)?;
        check("redis.latency_ms", self.redis.latency_ms, 0.0, 60_000.0)?;
        self.validate_database()?;
        self.validate_prices()
    }

    fn validate_traffic(&self) -> Result<(), ConfigError> {
        match &self.traffic {
            Traffic::Constant { rate_per_s } | Traffic::Poisson { rate_per_s } => {
                check("traffic.rate_per_s", *rate_per_s, 0.0, MAX_RATE_PER_S)
            }
            Traffic::Spike { baseline_per_s, peak_per_s, start_s, ramp_s, plateau_s, decay_s } => {
                check("traffic.baseline_per_s", *baseline_per_s, 0.0, MAX_RATE_PER_S)?;
                check("traffic.peak_per_s", *peak_per_s, 0.0, MAX_RATE_PER_S)?;
                check("traffic.start_s", *start_s, 0.0, MAX_DURATION_S)?;
                check("traffic.ramp_s", *ramp_s, 0.0, MAX_DURATION_S)?;
                check("traffic.plateau_s", *plateau_s, 0.0, MAX_DURATION_S)?;
                check("traffic.decay_s", *decay_s, 0.0, MAX_DURATION_S)
            }
            Traffic::DailyWave { mean_per_s, amplitude, period_s, peak_at_s } => {
                check("traffic.mean_per_s", *mean_per_s, 0.0, MAX_RATE_PER_S)?;
                check("traffic.amplitude", *amplitude, 0.0, 1.0)?;
                check("traffic.period_s", *period_s, 1.0, MAX_DURATION_S)?;
                check("traffic.peak_at_s", *peak_at_s, 0.0, MAX_DURATION_S)
            }
            Traffic::Replay { arrival_times_s } => {
                if arrival_times_s.len() > MAX_REPLAY_ARRIVALS {
                    return Err(ConfigError::range(
                        "traffic.arrival_times_s",
                        format!("{} arrivals", arrival_times_s.len()),
                        format!("at most {MAX_REPLAY_ARRIVALS} arrivals"),
                    ));
                }
                for (index, time_s) in arrival_times_s.iter().enumerate() {
                    check(
                        &format!("traffic.arrival_times_s[{index}]"),
                        *time_s,
                        0.0,
                        MAX_DURATION_S,
                    )?;
                }
                Ok(())
            }
        }
    }

    fn validate_gateway(&self) -> Result<(), ConfigError> {
        let gateway = &self.gateway;
        check("gateway.overhead_ms", gateway.overhead_ms, 0.0, 60_000.0)?;
        check("gateway.cache_ttl_s", gateway.cache_ttl_s, 0.0, GATEWAY_MAX_TTL_S)?;
        check("gateway.cache_hit_latency_ms", gateway.cache_hit_latency_ms, 0.0, 60_000.0)?;
        if !GATEWAY_CACHE_SIZES.iter().any(|(size, _)| *size == gateway.cache_size_gb) {
            return Err(ConfigError::range(
                "gateway.cache_size_gb",
                gateway.cache_size_gb,
                "one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237",
            ));
        }
        if gateway.api == ApiKind::Http && gateway.cache_ttl_s > 0.0 {
            return Err(ConfigError::Inconsistent {
                field: "gateway.cache_ttl_s".to_owned(),
                value: gateway.cache_ttl_s.to_string(),
                allowed: "0 when gateway.api is \"http\" (HTTP APIs have no response cache)"
                    .to_owned(),
            });
        }
        Ok(())
    }

    fn validate_function(&self) -> Result<(), ConfigError> {
        let function = &self.function;
        check_u32(
            "function.account_concurrency_limit",
            function.account_concurrency_limit,
            1,
            1_000_000,
        )?;
        if let Some(reserved) = function.reserved_concurrency {
            let most = function.account_concurrency_limit.saturating_sub(UNRESERVED_MINIMUM);
            if reserved > most {
                return Err(ConfigError::Inconsistent {
                    field: "function.reserved_concurrency".to_owned(),
                    value: reserved.to_string(),
                    allowed: format!(
                        "at most function.account_concurrency_limit − {} = {most}",
                        UNRESERVED_MINIMUM
                    ),
                });
            }
        }
        check_u32("function.scaling_rate_per_10s", function.scaling_rate_per_10s, 1, 10_000_000)?;
        let limit = self.concurrency_limit();
        let most_provisioned = match function.reserved_concurrency {
            Some(reserved) => reserved,
            None => function.account_concurrency_limit.saturating_sub(UNRESERVED_MINIMUM),
        };
        if function.provisioned_concurrency > most_provisioned.min(limit) {
            return Err(ConfigError::Inconsistent {
                field: "function.provisioned_concurrency".to_owned(),
                value: function.provisioned_concurrency.to_string(),
                allowed: format!(
                    "at most {} (the reserved concurrency, or the account limit − {})",
                    most_provisioned.min(limit),
                    UNRESERVED_MINIMUM
                ),
            });
        }
        let (min_mb, max_mb) = MEMORY_RANGE_MB;
        check_u32("function.memory_mb", function.memory_mb, min_mb, max_mb)?;
        check_u32("function.reference_memory_mb", function.reference_memory_mb, min_mb, max_mb)?;
        check("function.arm64_speed_factor", function.arm64_speed_factor, 0.25, 4.0)?;
        check("function.handler_ms", function.handler_ms, 0.0, 900_000.0)?;
        check("function.cpu_bound_fraction", function.cpu_bound_fraction, 0.0, 1.0)?;
        check_u32("function.handler_threads", function.handler_threads, 1, 64)?;
        check_variability("function.handler_variability.cv", &function.handler_variability)?;
        check("function.package_size_mb", function.package_size_mb, 0.0, 250.0)?;
        if let Some(init_ms) = function.init_ms_override {
            check("function.init_ms_override", init_ms, 0.0, 900_000.0)?;
        }
        check("function.placement_ms", function.placement_ms, 0.0, 60_000.0)?;
        check("function.init_cv", function.init_cv, 0.0, 10.0)?;
        check("function.idle_timeout_s", function.idle_timeout_s, 0.0, MAX_DURATION_S)
    }

    fn validate_database(&self) -> Result<(), ConfigError> {
        let database = &self.database;
        check_u32("database.max_connections", database.max_connections, 1, 1_000_000)?;
        check_u32("database.query_slots", database.query_slots, 1, 1_000_000)?;
        check("database.query_ms", database.query_ms, 0.0, 900_000.0)?;
        check_variability("database.query_variability.cv", &database.query_variability)?;
        check("database.queue_timeout_ms", database.queue_timeout_ms, 0.0, 900_000.0)?;
        check("database.connect_network_ms", database.connect_network_ms, 0.0, 60_000.0)?;
        check(
            "database.connect_cpu_ms_at_one_vcpu",
            database.connect_cpu_ms_at_one_vcpu,
            0.0,
            60_000.0,
        )?;
        check_u32("database.vcpus", database.vcpus, 1, 1_024)?;
        let proxy = &database.proxy;
        // The pool must fit in the database only when the proxy is in the path.
        let most_pooled = if proxy.enabled { database.max_connections } else { 1_000_000 };
        check_u32("database.proxy.pool_connections", proxy.pool_connections, 1, most_pooled)?;
        check("database.proxy.added_latency_ms", proxy.added_latency_ms, 0.0, 60_000.0)?;
        check("database.proxy.borrow_timeout_ms", proxy.borrow_timeout_ms, 0.0, 900_000.0)
    }

    fn validate_prices(&self) -> Result<(), ConfigError> {
        let p = &self.prices;
        for (field, value) in [
            ("prices.lambda_requests_per_million", p.lambda_requests_per_million),
            ("prices.duration_gb_s_x86", p.duration_gb_s_x86),
            ("prices.duration_gb_s_arm", p.duration_gb_s_arm),
            ("prices.provisioned_gb_s_x86", p.provisioned_gb_s_x86),
            ("prices.provisioned_gb_s_arm", p.provisioned_gb_s_arm),
            ("prices.provisioned_duration_gb_s_x86", p.provisioned_duration_gb_s_x86),
            ("prices.provisioned_duration_gb_s_arm", p.provisioned_duration_gb_s_arm),
            ("prices.rest_api_per_million", p.rest_api_per_million),
            ("prices.http_api_per_million", p.http_api_per_million),
            ("prices.cdn_per_million", p.cdn_per_million),
            ("prices.redis_per_hour", p.redis_per_hour),
            ("prices.database_per_hour", p.database_per_hour),
            ("prices.proxy_per_vcpu_hour", p.proxy_per_vcpu_hour),
        ] {
            check(field, value, 0.0, 1_000_000.0)?;
        }
        Ok(())
    }
}
