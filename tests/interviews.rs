//! The interview walkthroughs' content against the model and the build-time checks: every
//! estimate's working agrees with what the model measures, every demonstration runs, and bad
//! walkthrough files fail with their file and line.

#[allow(dead_code)]
#[path = "../src/content.rs"]
mod content;
#[allow(dead_code)]
#[path = "../src/content_interviews.rs"]
mod content_interviews;

use std::path::Path;
use std::time::Instant;

use serverless_workbook::interview::{self, WALKTHROUGHS};
// The content module reads the catalogue and the metrics as `crate::setup`/`crate::metric`.
use serverless_workbook::{metric, setup};

const OBJECTIVES: [&str; 5] = ["concurrency", "cold-starts", "caching", "memory", "downstream"];

#[test]
fn every_estimates_working_agrees_with_the_model() {
    for walkthrough in WALKTHROUGHS {
        for step in walkthrough.steps {
            for estimate in step.estimates {
                let check = interview::check_estimate(estimate, estimate.expected).unwrap();
                assert!(
                    check.close,
                    "{}/{}: working {} but the model measures {} ({}% allowed)",
                    walkthrough.id,
                    estimate.id,
                    estimate.expected,
                    check.measured,
                    estimate.tolerance_percent
                );
            }
        }
    }
}

#[test]
fn every_demonstration_runs_and_its_time_is_printed() {
    for walkthrough in WALKTHROUGHS {
        for step in walkthrough.steps {
            let demo = step.demo.expect("every step has a demonstration");
            let started = Instant::now();
            let table = interview::run_demo(&demo).unwrap();
            assert!(table.rows.iter().flat_map(|(_, values)| values).all(|value| value != "—"));
            println!(
                "{} / {}: {} runs in {:.0} ms (native, this build's profile)",
                walkthrough.id,
                step.kind,
                demo.runs.len(),
                started.elapsed().as_secs_f64() * 1_000.0
            );
        }
    }
}

fn parse(text: &str) -> Result<content_interviews::Walkthrough, content::ContentError> {
    content_interviews::parse_walkthrough(Path::new("bad.toml"), text, &OBJECTIVES)
}

/// A valid walkthrough with `replace` applied, so each test breaks exactly one thing.
fn variant(from: &str, to: &str) -> String {
    let good = std::fs::read_to_string("chapters/scaling/interviews/1-throttling.toml").unwrap();
    assert!(good.contains(from), "the sample no longer contains {from:?}");
    good.replacen(from, to, 1)
}

fn error_of(text: &str) -> (usize, String) {
    let error = parse(text).unwrap_err();
    assert_eq!(error.file, Path::new("bad.toml"));
    (error.line.expect("a line"), error.message)
}

#[test]
fn the_shipped_walkthroughs_parse() {
    let dir = Path::new("chapters/scaling/interviews");
    let walkthroughs = content_interviews::load_walkthroughs(dir, &OBJECTIVES).unwrap();
    assert_eq!(walkthroughs.len(), WALKTHROUGHS.len());
    let _ = (setup::Setup::default(), metric::Metric::ALL);
}

#[test]
fn an_unknown_metric_names_its_line() {
    let text = variant("metric = \"mean_concurrency\"", "metric = \"mean_cashiers\"");
    let (line, message) = error_of(&text);
    assert!(message.contains("unknown metric \"mean_cashiers\""), "{message}");
    assert_eq!(text.lines().nth(line - 1).unwrap(), "metric = \"mean_cashiers\"");
}

#[test]
fn an_unknown_control_in_a_setup_names_its_line() {
    let text =
        variant("setup = \"rate=4000&handler=200&limit=1000\"", "setup = \"rate=4000&cooks=9\"");
    let (line, message) = error_of(&text);
    assert!(message.contains("cooks=9") && message.contains("unknown setting"), "{message}");
    assert!(text.lines().nth(line - 1).unwrap().contains("cooks=9"));
}

#[test]
fn steps_out_of_order_are_refused() {
    let text = variant("kind = \"design\"", "kind = \"deep-dive\"");
    let (_, message) = error_of(&text);
    assert!(message.contains("the steps must be, in order"), "{message}");
}

#[test]
fn an_unknown_objective_is_refused() {
    let text =
        variant("objectives = [\"concurrency\", \"downstream\"]", "objectives = [\"grill\"]");
    let (line, message) = error_of(&text);
    assert_eq!(line, 5);
    assert!(message.contains("unknown objective \"grill\""), "{message}");
}

#[test]
fn duplicate_estimate_ids_and_bad_numbers_are_refused() {
    let (_, message) = error_of(&variant("id = \"connections\"", "id = \"concurrency\""));
    assert!(message.contains("duplicate estimate id"), "{message}");
    let (_, message) = error_of(&variant("tolerance_percent = 10", "tolerance_percent = 0"));
    assert!(message.contains("tolerance_percent"), "{message}");
    let (_, message) = error_of(&variant("duration_s = 60", "duration_s = 100000"));
    assert!(message.contains("duration_s"), "{message}");
}

#[test]
fn missing_fields_and_empty_signals_are_refused() {
    let (_, message) = error_of(&variant("formula = \"5,000", "formulas = \"5,000"));
    assert!(message.contains("not a valid walkthrough"), "{message}");
    let (_, message) = error_of(&variant("weak = [", "weak = [\"\", "));
    assert!(message.contains("`weak`"), "{message}");
}
