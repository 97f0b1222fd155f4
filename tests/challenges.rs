//! Native tests of the challenges on the real content: a known good answer passes each one, the
//! starting setup fails with feedback naming the right cause, grades are deterministic, and the
//! browser fixture (`tests/e2e/fixtures/challenge-grades.json`) matches what the grader says.
//! The build-time checks of the challenge file are in `tests/challenge_content.rs`.

use std::time::Instant;

use serverless_workbook::challenge::{self, CHALLENGES, Challenge, Grade, Metric};
use serverless_workbook::setup::{Control, Setup};

/// A known good answer per challenge, as link parameters over the starting setup.
const GOOD_ANSWERS: [(&str, &str); 4] = [
    ("ticket-sale-budget", "redis=300&limit=3000&provisioned=1000&proxy=1&memory=1024"),
    ("warm-for-the-wave", "provisioned=150"),
    ("right-size-the-memory", "arch=1&memory=1280"),
    ("spare-the-grill", "proxy=1"),
];

fn find(id: &str) -> &'static Challenge {
    challenge::find(id).unwrap_or_else(|| panic!("no challenge {id}"))
}

fn answer(challenge: &Challenge, query: &str) -> Setup {
    let (setup, problems) = Setup::from_query(challenge.start_setup(), query);
    assert!(problems.is_empty(), "{problems:?}");
    setup
}

fn grade(id: &str, query: &str) -> Grade {
    let challenge = find(id);
    challenge::grade(challenge, &answer(challenge, query)).unwrap()
}

fn failed_metrics(grade: &Grade) -> Vec<Metric> {
    grade.clauses.iter().filter(|result| !result.met).map(|result| result.clause.metric).collect()
}

fn feedback(grade: &Grade) -> String {
    grade.feedback.join(" ")
}

#[test]
fn every_challenge_has_a_good_answer_and_a_failing_start() {
    assert!(CHALLENGES.len() >= 3);
    assert_eq!(CHALLENGES.len(), GOOD_ANSWERS.len(), "a good answer for every challenge");
    for (id, query) in GOOD_ANSWERS {
        let good = grade(id, query);
        assert!(good.passed, "{id}:\n{}", good.report());
        assert_eq!(good.score, 1.0, "{id}");
        assert!(good.clauses.iter().all(|result| result.first_broke_s.is_none()));
        let start = grade(id, "");
        assert!(!start.passed, "{id} start should fail:\n{}", start.report());
        assert!(start.score < 1.0);
        for result in start.clauses.iter().filter(|result| !result.met) {
            let broke = result.first_broke_s.expect("a failed clause says when it broke");
            assert!((0.0..=find(id).trace.duration_s).contains(&broke));
        }
    }
}

#[test]
fn the_ticket_sale_teaches_the_grill_and_the_budget() {
    let start = grade("ticket-sale-budget", "");
    assert!(failed_metrics(&start).contains(&Metric::ThrottleRate));
    assert!(feedback(&start).contains("never got past the door"), "{}", feedback(&start));
    // Widening the door alone: more database failures, and the feedback says so.
    let wider = grade("ticket-sale-budget", "limit=3000");
    assert!(wider.summary.db_timeouts > start.summary.db_timeouts);
    assert!(feedback(&wider).contains("More cashiers made it worse"), "{}", feedback(&wider));
    assert!(feedback(&wider).contains("account concurrency limit from 1,000 to 3,000"));
    // Raising everything passes on service but fails the budget.
    let everything = grade(
        "ticket-sale-budget",
        "limit=10000&provisioned=3000&memory=3008&redis=300&proxy=1&connections=5000",
    );
    assert_eq!(failed_metrics(&everything), [Metric::MonthlyCostUsd]);
    assert!(feedback(&everything).contains("Provisioned concurrency standby"));
}

#[test]
fn the_wave_fails_on_cold_starts_until_some_are_provisioned() {
    let start = grade("warm-for-the-wave", "");
    assert!(failed_metrics(&start).contains(&Metric::ColdStartRate));
    assert!(feedback(&start).contains("Cold starts set p99"), "{}", feedback(&start));
    let too_many = grade("warm-for-the-wave", "provisioned=300");
    assert_eq!(failed_metrics(&too_many), [Metric::MonthlyCostUsd]);
    assert!(feedback(&too_many).contains("Provisioned concurrency standby"));
    // A lighter runtime shortens each cold start but does not make them rarer.
    let runtime = grade("warm-for-the-wave", "runtime=10");
    assert!(failed_metrics(&runtime).contains(&Metric::ColdStartRate));
}

