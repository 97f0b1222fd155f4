//! A token bucket refilled continuously: the per-function scaling rate (1,000 new
//! environments per 10 s) and the account's requests-per-second limit both use one.

/// Tokens up to a capacity, refilled at a steady rate; starts full.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenBucket {
    tokens: f64,
    capacity: f64,
    per_us: f64,
    updated_us: u64,
}

impl TokenBucket {
    /// A full bucket of `capacity` tokens, refilled at `per_second`.
    pub(crate) fn full(capacity: f64, per_second: f64) -> TokenBucket {
        TokenBucket { tokens: capacity, capacity, per_us: per_second / 1e6, updated_us: 0 }
    }

    /// Changes the capacity and refill rate from `now_us`, keeping the tokens there are (up to
    /// the new capacity).
    pub(crate) fn set_rate(&mut self, capacity: f64, per_second: f64, now_us: u64) {
        self.tokens = self.level(now_us).min(capacity);
        self.updated_us = self.updated_us.max(now_us);
        self.capacity = capacity;
        self.per_us = per_second / 1e6;
    }

    /// Tokens available at `now_us` (not before the last take).
    pub(crate) fn level(&self, now_us: u64) -> f64 {
        let elapsed_us = now_us.saturating_sub(self.updated_us);
        (self.tokens + elapsed_us as f64 * self.per_us).min(self.capacity)
    }

    /// Takes one token at `now_us` if there is one.
    pub(crate) fn try_take(&mut self, now_us: u64) -> bool {
        self.tokens = self.level(now_us);
        self.updated_us = self.updated_us.max(now_us);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TokenBucket;

    #[test]
    fn refills_continuously_up_to_capacity() {
        let mut bucket = TokenBucket::full(2.0, 100.0); // one token per 10 ms
        assert!(bucket.try_take(0) && bucket.try_take(0));
        assert!(!bucket.try_take(5_000));
        assert!(bucket.try_take(10_000));
        assert_eq!(bucket.level(1_000_000), 2.0);
    }
}
