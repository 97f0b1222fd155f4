//! Build-time reading of the interview walkthroughs: `chapters/<name>/interviews/*.toml`, one
//! walkthrough per file, checked and turned into Rust source that `interview` embeds.
//!
//! Compiled by `build.rs` and by `tests/interviews.rs` through `#[path]`, next to `content`
//! (Markdown and errors), `setup` (control keys) and `metric` (metric names), so a walkthrough
//! that names an unknown control, metric or objective fails the build with its file and line.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content::{ContentError, is_valid_id, line_of, render_markdown};
use crate::metric::Metric;
use crate::setup::Setup;

/// The steps of a walkthrough, in the order an answer should take them.
pub const STEP_KINDS: [&str; 5] = ["clarify", "estimate", "design", "deep-dive", "trade-offs"];
/// Longest simulated run a demonstration or estimate may ask for, in seconds (they run in the
/// learner's browser on a click).
pub const MAX_RUN_S: f64 = 120.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWalkthrough {
    id: Spanned<String>,
    title: Spanned<String>,
    objectives: Spanned<Vec<String>>,
    question: Spanned<String>,
    step: Vec<Spanned<RawStep>>,
    model_answer: Spanned<String>,
    strong: Spanned<Vec<String>>,
    weak: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    kind: Spanned<String>,
    prompt: Spanned<String>,
    answer: Spanned<String>,
    #[serde(default)]
    estimate: Vec<Spanned<RawEstimate>>,
    demo: Option<Spanned<RawDemo>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEstimate {
    id: Spanned<String>,
    label: Spanned<String>,
    formula: Spanned<String>,
    expected: Spanned<f64>,
    metric: Spanned<String>,
    tolerance_percent: Spanned<f64>,
    setup: Spanned<String>,
    duration_s: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemo {
    caption: Spanned<String>,
    duration_s: Spanned<f64>,
    metrics: Spanned<Vec<String>>,
    run: Vec<Spanned<RawRun>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    label: Spanned<String>,
    setup: Spanned<String>,
}

/// A checked walkthrough; Markdown already rendered to HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Walkthrough {
    /// Stable id (progress is saved under `interview-<id>`).
    pub id: String,
    /// Heading.
    pub title: String,
    /// Learning objectives (section ids) it exercises.
    pub objectives: Vec<String>,
    /// The interview question, as HTML.
    pub question_html: String,
    /// The steps.
    pub steps: Vec<Step>,
    /// The whole model answer, as HTML.
    pub model_answer_html: String,
    /// Signals of a strong answer, as HTML.
    pub strong_html: Vec<String>,
    /// Signals of a weak answer, as HTML.
    pub weak_html: Vec<String>,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// One of [`STEP_KINDS`].
    pub kind: String,
    /// What to think about, as HTML.
    pub prompt_html: String,
    /// Our answer for this step, as HTML.
    pub answer_html: String,
    /// Numbers the learner estimates and the model checks.
    pub estimates: Vec<Estimate>,
    /// A run (or runs side by side) of the model.
    pub demo: Option<Demo>,
}

/// A checked estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Id, unique in its walkthrough.
    pub id: String,
    /// What to estimate.
    pub label: String,
    /// The back-of-the-envelope working, shown after checking.
    pub formula: String,
    /// The value the working gives.
    pub expected: f64,
    /// The metric the model measures for comparison.
    pub metric: String,
    /// How far from the model's value an estimate may be, in percent.
    pub tolerance_percent: f64,
    /// The setup the model runs, as link parameters.
    pub setup: String,
    /// Simulated seconds to run.
    pub duration_s: f64,
}

/// A checked demonstration.
#[derive(Debug, Clone, PartialEq)]
pub struct Demo {
    /// What to look for, as HTML.
    pub caption_html: String,
    /// Simulated seconds each run lasts.
    pub duration_s: f64,
    /// Metric names, the table's rows.
    pub metrics: Vec<String>,
    /// Label and setup (link parameters) of each run, the table's columns.
    pub runs: Vec<(String, String)>,
}

