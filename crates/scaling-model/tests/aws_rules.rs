//! The model against the documented AWS rules and the chapter's arithmetic: memory and
//! duration, the provisioned-concurrency break-even, and the per-function scaling rate.

use scaling_model::cost::provisioned_break_even_utilization;
use scaling_model::{Scenario, Simulation, Summary, Traffic, Variability};

fn run(scenario: Scenario) -> Summary {
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    simulation.run_to_end();
    simulation.summary()
}

/// One invocation of a handler measured at 2,000 ms on 128 MB, run at `memory_mb`.
fn chapter_example(memory_mb: u32, cpu_bound_fraction: f64) -> Summary {
    let mut scenario = Scenario {
        duration_s: 100.0,
        traffic: Traffic::Replay { arrival_times_s: vec![1.0] },
        ..Scenario::default()
    };
    let function = &mut scenario.function;
    function.memory_mb = memory_mb;
    function.handler_ms = 2_000.0;
    function.reference_memory_mb = 128;
    function.cpu_bound_fraction = cpu_bound_fraction;
    function.handler_variability = Variability::Deterministic;
    function.init_ms_override = Some(0.0);
    scenario.database.enabled = false;
    run(scenario)
}

#[test]
fn cpu_bound_work_at_eight_times_the_memory_is_eight_times_faster_for_the_same_cost() {
    let small = chapter_example(128, 1.0);
    let large = chapter_example(1_024, 1.0);
    assert_eq!(small.mean_invocation_ms, 2_000.0);
    assert_eq!(large.mean_invocation_ms, 250.0);
    let small_cost = small.cost_usd.lambda_on_demand_duration;
    let large_cost = large.cost_usd.lambda_on_demand_duration;
    assert!((small_cost - large_cost).abs() < 1e-12, "{small_cost} vs {large_cost}");
}

#[test]
fn half_io_bound_work_does_not_get_eight_times_faster() {
    let small = chapter_example(128, 0.5);
    let large = chapter_example(1_024, 0.5);
    assert_eq!(large.mean_invocation_ms, 1_125.0);
    let ratio = large.cost_usd.lambda_on_demand_duration / small.cost_usd.lambda_on_demand_duration;
    assert!((ratio - 4.5).abs() < 1e-9, "costs {ratio}× as much");
}

/// Ten provisioned environments, or none, serving a steady load that keeps `busy` of them busy.
fn provisioned_versus_on_demand(busy: f64) -> (f64, f64) {
    let scenario = |provisioned: u32| {
        let mut scenario = Scenario {
            duration_s: 3_600.0,
            interval_s: 60.0,
            record_events: false,
            traffic: Traffic::Constant { rate_per_s: busy },
            ..Scenario::default()
        };
        let function = &mut scenario.function;
        function.memory_mb = 1_024;
        function.reference_memory_mb = 1_024;
        function.handler_ms = 1_000.0;
        function.handler_variability = Variability::Deterministic;
        function.provisioned_concurrency = provisioned;
        scenario.database.enabled = false;
        scenario
    };
    let function_cost = |summary: Summary| {
        let bill = summary.cost_usd;
        bill.lambda_on_demand_duration + bill.provisioned_standby + bill.provisioned_duration
    };
    (function_cost(run(scenario(10))), function_cost(run(scenario(0))))
}

#[test]
fn provisioned_concurrency_breaks_even_near_sixty_percent_utilization() {
    let break_even = provisioned_break_even_utilization(&Scenario::default());
    assert!((break_even - 0.60).abs() < 0.005, "{break_even}");
    let (provisioned, on_demand) = provisioned_versus_on_demand(5.0);
    assert!(provisioned > on_demand, "at 50%: {provisioned} vs {on_demand}");
    let (provisioned, on_demand) = provisioned_versus_on_demand(7.0);
    assert!(provisioned < on_demand, "at 70%: {provisioned} vs {on_demand}");
}

#[test]
fn a_burst_gets_a_thousand_environments_then_a_thousand_more_every_ten_seconds() {
    // Demand steps from zero to 5,000 concurrent requests: 2,000 arrivals per second, each
    // running far longer than the test, against an account limit of 5,000.
    let mut scenario = Scenario {
        duration_s: 60.0,
        interval_s: 1.0,
        record_events: false,
        traffic: Traffic::Constant { rate_per_s: 2_000.0 },
        ..Scenario::default()
    };
    let function = &mut scenario.function;
    function.account_concurrency_limit = 5_000;
    function.handler_ms = 800_000.0;
    function.handler_variability = Variability::Deterministic;
    function.init_ms_override = Some(0.0);
    function.placement_ms = 0.0;
    scenario.database.enabled = false;
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    simulation.run_to_end();
    let rows = simulation.series();
    let environments_at = |second: usize| {
        let row = &rows[second - 1];
        row.environments_busy + row.environments_initializing
    };
    // The first 1,000 arrivals (half a second) all get an environment at once; after that
    // the bucket refills at 100 per second: 1,000 + 100·t environments until the limit.
    for (second, expected) in [(1, 1_100), (10, 2_000), (20, 3_000), (30, 4_000), (40, 5_000)] {
        let measured = environments_at(second);
        assert!(measured.abs_diff(expected) <= 1, "after {second} s: {measured}");
    }
    // Meanwhile everything else is throttled.
    let summary = simulation.summary();
    assert_eq!(summary.requests, summary.invocations + summary.throttled);
    assert_eq!(summary.invocations, 5_000);
}

