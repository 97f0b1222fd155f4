//! Build-time reading of the challenges (`chapters/scaling/challenges.toml`): each one checked
//! and turned into Rust source for `src/challenge/mod.rs` to embed as `CHALLENGES`.
//!
//! Like `content.rs`, this module is compiled by `build.rs` and by the native tests
//! (`tests/challenges.rs`) through `#[path]`, never by the app, so the WebAssembly carries no
//! TOML parser. It expects its siblings `content` (errors, lines, Markdown), `setup` (the
//! catalogue of controls) and `metric` (the shared metrics) at the crate root.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use scaling_model::cost::HOURS_PER_MONTH;
use serde::Deserialize;
use toml::Spanned;

use crate::content::{ContentError, is_valid_id, line_of, render_markdown};
use crate::metric::Metric;
use crate::setup::Control;

/// The longest replay a challenge may ask for, in simulated seconds: grading runs in the
/// browser and must stay well under a second.
pub const MAX_DURATION_S: f64 = 300.0;

/// Controls a learner may never be given: the trace fixes the traffic.
const TRACE_CONTROLS: [Control; 3] =
    [Control::Pattern, Control::ArrivalRate, Control::BaselineRate];

/// A trace's traffic after checking.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternSpec {
    /// Steady Poisson arrivals.
    Steady {
        /// Mean requests per second.
        rate_per_s: f64,
    },
    /// A step spike.
    Spike {
        /// Requests per second before and after.
        baseline_per_s: f64,
        /// Requests per second on the plateau.
        peak_per_s: f64,
        /// Start, in seconds.
        start_s: f64,
        /// Plateau length, in seconds.
        plateau_s: f64,
    },
    /// A wave around a mean.
    Wave {
        /// Mean requests per second.
        mean_per_s: f64,
        /// Relative swing, 0 to 1.
        amplitude: f64,
        /// Period, in seconds.
        period_s: f64,
    },
}

/// One contract clause after checking.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseSpec {
    /// The metric bounded.
    pub metric: Metric,
    /// True for `at_least`, false for `at_most`.
    pub at_least: bool,
    /// The bound.
    pub threshold: f64,
    /// Relative weight.
    pub weight: f64,
}

/// One challenge after checking, with its brief rendered to HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeSpec {
    /// Stable id.
    pub id: String,
    /// Objective section id.
    pub objective: String,
    /// Heading.
    pub title: String,
    /// The brief as HTML.
    pub brief_html: String,
    /// Controls the learner may change.
    pub controls: Vec<Control>,
    /// Starting values over the default setup, in order.
    pub start: Vec<(Control, u32)>,
    /// The traffic.
    pub pattern: PatternSpec,
    /// Replay length, in seconds.
    pub duration_s: f64,
    /// Seed.
    pub seed: u64,
    /// How many such replays a month of traffic holds (`None`: back to back all month).
    pub runs_per_month: Option<f64>,
    /// The contract.
    pub clauses: Vec<ClauseSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    challenge: Vec<RawChallenge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChallenge {
    id: Spanned<String>,
    objective: Spanned<String>,
    title: Spanned<String>,
    brief: Spanned<String>,
    controls: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    start: Option<Spanned<String>>,
    trace: RawTrace,
    #[serde(default)]
    clause: Vec<RawClause>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrace {
    pattern: Spanned<String>,
    rate_per_s: Option<Spanned<f64>>,
    baseline_per_s: Option<Spanned<f64>>,
    peak_per_s: Option<Spanned<f64>>,
    start_s: Option<Spanned<f64>>,
    plateau_s: Option<Spanned<f64>>,
    mean_per_s: Option<Spanned<f64>>,
    amplitude: Option<Spanned<f64>>,
    period_s: Option<Spanned<f64>>,
    duration_s: Spanned<f64>,
    seed: Spanned<u64>,
    runs_per_month: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    metric: Spanned<String>,
    at_most: Option<Spanned<f64>>,
    at_least: Option<Spanned<f64>>,
    weight: Option<Spanned<f64>>,
}

/// Reads and checks the challenges file at `path`; `objectives` are the ids of the chapter's
/// objective sections.
pub fn load_challenges(
    path: &Path,
    objectives: &[&str],
) -> Result<Vec<ChallengeSpec>, ContentError> {
    let text = fs::read_to_string(path).map_err(|error| ContentError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot read the challenges file: {error}"),
    })?;
    parse_challenges(path, &text, objectives)
}

