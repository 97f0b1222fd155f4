//! Interview walkthroughs: the chapter's interview questions (and more of our own) walked
//! through in five steps, each with a demonstration run in the model, numbers the learner
//! estimates and the model checks, our answer on demand, and a rubric to assess oneself.
//!
//! The walkthroughs are data (`chapters/scaling/interviews/*.toml`, checked at build time by
//! `content_interviews.rs`); this module runs their demonstrations and checks estimates. It is
//! plain Rust, tested natively.

use scaling_model::{Simulation, Summary};

use crate::metric::Metric;
use crate::setup::Setup;

/// One walkthrough.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Walkthrough {
    /// Stable id; progress is saved under [`Walkthrough::progress_id`].
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// The learning objectives (section ids) it exercises.
    pub objectives: &'static [&'static str],
    /// The question, as HTML.
    pub question_html: &'static str,
    /// Clarify, estimate, design, deep dive, trade-offs.
    pub steps: &'static [Step],
    /// The whole model answer, as HTML.
    pub model_answer_html: &'static str,
    /// Signals of a strong answer, as HTML.
    pub strong_html: &'static [&'static str],
    /// Signals of a weak answer, as HTML.
    pub weak_html: &'static [&'static str],
}

/// One step of a walkthrough.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// "clarify", "estimate", "design", "deep-dive" or "trade-offs".
    pub kind: &'static str,
    /// What to think about, as HTML.
    pub prompt_html: &'static str,
    /// Our answer for the step, as HTML.
    pub answer_html: &'static str,
    /// Numbers to estimate.
    pub estimates: &'static [Estimate],
    /// A demonstration in the model.
    pub demo: Option<Demo>,
}

/// A number the learner estimates and the model measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Id, unique in its walkthrough.
    pub id: &'static str,
    /// What to estimate.
    pub label: &'static str,
    /// The back-of-the-envelope working.
    pub formula: &'static str,
    /// What the working gives.
    pub expected: f64,
    /// Name of the [`Metric`] the model measures.
    pub metric: &'static str,
    /// How far from the model's value an estimate may be, in percent.
    pub tolerance_percent: f64,
    /// The setup the model runs (link parameters).
    pub setup: &'static str,
    /// Simulated seconds to run.
    pub duration_s: f64,
}

/// Runs of the model shown side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Demo {
    /// What to look for, as HTML.
    pub caption_html: &'static str,
    /// Simulated seconds each run lasts.
    pub duration_s: f64,
    /// The metrics shown (names of [`Metric`]s), one row each.
    pub metrics: &'static [&'static str],
    /// Label and setup of each run, one column each.
    pub runs: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/interviews.rs"));

impl Walkthrough {
    /// The key of this walkthrough's self-assessment in the saved progress.
    pub fn progress_id(&self) -> String {
        crate::gradable::interview_key(self.id)
    }
}

/// A human title for a step kind: "Deep dive".
pub fn step_title(kind: &str) -> &'static str {
    match kind {
        "clarify" => "Clarify",
        "estimate" => "Estimate",
        "design" => "Design",
        "deep-dive" => "Deep dive",
        "trade-offs" => "Trade-offs",
        _ => "Step",
    }
}

/// Runs the setup written as link parameters for `duration_s` simulated seconds and returns the
/// model's summary. A setup the catalogue cannot read is an error, never a panic.
pub fn run_setup(setup: &str, duration_s: f64) -> Result<Summary, String> {
    let (setup, problems) = Setup::from_query(Setup::default(), setup);
    if let Some(problem) = problems.first() {
        return Err(format!("the demonstration's setup is unreadable: {problem}"));
    }
    let mut scenario = setup.scenario();
    scenario.duration_s = duration_s;
    scenario.interval_s = duration_s.clamp(1.0, 10.0);
    scenario.record_events = false;
    let mut simulation = Simulation::new(scenario).map_err(|error| error.to_string())?;
    simulation.run_to_end();
    Ok(simulation.summary())
}

/// A demonstration's results: one row per metric, one formatted value per run.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoTable {
    /// The runs' labels (column headings).
    pub columns: Vec<&'static str>,
    /// Each metric's label and its value in every run, formatted with its unit.
    pub rows: Vec<(&'static str, Vec<String>)>,
}

/// Runs every setup of `demo` and tabulates its metrics.
pub fn run_demo(demo: &Demo) -> Result<DemoTable, String> {
    let summaries = demo
        .runs
        .iter()
        .map(|(_, setup)| run_setup(setup, demo.duration_s))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = demo
        .metrics
        .iter()
        .map(|name| {
            let metric =
                Metric::from_name(name).ok_or_else(|| format!("unknown metric {name:?}"))?;
            let values = summaries.iter().map(|s| metric.format(metric.value(s))).collect();
            Ok((metric.label(), values))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(DemoTable { columns: demo.runs.iter().map(|(label, _)| *label).collect(), rows })
}

/// What the model said about a learner's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateCheck {
    /// The model's measurement, in the metric's unit.
    pub measured: f64,
    /// Whether the estimate is within the tolerance of the measurement.
    pub close: bool,
    /// The verdict in a sentence, with the working.
    pub message: String,
}

/// Compares `entered` with what the model measures for `estimate`.
pub fn check_estimate(estimate: &Estimate, entered: f64) -> Result<EstimateCheck, String> {
    let metric = Metric::from_name(estimate.metric)
        .ok_or_else(|| format!("unknown metric {:?}", estimate.metric))?;
    if !entered.is_finite() {
        return Err("Enter a number first.".to_owned());
    }
    let measured = metric.value(&run_setup(estimate.setup, estimate.duration_s)?);
    let close = within(entered, measured, estimate.tolerance_percent);
    let verdict = if close {
        format!("Close: within {}% of the model.", estimate.tolerance_percent)
    } else if entered < measured {
        format!("Too low: more than {}% under the model.", estimate.tolerance_percent)
    } else {
        format!("Too high: more than {}% over the model.", estimate.tolerance_percent)
    };
    Ok(EstimateCheck {
        measured,
        close,
        message: format!(
            "{verdict} The model measured {}; the working: {}.",
            metric.format(measured),
            estimate.formula
        ),
    })
}

/// Whether `value` is within `tolerance_percent` of `reference` (inclusive; for a reference of
/// zero, the value must be zero too).
pub fn within(value: f64, reference: f64, tolerance_percent: f64) -> bool {
    (value - reference).abs() <= reference.abs() * tolerance_percent / 100.0
}

/// A self-assessment score from 0 to 1: strong signals ticked, less weak ones ticked, over the
/// number of strong signals.
pub fn self_assessment(strong_ticked: usize, weak_ticked: usize, strong_total: usize) -> f64 {
    if strong_total == 0 {
        return 0.0;
    }
    let net = strong_ticked.min(strong_total) as f64 - weak_ticked as f64;
    (net / strong_total as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests;
