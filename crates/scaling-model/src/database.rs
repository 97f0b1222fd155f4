//! The database step of a request: Redis miss → connection (per request, per environment,
//! or through the proxy's pool, queued with a timeout) → a query slot (the database's CPU,
//! queued without one) → query → release.

use crate::config::ConnectionPolicy;
use crate::engine::Simulation;
use crate::event::Step;

impl Simulation {
    pub(crate) fn start_database(&mut self, id: u32) {
        let env = self.requests[id as usize].env as usize;
        let per_request = self.scenario.database.connection_policy == ConnectionPolicy::PerRequest;
        let needs_connection = per_request || !self.environments[env].has_connection;
        if self.scenario.database.proxy.enabled {
            // Function → proxy connections are cheap for the database: only the pool counts.
            if needs_connection {
                self.push(self.now_us + self.connect_us, Step::Connected, id, 0);
            } else {
                self.acquire(id);
            }
        } else if needs_connection {
            self.acquire(id);
        } else {
            self.start_query(id);
        }
    }

    /// Asks the pool (the database's connections, or the proxy's) for a connection.
    pub(crate) fn acquire(&mut self, id: u32) {
        if self.pool.try_acquire() {
            return self.granted(id);
        }
        if self.wait_timeout_us == 0 {
            self.metrics.db_rejection();
            return self.fail(id);
        }
        let token = self.next_token;
        self.next_token += 1;
        let request = &mut self.requests[id as usize];
        request.wait_token = token;
        request.wait_start_us = self.now_us;
        self.pool.enqueue(id, token);
        self.push(self.now_us + self.wait_timeout_us, Step::WaitTimeout, id, token);
    }

    /// A connection from the pool is ours.
    pub(crate) fn granted(&mut self, id: u32) {
        let now = self.now_us;
        let request = self.requests[id as usize];
        self.metrics
            .db_wait(now - if request.wait_token != 0 { request.wait_start_us } else { now });
        self.requests[id as usize].wait_token = 0;
        if self.scenario.database.proxy.enabled {
            self.requests[id as usize].holds_connection = true;
            return self.start_query(id);
        }
        match self.scenario.database.connection_policy {
            ConnectionPolicy::PerRequest => self.requests[id as usize].holds_connection = true,
            ConnectionPolicy::PerEnvironment => {
                self.environments[request.env as usize].has_connection = true;
            }
        }
        self.push(now + self.connect_us, Step::Connected, id, 0);
    }

    pub(crate) fn after_connect(&mut self, id: u32) {
        if self.scenario.database.proxy.enabled {
            let env = self.requests[id as usize].env as usize;
            if self.scenario.database.connection_policy == ConnectionPolicy::PerEnvironment {
                self.environments[env].has_connection = true;
            }
            self.acquire(id);
        } else {
            self.start_query(id);
        }
    }

    /// A query waits for one of the database's query slots (its CPU), however long it takes.
    pub(crate) fn start_query(&mut self, id: u32) {
        self.requests[id as usize].wait_start_us = self.now_us;
        if self.query_slots.try_acquire() {
            self.run_query(id);
        } else {
            self.query_slots.enqueue(id, 0);
        }
    }

    pub(crate) fn run_query(&mut self, id: u32) {
        self.metrics.db_query(self.now_us - self.requests[id as usize].wait_start_us);
        let proxy_us = if self.scenario.database.proxy.enabled { self.proxy_latency_us } else { 0 };
        let query_us = self.query.sample_us(&mut self.rng);
        self.push(self.now_us + proxy_us + query_us, Step::QueryDone, id, 0);
    }

    pub(crate) fn finish_query(&mut self, id: u32) {
        // Queries never give up waiting for a slot, so every queued one is live.
        if let Some(next) = self.query_slots.release(|_, _| true) {
            self.run_query(next);
        }
        self.release_request_connection(id);
        if self.redis_ttl_us > 0 {
            let key = self.requests[id as usize].key as usize;
            self.redis[key] = self.now_us + self.redis_ttl_us;
        }
        self.respond(id);
    }

    pub(crate) fn release_request_connection(&mut self, id: u32) {
        if std::mem::take(&mut self.requests[id as usize].holds_connection) {
            self.release_connection();
        }
    }

    pub(crate) fn release_connection(&mut self) {
        let requests = &self.requests;
        if let Some(next) = self.pool.release(|request, token| {
            requests.get(request as usize).is_some_and(|r| r.wait_token == token)
        }) {
            self.granted(next);
        }
    }
}
