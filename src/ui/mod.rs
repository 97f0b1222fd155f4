//! The browser layer: a thin Leptos app over the pure modules. It owns the page shell (hash
//! routing, keyboard navigation, progress, theme) and mounts the live figures.
//!
//! Compiled only for `wasm32`. Decisions that can be made without a browser live in the pure
//! modules (`route`, `progress`, `figure`) so they are tested natively.

mod bill;
mod challenge;
mod challenge_controls;
mod chart;
mod draw;
mod figure;
mod figure_engine;
mod figure_loop;
mod figure_sweep;
mod interview;
mod page;
mod panic;
mod sections;
mod slider;
mod tuning;
mod tuning_chart;
// The graded items, the progress page and the progress store (exercises helper).
mod exercise;
mod exercise_kinds;
mod progress_page;
pub mod progress_store;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chapter::{CHAPTER, Section, SectionKind};
use crate::progress::{Progress, THEME_KEY, Theme};
use crate::route::{self, Route};
use page::system_prefers_dark;
use progress_store::{save as save_progress, storage};

/// Starts the app: installs the panic panel, then mounts the workbook into `<body>`.
pub fn start() {
    panic::install();
    panic::listen_for_test_panics();
    leptos::mount::mount_to_body(App);
}

fn apply_theme(theme: Theme) {
    let Some(root) = document().document_element() else { return };
    let _ = match theme.encode() {
        Some(name) => root.set_attribute("data-theme", name),
        None => root.remove_attribute("data-theme"),
    };
}

fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    route::parse_hash(&hash, &CHAPTER.ids())
}

fn go_to_section(index: usize) {
    if let Some(section) = CHAPTER.sections.get(index) {
        let _ = window().location().set_hash(&route::hash_for(section.id));
    }
}

/// Whether a key press should be left to the focused control (typing, sliders, menus).
fn key_belongs_to_control(event: &web_sys::KeyboardEvent) -> bool {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return true;
    }
    let Some(target) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}

