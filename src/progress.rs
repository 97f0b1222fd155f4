//! The learner's progress (sections visited and completed, every graded item's attempts and
//! best score) and theme choice, and how they are written to browser storage.
//!
//! The stored text is line-oriented and versioned by its key ([`PROGRESS_KEY`]) and its first
//! line. Every later line is one entry, so a corrupt entry is set aside on its own
//! ([`BadEntry`]) while the rest loads; the app keeps the bad lines under
//! [`PROGRESS_BACKUP_KEY`]. A value with an unknown first line is unreadable as a whole
//! ([`DecodeError`]); the app backs it up before writing anything. Version 1 (sections only,
//! [`PROGRESS_V1_KEY`]) is read and migrated. Decoding never panics.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::grading::Answer;

/// Storage key of the progress, format version 2.
pub const PROGRESS_KEY: &str = "serverless-workbook.progress.v2";
/// Where unreadable progress (a whole value or single entries) is kept for a human to inspect.
pub const PROGRESS_BACKUP_KEY: &str = "serverless-workbook.progress.v2.unreadable";
/// Storage key of format version 1, read once and migrated (and left in place).
pub const PROGRESS_V1_KEY: &str = "serverless-workbook.progress.v1";
/// Storage key of the theme choice.
pub const THEME_KEY: &str = "serverless-workbook.theme.v1";

const HEADER: &str = "workbook-progress 2";
const HEADER_V1: &str = "workbook-progress 1";
/// Longest value accepted; anything longer is surely not ours.
const MAX_ENCODED_BYTES: usize = 256 * 1024;
/// Scores within this of 1 count as solved (they are sums of fractions).
const SOLVED_AT: f64 = 1.0 - 1e-9;

/// One graded item's record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemRecord {
    /// How many answers were checked.
    pub attempts: u32,
    /// The best score so far, 0 to 1.
    pub best: f64,
    /// The last answer checked, when it is cheap to keep (not for written text).
    pub last: Option<Answer>,
}

impl ItemRecord {
    /// Whether the item earned full marks at least once.
    pub fn solved(&self) -> bool {
        self.best >= SOLVED_AT
    }
}

/// Sections visited and completed and graded items' records, by id. Ids the current content no
/// longer has are kept, so progress survives content updates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Sections the learner has opened.
    pub visited: BTreeSet<String>,
    /// Sections the learner has marked complete.
    pub completed: BTreeSet<String>,
    /// Graded items (exercises, challenges) by id.
    pub items: BTreeMap<String, ItemRecord>,
}

/// Why a stored progress value could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// What is wrong, in words.
    pub reason: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "saved progress is unreadable: {}", self.reason)
    }
}

impl std::error::Error for DecodeError {}

/// One line of a stored value that could not be read; the rest of the value still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry {
    /// 1-based line number in the value.
    pub line: usize,
    /// The line as stored.
    pub text: String,
    /// What is wrong, in words.
    pub reason: String,
}

/// Mastery of one learning objective.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveMastery {
    /// The objective's section id.
    pub objective: String,
    /// Gradable items of this objective.
    pub items: usize,
    /// Items answered at least once.
    pub attempted: usize,
    /// Items with full marks.
    pub solved: usize,
    /// Mean best score over all the objective's items (unanswered count as 0), 0 to 1.
    pub mastery: f64,
}

impl Progress {
    /// Reads a stored value of version 2 or 1. A bad line is returned as a [`BadEntry`] and
    /// skipped; only a value that is not ours at all is an error.
    pub fn decode(text: &str) -> Result<(Progress, Vec<BadEntry>), DecodeError> {
        let fail = |reason: String| Err(DecodeError { reason });
        if text.len() > MAX_ENCODED_BYTES {
            return fail(format!("it is {} bytes long, more than any real entry", text.len()));
        }
        let mut lines = text.lines();
        let version_1 = match lines.next().map(str::trim) {
            Some(HEADER) => false,
            Some(HEADER_V1) => true,
            Some(header) => return fail(format!("unknown format {:?}", short(header))),
            None => return fail("it is empty".to_owned()),
        };
        let mut progress = Progress::default();
        let mut bad = Vec::new();
        for (number, line) in lines.enumerate().map(|(index, line)| (index + 2, line)) {
            if line.trim().is_empty() {
                continue;
            }
            if let Err(reason) = progress.read_line(line, version_1) {
                bad.push(BadEntry { line: number, text: short_line(line), reason });
            }
        }
        Ok((progress, bad))
    }

