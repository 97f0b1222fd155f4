//! Graded items on the page: one card per item (prompt, answer controls, Check, hints, Try
//! again, feedback in a live region, the explanation), the quick check at the end of each
//! objective section and the full exercise set. Grading itself is `crate::grading`.

use leptos::prelude::*;

use super::exercise_kinds::{ChoiceInput, NumericInput, OrderingInput, WrittenInput};
use super::progress_store::{self, store};
use crate::chapter::{CHAPTER, SectionKind};
use crate::grading::{self, Answer, Hints, Outcome};
use crate::items::{self, Body, ITEMS, Item};

/// One graded item.
#[component]
pub fn ItemCard(
    /// The item to show.
    item: &'static Item,
    /// Its number in the list it belongs to, from 1.
    number: usize,
) -> impl IntoView {
    let id = item.id;
    let last = store()
        .and_then(|store| store.progress.with_untracked(|p| p.items.get(id).cloned()))
        .and_then(|record| record.last);
    let shown = items::shown_order(item);
    let picked = RwSignal::new(match &last {
        Some(Answer::Choice(picks)) => picks.clone(),
        _ => Vec::new(),
    });
    let number_text = RwSignal::new(match &last {
        Some(Answer::Numeric(text)) => text.clone(),
        _ => String::new(),
    });
    let order = RwSignal::new(match (&last, item.body) {
        (Some(Answer::Ordering(order)), Body::Ordering { entries })
            if order.len() == entries.len() =>
        {
            order.clone()
        }
        _ => shown.clone(),
    });
    let rubric_len = match item.body {
        Body::Written { rubric, .. } => rubric.len(),
        _ => 0,
    };
    let ticks = RwSignal::new(match &last {
        Some(Answer::Written(ticks)) if ticks.len() == rubric_len => ticks.clone(),
        _ => vec![false; rubric_len],
    });
    let revealed = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let problem = RwSignal::new(None::<String>);
    let hints = RwSignal::new(Hints::default());
    let explained = RwSignal::new(false);
    let locked = Signal::derive(move || outcome.with(Option::is_some));

    let answer = move || match item.body {
        Body::Choice { .. } => Answer::Choice(picked.get_untracked()),
        Body::Numeric { .. } => Answer::Numeric(number_text.get_untracked()),
        Body::Ordering { .. } => Answer::Ordering(order.get_untracked()),
        Body::Written { .. } => Answer::Written(ticks.get_untracked()),
    };
    let check = move || {
        if locked.get_untracked() {
            return;
        }
        let answer = answer();
        match grading::grade(item, &answer) {
            Ok(result) => {
                progress_store::record_answer_and_save(id, result.score, &answer);
                if result.solved() {
                    explained.set(true);
                }
                problem.set(None);
                outcome.set(Some(result));
            }
            Err(error) => problem.set(Some(error.to_string())),
        }
    };
    let try_again = move |_| {
        outcome.set(None);
        problem.set(None);
    };
    let status = move || {
        let record = store()?.progress.with(|progress| progress.items.get(id).cloned())?;
        let attempts = match record.attempts {
            1 => "1 attempt".to_owned(),
            count => format!("{count} attempts"),
        };
        Some(if record.solved() {
            format!("Solved ✓ ({attempts})")
        } else {
            format!("Best score {:.0}% after {attempts}", record.best * 100.0)
        })
    };
    let hint_count = item.hints.len();
    let written = matches!(item.body, Body::Written { .. });
    let can_check = move || !locked.get() && (!written || revealed.get());

    let on_enter = Callback::new(move |()| check());
    let unlock_hint = move |_| {
        hints.update(|hints| {
            hints.unlock_next(hint_count);
        });
    };
    let feedback =
        move || problem.get().or_else(|| outcome.with(|o| o.as_ref().map(|o| o.summary.clone())));
    let controls = match item.body {
        Body::Choice { multiple, choices, .. } => view! {
            <ChoiceInput id choices multiple order=shown picked locked />
        }
        .into_any(),
        Body::Numeric { unit, .. } => view! {
            <NumericInput id unit text=number_text locked on_enter />
        }
        .into_any(),
        Body::Ordering { entries } => {
            view! { <OrderingInput id entries order locked /> }.into_any()
        }
        Body::Written { model_answer_html, rubric } => view! {
            <WrittenInput id model_answer_html rubric ticks revealed locked />
        }
        .into_any(),
    };
    let why_list = move || {
        let Body::Choice { choices, .. } = item.body else { return None };
        let result = outcome.get()?;
        let notes: Vec<_> = result
            .wrong_picks
            .iter()
            .map(|&index| {
                view! {
                    <li><span inner_html=choices[index].html></span>": "
                        <span inner_html=choices[index].why_html></span></li>
                }
            })
            .collect();
        (!notes.is_empty()).then(|| view! { <ul class="why" data-testid="why">{notes}</ul> })
    };

    view! {
        <section class="item" data-item=id data-testid="item" aria-labelledby=format!("{id}-title")>
            <h4 id=format!("{id}-title") class="item-title" tabindex="-1">"Question " {number}</h4>
            <div class="item-prompt" id=format!("{id}-prompt") inner_html=item.prompt_html></div>
            <p class="item-status" data-testid="item-status">
                {move || status().unwrap_or_else(|| "Not answered yet".to_owned())}
            </p>
            {controls}
            <div class="item-actions">
                <Show when=can_check>
                    <button type="button" class="primary" data-testid="check"
                        on:click=move |_| check()>"Check"</button>
                </Show>
                <Show when=move || locked.get()>
                    <button type="button" data-testid="try-again" on:click=try_again>
                        "Try again"</button>
                </Show>
                <Show when=move || hints.with(|hints| hints.more(hint_count))>
                    <button type="button" data-testid="hint"
                        on:click=unlock_hint>
                        {move || format!("Hint ({} left)", hint_count - hints.get().shown)}
                    </button>
                </Show>
                <Show when=move || {
                    !item.explanation_html.is_empty() && !explained.get()
                        && outcome.with(|outcome| outcome.as_ref().is_some_and(|o| !o.solved()))
                }>
                    <button type="button" data-testid="reveal"
                        on:click=move |_| explained.set(true)>
                        "Show the explanation"</button>
                </Show>
            </div>
            <ol class="hints" data-testid="hints">
                {move || item.hints[..hints.get().shown].iter().map(|hint| view! {
                    <li inner_html=*hint></li>
                }).collect_view()}
            </ol>
            <div class="feedback" role="status" data-testid="feedback"
                data-score=move || outcome.with(|o| o.as_ref().map(|o| format!("{:.3}", o.score)))>
                {feedback}
            </div>
            {why_list}
            <Show when=move || explained.get() && !item.explanation_html.is_empty()>
                <div class="explanation" data-testid="explanation">
                    <h5>"Explanation"</h5>
                    <div inner_html=item.explanation_html></div>
                </div>
            </Show>
        </section>
    }
}

