//! The CDN against CloudFront's documented behaviour: each edge location keeps its own copy,
//! and requests for an object that is already being fetched wait for that fetch instead of
//! going to the origin (request collapsing). So a hot key costs the origin about one request
//! per location per TTL, however many arrive.

use scaling_model::{Scenario, Simulation, Summary, Traffic, Variability};

/// Every request asks for the same page, at `rate_per_s`, through a CDN with `ttl_s` over
/// `locations` edge locations, in front of a function that takes `handler_ms`.
fn hot_page(rate_per_s: f64, ttl_s: f64, locations: u32, handler_ms: f64) -> Scenario {
    let mut scenario = Scenario {
        duration_s: 10.0,
        traffic: Traffic::Constant { rate_per_s },
        record_events: false,
        ..Scenario::default()
    };
    scenario.keys.key_count = 1;
    scenario.cdn.ttl_s = ttl_s;
    scenario.cdn.edge_locations = locations;
    scenario.database.enabled = false;
    let function = &mut scenario.function;
    function.handler_ms = handler_ms;
    function.handler_variability = Variability::Deterministic;
    function.init_ms_override = Some(0.0);
    function.placement_ms = 0.0;
    scenario
}

fn run(scenario: Scenario) -> Summary {
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    simulation.run_to_end();
    simulation.summary()
}

#[test]
fn simultaneous_misses_collapse_into_one_origin_request_per_ttl() {
    // 2,000 requests a second; each fetch takes 200 ms, so about 400 arrive while it is on
    // its way. Without collapsing they would all go to the origin.
    let scenario = hot_page(2_000.0, 1.0, 1, 200.0);
    let gateway_ms = scenario.gateway.overhead_ms;
    let summary = run(scenario);
    assert_eq!(summary.requests, 20_000);
    // One fetch, then one each time the copy expires: about one per 1.2 s (TTL + fetch).
    assert!((8..=10).contains(&summary.invocations), "{} invocations", summary.invocations);
    assert_eq!(summary.completed + summary.in_flight, summary.requests);
    assert_eq!(summary.cdn_hits, summary.completed - summary.invocations);
    // A request that waited is answered no later than the fetch it waited for.
    // (The fetch: the handler, the miss's way to the origin, the gateway; then the edge hit.)
    let bound_ms = 200.0 + 20.0 + gateway_ms + 10.0 + 0.01;
    assert!(summary.latency_ms.max <= bound_ms, "{:?}", summary.latency_ms);
    assert!(summary.peak_concurrency == 1);
}

#[test]
fn each_edge_location_keeps_its_own_copy() {
    let one = run(hot_page(2_000.0, 1.0, 1, 200.0));
    let five = run(hot_page(2_000.0, 1.0, 5, 200.0));
    // Five copies, each fetched once per expiry: about five times the origin requests.
    let ratio = five.invocations as f64 / one.invocations as f64;
    assert!((4.0..=6.0).contains(&ratio), "{} against {}", five.invocations, one.invocations);
    assert!(five.peak_concurrency <= 5);
    assert_eq!(five.completed + five.in_flight, five.requests);
}

#[test]
fn after_a_failed_fetch_the_next_waiting_request_tries_the_origin() {
    // A function with no concurrency at all: every fetch is throttled at once, and each
    // waiting request takes its turn at the origin, which throttles it too.
    let mut scenario = hot_page(1_000.0, 5.0, 1, 50.0);
    scenario.function.reserved_concurrency = Some(0);
    let summary = run(scenario);
    assert_eq!(summary.completed, 0);
    assert_eq!(summary.cdn_hits, 0);
    assert_eq!(summary.throttled + summary.in_flight, summary.requests);
    assert_eq!(summary.in_flight, 0, "nobody is left waiting for a fetch that failed");
}

#[test]
fn the_number_of_locations_is_checked_and_fixed_for_a_run() {
    let mut scenario = hot_page(10.0, 1.0, 0, 10.0);
    let error = scenario.validate().unwrap_err().to_string();
    assert!(error.contains("cdn.edge_locations"), "{error}");
    scenario.cdn.edge_locations = 2_000;
    assert!(scenario.validate().is_err());
    scenario.cdn.edge_locations = 1_000;
    scenario.keys.key_count = 1_000_000;
    let error = scenario.validate().unwrap_err().to_string();
    assert!(error.contains("one per location and key"), "{error}");
    let mut simulation = Simulation::new(hot_page(10.0, 1.0, 2, 10.0)).expect("valid");
    simulation.advance_to(1.0);
    let error = simulation.reconfigure(hot_page(10.0, 1.0, 3, 10.0)).unwrap_err().to_string();
    assert!(error.contains("cdn.edge_locations"), "{error}");
    assert!(simulation.reconfigure(hot_page(10.0, 2.0, 2, 10.0)).is_ok());
}