/// The whole workbook page.
#[component]
pub fn App() -> impl IntoView {
    let ids = CHAPTER.ids();
    let initial = current_route();
    let (route, set_route) = signal(initial);
    let store = progress_store::provide_store();
    let (progress, set_progress) = (store.progress, store.set_progress);
    let stored_theme = storage().and_then(|storage| storage.get_item(THEME_KEY).ok().flatten());
    let (theme, set_theme) = signal(Theme::decode(stored_theme.as_deref()));

    let section_index = move || match route.get() {
        Route::Section(index) => index,
        Route::Unknown { .. } | Route::Progress => 0,
    };
    // The section on screen, if any (the progress page is not a section).
    let shown_section = move || match route.get() {
        Route::Progress => None,
        _ => Some(section_index()),
    };

    // Follow the hash: links, the back button and the j/k keys all go through it.
    // A new section starts at its heading, with focus there for keyboard and screen readers.
    let hash_listener = window_event_listener(ev::hashchange, move |_| {
        set_route.set(current_route());
        focus_section_heading();
    });
    on_cleanup(move || hash_listener.remove());
    // A link to one question opens at that question, on a first load too.
    if route::item_of(&window().location().hash().unwrap_or_default()).is_some() {
        focus_section_heading();
    }

    let key_listener = window_event_listener(ev::keydown, move |event| {
        if key_belongs_to_control(&event) {
            return;
        }
        let step = match event.key().as_str() {
            "j" => 1,
            "k" => -1,
            _ => return,
        };
        event.prevent_default();
        let current = section_index_untracked(&route.get_untracked());
        go_to_section(route::neighbour(current, step, CHAPTER.sections.len()));
    });
    on_cleanup(move || key_listener.remove());

    // Record visits and keep the tab title in step with the section.
    Effect::new(move |_| {
        let Some(index) = shown_section() else {
            document().set_title(&format!("Your progress · {}", CHAPTER.title));
            return;
        };
        let Some(section) = CHAPTER.sections.get(index) else { return };
        document().set_title(&format!("{} · {}", section.title, CHAPTER.title));
        let newly = set_progress.try_update(|progress| progress.visit(section.id));
        if newly == Some(true) {
            progress.with_untracked(save_progress);
        }
    });

    Effect::new(move |_| apply_theme(theme.get()));
    // Figures redraw their canvases when the theme changes, even while paused, whether the
    // learner switched it or the system did.
    provide_context(theme);
    provide_context(page::watch_system_dark());
    let toggle_theme = move |_| {
        let currently_dark = match theme.get_untracked() {
            Theme::Dark => true,
            Theme::Light => false,
            Theme::System => system_prefers_dark(),
        };
        let next = Theme::toggled(currently_dark);
        if let Some(storage) = storage() {
            let _ = match next.encode() {
                Some(name) => storage.set_item(THEME_KEY, name),
                None => storage.remove_item(THEME_KEY),
            };
        }
        set_theme.set(next);
    };

    let summary_ids = ids.clone();
    let progress_summary = move || progress.with(|progress| progress.summary(&summary_ids));
    let count_ids = ids.clone();
    let completed_count =
        move || progress.with(|progress| progress.counts(&count_ids).1.to_string());
    let section_count = CHAPTER.sections.len();
    // Export is a data: link, so nothing is sent anywhere; reset asks first.
    let export_href = move || {
        let text = progress.with(Progress::encode);
        format!("data:text/plain;charset=utf-8,{}", js_sys::encode_uri_component(&text))
    };
    let reset_progress = move |_| {
        let sure = window()
            .confirm_with_message("Forget all your progress: sections and answers?")
            .unwrap_or(false);
        if sure {
            set_progress.set(Progress::default());
            progress.with_untracked(save_progress);
        }
    };

    view! {
        <a class="skip-link" href="#" on:click=move |event: ev::MouseEvent| {
            event.prevent_default();
            focus_section_heading();
        }>"Skip to the section"</a>
        <header class="topbar">
            <h1 class="chapter-title">{CHAPTER.title}</h1>
            <div class="progress" data-testid="progress">
                <label for="progress-meter">
                    <a href=route::hash_for(route::PROGRESS_ID) data-testid="progress-link">
                        {progress_summary}
                    </a>
                </label>
                <progress id="progress-meter" max=section_count value=completed_count></progress>
                <span class="progress-actions">
                    <a download="workbook-progress.txt" href=export_href>"Export"</a>
                    <button type="button" class="link-button" on:click=reset_progress
                        data-testid="reset-progress">"Reset"</button>
                </span>
            </div>
            <button
                type="button"
                class="theme-toggle"
                aria-pressed=move || {
                    let dark = match theme.get() {
                        Theme::Dark => true,
                        Theme::Light => false,
                        Theme::System => system_prefers_dark(),
                    };
                    dark.to_string()
                }
                on:click=toggle_theme
            >
                "Dark mode"
            </button>
        </header>
        {move || store.notice.get().map(|notice| view! {
            <p class="notice" role="status" data-testid="storage-notice">{notice}</p>
        })}
        <div class="layout">
            <nav class="toc" aria-label="Sections">
                <ol>
                    {CHAPTER.sections.iter().enumerate().map(|(index, section)| {
                        let id = section.id;
                        view! {
                            <li>
                                <a
                                    href=route::hash_for(id)
                                    aria-current=move || {
                                        (shown_section() == Some(index)).then_some("page")
                                    }
                                >
                                    <span class="mark" aria-hidden="true">{move || {
                                        progress.with(|progress| {
                                            if progress.completed.contains(id) { "✓" }
                                            else if progress.visited.contains(id) { "•" }
                                            else { "" }
                                        })
                                    }}</span>
                                    {section.title}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p class="hint">"Keys: " <kbd>"j"</kbd> " next section, " <kbd>"k"</kbd>
                    " previous."</p>
            </nav>
            <main id="main-content">
                {move || match route.get() {
                    Route::Unknown { requested } => Some(view! {
                        <p class="notice" role="alert" data-testid="route-notice">
                            "There is no section called “" {requested}
                            "”. Showing the first section instead."
                        </p>
                    }),
                    Route::Section(_) | Route::Progress => None,
                }}
                {move || {
                    if route.get() == Route::Progress {
                        return view! { <progress_page::ProgressPage /> }.into_any();
                    }
                    let index = section_index();
                    let section = CHAPTER.sections[index.min(CHAPTER.sections.len() - 1)];
                    view! { <SectionView section index progress set_progress /> }.into_any()
                }}
            </main>
        </div>
    }
}

fn section_index_untracked(route: &Route) -> usize {
    match route {
        Route::Section(index) => *index,
        Route::Unknown { .. } | Route::Progress => 0,
    }
}

fn focus_section_heading() {
    // The new section renders synchronously on hashchange; focus on the next frame so the
    // heading exists. A link to one question (`?item=`) focuses that question instead.
    request_animation_frame(|| {
        let hash = window().location().hash().unwrap_or_default();
        let question = route::item_of(&hash)
            .and_then(|id| document().get_element_by_id(&format!("{id}-title")));
        if let Some(target) = question
            .or_else(|| document().get_element_by_id("section-heading"))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = target.focus();
            target.scroll_into_view();
        }
    });
}

/// One section: heading, objective, prose, what `sections::section_body` adds (figures,
/// checks, labs) and the completion toggle.
#[component]
fn SectionView(
    /// The section to show.
    section: Section,
    /// Its position in the chapter.
    index: usize,
    /// The learner's progress.
    progress: ReadSignal<Progress>,
    /// Updates the learner's progress.
    set_progress: WriteSignal<Progress>,
) -> impl IntoView {
    let id = section.id;
    let completed = move || progress.with(|progress| progress.completed.contains(id));
    let toggle_completed = move |_| {
        let now = !completed();
        set_progress.update(|progress| progress.set_completed(id, now));
        progress.with_untracked(save_progress);
    };
    let previous = index.checked_sub(1).and_then(|index| CHAPTER.sections.get(index));
    let next = CHAPTER.sections.get(index + 1);
    view! {
        <article class="section" data-section=id aria-labelledby="section-heading">
            <p class="kind">{section.kind.label()}</p>
            <h2 id="section-heading" tabindex="-1">{section.title}</h2>
            {(section.kind == SectionKind::Objective).then(|| view! {
                <p class="objective"><strong>"You will be able to: "</strong>
                    {section.objective}</p>
            })}
            <div class="prose" inner_html=section.html></div>
            {sections::section_body(section)}
            <div class="section-end">
                <button
                    type="button"
                    class="complete"
                    aria-pressed=move || completed().to_string()
                    on:click=toggle_completed
                    data-testid="complete-toggle"
                >
                    {move || if completed() { "Completed ✓" } else { "Mark section complete" }}
                </button>
                <nav class="pager" aria-label="Previous and next section">
                    {previous.map(|section| view! {
                        <a href=route::hash_for(section.id) rel="prev">"← " {section.title}</a>
                    })}
                    {next.map(|section| view! {
                        <a href=route::hash_for(section.id) rel="next">{section.title} " →"</a>
                    })}
                </nav>
            </div>
        </article>
    }
}
