//! The items of the event queue, ordered by (time, insertion number) so that a run is the same
//! whatever the platform and however it is stepped.

use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// What happens next to a request, an environment or the traffic.
pub(crate) enum Step {
    Arrival,
    Retry,
    InitDone,
    HandlerDone,
    RedisHit,
    RedisMiss,
    Connected,
    QueryDone,
    WaitTimeout,
}

#[derive(Debug, Clone, Copy)]
/// One pending event: when, its place among events at the same time, whom it concerns (a
/// request or an environment), and a token that tells a stale event from a live one.
pub(crate) struct Event {
    pub(crate) time_us: u64,
    pub(crate) seq: u64,
    pub(crate) id: u32,
    pub(crate) step: Step,
    pub(crate) token: u64,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        (self.time_us, self.seq) == (other.time_us, other.seq)
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so the standard max-heap pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time_us, other.seq).cmp(&(self.time_us, self.seq))
    }
}
