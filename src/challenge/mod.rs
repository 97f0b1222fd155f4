//! Challenges graded by running the model: the learner's answer is a [`Setup`] (the same
//! controls the sections use), and the grade is a replay of a fixed, seeded traffic trace
//! checked against a contract of clauses such as "p99 latency at most 300 ms".
//!
//! The challenges themselves are content (`chapters/scaling/challenges.toml`), checked at build
//! time by `src/content_challenges.rs` and embedded as the static [`CHALLENGES`]. The grader is
//! in [`grade`](mod@grade), the sentences of feedback in `feedback.rs`; both are plain Rust, so
//! the same answer gets the same grade natively and in the browser.

mod feedback;
pub mod grade;

pub use crate::metric::Metric;
pub use grade::{ClauseResult, Grade, GradeError, grade, replay};

use crate::setup::{Control, Setup, thousands};
use scaling_model::cost::HOURS_PER_MONTH;
use scaling_model::{Bill, Scenario, Summary, Traffic};

/// How a clause compares the measured value with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Met when the value is at most the threshold.
    AtMost,
    /// Met when the value is at least the threshold.
    AtLeast,
}

/// One term of a contract: `metric` compared with `threshold`, worth `weight` of the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clause {
    /// What is measured.
    pub metric: Metric,
    /// Which side of the threshold is good.
    pub comparison: Comparison,
    /// The bound, in the metric's unit ([`Metric::unit`]: shares in percent, 0.5 is 0.5%).
    pub threshold: f64,
    /// Relative weight in the total score (positive).
    pub weight: f64,
}

impl Clause {
    /// The clause in words: "p99 latency at most 300 ms".
    pub fn describe(&self) -> String {
        let side = match self.comparison {
            Comparison::AtMost => "at most",
            Comparison::AtLeast => "at least",
        };
        format!("{} {side} {}", self.metric.label(), self.metric.format(self.threshold))
    }
}

/// The traffic of a challenge's replay; the learner cannot change it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TracePattern {
    /// Poisson arrivals at a steady mean rate.
    Steady {
        /// Mean requests per second.
        rate_per_s: f64,
    },
    /// A step up from the baseline to the peak for `plateau_s` seconds from `start_s`.
    Spike {
        /// Requests per second before and after the spike.
        baseline_per_s: f64,
        /// Requests per second on the plateau.
        peak_per_s: f64,
        /// When the spike starts, in seconds.
        start_s: f64,
        /// How long the plateau lasts, in seconds.
        plateau_s: f64,
    },
    /// A swell and ebb around a mean rate, starting at the trough.
    Wave {
        /// Mean requests per second.
        mean_per_s: f64,
        /// Relative swing, 0 to 1.
        amplitude: f64,
        /// Length of one wave, in seconds.
        period_s: f64,
    },
}

/// The fixed replay: traffic, length and seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trace {
    /// The arrival process.
    pub pattern: TracePattern,
    /// Simulated length of the replay, in seconds.
    pub duration_s: f64,
    /// Seed of the run's randomness.
    pub seed: u64,
    /// How many replays like this one a month of traffic holds, for a budget; `None` when the
    /// traffic goes on like this all month (the replays back to back).
    pub runs_per_month: Option<f64>,
}

impl Trace {
    /// The model's arrival process for this trace.
    pub fn traffic(&self) -> Traffic {
        match self.pattern {
            TracePattern::Steady { rate_per_s } => Traffic::Poisson { rate_per_s },
            TracePattern::Spike { baseline_per_s, peak_per_s, start_s, plateau_s } => {
                Traffic::Spike {
                    baseline_per_s,
                    peak_per_s,
                    start_s,
                    ramp_s: 0.0,
                    plateau_s,
                    decay_s: 0.0,
                }
            }
            TracePattern::Wave { mean_per_s, amplitude, period_s } => {
                Traffic::DailyWave { mean_per_s, amplitude, period_s, peak_at_s: period_s / 2.0 }
            }
        }
    }
}

impl Trace {
    /// The month a budget prices, from the bill of a replay (or of its first `run_seconds`):
    /// the standing lines for 730 hours and the usage lines once per replay in the month
    /// ([`Bill::month_of_runs`]). Without `runs_per_month`, the replay's traffic all month.
    pub fn month_bill(&self, bill: &Bill, run_seconds: f64) -> Bill {
        let back_to_back = HOURS_PER_MONTH * 3_600.0 / self.duration_s;
        bill.month_of_runs(run_seconds, self.runs_per_month.unwrap_or(back_to_back))
    }

