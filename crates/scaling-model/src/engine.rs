//! The discrete-event engine: requests flow edge → gateway → function → Redis → database.
//!
//! Time is kept in whole microseconds and events are ordered by (time, insertion number), so
//! a run is a pure function of its scenario and seed. All state lives in flat vectors indexed
//! by small integers; the costs of an event are a heap operation (logarithmic in the number
//! of pending events) and constant work, never a scan of the environments.
//!
//! Simplifications, each stated where it is made:
//! - Network latency in front of the function (CDN miss, gateway overhead) is added to a
//!   request's latency but does not delay its arrival at the function.
//! - Cache hits at the edge and the gateway are answered at the instant they arrive, with
//!   their hit latency recorded.
//! - Asynchronous events skip the CDN and the gateway (nothing waits for their response).
//! - The CDN has `cdn.edge_locations` locations, each with its own copy of every key; arrivals
//!   take the locations in turn. A miss at a location goes to the origin, and requests for the
//!   same key that reach that location before the answer comes back wait for it (request
//!   collapsing, DOC: CloudFront "simultaneous requests for the same object"). They are
//!   answered as edge hits when it does, or, if it failed, the first of them goes to the
//!   origin in its place and the rest keep waiting.

use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use rand::SeedableRng;

use crate::bucket::TokenBucket;
use crate::config::Scenario;
use crate::cost::Usage;
use crate::error::ConfigError;
use crate::event::{Event, Step};
use crate::metrics::Metrics;
use crate::output::{Bill, EnvironmentState, EventKind, EventView, ThrottleReason};
use crate::pool::ConnectionPool;
use crate::sampling::{Duration, KeySampler, SimRng, to_us};
use crate::traffic::Arrivals;

/// Async retries: the first waits 1 s, each later one twice as long, at most 5 min, for at
/// most 6 h after the event arrived (DOC: invocation-async-error-handling.html).
const ASYNC_FIRST_RETRY_US: u64 = 1_000_000;
const ASYNC_MAX_RETRY_US: u64 = 300_000_000;
const ASYNC_MAX_AGE_US: u64 = 6 * 3_600_000_000;
/// Most events kept for animation between two snapshots.
const EVENT_BUFFER: usize = 16_384;
pub(crate) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Environment {
    pub(crate) created_us: u64,
    pub(crate) state_since_us: u64,
    pub(crate) state: EnvironmentState,
    pub(crate) alive: bool,
    pub(crate) provisioned: bool,
    pub(crate) has_connection: bool,
    pub(crate) request: u32,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Request {
    pub(crate) arrival_us: u64,
    pub(crate) front_latency_us: u64,
    pub(crate) key: u32,
    pub(crate) env: u32,
    pub(crate) attempt: u32,
    pub(crate) cold: bool,
    pub(crate) handler_start_us: u64,
    pub(crate) billed_init_us: u64,
    pub(crate) wait_start_us: u64,
    /// Non-zero while the request waits for a connection.
    pub(crate) wait_token: u64,
    /// Holds a database connection only for this request.
    pub(crate) holds_connection: bool,
    /// The CDN slot (location and key) this request fetches for, when it is the one miss a
    /// location sent to the origin.
    pub(crate) cdn_slot: Option<u32>,
}

/// A simulation in progress. Build it from a [`Scenario`], advance it, read it.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub(crate) scenario: Scenario,
    pub(crate) rng: SimRng,
    pub(crate) arrivals: Arrivals,
    /// Tells the pending arrival of the current traffic from one of a replaced traffic.
    pub(crate) arrival_generation: u64,
    pub(crate) keys: KeySampler,
    pub(crate) now_us: u64,
    pub(crate) end_us: u64,
    pub(crate) heap: BinaryHeap<Event>,
    pub(crate) seq: u64,
    pub(crate) next_token: u64,
    // Stack settings, resolved once.
    pub(crate) sync: bool,
    pub(crate) limit: u32,
    pub(crate) idle_timeout_us: u64,
    pub(crate) handler: Duration,
    pub(crate) init: Duration,
    pub(crate) placement: Duration,
    pub(crate) query: Duration,
    pub(crate) connect_us: u64,
    pub(crate) redis_latency_us: u64,
    pub(crate) proxy_latency_us: u64,
    pub(crate) wait_timeout_us: u64,
    pub(crate) cdn_hit_us: u64,
    pub(crate) cdn_miss_us: u64,
    pub(crate) gateway_us: u64,
    pub(crate) gateway_hit_us: u64,
    pub(crate) cdn_ttl_us: u64,
    pub(crate) gateway_ttl_us: u64,
    pub(crate) redis_ttl_us: u64,
    // Caches: one expiry time per key (0 = empty); the CDN's per location and key.
    pub(crate) cdn: Vec<u64>,
    /// CDN locations (fixed for the run) and arrivals so far, which pick the location.
    pub(crate) cdn_locations: u32,
    pub(crate) cdn_arrivals: u64,
    /// Per CDN slot with a fetch at the origin, the arrival times of requests waiting for it.
    pub(crate) cdn_fetches: BTreeMap<u32, VecDeque<u64>>,
    pub(crate) cdn_waiting: u64,
    pub(crate) gateway: Vec<u64>,
    pub(crate) redis: Vec<u64>,
    // Function state.
    pub(crate) environments: Vec<Environment>,
    pub(crate) free_environments: Vec<u32>,
    pub(crate) provisioned_idle: Vec<u32>,
    /// Provisioned environments alive, and how many of them retire when next idle (after
    /// provisioned concurrency was lowered).
    pub(crate) provisioned_alive: u32,
    pub(crate) provisioned_excess: u32,
    /// On-demand idle environments in the order they became idle, with that time.
    pub(crate) on_demand_idle: VecDeque<(u32, u64)>,
    /// New environments the function may start now (DOC: 1,000 per 10 s, refilled
    /// continuously).
    pub(crate) scaling: TokenBucket,
    /// Invocations the account may start now: 10 × the account concurrency per second (DOC:
    /// lambda-concurrency.html). The burst of one second's worth is ASSUMP.
    pub(crate) requests_per_second: TokenBucket,
    pub(crate) requests: Vec<Request>,
    pub(crate) free_requests: Vec<u32>,
    pub(crate) pool: ConnectionPool,
    /// The database's query slots: queries it runs at once, and those waiting for one.
    pub(crate) query_slots: ConnectionPool,
    pub(crate) metrics: Metrics,
    /// The bill of the scenarios used before the last `reconfigure`, and the usage then.
    pub(crate) billed_before: Bill,
    pub(crate) segment_start: Usage,
    pub(crate) events: VecDeque<EventView>,
    pub(crate) events_since_snapshot: u64,
}