/// Reads every `*.toml` in `dir` (sorted by file name); `objectives` are the valid objective
/// ids.
pub fn load_walkthroughs(
    dir: &Path,
    objectives: &[&str],
) -> Result<Vec<Walkthrough>, ContentError> {
    let entries = fs::read_dir(dir).map_err(|error| ContentError {
        file: dir.to_path_buf(),
        line: None,
        message: format!("cannot read the interviews folder: {error}"),
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    files.sort();
    let mut walkthroughs = Vec::new();
    let mut ids = HashSet::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(|error| ContentError {
            file: file.clone(),
            line: None,
            message: format!("cannot read: {error}"),
        })?;
        let walkthrough = parse_walkthrough(&file, &text, objectives)?;
        if !ids.insert(walkthrough.id.clone()) {
            return Err(ContentError {
                file,
                line: Some(1),
                message: format!("duplicate walkthrough id {:?}", walkthrough.id),
            });
        }
        walkthroughs.push(walkthrough);
    }
    if walkthroughs.is_empty() {
        return Err(ContentError {
            file: dir.to_path_buf(),
            line: None,
            message: "no walkthroughs (*.toml files) found".to_owned(),
        });
    }
    Ok(walkthroughs)
}

/// Checks one walkthrough file's text (named `path` in errors).
pub fn parse_walkthrough(
    path: &Path,
    text: &str,
    objectives: &[&str],
) -> Result<Walkthrough, ContentError> {
    let at = |offset: usize, message: String| ContentError {
        file: path.to_path_buf(),
        line: Some(line_of(text, offset)),
        message,
    };
    let raw: RawWalkthrough = toml::from_str(text).map_err(|error| ContentError {
        file: path.to_path_buf(),
        line: error.span().map(|span| line_of(text, span.start)),
        message: format!("not a valid walkthrough: {}", error.message().trim_end()),
    })?;
    let filled = |value: &Spanned<String>, name: &str| {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            Err(at(value.span().start, format!("`{name}` is empty")))
        } else {
            Ok(trimmed.to_owned())
        }
    };
    let id = filled(&raw.id, "id")?;
    if !is_valid_id(&id) {
        return Err(at(raw.id.span().start, format!("walkthrough id {id:?} is not a valid id")));
    }
    for objective in raw.objectives.get_ref() {
        if !objectives.contains(&objective.as_str()) {
            return Err(at(
                raw.objectives.span().start,
                format!(
                    "unknown objective {objective:?}; expected one of: {}",
                    objectives.join(", ")
                ),
            ));
        }
    }
    let kinds: Vec<&str> =
        raw.step.iter().map(|step| step.get_ref().kind.get_ref().as_str()).collect();
    if kinds != STEP_KINDS {
        return Err(at(
            raw.step.first().map_or(0, |step| step.span().start),
            format!(
                "the steps must be, in order: {} (found: {})",
                STEP_KINDS.join(", "),
                kinds.join(", ")
            ),
        ));
    }
    let mut estimate_ids = HashSet::new();
    let mut steps = Vec::new();
    for spanned in &raw.step {
        let step = spanned.get_ref();
        let mut estimates = Vec::new();
        for estimate in &step.estimate {
            let checked = check_estimate(estimate.get_ref(), &at)?;
            if !estimate_ids.insert(checked.id.clone()) {
                return Err(at(
                    estimate.span().start,
                    format!("duplicate estimate id {:?}", checked.id),
                ));
            }
            estimates.push(checked);
        }
        let demo = step.demo.as_ref().map(|demo| check_demo(demo.get_ref(), &at)).transpose()?;
        steps.push(Step {
            kind: step.kind.get_ref().clone(),
            prompt_html: render_markdown(&filled(&step.prompt, "prompt")?),
            answer_html: render_markdown(&filled(&step.answer, "answer")?),
            estimates,
            demo,
        });
    }
    let signals = |list: &Spanned<Vec<String>>, name: &str| {
        if list.get_ref().is_empty() || list.get_ref().iter().any(|item| item.trim().is_empty()) {
            return Err(at(
                list.span().start,
                format!("`{name}` needs at least one non-empty signal"),
            ));
        }
        Ok(list.get_ref().iter().map(|item| inline_markdown(item)).collect())
    };
    Ok(Walkthrough {
        id,
        title: filled(&raw.title, "title")?,
        objectives: raw.objectives.get_ref().clone(),
        question_html: render_markdown(&filled(&raw.question, "question")?),
        steps,
        model_answer_html: render_markdown(&filled(&raw.model_answer, "model_answer")?),
        strong_html: signals(&raw.strong, "strong")?,
        weak_html: signals(&raw.weak, "weak")?,
    })
}

