//! Grading an answer to a graded item: a score from 0 to 1, what to say at once, and which
//! wrong choices to explain. Pure Rust, tested natively; `ui::exercise` only shows the result.
//!
//! How each kind is scored:
//! - **one-answer choice**: 1 if the right choice is picked, else 0;
//! - **several-answer choice**: (right picks − wrong picks) ÷ number of right choices, never
//!   below 0, so picking everything earns nothing;
//! - **numeric**: 1 if the number is within the tolerance (edges included), else 0;
//! - **ordering**: the share of neighbouring pairs in the learner's order that are in the right
//!   relative order (the first before the second), so one misplaced entry costs one or two pairs;
//! - **written**: ticked rubric points ÷ all points.

use std::fmt;

use crate::items::{Body, Item, Tolerance};

/// What the learner answered. Choice and entry numbers are positions in the item's content
/// (not in the shuffled display).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The picked choices.
    Choice(Vec<usize>),
    /// The number as typed.
    Numeric(String),
    /// The entries, first to last, as the learner ordered them.
    Ordering(Vec<usize>),
    /// For each rubric point, whether the learner ticked it.
    Written(Vec<bool>),
}

/// Why an answer could not be graded; no attempt is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// Nothing was picked.
    NothingPicked,
    /// The text is not a number.
    NotANumber(String),
    /// The answer does not fit the item (a bug in the caller, reported instead of panicking).
    WrongShape,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NothingPicked => write!(f, "Pick an answer first."),
            AnswerError::NotANumber(text) => {
                write!(f, "“{text}” is not a number. Type digits, such as 0.25 or 1,024.")
            }
            AnswerError::WrongShape => write!(f, "This answer does not fit the question."),
        }
    }
}

impl std::error::Error for AnswerError {}

/// The result of checking one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// From 0 (wrong) to 1 (right).
    pub score: f64,
    /// A sentence to announce at once.
    pub summary: String,
    /// Picked choices that are wrong (content positions): their `why` is shown.
    pub wrong_picks: Vec<usize>,
    /// Right choices that were not picked (content positions).
    pub missed: Vec<usize>,
}

impl Outcome {
    /// Whether the answer earned full marks.
    pub fn solved(&self) -> bool {
        self.score >= 1.0 - 1e-9
    }
}

/// Grades `answer` to `item`.
pub fn grade(item: &Item, answer: &Answer) -> Result<Outcome, AnswerError> {
    match (&item.body, answer) {
        (Body::Choice { multiple, choices, .. }, Answer::Choice(picked)) => {
            grade_choice(*multiple, choices.iter().map(|choice| choice.correct), picked)
        }
        (Body::Numeric { answer, unit, tolerance }, Answer::Numeric(text)) => {
            grade_numeric(*answer, unit, *tolerance, text)
        }
        (Body::Ordering { entries }, Answer::Ordering(order)) => {
            grade_ordering(entries.len(), order)
        }
        (Body::Written { rubric, .. }, Answer::Written(ticked)) => {
            if ticked.len() != rubric.len() {
                return Err(AnswerError::WrongShape);
            }
            let points = ticked.iter().filter(|ticked| **ticked).count();
            let score = points as f64 / rubric.len() as f64;
            let summary = format!("You ticked {points} of {} rubric points.", rubric.len());
            Ok(Outcome { score, summary, wrong_picks: Vec::new(), missed: Vec::new() })
        }
        _ => Err(AnswerError::WrongShape),
    }
}

fn grade_choice(
    multiple: bool,
    correct: impl Iterator<Item = bool>,
    picked: &[usize],
) -> Result<Outcome, AnswerError> {
    let correct: Vec<bool> = correct.collect();
    if picked.is_empty() {
        return Err(AnswerError::NothingPicked);
    }
    let mut picks = picked.to_vec();
    picks.sort_unstable();
    picks.dedup();
    if picks.iter().any(|&index| index >= correct.len()) || (!multiple && picks.len() > 1) {
        return Err(AnswerError::WrongShape);
    }
    let right_total = correct.iter().filter(|right| **right).count().max(1);
    let right_picks = picks.iter().filter(|&&index| correct[index]).count();
    let wrong_picks: Vec<usize> = picks.iter().copied().filter(|&index| !correct[index]).collect();
    let missed: Vec<usize> =
        (0..correct.len()).filter(|&index| correct[index] && !picks.contains(&index)).collect();
    let score =
        ((right_picks as f64 - wrong_picks.len() as f64) / right_total as f64).clamp(0.0, 1.0);
    let summary = if score >= 1.0 {
        "Correct.".to_owned()
    } else if !multiple {
        "Not quite: see why below, then try again.".to_owned()
    } else {
        format!(
            "Partly right: {right_picks} of {right_total} right choices picked, {} wrong \
             {} picked.",
            wrong_picks.len(),
            if wrong_picks.len() == 1 { "choice" } else { "choices" }
        )
    };
    Ok(Outcome { score, summary, wrong_picks, missed })
}

