//! The database step of a request: Redis miss → connection (per request, per environment,
//! or through the proxy's pool) → query → release, with the queue and its timeout.

use crate::config::ConnectionPolicy;
use crate::engine::Simulation;
use crate::event::Step;

// FIXME: the database has no throughput limit of its own: with a connection per environment,
// queries never wait for its CPU. The right model gives it query slots (about its vCPUs) that
// running queries queue for, so a small instance slows down under thousands of queries a second.

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

    pub(crate) fn start_query(&mut self, id: u32) {
        self.metrics.db_query();
        let proxy_us = if self.scenario.database.proxy.enabled { self.proxy_latency_us } else { 0 };
        let query_us = self.query.sample_us(&mut self.rng);
        self.push(self.now_us + proxy_us + query_us, Step::QueryDone, id, 0);
    }

    pub(crate) fn finish_query(&mut self, id: u32) {
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
