//! Invariants over random valid scenarios (proptest): conservation of requests, limits never
//! exceeded, no negative or non-finite figure, determinism, and stepping that does not
//! change the run.

use proptest::prelude::*;
use scaling_model::{
    Architecture, ConnectionPolicy, Invocation, Scenario, Simulation, Summary, Traffic, Variability,
};

fn traffic() -> impl Strategy<Value = Traffic> {
    prop_oneof![
        (0.0..400.0f64).prop_map(|rate_per_s| Traffic::Constant { rate_per_s }),
        (0.0..400.0f64).prop_map(|rate_per_s| Traffic::Poisson { rate_per_s }),
        (0.0..50.0f64, 0.0..2_000.0f64, 0.0..5.0f64, 0.0..3.0f64, 0.0..3.0f64, 0.0..3.0f64)
            .prop_map(|(baseline_per_s, peak_per_s, start_s, ramp_s, plateau_s, decay_s)| {
                Traffic::Spike { baseline_per_s, peak_per_s, start_s, ramp_s, plateau_s, decay_s }
            }),
        (0.0..300.0f64, 0.0..1.0f64, 1.0..30.0f64).prop_map(|(mean_per_s, amplitude, period_s)| {
            Traffic::DailyWave { mean_per_s, amplitude, period_s, peak_at_s: 0.0 }
        }),
        prop::collection::vec(0.0..12.0f64, 0..500)
            .prop_map(|arrival_times_s| Traffic::Replay { arrival_times_s }),
    ]
}

fn variability() -> impl Strategy<Value = Variability> {
    prop_oneof![
        Just(Variability::Deterministic),
        Just(Variability::Exponential),
        (0.0..2.0f64).prop_map(|cv| Variability::LogNormal { cv }),
    ]
}

prop_compose! {
    fn scenario()(
        seed in any::<u64>(),
        duration_s in 0.5..12.0f64,
        interval_s in 0.1..3.0f64,
        traffic in traffic(),
        key_count in 1u32..500,
        zipf_exponent in 0.0..2.0f64,
        async_invocation in any::<bool>(),
        cdn_ttl_s in prop_oneof![Just(0.0), 0.0..5.0f64],
        edge_locations in 1u32..4,
        gateway_ttl_s in prop_oneof![Just(0.0), 0.0..5.0f64],
        account_limit in 100u32..400,
        reserved in prop::option::of(0u32..300),
        provisioned in 0u32..40,
        scaling_rate_per_10s in 1u32..300,
        memory_mb in 128u32..=10_240,
        arm in any::<bool>(),
        handler_ms in 0.0..400.0f64,
        cpu_bound_fraction in 0.0..=1.0f64,
        handler_variability in variability(),
        idle_timeout_s in 0.0..5.0f64,
        redis in any::<bool>(),
        database in any::<bool>(),
        max_connections in 1u32..80,
        queue_timeout_ms in prop_oneof![Just(0.0), 0.0..500.0f64],
        per_request in any::<bool>(),
        proxy in any::<bool>(),
    ) -> Scenario {
        let mut scenario = Scenario {
            seed,
            duration_s,
            interval_s,
            traffic,
            ..Scenario::default()
        };
        scenario.keys.key_count = key_count;
        scenario.keys.zipf_exponent = zipf_exponent;
        scenario.invocation = if async_invocation { Invocation::Async } else { Invocation::Sync };
        scenario.cdn.ttl_s = cdn_ttl_s;
        scenario.cdn.edge_locations = edge_locations;
        scenario.gateway.cache_ttl_s = gateway_ttl_s;
        let function = &mut scenario.function;
        function.account_concurrency_limit = account_limit;
        function.reserved_concurrency = reserved.map(|r| r.min(account_limit - 100));
        let limit = function.reserved_concurrency.unwrap_or(account_limit - 100);
        function.provisioned_concurrency = provisioned.min(limit);
        function.scaling_rate_per_10s = scaling_rate_per_10s;
        function.memory_mb = memory_mb;
        function.architecture = if arm { Architecture::Arm64 } else { Architecture::X86_64 };
        function.handler_ms = handler_ms;
        function.cpu_bound_fraction = cpu_bound_fraction;
        function.handler_variability = handler_variability;
        function.idle_timeout_s = idle_timeout_s;
        scenario.redis.enabled = redis;
        scenario.redis.ttl_s = 1.0;
        let db = &mut scenario.database;
        db.enabled = database;
        db.max_connections = max_connections;
        db.queue_timeout_ms = queue_timeout_ms;
        db.connection_policy = if per_request {
            ConnectionPolicy::PerRequest
        } else {
            ConnectionPolicy::PerEnvironment
        };
        db.proxy.enabled = proxy;
        db.proxy.pool_connections = max_connections.div_ceil(2);
        db.proxy.borrow_timeout_ms = queue_timeout_ms;
        scenario
    }
}