#[test]
fn very_short_functions_meet_the_requests_per_second_limit() {
    // 20,000 requests a second of 1 ms need only 20 environments, but the account may start
    // at most 10 × 1,000 invocations a second.
    let mut scenario = Scenario {
        duration_s: 20.0,
        record_events: false,
        traffic: Traffic::Constant { rate_per_s: 20_000.0 },
        ..Scenario::default()
    };
    scenario.function.handler_ms = 1.0;
    scenario.function.handler_variability = Variability::Deterministic;
    scenario.function.init_ms_override = Some(0.0);
    scenario.function.placement_ms = 0.0;
    scenario.database.enabled = false;
    let summary = run(scenario);
    let reasons = summary.throttle_reasons;
    assert_eq!(reasons.concurrency_limit + reasons.scaling_rate, 0, "{reasons:?}");
    // The first second's burst is free; after that half of the requests are turned away.
    let expected = 20_000.0 * 20.0 - 10_000.0 * 21.0;
    let measured = reasons.requests_per_second as f64;
    assert!((measured - expected).abs() < 100.0, "{measured} vs {expected}");
    assert_eq!(summary.throttled, reasons.requests_per_second);
}

#[test]
fn throttles_say_why() {
    // A burst beyond the scaling rate, then demand beyond a reservation of 1,500.
    let mut scenario = Scenario {
        duration_s: 30.0,
        record_events: false,
        traffic: Traffic::Constant { rate_per_s: 3_000.0 },
        ..Scenario::default()
    };
    scenario.function.account_concurrency_limit = 3_000;
    scenario.function.reserved_concurrency = Some(1_500);
    scenario.function.handler_ms = 1_000.0;
    scenario.function.handler_variability = Variability::Deterministic;
    scenario.database.enabled = false;
    let summary = run(scenario);
    let reasons = summary.throttle_reasons;
    assert!(reasons.scaling_rate > 1_000, "{reasons:?}");
    assert!(reasons.concurrency_limit > 1_000, "{reasons:?}");
    assert_eq!(reasons.requests_per_second, 0);
    let total = reasons.concurrency_limit + reasons.scaling_rate + reasons.requests_per_second;
    assert_eq!(total, summary.throttle_events);
}

#[test]
fn a_month_of_occasional_runs_pays_the_standing_lines_all_month_and_the_usage_per_run() {
    let mut scenario = Scenario {
        duration_s: 60.0,
        traffic: Traffic::Constant { rate_per_s: 50.0 },
        ..Scenario::default()
    };
    scenario.redis.enabled = true;
    scenario.function.provisioned_concurrency = 5;
    let summary = run(scenario);
    let bill = summary.cost_usd;
    let (standing, usage) = (bill.standing(), bill.usage());
    assert!(standing.redis > 0.0 && standing.database > 0.0 && standing.provisioned_standby > 0.0);
    assert!(usage.lambda_requests > 0.0 && usage.redis == 0.0 && standing.lambda_requests == 0.0);
    assert!((standing.total + usage.total - bill.total).abs() < 1e-12);
    // Back to back all month, it is the plain projection.
    let back_to_back = bill.month_of_runs(60.0, 730.0 * 60.0);
    assert!((back_to_back.total - summary.monthly_cost_usd.total).abs() < 1e-6);
    // Thirty runs a month: thirty times the usage, and the standing lines for 730 hours.
    let thirty = bill.month_of_runs(60.0, 30.0);
    assert!((thirty.lambda_requests - 30.0 * bill.lambda_requests).abs() < 1e-12);
    assert!((thirty.redis - bill.redis * 730.0 * 60.0).abs() < 1e-9);
    assert!(thirty.total < back_to_back.total);
    assert_eq!(bill.month_of_runs(0.0, 30.0).total, 0.0);
}

#[test]
fn invocation_durations_leave_out_init_and_can_be_forgotten_after_a_warm_up() {
    let mut scenario = Scenario {
        duration_s: 60.0,
        traffic: Traffic::Replay { arrival_times_s: (0..50).map(|i| f64::from(i) + 0.5).collect() },
        ..Scenario::default()
    };
    scenario.database.enabled = false;
    scenario.function.handler_ms = 100.0;
    scenario.function.handler_variability = Variability::LogNormal { cv: 0.5 };
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    simulation.advance_to(1.0);
    let first = simulation.summary();
    assert_eq!((first.invocations, first.cold_starts), (1, 1));
    // The cold start's init is not part of the invocation's duration.
    assert!((simulation.invocation_durations_ms().max - first.mean_invocation_ms).abs() < 0.1);
    simulation.forget_invocation_durations();
    simulation.run_to_end();
    let end = simulation.summary();
    assert_eq!(end.invocations, 50);
    let warm = simulation.invocation_durations_ms();
    assert!(warm.p50 < warm.p95 && warm.p95 <= warm.p99 && warm.p99 <= warm.max);
    assert!(warm.p50 > 50.0 && warm.p50 < 150.0, "{warm:?}");
    // Forgetting the durations changes nothing else.
    assert_eq!(end.cold_starts, 1);
    assert!(end.mean_invocation_ms > 0.0);
}
