//! The live figure of every section: a model simulation stepped in real time behind a canvas,
//! the controls its [`FigureSpec`] names, presets, the live chart, the screen-reader
//! description and a link to the current setup.
//!
//! A control change reconfigures the running simulation: the new values apply from that
//! moment, the warm cashiers and the chart's history stay, so the learner watches the system
//! react. What the model fixes for a run (the seed, the keys, the connection policy, a proxy)
//! starts a fresh simulation instead, warmed up out of sight at the figure's current time. A
//! preset or Reset starts its run from time zero.

use leptos::html;
use leptos::prelude::*;

use super::bill::BillTable;
use super::chart::PANEL_HEIGHT_PX;
use super::draw::ViewMode;
use super::figure_engine::Engine;
use super::figure_loop::{Clock, Figure, observe_visibility};
use super::figure_sweep::ProvisionedSweep;
use super::page::{now_ms, prefers_reduced_motion};
use super::slider::ControlInput;
use crate::figure::bill::BillView;
use crate::figure::{FigureSpec, Part};
use crate::setup::{Control, Setup};

/// The live figure `spec` describes.
#[component]
pub fn LiveFigure(
    /// Which section's figure.
    spec: &'static FigureSpec,
) -> impl IntoView {
    // A link may carry a prepared setup: #/concurrency?rate=2000&limit=300&reserved=0&seed=4.
    let hash = window().location().hash().unwrap_or_default();
    let same_section = crate::route::parse_hash(&hash, &[spec.section])
        == crate::route::Route::Section(0)
        && hash.trim_start_matches('#').trim_start_matches('/').starts_with(spec.section);
    let query = if same_section { crate::route::query_of(&hash) } else { "" };
    let (initial, link_problems) = Setup::from_query((spec.base)(), query);
    let engine = match Engine::new(spec, initial) {
        Ok(engine) => engine,
        Err(error) => {
            return view! { <p class="notice" role="alert">"The figure cannot start: " {error}</p> }
                .into_any();
        }
    };
    let (setup, set_setup) = signal(initial);
    let (playing, set_playing) = signal(true);
    let (visible, set_visible) = signal(false);
    let (speed, set_speed) = signal(1.0_f64);
    let (mode, set_mode) = signal(ViewMode::Restaurant);
    let (description, set_description) = signal(String::new());
    let (status, set_status) = signal(String::new());
    let (chart_summary, set_chart_summary) = signal(String::new());
    let (bill, set_bill) = signal(None::<BillView>);
    let (preset_note, set_preset_note) = signal(None::<&'static str>);
    let selected_line = RwSignal::new(None::<(usize, Part)>);
    let (highlight, set_highlight) = signal(None::<Part>);
    let container = NodeRef::<html::Div>::new();
    let figure = Figure {
        engine: StoredValue::new_local(engine),
        playing,
        set_playing,
        visible,
        speed,
        mode,
        highlight,
        set_description,
        set_status,
        set_chart_summary,
        set_bill,
        scene: NodeRef::new(),
        chart: NodeRef::new(),
        reduced_motion: prefers_reduced_motion(),
        clock: StoredValue::new_local(Clock::default()),
    };

    let observer = StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(element) = container.get() {
            observer.set_value(observe_visibility(&element, set_visible));
            figure.render(now_ms(), true, true);
        }
    });
    on_cleanup(move || {
        observer.update_value(|observer| {
            if let Some((observer, _callback)) = observer.take() {
                observer.disconnect();
            }
        });
    });
    // Run while playing and on screen; a pause by the learner is never undone by scrolling.
    Effect::new(move |_| {
        if playing.get() && visible.get() {
            figure.start_loop();
        }
    });
    Effect::new(move |previous: Option<(ViewMode, Option<Part>)>| {
        super::page::track_theme();
        let current = (mode.get(), highlight.get());
        if previous.is_some() {
            figure.render(now_ms(), false, true);
        }
        current
    });
    Effect::new(move |_| set_highlight.set(selected_line.get().map(|(_, part)| part)));

    let on_change = Callback::new(move |(control, value): (Control, u32)| {
        let next = setup.get_untracked().with(control, value);
        set_setup.set(next);
        figure.apply(next);
    });
    let load_preset = move |preset: &'static crate::figure::Preset| {
        let next = (preset.setup)();
        set_setup.set(next);
        set_preset_note.set(Some(preset.note));
        figure.reset(next);
    };
    let chart_height = format!("height: {}px", PANEL_HEIGHT_PX as usize * spec.charts.len() + 10);

    view! {
        <div class="figure" node_ref=container data-testid=spec.test_id
            data-motion=if figure.reduced_motion { "reduced" } else { "full" }
            data-highlight=move || highlight.get().map_or("none", Part::key)>
            <div class="toolbar" role="group" aria-label="Time controls">
                <button type="button" aria-pressed=move || (!playing.get()).to_string()
                    on:click=move |_| set_playing.update(|playing| *playing = !*playing)
                    data-testid="play-pause">
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <button type="button" data-testid="step" on:click=move |_| figure.step()>
                    "Step ½ s"
                </button>
                <button type="button" data-testid="reset"
                    on:click=move |_| figure.reset(setup.get_untracked())>
                    "Reset"
                </button>
                <label>"Speed "
                    <select data-testid="speed" on:change=move |event| {
                        let value = event_target_value(&event).parse().unwrap_or(1.0);
                        set_speed.set(value);
                    }>
                        <option value="0.25">"¼×"</option>
                        <option value="0.5">"½×"</option>
                        <option value="1" selected>"1×"</option>
                        <option value="2">"2×"</option>
                        <option value="4">"4×"</option>
                    </select>
                </label>
                <label>"Seed "
                    <input type="number" min="0" max="999999" class="seed" data-testid="seed"
                        prop:value=move || setup.get().seed.to_string()
                        on:change=move |event| {
                            let mut next = setup.get_untracked();
                            next.seed = event_target_value(&event).trim().parse().unwrap_or(1);
                            set_setup.set(next);
                            figure.reset(next);
                        } />
                </label>
                <button type="button"
                    aria-pressed=move || (mode.get() == ViewMode::Architecture).to_string()
                    on:click=move |_| set_mode.update(|mode| {
                        *mode = match mode {
                            ViewMode::Restaurant => ViewMode::Architecture,
                            ViewMode::Architecture => ViewMode::Restaurant,
                        }
                    })
                    data-testid="view-toggle">
                    "Architecture view"
                </button>
            </div>
            {(!spec.presets.is_empty()).then(|| view! {
                <div class="presets" role="group" aria-label="Presets">
                    {spec.presets.iter().map(|preset| view! {
                        <button type="button" data-testid=format!("preset-{}", preset.id)
                            on:click=move |_| load_preset(preset)>
                            {preset.label}
                        </button>
                    }).collect_view()}
                    <p class="preset-note" role="status">{move || preset_note.get()}</p>
                </div>
            })}
            <canvas class="scene" node_ref=figure.scene role="img"
                aria-label=spec.scene_label></canvas>
            <p class="description" aria-live="polite" aria-atomic="true"
                data-testid="figure-description">{description}</p>
            <p class="status" data-testid="figure-status">{status}</p>
            {(!link_problems.is_empty()).then(|| view! {
                <p class="notice" role="status" data-testid="link-notice">
                    "This link's settings were partly unreadable: " {link_problems.join("; ")}
                </p>
            })}
            <div class="sliders">
                {spec.controls.iter().map(|control| view! {
                    <ControlInput control=*control setup=Signal::from(setup)
                        on_change=on_change />
                }).collect_view()}
            </div>
            <canvas class="chart" node_ref=figure.chart role="img" data-testid="figure-chart"
                style=chart_height
                aria-label=move || format!("Chart. {}", chart_summary.get())></canvas>
            <p class="chart-summary" data-testid="chart-summary">{chart_summary}</p>
            {spec.bill.then(|| view! { <BillTable bill=bill highlight=selected_line /> })}
            {spec.sweep.then(|| view! { <ProvisionedSweep setup=Signal::from(setup) /> })}
            <p class="share">
                <a data-testid="setup-link"
                    href=move || format!("#/{}?{}", spec.section,
                        setup.get().to_query(spec.controls))>
                    "Link to this setup"
                </a>
                " (copy it to share these settings; opening it starts the figure with them)"
            </p>
        </div>
    }
    .into_any()
}
