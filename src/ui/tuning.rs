//! The memory tuning lab (the memory section's mini project): the learner picks memory sizes,
//! invocations, architecture and how CPU-bound the handler is; the lab runs a power tuning
//! sweep on the model and shows a chart, a table and a description of the picks.
//!
//! The sweep and its words live in `crate::tuning`; this module only wires them to the page.
//! A sweep of all preset sizes takes well under a frame, so any change re-runs it at once.
//! The last sweep's wall time is on the lab as `data-sweep-ms` for the measurement script.

use super::page::{now_ms, page_is_dark, track_theme};
use leptos::html;
use leptos::prelude::*;

use super::slider::Slider;
use super::tuning_chart;
use crate::figure::SliderRange;
use crate::setup::thousands;
use crate::tuning::{
    Architectures, MEMORY_PRESETS_MB, Picks, SizeResult, SweepConfig, SweepError,
    architecture_name, describe, format_ms, format_per_million, parse_handler_ms,
    parse_invocations, parse_memory_mb, picks, run_sweep,
};

/// CPU-bound share slider, in percent.
const CPU_SLIDER: SliderRange = SliderRange { min: 0, max: 100, step: 5 };
/// Balanced pick's weight on speed, in percent.
const WEIGHT_SLIDER: SliderRange = SliderRange { min: 0, max: 100, step: 5 };
/// Handler threads.
const THREADS_SLIDER: SliderRange = SliderRange { min: 1, max: 6, step: 1 };
/// arm64 speed for CPU work, in percent of x86_64.
const ARM_SPEED_SLIDER: SliderRange = SliderRange { min: 50, max: 200, step: 5 };

/// Shortest time between two updates of the live description, in milliseconds.
const SPEAK_EVERY_MS: f64 = 1_000.0;

/// What the last sweep gave.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    results: Result<Vec<SizeResult>, SweepError>,
    /// Wall-clock time of the sweep, in ms.
    sweep_ms: f64,
    /// Sweeps run since the lab opened.
    count: u32,
}

/// A fraction as a whole percentage for a slider.
fn percent(fraction: f64) -> u32 {
    (fraction * 100.0).round() as u32
}

/// Sizes the canvas's pixel buffer to its CSS box.
fn fit_canvas(canvas: &web_sys::HtmlCanvasElement) {
    let width = canvas.client_width().max(1) as u32;
    let height = canvas.client_height().max(1) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
}

