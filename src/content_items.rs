//! Build-time reading of the graded items: `chapters/<name>/items/*.toml`, checked and turned
//! into Rust source (`$OUT_DIR/items.rs`) that `src/items.rs` includes.
//!
//! Like `content.rs`, this module is plain Rust compiled by `build.rs` (through `#[path]`) and by
//! `tests/items.rs`, each of which also includes `content_rules.rs` (the text rules) and
//! `content_items_gen.rs` (the generated Rust) beside it; the app never links them. Every
//! problem is reported with the file, the line and the reason, so bad content fails the build
//! instead of the page.
//! (Challenge clauses name metrics checked against `metric::Metric` by `content_challenges.rs`.)

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::content_rules::{
    POSITIONAL_PHRASES, has_negation, has_negative_stem, prompt_shows_number,
};

/// A problem in an item file, located by file and (when known) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// The file that has to change.
    pub file: PathBuf,
    /// 1-based line in `file`, when the problem has a place.
    pub line: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ItemError {}

/// One checked choice, rendered to HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The choice's text.
    pub html: String,
    /// Whether picking it is right.
    pub correct: bool,
    /// Why it is wrong (for wrong choices) or a note (for right ones); may be empty for right.
    pub why_html: String,
}

/// What kind of answer an item takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Pick one (`multiple = false`) or several choices.
    Choice {
        /// Whether several choices may be right.
        multiple: bool,
        /// Whether the app shuffles the choices.
        shuffle: bool,
        /// The choices as written.
        choices: Vec<Choice>,
    },
    /// Type a number in `unit`.
    Numeric {
        /// The right value.
        answer: f64,
        /// The unit shown beside the input.
        unit: String,
        /// Allowed distance from `answer`: absolute in `unit`, or relative (a fraction).
        tolerance: f64,
        /// Whether `tolerance` is a fraction of the answer.
        relative: bool,
    },
    /// Put entries in order; `entries` are in the right order (HTML).
    Ordering {
        /// The entries, first to last.
        entries: Vec<String>,
    },
    /// A written answer compared with a model answer and a rubric the learner ticks.
    Written {
        /// The model answer as HTML.
        model_answer_html: String,
        /// The rubric's points as HTML.
        rubric: Vec<String>,
    },
}

/// One graded item after checking.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable id, the key of saved progress.
    pub id: String,
    /// The objective section it tests.
    pub objective: String,
    /// Shown in the objective's quick check.
    pub quick: bool,
    /// One of the chapter's own exercises (shown first on the exercises page).
    pub chapter_exercise: bool,
    /// The question as HTML.
    pub prompt_html: String,
    /// Hints as HTML, unlocked one at a time.
    pub hints: Vec<String>,
    /// Shown after answering, as HTML.
    pub explanation_html: String,
    /// The answer and how it is graded.
    pub body: Body,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    objective: Spanned<String>,
    kind: Spanned<String>,
    prompt: Spanned<String>,
    #[serde(default)]
    hints: Vec<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    #[serde(default)]
    quick: bool,
    #[serde(default)]
    chapter_exercise: bool,
    shuffle: Option<Spanned<bool>>,
    multiple: Option<Spanned<bool>>,
    choice: Option<Spanned<Vec<RawChoice>>>,
    correct: Option<Spanned<Vec<Spanned<i64>>>>,
    answer: Option<Spanned<f64>>,
    unit: Option<Spanned<String>>,
    tolerance: Option<Spanned<f64>>,
    relative_tolerance: Option<Spanned<f64>>,
    order: Option<Spanned<Vec<Spanned<String>>>>,
    model_answer: Option<Spanned<String>>,
    rubric: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: Spanned<String>,
    #[serde(default)]
    why: Option<Spanned<String>>,
}

/// The kinds of item, as spelled in `kind = "..."`.
pub const KINDS: [&str; 4] = ["choice", "numeric", "ordering", "written"];

