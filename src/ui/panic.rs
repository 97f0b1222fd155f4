//! The last line of defence: a panic anywhere shows the error panel that `index.html` already
//! contains (so it works even when the app's own DOM is gone) instead of a dead page.

use std::panic;

/// Installs a panic hook that logs to the console and reveals `#panic-panel`.
pub fn install() {
    panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel(&info.to_string());
    }));
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