/// Reads a typed number: spaces, thousands commas, a leading `$` and the unit are ignored.
///
/// Many learners write decimals with a comma, so a single comma without a dot is a decimal
/// comma ("0,25", "1,5") unless exactly three digits follow it after a non-zero whole part
/// ("1,000" stays a thousand).
pub fn parse_number(text: &str, unit: &str) -> Option<f64> {
    let mut text = text.trim();
    for suffix in [unit, "USD", "$", "%"] {
        if !suffix.is_empty()
            && text.len() >= suffix.len()
            && text.is_char_boundary(text.len() - suffix.len())
            && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            text = text[..text.len() - suffix.len()].trim_end();
        }
    }
    let text = text.strip_prefix('$').unwrap_or(text);
    let decimal_comma = match text.split_once(',') {
        Some((whole, fraction)) if !text.contains('.') && !fraction.contains(',') => {
            let whole = whole.trim().trim_start_matches(['-', '+']);
            fraction.trim().len() != 3 || whole.is_empty() || whole.chars().all(|c| c == '0')
        }
        _ => false,
    };
    let text = if decimal_comma { text.replacen(',', ".", 1) } else { text.to_owned() };
    let cleaned: String = text.chars().filter(|c| !matches!(c, ',' | '_' | ' ')).collect();
    if cleaned.is_empty() || cleaned.len() > 40 {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The smallest and largest accepted values.
pub fn accepted_range(answer: f64, tolerance: Tolerance) -> (f64, f64) {
    let half_width = match tolerance {
        Tolerance::Absolute(width) => width,
        Tolerance::Relative(fraction) => fraction * answer.abs(),
    };
    (answer - half_width, answer + half_width)
}

fn grade_numeric(
    answer: f64,
    unit: &str,
    tolerance: Tolerance,
    text: &str,
) -> Result<Outcome, AnswerError> {
    let Some(value) = parse_number(text, unit) else {
        return Err(AnswerError::NotANumber(text.trim().chars().take(30).collect()));
    };
    let (low, high) = accepted_range(answer, tolerance);
    // Edges count as right; the slack absorbs binary rounding of decimal edges like 0.1 + 0.2.
    let slack = 1e-9 * answer.abs().max(high - low).max(f64::MIN_POSITIVE);
    let right = value >= low - slack && value <= high + slack;
    let summary = if right {
        format!("Correct: {} {unit}.", shown_number(answer))
    } else if value < low {
        format!("{} {unit} is too low. Try again.", shown_number(value))
    } else {
        format!("{} {unit} is too high. Try again.", shown_number(value))
    };
    let score = if right { 1.0 } else { 0.0 };
    Ok(Outcome { score, summary, wrong_picks: Vec::new(), missed: Vec::new() })
}

/// A number as a learner would write it: up to six significant digits, no trailing zeros.
pub fn shown_number(value: f64) -> String {
    if value != 0.0 && value.abs() < 1e-3 {
        return format!("{value:e}");
    }
    let digits = (6 - (value.abs().max(1.0).log10().floor() as i32 + 1)).clamp(0, 6) as usize;
    let text = format!("{value:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn grade_ordering(count: usize, order: &[usize]) -> Result<Outcome, AnswerError> {
    let mut sorted = order.to_vec();
    sorted.sort_unstable();
    if sorted != (0..count).collect::<Vec<_>>() || count < 2 {
        return Err(AnswerError::WrongShape);
    }
    let pairs = count - 1;
    let right = order.windows(2).filter(|pair| pair[0] < pair[1]).count();
    let score = right as f64 / pairs as f64;
    let summary = if right == pairs {
        "Correct: everything is in order.".to_owned()
    } else {
        format!("{right} of {pairs} neighbouring pairs are in the right order. Try again.")
    };
    Ok(Outcome { score, summary, wrong_picks: Vec::new(), missed: Vec::new() })
}

/// Which hints of an item are unlocked: they open one at a time, in order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints {
    /// How many are shown.
    pub shown: usize,
}

impl Hints {
    /// Unlocks the next of `total` hints; returns whether one was unlocked.
    pub fn unlock_next(&mut self, total: usize) -> bool {
        if self.shown < total {
            self.shown += 1;
            true
        } else {
            false
        }
    }

    /// Whether another of `total` hints can be unlocked.
    pub fn more(&self, total: usize) -> bool {
        self.shown < total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::Choice;

    fn choice_item(multiple: bool, correct: &[bool]) -> Item {
        let choices: Vec<Choice> =
            correct.iter().map(|&correct| Choice { html: "c", correct, why_html: "w" }).collect();
        Item {
            id: "test",
            objective: "memory",
            quick: false,
            chapter_exercise: false,
            prompt_html: "<p>?</p>",
            hints: &[],
            explanation_html: "<p>because</p>",
            body: Body::Choice { multiple, shuffle: true, choices: choices.leak() },
        }
    }

    fn numeric_item(answer: f64, tolerance: Tolerance) -> Item {
        Item { body: Body::Numeric { answer, unit: "ms", tolerance }, ..choice_item(false, &[]) }
    }

    fn score(item: &Item, answer: Answer) -> f64 {
        grade(item, &answer).unwrap().score
    }

    #[test]
    fn one_answer_choice_is_all_or_nothing_and_explains_the_wrong_pick() {
        let item = choice_item(false, &[false, true, false]);
        assert_eq!(score(&item, Answer::Choice(vec![1])), 1.0);
        let outcome = grade(&item, &Answer::Choice(vec![2])).unwrap();
        assert_eq!(outcome.score, 0.0);
        assert_eq!(outcome.wrong_picks, vec![2]);
        assert_eq!(outcome.missed, vec![1]);
        assert!(!outcome.solved());
        assert_eq!(grade(&item, &Answer::Choice(vec![])), Err(AnswerError::NothingPicked));
        assert_eq!(grade(&item, &Answer::Choice(vec![0, 1])), Err(AnswerError::WrongShape));
        assert_eq!(grade(&item, &Answer::Choice(vec![7])), Err(AnswerError::WrongShape));
    }

    #[test]
    fn several_answers_earn_partial_credit_minus_wrong_picks() {
        let item = choice_item(true, &[true, false, true, true]);
        assert_eq!(score(&item, Answer::Choice(vec![0, 2, 3])), 1.0);
        assert!((score(&item, Answer::Choice(vec![0, 2])) - 2.0 / 3.0).abs() < 1e-12);
        assert!((score(&item, Answer::Choice(vec![0, 1, 2])) - 1.0 / 3.0).abs() < 1e-12);
        // Ticking everything is not a strategy: 3 right − 1 wrong of 3.
        assert!((score(&item, Answer::Choice(vec![0, 1, 2, 3])) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(score(&item, Answer::Choice(vec![1])), 0.0, "clamped at zero");
        let partial = grade(&item, &Answer::Choice(vec![3, 1, 3])).unwrap();
        assert_eq!(partial.wrong_picks, vec![1]);
        assert_eq!(partial.missed, vec![0, 2]);
        assert!(partial.summary.starts_with("Partly right: 1 of 3"), "{}", partial.summary);
    }

    #[test]
    fn numeric_tolerance_edges_are_inclusive() {
        let absolute = numeric_item(250.0, Tolerance::Absolute(10.0));
        for (typed, expected) in [
            ("250", 1.0),
            ("240", 1.0),
            ("260", 1.0),
            ("239.999", 0.0),
            ("260.001", 0.0),
            ("260 ms", 1.0),
            (" 2_50 ", 1.0),
        ] {
            assert_eq!(score(&absolute, Answer::Numeric(typed.to_owned())), expected, "{typed}");
        }
        let relative = numeric_item(0.3, Tolerance::Relative(0.1));
        assert_eq!(score(&relative, Answer::Numeric("0.27".to_owned())), 1.0);
        assert_eq!(score(&relative, Answer::Numeric("0.33".to_owned())), 1.0);
        assert_eq!(score(&relative, Answer::Numeric("0.2699".to_owned())), 0.0);
        let exact = numeric_item(0.1 + 0.2, Tolerance::Absolute(0.0));
        assert_eq!(score(&exact, Answer::Numeric("0.3".to_owned())), 1.0);
        let low = grade(&absolute, &Answer::Numeric("1,000".to_owned())).unwrap();
        assert_eq!(low.summary, "1000 ms is too high. Try again.");
    }

    #[test]
    fn numbers_are_read_leniently_and_bad_ones_are_errors() {
        assert_eq!(parse_number("$1,234.5", "USD"), Some(1234.5));
        assert_eq!(parse_number("0.45 usd", "USD"), Some(0.45));
        assert_eq!(parse_number("60%", "%"), Some(60.0));
        assert_eq!(parse_number("2.5e-6", "USD"), Some(2.5e-6));
        assert_eq!(parse_number("", "ms"), None);
        assert_eq!(parse_number("NaN", "ms"), None);
        assert_eq!(parse_number("inf", "ms"), None);
        assert_eq!(parse_number("twelve", "ms"), None);
        assert_eq!(parse_number("é", "é"), None);
        assert_eq!(parse_number("0,25", "USD"), Some(0.25));
        assert_eq!(parse_number("1,5 ms", "ms"), Some(1.5));
        assert_eq!(parse_number("0,250", "USD"), Some(0.25));
        assert_eq!(parse_number("-0,5", "%"), Some(-0.5));
        assert_eq!(parse_number("1,000", "ms"), Some(1_000.0));
        assert_eq!(parse_number("12,345,678", "ms"), Some(12_345_678.0));
        assert_eq!(parse_number("1,000.5", "ms"), Some(1_000.5));
        let item = numeric_item(1.0, Tolerance::Absolute(0.1));
        let error = grade(&item, &Answer::Numeric("lots".to_owned())).unwrap_err();
        assert_eq!(error, AnswerError::NotANumber("lots".to_owned()));
        assert!(error.to_string().contains("is not a number"));
    }

    #[test]
    fn ordering_scores_neighbouring_pairs() {
        let item = Item {
            body: Body::Ordering { entries: &["a", "b", "c", "d"] },
            ..numeric_item(0.0, Tolerance::Absolute(0.0))
        };
        assert_eq!(score(&item, Answer::Ordering(vec![0, 1, 2, 3])), 1.0);
        assert!((score(&item, Answer::Ordering(vec![1, 0, 2, 3])) - 2.0 / 3.0).abs() < 1e-12);
        assert!((score(&item, Answer::Ordering(vec![1, 2, 3, 0])) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(score(&item, Answer::Ordering(vec![3, 2, 1, 0])), 0.0);
        assert_eq!(grade(&item, &Answer::Ordering(vec![0, 0, 1, 2])), Err(AnswerError::WrongShape));
        assert_eq!(grade(&item, &Answer::Ordering(vec![0, 1])), Err(AnswerError::WrongShape));
    }

    #[test]
    fn written_answers_score_the_ticked_rubric() {
        let item = Item {
            body: Body::Written { model_answer_html: "<p>m</p>", rubric: &["a", "b", "c", "d"] },
            ..numeric_item(0.0, Tolerance::Absolute(0.0))
        };
        assert_eq!(score(&item, Answer::Written(vec![true, false, true, false])), 0.5);
        assert_eq!(score(&item, Answer::Written(vec![true; 4])), 1.0);
        assert_eq!(score(&item, Answer::Written(vec![false; 4])), 0.0);
        assert_eq!(grade(&item, &Answer::Written(vec![true])), Err(AnswerError::WrongShape));
        assert_eq!(grade(&item, &Answer::Choice(vec![0])), Err(AnswerError::WrongShape));
    }

    #[test]
    fn hints_unlock_one_at_a_time() {
        let mut hints = Hints::default();
        assert!(hints.more(2));
        assert!(hints.unlock_next(2));
        assert!(hints.unlock_next(2));
        assert!(!hints.unlock_next(2));
        assert_eq!(hints.shown, 2);
        assert!(!hints.more(2));
    }

    #[test]
    fn numbers_are_shown_with_honest_precision() {
        assert_eq!(shown_number(0.45), "0.45");
        assert_eq!(shown_number(1024.0), "1024");
        assert_eq!(shown_number(547.5), "547.5");
        assert_eq!(shown_number(0.0000021), "2.1e-6");
        assert_eq!(shown_number(0.0), "0");
    }
}