/// The quick check at the end of objective section `objective`.
#[component]
pub fn QuickCheck(
    /// The objective's section id.
    objective: &'static str,
) -> impl IntoView {
    let quick = items::quick_check(objective);
    view! {
        <section class="quick-check" aria-labelledby=format!("quick-{objective}")>
            <h3 id=format!("quick-{objective}")>"A quick check"</h3>
            <p>"Answer these to check this section. More questions are in "
                <a href="#/exercises">"the exercises"</a>"."</p>
            {quick.into_iter().enumerate().map(|(index, item)| view! {
                <ItemCard item number=index + 1 />
            }).collect_view()}
        </section>
    }
}

/// Every item: the chapter's own exercises first, then the rest grouped by objective.
#[component]
pub fn ExerciseSet() -> impl IntoView {
    let chapter_exercises: Vec<&'static Item> =
        ITEMS.iter().filter(|item| item.chapter_exercise).collect();
    let objectives =
        CHAPTER.sections.iter().filter(|section| section.kind == SectionKind::Objective);
    view! {
        <div class="exercise-set" data-testid="exercise-set">
            <section aria-labelledby="exercises-chapter">
                <h3 id="exercises-chapter">"The chapter's exercises"</h3>
                {chapter_exercises.into_iter().enumerate().map(|(index, item)| view! {
                    <ItemCard item number=index + 1 />
                }).collect_view()}
            </section>
            {objectives.map(|section| {
                let group: Vec<&'static Item> = ITEMS
                    .iter()
                    .filter(|item| item.objective == section.id && !item.chapter_exercise)
                    .collect();
                let heading = format!("exercises-{}", section.id);
                let labelled_by = heading.clone();
                view! {
                    <section aria-labelledby=labelled_by data-objective=section.id>
                        <h3 id=heading>{section.title}</h3>
                        {group.into_iter().enumerate().map(|(index, item)| view! {
                            <ItemCard item number=index + 1 />
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}
