//! Feedback computed from a replay: where the failed requests went, whether cold starts set
//! p99, what dominates the bill, and what the learner's changes did against the start.
//!
//! Every sentence is built from the run's numbers, in the workbook's restaurant words: the door
//! is the concurrency limit, cashiers are execution environments, the grill is the database.

use scaling_model::Summary;

use super::grade::{ClauseResult, measure};
use super::{Challenge, Metric};
use crate::setup::{Control, Input, Setup, thousands};

/// What the feedback looks at.
pub(super) struct Run<'a> {
    pub challenge: &'a Challenge,
    pub setup: &'a Setup,
    pub summary: &'a Summary,
    pub clauses: &'a [ClauseResult],
    pub passed: bool,
    /// The starting setup and its replay, when the answer differs from it.
    pub start: Option<(&'a Setup, &'a Summary)>,
}

/// Controls that add cashiers: raising one of them lets more environments run at once.
const MORE_CASHIERS: [Control; 3] =
    [Control::AccountLimit, Control::Reserved, Control::Provisioned];

/// The sentences, most important first.
pub(super) fn explain(run: &Run) -> Vec<String> {
    let mut sentences = Vec::new();
    if run.passed {
        sentences.push(passed(run));
    }
    if let Some(sentence) = where_failures_went(run.summary) {
        sentences.push(sentence);
    }
    if let Some(sentence) = what_set_p99(run) {
        sentences.push(sentence);
    }
    if let Some(sentence) = what_the_bill_is(run) {
        sentences.push(sentence);
    }
    if let Some((start, start_summary)) = run.start {
        sentences.extend(against_the_start(run, start, start_summary));
    }
    sentences
}

fn failed(run: &Run, metric: Metric) -> bool {
    run.clauses.iter().any(|result| result.clause.metric == metric && !result.met)
}

fn passed(run: &Run) -> String {
    let cost = run.clauses.iter().find(|result| result.clause.metric == Metric::MonthlyCostUsd);
    match cost {
        Some(result) => format!(
            "Every clause held, with {} to spare on the budget.",
            Metric::MonthlyCostUsd.format((result.clause.threshold - result.value).max(0.0))
        ),
        None => "Every clause held.".to_owned(),
    }
}

/// The largest way requests failed: throttled at the door (and why), or lost at the grill.
fn where_failures_went(summary: &Summary) -> Option<String> {
    let lost = summary.throttled + summary.failed;
    // Below one request in a thousand, failures are noise worth no sentence.
    if summary.requests == 0 || lost * 1_000 < summary.requests {
        return None;
    }
    let at_grill = summary.db_timeouts + summary.db_rejections;
    let share = format!("{:.1}%", lost as f64 * 100.0 / summary.requests as f64);
    if at_grill > summary.throttled {
        let how = if summary.db_timeouts >= summary.db_rejections {
            format!("{} gave up waiting for a database connection", thousands(summary.db_timeouts))
        } else {
            format!("{} were refused a database connection", thousands(summary.db_rejections))
        };
        return Some(format!(
            "{share} of requests failed, and most of them were turned away at the grill: {how}, \
             against {} throttled at the door.",
            thousands(summary.throttled)
        ));
    }
    let reasons = summary.throttle_reasons;
    let why = if reasons.requests_per_second >= reasons.concurrency_limit
        && reasons.requests_per_second >= reasons.scaling_rate
    {
        "the account's requests-per-second limit (ten times its concurrency limit) was reached"
    } else if reasons.scaling_rate >= reasons.concurrency_limit {
        "new cashiers could not be hired fast enough (the scaling rate of 1,000 new environments \
         every 10 seconds)"
    } else {
        "every cashier the concurrency limit allows was busy"
    };
    Some(format!(
        "{share} of requests failed, and most never got past the door: {} were throttled, \
         mostly because {why}; {} failed at the grill.",
        thousands(summary.throttled),
        thousands(at_grill)
    ))
}

/// For a failed latency clause: were the slowest 1% cold starts, or waits for the database?
fn what_set_p99(run: &Run) -> Option<String> {
    if !failed(run, Metric::P99LatencyMs) {
        return None;
    }
    let summary = run.summary;
    let cold = summary.cold_start_probability;
    let threshold = run
        .clauses
        .iter()
        .find(|result| result.clause.metric == Metric::P99LatencyMs)
        .map_or(f64::INFINITY, |result| result.clause.threshold);
    if summary.db_mean_wait_ms > threshold / 10.0 {
        return Some(format!(
            "The slow requests waited for the grill: {} on average for a database \
             connection, with {} of invocations waiting for a cold start.",
            Metric::P99LatencyMs.format(summary.db_mean_wait_ms),
            Metric::ColdStartRate.format(Metric::ColdStartRate.value(summary))
        ));
    }
    if summary.latency_ms.p50 > threshold {
        return Some(format!(
            "Even the median request took {}, so p99 comes from the work itself: an invocation \
             kept its cashier busy {} on average.",
            Metric::P99LatencyMs.format(summary.latency_ms.p50),
            Metric::P99LatencyMs.format(summary.mean_invocation_ms)
        ));
    }
    if cold > 0.01 {
        return Some(format!(
            "Cold starts set p99: {} of invocations waited for one, more than the 1% of \
             requests that p99 looks at, so the slowest 1% are all cold starts.",
            Metric::ColdStartRate.format(Metric::ColdStartRate.value(summary))
        ));
    }
    Some(format!(
        "Cold starts were rare ({}), so p99 comes from the work itself: an invocation kept its \
         cashier busy {} on average.",
        Metric::ColdStartRate.format(Metric::ColdStartRate.value(summary)),
        Metric::P99LatencyMs.format(summary.mean_invocation_ms)
    ))
}

