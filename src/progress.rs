//! The learner's progress (sections visited and completed) and theme choice, and how they are
//! written to browser storage.
//!
//! The stored text is versioned by its key ([`PROGRESS_KEY`]) and by a first line, so a later
//! format can be read beside this one. Decoding never panics: a corrupt entry becomes a
//! [`DecodeError`] that the app reports, and the app copies the bad text to
//! [`PROGRESS_BACKUP_KEY`] before it writes anything, so nothing the learner had is lost.

use std::collections::BTreeSet;
use std::fmt;

/// Storage key of the progress, format version 1.
pub const PROGRESS_KEY: &str = "serverless-workbook.progress.v1";
/// Where an unreadable progress entry is kept, untouched, for a human to inspect.
pub const PROGRESS_BACKUP_KEY: &str = "serverless-workbook.progress.v1.unreadable";
/// Storage key of the theme choice.
pub const THEME_KEY: &str = "serverless-workbook.theme.v1";

const HEADER: &str = "workbook-progress 1";
/// Longest entry accepted; anything longer is surely not ours.
const MAX_ENCODED_BYTES: usize = 64 * 1024;

/// Sections visited and completed, by id. Ids the current chapter no longer has are kept, so
/// progress survives content updates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Sections the learner has opened.
    pub visited: BTreeSet<String>,
    /// Sections the learner has marked complete.
    pub completed: BTreeSet<String>,
}

/// Why a stored progress entry could not be read.
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

impl Progress {
    /// Reads the stored text. Lines are `visited: a, b` and `completed: a`, after a header.
    pub fn decode(text: &str) -> Result<Progress, DecodeError> {
        let fail = |reason: String| Err(DecodeError { reason });
        if text.len() > MAX_ENCODED_BYTES {
            return fail(format!("it is {} bytes long, more than any real entry", text.len()));
        }
        let mut lines = text.lines();
        match lines.next() {
            Some(header) if header.trim() == HEADER => {}
            Some(header) => return fail(format!("unknown format {:?}", short(header))),
            None => return fail("it is empty".to_owned()),
        }
        let mut progress = Progress::default();
        for (number, line) in lines.enumerate().map(|(index, line)| (index + 2, line)) {
            if line.trim().is_empty() {
                continue;
            }
            let Some((name, list)) = line.split_once(':') else {
                return fail(format!("line {number} has no `:`"));
            };
            let set = match name.trim() {
                "visited" => &mut progress.visited,
                "completed" => &mut progress.completed,
                other => {
                    return fail(format!("line {number} has unknown field {:?}", short(other)));
                }
            };
            for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                if !is_plausible_id(id) {
                    return fail(format!("line {number} has a bad section id {:?}", short(id)));
                }
                set.insert(id.to_owned());
            }
        }
        Ok(progress)
    }

    /// The text to store.
    pub fn encode(&self) -> String {
        let join = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        format!(
            "{HEADER}\nvisited: {}\ncompleted: {}\n",
            join(&self.visited),
            join(&self.completed)
        )
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
}

fn is_plausible_id(id: &str) -> bool {
    id.len() <= 40 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
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
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut progress = Progress::default();
        assert!(progress.visit("concurrency"));
        assert!(!progress.visit("concurrency"));
        progress.set_completed("caching", true);
        let text = progress.encode();
        assert_eq!(
            text,
            "workbook-progress 1\nvisited: caching, concurrency\ncompleted: caching\n"
        );
        assert_eq!(Progress::decode(&text), Ok(progress.clone()));
        assert_eq!(progress.counts(&["concurrency", "caching", "memory"]), (2, 1));
        assert_eq!(
            progress.summary(&["concurrency", "memory"]),
            "1 of 2 sections visited, 0 completed"
        );
    }

    #[test]
    fn unknown_ids_survive_a_content_update() {
        let progress = Progress::decode("workbook-progress 1\nvisited: old-section\n").unwrap();
        assert!(progress.visited.contains("old-section"));
        assert_eq!(progress.counts(&["concurrency"]), (0, 0));
    }

    #[test]
    fn corrupt_entries_are_errors_not_panics() {
        let cases = [
            ("", "it is empty"),
            ("{\"visited\":[]}", "unknown format \"{\\\"visited\\\":[]}\""),
            ("workbook-progress 1\nvisited concurrency", "line 2 has no `:`"),
            ("workbook-progress 1\nfavourite: x", "line 2 has unknown field \"favourite\""),
            ("workbook-progress 1\n\nvisited: <b>", "line 3 has a bad section id \"<b>\""),
        ];
        for (text, reason) in cases {
            assert_eq!(Progress::decode(text).unwrap_err().reason, reason, "text {text:?}");
        }
        let huge = "x".repeat(MAX_ENCODED_BYTES + 1);
        assert!(Progress::decode(&huge).is_err());
        assert!(Progress::decode("\u{feff}\u{0}").is_err());
    }

    #[test]
    fn theme_choices() {
        assert_eq!(Theme::decode(Some("dark")), Theme::Dark);
        assert_eq!(Theme::decode(Some("purple")), Theme::System);
        assert_eq!(Theme::decode(None), Theme::System);
        assert_eq!(Theme::toggled(true), Theme::Light);
        assert_eq!(Theme::Light.encode(), Some("light"));
        assert_eq!(Theme::System.encode(), None);
    }
}