impl Simulation {
    /// Validates `scenario` and sets up the stack at time 0, provisioned environments warm.
    pub fn new(scenario: Scenario) -> Result<Simulation, ConfigError> {
        scenario.validate()?;
        let scaling_capacity = f64::from(scenario.function.scaling_rate_per_10s);
        let rps_limit = 10.0 * f64::from(scenario.function.account_concurrency_limit);
        let mut simulation = Simulation {
            rng: SimRng::seed_from_u64(scenario.seed),
            arrivals: Arrivals::new(&scenario.traffic),
            arrival_generation: 0,
            keys: KeySampler::new(scenario.keys.key_count, scenario.keys.zipf_exponent),
            now_us: 0,
            end_us: to_us(scenario.duration_s * 1e6).max(1),
            heap: BinaryHeap::new(),
            seq: 0,
            next_token: 1,
            // The settings below are placeholders until `apply_scenario` derives them.
            sync: true,
            limit: 0,
            idle_timeout_us: 0,
            handler: Duration::Fixed(0.0),
            init: Duration::Fixed(0.0),
            placement: Duration::Fixed(0.0),
            query: Duration::Fixed(0.0),
            connect_us: 0,
            redis_latency_us: 0,
            proxy_latency_us: 0,
            wait_timeout_us: 0,
            cdn_hit_us: 0,
            cdn_miss_us: 0,
            gateway_us: 0,
            gateway_hit_us: 0,
            cdn_ttl_us: 0,
            gateway_ttl_us: 0,
            redis_ttl_us: 0,
            cdn: Vec::new(),
            cdn_locations: scenario.cdn.edge_locations,
            cdn_arrivals: 0,
            cdn_fetches: BTreeMap::new(),
            cdn_waiting: 0,
            gateway: Vec::new(),
            redis: Vec::new(),
            environments: Vec::new(),
            free_environments: Vec::new(),
            provisioned_idle: Vec::new(),
            provisioned_alive: 0,
            provisioned_excess: 0,
            on_demand_idle: VecDeque::new(),
            scaling: TokenBucket::full(scaling_capacity, scaling_capacity / 10.0),
            requests_per_second: TokenBucket::full(rps_limit, rps_limit),
            requests: Vec::new(),
            free_requests: Vec::new(),
            pool: ConnectionPool::new(0),
            query_slots: ConnectionPool::new(0),
            metrics: Metrics::new(&scenario),
            billed_before: Bill::default(),
            segment_start: Usage::default(),
            events: VecDeque::new(),
            events_since_snapshot: 0,
            scenario,
        };
        simulation.apply_scenario();
        simulation.adjust_provisioned();
        simulation.schedule_next_arrival();
        Ok(simulation)
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Simulated time reached, in seconds.
    pub fn now_s(&self) -> f64 {
        self.now_us as f64 / 1e6
    }

    /// Length of the run, in seconds.
    pub fn duration_s(&self) -> f64 {
        self.end_us as f64 / 1e6
    }

    /// Whether the run has reached its end.
    pub fn is_finished(&self) -> bool {
        self.now_us >= self.end_us
    }

    /// Advances by `step_s` seconds (see [`Simulation::advance_to`]).
    pub fn advance_by(&mut self, step_s: f64) {
        self.advance_to(self.now_s() + step_s);
    }

    /// Runs to the end of the scenario.
    pub fn run_to_end(&mut self) {
        self.advance_to(self.duration_s());
    }

    /// Processes every event up to `time_s` (clamped to the run's length; going back in time
    /// or a non-finite value does nothing). Stepping in any increments gives the same run.
    pub fn advance_to(&mut self, time_s: f64) {
        if !time_s.is_finite() {
            return;
        }
        let target_us = to_us(time_s * 1e6).min(self.end_us);
        if target_us <= self.now_us && self.now_us > 0 {
            return;
        }
        loop {
            let event_us = self.heap.peek().map(|event| event.time_us);
            let expiry_us =
                self.on_demand_idle.front().map(|(_, since)| since + self.idle_timeout_us);
            let expire_first = match (event_us, expiry_us) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(event), Some(expiry)) => expiry <= event,
            };
            let next_us = if expire_first { expiry_us } else { event_us };
            match next_us {
                Some(time_us) if time_us <= target_us => {
                    self.move_clock(time_us);
                    if expire_first {
                        self.expire_oldest_idle();
                    } else if let Some(event) = self.heap.pop() {
                        self.handle(event);
                    }
                }
                _ => break,
            }
        }
        self.move_clock(target_us);
    }

    fn move_clock(&mut self, time_us: u64) {
        let state = self.state_counts();
        self.metrics.advance(time_us, state, self.end_us);
        self.now_us = time_us;
    }

    pub(crate) fn state_counts(&self) -> crate::metrics::StateCounts {
        let idle = (self.provisioned_idle.len() + self.on_demand_idle.len()) as u32;
        crate::metrics::StateCounts {
            initializing: self.metrics.initializing,
            busy: self.metrics.busy,
            idle,
            provisioned: self.provisioned_alive,
            db_busy: self.pool.in_use,
            db_waiting: self.pool.waiting,
            db_queries_waiting: self.query_slots.waiting,
        }
    }

    pub(crate) fn push(&mut self, time_us: u64, step: Step, id: u32, token: u64) {
        self.seq += 1;
        self.heap.push(Event { time_us, seq: self.seq, id, step, token });
    }

    pub(crate) fn record(&mut self, kind: EventKind, key: u32) {
        if !self.scenario.record_events {
            return;
        }
        if self.events.len() == EVENT_BUFFER {
            self.events.pop_front();
        }
        self.events.push_back(EventView { time_s: self.now_s(), kind, key });
        self.events_since_snapshot += 1;
    }

    pub(crate) fn schedule_next_arrival(&mut self) {
        if let Some(time_us) = self.arrivals.next_us(&mut self.rng)
            && time_us < self.end_us
        {
            self.push(time_us.max(self.now_us), Step::Arrival, NONE, self.arrival_generation);
        }
    }

    fn handle(&mut self, event: Event) {
        let id = event.id;
        match event.step {
            // An arrival of traffic that `reconfigure` replaced is dropped.
            Step::Arrival if event.token != self.arrival_generation => {}
            Step::Arrival => {
                self.arrive();
                self.schedule_next_arrival();
            }
            Step::Retry => self.invoke(id),
            Step::InitDone => {
                let request = self.environments[id as usize].request;
                self.set_state(id, EnvironmentState::Busy);
                self.start_handler(request);
            }
            Step::HandlerDone => self.fetch_data(id),
            Step::RedisHit => self.respond(id),
            Step::RedisMiss => self.start_database(id),
            Step::Connected => self.after_connect(id),
            Step::QueryDone => self.finish_query(id),
            Step::WaitTimeout => {
                if self.requests[id as usize].wait_token == event.token {
                    self.requests[id as usize].wait_token = 0;
                    self.pool.abandon();
                    self.metrics.db_timeout();
                    self.fail(id);
                }
            }
        }
    }

    /// The function takes the request: a warm environment, a new one, or a throttle.
    pub(crate) fn invoke(&mut self, id: u32) {
        let now = self.now_us;
        let in_flight = self.metrics.initializing + self.metrics.busy;
        if in_flight >= self.limit {
            return self.throttle(id, ThrottleReason::ConcurrencyLimit);
        }
        if !self.requests_per_second.try_take(now) {
            return self.throttle(id, ThrottleReason::RequestsPerSecond);
        }
        // Which idle environment takes a request: a provisioned one first (AWS serves from
        // provisioned concurrency before scaling on demand, and its duration is cheaper), then
        // the on-demand one that became idle most recently. AWS does not document its choice;
        // most-recent-first keeps the busy set compact, so environments left over from a burst
        // stay idle and are reclaimed, as observed after real bursts.
        let warm = self
            .provisioned_idle
            .pop()
            .or_else(|| self.on_demand_idle.pop_back().map(|(env, _)| env));
        if let Some(env) = warm {
            self.metrics.invocation(false);
            self.environments[env as usize].request = id;
            self.requests[id as usize].env = env;
            self.set_state(env, EnvironmentState::Busy);
            return self.start_handler(id);
        }
        if !self.scaling.try_take(now) {
            return self.throttle(id, ThrottleReason::ScalingRate);
        }
        let env = self.new_environment(false, EnvironmentState::Initializing);
        self.environments[env as usize].request = id;
        let init_us = self.init.sample_us(&mut self.rng);
        let placement_us = self.placement.sample_us(&mut self.rng);
        let request = &mut self.requests[id as usize];
        request.env = env;
        request.cold = true;
        request.billed_init_us = init_us;
        let key = request.key;
        self.metrics.invocation(true);
        self.record(EventKind::ColdStart, key);
        self.push(now + init_us + placement_us, Step::InitDone, env, 0);
    }

    fn throttle(&mut self, id: u32, reason: ThrottleReason) {
        let request = self.requests[id as usize];
        self.metrics.throttle(self.sync, reason);
        self.record(EventKind::Throttle, request.key);
        if self.sync {
            self.free_requests.push(id);
            self.cdn_fetch_done(request.cdn_slot, request.key, false, 0);
            return;
        }
        let doubling = ASYNC_FIRST_RETRY_US.saturating_mul(1 << request.attempt.min(20));
        let retry_us = self.now_us + doubling.min(ASYNC_MAX_RETRY_US);
        if retry_us - request.arrival_us > ASYNC_MAX_AGE_US {
            self.metrics.expired();
            self.record(EventKind::Failure, request.key);
            self.free_requests.push(id);
            return;
        }
        self.requests[id as usize].attempt += 1;
        if retry_us < self.end_us {
            self.push(retry_us, Step::Retry, id, 0);
        }
        // A retry after the end stays in flight, as the event would still be in Lambda's queue.
    }

    pub(crate) fn new_environment(&mut self, provisioned: bool, state: EnvironmentState) -> u32 {
        let environment = Environment {
            created_us: self.now_us,
            state_since_us: self.now_us,
            state,
            alive: true,
            provisioned,
            has_connection: false,
            request: NONE,
        };
        self.metrics.environment_added(state);
        if provisioned {
            self.provisioned_alive += 1;
        }
        match self.free_environments.pop() {
            Some(id) => {
                self.environments[id as usize] = environment;
                id
            }
            None => {
                self.environments.push(environment);
                (self.environments.len() - 1) as u32
            }
        }
    }

    fn set_state(&mut self, env: u32, state: EnvironmentState) {
        let environment = &mut self.environments[env as usize];
        self.metrics.state_change(environment.state, state);
        environment.state = state;
        environment.state_since_us = self.now_us;
    }

    fn start_handler(&mut self, id: u32) {
        let now = self.now_us;
        self.requests[id as usize].handler_start_us = now;
        let handler_us = self.handler.sample_us(&mut self.rng);
        self.push(now + handler_us, Step::HandlerDone, id, 0);
    }

    /// After the handler's own work: Redis, then the database.
    fn fetch_data(&mut self, id: u32) {
        if !self.scenario.database.enabled {
            return self.respond(id);
        }
        if self.redis_ttl_us == 0 {
            return self.start_database(id);
        }
        let key = self.requests[id as usize].key;
        let at = self.now_us + self.redis_latency_us;
        if self.redis[key as usize] > self.now_us {
            self.metrics.redis(true);
            self.record(EventKind::RedisHit, key);
            self.push(at, Step::RedisHit, id, 0);
        } else {
            self.metrics.redis(false);
            self.push(at, Step::RedisMiss, id, 0);
        }
    }

    /// The function answers: bill it, free the environment, fill the caches on the way out.
    pub(crate) fn respond(&mut self, id: u32) {
        let now = self.now_us;
        let request = self.requests[id as usize];
        self.end_invocation(&request);
        let latency_us = now - request.arrival_us + request.front_latency_us;
        self.metrics.completion(latency_us);
        self.record(EventKind::Completion, request.key);
        if self.gateway_ttl_us > 0 {
            self.gateway[request.key as usize] = now + self.gateway_ttl_us;
        }
        self.free_requests.push(id);
        self.cdn_fetch_done(request.cdn_slot, request.key, true, request.front_latency_us);
    }

    /// The request failed inside the function (no database connection): the function returns
    /// an error, is billed, and its environment becomes idle.
    pub(crate) fn fail(&mut self, id: u32) {
        let request = self.requests[id as usize];
        self.release_request_connection(id);
        self.end_invocation(&request);
        self.metrics.failure();
        self.record(EventKind::Failure, request.key);
        self.free_requests.push(id);
        self.cdn_fetch_done(request.cdn_slot, request.key, false, 0);
    }

    fn end_invocation(&mut self, request: &Request) {
        let now = self.now_us;
        let env = request.env;
        let busy_us = now - request.handler_start_us;
        let billed_ms = busy_us.div_ceil(1_000);
        let provisioned = self.environments[env as usize].provisioned;
        if provisioned {
            self.metrics.usage.provisioned_ms += billed_ms;
        } else {
            // On-demand init is billed since 2025-08-01 (DOC: AWS Compute blog, Apr 2025).
            self.metrics.usage.on_demand_ms += billed_ms + request.billed_init_us.div_ceil(1_000);
        }
        self.metrics.invocation_time(busy_us);
        self.set_state(env, EnvironmentState::Idle);
        self.environments[env as usize].request = NONE;
        if provisioned && self.provisioned_excess > 0 {
            self.provisioned_excess -= 1;
            self.remove_environment(env);
        } else if provisioned {
            self.provisioned_idle.push(env);
        } else {
            self.on_demand_idle.push_back((env, now));
        }
    }

    fn expire_oldest_idle(&mut self) {
        if let Some((env, _)) = self.on_demand_idle.pop_front() {
            self.remove_environment(env);
        }
    }

    /// Removes an idle environment, giving back its database connection if it held one.
    pub(crate) fn remove_environment(&mut self, env: u32) {
        let environment = &mut self.environments[env as usize];
        if environment.provisioned {
            self.provisioned_alive -= 1;
        }
        environment.alive = false;
        let held = std::mem::take(&mut environment.has_connection);
        self.metrics.environment_removed(EnvironmentState::Idle);
        self.free_environments.push(env);
        if held && !self.scenario.database.proxy.enabled {
            self.release_connection();
        }
    }
}
