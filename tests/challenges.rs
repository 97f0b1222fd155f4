//! Native tests of the challenges on the real content: a known good answer passes each one, the
//! starting setup fails with feedback naming the right cause, grades are deterministic, and the
//! browser fixture (`tests/e2e/fixtures/challenge-grades.json`) matches what the grader says.
//! The build-time checks of the challenge file are tested at the end, through the same
//! `#[path]` modules `build.rs` uses.

use std::path::Path;
use std::time::Instant;

use serverless_workbook::challenge::{self, CHALLENGES, Challenge, Grade, Metric};
use serverless_workbook::setup::{Control, Setup};

/// A known good answer per challenge, as link parameters over the starting setup.
const GOOD_ANSWERS: [(&str, &str); 4] = [
    ("ticket-sale-budget", "redis=300&limit=3000&provisioned=400&proxy=1&memory=1536"),
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
    // A thousand provisioned cashiers kept all month for thirty ten-second sales: service is
    // fine, and the standing charge alone breaks the budget.
    let all_month =
        grade("ticket-sale-budget", "redis=300&limit=3000&provisioned=1000&proxy=1&memory=1024");
    assert_eq!(failed_metrics(&all_month), [Metric::MonthlyCostUsd]);
    assert!(all_month.month_bill.provisioned_standby > 9_000.0);
    assert!(feedback(&all_month).contains("Provisioned concurrency standby"));
}

#[test]
fn the_sale_month_bills_usage_per_sale_and_standing_charges_all_month() {
    let challenge = find("ticket-sale-budget");
    assert_eq!(challenge.trace.runs_per_month, Some(30.0));
    let good = grade("ticket-sale-budget", GOOD_ANSWERS[0].1);
    let (replay, month) = (good.summary.cost_usd, good.month_bill);
    assert!((month.lambda_requests - 30.0 * replay.lambda_requests).abs() < 1e-9);
    assert!((month.redis - replay.redis * 730.0 * 60.0).abs() < 1e-6);
    let cost = &good.clauses[3];
    assert_eq!(cost.clause.metric, Metric::MonthlyCostUsd);
    assert!((cost.value - month.total).abs() < 1e-9);
    // Thirty sales cost far less than the sale's traffic going on all month.
    assert!(month.total < good.summary.monthly_cost_usd.total / 2.0);
    // The page's month: each line that costs anything, with how it is charged.
    let lines = challenge.trace.month_lines(&month);
    let basis = |name: &str| lines.iter().find(|line| line.name == name).map(|l| l.basis.clone());
    assert_eq!(basis("Redis").as_deref(), Some("all 730 hours"));
    assert_eq!(basis("Provisioned concurrency standby").as_deref(), Some("all 730 hours"));
    assert_eq!(basis("Lambda requests").as_deref(), Some("30 replays"));
    assert_eq!(basis("CDN requests"), None, "no CDN, no line");
    let sum: f64 = lines.iter().map(|line| line.dollars).sum();
    assert!((sum - month.total).abs() < 1e-6);
    assert!(challenge.trace.month_text().contains("30 replays like this one"));
    // The other challenges' traffic goes on all month: the plain projection.
    let wave = grade("warm-for-the-wave", "provisioned=150");
    assert_eq!(find("warm-for-the-wave").trace.runs_per_month, None);
    assert!((wave.month_bill.total - wave.summary.monthly_cost_usd.total).abs() < 1e-6);
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

// The build-time checker and the modules it expects beside it, as `build.rs` includes them.
#[allow(dead_code)]
#[path = "../src/content.rs"]
mod content;
#[allow(dead_code)]
#[path = "../src/content_challenges.rs"]
mod content_challenges;
// The checker reads the catalogue and the metrics as `crate::setup` and `crate::metric`.
use serverless_workbook::{metric, setup};

const OBJECTIVES: [&str; 5] = ["concurrency", "cold-starts", "caching", "memory", "downstream"];

const GOOD: &str = r#"[[challenge]]
id = "first"
objective = "concurrency"
title = "First"
brief = "Keep *p99* low."
controls = ["limit", "provisioned"]
start = "limit=500&memory=256"

[challenge.trace]
pattern = "spike"
baseline_per_s = 10
peak_per_s = 2000
start_s = 5
plateau_s = 10
duration_s = 60
seed = 4

[[challenge.clause]]
metric = "p99_latency_ms"
at_most = 300

[[challenge.clause]]
metric = "throttle_rate"
at_most = 0.005
weight = 2
"#;

fn check(text: &str) -> Result<Vec<content_challenges::ChallengeSpec>, content::ContentError> {
    content_challenges::parse_challenges(Path::new("challenges.toml"), text, &OBJECTIVES)
}

fn error(text: &str) -> String {
    check(text).expect_err("content should be rejected").to_string()
}

#[test]
fn a_good_challenge_file_parses_into_static_data() {
    let challenges = check(GOOD).unwrap();
    assert_eq!(challenges.len(), 1);
    let first = &challenges[0];
    assert_eq!(first.controls, [setup::Control::AccountLimit, setup::Control::Provisioned]);
    assert_eq!(first.start, [(setup::Control::AccountLimit, 500), (setup::Control::MemoryMb, 256)]);
    assert_eq!(first.brief_html, "<p>Keep <em>p99</em> low.</p>\n");
    assert_eq!(first.clauses[1].weight, 2.0);
    let rust = content_challenges::to_rust(&challenges);
    assert!(
        rust.contains(
            "Clause { metric: Metric::ThrottleRate, comparison: Comparison::AtMost, \
        threshold: 0.005, weight: 2.0 }"
        ),
        "{rust}"
    );
    assert!(rust.contains("TracePattern::Spike { baseline_per_s: 10.0, peak_per_s: 2000.0"));
}

#[test]
fn the_real_challenges_are_valid_and_embedded() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("chapters/scaling/challenges.toml");
    let specs = content_challenges::load_challenges(&path, &OBJECTIVES)
        .unwrap_or_else(|error| panic!("{error}"));
    let ids: Vec<&str> = specs.iter().map(|spec| spec.id.as_str()).collect();
    let embedded: Vec<&str> = CHALLENGES.iter().map(|challenge| challenge.id).collect();
    assert_eq!(ids, embedded);
    assert!(ids.contains(&"ticket-sale-budget"));
}