    /// Reads an imported file strictly: any bad line rejects the whole file.
    pub fn import(text: &str) -> Result<Progress, DecodeError> {
        // A file saved by some editors starts with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (progress, bad) = Progress::decode(text)?;
        match bad.first() {
            None => Ok(progress),
            Some(entry) => Err(DecodeError {
                reason: format!(
                    "line {}: {}{}",
                    entry.line,
                    entry.reason,
                    if bad.len() > 1 {
                        format!(" (and {} more)", bad.len() - 1)
                    } else {
                        String::new()
                    }
                ),
            }),
        }
    }

    fn read_line(&mut self, line: &str, version_1: bool) -> Result<(), String> {
        let Some((name, rest)) = line.split_once(':') else {
            return Err("it has no `:`".to_owned());
        };
        let name = name.trim();
        if let Some(id) = name.strip_prefix("item ").filter(|_| !version_1) {
            let id = id.trim();
            if !is_plausible_id(id) {
                return Err(format!("bad item id {:?}", short(id)));
            }
            let record = read_record(rest)?;
            self.items.insert(id.to_owned(), record);
            return Ok(());
        }
        let set = match name {
            "visited" => &mut self.visited,
            "completed" => &mut self.completed,
            other => return Err(format!("unknown field {:?}", short(other))),
        };
        let ids: Vec<&str> = rest.split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
        if let Some(id) = ids.iter().find(|id| !is_plausible_id(id)) {
            return Err(format!("bad section id {:?}", short(id)));
        }
        set.extend(ids.into_iter().map(str::to_owned));
        Ok(())
    }

    /// The text to store (and to export).
    pub fn encode(&self) -> String {
        let join = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut text = format!(
            "{HEADER}\nvisited: {}\ncompleted: {}\n",
            join(&self.visited),
            join(&self.completed)
        );
        for (id, record) in &self.items {
            text.push_str(&format!(
                "item {id}: attempts={} best={}",
                record.attempts,
                round_score(record.best)
            ));
            if let Some(last) = record.last.as_ref().and_then(encode_answer) {
                text.push_str(&format!(" last={last}"));
            }
            text.push('\n');
        }
        text
    }

    /// Records a visit; returns whether it was new.
    pub fn visit(&mut self, id: &str) -> bool {
        self.visited.insert(id.to_owned())
    }

    /// Marks a section complete or not.
    pub fn set_completed(&mut self, id: &str, completed: bool) {
        if completed {
            self.visited.insert(id.to_owned());
            self.completed.insert(id.to_owned());
        } else {
            self.completed.remove(id);
        }
    }

    /// Records one checked answer of item `item_id` scoring `score` (clamped to 0..=1; a
    /// non-number counts as 0): one more attempt, and the best score kept.
    pub fn record_score(&mut self, item_id: &str, score: f64) {
        let score = if score.is_nan() { 0.0 } else { score.clamp(0.0, 1.0) };
        let record = self.items.entry(item_id.to_owned()).or_default();
        record.attempts = record.attempts.saturating_add(1);
        record.best = record.best.max(score);
    }

    /// Like [`Progress::record_score`], and keeps `answer` as the last answer.
    pub fn record_answer(&mut self, item_id: &str, score: f64, answer: &Answer) {
        self.record_score(item_id, score);
        if let Some(record) = self.items.get_mut(item_id) {
            record.last = encode_answer(answer).is_some().then(|| answer.clone());
        }
    }

    /// Mastery per objective over `gradable` `(item id, objective id)` pairs, objectives in order
    /// of first appearance.
    pub fn mastery(&self, gradable: &[(&str, &str)]) -> Vec<ObjectiveMastery> {
        let mut out: Vec<ObjectiveMastery> = Vec::new();
        for (item, objective) in gradable {
            let index = match out.iter().position(|entry| entry.objective == *objective) {
                Some(index) => index,
                None => {
                    out.push(ObjectiveMastery {
                        objective: (*objective).to_owned(),
                        items: 0,
                        attempted: 0,
                        solved: 0,
                        mastery: 0.0,
                    });
                    out.len() - 1
                }
            };
            let entry = &mut out[index];
            entry.items += 1;
            if let Some(record) = self.items.get(*item).filter(|record| record.attempts > 0) {
                entry.attempted += 1;
                entry.solved += usize::from(record.solved());
                entry.mastery += record.best;
            }
        }
        for entry in &mut out {
            entry.mastery /= entry.items.max(1) as f64;
        }
        out
    }

    /// Forgets section `section_id` (visit and completion) and the records of `item_ids`.
    pub fn reset_section(&mut self, section_id: &str, item_ids: &[&str]) {
        self.visited.remove(section_id);
        self.completed.remove(section_id);
        for id in item_ids {
            self.items.remove(*id);
        }
    }