/// Reads every `*.toml` in `dir` (in name order) and checks the items against the chapter's
/// objective section ids; the items come back grouped by objective, in the chapter's order.
pub fn load_items(dir: &Path, objectives: &[&str]) -> Result<Vec<Item>, ItemError> {
    let listing = fs::read_dir(dir).map_err(|error| ItemError {
        file: dir.to_path_buf(),
        line: None,
        message: format!("cannot read the items folder: {error}"),
    })?;
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    paths.sort();
    let mut items = Vec::new();
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    for path in paths {
        let text = fs::read_to_string(&path).map_err(|error| ItemError {
            file: path.clone(),
            line: None,
            message: format!("cannot read the item file: {error}"),
        })?;
        for (item, line) in parse_items(&path, &text, objectives)? {
            if let Some((file, first)) = seen.get(&item.id) {
                return Err(ItemError {
                    file: path.clone(),
                    line: Some(line),
                    message: format!(
                        "duplicate item id {:?} (first used at {}:{first})",
                        item.id,
                        file.display()
                    ),
                });
            }
            seen.insert(item.id.clone(), (path.clone(), line));
            items.push(item);
        }
    }
    // In the chapter's order of objectives; within one, in file order.
    items.sort_by_key(|item| objectives.iter().position(|id| *id == item.objective));
    Ok(items)
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() + 1
}

