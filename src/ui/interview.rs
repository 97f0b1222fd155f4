//! The interview walkthroughs: pick a question, go through its five steps (each with a
//! demonstration run in the model, estimates the model checks and our answer on demand), then
//! read the model answer and assess yourself against the rubric.
//!
//! Runs happen on a click, after the "running" status has been painted, so the page never
//! freezes without saying why.

use super::page::now_ms;
use leptos::prelude::*;

use crate::gradable::interview_key;
use crate::interview::{
    self, Demo, DemoTable, Estimate, Step, WALKTHROUGHS, Walkthrough, step_title,
};

/// Wall-clock delay before a run starts, so the "running" status is painted first.
const PAINT_FIRST_MS: u64 = 30;

/// Runs `work` after the browser has painted, and hands its result to `done`.
fn after_paint<T: 'static>(work: impl FnOnce() -> T + 'static, done: impl FnOnce(T) + 'static) {
    set_timeout(move || done(work()), std::time::Duration::from_millis(PAINT_FIRST_MS));
}

/// Records the learner's self-assessment of a walkthrough in the saved progress.
fn record_result(progress_id: &str, score: f64) {
    super::progress_store::record_and_save(progress_id, score);
}

/// The walkthroughs section: a chooser and the chosen walkthrough.
#[component]
pub fn Interviews() -> impl IntoView {
    let (chosen, set_chosen) = signal(0_usize);
    view! {
        <div class="interviews" data-testid="interviews">
            <div class="walkthrough-chooser" role="group" aria-label="Choose a question">
                {WALKTHROUGHS.iter().enumerate().map(|(index, walkthrough)| view! {
                    <button type="button" aria-pressed=move || (chosen.get() == index).to_string()
                        data-testid=format!("walkthrough-{}", walkthrough.id)
                        on:click=move |_| set_chosen.set(index)>
                        {format!("{}. {}", index + 1, walkthrough.title)}
                    </button>
                }).collect_view()}
            </div>
            {move || {
                let walkthrough = WALKTHROUGHS[chosen.get().min(WALKTHROUGHS.len() - 1)];
                view! { <WalkthroughView walkthrough /> }
            }}
        </div>
    }
}

/// One walkthrough, a step at a time.
#[component]
fn WalkthroughView(walkthrough: Walkthrough) -> impl IntoView {
    let (step_index, set_step_index) = signal(0_usize);
    let count = walkthrough.steps.len();
    let steps = walkthrough.steps;
    let previous = move |_: leptos::ev::MouseEvent| {
        set_step_index.update(|index| *index = index.saturating_sub(1))
    };
    let next = move |_: leptos::ev::MouseEvent| {
        set_step_index.update(|index| *index = (*index + 1).min(count - 1))
    };
    view! {
        <article class="walkthrough" data-walkthrough=walkthrough.id>
            <h3>{walkthrough.title}</h3>
            <div class="question" inner_html=walkthrough.question_html></div>
            <ol class="stepper" aria-label="Steps">
                {steps.iter().enumerate().map(|(index, step)| view! {
                    <li>
                        <button type="button"
                            aria-current=move || (step_index.get() == index).then_some("step")
                            on:click=move |_| set_step_index.set(index)>
                            {step_title(step.kind)}
                        </button>
                    </li>
                }).collect_view()}
            </ol>
            {move || {
                let index = step_index.get().min(count - 1);
                let notes_key = format!("{}.{}", interview_key(walkthrough.id), steps[index].kind);
                view! { <StepView step=steps[index] number=index + 1 count notes_key /> }
            }}
            <div class="step-nav">
                <button type="button" disabled=move || step_index.get() == 0
                    on:click=previous>
                    "← Previous step"
                </button>
                <button type="button" disabled=move || { step_index.get() + 1 >= count }
                    data-testid="next-step"
                    on:click=next>
                    "Next step →"
                </button>
            </div>
            <Reveal label="the model answer" html=walkthrough.model_answer_html />
            <Rubric walkthrough />
        </article>
    }
}

