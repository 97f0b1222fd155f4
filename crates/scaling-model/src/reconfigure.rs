//! Deriving a run's settings from its scenario, and changing the scenario of a running
//! simulation (a slider moved) without losing its environments, caches and history.

use crate::config::{Invocation, Scenario, Variability};
use crate::cost;
use crate::engine::Simulation;
use crate::error::ConfigError;
use crate::output::EnvironmentState;
use crate::sampling::{Duration, to_us};
use crate::sizing;
use crate::traffic::Arrivals;

fn fixed(field: &str, value: impl std::fmt::Display) -> ConfigError {
    ConfigError::Inconsistent {
        field: field.to_owned(),
        value: value.to_string(),
        allowed: "unchanged in a running simulation (start a new one to change it)".to_owned(),
    }
}

impl Simulation {
    /// Switches the running simulation to `scenario` from now on. Environments, requests in
    /// flight, cache entries, the time series and the bill so far are kept; new arrivals
    /// follow the new traffic, new invocations the new limits and durations. Cache entries
    /// keep the expiry they were given; a lower limit throttles new requests until enough
    /// running ones finish; extra provisioned environments are ready at once (AWS takes a
    /// minute or two to allocate them), and surplus ones retire when next idle. The bill
    /// prices each stretch of time with the scenario in force then.
    ///
    /// What defines the run itself cannot change: the seed, length, series interval, keys,
    /// invocation type, event recording, the CDN's edge locations, the connection policy and
    /// the proxy's presence.
    pub fn reconfigure(&mut self, scenario: Scenario) -> Result<(), ConfigError> {
        scenario.validate()?;
        let old = &self.scenario;
        let unchanged: [(&str, bool, String); 9] = [
            ("seed", scenario.seed == old.seed, scenario.seed.to_string()),
            ("duration_s", scenario.duration_s == old.duration_s, scenario.duration_s.to_string()),
            ("interval_s", scenario.interval_s == old.interval_s, scenario.interval_s.to_string()),
            ("keys", scenario.keys == old.keys, format!("{:?}", scenario.keys)),
            (
                "cdn.edge_locations",
                scenario.cdn.edge_locations == old.cdn.edge_locations,
                scenario.cdn.edge_locations.to_string(),
            ),
            (
                "invocation",
                scenario.invocation == old.invocation,
                format!("{:?}", scenario.invocation),
            ),
            (
                "record_events",
                scenario.record_events == old.record_events,
                scenario.record_events.to_string(),
            ),
            (
                "database.connection_policy",
                scenario.database.connection_policy == old.database.connection_policy,
                format!("{:?}", scenario.database.connection_policy),
            ),
            (
                "database.proxy.enabled",
                scenario.database.proxy.enabled == old.database.proxy.enabled,
                scenario.database.proxy.enabled.to_string(),
            ),
        ];
        if let Some((field, _, value)) = unchanged.into_iter().find(|(_, same, _)| !same) {
            return Err(fixed(field, value));
        }
        // Close the bill of the old scenario up to now.
        let usage = self.usage();
        let stretch = usage.since(&self.segment_start);
        self.billed_before = self.billed_before.plus(&cost::bill(&self.scenario, &stretch));
        self.segment_start = usage;

        let traffic_changed = scenario.traffic != self.scenario.traffic;
        self.scenario = scenario;
        self.apply_scenario();
        self.adjust_provisioned();
        self.admit_waiters();
        if traffic_changed {
            self.arrivals = Arrivals::resume(&self.scenario.traffic, self.now_us);
            self.arrival_generation += 1;
            self.schedule_next_arrival();
        }
        Ok(())
    }