#[test]
fn memory_has_a_window_between_slow_and_expensive() {
    let start = grade("right-size-the-memory", "");
    assert_eq!(failed_metrics(&start), [Metric::P99LatencyMs]);
    assert!(feedback(&start).contains("p99 comes from the work itself"), "{}", feedback(&start));
    let biggest = grade("right-size-the-memory", "memory=10240");
    assert_eq!(failed_metrics(&biggest), [Metric::MonthlyCostUsd]);
    assert!(feedback(&biggest).contains("Lambda on-demand duration"), "{}", feedback(&biggest));
}

#[test]
fn the_grill_fails_at_the_database_until_a_proxy_pools_connections() {
    let start = grade("spare-the-grill", "");
    assert!(failed_metrics(&start).contains(&Metric::DbErrorRate));
    assert!(feedback(&start).contains("turned away at the grill"), "{}", feedback(&start));
    let reuse = grade("spare-the-grill", "reuse=1");
    assert!(failed_metrics(&reuse).contains(&Metric::DbErrorRate));
}

#[test]
fn only_the_allowed_controls_count_and_the_trace_is_fixed() {
    let challenge = find("ticket-sale-budget");
    let start = challenge.start_setup();
    // Not allowed: the handler time, the traffic, the seed.
    let sneaky = start
        .with(Control::HandlerMs, 5)
        .with(Control::ArrivalRate, 50)
        .with(Control::Pattern, 0)
        .with(Control::RedisTtlS, 300);
    let mut sneaky = sneaky;
    sneaky.seed = 999;
    let graded = challenge.graded_setup(&sneaky);
    assert_eq!(graded.get(Control::HandlerMs), start.get(Control::HandlerMs));
    assert_eq!(graded.get(Control::ArrivalRate), start.get(Control::ArrivalRate));
    assert_eq!(graded.get(Control::RedisTtlS), 300);
    assert_eq!(graded.seed, challenge.trace.seed);
    assert_eq!(challenge.scenario(&sneaky).traffic, challenge.trace.traffic());
}

#[test]
fn the_same_answer_gets_the_same_grade_every_time() {
    for (id, query) in GOOD_ANSWERS {
        let began = Instant::now();
        let first = grade(id, query);
        let elapsed = began.elapsed();
        let second = grade(id, query);
        assert_eq!(first, second, "{id}");
        assert_eq!(first.report(), second.report());
        // A measurement, not an assertion: see `cargo test --test challenges -- --nocapture`.
        println!("{id}: graded (answer and start replays) in {elapsed:?}");
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The fixture the browser test checks: per challenge, the start's grade and a good answer's
/// controls and grade.
fn fixture() -> String {
    let mut entries = Vec::new();
    for (id, query) in GOOD_ANSWERS {
        let challenge = find(id);
        let start = grade(id, "");
        let good_setup = answer(challenge, query);
        let good = challenge::grade(challenge, &good_setup).unwrap();
        let controls: Vec<String> = challenge
            .controls
            .iter()
            .map(|control| {
                format!(
                    "{{ \"key\": {}, \"value\": {} }}",
                    json_string(control.info().key),
                    good_setup.get(*control)
                )
            })
            .collect();
        entries.push(format!(
            "  {}: {{\n    \"start\": {{ \"score\": {}, \"passed\": {}, \"report\": {} }},\n    \
             \"good\": {{\n      \"controls\": [{}],\n      \"score\": {}, \"passed\": {}, \
             \"report\": {}\n    }}\n  }}",
            json_string(id),
            json_string(&start.score_text()),
            start.passed,
            json_string(&start.report()),
            controls.join(", "),
            json_string(&good.score_text()),
            good.passed,
            json_string(&good.report()),
        ));
    }
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}

#[test]
fn the_browser_fixture_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/fixtures/challenge-grades.json");
    let expected = fixture();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == expected,
        "{} is stale: run `UPDATE_FIXTURES=1 cargo test --test challenges` and commit it",
        path.display()
    );
}