#[test]
fn unknown_metric_names_its_line_and_the_choices() {
    let text = GOOD.replace("\"throttle_rate\"", "\"throttles\"");
    assert_eq!(
        error(&text),
        "challenges.toml:23: unknown metric \"throttles\"; expected one of: requests, \
         throttle_rate, error_rate, db_error_rate, cold_start_rate, p50_latency_ms, \
         p99_latency_ms, mean_concurrency, peak_concurrency, db_mean_connections, \
         db_peak_connections, db_queries, cache_hit_rate, monthly_cost_usd"
    );
}

#[test]
fn unknown_or_forbidden_controls_name_their_line() {
    let unknown = GOOD.replace("[\"limit\", \"provisioned\"]", "[\"limit\", \"cashiers\"]");
    assert!(error(&unknown).starts_with("challenges.toml:6: unknown control \"cashiers\""));
    let traffic = GOOD.replace("[\"limit\", \"provisioned\"]", "[\"rate\"]");
    assert!(error(&traffic).contains("the trace fixes the traffic"), "{}", error(&traffic));
    let start = GOOD.replace("memory=256", "ram=256");
    assert!(error(&start).starts_with("challenges.toml:7: unknown control \"ram\""));
    let out_of_range = GOOD.replace("memory=256", "memory=99999");
    assert!(error(&out_of_range).contains("memory takes a whole number from 128 to 10240"));
}

#[test]
fn duplicate_id_and_unknown_objective_name_their_line() {
    let twice = format!("{GOOD}\n{GOOD}");
    assert_eq!(error(&twice), "challenges.toml:28: duplicate challenge id \"first\"");
    let objective = GOOD.replace("\"concurrency\"", "\"queueing\"");
    assert!(error(&objective).starts_with("challenges.toml:3: unknown objective \"queueing\""));
}

#[test]
fn thresholds_must_be_finite_and_not_negative() {
    for bad in ["inf", "nan", "-1"] {
        let text = GOOD.replace("at_most = 300", &format!("at_most = {bad}"));
        assert_eq!(
            error(&text),
            "challenges.toml:20: the threshold of \"p99_latency_ms\" must be a finite number, at \
             least 0",
            "{bad}"
        );
    }
    let share = GOOD.replace("at_most = 0.005", "at_most = 150");
    assert!(error(&share).contains("at most 100 (a percentage)"), "{}", error(&share));
    let both = GOOD.replace("at_most = 300", "at_most = 300\nat_least = 1");
    assert!(error(&both).contains("exactly one of `at_most` and `at_least`"));
    let weight = GOOD.replace("weight = 2", "weight = 0");
    assert!(error(&weight).starts_with("challenges.toml:25: `weight` must be"));
}

#[test]
fn an_empty_contract_and_a_bad_trace_are_errors() {
    let cut = GOOD.find("[[challenge.clause]]").unwrap();
    assert_eq!(
        error(&GOOD[..cut]),
        "challenges.toml:2: challenge \"first\" has an empty contract: add a \
         `[[challenge.clause]]`"
    );
    let long = GOOD.replace("duration_s = 60", "duration_s = 3600");
    assert!(error(&long).starts_with("challenges.toml:15: `duration_s` must be from 1 to 300"));
    let missing = GOOD.replace("peak_per_s = 2000\n", "");
    assert!(
        error(&missing).starts_with("challenges.toml:10: this trace pattern needs `peak_per_s`")
    );
    let runs = GOOD.replace("seed = 4\n", "seed = 4\nruns_per_month = 50000\n");
    assert_eq!(
        error(&runs),
        "challenges.toml:17: `runs_per_month` must be a whole number from 1 to 43800 (that many \
         replays of 60 s fill a 730-hour month)"
    );
    let fraction = GOOD.replace("seed = 4\n", "seed = 4\nruns_per_month = 2.5\n");
    assert!(error(&fraction).contains("must be a whole number"), "{}", error(&fraction));
    let thirty = GOOD.replace("seed = 4\n", "seed = 4\nruns_per_month = 30\n");
    assert_eq!(check(&thirty).unwrap()[0].runs_per_month, Some(30.0));
    let unknown = GOOD.replace("\"spike\"", "\"burst\"");
    assert!(error(&unknown).contains("unknown trace pattern \"burst\""));
    assert!(error("").contains("no `[[challenge]]` entries"));
    assert!(error("[[challenge]]\nid = 3\n").starts_with("challenges.toml:2: not a valid"));
}

#[test]
fn a_file_on_disk_is_reported_with_its_path() {
    let dir = std::env::temp_dir().join(format!("workbook-challenges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("challenges.toml");
    std::fs::write(&path, GOOD.replace("\"throttle_rate\"", "\"throttle\"")).unwrap();
    let error = content_challenges::load_challenges(&path, &OBJECTIVES).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(error.file, path);
    assert_eq!(error.line, Some(23));
    assert!(error.message.starts_with("unknown metric \"throttle\""));
}