fn finite_and_non_negative(summary: &Summary) -> Result<(), TestCaseError> {
    let json = serde_json::to_value(summary).expect("a summary serialises");
    let mut stack = vec![json];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => stack.extend(map.into_values()),
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Number(number) => {
                let number = number.as_f64().expect("a number");
                prop_assert!(number.is_finite() && number >= 0.0, "{number} in {summary:?}");
            }
            // serde_json writes NaN and infinities as null.
            serde_json::Value::Null => prop_assert!(false, "a non-finite figure in {summary:?}"),
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_hold(
        scenario in scenario(),
        steps in prop::collection::vec(0.01..2.0f64, 1..12),
    ) {
        prop_assert!(scenario.validate().is_ok(), "{:?}", scenario.validate());
        let limit = scenario.concurrency_limit();
        let mut stepped = Simulation::new(scenario.clone()).expect("valid");
        for step_s in steps {
            stepped.advance_by(step_s);
            let frame = stepped.snapshot(50);
            prop_assert!(frame.in_flight <= limit);
            prop_assert!(frame.environments.len() as u32 <= limit.max(1));
            prop_assert!(frame.db_busy_connections <= frame.db_connection_capacity);
            prop_assert!(frame.recent_events.len() <= 50);
        }
        stepped.run_to_end();
        let summary = stepped.summary();

        prop_assert_eq!(
            summary.requests,
            summary.completed + summary.throttled + summary.failed + summary.in_flight
        );
        prop_assert!(summary.peak_concurrency <= limit);
        prop_assert!(summary.peak_environments <= limit.max(1));
        finite_and_non_negative(&summary)?;
        prop_assert!(summary.cost_usd.total >= 0.0);
        for row in stepped.series() {
            prop_assert!(row.in_flight <= limit);
        }

        // The same scenario in one call gives the same run, to the last bit.
        let mut whole = Simulation::new(scenario).expect("valid");
        whole.run_to_end();
        prop_assert_eq!(whole.summary(), summary);
        prop_assert_eq!(whole.series(), stepped.series());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn invariants_hold_across_a_reconfiguration(
        first in scenario(),
        second in scenario(),
        switch_s in 0.0..12.0f64,
    ) {
        // Keep what defines the run; everything else may change.
        let mut second = second;
        second.seed = first.seed;
        second.duration_s = first.duration_s;
        second.interval_s = first.interval_s;
        second.keys = first.keys.clone();
        second.cdn.edge_locations = first.cdn.edge_locations;
        second.invocation = first.invocation;
        second.record_events = first.record_events;
        second.database.connection_policy = first.database.connection_policy;
        second.database.proxy.enabled = first.database.proxy.enabled;
        let limit = first.concurrency_limit().max(second.concurrency_limit());
        let run = || -> Summary {
            let mut simulation = Simulation::new(first.clone()).expect("valid");
            simulation.advance_to(switch_s);
            simulation.reconfigure(second.clone()).expect("only run-defining fields are kept");
            simulation.run_to_end();
            for row in simulation.series() {
                assert!(row.in_flight <= limit);
            }
            simulation.summary()
        };
        let summary = run();
        prop_assert_eq!(
            summary.requests,
            summary.completed + summary.throttled + summary.failed + summary.in_flight
        );
        prop_assert!(summary.peak_concurrency <= limit);
        finite_and_non_negative(&summary)?;
        prop_assert_eq!(run(), summary);
    }
}
