//! Cheap rules against the known defects of quiz questions, used by `content_items.rs` at build
//! time: positional choices under shuffling, double negatives, and a prompt that shows the
//! numeric answer.

/// Phrases that make no sense once choices are shuffled.
pub const POSITIONAL_PHRASES: [&str; 4] =
    ["none of the above", "all of the above", "both of the above", "neither of the above"];

/// A question stem that asks for the false one: an emphasised or capitalised "not"/"except".
pub fn has_negative_stem(prompt: &str) -> bool {
    ["NOT", "EXCEPT", "**not**", "*not*", "_not_"].iter().any(|marker| prompt.contains(marker))
}

/// Whether lowercase `text` contains a negating word.
pub fn has_negation(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|word| {
        matches!(word, "not" | "no" | "never" | "none" | "cannot") || word.ends_with("n't")
    })
}

/// Whether the prompt writes out `value` (plainly or with thousands separators).
pub fn prompt_shows_number(prompt: &str, value: f64) -> bool {
    let plain = format!("{value}");
    let grouped = group_thousands(&plain);
    prompt
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|word| word.trim_end_matches(['.', ',']))
        .any(|word| word == plain || word == grouped)
}

pub fn group_thousands(number: &str) -> String {
    let (whole, fraction) = number.split_once('.').map_or((number, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{grouped}.{fraction}"),
        None => grouped,
    }
}