    /// Adds `other` to this progress: visits and completions are united; for an item, the
    /// larger attempt count and best score win, and the last answer of the better record.
    pub fn merge(&mut self, other: &Progress) {
        self.visited.extend(other.visited.iter().cloned());
        self.completed.extend(other.completed.iter().cloned());
        for (id, theirs) in &other.items {
            let ours = self.items.entry(id.clone()).or_default();
            if theirs.best > ours.best || ours.last.is_none() {
                ours.last = theirs.last.clone().or(ours.last.take());
            }
            ours.attempts = ours.attempts.max(theirs.attempts);
            ours.best = ours.best.max(theirs.best);
        }
    }

    /// How many of `ids` were visited and completed.
    pub fn counts(&self, ids: &[&str]) -> (usize, usize) {
        let visited = ids.iter().filter(|id| self.visited.contains(**id)).count();
        let completed = ids.iter().filter(|id| self.completed.contains(**id)).count();
        (visited, completed)
    }

    /// A one-line summary for the progress indicator.
    pub fn summary(&self, ids: &[&str]) -> String {
        let (visited, completed) = self.counts(ids);
        format!("{visited} of {} sections visited, {completed} completed", ids.len())
    }

    /// How many of `item_ids` are solved.
    pub fn solved_count(&self, item_ids: &[&str]) -> usize {
        item_ids.iter().filter(|id| self.items.get(**id).is_some_and(ItemRecord::solved)).count()
    }
}

fn read_record(fields: &str) -> Result<ItemRecord, String> {
    let mut record = ItemRecord::default();
    let (mut attempts, mut best) = (false, false);
    for field in fields.split_whitespace() {
        let Some((key, value)) = field.split_once('=') else {
            return Err(format!("field {:?} has no `=`", short(field)));
        };
        match key {
            "attempts" => {
                record.attempts = value.parse().map_err(|_| format!("bad attempts {value:?}"))?;
                attempts = true;
            }
            "best" => {
                record.best = value
                    .parse::<f64>()
                    .ok()
                    .filter(|best| (0.0..=1.0).contains(best))
                    .ok_or_else(|| format!("bad best score {:?}", short(value)))?;
                best = true;
            }
            "last" => {
                record.last = Some(
                    decode_answer(value)
                        .ok_or_else(|| format!("bad last answer {:?}", short(value)))?,
                );
            }
            other => return Err(format!("unknown item field {:?}", short(other))),
        }
    }
    if !(attempts && best) {
        return Err("it needs both `attempts=` and `best=`".to_owned());
    }
    Ok(record)
}

/// A stored form of an answer (`choice:0.2`, `order:3.1.0.2`, `ticks:1.0.1`, `number:0.25`),
/// or `None` when it is not worth keeping (a number that does not parse).
fn encode_answer(answer: &Answer) -> Option<String> {
    let list =
        |numbers: &[usize]| numbers.iter().map(usize::to_string).collect::<Vec<_>>().join(".");
    match answer {
        Answer::Choice(picks) => Some(format!("choice:{}", list(picks))),
        Answer::Ordering(order) => Some(format!("order:{}", list(order))),
        Answer::Written(ticks) => {
            let ticks: Vec<&str> = ticks.iter().map(|&tick| if tick { "1" } else { "0" }).collect();
            Some(format!("ticks:{}", ticks.join(".")))
        }
        Answer::Numeric(text) => {
            let number = crate::grading::parse_number(text, "")?;
            Some(format!("number:{number}"))
        }
    }
}

fn decode_answer(text: &str) -> Option<Answer> {
    let (kind, value) = text.split_once(':')?;
    let list = || -> Option<Vec<usize>> {
        if value.is_empty() {
            return Some(Vec::new());
        }
        value.split('.').map(|number| number.parse().ok().filter(|&n: &usize| n < 64)).collect()
    };
    match kind {
        "choice" => list().map(Answer::Choice),
        "order" => list().map(Answer::Ordering),
        "ticks" => list()
            .filter(|ticks| ticks.iter().all(|&tick| tick <= 1))
            .map(|ticks| Answer::Written(ticks.into_iter().map(|tick| tick == 1).collect())),
        "number" => value
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .map(|number| Answer::Numeric(number.to_string())),
        _ => None,
    }
}

/// A score written with at most four decimals.
fn round_score(score: f64) -> String {
    let rounded = (score * 10_000.0).round() / 10_000.0;
    format!("{rounded}")
}

fn is_plausible_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

fn short_line(text: &str) -> String {
    text.chars().take(400).collect()
}

/// The colour scheme the learner chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's `prefers-color-scheme`.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Reads the stored choice; anything unknown means [`Theme::System`].
    pub fn decode(text: Option<&str>) -> Theme {
        match text.map(str::trim) {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The stored text, or `None` to remove the entry.
    pub fn encode(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The theme the toggle switches to, given whether the page currently looks dark.
    pub fn toggled(currently_dark: bool) -> Theme {
        if currently_dark { Theme::Light } else { Theme::Dark }
    }
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