/// Which picks a row is, as words ("cheapest, balanced"), or an empty string.
fn pick_names(index: usize, picks: Option<Picks>) -> String {
    let Some(picks) = picks else { return String::new() };
    [(picks.cheapest, "cheapest"), (picks.fastest, "fastest"), (picks.balanced, "balanced")]
        .iter()
        .filter(|(pick, _)| *pick == index)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lab: controls, chart, description and table.
#[component]
pub fn TuningLab() -> impl IntoView {
    let (config, set_config) = signal(SweepConfig::default());
    let (weight_percent, set_weight_percent) = signal(50_u32);
    let (custom_sizes, set_custom_sizes) = signal(Vec::<u32>::new());
    let (custom_text, set_custom_text) = signal(String::new());
    let (input_problem, set_input_problem) = signal(None::<String>);
    let (runs, set_runs) = signal(0_u32);
    let (outcome, set_outcome) = signal(None::<Outcome>);
    let chart = NodeRef::<html::Canvas>::new();

    // Any change of the configuration, or the Run button, runs the sweep again.
    Effect::new(move |_| {
        let config = config.get();
        runs.track();
        let start = now_ms();
        let results = run_sweep(&config);
        let sweep_ms = now_ms() - start;
        let count = outcome.get_untracked().map_or(0, |outcome| outcome.count) + 1;
        set_outcome.set(Some(Outcome { results, sweep_ms, count }));
    });
    let results = Memo::new(move |_| match outcome.get() {
        Some(Outcome { results: Ok(results), .. }) => results,
        _ => Vec::new(),
    });
    let weight = move || f64::from(weight_percent.get()) / 100.0;
    let chosen = Memo::new(move |_| picks(&results.get(), weight()));
    let description = move || match outcome.get() {
        None => "Running the sweep…".to_owned(),
        Some(Outcome { results: Err(error), .. }) => format!("No sweep: {error}"),
        Some(Outcome { results: Ok(rows), .. }) => match chosen.get() {
            Some(chosen) => describe(&rows, &chosen, weight()),
            None => "No sweep results yet.".to_owned(),
        },
    };

    // The live region speaks at most once a second: while a slider moves by keyboard, the
    // text in between is skipped and the latest one is spoken when the second is up.
    let latest = Memo::new(move |_| description());
    let (spoken, set_spoken) = signal(String::new());
    let speech = StoredValue::new_local((f64::NEG_INFINITY, false)); // (last spoken, pending)
    let speak_latest = move || {
        let _ = speech.try_update_value(|(last_ms, pending)| {
            *last_ms = now_ms();
            *pending = false;
        });
        if let Some(text) = latest.try_get_untracked() {
            let _ = set_spoken.try_set(text);
        }
    };
    Effect::new(move |_| {
        latest.track();
        let now = now_ms();
        let Some((last_ms, pending)) = speech.try_get_value() else { return };
        if now - last_ms >= SPEAK_EVERY_MS {
            speak_latest();
        } else if !pending {
            speech.update_value(|(_, pending)| *pending = true);
            let wait_ms = (last_ms + SPEAK_EVERY_MS - now).max(0.0).ceil() as u64;
            set_timeout(speak_latest, std::time::Duration::from_millis(wait_ms));
        }
    });

    Effect::new(move |_| {
        track_theme();
        let rows = results.get();
        let marks = chosen.get();
        if let Some(canvas) = chart.get() {
            fit_canvas(&canvas);
            if let Err(error) = tuning_chart::draw(&canvas, &rows, marks, page_is_dark()) {
                leptos::logging::warn!("tuning chart not drawn: {error}");
            }
        }
    });

    let change = move |edit: &dyn Fn(&mut SweepConfig)| {
        let mut next = config.get_untracked();
        edit(&mut next);
        set_config.set(next);
    };
    let slider_value = |event: &leptos::ev::Event| event_target_value(event).parse::<u32>().ok();
    let toggle_size = move |memory_mb: u32, on: bool| {
        change(&|config: &mut SweepConfig| {
            config.memory_mb.retain(|size| *size != memory_mb);
            if on {
                config.memory_mb.push(memory_mb);
                config.memory_mb.sort_unstable();
            }
        });
    };
    let add_custom = move || match parse_memory_mb(&custom_text.get_untracked()) {
        Ok(memory_mb) if config.get_untracked().memory_mb.contains(&memory_mb) => set_input_problem
            .set(Some(format!("{} MB is already in the sweep.", thousands(memory_mb.into())))),
        Ok(memory_mb) => {
            set_input_problem.set(None);
            set_custom_text.set(String::new());
            if !MEMORY_PRESETS_MB.contains(&memory_mb) {
                set_custom_sizes.update(|sizes| {
                    if !sizes.contains(&memory_mb) {
                        sizes.push(memory_mb);
                    }
                });
            }
            toggle_size(memory_mb, true);
        }
        Err(problem) => set_input_problem.set(Some(problem)),
    };
    let all_sizes = move || {
        let mut sizes: Vec<u32> = MEMORY_PRESETS_MB.to_vec();
        sizes.extend(custom_sizes.get());
        sizes.sort_unstable();
        sizes
    };
    let architecture_choice = move |value: Architectures, label: &'static str, id: &'static str| {
        view! {
            <label for=id>
                <input type="radio" name="tuning-architecture" id=id data-testid=id
                    prop:checked=move || config.get().architectures == value
                    on:change=move |_| change(&|config: &mut SweepConfig| {
                        config.architectures = value;
                    }) />
                " " {label}
            </label>
        }
    };
    let data = move |read: fn(&Outcome) -> String| {
        move || outcome.get().as_ref().map(read).unwrap_or_default()
    };
    let pick_value = move |read: fn(&SizeResult) -> String, which: fn(&Picks) -> usize| {
        move || {
            let rows = results.get();
            chosen.get().and_then(|chosen| rows.get(which(&chosen)).map(read)).unwrap_or_default()
        }
    };

    view! {
        <div class="tuning-lab" data-testid="memory-lab"
            data-sweep-ms=data(|outcome| format!("{:.3}", outcome.sweep_ms))
            data-sweep-count=data(|outcome| outcome.count.to_string())
            data-fastest-ms=pick_value(|row| row.mean_ms.to_string(), |picks| picks.fastest)
            data-fastest-mb=pick_value(|row| row.memory_mb.to_string(), |picks| picks.fastest)
            data-cheapest-mb=pick_value(|row| row.memory_mb.to_string(), |picks| picks.cheapest)
            data-cheapest-per-million=pick_value(
                |row| row.cost_per_million_usd().to_string(), |picks| picks.cheapest)>
            <fieldset class="tuning-sizes">
                <legend>"Memory sizes to try (MB)"</legend>
                <For each=all_sizes key=|size| *size let:memory_mb>
                    <label class="size-choice">
                        <input type="checkbox" data-testid=format!("size-{memory_mb}")
                            prop:checked=move || config.get().memory_mb.contains(&memory_mb)
                            on:change=move |event| {
                                toggle_size(memory_mb, event_target_checked(&event));
                            } />
                        " " {thousands(memory_mb.into())} " MB"
                    </label>
                </For>
                <div class="size-add">
                    <label for="tuning-custom">"Add a size (128 to 10,240 MB): "</label>
                    <input type="text" inputmode="numeric" id="tuning-custom" size="8"
                        data-testid="size-custom"
                        prop:value=move || custom_text.get()
                        on:input=move |event| set_custom_text.set(event_target_value(&event))
                        on:keydown=move |event| if event.key() == "Enter" { add_custom() } />
                    <button type="button" on:click=move |_| add_custom()>"Add size"</button>
                </div>
            </fieldset>
            <fieldset class="tuning-arch">
                <legend>"Architecture"</legend>
                {architecture_choice(Architectures::X86_64, "x86_64", "arch-x86")}
                {architecture_choice(Architectures::Arm64, "arm64 (Graviton)", "arch-arm")}
                {architecture_choice(Architectures::Both, "both, side by side", "arch-both")}
            </fieldset>
            <div class="sliders">
                <Slider id="cpu" label="CPU-bound share of the handler" unit="%"
                    range=CPU_SLIDER max=Signal::derive(|| CPU_SLIDER.max)
                    value=Signal::derive(move || percent(config.get().cpu_bound_fraction))
                    on_input=move |event| if let Some(percent) = slider_value(&event) {
                        change(&|config: &mut SweepConfig| {
                            config.cpu_bound_fraction = f64::from(percent) / 100.0;
                        });
                    } />
                <Slider id="threads" label="Threads the handler keeps busy" unit="thread(s)"
                    range=THREADS_SLIDER max=Signal::derive(|| THREADS_SLIDER.max)
                    value=Signal::derive(move || config.get().handler_threads)
                    on_input=move |event| if let Some(threads) = slider_value(&event) {
                        change(&|config: &mut SweepConfig| config.handler_threads = threads);
                    } />
                <Slider id="arm-speed" label="arm64 speed for CPU work" unit="% of x86_64"
                    range=ARM_SPEED_SLIDER max=Signal::derive(|| ARM_SPEED_SLIDER.max)
                    value=Signal::derive(move || percent(config.get().arm64_speed_factor))
                    on_input=move |event| if let Some(percent) = slider_value(&event) {
                        change(&|config: &mut SweepConfig| {
                            config.arm64_speed_factor = f64::from(percent) / 100.0;
                        });
                    } />
                <Slider id="weight" label="Balanced pick: weight on speed" unit="%"
                    range=WEIGHT_SLIDER max=Signal::derive(|| WEIGHT_SLIDER.max)
                    value=Signal::derive(move || weight_percent.get())
                    on_input=move |event| if let Some(percent) = slider_value(&event) {
                        set_weight_percent.set(percent);
                    } />
            </div>
            <div class="tuning-numbers">
                <label for="tuning-handler">"Handler time at 128 MB on x86_64 (ms): "</label>
                <input type="number" id="tuning-handler" min="1" max="60000" step="1"
                    data-testid="tuning-handler"
                    prop:value=move || config.get().handler_ms.to_string()
                    on:change=move |event| match parse_handler_ms(&event_target_value(&event)) {
                        Ok(ms) => {
                            set_input_problem.set(None);
                            change(&|config: &mut SweepConfig| config.handler_ms = ms);
                        }
                        Err(problem) => set_input_problem.set(Some(problem)),
                    } />
                <label for="tuning-invocations">"Invocations per size: "</label>
                <input type="number" id="tuning-invocations" min="1" max="1000" step="1"
                    data-testid="tuning-invocations"
                    prop:value=move || config.get().invocations.to_string()
                    on:change=move |event| match parse_invocations(&event_target_value(&event)) {
                        Ok(count) => {
                            set_input_problem.set(None);
                            change(&|config: &mut SweepConfig| config.invocations = count);
                        }
                        Err(problem) => set_input_problem.set(Some(problem)),
                    } />
                <label for="tuning-varied">
                    <input type="checkbox" id="tuning-varied" data-testid="tuning-varied"
                        prop:checked=move || config.get().varied
                        on:change=move |event| {
                            let varied = event_target_checked(&event);
                            change(&|config: &mut SweepConfig| config.varied = varied);
                        } />
                    " Handler times vary (log-normal, ±30%)"
                </label>
                <button type="button" data-testid="tuning-run"
                    on:click=move |_| {
                        if config.get_untracked().varied {
                            change(&|config: &mut SweepConfig| config.seed += 1);
                        } else {
                            set_runs.update(|runs| *runs += 1);
                        }
                    }>
                    "Run the sweep again"
                </button>
            </div>
            <p class="notice" role="status" data-testid="tuning-problem">
                {move || input_problem.get().unwrap_or_default()}
            </p>
            <canvas class="chart tuning-chart" node_ref=chart role="img"
                data-testid="tuning-chart"
                aria-label=move || format!("Tuning chart. {}", latest.get())></canvas>
            <p class="tuning-legend">
                "Solid lines with dots: mean duration (left axis); when times vary, a thin \
                 capped line above a dot reaches its p95. Dashed lines with squares: \
                 cost per million invocations (right axis). Dark blue and vermillion are x86_64, \
                 light blue and orange arm64 (at 100% arm64 speed the duration lines \
                 coincide). Triangle: cheapest; cross: fastest; ring: balanced. The dashed \
                 grey line is 1,769 MB, one full vCPU."
            </p>
            <p class="description" aria-live="polite" aria-atomic="true"
                data-testid="tuning-description">{spoken}</p>
            <table class="tuning-table" data-testid="tuning-table">
                <caption>
                    "Each size's warm invocations, as the model ran them (the first, cold \
                     request at each size is left out)."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Memory"</th>
                        <th scope="col">"Architecture"</th>
                        <th scope="col">"Mean duration"</th>
                        <th scope="col">"p95 duration"</th>
                        <th scope="col">"Cost per million invocations"</th>
                        <th scope="col">"Pick"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let marks = chosen.get();
                        results.get().iter().enumerate().map(|(index, row)| view! {
                            <tr>
                                <th scope="row">
                                    {thousands(row.memory_mb.into())} " MB"
                                </th>
                                <td>{architecture_name(row.architecture)}</td>
                                <td>{format_ms(row.mean_ms)}</td>
                                <td>{format_ms(row.p95_ms)}</td>
                                <td>{format_per_million(row.cost_per_million_usd())}</td>
                                <td>{pick_names(index, marks)}</td>
                            </tr>
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <p class="status" data-testid="tuning-status">
                {move || outcome.get().map(|outcome| match outcome.results {
                    Ok(rows) => {
                        let cold: u64 = rows.iter().map(|row| row.cold_starts).sum();
                        let cold_note = if cold == 0 {
                            String::new()
                        } else {
                            format!(" {cold} measured invocations still met a cold start.")
                        };
                        format!(
                            "{} runs (size and architecture) of {} invocations each took \
                             {:.1} ms in this browser.{cold_note}",
                            rows.len(),
                            thousands(config.get().invocations.into()),
                            outcome.sweep_ms,
                        )
                    }
                    Err(_) => String::new(),
                })}
            </p>
        </div>
    }
}
