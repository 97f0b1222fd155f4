//! Tests of the walkthroughs' runtime: demonstrations, estimate checks, the self-assessment.

use super::*;

#[test]
fn every_walkthrough_has_the_five_steps_and_a_demo_in_each() {
    assert!(WALKTHROUGHS.len() >= 4, "the chapter's two questions and two of our own");
    for walkthrough in WALKTHROUGHS {
        let kinds: Vec<&str> = walkthrough.steps.iter().map(|step| step.kind).collect();
        assert_eq!(kinds, ["clarify", "estimate", "design", "deep-dive", "trade-offs"]);
        assert!(walkthrough.steps.iter().all(|step| step.demo.is_some()), "{}", walkthrough.id);
        assert!(walkthrough.steps[1].estimates.len() >= 2, "{}", walkthrough.id);
        assert!(walkthrough.progress_id().starts_with("interview-"));
    }
}

#[test]
fn estimates_are_checked_against_the_model() {
    let estimate = &WALKTHROUGHS[0].steps[1].estimates[0];
    let right = check_estimate(estimate, estimate.expected).unwrap();
    assert!(right.close, "{}", right.message);
    assert!(right.message.starts_with("Close"), "{}", right.message);
    assert!(right.message.contains(estimate.formula));
    let low = check_estimate(estimate, estimate.expected / 3.0).unwrap();
    assert!(!low.close && low.message.starts_with("Too low"), "{}", low.message);
    let high = check_estimate(estimate, estimate.expected * 3.0).unwrap();
    assert!(!high.close && high.message.starts_with("Too high"), "{}", high.message);
    assert_eq!(right.measured, low.measured, "the same seeded run every time");
    assert!(check_estimate(estimate, f64::NAN).is_err());
}

#[test]
fn demonstrations_tabulate_every_metric_for_every_run() {
    let demo = WALKTHROUGHS[0].steps[2].demo.unwrap();
    let table = run_demo(&demo).unwrap();
    assert_eq!(table.columns.len(), demo.runs.len());
    assert_eq!(table.rows.len(), demo.metrics.len());
    assert!(table.rows.iter().all(|(_, values)| values.len() == demo.runs.len()));
}

#[test]
fn bad_setups_are_errors_not_panics() {
    assert!(run_setup("rate=lots", 10.0).unwrap_err().contains("unreadable"));
    assert!(run_setup("rate=100", f64::NAN).is_err());
    let bad = Demo { caption_html: "", duration_s: 5.0, metrics: &["p100"], runs: &[("a", "")] };
    assert!(run_demo(&bad).unwrap_err().contains("p100"));
}

#[test]
fn tolerance_edges_are_inclusive() {
    assert!(within(110.0, 100.0, 10.0));
    assert!(within(90.0, 100.0, 10.0));
    assert!(!within(110.01, 100.0, 10.0));
    assert!(within(0.0, 0.0, 5.0));
    assert!(!within(0.1, 0.0, 5.0));
}

#[test]
fn self_assessment_rewards_strong_and_penalises_weak_signals() {
    assert_eq!(self_assessment(7, 0, 7), 1.0);
    assert_eq!(self_assessment(0, 0, 7), 0.0);
    assert_eq!(self_assessment(4, 1, 6), 0.5);
    assert_eq!(self_assessment(1, 3, 6), 0.0);
    assert_eq!(self_assessment(9, 0, 6), 1.0);
    assert_eq!(self_assessment(1, 0, 0), 0.0);
}

#[test]
fn step_titles() {
    assert_eq!(step_title("deep-dive"), "Deep dive");
    assert_eq!(step_title("trade-offs"), "Trade-offs");
    assert_eq!(step_title("other"), "Step");
}
