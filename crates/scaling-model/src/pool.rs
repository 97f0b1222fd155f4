//! A pool of database connections with a FIFO queue of waiting requests.
//!
//! Waiters that give up are removed lazily: each waits with a unique token, and the engine
//! says whether a token is still waiting when the pool offers it a connection.

use std::collections::VecDeque;

/// Connections in use and requests waiting for one.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionPool {
    pub(crate) capacity: u32,
    pub(crate) in_use: u32,
    /// Requests still waiting (the queue may also hold stale entries of ones that gave up).
    pub(crate) waiting: u32,
    queue: VecDeque<(u32, u64)>,
}

impl ConnectionPool {
    pub(crate) fn new(capacity: u32) -> ConnectionPool {
        ConnectionPool { capacity, in_use: 0, waiting: 0, queue: VecDeque::new() }
    }

    /// Takes a connection if one is free.
    pub(crate) fn try_acquire(&mut self) -> bool {
        if self.in_use < self.capacity {
            self.in_use += 1;
            true
        } else {
            false
        }
    }

    /// Puts a request at the back of the queue.
    pub(crate) fn enqueue(&mut self, request: u32, token: u64) {
        self.queue.push_back((request, token));
        self.waiting += 1;
    }

    /// A waiter gave up; its queue entry becomes stale.
    pub(crate) fn abandon(&mut self) {
        self.waiting -= 1;
    }

    /// After the capacity was raised: takes a free connection for the next live waiter, if
    /// there are both.
    pub(crate) fn admit(&mut self, is_waiting: impl Fn(u32, u64) -> bool) -> Option<u32> {
        while self.in_use < self.capacity {
            let (request, token) = self.queue.pop_front()?;
            if is_waiting(request, token) {
                self.waiting -= 1;
                self.in_use += 1;
                return Some(request);
            }
        }
        None
    }

    /// Gives a connection back. If a live waiter is queued the connection passes straight to
    /// it and it is returned; otherwise the connection becomes free.
    pub(crate) fn release(&mut self, is_waiting: impl Fn(u32, u64) -> bool) -> Option<u32> {
        if self.in_use > self.capacity {
            // The capacity was lowered: this connection closes instead of passing on.
            self.in_use -= 1;
            return None;
        }
        while let Some((request, token)) = self.queue.pop_front() {
            if is_waiting(request, token) {
                self.waiting -= 1;
                return Some(request);
            }
        }
        self.in_use -= 1;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_skips_waiters_that_gave_up() {
        let mut pool = ConnectionPool::new(1);
        assert!(pool.try_acquire());
        assert!(!pool.try_acquire());
        pool.enqueue(7, 1);
        pool.enqueue(8, 2);
        pool.abandon(); // request 7 gave up
        assert_eq!(pool.release(|request, _| request == 8), Some(8));
        assert_eq!(pool.in_use, 1);
        assert_eq!(pool.release(|_, _| true), None);
        assert_eq!((pool.in_use, pool.waiting), (0, 0));
    }
}