/// One step: prompt, notes (kept as a draft under `notes_key`), estimates, demonstration, our
/// answer.
#[component]
fn StepView(step: Step, number: usize, count: usize, notes_key: String) -> impl IntoView {
    let notes = super::progress_store::load_draft(&notes_key);
    let save_notes = move |event: leptos::ev::Event| {
        super::progress_store::save_draft(&notes_key, &event_target_value(&event));
    };
    let heading = format!("Step {number} of {count}: {}", step_title(step.kind));
    let estimates =
        step.estimates.iter().map(|estimate| view! { <EstimateView estimate=*estimate /> });
    view! {
        <section class="step" data-step=step.kind aria-labelledby="step-heading">
            <h4 id="step-heading">{heading}</h4>
            <div class="prompt" inner_html=step.prompt_html></div>
            <label class="notes">"Your notes (kept as a draft in this browser only) "
                <textarea rows="3" data-testid="step-notes" prop:value=notes
                    on:input=save_notes></textarea>
            </label>
            {(!step.estimates.is_empty()).then(|| view! {
                <div class="estimates">{estimates.collect_view()}</div>
            })}
            {step.demo.map(|demo| view! { <DemoView demo /> })}
            <Reveal label="our answer for this step" html=step.answer_html />
        </section>
    }
}

/// A button that shows or hides a block of HTML.
#[component]
fn Reveal(label: &'static str, html: &'static str) -> impl IntoView {
    let (open, set_open) = signal(false);
    view! {
        <div class="reveal">
            <button type="button" aria-expanded=move || open.get().to_string()
                data-testid="reveal"
                on:click=move |_| set_open.update(|open| *open = !*open)>
                {move || if open.get() { format!("Hide {label}") } else { format!("Show {label}") }}
            </button>
            <Show when=move || open.get()>
                <div class="revealed" inner_html=html></div>
            </Show>
        </div>
    }
}

/// A number to estimate, checked by running the model.
#[component]
fn EstimateView(estimate: Estimate) -> impl IntoView {
    let (entered, set_entered) = signal(String::new());
    let (verdict, set_verdict) = signal(None::<(bool, String)>);
    let (running, set_running) = signal(false);
    let input_id = format!("estimate-{}", estimate.id);
    let check = move |_| {
        // The same reading of typed numbers as the exercises ("1,000", "2.5%", "0,25").
        let Some(value) = crate::grading::parse_number(&entered.get_untracked(), "") else {
            set_verdict.set(Some((false, "Enter a number first.".to_owned())));
            return;
        };
        set_running.set(true);
        after_paint(
            move || interview::check_estimate(&estimate, value),
            move |result| {
                set_running.set(false);
                set_verdict.set(Some(match result {
                    Ok(check) => (check.close, check.message),
                    Err(error) => (false, error),
                }));
            },
        );
    };
    view! {
        <div class="estimate" data-estimate=estimate.id>
            <label for=input_id.clone()>{estimate.label}</label>
            <input id=input_id type="text" inputmode="decimal" autocomplete="off"
                data-testid=format!("estimate-input-{}", estimate.id)
                prop:value=entered
                on:input=move |event| set_entered.set(event_target_value(&event)) />
            <button type="button" on:click=check disabled=running
                data-testid=format!("estimate-check-{}", estimate.id)>
                "Check with the model"
            </button>
            <p role="status" class="verdict" data-testid=format!("estimate-verdict-{}", estimate.id)
                data-close=move || verdict.get().map(|(close, _)| close.to_string())>
                {move || if running.get() {
                    "Running the model…".to_owned()
                } else {
                    verdict.get().map(|(_, message)| message).unwrap_or_default()
                }}
            </p>
        </div>
    }
}

