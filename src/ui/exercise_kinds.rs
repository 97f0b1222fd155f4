//! The answer controls of each item kind: a radio or checkbox group, a number with its unit, an
//! ordering list moved with buttons, and a written answer with its model answer and rubric.
//! Every control is a native, labelled form element, so it works from the keyboard.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::items::{self, Choice};

/// One-answer (radio) or several-answer (checkbox) choices, shown in `order`.
#[component]
pub fn ChoiceInput(
    /// The item's id, for element ids and the group name.
    id: &'static str,
    /// The choices as written in the content.
    choices: &'static [Choice],
    /// Whether several may be picked.
    multiple: bool,
    /// The order to show them in (content positions).
    order: Vec<usize>,
    /// The picked choices (content positions).
    picked: RwSignal<Vec<usize>>,
    /// Whether the controls are locked (feedback is showing).
    locked: Signal<bool>,
) -> impl IntoView {
    let kind = if multiple { "checkbox" } else { "radio" };
    let legend = if multiple { "Pick every right answer" } else { "Pick one answer" };
    view! {
        <fieldset class="choices" aria-describedby=format!("{id}-prompt")>
            <legend>{legend}</legend>
            {order.into_iter().map(|index| {
                let input_id = format!("{id}-choice-{index}");
                let checked = move || picked.with(|picked| picked.contains(&index));
                let on_change = move |event: leptos::ev::Event| {
                    let on = event_target_checked(&event);
                    picked.update(|picked| {
                        if !multiple {
                            picked.clear();
                        }
                        picked.retain(|&other| other != index);
                        if on {
                            picked.push(index);
                        }
                    });
                };
                view! {
                    <div class="choice">
                        <input type=kind id=input_id.clone() name=format!("{id}-choices")
                            prop:checked=checked on:change=on_change
                            disabled=move || locked.get() />
                        <label for=input_id inner_html=choices[index].html></label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A number typed with its unit shown beside it.
#[component]
pub fn NumericInput(
    /// The item's id.
    id: &'static str,
    /// The unit of the answer.
    unit: &'static str,
    /// The text typed.
    text: RwSignal<String>,
    /// Whether the control is locked.
    locked: Signal<bool>,
    /// Called when Enter is pressed.
    on_enter: Callback<()>,
) -> impl IntoView {
    let input_id = format!("{id}-number");
    view! {
        <div class="numeric">
            <label for=input_id.clone()>"Your answer, in " {unit}</label>
            <span class="numeric-row">
                <input type="text" inputmode="decimal" autocomplete="off" id=input_id
                    data-testid="numeric-input" aria-describedby=format!("{id}-prompt")
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                    on:keydown=move |event: leptos::ev::KeyboardEvent| {
                        if event.key() == "Enter" {
                            event.prevent_default();
                            on_enter.run(());
                        }
                    }
                    disabled=move || locked.get() />
                <span class="unit">{unit}</span>
            </span>
        </div>
    }
}

/// Entries the learner puts in order with "move up" and "move down" buttons.
#[component]
pub fn OrderingInput(
    /// The item's id.
    id: &'static str,
    /// The entries in the right order (HTML).
    entries: &'static [&'static str],
    /// The learner's order (content positions), first to last.
    order: RwSignal<Vec<usize>>,
    /// Whether the controls are locked.
    locked: Signal<bool>,
) -> impl IntoView {
    let moved = RwSignal::new(String::new());
    let count = entries.len();
    let shift = move |entry: usize, step: isize| {
        let mut new_position = 0;
        order.update(|order| {
            let Some(at) = order.iter().position(|&other| other == entry) else { return };
            let to = (at as isize + step).clamp(0, count as isize - 1) as usize;
            order.swap(at, to);
            new_position = to;
        });
        let name = items::plain_text(entries[entry]);
        moved.set(format!("Moved “{name}” to position {} of {count}.", new_position + 1));
        // Keep focus on the moved entry's button, or its other button at an end of the list.
        let (first, second) = if step < 0 { ("up", "down") } else { ("down", "up") };
        let at_end = if step < 0 { new_position == 0 } else { new_position + 1 == count };
        let which = if at_end { second } else { first };
        let target = format!("{id}-{which}-{entry}");
        request_animation_frame(move || {
            if let Some(button) = document()
                .get_element_by_id(&target)
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        });
    };
    view! {
        <div class="ordering">
            <p class="ordering-help" id=format!("{id}-ordering-help")>
                "Move each entry up or down until the list runs from first to last."
            </p>
            <ol aria-describedby=format!("{id}-prompt") data-testid="ordering-list">
                <For each=move || order.get() key=|entry| *entry let(entry)>
                    {
                        let name = items::plain_text(entries[entry]);
                        let position = move || {
                            order.with(|order| order.iter().position(|&other| other == entry))
                                .unwrap_or(0)
                        };
                        view! {
                            <li data-entry=entry>
                                <span class="entry" inner_html=entries[entry]></span>
                                <span class="moves">
                                    <button type="button" id=format!("{id}-up-{entry}")
                                        aria-label=format!("Move “{name}” up")
                                        disabled=move || locked.get() || position() == 0
                                        on:click=move |_| shift(entry, -1)>"↑"</button>
                                    <button type="button" id=format!("{id}-down-{entry}")
                                        aria-label=format!("Move “{name}” down")
                                        disabled=move || locked.get() || position() + 1 == count
                                        on:click=move |_| shift(entry, 1)>"↓"</button>
                                </span>
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="visually-hidden" role="status">{move || moved.get()}</p>
        </div>
    }
}

/// A written answer: a text box, then the model answer and the rubric to tick. What the
/// learner types is kept as a draft in this browser (`progress_store::save_draft`), so
/// leaving the page or reloading it loses nothing; the draft is never sent anywhere and is
/// not part of the exported progress.
#[component]
pub fn WrittenInput(
    /// The item's id.
    id: &'static str,
    /// The model answer (HTML).
    model_answer_html: &'static str,
    /// The rubric's points (HTML).
    rubric: &'static [&'static str],
    /// Which points are ticked.
    ticks: RwSignal<Vec<bool>>,
    /// Whether the model answer is shown.
    revealed: RwSignal<bool>,
    /// Whether the controls are locked.
    locked: Signal<bool>,
) -> impl IntoView {
    let text_id = format!("{id}-text");
    let draft = super::progress_store::load_draft(id);
    let save_draft = move |event: leptos::ev::Event| {
        super::progress_store::save_draft(id, &event_target_value(&event));
    };
    let ticked = move |index: usize| ticks.with(|ticks| ticks.get(index).copied().unwrap_or(false));
    view! {
        <div class="written">
            <label for=text_id.clone()>
                "Your answer (kept as a draft in this browser only)"
            </label>
            <textarea id=text_id rows="6" aria-describedby=format!("{id}-prompt")
                data-testid="written-text" prop:value=draft on:input=save_draft></textarea>
            <button type="button" data-testid="show-model"
                aria-expanded=move || revealed.get().to_string()
                on:click=move |_| revealed.update(|shown| *shown = !*shown)>
                {move || {
                    if revealed.get() { "Hide the model answer" } else { "Show the model answer" }
                }}
            </button>
            <Show when=move || revealed.get()>
                <div class="model-answer">
                    <h4>"Model answer"</h4>
                    <div inner_html=model_answer_html></div>
                </div>
                <fieldset class="rubric">
                    <legend>"Tick each point your answer makes"</legend>
                    {rubric.iter().enumerate().map(|(index, point)| {
                        let box_id = format!("{id}-rubric-{index}");
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=box_id.clone()
                                    prop:checked=move || ticked(index)
                                    disabled=move || locked.get()
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        ticks.update(|ticks| {
                                            if let Some(tick) = ticks.get_mut(index) {
                                                *tick = on;
                                            }
                                        });
                                    } />
                                <label for=box_id inner_html=*point></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
        </div>
    }
}
