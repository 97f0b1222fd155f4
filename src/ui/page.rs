//! Small facts about the page every component asks: the clock, the theme in force and the
//! learner's motion preference.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

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

/// The system's colour scheme while the page is open: true while it asks for dark. Provided
/// once by the page shell (see [`watch_system_dark`]).
#[derive(Debug, Clone, Copy)]
pub struct SystemDark(pub ReadSignal<bool>);

/// Starts following the system's colour scheme: a signal that changes when the learner's
/// system switches between light and dark. Call once; the listener lives as long as the page.
pub fn watch_system_dark() -> SystemDark {
    let (dark, set_dark) = signal(system_prefers_dark());
    if let Ok(Some(list)) = window().match_media("(prefers-color-scheme: dark)") {
        let on_change = Closure::<dyn Fn()>::new(move || set_dark.set(system_prefers_dark()));
        let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    SystemDark(dark)
}

/// Subscribes the running effect to everything that decides the theme in force: the learner's
/// choice and the system's scheme. Canvases drawn once call it so they redraw in the new colours.
pub fn track_theme() {
    if let Some(theme) = use_context::<ReadSignal<crate::progress::Theme>>() {
        theme.track();
    }
    if let Some(SystemDark(dark)) = use_context::<SystemDark>() {
        dark.track();
    }
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
