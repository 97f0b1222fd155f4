//! Snapshots for animation: what a frame of the ticket sale shows, and that reading one does
//! not disturb the run.

use scaling_model::{EnvironmentState, EventKind, Scenario, Simulation};

fn ticket_sale() -> Scenario {
    let text = include_str!("../scenarios/ticket-sale.toml");
    Scenario::from_text(text).expect("the example is valid")
}

#[test]
fn a_frame_of_the_ticket_sale_shows_cashiers_dressing_and_the_door_closing() {
    let mut simulation = Simulation::new(ticket_sale()).expect("valid");
    simulation.advance_to(5.1); // 0.1 s after the doors open
    let frame = simulation.snapshot(100);
    assert_eq!(frame.concurrency_limit, 1_000);
    assert_eq!(frame.environments.len(), 1_000);
    assert!(frame.count(EnvironmentState::Initializing) > 900);
    assert!(frame.environments.iter().all(|env| env.age_s <= 0.1 + 1e-9));
    assert_eq!(frame.recent_events.len(), 100, "sampled down to what was asked");
    assert!(frame.recent_event_total > 1_000);
    assert!(frame.recent_events.iter().any(|event| event.kind == EventKind::Throttle));
    assert!(frame.recent_events.windows(2).all(|pair| pair[0].time_s <= pair[1].time_s));

    simulation.advance_to(8.0);
    let frame = simulation.snapshot(10);
    assert_eq!(frame.redis_cache.len(), 1, "one event, one key");
    let remaining = frame.redis_cache[0].remaining_ttl_s;
    assert!(remaining > 290.0 && remaining <= 300.0, "{remaining}");
    assert!(frame.count(EnvironmentState::Busy) + frame.count(EnvironmentState::Idle) > 0);
    assert!(frame.totals.redis_hits > 10_000);
    assert!(frame.recent_event_total < 100_000, "only events since the previous snapshot");
}

#[test]
fn reading_snapshots_does_not_change_the_run() {
    let mut watched = Simulation::new(ticket_sale()).expect("valid");
    for frame in 1..=600 {
        watched.advance_to(f64::from(frame) * 0.1);
        let _ = watched.snapshot(20);
    }
    let mut unwatched = Simulation::new(ticket_sale()).expect("valid");
    unwatched.run_to_end();
    assert_eq!(watched.summary(), unwatched.summary());
}
