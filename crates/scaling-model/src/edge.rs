//! The edge of the stack: a request's arrival, the CDN (a copy per edge location, and
//! simultaneous misses collapsed into one fetch), then the gateway and its cache on the way to
//! the function.

use std::collections::VecDeque;

use crate::engine::{NONE, Request, Simulation};
use crate::output::EventKind;

impl Simulation {
    /// A request arrives at the edge: CDN, then gateway cache, then the function.
    pub(crate) fn arrive(&mut self) {
        let now = self.now_us;
        let key = self.keys.sample(&mut self.rng);
        self.metrics.arrival();
        self.record(EventKind::Arrival, key);
        let mut cdn_slot = None;
        if self.sync && self.cdn_ttl_us > 0 {
            self.metrics.usage.cdn_requests += 1;
            let location = (self.cdn_arrivals % u64::from(self.cdn_locations)) as u32;
            self.cdn_arrivals += 1;
            let slot = location * self.scenario.keys.key_count + key;
            if self.cdn[slot as usize] > now {
                self.metrics.cdn_hit(self.cdn_hit_us);
                self.record(EventKind::CdnHit, key);
                return;
            }
            if let Some(waiting) = self.cdn_fetches.get_mut(&slot) {
                waiting.push_back(now);
                self.cdn_waiting += 1;
                return;
            }
            self.cdn_fetches.insert(slot, VecDeque::new());
            cdn_slot = Some(slot);
        }
        self.pass_edge(now, key, cdn_slot);
    }

    /// A request past the edge (a CDN miss, or no CDN): the gateway and its cache, then the
    /// function. `cdn_slot` is the CDN slot it fetches for, if any.
    pub(crate) fn pass_edge(&mut self, arrival_us: u64, key: u32, cdn_slot: Option<u32>) {
        let now = self.now_us;
        let mut front_latency_us = 0;
        if self.sync {
            if cdn_slot.is_some() {
                front_latency_us += self.cdn_miss_us;
            }
            self.metrics.usage.gateway_requests += 1;
            front_latency_us += self.gateway_us;
            if self.gateway_ttl_us > 0 && self.gateway[key as usize] > now {
                self.metrics.gateway_hit(now - arrival_us + front_latency_us + self.gateway_hit_us);
                self.record(EventKind::GatewayCacheHit, key);
                self.cdn_fetch_done(cdn_slot, key, true, front_latency_us);
                return;
            }
        }
        let request = Request {
            arrival_us,
            front_latency_us,
            key,
            env: NONE,
            cdn_slot,
            ..Request::default()
        };
        let id = match self.free_requests.pop() {
            Some(id) => {
                self.requests[id as usize] = request;
                id
            }
            None => {
                self.requests.push(request);
                (self.requests.len() - 1) as u32
            }
        };
        self.invoke(id);
    }

    /// The origin's answer to a CDN fetch is back at the edge (`front_latency_us` after the
    /// function or gateway answered). On success the location keeps a copy and every request
    /// waiting for it is answered as an edge hit; on failure the first waiting request goes
    /// to the origin in its place.
    pub(crate) fn cdn_fetch_done(
        &mut self,
        slot: Option<u32>,
        key: u32,
        ok: bool,
        front_latency_us: u64,
    ) {
        let Some(slot) = slot else { return };
        let now = self.now_us;
        if ok {
            if self.cdn_ttl_us > 0 {
                self.cdn[slot as usize] = now + self.cdn_ttl_us;
            }
            let waiting = self.cdn_fetches.remove(&slot).unwrap_or_default();
            self.cdn_waiting -= waiting.len() as u64;
            for arrival_us in waiting {
                self.metrics.cdn_hit(now - arrival_us + front_latency_us + self.cdn_hit_us);
                self.record(EventKind::CdnHit, key);
            }
            return;
        }
        let next = self.cdn_fetches.get_mut(&slot).and_then(VecDeque::pop_front);
        match next {
            Some(arrival_us) => {
                self.cdn_waiting -= 1;
                self.pass_edge(arrival_us, key, Some(slot));
            }
            None => {
                self.cdn_fetches.remove(&slot);
            }
        }
    }
}
