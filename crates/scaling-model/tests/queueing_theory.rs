//! The model against queueing theory: Little's law, Erlang B, Erlang C and the cold-start
//! probability after an idle timeout.

use scaling_model::{ConnectionPolicy, Scenario, Simulation, Summary, Traffic, Variability};

/// A stack reduced to a bare function: no database, no cold-start time, no scaling limit.
fn bare_function(rate_per_s: f64, handler_ms: f64, duration_s: f64) -> Scenario {
    let mut scenario = Scenario {
        duration_s,
        interval_s: duration_s / 10.0,
        record_events: false,
        traffic: Traffic::Poisson { rate_per_s },
        ..Scenario::default()
    };
    let function = &mut scenario.function;
    function.account_concurrency_limit = 100_000;
    function.scaling_rate_per_10s = 1_000_000;
    function.handler_ms = handler_ms;
    function.handler_variability = Variability::Exponential;
    function.init_ms_override = Some(0.0);
    function.placement_ms = 0.0;
    function.idle_timeout_s = 100_000.0;
    scenario.database.enabled = false;
    scenario
}

fn run(scenario: Scenario) -> Summary {
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    simulation.run_to_end();
    simulation.summary()
}

/// B(c, A) by the stable recursion B_k = A·B_{k−1} / (k + A·B_{k−1}).
fn erlang_b(servers: u32, offered_erlangs: f64) -> f64 {
    (1..=servers).fold(1.0, |blocking, k| {
        offered_erlangs * blocking / (f64::from(k) + offered_erlangs * blocking)
    })
}

/// Mean wait in queue of M/M/c: C(c, A) · S / (c − A).
fn erlang_c_mean_wait(servers: u32, offered_erlangs: f64, service_s: f64) -> f64 {
    let blocking = erlang_b(servers, offered_erlangs);
    let utilization = offered_erlangs / f64::from(servers);
    let waiting_probability = blocking / (1.0 - utilization * (1.0 - blocking));
    waiting_probability * service_s / (f64::from(servers) - offered_erlangs)
}

fn relative_error(measured: f64, expected: f64) -> f64 {
    (measured - expected).abs() / expected
}

#[test]
fn littles_law_holds_for_busy_environments() {
    let summary = run(bare_function(200.0, 100.0, 3_000.0));
    let throughput = summary.invocations as f64 / summary.simulated_seconds;
    let measured = throughput * summary.mean_invocation_ms / 1_000.0;
    let error = relative_error(summary.mean_busy_environments, measured);
    assert!(error < 0.01, "L = {} but λW = {measured}", summary.mean_busy_environments);
    // And against the configured figures: 200/s × 0.1 s = 20 busy environments.
    assert!(relative_error(summary.mean_busy_environments, 20.0) < 0.01, "{summary:?}");
}

#[test]
fn a_hard_cap_without_a_queue_rejects_as_erlang_b_says() {
    // SimFaaS's validation case: 100 environments, 50 requests/s of 2.016 s = 100.8 Erlangs.
    let mut scenario = bare_function(50.0, 2_016.0, 40_000.0);
    scenario.function.account_concurrency_limit = 100;
    let summary = run(scenario);
    let expected = erlang_b(100, 100.8);
    assert!((expected - 0.0803).abs() < 0.001, "formula gives {expected}");
    let measured = summary.throttle_probability;
    assert!(relative_error(measured, expected) < 0.02, "measured {measured}, Erlang B {expected}");
}

/// A bare function in front of a database with exponential 5 ms queries and instant
/// connections, loaded to `utilization` of `servers`; returns the offered load in Erlangs.
fn database_at(servers: u32, utilization: f64, seed: u64) -> (Scenario, f64) {
    let offered = utilization * f64::from(servers);
    let mut scenario = bare_function(offered / QUERY_S, 0.0, 1_500.0);
    scenario.seed = seed;
    let database = &mut scenario.database;
    database.enabled = true;
    database.query_ms = QUERY_S * 1_000.0;
    database.query_variability = Variability::Exponential;
    // Instant connections: a first burst of slow TLS handshakes would bunch the queries up.
    database.connect_network_ms = 0.0;
    database.connect_cpu_ms_at_one_vcpu = 0.0;
    database.queue_timeout_ms = 900_000.0;
    (scenario, offered)
}

const QUERY_S: f64 = 0.005;

#[test]
fn a_connection_pool_waits_as_erlang_c_says() {
    // A new connection per request: the 10 connections are the servers.
    for utilization in [0.6, 0.75, 0.85] {
        let (mut scenario, offered) = database_at(10, utilization, 5);
        scenario.database.max_connections = 10;
        scenario.database.query_slots = 10;
        scenario.database.connection_policy = ConnectionPolicy::PerRequest;
        let summary = run(scenario);
        let expected_ms = erlang_c_mean_wait(10, offered, QUERY_S) * 1_000.0;
        let measured_ms = summary.db_mean_wait_ms;
        assert!(
            relative_error(measured_ms, expected_ms) < 0.05,
            "ρ = {utilization}: measured {measured_ms} ms, Erlang C {expected_ms} ms"
        );
    }
}

#[test]
fn the_databases_query_slots_queue_as_erlang_c_says() {
    // A connection per environment and plenty of connections: queries wait only for the
    // database's CPU, its 10 query slots.
    let (mut scenario, offered) = database_at(10, 0.8, 8);
    scenario.database.max_connections = 1_000_000;
    scenario.database.query_slots = 10;
    scenario.database.connection_policy = ConnectionPolicy::PerEnvironment;
    let summary = run(scenario);
    let expected_ms = erlang_c_mean_wait(10, offered, QUERY_S) * 1_000.0;
    let measured_ms = summary.db_mean_query_wait_ms;
    assert!(
        relative_error(measured_ms, expected_ms) < 0.05,
        "measured {measured_ms} ms, Erlang C {expected_ms} ms"
    );
}

#[test]
fn cold_starts_follow_the_idle_timeout_at_low_rates() {
    // One request every 100 s on average, reclaimed after 60 s idle: a request is cold when
    // the gap since the previous one exceeds the timeout, P = exp(−λT) = exp(−0.6).
    let mut scenario = bare_function(0.01, 10.0, 2_000_000.0);
    scenario.function.idle_timeout_s = 60.0;
    scenario.function.handler_variability = Variability::Deterministic;
    let summary = run(scenario);
    let expected = (-0.01f64 * 60.01).exp();
    let measured = summary.cold_start_probability;
    assert!(summary.invocations > 15_000, "{}", summary.invocations);
    assert!((measured - expected).abs() < 0.015, "measured {measured}, exp(−λT) = {expected}");
}
