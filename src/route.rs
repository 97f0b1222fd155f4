//! Hash routes: `#/concurrency` selects a section and `#/progress` the progress page. They
//! survive a reload on any static host because the server only ever sees `index.html`.

/// Where a hash points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A known section, by its index in the chapter.
    Section(usize),
    /// The progress page ([`PROGRESS_ID`]), which is not one of the chapter's sections.
    Progress,
    /// A hash that names no section; the app shows the first section and says so.
    Unknown {
        /// What was asked for, shortened and stripped of control characters for display.
        requested: String,
    },
}

/// The id of the progress page's route (`#/progress`); the chapter may not use it for a section.
pub const PROGRESS_ID: &str = "progress";

/// The longest part of a bad hash repeated back to the learner.
const MAX_SHOWN_CHARS: usize = 60;

/// Reads a `location.hash` (with or without the leading `#`) against the section ids.
///
/// The empty hash means the first section. `#/id`, `#id` and `#/id/` are all accepted; anything
/// after `?` is ignored so that later issues can add parameters to links. [`PROGRESS_ID`] is
/// the progress page.
pub fn parse_hash(hash: &str, ids: &[&str]) -> Route {
    let path = hash.strip_prefix('#').unwrap_or(hash);
    let path = path.split('?').next().unwrap_or_default();
    let id = path.trim_matches('/');
    if id.is_empty() {
        return Route::Section(0);
    }
    if id == PROGRESS_ID {
        return Route::Progress;
    }
    match ids.iter().position(|known| *known == id) {
        Some(index) => Route::Section(index),
        None => Route::Unknown { requested: shown(id) },
    }
}

/// The parameters after `?` in a hash (`#/concurrency?rate=900` gives `rate=900`), or `""`.
pub fn query_of(hash: &str) -> &str {
    hash.split_once('?').map_or("", |(_, query)| query)
}

/// The hash that links to section `id`.
pub fn hash_for(id: &str) -> String {
    format!("#/{id}")
}

/// The id of the section that shows every graded question.
pub const EXERCISES_ID: &str = "exercises";

/// The hash that links to one graded question on the exercises page
/// (`#/exercises?item=memory-arm64-cost`), so the progress page can send a learner back to it.
pub fn item_hash(item_id: &str) -> String {
    format!("#/{EXERCISES_ID}?item={item_id}")
}

/// The question a hash points at, from its `item=` parameter; `None` without one. The caller
/// looks the id up, so an unknown id is simply not found.
pub fn item_of(hash: &str) -> Option<&str> {
    query_of(hash)
        .split('&')
        .find_map(|pair| pair.strip_prefix("item="))
        .filter(|id| !id.is_empty())
}

/// The index of the section after (`step = 1`) or before (`step = -1`) `current`, clamped to
/// the chapter.
pub fn neighbour(current: usize, step: isize, count: usize) -> usize {
    let last = count.saturating_sub(1) as isize;
    (current as isize + step).clamp(0, last) as usize
}

fn shown(text: &str) -> String {
    let mut shown: String =
        text.chars().filter(|c| !c.is_control()).take(MAX_SHOWN_CHARS).collect();
    if text.chars().count() > MAX_SHOWN_CHARS {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 3] = ["concurrency", "cold-starts", "sandbox"];

    fn check(hash: &str, expected: Route) {
        assert_eq!(parse_hash(hash, &IDS), expected, "hash {hash:?}");
    }

    #[test]
    fn known_sections_in_every_spelling() {
        check("", Route::Section(0));
        check("#", Route::Section(0));
        check("#/", Route::Section(0));
        check("#/cold-starts", Route::Section(1));
        check("#cold-starts", Route::Section(1));
        check("#/sandbox/", Route::Section(2));
        check("#/sandbox?rate=5", Route::Section(2));
    }

    #[test]
    fn the_progress_page_has_its_own_route() {
        check("#/progress", Route::Progress);
        check("#progress/", Route::Progress);
        check("#/progress?x=1", Route::Progress);
        check("#/Progress", Route::Unknown { requested: "Progress".to_owned() });
        assert_eq!(hash_for(PROGRESS_ID), "#/progress");
        assert!(!IDS.contains(&PROGRESS_ID));
    }

    #[test]
    fn unknown_and_mangled_hashes_never_panic() {
        check("#/nope", Route::Unknown { requested: "nope".to_owned() });
        check("#/CONCURRENCY", Route::Unknown { requested: "CONCURRENCY".to_owned() });
        check("#/a\u{0}b", Route::Unknown { requested: "ab".to_owned() });
        check("#//../%00<script>", Route::Unknown { requested: "../%00<script>".to_owned() });
        let long = format!("#/{}", "é".repeat(100));
        let Route::Unknown { requested } = parse_hash(&long, &IDS) else { panic!() };
        assert_eq!(requested.chars().count(), MAX_SHOWN_CHARS + 1);
    }

    #[test]
    fn an_item_link_names_its_question_and_still_opens_the_exercises() {
        let hash = item_hash("memory-arm64-cost");
        assert_eq!(hash, "#/exercises?item=memory-arm64-cost");
        assert_eq!(item_of(&hash), Some("memory-arm64-cost"));
        assert_eq!(parse_hash(&hash, &["concurrency", "exercises"]), Route::Section(1));
        assert_eq!(item_of("#/exercises?seed=3&item=a-b"), Some("a-b"));
        assert_eq!(item_of("#/exercises?item="), None);
        assert_eq!(item_of("#/exercises"), None);
        assert_eq!(item_of("#/exercises?items=x"), None);
    }

    #[test]
    fn query_is_whatever_follows_the_question_mark() {
        assert_eq!(query_of("#/concurrency?rate=900&limit=300"), "rate=900&limit=300");
        assert_eq!(query_of("#/concurrency"), "");
        assert_eq!(query_of(""), "");
    }

    #[test]
    fn neighbours_clamp_at_both_ends() {
        assert_eq!(neighbour(0, -1, 3), 0);
        assert_eq!(neighbour(0, 1, 3), 1);
        assert_eq!(neighbour(2, 1, 3), 2);
        assert_eq!(neighbour(0, 1, 0), 0);
        assert_eq!(hash_for("sandbox"), "#/sandbox");
    }
}
