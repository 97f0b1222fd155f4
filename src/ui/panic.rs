//! The last line of defence: a panic anywhere shows the error panel that `index.html` already
//! contains (so it works even when the app's own DOM is gone) instead of a dead page.

use std::panic;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Installs a panic hook that logs to the console and reveals `#panic-panel`.
pub fn install() {
    panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel(&info.to_string());
    }));
}

/// The event the browser tests dispatch on `window` to check that a panic shows the panel.
pub const TEST_PANIC_EVENT: &str = "workbook-test-panic";

/// Panics when [`TEST_PANIC_EVENT`] is dispatched. Only a script on the page itself can send
/// it, and a page can always break itself, so this opens nothing new.
pub fn listen_for_test_panics() {
    let Some(window) = web_sys::window() else { return };
    let on_event = Closure::<dyn Fn()>::new(|| {
        panic!("the page asked for a test panic ({TEST_PANIC_EVENT})");
    });
    let listener = on_event.as_ref().unchecked_ref();
    if window.add_event_listener_with_callback(TEST_PANIC_EVENT, listener).is_ok() {
        // The listener lives as long as the page.
        on_event.forget();
    }
}

fn show_panel(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    if let Some(text) = document.get_element_by_id("panic-message") {
        text.set_text_content(Some(message));
    }
    if let Some(panel) = document.get_element_by_id("panic-panel") {
        let _ = panel.remove_attribute("hidden");
    }
}
