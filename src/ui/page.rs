//! Small facts about the page every component asks: the clock, the theme in force and the
//! learner's motion preference.

use leptos::prelude::*;

/// Milliseconds since the page started (`performance.now()`), or 0 where there is no clock.
pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |performance| performance.now())
}

/// Whether a CSS media query matches now.
fn media_matches(query: &str) -> bool {
    window().match_media(query).ok().flatten().is_some_and(|list| list.matches())
}

/// Whether the system asks for a dark colour scheme.
pub fn system_prefers_dark() -> bool {
    media_matches("(prefers-color-scheme: dark)")
}

/// Whether the page shows the dark theme: the learner's choice (`html[data-theme]`), else the
/// system's.
pub fn page_is_dark() -> bool {
    let Some(root) = document().document_element() else { return false };
    match root.get_attribute("data-theme").as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => system_prefers_dark(),
    }
}

/// Whether the learner asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    media_matches("(prefers-reduced-motion: reduce)")
}
