//! The progress page (`#/progress`): mastery per objective, every item's status, export to a
//! file, import from a file (merged into what is saved), and reset of one section or of all.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::progress_store::{self, ProgressStore};
use crate::challenge::CHALLENGES;
use crate::chapter::CHAPTER;
use crate::gradable;
use crate::interview::WALKTHROUGHS;
use crate::items::{self, ITEMS};
use crate::progress::Progress;
use crate::route;

/// The first words of a prompt, as plain text.
fn short_prompt(html: &str) -> String {
    let text = items::plain_text(html);
    let text = text.trim();
    match text.char_indices().nth(90) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// The whole progress page.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let store = expect_context::<ProgressStore>();
    let progress = store.progress;
    let message = RwSignal::new(String::new());
    let graded = gradable::all();
    let mastery = move || progress.with(|progress| progress.mastery(&gradable::pairs(&graded)));
    let export_href = move || {
        let text = progress.with(Progress::encode);
        format!("data:text/plain;charset=utf-8,{}", js_sys::encode_uri_component(&text))
    };
    let reset_all = move |_| {
        if confirm("Forget all your progress: every section and every answer?") {
            progress_store::update_and_save(|progress| *progress = Progress::default());
            let everything = gradable::all();
            let owners: Vec<&str> = everything.iter().map(|entry| entry.id.as_str()).collect();
            progress_store::forget_drafts(&owners);
            message.set("All progress was reset.".to_owned());
        }
    };
    let on_file = move |event: leptos::ev::Event| {
        let Some(input) =
            event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        if file.size() > 1_000_000.0 {
            message.set("That file is too large to be exported progress. Nothing changed.".into());
            return;
        }
        let on_text = Closure::once(move |value: wasm_bindgen::JsValue| {
            let text = value.as_string().unwrap_or_default();
            message.set(match progress_store::import_and_merge(&text) {
                Ok(()) => "Imported: the file's progress was merged into yours.".to_owned(),
                Err(error) => {
                    format!("That file cannot be imported ({}). Nothing changed.", error.reason)
                }
            });
        });
        let on_error = Closure::once(move |_: wasm_bindgen::JsValue| {
            message.set("The file could not be read. Nothing changed.".to_owned());
        });
        let _ = file.text().then2(&on_text, &on_error);
        on_text.forget();
        on_error.forget();
    };

    view! {
        <article class="section progress-page" aria-labelledby="section-heading"
            data-testid="progress-page">
            <h2 id="section-heading" tabindex="-1">"Your progress"</h2>
            <p>"Saved in this browser only. Mastery is your average best score over all of an \
                objective's graded items (questions, challenges and interview \
                self-assessments); untried ones count as zero."</p>
            <p class="notice" role="status" data-testid="progress-message">
                {move || message.get()}
            </p>
            <h3>"Mastery by objective"</h3>
            <ul class="mastery" data-testid="mastery">
                {move || mastery().into_iter().map(|entry| {
                    let title = CHAPTER.sections.iter().find(|s| s.id == entry.objective)
                        .map_or(entry.objective.clone(), |s| s.title.to_owned());
                    let percent = (entry.mastery * 100.0).round();
                    let meter_id = format!("mastery-{}", entry.objective);
                    view! {
                        <li data-objective=entry.objective.clone()>
                            <label for=meter_id.clone()>
                                <a href=route::hash_for(&entry.objective)>{title}</a>
                                ": " {format!("{percent:.0}% mastered")}
                                {format!(" ({} of {} graded items at full marks, {} tried)",
                                    entry.solved, entry.items, entry.attempted)}
                            </label>
                            <meter id=meter_id min="0" max="100" low="50" high="80" optimum="100"
                                value=percent></meter>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>"Questions"</h3>
            <ul class="item-status-list" data-testid="item-list">
                {move || progress.with(|progress| ITEMS.iter().map(|item| {
                    let record = progress.items.get(item.id);
                    let status = match record {
                        Some(record) if record.solved() => "solved ✓".to_owned(),
                        Some(record) => {
                            format!("best {:.0}%, {} tried", record.best * 100.0, record.attempts)
                        }
                        None => "not answered".to_owned(),
                    };
                    view! {
                        <li data-item=item.id>
                            <span class="item-objective">{item.objective}</span>" · "
                            <a href=route::item_hash(item.id)>{short_prompt(item.prompt_html)}</a>
                            " — " <strong>{status}</strong>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <h3>"Challenges and interview self-assessments"</h3>
            <ul class="item-status-list" data-testid="other-list">
                {move || progress.with(|progress| {
                    let status = |key: &str| match progress.items.get(key) {
                        Some(record) if record.solved() => "full marks ✓".to_owned(),
                        Some(record) => {
                            format!("best {:.0}%, {} tried", record.best * 100.0, record.attempts)
                        }
                        None => "not tried".to_owned(),
                    };
                    let challenges = CHALLENGES.iter().map(|challenge| {
                        let key = gradable::challenge_key(challenge.id);
                        view! {
                            <li data-item=key.clone()>"Challenge · "
                                <a href=route::hash_for("challenges")>{challenge.title}</a> " — "
                                <strong>{status(&key)}</strong></li>
                        }
                    });
                    let interviews = WALKTHROUGHS.iter().map(|walkthrough| {
                        let key = gradable::interview_key(walkthrough.id);
                        view! {
                            <li data-item=key.clone()>"Interview · "
                                <a href=route::hash_for("interviews")>{walkthrough.title}</a>
                                " — "
                                <strong>{status(&key)}</strong></li>
                        }
                    });
                    (challenges.collect_view(), interviews.collect_view())
                })}
            </ul>
            <h3>"Save, restore, start again"</h3>
            <p class="progress-tools">
                <a download="workbook-progress.txt" href=export_href data-testid="export">
                    "Export your progress to a file"</a>
            </p>
            <p class="progress-tools">
                <label for="import-file">
                    "Import a progress file (merged into what is here): "
                </label>
                <input type="file" id="import-file" accept=".txt,text/plain" data-testid="import"
                    on:change=on_file />
            </p>
            <ul class="reset-list">
                {CHAPTER.sections.iter().map(|section| {
                    let id = section.id;
                    let title = section.title;
                    let section_keys = gradable::keys_in_section(&gradable::all(), id);
                    let reset = move |_| {
                        if confirm(&format!("Forget your progress in “{title}”?")) {
                            let keys: Vec<&str> = section_keys.iter().map(String::as_str).collect();
                            progress_store::update_and_save(|p| p.reset_section(id, &keys));
                            progress_store::forget_drafts(&keys);
                            message.set(format!("Progress in “{title}” was reset."));
                        }
                    };
                    view! {
                        <li><button type="button" class="link-button"
                            data-testid=format!("reset-{id}") on:click=reset>
                            {format!("Reset “{title}”")}
                        </button></li>
                    }
                }).collect_view()}
                <li><button type="button" data-testid="reset-all" on:click=reset_all>
                    "Reset everything"</button></li>
            </ul>
        </article>
    }
}