/// Checks the text of a challenges file (named `path` in errors).
pub fn parse_challenges(
    path: &Path,
    text: &str,
    objectives: &[&str],
) -> Result<Vec<ChallengeSpec>, ContentError> {
    let at = |offset: usize, message: String| ContentError {
        file: path.to_path_buf(),
        line: Some(line_of(text, offset)),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|error| ContentError {
        file: path.to_path_buf(),
        line: error.span().map(|span| line_of(text, span.start)),
        message: format!("not a valid challenges file: {}", error.message().trim_end()),
    })?;
    if raw.challenge.is_empty() {
        return Err(ContentError {
            file: path.to_path_buf(),
            line: None,
            message: "the file has no `[[challenge]]` entries".to_owned(),
        });
    }
    let mut seen = HashSet::new();
    let mut challenges = Vec::with_capacity(raw.challenge.len());
    for entry in raw.challenge {
        let id = entry.id.get_ref().clone();
        let id_at = entry.id.span().start;
        if !is_valid_id(&id) {
            return Err(at(
                id_at,
                format!(
                    "challenge id {id:?} must be 1 to 40 lowercase letters, \
                digits or dashes, starting with a letter"
                ),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(at(id_at, format!("duplicate challenge id {id:?}")));
        }
        let objective = entry.objective.get_ref();
        if !objectives.contains(&objective.as_str()) {
            return Err(at(
                entry.objective.span().start,
                format!(
                    "unknown objective {objective:?}; expected one of: {}",
                    objectives.join(", ")
                ),
            ));
        }
        for (name, value) in [("title", &entry.title), ("brief", &entry.brief)] {
            if value.get_ref().trim().is_empty() {
                return Err(at(
                    value.span().start,
                    format!("challenge {id:?} has an empty `{name}`"),
                ));
            }
        }
        let controls = check_controls(&entry.controls, &at)?;
        let start = match &entry.start {
            Some(start) => check_start(start, &at)?,
            None => Vec::new(),
        };
        let (pattern, duration_s, seed) = check_trace(&entry.trace, &at)?;
        let runs_per_month = check_runs_per_month(&entry.trace, duration_s, &at)?;
        if entry.clause.is_empty() {
            return Err(at(
                id_at,
                format!(
                    "challenge {id:?} has an empty contract: add a \
                `[[challenge.clause]]`"
                ),
            ));
        }
        let clauses = entry
            .clause
            .iter()
            .map(|clause| check_clause(clause, &at))
            .collect::<Result<_, _>>()?;
        challenges.push(ChallengeSpec {
            id,
            objective: objective.clone(),
            title: entry.title.get_ref().trim().to_owned(),
            brief_html: render_markdown(entry.brief.get_ref()),
            controls,
            start,
            pattern,
            duration_s,
            seed,
            runs_per_month,
            clauses,
        });
    }
    Ok(challenges)
}

type At<'a> = dyn Fn(usize, String) -> ContentError + 'a;

fn check_controls(
    raw: &Spanned<Vec<Spanned<String>>>,
    at: &At,
) -> Result<Vec<Control>, ContentError> {
    if raw.get_ref().is_empty() {
        return Err(at(raw.span().start, "`controls` is empty: name at least one control".into()));
    }
    let mut controls = Vec::new();
    for key in raw.get_ref() {
        let control = known_control(key.get_ref(), key.span().start, at)?;
        if TRACE_CONTROLS.contains(&control) {
            return Err(at(
                key.span().start,
                format!(
                    "control {:?} cannot be given to the \
                learner: the trace fixes the traffic",
                    key.get_ref()
                ),
            ));
        }
        if controls.contains(&control) {
            return Err(at(
                key.span().start,
                format!("control {:?} is listed twice", key.get_ref()),
            ));
        }
        controls.push(control);
    }
    Ok(controls)
}

fn known_control(key: &str, offset: usize, at: &At) -> Result<Control, ContentError> {
    Control::from_key(key).ok_or_else(|| {
        let keys: Vec<&str> = Control::ALL.iter().map(|control| control.info().key).collect();
        at(offset, format!("unknown control {key:?}; expected one of: {}", keys.join(", ")))
    })
}

/// `start = "limit=1000&redis=0"`: link parameters, as figures use.
fn check_start(raw: &Spanned<String>, at: &At) -> Result<Vec<(Control, u32)>, ContentError> {
    let offset = raw.span().start;
    let mut start = Vec::new();
    for pair in raw.get_ref().split('&').filter(|pair| !pair.trim().is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(at(offset, format!("start value {pair:?} is not `key=value`")));
        };
        let control = known_control(key.trim(), offset, at)?;
        let (min, max) = control.bounds();
        match value.trim().parse::<u32>() {
            Ok(number) if (min..=max).contains(&number) => start.push((control, number)),
            _ => {
                return Err(at(
                    offset,
                    format!(
                        "start value {pair:?}: {key} takes a whole number \
                    from {min} to {max}"
                    ),
                ));
            }
        }
    }
    Ok(start)
}

fn number(
    value: &Option<Spanned<f64>>,
    name: &str,
    pattern_at: usize,
    at: &At,
) -> Result<f64, ContentError> {
    let Some(value) = value else {
        return Err(at(pattern_at, format!("this trace pattern needs `{name}`")));
    };
    let number = *value.get_ref();
    if !number.is_finite() || number < 0.0 {
        return Err(at(
            value.span().start,
            format!("`{name}` must be a finite number, at least 0"),
        ));
    }
    Ok(number)
}

fn check_trace(raw: &RawTrace, at: &At) -> Result<(PatternSpec, f64, u64), ContentError> {
    let pattern_at = raw.pattern.span().start;
    let get = |value: &Option<Spanned<f64>>, name: &str| number(value, name, pattern_at, at);
    let pattern = match raw.pattern.get_ref().as_str() {
        "steady" => PatternSpec::Steady { rate_per_s: get(&raw.rate_per_s, "rate_per_s")? },
        "spike" => PatternSpec::Spike {
            baseline_per_s: get(&raw.baseline_per_s, "baseline_per_s")?,
            peak_per_s: get(&raw.peak_per_s, "peak_per_s")?,
            start_s: get(&raw.start_s, "start_s")?,
            plateau_s: get(&raw.plateau_s, "plateau_s")?,
        },
        "wave" => {
            let amplitude = get(&raw.amplitude, "amplitude")?;
            let period_s = get(&raw.period_s, "period_s")?;
            if amplitude > 1.0 || period_s <= 0.0 {
                return Err(at(
                    pattern_at,
                    "a wave needs `amplitude` from 0 to 1 and a positive \
                    `period_s`"
                        .into(),
                ));
            }
            PatternSpec::Wave {
                mean_per_s: get(&raw.mean_per_s, "mean_per_s")?,
                amplitude,
                period_s,
            }
        }
        other => {
            return Err(at(
                pattern_at,
                format!(
                    "unknown trace pattern {other:?}; expected one of: \
                steady, spike, wave"
                ),
            ));
        }
    };
    let duration_s = *raw.duration_s.get_ref();
    if !(1.0..=MAX_DURATION_S).contains(&duration_s) {
        return Err(at(
            raw.duration_s.span().start,
            format!(
                "`duration_s` must be from 1 to \
            {MAX_DURATION_S} seconds (a grade runs in the browser)"
            ),
        ));
    }
    Ok((pattern, duration_s, *raw.seed.get_ref()))
}

/// The month a budget prices: `runs_per_month` replays, which must fit in 730 hours.
fn check_runs_per_month(
    raw: &RawTrace,
    duration_s: f64,
    at: &At,
) -> Result<Option<f64>, ContentError> {
    let Some(runs) = &raw.runs_per_month else { return Ok(None) };
    let most = (HOURS_PER_MONTH * 3_600.0 / duration_s).floor();
    let value = *runs.get_ref();
    if !(1.0..=most).contains(&value) || value.fract() != 0.0 {
        return Err(at(
            runs.span().start,
            format!(
                "`runs_per_month` must be a whole number from 1 to {most} (that many replays of \
                 {duration_s} s fill a 730-hour month)"
            ),
        ));
    }
    Ok(Some(value))
}

fn check_clause(raw: &RawClause, at: &At) -> Result<ClauseSpec, ContentError> {
    let name = raw.metric.get_ref();
    let metric = Metric::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Metric::ALL.iter().map(|metric| metric.name()).collect();
        at(
            raw.metric.span().start,
            format!("unknown metric {name:?}; expected one of: {}", names.join(", ")),
        )
    })?;
    let (bound, at_least) = match (&raw.at_most, &raw.at_least) {
        (Some(bound), None) => (bound, false),
        (None, Some(bound)) => (bound, true),
        _ => {
            return Err(at(
                raw.metric.span().start,
                "a clause needs exactly one of `at_most` \
                and `at_least`"
                    .into(),
            ));
        }
    };
    let threshold = *bound.get_ref();
    let percent = metric.unit() == "%";
    if !threshold.is_finite() || threshold < 0.0 || (percent && threshold > 100.0) {
        let most = if percent { " and at most 100 (a percentage)" } else { "" };
        return Err(at(
            bound.span().start,
            format!(
                "the threshold of {name:?} must be a finite \
            number, at least 0{most}"
            ),
        ));
    }
    let weight = match &raw.weight {
        None => 1.0,
        Some(weight) if weight.get_ref().is_finite() && *weight.get_ref() > 0.0 => {
            *weight.get_ref()
        }
        Some(weight) => {
            return Err(at(weight.span().start, "`weight` must be a finite number above 0".into()));
        }
    };
    Ok(ClauseSpec { metric, at_least, threshold, weight })
}

