//! Scenario files and bad input: the shipped examples run and tell their story, every field
//! error names the field, the value and the allowed range, and no input panics.

use scaling_model::{ConfigError, Scenario, Simulation, Traffic};

fn example(name: &str) -> Scenario {
    let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("example scenario exists");
    Scenario::from_text(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn field_of(error: ConfigError) -> String {
    error.field().unwrap_or_default().to_owned()
}

#[test]
fn the_ticket_sale_tells_the_chapters_story() {
    let (with_cache, _) = scaling_model::run(example("ticket-sale.toml")).expect("runs");
    let (without, _) = scaling_model::run(example("ticket-sale-no-cache.toml")).expect("runs");
    // Act 1: without a cache the function is stuck at its limit and the grill refuses lines.
    assert_eq!(without.peak_concurrency, 1_000);
    assert_eq!(without.db_peak_connections, 150);
    assert!(without.throttled > 30_000, "{}", without.throttled);
    assert!(without.failed > 5_000, "{}", without.failed);
    // Act 2: Redis takes almost everything after a stampede of first misses (about 950, of
    // which 150 get a connection and the rest time out) in the first second.
    assert!(with_cache.requests > 95_000);
    assert!((800..1_100).contains(&with_cache.redis_misses), "{}", with_cache.redis_misses);
    assert!(with_cache.db_queries <= 150 + 10, "{}", with_cache.db_queries);
    assert!(with_cache.failed < with_cache.redis_misses);
    assert!(with_cache.redis_hits > 90_000);
}

#[test]
fn every_example_scenario_runs() {
    let directory = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(directory).expect("scenarios directory") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let scenario = Scenario::from_text(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let (summary, series) = scaling_model::run(scenario).expect("runs");
        assert!(summary.requests > 0 && !series.is_empty(), "{path:?}");
    }
}

#[test]
fn json_and_toml_read_the_same() {
    let toml = "seed = 4\n[traffic]\nkind = \"constant\"\nrate_per_s = 5\n";
    let json = r#"{"seed": 4, "traffic": {"kind": "constant", "rate_per_s": 5}}"#;
    assert_eq!(Scenario::from_text(toml), Scenario::from_text(json));
}

#[test]
fn an_unknown_field_is_named() {
    let error = Scenario::from_text("[function]\nmemory_gb = 2\n").unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ConfigError::Parse { .. }));
    assert!(message.contains("memory_gb"), "{message}");
    let error = Scenario::from_text(r#"{"function": {"memroy_mb": 512}}"#).unwrap_err();
    assert!(error.to_string().contains("memroy_mb"), "{error}");
}

#[test]
fn out_of_range_values_name_field_value_and_range() {
    let cases: [(&str, &str); 6] = [
        ("[traffic]\nkind = \"poisson\"\nrate_per_s = -5\n", "traffic.rate_per_s"),
        ("[function]\nmemory_mb = 64\n", "function.memory_mb"),
        ("[function]\nmemory_mb = 20000\n", "function.memory_mb"),
        ("[function]\nreserved_concurrency = 950\n", "function.reserved_concurrency"),
        ("[gateway]\ncache_ttl_s = 7200\n", "gateway.cache_ttl_s"),
        ("duration_s = 0\n", "duration_s"),
    ];
    for (text, field) in cases {
        let error = Scenario::from_text(text).unwrap_err();
        let message = error.to_string();
        assert_eq!(field_of(error), field, "{message}");
        assert!(message.contains("allowed") || message.contains("must be"), "{message}");
    }
    let error = Scenario::from_text("[function]\nmemory_mb = 64\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid configuration: `function.memory_mb` is 64, allowed: 128 to 10240"
    );
    let error = Scenario::from_text("[function]\nreserved_concurrency = 950\n").unwrap_err();
    assert!(error.to_string().contains("at most function.account_concurrency_limit − 100 = 900"));
}

#[test]
fn non_finite_and_contradictory_values_are_rejected_not_panicked_on() {
    let mut scenario = Scenario::default();
    scenario.function.handler_ms = f64::NAN;
    assert_eq!(field_of(Simulation::new(scenario).unwrap_err()), "function.handler_ms");

    let scenario = Scenario {
        traffic: Traffic::Replay { arrival_times_s: vec![1.0, f64::INFINITY] },
        ..Scenario::default()
    };
    assert_eq!(field_of(scenario.validate().unwrap_err()), "traffic.arrival_times_s[1]");

    let mut scenario = Scenario::default();
    scenario.function.provisioned_concurrency = 950;
    assert_eq!(field_of(scenario.validate().unwrap_err()), "function.provisioned_concurrency");

    let mut scenario = Scenario::default();
    scenario.gateway.api = scaling_model::ApiKind::Http;
    scenario.gateway.cache_ttl_s = 60.0;
    assert_eq!(field_of(scenario.validate().unwrap_err()), "gateway.cache_ttl_s");

    let mut scenario = Scenario::default();
    scenario.gateway.cache_size_gb = 1.0;
    assert_eq!(field_of(scenario.validate().unwrap_err()), "gateway.cache_size_gb");

    for garbage in ["", "{", "[[[", "seed = \"x\"", "\u{0}", "traffic = 3"] {
        if let Err(error) = Scenario::from_text(garbage) {
            assert!(!error.to_string().is_empty());
        }
    }
}

#[test]
fn stepping_oddly_does_nothing_harmful() {
    let mut simulation = Simulation::new(Scenario::default()).expect("valid");
    simulation.advance_to(f64::NAN);
    simulation.advance_to(-3.0);
    simulation.advance_to(5.0);
    simulation.advance_to(2.0); // going back is ignored
    assert_eq!(simulation.now_s(), 5.0);
    simulation.advance_to(1e300);
    assert!(simulation.is_finished());
    assert_eq!(simulation.series().len(), 60);
}

#[test]
fn every_field_is_documented_in_scenarios_md() {
    let documentation = include_str!("../SCENARIOS.md");
    let mut scenario = Scenario::default();
    scenario.function.reserved_concurrency = Some(1);
    scenario.function.init_ms_override = Some(1.0);
    let value = serde_json::to_value(&scenario).expect("serialises");
    let mut stack = vec![(String::new(), value)];
    while let Some((path, value)) = stack.pop() {
        let serde_json::Value::Object(map) = value else { continue };
        for (key, child) in map {
            let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            let is_table = child.is_object()
                && key != "handler_variability"
                && key != "query_variability"
                && key != "traffic";
            if is_table {
                stack.push((field, child));
            } else {
                assert!(documentation.contains(&format!("`{field}`")), "{field} is undocumented");
            }
        }
    }
}

#[test]
fn rows_fall_on_the_interval_even_when_it_is_not_a_binary_fraction() {
    let text = r#"{"duration_s": 41.0, "interval_s": 4.1, "database": {"enabled": false}}"#;
    let (_, series) = scaling_model::run(Scenario::from_text(text).expect("valid")).expect("runs");
    assert_eq!(series.len(), 10);
    assert_eq!(series[1].start_s, 4.1);
    assert_eq!(series[9].start_s, 36.9);
}