type At<'a> = dyn Fn(usize, String) -> ContentError + 'a;

fn check_setup(setup: &Spanned<String>, at: &At) -> Result<String, ContentError> {
    let (_, problems) = Setup::from_query(Setup::default(), setup.get_ref());
    match problems.first() {
        Some(problem) => {
            Err(at(setup.span().start, format!("setup {:?}: {problem}", setup.get_ref())))
        }
        None => Ok(setup.get_ref().clone()),
    }
}

fn check_metric(metric: &Spanned<String>, at: &At) -> Result<String, ContentError> {
    match Metric::from_name(metric.get_ref()) {
        Some(_) => Ok(metric.get_ref().clone()),
        None => {
            let known: Vec<&str> = Metric::ALL.iter().map(|metric| metric.name()).collect();
            Err(at(
                metric.span().start,
                format!(
                    "unknown metric {:?}; expected one of: {}",
                    metric.get_ref(),
                    known.join(", ")
                ),
            ))
        }
    }
}

fn check_duration(duration_s: &Spanned<f64>, at: &At) -> Result<f64, ContentError> {
    let value = *duration_s.get_ref();
    if value.is_finite() && value > 0.0 && value <= MAX_RUN_S {
        Ok(value)
    } else {
        Err(at(
            duration_s.span().start,
            format!("duration_s {value} must be above 0 and at most {MAX_RUN_S}"),
        ))
    }
}

fn check_estimate(raw: &RawEstimate, at: &At) -> Result<Estimate, ContentError> {
    let tolerance_percent = *raw.tolerance_percent.get_ref();
    if !(tolerance_percent.is_finite() && tolerance_percent > 0.0 && tolerance_percent <= 100.0) {
        return Err(at(
            raw.tolerance_percent.span().start,
            format!("tolerance_percent {tolerance_percent} must be above 0 and at most 100"),
        ));
    }
    if !raw.expected.get_ref().is_finite() {
        return Err(at(raw.expected.span().start, "expected must be a finite number".to_owned()));
    }
    for (value, name) in [(&raw.label, "label"), (&raw.formula, "formula")] {
        if value.get_ref().trim().is_empty() {
            return Err(at(value.span().start, format!("the estimate's `{name}` is empty")));
        }
    }
    if !is_valid_id(raw.id.get_ref()) {
        return Err(at(
            raw.id.span().start,
            format!("estimate id {:?} is not a valid id", raw.id.get_ref()),
        ));
    }
    Ok(Estimate {
        id: raw.id.get_ref().clone(),
        label: raw.label.get_ref().trim().to_owned(),
        formula: raw.formula.get_ref().trim().to_owned(),
        expected: *raw.expected.get_ref(),
        metric: check_metric(&raw.metric, at)?,
        tolerance_percent,
        setup: check_setup(&raw.setup, at)?,
        duration_s: check_duration(&raw.duration_s, at)?,
    })
}