/// Rust source defining `CHALLENGES: &[Challenge]` for `src/challenge/mod.rs` to `include!`.
pub fn to_rust(challenges: &[ChallengeSpec]) -> String {
    let mut out = String::from("/// The challenges, generated by build.rs from chapters/.\n");
    out.push_str("pub static CHALLENGES: &[Challenge] = &[\n");
    for challenge in challenges {
        let controls: Vec<String> =
            challenge.controls.iter().map(|control| format!("Control::{control:?}")).collect();
        let start: Vec<String> = challenge
            .start
            .iter()
            .map(|(control, value)| format!("(Control::{control:?}, {value})"))
            .collect();
        let pattern = match &challenge.pattern {
            PatternSpec::Steady { rate_per_s } => {
                format!("TracePattern::Steady {{ rate_per_s: {rate_per_s:?} }}")
            }
            PatternSpec::Spike { baseline_per_s, peak_per_s, start_s, plateau_s } => format!(
                "TracePattern::Spike {{ baseline_per_s: {baseline_per_s:?}, peak_per_s: \
                 {peak_per_s:?}, start_s: {start_s:?}, plateau_s: {plateau_s:?} }}"
            ),
            PatternSpec::Wave { mean_per_s, amplitude, period_s } => format!(
                "TracePattern::Wave {{ mean_per_s: {mean_per_s:?}, amplitude: {amplitude:?}, \
                 period_s: {period_s:?} }}"
            ),
        };
        let clauses: Vec<String> = challenge
            .clauses
            .iter()
            .map(|clause| {
                let comparison = if clause.at_least { "AtLeast" } else { "AtMost" };
                format!(
                    "Clause {{ metric: Metric::{:?}, comparison: Comparison::{comparison}, \
                     threshold: {:?}, weight: {:?} }}",
                    clause.metric, clause.threshold, clause.weight
                )
            })
            .collect();
        out.push_str(&format!(
            "    Challenge {{ id: {:?}, objective: {:?}, title: {:?}, brief_html: {:?}, \
             controls: &[{}], start: &[{}], trace: Trace {{ pattern: {pattern}, duration_s: \
             {:?}, seed: {}, runs_per_month: {:?} }}, contract: &[{}] }},\n",
            challenge.id,
            challenge.objective,
            challenge.title,
            challenge.brief_html,
            controls.join(", "),
            start.join(", "),
            challenge.duration_s,
            challenge.seed,
            challenge.runs_per_month,
            clauses.join(", "),
        ));
    }
    out.push_str("];\n");
    out
}
