//! The sentence the screen-reader live region reads, built from the clauses a figure's spec
//! asks for: "412 of 500 cashiers busy, 3 idle; 37 customers turned away (HTTP 429) in the
//! last second."

use scaling_model::Counters;

use super::spec::Clause;
use super::{FrameCounts, thousands};
use crate::setup::{Control, Setup};

fn count(value: u32) -> String {
    thousands(u64::from(value))
}

/// "1 cold start" or "3 cold starts".
fn plural(value: u64, one: &str, many: &str) -> String {
    if value == 1 { format!("1 {one}") } else { format!("{} {many}", thousands(value)) }
}

/// The whole sentence: `clauses` joined by semicolons, from the frame's `counts`, what
/// happened in the `last_second`, and the `setup` (to say which layers are off).
pub fn describe(
    clauses: &[Clause],
    counts: &FrameCounts,
    last_second: &Counters,
    setup: &Setup,
) -> String {
    let parts: Vec<String> =
        clauses.iter().map(|clause| clause_text(*clause, counts, last_second, setup)).collect();
    let mut text = parts.join("; ");
    text.push('.');
    text
}

fn clause_text(clause: Clause, counts: &FrameCounts, last: &Counters, setup: &Setup) -> String {
    match clause {
        Clause::Cashiers => {
            let mut text =
                format!("{} of {} cashiers busy", count(counts.in_flight), count(counts.limit));
            if counts.initializing > 0 {
                text.push_str(&format!(" ({} putting on the apron)", count(counts.initializing)));
            }
            text.push_str(&format!(", {} idle", count(counts.idle)));
            text
        }
        Clause::ColdStarts => {
            let cold = plural(last.cold_starts, "cold start", "cold starts");
            match counts.provisioned {
                0 => format!("no provisioned cashiers, {cold} in the last second"),
                provisioned => format!(
                    "{} provisioned cashiers ({} serving), {cold} in the last second",
                    count(provisioned),
                    count(counts.provisioned_busy)
                ),
            }
        }
        Clause::Caches => {
            // A TTL of 0 switches the layer off.
            let layer = |control: Control, hits: u64| {
                if setup.get(control) == 0 { "off".to_owned() } else { plural(hits, "hit", "hits") }
            };
            format!(
                "in the last second: takeaway window (CDN) {}, gateway shelf {}, heat lamp \
                 (Redis) {}, {} reached the grill",
                layer(Control::CdnTtlS, last.cdn_hits),
                layer(Control::GatewayTtlS, last.gateway_cache_hits),
                layer(Control::RedisTtlS, last.redis_hits),
                plural(last.db_queries, "order", "orders"),
            )
        }
        Clause::Grill => {
            if !setup.is_on(Control::DatabaseOn) {
                return "the grill is not in the path".to_owned();
            }
            format!(
                "grill: {} of {} connections busy, {} waiting for a line, {} failed in the last \
                 second",
                count(counts.db_busy),
                count(counts.db_capacity),
                plural(u64::from(counts.db_waiting), "order", "orders"),
                plural(last.failed, "order", "orders"),
            )
        }
        Clause::Throttles => {
            let asynchronous = setup.is_on(Control::Async);
            match (last.throttled, asynchronous) {
                (0, false) => "no customers turned away in the last second".to_owned(),
                (0, true) => "no events throttled in the last second".to_owned(),
                (1, false) => "1 customer turned away (HTTP 429) in the last second".to_owned(),
                (n, false) => {
                    format!("{} customers turned away (HTTP 429) in the last second", thousands(n))
                }
                (n, true) => format!(
                    "{} throttled and queued for a retry in the last second",
                    plural(n, "event", "events")
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(in_flight: u32, initializing: u32, limit: u32) -> FrameCounts {
        FrameCounts {
            limit,
            busy: in_flight - initializing,
            initializing,
            idle: 3,
            in_flight,
            ..FrameCounts::default()
        }
    }

    fn throttled(count: u64) -> Counters {
        Counters { throttled: count, ..Counters::default() }
    }

    const DOOR: [Clause; 2] = [Clause::Cashiers, Clause::Throttles];

    #[test]
    fn the_door_reads_like_a_sentence() {
        let setup = Setup::default();
        assert_eq!(
            describe(&DOOR, &counts(412, 0, 500), &throttled(37), &setup),
            "412 of 500 cashiers busy, 3 idle; 37 customers turned away (HTTP 429) in the last \
             second."
        );
        assert_eq!(
            describe(&DOOR, &counts(1_000, 20, 1_000), &throttled(1), &setup),
            "1,000 of 1,000 cashiers busy (20 putting on the apron), 3 idle; 1 customer turned \
             away (HTTP 429) in the last second."
        );
        assert!(
            describe(&DOOR, &counts(5, 0, 500), &throttled(0), &setup)
                .ends_with("no customers turned away in the last second.")
        );
        let queued = setup.with(Control::Async, 1);
        assert!(
            describe(&DOOR, &counts(5, 0, 500), &throttled(2), &queued)
                .ends_with("2 events throttled and queued for a retry in the last second.")
        );
    }

    #[test]
    fn caches_grill_and_cold_starts_have_their_clauses() {
        let setup = Setup::default().with(Control::RedisTtlS, 30).with(Control::DatabaseOn, 1);
        let last = Counters {
            redis_hits: 480,
            db_queries: 1,
            cold_starts: 2,
            failed: 12,
            ..Counters::default()
        };
        let frame = FrameCounts {
            db_busy: 60,
            db_capacity: 60,
            db_waiting: 35,
            provisioned: 30,
            provisioned_busy: 12,
            ..counts(40, 0, 1_000)
        };
        let clauses = [Clause::ColdStarts, Clause::Caches, Clause::Grill, Clause::Throttles];
        assert_eq!(
            describe(&clauses, &frame, &last, &setup),
            "30 provisioned cashiers (12 serving), 2 cold starts in the last second; in the \
             last second: takeaway window (CDN) off, gateway shelf off, heat lamp (Redis) 480 \
             hits, 1 order reached the grill; grill: 60 of 60 connections busy, 35 orders \
             waiting for a line, 12 orders failed in the last second; no customers turned away \
             in the last second."
        );
        let off = Setup::default();
        assert!(describe(&clauses, &frame, &last, &off).contains("the grill is not in the path"));
    }
}
