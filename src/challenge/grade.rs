//! The grader: replays a challenge's trace for the learner's setup and checks each clause.
//!
//! Rules, in one place:
//! - **Measured value**: each [`Metric`] is read from the replay's final `Summary` by the
//!   shared [`Metric::value`] (shares in percent; see `crate::metric` for each definition),
//!   except the monthly cost, which prices the trace's month ([`Trace::month_bill`]): the
//!   standing charges (provisioned concurrency, caches, database, proxy) for 730 hours and the
//!   usage once per replay in the month, so a sale held thirty times a month is billed thirty
//!   times, not as if it went on all month.
//! - **Credit** ([`credit`]): a met clause earns 1. An unmet "at most" clause earns
//!   `1 − (value − threshold) / threshold`, falling linearly to 0 at twice the threshold (and 0
//!   for any value above a threshold of 0). An unmet "at least" clause earns
//!   `value / threshold`, falling linearly to 0 at 0.
//! - **Score**: the weighted mean of the credits, from 0 to 1. The challenge is passed only
//!   when every clause is met.
//! - **When a clause first broke**: the replay pauses every [`CHECK_INTERVAL_S`] second and
//!   measures every metric over the run so far (the latency percentile of the requests
//!   answered so far, the shares of the requests so far, the month priced from the bill so
//!   far).
//!   A failed clause first broke at the end of the first such second at which that running
//!   value was on the wrong side of the threshold. Pausing does not change the run.
//!
//! [`Trace::month_bill`]: super::Trace::month_bill

use scaling_model::{Bill, ConfigError, Simulation, Summary};

use super::feedback;
use super::{CHECK_INTERVAL_S, Challenge, Clause, Comparison, Metric};
use crate::setup::Setup;

/// The outcome of one clause.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseResult {
    /// The clause checked.
    pub clause: Clause,
    /// The value measured over the whole replay, in the metric's unit.
    pub value: f64,
    /// Whether the clause held.
    pub met: bool,
    /// Credit earned, from 0 to 1 (see the module's rules).
    pub credit: f64,
    /// For a failed clause, the simulated second at which the running value first crossed the
    /// threshold (see the module's rules).
    pub first_broke_s: Option<f64>,
}

/// The grade of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// The challenge graded.
    pub challenge_id: &'static str,
    /// The setup that was replayed (the start with the allowed controls from the answer).
    pub setup: Setup,
    /// One result per clause, in contract order.
    pub clauses: Vec<ClauseResult>,
    /// Weighted mean credit, from 0 to 1.
    pub score: f64,
    /// Whether every clause held.
    pub passed: bool,
    /// Sentences explaining the run, computed from what happened in it.
    pub feedback: Vec<String>,
    /// The replay's summary.
    pub summary: Summary,
    /// The month the budget prices (see [`Trace::month_bill`](super::Trace::month_bill)).
    pub month_bill: Bill,
}

impl Grade {
    /// The score as a percentage with one decimal, as the page shows it: "87.5%".
    pub fn score_text(&self) -> String {
        format!("{:.1}%", self.score * 100.0)
    }

    /// The whole grade as plain text, one line per clause, then the score and the feedback.
    /// The browser fixture holds this text, so any change in the grade shows.
    pub fn report(&self) -> String {
        let mut lines = Vec::with_capacity(self.clauses.len() + self.feedback.len() + 1);
        for result in &self.clauses {
            let verdict = if result.met { "met" } else { "not met" };
            let broke = match result.first_broke_s {
                Some(second) => format!(", first broke at {second:.0} s"),
                None => String::new(),
            };
            lines.push(format!(
                "{}: measured {}, {verdict}, credit {:.0}%{broke}",
                result.clause.describe(),
                result.clause.metric.format(result.value),
                result.credit * 100.0,
            ));
        }
        lines.push(format!("score {}", self.score_text()));
        lines.extend(self.feedback.iter().cloned());
        lines.join("\n")
    }
}

/// Why an answer could not be graded (the model refused the scenario).
#[derive(Debug, Clone, PartialEq)]
pub struct GradeError(pub String);

impl std::fmt::Display for GradeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the replay could not run: {}", self.0)
    }
}

impl std::error::Error for GradeError {}

impl From<ConfigError> for GradeError {
    fn from(error: ConfigError) -> Self {
        GradeError(error.to_string())
    }
}

/// The value of `metric` in a run's summary for `challenge`: the shared definition,
/// [`Metric::value`], except the monthly cost, which prices the challenge's month.
pub fn measure(challenge: &Challenge, metric: Metric, summary: &Summary) -> f64 {
    match metric {
        Metric::MonthlyCostUsd => challenge.month_bill(summary).total,
        _ => metric.value(summary),
    }
}

/// Whether `value` satisfies `clause`.
pub fn meets(clause: &Clause, value: f64) -> bool {
    match clause.comparison {
        Comparison::AtMost => value <= clause.threshold,
        Comparison::AtLeast => value >= clause.threshold,
    }
}