    /// Derives every setting the engine reads from `self.scenario`.
    pub(crate) fn apply_scenario(&mut self) {
        let scenario = &self.scenario;
        let function = &scenario.function;
        let database = &scenario.database;
        let ms = |value: f64| to_us(value * 1_000.0);
        let sync = scenario.invocation == Invocation::Sync;
        let redis_on = database.enabled && scenario.redis.enabled;
        let (pool_capacity, wait_timeout_ms) = if database.proxy.enabled {
            (database.proxy.pool_connections, database.proxy.borrow_timeout_ms)
        } else {
            (database.max_connections, database.queue_timeout_ms)
        };
        let init_variability = Variability::LogNormal { cv: function.init_cv };
        self.sync = sync;
        self.limit = scenario.concurrency_limit();
        self.idle_timeout_us = to_us(function.idle_timeout_s * 1e6);
        self.handler = Duration::new(
            sizing::handler_mean_ms(function) * 1_000.0,
            function.handler_variability,
        );
        self.init = Duration::new(sizing::init_mean_ms(function) * 1_000.0, init_variability);
        self.placement = Duration::new(function.placement_ms * 1_000.0, init_variability);
        self.query = Duration::new(database.query_ms * 1_000.0, database.query_variability);
        self.connect_us = ms(sizing::connect_ms(database, function.memory_mb));
        self.redis_latency_us = ms(scenario.redis.latency_ms);
        self.proxy_latency_us = ms(database.proxy.added_latency_ms);
        self.wait_timeout_us = ms(wait_timeout_ms);
        self.cdn_ttl_us = if sync { to_us(scenario.cdn.ttl_s * 1e6) } else { 0 };
        self.gateway_ttl_us = if sync { to_us(scenario.gateway.cache_ttl_s * 1e6) } else { 0 };
        self.redis_ttl_us = if redis_on { to_us(scenario.redis.ttl_s * 1e6) } else { 0 };
        self.cdn_hit_us = ms(scenario.cdn.hit_latency_ms);
        self.cdn_miss_us = if self.cdn_ttl_us > 0 { ms(scenario.cdn.miss_latency_ms) } else { 0 };
        self.gateway_us = ms(scenario.gateway.overhead_ms);
        self.gateway_hit_us = ms(scenario.gateway.cache_hit_latency_ms);
        let keys = scenario.keys.key_count as usize;
        let cdn_slots = keys * scenario.cdn.edge_locations as usize;
        for (ttl_us, slots, len) in [
            (self.cdn_ttl_us, &mut self.cdn, cdn_slots),
            (self.gateway_ttl_us, &mut self.gateway, keys),
            (self.redis_ttl_us, &mut self.redis, keys),
        ] {
            if ttl_us > 0 && slots.is_empty() {
                *slots = vec![0; len];
            }
        }
        let scaling = f64::from(function.scaling_rate_per_10s);
        self.scaling.set_rate(scaling, scaling / 10.0, self.now_us);
        let requests_per_second = 10.0 * f64::from(function.account_concurrency_limit);
        self.requests_per_second.set_rate(requests_per_second, requests_per_second, self.now_us);
        self.pool.capacity = pool_capacity;
        self.query_slots.capacity = database.query_slots;
    }

    /// Lets queued requests and queries into capacity a reconfiguration added.
    fn admit_waiters(&mut self) {
        loop {
            let requests = &self.requests;
            let admitted = self.pool.admit(|request, token| {
                requests.get(request as usize).is_some_and(|r| r.wait_token == token)
            });
            match admitted {
                Some(id) => self.granted(id),
                None => break,
            }
        }
        while let Some(id) = self.query_slots.admit(|_, _| true) {
            self.run_query(id);
        }
    }

    /// Brings the provisioned environments to the scenario's provisioned concurrency.
    pub(crate) fn adjust_provisioned(&mut self) {
        let target = self.scenario.function.provisioned_concurrency;
        let mut staying = self.provisioned_alive - self.provisioned_excess;
        while staying < target && self.provisioned_excess > 0 {
            self.provisioned_excess -= 1;
            staying += 1;
        }
        for _ in staying..target {
            let id = self.new_environment(true, EnvironmentState::Idle);
            self.provisioned_idle.push(id);
        }
        let mut surplus = staying.saturating_sub(target);
        while surplus > 0 {
            match self.provisioned_idle.pop() {
                Some(env) => self.remove_environment(env),
                None => {
                    self.provisioned_excess += surplus;
                    break;
                }
            }
            surplus -= 1;
        }
    }
}