/// Runs of the model shown side by side.
#[component]
fn DemoView(demo: Demo) -> impl IntoView {
    let (table, set_table) = signal(None::<Result<DemoTable, String>>);
    let (running, set_running) = signal(false);
    let (run_ms, set_run_ms) = signal(None::<f64>);
    let run = move |_| {
        set_running.set(true);
        after_paint(
            move || {
                let started = now_ms();
                (interview::run_demo(&demo), now_ms() - started)
            },
            move |(result, elapsed_ms)| {
                set_running.set(false);
                set_run_ms.set(Some(elapsed_ms));
                set_table.set(Some(result));
            },
        );
    };
    view! {
        <div class="demo" data-run-ms=move || run_ms.get().map(|ms| format!("{ms:.0}"))>
            <div class="caption" inner_html=demo.caption_html></div>
            <button type="button" on:click=run disabled=running data-testid="run-demo">
                {format!("Run the demonstration ({} s simulated)", demo.duration_s)}
            </button>
            <p role="status" class="demo-status">
                {move || running.get().then_some("Running the model…")}
            </p>
            {move || table.get().map(|result| match result {
                Ok(table) => view! { <DemoTableView table /> }.into_any(),
                Err(error) => view! { <p class="notice" role="alert">{error}</p> }.into_any(),
            })}
            <p class="sandbox-links">"Open in the sandbox: "
                {demo.runs.iter().enumerate().map(|(index, (label, setup))| view! {
                    {(index > 0).then_some(" · ")}
                    <a href=format!("#/sandbox?{setup}")>{*label}</a>
                }).collect_view()}
            </p>
        </div>
    }
}

/// The results table: one row per metric, one column per run.
#[component]
fn DemoTableView(table: DemoTable) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="demo-table" data-testid="demo-table">
                <thead>
                    <tr>
                        <th scope="col">"Reading"</th>
                        {table.columns.iter().map(|label| view! { <th scope="col">{*label}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table.rows.into_iter().map(|(label, values)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            {values.into_iter().map(|value| view! { <td>{value}</td> })
                                .collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The rubric: tick the signals your answer showed, then record the self-assessment.
#[component]
fn Rubric(walkthrough: Walkthrough) -> impl IntoView {
    let strong = RwSignal::new(vec![false; walkthrough.strong_html.len()]);
    let weak = RwSignal::new(vec![false; walkthrough.weak_html.len()]);
    let (recorded, set_recorded) = signal(None::<f64>);
    let ticked = |list: RwSignal<Vec<bool>>| list.with(|list| list.iter().filter(|t| **t).count());
    let record = move |_| {
        let score =
            interview::self_assessment(ticked(strong), ticked(weak), walkthrough.strong_html.len());
        record_result(&walkthrough.progress_id(), score);
        set_recorded.set(Some(score));
    };
    let checklist = move |items: &'static [&'static str], list: RwSignal<Vec<bool>>, kind| {
        items
            .iter()
            .enumerate()
            .map(|(index, html)| {
                view! {
                    <li>
                        <label>
                            <input type="checkbox" data-testid=format!("{kind}-{index}")
                                prop:checked=move || list.with(|list| list[index])
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    list.update(|list| list[index] = on);
                                } />
                            <span inner_html=*html></span>
                        </label>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="rubric" aria-label="Rubric">
            <h4>"Assess your answer"</h4>
            <p>"Tick what your own answer did, honestly. Strong signals raise the score; weak \
                ones lower it."</p>
            <fieldset>
                <legend>"Strong signals"</legend>
                <ul>{checklist(walkthrough.strong_html, strong, "strong")}</ul>
            </fieldset>
            <fieldset>
                <legend>"Weak signals"</legend>
                <ul>{checklist(walkthrough.weak_html, weak, "weak")}</ul>
            </fieldset>
            <button type="button" on:click=record data-testid="record-assessment">
                "Record my self-assessment"
            </button>
            <p role="status" data-testid="assessment">
                {move || recorded.get().map(|score| format!(
                    "Recorded: {:.0}% ({} of {} strong signals, {} weak).",
                    score * 100.0,
                    ticked(strong),
                    walkthrough.strong_html.len(),
                    ticked(weak)
                ))}
            </p>
        </section>
    }
}