/// Checks one item file's text (named `path` in errors); returns each item with its line.
pub fn parse_items(
    path: &Path,
    text: &str,
    objectives: &[&str],
) -> Result<Vec<(Item, usize)>, ItemError> {
    let at = |offset: usize, message: String| ItemError {
        file: path.to_path_buf(),
        line: Some(line_of(text, offset)),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|error| ItemError {
        file: path.to_path_buf(),
        line: error.span().map(|span| line_of(text, span.start)),
        message: format!("not a valid item file: {}", error.message().trim_end()),
    })?;
    let mut ids = HashSet::new();
    let mut items = Vec::with_capacity(raw.item.len());
    for raw_item in raw.item {
        let id_at = raw_item.id.span().start;
        let id = raw_item.id.get_ref().clone();
        if !is_valid_item_id(&id) {
            return Err(at(
                id_at,
                format!(
                    "item id {id:?} must be 1 to 60 lowercase letters, digits or dashes, \
                     starting with a letter"
                ),
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(at(id_at, format!("duplicate item id {id:?}")));
        }
        let item = check_item(raw_item, &id, objectives, &at)?;
        items.push((item, line_of(text, id_at)));
    }
    Ok(items)
}

fn check_item(
    raw: RawItem,
    id: &str,
    objectives: &[&str],
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<Item, ItemError> {
    let id_at = raw.id.span().start;
    let objective = raw.objective.get_ref();
    if !objectives.contains(&objective.as_str()) {
        return Err(at(
            raw.objective.span().start,
            format!(
                "item {id:?} names unknown objective {objective:?}; expected one of: {}",
                objectives.join(", ")
            ),
        ));
    }
    let kind = raw.kind.get_ref().as_str();
    if !KINDS.contains(&kind) {
        return Err(at(
            raw.kind.span().start,
            format!("unknown item kind {kind:?}; expected one of: {}", KINDS.join(", ")),
        ));
    }
    let prompt = non_empty(&raw.prompt, id, "prompt", at)?;
    for hint in &raw.hints {
        non_empty(hint, id, "hints", at)?;
    }
    // Only the fields of the item's own kind may appear.
    let present: [(&str, Option<usize>); 11] = [
        ("multiple", raw.multiple.as_ref().map(|v| v.span().start)),
        ("choice", raw.choice.as_ref().map(|v| v.span().start)),
        ("correct", raw.correct.as_ref().map(|v| v.span().start)),
        ("answer", raw.answer.as_ref().map(|v| v.span().start)),
        ("unit", raw.unit.as_ref().map(|v| v.span().start)),
        ("tolerance", raw.tolerance.as_ref().map(|v| v.span().start)),
        ("relative_tolerance", raw.relative_tolerance.as_ref().map(|v| v.span().start)),
        ("order", raw.order.as_ref().map(|v| v.span().start)),
        ("model_answer", raw.model_answer.as_ref().map(|v| v.span().start)),
        ("rubric", raw.rubric.as_ref().map(|v| v.span().start)),
        ("shuffle", raw.shuffle.as_ref().map(|v| v.span().start)),
    ];
    let allowed: &[&str] = match kind {
        "choice" => &["multiple", "choice", "correct", "shuffle"],
        "numeric" => &["answer", "unit", "tolerance", "relative_tolerance"],
        "ordering" => &["order"],
        _ => &["model_answer", "rubric"],
    };
    for (name, offset) in present {
        if let Some(offset) = offset
            && !allowed.contains(&name)
        {
            return Err(at(offset, format!("`{name}` does not belong in a {kind} item ({id:?})")));
        }
    }
    let explanation = match (&raw.explanation, kind) {
        (Some(explanation), _) => non_empty(explanation, id, "explanation", at)?,
        (None, "written") => String::new(),
        (None, _) => return Err(at(id_at, format!("item {id:?} has no `explanation`"))),
    };
    let body = match kind {
        "choice" => check_choice(&raw, id, &prompt, at)?,
        "numeric" => check_numeric(&raw, id, &prompt, at)?,
        "ordering" => check_ordering(&raw, id, at)?,
        _ => check_written(&raw, id, at)?,
    };
    Ok(Item {
        id: id.to_owned(),
        objective: objective.clone(),
        quick: raw.quick,
        chapter_exercise: raw.chapter_exercise,
        prompt_html: render_block(&prompt),
        hints: raw.hints.iter().map(|hint| render_inline(hint.get_ref())).collect(),
        explanation_html: render_block(&explanation),
        body,
    })
}

fn non_empty(
    value: &Spanned<String>,
    id: &str,
    name: &str,
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<String, ItemError> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        Err(at(value.span().start, format!("item {id:?} has an empty `{name}`")))
    } else {
        Ok(text.to_owned())
    }
}

fn check_choice(
    raw: &RawItem,
    id: &str,
    prompt: &str,
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<Body, ItemError> {
    let id_at = raw.id.span().start;
    let Some(choices) = raw.choice.as_ref().filter(|choices| !choices.get_ref().is_empty()) else {
        return Err(at(id_at, format!("choice item {id:?} has no `[[item.choice]]` entries")));
    };
    let choices_at = choices.span().start;
    let choices = choices.get_ref();
    if choices.len() < 2 {
        return Err(at(choices_at, format!("choice item {id:?} needs at least 2 choices")));
    }
    let Some(correct) = raw.correct.as_ref().filter(|correct| !correct.get_ref().is_empty()) else {
        return Err(at(id_at, format!("choice item {id:?} has no `correct` choice numbers")));
    };
    let multiple = raw.multiple.as_ref().is_some_and(|multiple| *multiple.get_ref());
    let shuffle = raw.shuffle.as_ref().is_none_or(|shuffle| *shuffle.get_ref());
    let mut right = vec![false; choices.len()];
    for number in correct.get_ref() {
        let value = *number.get_ref();
        let index = usize::try_from(value).ok().and_then(|value| value.checked_sub(1));
        match index.filter(|&index| index < choices.len()) {
            Some(index) if right[index] => {
                return Err(at(number.span().start, format!("correct choice {value} is repeated")));
            }
            Some(index) => right[index] = true,
            None => {
                return Err(at(
                    number.span().start,
                    format!(
                        "correct choice {value} is out of range: item {id:?} has {} choices, \
                         numbered from 1",
                        choices.len()
                    ),
                ));
            }
        }
    }
    if !multiple && correct.get_ref().len() > 1 {
        return Err(at(
            correct.span().start,
            format!("item {id:?} lists several correct choices; add `multiple = true`"),
        ));
    }
    let negative_stem = has_negative_stem(prompt);
    let mut checked = Vec::with_capacity(choices.len());
    for (index, choice) in choices.iter().enumerate() {
        let text_at = choice.text.span().start;
        let text = non_empty(&choice.text, id, "choice text", at)?;
        let lower = text.to_lowercase();
        if shuffle && let Some(phrase) = POSITIONAL_PHRASES.iter().find(|p| lower.contains(**p)) {
            return Err(at(
                text_at,
                format!("{phrase:?} means nothing once choices are shuffled; name the choices"),
            ));
        }
        if negative_stem && has_negation(&lower) {
            return Err(at(
                text_at,
                "double negative: a negative question with a negative choice; \
                 rephrase one of them"
                    .to_owned(),
            ));
        }
        let why = choice.why.as_ref().map(|why| why.get_ref().trim()).unwrap_or_default();
        if !right[index] && why.is_empty() {
            return Err(at(
                text_at,
                format!("wrong choice {} of item {id:?} has no `why`", index + 1),
            ));
        }
        checked.push(Choice {
            html: render_inline(&text),
            correct: right[index],
            why_html: if why.is_empty() { String::new() } else { render_inline(why) },
        });
    }
    Ok(Body::Choice { multiple, shuffle, choices: checked })
}

fn check_numeric(
    raw: &RawItem,
    id: &str,
    prompt: &str,
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<Body, ItemError> {
    let id_at = raw.id.span().start;
    let Some(answer) = raw.answer.as_ref() else {
        return Err(at(id_at, format!("numeric item {id:?} has no `answer`")));
    };
    let value = *answer.get_ref();
    if !value.is_finite() {
        return Err(at(answer.span().start, format!("the answer of {id:?} is not a number")));
    }
    let unit = raw.unit.as_ref().map(|unit| unit.get_ref().trim()).unwrap_or_default();
    if unit.is_empty() {
        return Err(at(
            raw.unit.as_ref().map_or(answer.span().start, |unit| unit.span().start),
            format!("numeric answer of {id:?} has no unit; add `unit = \"...\"`"),
        ));
    }
    let (tolerance, relative) = match (&raw.tolerance, &raw.relative_tolerance) {
        (Some(absolute), None) => (absolute, false),
        (None, Some(relative)) => (relative, true),
        _ => {
            return Err(at(
                id_at,
                format!(
                    "numeric item {id:?} needs exactly one of `tolerance` (in {unit}) or \
                     `relative_tolerance` (a fraction)"
                ),
            ));
        }
    };
    let tolerance_value = *tolerance.get_ref();
    if !(tolerance_value.is_finite() && tolerance_value >= 0.0)
        || (relative && tolerance_value > 0.5)
    {
        return Err(at(
            tolerance.span().start,
            format!(
                "tolerance {tolerance_value} of {id:?} must be at least 0 (and at most 0.5 \
                     when relative)"
            ),
        ));
    }
    if prompt_shows_number(prompt, value) {
        return Err(at(raw.prompt.span().start, format!("the prompt of {id:?} shows its answer")));
    }
    Ok(Body::Numeric { answer: value, unit: unit.to_owned(), tolerance: tolerance_value, relative })
}

fn check_ordering(
    raw: &RawItem,
    id: &str,
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<Body, ItemError> {
    let Some(order) = raw.order.as_ref() else {
        return Err(at(raw.id.span().start, format!("ordering item {id:?} has no `order`")));
    };
    if order.get_ref().len() < 2 {
        return Err(at(
            order.span().start,
            format!("ordering item {id:?} needs at least 2 entries in `order`"),
        ));
    }
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for entry in order.get_ref() {
        let text = non_empty(entry, id, "order", at)?;
        if !seen.insert(text.to_lowercase()) {
            return Err(at(entry.span().start, format!("entry {text:?} appears twice")));
        }
        entries.push(render_inline(&text));
    }
    Ok(Body::Ordering { entries })
}

fn check_written(
    raw: &RawItem,
    id: &str,
    at: &impl Fn(usize, String) -> ItemError,
) -> Result<Body, ItemError> {
    let id_at = raw.id.span().start;
    let Some(model_answer) = raw.model_answer.as_ref() else {
        return Err(at(id_at, format!("written item {id:?} has no `model_answer`")));
    };
    let model_answer = non_empty(model_answer, id, "model_answer", at)?;
    let Some(rubric) = raw.rubric.as_ref().filter(|rubric| !rubric.get_ref().is_empty()) else {
        return Err(at(id_at, format!("written item {id:?} has no `rubric` points")));
    };
    let mut points = Vec::new();
    for point in rubric.get_ref() {
        points.push(render_inline(&non_empty(point, id, "rubric", at)?));
    }
    Ok(Body::Written { model_answer_html: render_block(&model_answer), rubric: points })
}

/// Whether `id` is a usable item id: a letter, then lowercase letters, digits or dashes.
pub fn is_valid_item_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && id.len() <= 60
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
}

fn markdown_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    html
}

/// Renders Markdown that may hold several paragraphs (prompts, explanations).
pub fn render_block(markdown: &str) -> String {
    markdown_html(markdown)
}

/// Renders a one-line piece of Markdown without its wrapping paragraph (choices, hints).
pub fn render_inline(markdown: &str) -> String {
    let html = markdown_html(markdown);
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}