fn check_demo(raw: &RawDemo, at: &At) -> Result<Demo, ContentError> {
    if raw.run.is_empty() || raw.run.len() > 4 {
        return Err(at(
            raw.caption.span().start,
            "a demo needs 1 to 4 `[[step.demo.run]]`s".to_owned(),
        ));
    }
    if raw.metrics.get_ref().is_empty() {
        return Err(at(raw.metrics.span().start, "a demo needs at least one metric".to_owned()));
    }
    let metrics = raw
        .metrics
        .get_ref()
        .iter()
        .map(|name| check_metric(&Spanned::new(raw.metrics.span(), name.clone()), at))
        .collect::<Result<Vec<_>, _>>()?;
    let runs = raw
        .run
        .iter()
        .map(|run| {
            let run = run.get_ref();
            if run.label.get_ref().trim().is_empty() {
                return Err(at(run.label.span().start, "a run's `label` is empty".to_owned()));
            }
            Ok((run.label.get_ref().trim().to_owned(), check_setup(&run.setup, at)?))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Demo {
        caption_html: render_markdown(raw.caption.get_ref().trim()),
        duration_s: check_duration(&raw.duration_s, at)?,
        metrics,
        runs,
    })
}

/// Renders a one-line Markdown snippet without the surrounding paragraph.
fn inline_markdown(text: &str) -> String {
    let html = render_markdown(text.trim());
    let inner = html.trim().strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>"));
    inner.map_or(html.clone(), str::to_owned)
}

/// Rust source defining `WALKTHROUGHS` for the `interview` module to `include!`.
pub fn to_rust(walkthroughs: &[Walkthrough]) -> String {
    let strings = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
        format!("&[{}]", quoted.join(", "))
    };
    let mut out = String::from("/// The walkthroughs, generated by build.rs from chapters/.\n");
    out.push_str("pub static WALKTHROUGHS: &[Walkthrough] = &[\n");
    for walkthrough in walkthroughs {
        out.push_str(&format!(
            "Walkthrough {{ id: {:?}, title: {:?}, objectives: {}, question_html: {:?}, \
             model_answer_html: {:?}, strong_html: {}, weak_html: {}, steps: &[\n",
            walkthrough.id,
            walkthrough.title,
            strings(&walkthrough.objectives),
            walkthrough.question_html,
            walkthrough.model_answer_html,
            strings(&walkthrough.strong_html),
            strings(&walkthrough.weak_html),
        ));
        for step in &walkthrough.steps {
            out.push_str(&format!(
                "Step {{ kind: {:?}, prompt_html: {:?}, answer_html: {:?}, estimates: &[",
                step.kind, step.prompt_html, step.answer_html
            ));
            for estimate in &step.estimates {
                out.push_str(&format!(
                    "Estimate {{ id: {:?}, label: {:?}, formula: {:?}, expected: {:?}_f64, \
                     metric: {:?}, tolerance_percent: {:?}_f64, setup: {:?}, \
                     duration_s: {:?}_f64 }},",
                    estimate.id,
                    estimate.label,
                    estimate.formula,
                    estimate.expected,
                    estimate.metric,
                    estimate.tolerance_percent,
                    estimate.setup,
                    estimate.duration_s,
                ));
            }
            out.push_str("], demo: ");
            match &step.demo {
                None => out.push_str("None"),
                Some(demo) => {
                    let runs: Vec<String> = demo
                        .runs
                        .iter()
                        .map(|(label, setup)| format!("({label:?}, {setup:?})"))
                        .collect();
                    out.push_str(&format!(
                        "Some(Demo {{ caption_html: {:?}, duration_s: {:?}_f64, metrics: {}, \
                         runs: &[{}] }})",
                        demo.caption_html,
                        demo.duration_s,
                        strings(&demo.metrics),
                        runs.join(", ")
                    ));
                }
            }
            out.push_str(" },\n");
        }
        out.push_str("] },\n");
    }
    out.push_str("];\n");
    out
}
