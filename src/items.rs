//! The graded items as the app sees them: static data generated at build time from
//! `chapters/scaling/items/*.toml` (see `build.rs` and `content_items.rs`), with Markdown
//! already rendered to HTML, plus the deterministic order in which choices are shown.

/// How far a numeric answer may be from the right value and still count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// At most this far away, in the item's unit (inclusive).
    Absolute(f64),
    /// At most this fraction of the right value away (inclusive).
    Relative(f64),
}

/// One choice of a choice item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    /// The choice's text, as HTML.
    pub html: &'static str,
    /// Whether picking it is right.
    pub correct: bool,
    /// Why it is wrong, or a note on why it is right (may be empty for a right choice).
    pub why_html: &'static str,
}

/// What kind of answer an item takes, with what grading needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Body {
    /// Pick one choice, or several when `multiple`.
    Choice {
        /// Whether several choices may be right (checkboxes instead of radio buttons).
        multiple: bool,
        /// Whether choices are shown in a shuffled order (seeded by the item's id).
        shuffle: bool,
        /// The choices as written in the content.
        choices: &'static [Choice],
    },
    /// A number in `unit`.
    Numeric {
        /// The right value.
        answer: f64,
        /// The unit, shown beside the input.
        unit: &'static str,
        /// How close counts as right.
        tolerance: Tolerance,
    },
    /// Entries to put in order; `entries` holds them in the right order (HTML).
    Ordering {
        /// The entries, first to last.
        entries: &'static [&'static str],
    },
    /// A written answer: the learner compares it with the model answer and ticks the rubric.
    Written {
        /// The model answer, as HTML.
        model_answer_html: &'static str,
        /// The rubric's points, as HTML.
        rubric: &'static [&'static str],
    },
}

/// One graded item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// Stable id: the key of the saved progress.
    pub id: &'static str,
    /// The objective section it tests (`concurrency`, `cold-starts`, ...).
    pub objective: &'static str,
    /// Part of the objective section's quick check.
    pub quick: bool,
    /// One of the chapter's own exercises.
    pub chapter_exercise: bool,
    /// The question, as HTML.
    pub prompt_html: &'static str,
    /// Hints, as HTML, unlocked one at a time.
    pub hints: &'static [&'static str],
    /// Shown after an answer is checked, as HTML (may be empty for written items).
    pub explanation_html: &'static str,
    /// The answer and how it is graded.
    pub body: Body,
}

include!(concat!(env!("OUT_DIR"), "/items.rs"));

/// The item with id `id`.
pub fn find(id: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|item| item.id == id)
}

/// The items of `objective`'s quick check: those marked `quick`, or all of them if none is.
pub fn quick_check(objective: &str) -> Vec<&'static Item> {
    let all: Vec<&'static Item> = ITEMS.iter().filter(|item| item.objective == objective).collect();
    let quick: Vec<&'static Item> = all.iter().copied().filter(|item| item.quick).collect();
    if quick.is_empty() { all } else { quick }
}

/// The order in which to show `count` entries of item `id`: a shuffle seeded by the id, so it
/// is the same on every visit and every machine. For an ordering item (`avoid_identity`) the
/// shown order is never already the right one.
pub fn display_order(id: &str, count: usize, avoid_identity: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    // FNV-1a of the id seeds a xorshift generator; a Fisher–Yates shuffle uses it.
    let mut state = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    }) | 1;
    for last in (1..count).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pick = (state % (last as u64 + 1)) as usize;
        order.swap(last, pick);
    }
    if avoid_identity && count > 1 && order.iter().enumerate().all(|(at, &index)| at == index) {
        order.rotate_left(1);
    }
    order
}

/// The order to show an item's choices or entries in: shuffled unless the item says not to.
pub fn shown_order(item: &Item) -> Vec<usize> {
    match item.body {
        Body::Choice { shuffle: true, choices, .. } => display_order(item.id, choices.len(), false),
        Body::Choice { shuffle: false, choices, .. } => (0..choices.len()).collect(),
        Body::Ordering { entries } => display_order(item.id, entries.len(), true),
        Body::Numeric { .. } | Body::Written { .. } => Vec::new(),
    }
}

/// The text of a piece of rendered HTML without its tags, for labels and announcements
/// (`<code>max_connections</code>` becomes `max_connections`; `&amp;` becomes `&`).
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_entities() {
        assert_eq!(
            plain_text("Raise <code>max_connections</code> &amp; wait"),
            "Raise max_connections & wait"
        );
        assert_eq!(plain_text("no tags"), "no tags");
    }

    #[test]
    fn every_objective_has_at_least_four_items_and_a_quick_check() {
        for objective in ["concurrency", "cold-starts", "caching", "memory", "downstream"] {
            let count = ITEMS.iter().filter(|item| item.objective == objective).count();
            assert!(count >= 4, "{objective} has {count} items");
            assert!(!quick_check(objective).is_empty());
        }
        assert_eq!(ITEMS.iter().filter(|item| item.chapter_exercise).count(), 2);
        assert_eq!(find(ITEMS[0].id), Some(&ITEMS[0]));
    }

    #[test]
    fn display_order_is_a_stable_permutation() {
        for count in 0..8 {
            let order = display_order("some-item", count, false);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..count).collect::<Vec<_>>());
            assert_eq!(order, display_order("some-item", count, false));
        }
        assert_ne!(display_order("a", 6, false), display_order("b", 6, false));
    }

    #[test]
    fn an_ordering_is_never_shown_already_solved() {
        for id in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            for count in 2..5 {
                let order = display_order(id, count, true);
                assert!(order.iter().enumerate().any(|(at, &index)| at != index), "{id} {count}");
            }
        }
    }
}
