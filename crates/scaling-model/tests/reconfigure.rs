//! Changing a running simulation (a slider moved): what is kept, what changes, what is
//! refused, and that the run stays consistent and deterministic.

use scaling_model::{Scenario, Simulation, Summary, Traffic, Variability};

/// A door-and-cashiers scenario: one-second orders, no database.
fn door(rate_per_s: f64, limit: u32) -> Scenario {
    let mut scenario = Scenario {
        duration_s: 60.0,
        traffic: Traffic::Poisson { rate_per_s },
        ..Scenario::default()
    };
    scenario.function.account_concurrency_limit = limit;
    scenario.function.handler_ms = 1_000.0;
    scenario.database.enabled = false;
    scenario
}

fn throttled_in_rows(simulation: &Simulation, rows: std::ops::Range<usize>) -> u64 {
    simulation.series()[rows].iter().map(|row| row.throttled).sum()
}

#[test]
fn raising_the_limit_keeps_the_warm_cashiers_and_stops_the_throttles() {
    let mut simulation = Simulation::new(door(1_500.0, 1_000)).expect("valid");
    simulation.advance_to(20.0);
    assert!(throttled_in_rows(&simulation, 10..20) > 3_000);
    let before: Vec<u32> = simulation.snapshot(0).environments.iter().map(|env| env.id).collect();
    let cold_before = simulation.summary().cold_starts;

    simulation.reconfigure(door(1_500.0, 2_000)).expect("a new limit is allowed");
    simulation.advance_to(40.0);
    assert_eq!(throttled_in_rows(&simulation, 25..40), 0);
    let frame = simulation.snapshot(0);
    assert!(before.iter().all(|id| frame.environments.iter().any(|env| env.id == *id)));
    let new_cold = simulation.summary().cold_starts - cold_before;
    assert!((400..900).contains(&new_cold), "only the extra cashiers start cold: {new_cold}");
    assert_eq!(frame.concurrency_limit, 2_000);
}

#[test]
fn lowering_the_limit_throttles_until_enough_orders_finish() {
    let mut simulation = Simulation::new(door(800.0, 1_000)).expect("valid");
    simulation.advance_to(20.0);
    assert_eq!(throttled_in_rows(&simulation, 5..20), 0);
    simulation.reconfigure(door(800.0, 500)).expect("valid");
    simulation.advance_to(30.0);
    assert!(throttled_in_rows(&simulation, 22..30) > 2_000);
    assert!(simulation.snapshot(0).in_flight <= 500);
}

#[test]
fn new_traffic_takes_over_from_now() {
    let mut simulation = Simulation::new(door(100.0, 1_000)).expect("valid");
    simulation.advance_to(10.0);
    let mut faster = door(100.0, 1_000);
    faster.traffic = Traffic::Constant { rate_per_s: 400.0 };
    simulation.reconfigure(faster).expect("valid");
    simulation.advance_to(20.0);
    for row in &simulation.series()[10..20] {
        assert_eq!(row.arrivals, 400, "at {} s", row.start_s);
    }
}

#[test]
fn provisioned_concurrency_grows_at_once_and_shrinks_as_cashiers_free_up() {
    let mut simulation = Simulation::new(door(50.0, 1_000)).expect("valid");
    simulation.advance_to(10.0);
    let mut provisioned = door(50.0, 1_000);
    provisioned.function.provisioned_concurrency = 100;
    simulation.reconfigure(provisioned.clone()).expect("valid");
    let frame = simulation.snapshot(0);
    assert_eq!(frame.environments.iter().filter(|env| env.provisioned).count(), 100);
    simulation.advance_to(20.0);
    provisioned.function.provisioned_concurrency = 10;
    simulation.reconfigure(provisioned).expect("valid");
    simulation.advance_to(25.0);
    let frame = simulation.snapshot(0);
    assert_eq!(frame.environments.iter().filter(|env| env.provisioned).count(), 10);
    assert_eq!(simulation.series().last().expect("rows").environments_provisioned, 10);
}

#[test]
fn the_bill_prices_each_stretch_with_the_settings_then() {
    let scenario = |memory_mb: u32| {
        let mut scenario = door(10.0, 1_000);
        scenario.duration_s = 200.0;
        scenario.traffic = Traffic::Constant { rate_per_s: 10.0 };
        scenario.function.memory_mb = memory_mb;
        scenario.function.reference_memory_mb = memory_mb;
        scenario.function.handler_variability = Variability::Deterministic;
        scenario.function.provisioned_concurrency = 20;
        scenario
    };
    let whole = |memory_mb: u32| -> Summary {
        let mut simulation = Simulation::new(scenario(memory_mb)).expect("valid");
        simulation.run_to_end();
        simulation.summary()
    };
    let mut switched = Simulation::new(scenario(128)).expect("valid");
    switched.advance_to(100.0);
    switched.reconfigure(scenario(1_024)).expect("valid");
    switched.run_to_end();
    let standby = switched.summary().cost_usd.provisioned_standby;
    let halves =
        (whole(128).cost_usd.provisioned_standby + whole(1_024).cost_usd.provisioned_standby) / 2.0;
    assert!((standby - halves).abs() < 1e-12, "{standby} vs {halves}");
}

#[test]
fn what_defines_the_run_cannot_change() {
    let mut simulation = Simulation::new(door(100.0, 1_000)).expect("valid");
    simulation.advance_to(5.0);
    let mut other_seed = door(100.0, 1_000);
    other_seed.seed = 99;
    let error = simulation.reconfigure(other_seed).unwrap_err();
    assert_eq!(error.field(), Some("seed"));
    let mut invalid = door(100.0, 1_000);
    invalid.function.memory_mb = 1;
    assert_eq!(simulation.reconfigure(invalid).unwrap_err().field(), Some("function.memory_mb"));
    // A refused change leaves the run as it was.
    assert_eq!(simulation.scenario(), &door(100.0, 1_000));
}

#[test]
fn reconfiguring_to_the_same_scenario_changes_nothing_but_bill_rounding() {
    let mut plain = Simulation::new(door(1_200.0, 1_000)).expect("valid");
    plain.run_to_end();
    let mut touched = Simulation::new(door(1_200.0, 1_000)).expect("valid");
    for second in 1..60 {
        touched.advance_to(f64::from(second));
        touched.reconfigure(door(1_200.0, 1_000)).expect("valid");
    }
    touched.run_to_end();
    let (plain, touched) = (plain.summary(), touched.summary());
    assert_eq!(plain.completed, touched.completed);
    assert_eq!(plain.throttled, touched.throttled);
    assert_eq!(plain.latency_ms, touched.latency_ms);
    assert!((plain.cost_usd.total - touched.cost_usd.total).abs() < 1e-9);
    assert_eq!(touched.peak_environments, plain.peak_environments);
}