    /// The month priced, in words: "a month with 30 sales like this replay" or "this traffic
    /// all month".
    pub fn month_text(&self) -> String {
        match self.runs_per_month {
            Some(runs) => format!(
                "a 730-hour month with {} replays like this one and no other traffic",
                thousands(runs as u64)
            ),
            None => "a 730-hour month of traffic like this replay's, back to back".to_owned(),
        }
    }
}

/// One line of the month a cost clause prices, for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthLine {
    /// The bill line's name ("Redis").
    pub name: &'static str,
    /// How it is charged in the month: "all 730 hours" or "30 replays".
    pub basis: String,
    /// US dollars in the month.
    pub dollars: f64,
}

impl Trace {
    /// The month's bill as the lines that cost anything, each with how it is charged.
    pub fn month_lines(&self, month: &Bill) -> Vec<MonthLine> {
        let standing = month.standing();
        let usage_basis = match self.runs_per_month {
            Some(runs) => format!("{} replays", thousands(runs as u64)),
            None => "this traffic all month".to_owned(),
        };
        month
            .lines()
            .into_iter()
            .zip(standing.lines())
            .filter(|((_, dollars), _)| *dollars > 0.0)
            .map(|((name, dollars), (_, standing_dollars))| MonthLine {
                name,
                basis: if standing_dollars > 0.0 {
                    "all 730 hours".to_owned()
                } else {
                    usage_basis.clone()
                },
                dollars,
            })
            .collect()
    }
}

/// Seconds between the replay's checkpoints (series rows, and the moments clauses are watched).
pub const CHECK_INTERVAL_S: f64 = 1.0;

/// One challenge: a brief, the controls the learner may change, where they start, the fixed
/// trace and the contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Challenge {
    /// Stable id, used in progress and in the page (`challenge-<id>`).
    pub id: &'static str,
    /// The id of the objective section it practises.
    pub objective: &'static str,
    /// Heading.
    pub title: &'static str,
    /// The brief, rendered from Markdown at build time (trusted HTML).
    pub brief_html: &'static str,
    /// The controls the learner may change, in display order.
    pub controls: &'static [Control],
    /// The starting values, applied over [`Setup::default`] in order.
    pub start: &'static [(Control, u32)],
    /// The traffic replayed.
    pub trace: Trace,
    /// The contract; never empty (the build checks it).
    pub contract: &'static [Clause],
}

impl Challenge {
    /// The setup the learner starts from, with the trace's seed.
    pub fn start_setup(&self) -> Setup {
        let mut setup = Setup::default();
        setup.seed = self.trace.seed;
        // Twice, so a value clamped by one set earlier in the list (a reservation before the
        // limit it must fit under) gets its intended value once the rest is in place.
        for _ in 0..2 {
            for &(control, value) in self.start {
                setup.set(control, value);
            }
        }
        setup
    }

    /// What is graded for `answer`: the starting setup with only the allowed controls taken
    /// from `answer`, and the trace's seed.
    pub fn graded_setup(&self, answer: &Setup) -> Setup {
        let mut setup = self.start_setup();
        for _ in 0..2 {
            for &control in self.controls {
                setup.set(control, answer.get(control));
            }
        }
        setup.seed = self.trace.seed;
        setup
    }

    /// The model scenario replayed for `answer`: the graded setup with the trace's traffic,
    /// length and seed, and one series row per [`CHECK_INTERVAL_S`].
    pub fn scenario(&self, answer: &Setup) -> Scenario {
        let mut scenario = self.graded_setup(answer).scenario();
        scenario.name = format!("challenge {}", self.id);
        scenario.traffic = self.trace.traffic();
        scenario.duration_s = self.trace.duration_s;
        scenario.seed = self.trace.seed;
        scenario.interval_s = CHECK_INTERVAL_S;
        scenario.record_events = false;
        scenario
    }

    /// The month a cost clause prices, from a replay's summary (the whole replay or its first
    /// seconds): [`Trace::month_bill`] of the bill so far.
    pub fn month_bill(&self, summary: &Summary) -> Bill {
        self.trace.month_bill(&summary.cost_usd, summary.simulated_seconds)
    }
}

include!(concat!(env!("OUT_DIR"), "/challenges.rs"));

/// The challenge whose id is `id`.
pub fn find(id: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|challenge| challenge.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_challenges_start_and_trace_are_usable() {
        for challenge in CHALLENGES {
            assert!(!challenge.contract.is_empty() && !challenge.controls.is_empty());
            let scenario = challenge.scenario(&challenge.start_setup());
            assert_eq!(scenario.validate(), Ok(()), "{}", challenge.id);
            assert_eq!(scenario.duration_s, challenge.trace.duration_s);
            assert_eq!(find(challenge.id), Some(challenge));
        }
    }
}
