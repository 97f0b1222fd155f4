//! The challenges section: each challenge's brief, contract, the allowed controls, a button
//! that replays the trace and the grade (per clause, score, feedback), announced in a live
//! region. Grading itself is the pure `crate::challenge` module.

use std::time::Duration;

use super::page::now_ms;
use leptos::prelude::*;

use super::challenge_controls::ControlInput;
use crate::challenge::{CHALLENGES, Challenge, Comparison, Grade, Metric, grade};
use crate::metric::money;

/// Every challenge, one card each.
#[component]
pub fn Challenges() -> impl IntoView {
    view! {
        <div class="challenges" data-testid="challenges">
            {CHALLENGES.iter()
                .map(|challenge| view! { <ChallengeCard challenge /> })
                .collect_view()}
        </div>
    }
}

/// Records the score of a challenge's replay in the learner's progress (the best one counts).
fn record_result(challenge_id: &str, score: f64) {
    super::progress_store::record_and_save(&crate::gradable::challenge_key(challenge_id), score);
}

#[component]
fn ChallengeCard(challenge: &'static Challenge) -> impl IntoView {
    let id = challenge.id;
    let prefix = format!("challenge-{id}");
    let setup = RwSignal::new(challenge.start_setup());
    let result = RwSignal::new(None::<Result<Grade, String>>);
    let running = RwSignal::new(false);
    let announcement = RwSignal::new(String::new());
    // Milliseconds the last grade took in this browser (both replays), for measurements.
    let replay_ms = RwSignal::new(None::<f64>);
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        announcement.set("Replaying the trace…".to_owned());
        // Let the page show "Replaying" before the model runs on this thread.
        set_timeout(
            move || {
                let began = now_ms();
                let graded = grade(challenge, &setup.get_untracked()).map_err(|e| e.to_string());
                replay_ms.set(Some(now_ms() - began));
                announcement.set(match &graded {
                    Ok(grade) => announce(grade),
                    Err(error) => format!("The replay could not run: {error}"),
                });
                if let Ok(grade) = &graded {
                    record_result(id, grade.score);
                }
                result.set(Some(graded));
                running.set(false);
            },
            Duration::from_millis(20),
        );
    };
    let try_again = {
        let first_control = format!("{prefix}-{}", challenge.controls[0].info().key);
        move |_| {
            result.set(None);
            announcement.set("Change the setup, then run the replay again.".to_owned());
            if let Some(element) = document().get_element_by_id(&first_control)
                && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
            {
                let _ = element.focus();
            }
        }
    };
    let start_over = move |_| {
        setup.set(challenge.start_setup());
        result.set(None);
        announcement.set("The controls are back at the starting setup.".to_owned());
    };
    view! {
        <article class="challenge" id=prefix.clone() data-testid=prefix.clone()
            aria-labelledby=format!("{prefix}-title")>
            <h3 id=format!("{prefix}-title")>{challenge.title}</h3>
            <div class="brief" inner_html=challenge.brief_html></div>
            <table class="contract">
                <caption>"The contract"</caption>
                <thead><tr>
                    <th scope="col">"Measure"</th>
                    <th scope="col">"Must be"</th>
                    <th scope="col">"Weight"</th>
                </tr></thead>
                <tbody>
                    {challenge.contract.iter().map(|clause| view! {
                        <tr>
                            <th scope="row">{clause.metric.label()}</th>
                            <td>{side(clause.comparison)} " "
                                {clause.metric.format(clause.threshold)}</td>
                            <td>{format!("{}", clause.weight)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {has_budget(challenge).then(|| view! {
                <p class="contract-note">
                    "The monthly cost prices " {challenge.trace.month_text()}
                    ": anything charged by the hour is billed for all 730 hours."
                </p>
            })}
            <fieldset class="challenge-controls">
                <legend>"Your setup"</legend>
                {challenge.controls.iter().map(|&control| view! {
                    <ControlInput control setup id_prefix=prefix.clone() />
                }).collect_view()}
            </fieldset>
            <div class="challenge-actions">
                <button type="button" on:click=run data-testid=format!("{prefix}-run")
                    prop:disabled=move || running.get()>
                    {move || if running.get() { "Replaying…" } else { "Run the replay" }}
                </button>
                <button type="button" class="link-button" on:click=start_over
                    data-testid=format!("{prefix}-reset")>"Back to the starting setup"</button>
            </div>
            <p class="challenge-status" role="status" aria-live="polite" aria-atomic="true"
                data-replay-ms=move || replay_ms.get().map(|ms| format!("{ms:.0}"))
                data-testid=format!("{prefix}-status")>{move || announcement.get()}</p>
            {move || result.with(|result| match result {
                None => ().into_any(),
                Some(Err(error)) => view! {
                    <p class="notice" role="alert">"The replay could not run: " {error.clone()}</p>
                }.into_any(),
                Some(Ok(grade)) => grade_view(challenge, grade, &challenge_prefix(id)).into_any(),
            })}
            {move || result.with(Option::is_some).then(|| view! {
                <button type="button" on:click=try_again.clone()
                    data-testid=format!("{}-again", challenge_prefix(id))>"Try again"</button>
            })}
        </article>
    }
}

fn challenge_prefix(id: &str) -> String {
    format!("challenge-{id}")
}

fn side(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::AtMost => "at most",
        Comparison::AtLeast => "at least",
    }
}

/// The sentence the live region speaks when a replay ends.
fn announce(grade: &Grade) -> String {
    let met = grade.clauses.iter().filter(|result| result.met).count();
    let verdict = if grade.passed { "passed" } else { "not passed yet" };
    format!(
        "Replay finished: {verdict}, score {}, {met} of {} clauses met.",
        grade.score_text(),
        grade.clauses.len()
    )
}

/// Whether the contract has a cost clause.
fn has_budget(challenge: &Challenge) -> bool {
    challenge.contract.iter().any(|clause| clause.metric == Metric::MonthlyCostUsd)
}

/// The month the budget priced, line by line, with how each line is charged.
fn month_bill_view(challenge: &Challenge, grade: &Grade, prefix: &str) -> impl IntoView {
    let rows = challenge
        .trace
        .month_lines(&grade.month_bill)
        .into_iter()
        .map(|line| {
            view! {
                <tr>
                    <th scope="row">{line.name}</th>
                    <td>{line.basis}</td>
                    <td class="num">{format!("${}", money(line.dollars))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="month-bill" data-testid=format!("{prefix}-month-bill")>
            <caption>"The month the budget prices"</caption>
            <thead><tr>
                <th scope="col">"Line"</th>
                <th scope="col">"Charged for"</th>
                <th scope="col">"US dollars"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr>
                <th scope="row">"Total"</th>
                <td></td>
                <td class="num">{format!("${}", money(grade.month_bill.total))}</td>
            </tr></tfoot>
        </table>
    }
}

fn grade_view(challenge: &Challenge, grade: &Grade, prefix: &str) -> impl IntoView {
    let verdict = if grade.passed { "Passed" } else { "Not passed yet" };
    let rows = grade
        .clauses
        .iter()
        .map(|result| {
            let metric = result.clause.metric;
            let broke = match result.first_broke_s {
                Some(second) => format!("at {second:.0} s"),
                None => "—".to_owned(),
            };
            view! {
                <tr class=if result.met { "met" } else { "unmet" }>
                    <th scope="row">{metric.label()}</th>
                    <td>{side(result.clause.comparison)} " "
                        {metric.format(result.clause.threshold)}</td>
                    <td>{metric.format(result.value)}</td>
                    <td>{if result.met { "met" } else { "not met" }}</td>
                    <td>{format!("{:.0}%", result.credit * 100.0)}</td>
                    <td>{broke}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="grade" aria-label="Grade" data-testid=format!("{prefix}-grade")>
            <p class="score">
                <strong>{verdict}</strong> ". Score: "
                <span data-testid=format!("{prefix}-score")>{grade.score_text()}</span>
            </p>
            <table class="grade-table">
                <caption>"How the replay measured up"</caption>
                <thead><tr>
                    <th scope="col">"Measure"</th>
                    <th scope="col">"Must be"</th>
                    <th scope="col">"Measured"</th>
                    <th scope="col">"Result"</th>
                    <th scope="col">"Credit"</th>
                    <th scope="col">"First broke"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <ul class="feedback" data-testid=format!("{prefix}-feedback")>
                {grade.feedback.iter().map(|sentence| view! { <li>{sentence.clone()}</li> })
                    .collect_view()}
            </ul>
            {has_budget(challenge).then(|| month_bill_view(challenge, grade, prefix))}
        </section>
    }
}