/// For a failed budget: the biggest line on the monthly bill.
fn what_the_bill_is(run: &Run) -> Option<String> {
    if !failed(run, Metric::MonthlyCostUsd) {
        return None;
    }
    let bill = run.challenge.month_bill(run.summary);
    let (line, dollars) = bill
        .lines()
        .into_iter()
        .fold(("", 0.0), |best, line| if line.1 > best.1 { line } else { best });
    let mut sentence = format!(
        "The biggest line on the month's bill is {line}: {} of {}.",
        Metric::MonthlyCostUsd.format(dollars),
        Metric::MonthlyCostUsd.format(bill.total)
    );
    if dollars == bill.provisioned_standby && run.challenge.trace.runs_per_month.is_some() {
        sentence.push_str(
            " Provisioned cashiers are paid for every hour they are configured, sale or not. In \
             production you could schedule them for the minutes around each sale (a scheduled \
             scaling action); this contract keeps them all month, so keep as few as the sale \
             needs.",
        );
    }
    Some(sentence)
}

/// What the learner changed, and how each clause's value moved against the starting setup.
fn against_the_start(run: &Run, start: &Setup, start_summary: &Summary) -> Vec<String> {
    let changed: Vec<Control> = run
        .challenge
        .controls
        .iter()
        .copied()
        .filter(|control| run.setup.get(*control) != start.get(*control))
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let changes: Vec<String> =
        changed.iter().map(|&control| change(control, start, run.setup)).collect();
    let moves: Vec<String> = run
        .clauses
        .iter()
        .filter_map(|result| {
            let metric = result.clause.metric;
            let before = measure(run.challenge, metric, start_summary);
            let (was, now) = (metric.format(before), metric.format(result.value));
            (was != now).then(|| format!("{} went from {was} to {now}", phrase(metric)))
        })
        .collect();
    let mut sentences = vec![if moves.is_empty() {
        format!("You changed {}; the contract's numbers did not move.", join(&changes))
    } else {
        format!("You changed {}, and {}.", join(&changes), join(&moves))
    }];
    let raised_cashiers = changed.iter().any(|control| {
        MORE_CASHIERS.contains(control) && run.setup.get(*control) > start.get(*control)
    });
    let grill_before = start_summary.db_timeouts + start_summary.db_rejections;
    let grill_now = run.summary.db_timeouts + run.summary.db_rejections;
    if raised_cashiers && grill_now > grill_before && failed(run, Metric::DbErrorRate) {
        sentences.push(format!(
            "More cashiers made it worse: each one wants a connection to the same grill, and \
             database failures went from {} to {}. Protect the grill before widening the door.",
            thousands(grill_before),
            thousands(grill_now)
        ));
    }
    sentences
}

/// "account concurrency limit from 1,000 to 3,000 concurrent executions".
fn change(control: Control, before: &Setup, after: &Setup) -> String {
    let info = control.info();
    // The label without its parenthesis, and lower case unless it starts with a name.
    let label = info.label.split(" (").next().unwrap_or(info.label);
    let first_word = label.split(' ').next().unwrap_or("");
    let named = first_word.chars().skip(1).any(char::is_uppercase)
        || ["Redis", "CDN", "API"].contains(&first_word);
    let label = if named { label.to_owned() } else { lower_first(label) };
    let from = match info.input {
        Input::Range { .. } if control != Control::PopularityPercent => {
            thousands(u64::from(before.get(control)))
        }
        _ => before.describe(control),
    };
    format!("the {label} from {from} to {}", after.describe(control))
}

/// How a metric reads in the middle of a sentence.
fn phrase(metric: Metric) -> String {
    match metric {
        Metric::P99LatencyMs => "p99 latency".to_owned(),
        Metric::P50LatencyMs => "median latency".to_owned(),
        Metric::ThrottleRate => "throttled requests".to_owned(),
        Metric::ErrorRate => "failed requests".to_owned(),
        other => lower_first(other.label()),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