/// The credit `value` earns against `clause`, from 0 to 1 (see the module's rules).
pub fn credit(clause: &Clause, value: f64) -> f64 {
    if meets(clause, value) {
        return 1.0;
    }
    let threshold = clause.threshold;
    let partial = match clause.comparison {
        Comparison::AtMost if threshold > 0.0 => 1.0 - (value - threshold) / threshold,
        Comparison::AtMost => 0.0,
        Comparison::AtLeast if threshold > 0.0 => value / threshold,
        Comparison::AtLeast => 0.0,
    };
    if partial.is_finite() { partial.clamp(0.0, 1.0) } else { 0.0 }
}

/// What one replay produced: its final summary and, per clause, when it first broke.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The summary of the whole replay.
    pub summary: Summary,
    /// Per clause, the first checkpoint (in seconds) at which the running value was on the
    /// wrong side of the threshold.
    pub first_crossed_s: Vec<Option<f64>>,
}

/// Replays `challenge`'s trace for `answer`, pausing every [`CHECK_INTERVAL_S`] second to watch
/// the clauses.
pub fn replay(challenge: &Challenge, answer: &Setup) -> Result<Replay, GradeError> {
    let mut simulation = Simulation::new(challenge.scenario(answer))?;
    let mut first_crossed_s = vec![None; challenge.contract.len()];
    let duration_s = simulation.duration_s();
    let mut checkpoint = 0_u32;
    while !simulation.is_finished() {
        checkpoint += 1;
        let time_s = (f64::from(checkpoint) * CHECK_INTERVAL_S).min(duration_s);
        simulation.advance_to(time_s);
        let so_far = simulation.summary();
        for (clause, first) in challenge.contract.iter().zip(&mut first_crossed_s) {
            if first.is_none() && !meets(clause, measure(challenge, clause.metric, &so_far)) {
                *first = Some(time_s);
            }
        }
        if time_s >= duration_s {
            break;
        }
    }
    Ok(Replay { summary: simulation.summary(), first_crossed_s })
}

/// Grades `answer` for `challenge`: replays the trace with the answer's allowed controls (the
/// rest from the challenge's start), checks each clause and explains the run. When the answer
/// differs from the starting setup, the start is replayed too, so the feedback can say what
/// the changes did.
pub fn grade(challenge: &Challenge, answer: &Setup) -> Result<Grade, GradeError> {
    let setup = challenge.graded_setup(answer);
    let run = replay(challenge, &setup)?;
    let clauses: Vec<ClauseResult> = challenge
        .contract
        .iter()
        .zip(&run.first_crossed_s)
        .map(|(clause, first)| {
            let value = measure(challenge, clause.metric, &run.summary);
            let met = meets(clause, value);
            ClauseResult {
                clause: *clause,
                value,
                met,
                credit: credit(clause, value),
                first_broke_s: if met { None } else { first.or(Some(challenge.trace.duration_s)) },
            }
        })
        .collect();
    let total_weight: f64 = clauses.iter().map(|result| result.clause.weight).sum();
    let earned: f64 = clauses.iter().map(|result| result.clause.weight * result.credit).sum();
    let score = if total_weight > 0.0 { (earned / total_weight).clamp(0.0, 1.0) } else { 0.0 };
    let passed = clauses.iter().all(|result| result.met);
    let start = challenge.start_setup();
    let baseline = if setup == start { None } else { Some(replay(challenge, &start)?.summary) };
    let feedback = feedback::explain(&feedback::Run {
        challenge,
        setup: &setup,
        summary: &run.summary,
        clauses: &clauses,
        passed,
        start: baseline.as_ref().map(|summary| (&start, summary)),
    });
    Ok(Grade {
        challenge_id: challenge.id,
        setup,
        clauses,
        score,
        passed,
        feedback,
        month_bill: challenge.month_bill(&run.summary),
        summary: run.summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(comparison: Comparison, threshold: f64) -> Clause {
        Clause { metric: Metric::P99LatencyMs, comparison, threshold, weight: 1.0 }
    }

    #[test]
    fn credit_falls_linearly_to_zero_at_twice_the_bound() {
        let at_most = clause(Comparison::AtMost, 300.0);
        assert_eq!(credit(&at_most, 120.0), 1.0);
        assert_eq!(credit(&at_most, 300.0), 1.0);
        assert_eq!(credit(&at_most, 450.0), 0.5);
        assert_eq!(credit(&at_most, 600.0), 0.0);
        assert_eq!(credit(&at_most, 5_000.0), 0.0);
        assert_eq!(credit(&clause(Comparison::AtMost, 0.0), 0.0), 1.0);
        assert_eq!(credit(&clause(Comparison::AtMost, 0.0), 0.1), 0.0);
        let at_least = clause(Comparison::AtLeast, 0.8);
        assert_eq!(credit(&at_least, 0.9), 1.0);
        assert!((credit(&at_least, 0.4) - 0.5).abs() < 1e-12);
        assert_eq!(credit(&at_least, f64::NAN), 0.0);
    }
}
