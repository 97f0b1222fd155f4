//! The first live figure, "the door and the cashiers": a model simulation stepped in real time
//! behind a canvas, its controls, the live chart and the screen-reader description.
//!
//! A slider change reconfigures the running simulation: new traffic and limits apply from
//! that moment, the warm cashiers and the chart's history stay, so the learner watches the
//! system react. A new seed is a different run: it starts a fresh simulation, warmed up for
//! [`WARM_UP_S`] simulated seconds out of sight, at the figure's current time.

use std::collections::VecDeque;

use leptos::html;
use leptos::prelude::*;
use scaling_model::{EventKind, Simulation, Snapshot};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::chart;
use super::draw::{self, Particle, Scene, ViewMode, WALK_S};
use super::slider::Slider;
use crate::figure::{
    ChartHistory, FrameCounts, INTERVAL_S, LIMIT_SLIDER, RATE_SLIDER, RESERVED_SLIDER, Settings,
    ThrottleWindow, WARM_UP_S, describe, thousands,
};

/// Recent events asked of the model per frame (they become walking customers).
const EVENTS_PER_FRAME: usize = 120;
/// Most customers drawn at once.
const MAX_PARTICLES: usize = 400;
/// Longest wall-clock gap a frame may simulate, in seconds (after a stall or a hidden tab).
const MAX_FRAME_GAP_S: f64 = 0.1;
/// Wall-clock milliseconds between chart redraws and between live-region updates.
const CHART_EVERY_MS: f64 = 250.0;
const DESCRIBE_EVERY_MS: f64 = 1_000.0;
/// With reduced motion the scene is redrawn at most this often, in milliseconds.
const CALM_REDRAW_MS: f64 = 500.0;

/// The simulation and everything derived from it between frames.
struct Engine {
    settings: Settings,
    simulation: Simulation,
    /// Figure time at model time zero of the current simulation.
    offset_s: f64,
    snapshot: Snapshot,
    counts: FrameCounts,
    throttles: ThrottleWindow,
    chart: ChartHistory,
    particles: VecDeque<Particle>,
}

impl Engine {
    fn new(settings: Settings) -> Result<Engine, String> {
        let mut simulation = Simulation::new(settings.scenario()).map_err(|e| e.to_string())?;
        let snapshot = simulation.snapshot(0);
        Ok(Engine {
            settings,
            counts: FrameCounts::from_snapshot(&snapshot),
            simulation,
            offset_s: 0.0,
            snapshot,
            throttles: ThrottleWindow::default(),
            chart: ChartHistory::default(),
            particles: VecDeque::new(),
        })
    }

    fn now_s(&self) -> f64 {
        self.offset_s + self.simulation.now_s()
    }

    /// Applies `settings` from now on: the running simulation takes the new traffic and
    /// limits and keeps its environments; a new seed restarts instead.
    fn apply_settings(&mut self, settings: Settings) -> Result<(), String> {
        if settings.seed != self.settings.seed {
            return self.restart(settings);
        }
        self.simulation.reconfigure(settings.scenario()).map_err(|e| e.to_string())?;
        self.settings = settings;
        Ok(())
    }

    /// Replaces the simulation with a fresh one for `settings`, warmed up out of sight, at the
    /// same figure time (a new seed, or the end of the hour-long run).
    fn restart(&mut self, settings: Settings) -> Result<(), String> {
        let now_s = self.now_s();
        let mut simulation = Simulation::new(settings.scenario()).map_err(|e| e.to_string())?;
        simulation.advance_to(WARM_UP_S);
        self.snapshot = simulation.snapshot(0);
        self.counts = FrameCounts::from_snapshot(&self.snapshot);
        self.chart.new_simulation(simulation.series().len());
        self.simulation = simulation;
        self.settings = settings;
        self.offset_s = now_s - WARM_UP_S;
        self.throttles.clear();
        self.throttles.record(now_s, self.counts.throttled_total);
        self.particles.clear();
        Ok(())
    }

    /// Runs the model `dt_s` further and reads the new state. Returns whether the chart got
    /// new points.
    fn advance(&mut self, dt_s: f64) -> bool {
        if self.simulation.now_s() + dt_s >= self.simulation.duration_s() {
            // The run is an hour long; start a fresh one rather than stopping.
            let _ = self.restart(self.settings);
        }
        self.simulation.advance_to(self.simulation.now_s() + dt_s);
        self.snapshot = self.simulation.snapshot(EVENTS_PER_FRAME);
        self.counts = FrameCounts::from_snapshot(&self.snapshot);
        let now_s = self.now_s();
        self.throttles.record(now_s, self.counts.throttled_total);
        for event in &self.snapshot.recent_events {
            let throttled = match event.kind {
                EventKind::Arrival => false,
                EventKind::Throttle => true,
                _ => continue,
            };
            let lane = ((f64::from(event.key) * 0.618_034 + event.time_s * 7.31) % 1.0).abs();
            let born_s = self.offset_s + event.time_s;
            self.particles.push_back(Particle { born_s, lane, throttled });
        }
        while self.particles.len() > MAX_PARTICLES
            || self.particles.front().is_some_and(|p| p.born_s < now_s - WALK_S)
        {
            self.particles.pop_front();
        }
        let limit = self.settings.effective_limit();
        self.chart.take_rows(self.simulation.series(), self.offset_s, limit)
    }
}

/// Signals and stores the animation loop needs; all `Copy`, so closures can share them.
#[derive(Clone, Copy)]
struct Figure {
    engine: StoredValue<Engine, LocalStorage>,
    playing: ReadSignal<bool>,
    set_playing: WriteSignal<bool>,
    visible: ReadSignal<bool>,
    speed: ReadSignal<f64>,
    mode: ReadSignal<ViewMode>,
    set_description: WriteSignal<String>,
    set_status: WriteSignal<String>,
    set_chart_summary: WriteSignal<String>,
    scene: NodeRef<html::Canvas>,
    chart: NodeRef<html::Canvas>,
    reduced_motion: bool,
    /// Wall-clock bookkeeping: loop running, last frame, last chart draw, last description,
    /// last scene draw (all in milliseconds).
    clock: StoredValue<Clock, LocalStorage>,
}

#[derive(Default)]
struct Clock {
    running: bool,
    last_frame_ms: Option<f64>,
    last_chart_ms: f64,
    last_describe_ms: f64,
    /// A live-region update is scheduled (a forced render came too soon after the last one).
    describe_pending: bool,
    last_scene_ms: f64,
    dark: bool,
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |performance| performance.now())
}

fn page_is_dark() -> bool {
    let Some(root) = document().document_element() else { return false };
    match root.get_attribute("data-theme").as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    }
}

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

impl Figure {
    fn should_run(self) -> bool {
        self.playing.try_get_untracked().unwrap_or(false)
            && self.visible.try_get_untracked().unwrap_or(false)
    }

    /// Starts the animation loop unless it is already running.
    fn start_loop(self) {
        let started = self.clock.try_update_value(|clock| {
            let start = !clock.running;
            clock.running = true;
            clock.last_frame_ms = None;
            start
        });
        if started == Some(true) {
            request_animation_frame(move || self.frame());
        }
    }

    fn frame(self) {
        if !self.should_run() {
            let _ = self.clock.try_update_value(|clock| clock.running = false);
            return;
        }
        let now = now_ms();
        let Some(last) = self.clock.try_update_value(|clock| clock.last_frame_ms.replace(now))
        else {
            return; // The figure was unmounted.
        };
        let wall_s = last.map_or(0.0, |last| ((now - last) / 1_000.0).min(MAX_FRAME_GAP_S));
        let speed = self.speed.try_get_untracked().unwrap_or(1.0);
        let chart_changed =
            self.engine.try_update_value(|engine| engine.advance(wall_s * speed)).unwrap_or(false);
        self.render(now, chart_changed, false);
        request_animation_frame(move || self.frame());
    }

    /// Draws what is due: the scene every frame (calmer with reduced motion), the chart and
    /// the status line four times a second, the live description once a second. `force`
    /// draws everything now (after a step, a reset or a slider change).
    fn render(self, now: f64, chart_changed: bool, force: bool) {
        let Some(mut clock) = self.clock.try_update_value(std::mem::take) else { return };
        let mut theme_changed = false;
        if force || now - clock.last_chart_ms >= CHART_EVERY_MS {
            let dark = page_is_dark();
            theme_changed = dark != clock.dark;
            clock.dark = dark;
        }
        let scene_due =
            force || !self.reduced_motion || now - clock.last_scene_ms >= CALM_REDRAW_MS;
        let chart_due = force
            || theme_changed
            || (chart_changed && now - clock.last_chart_ms >= CHART_EVERY_MS);
        // The live region never speaks more than once a second, even while a slider is dragged:
        // a forced render that comes too soon schedules one update for when it is allowed.
        let describe_due = now - clock.last_describe_ms >= DESCRIBE_EVERY_MS;
        if force && !describe_due && !clock.describe_pending {
            clock.describe_pending = true;
            let wait_ms = (clock.last_describe_ms + DESCRIBE_EVERY_MS - now).max(0.0);
            set_timeout(
                move || self.describe_later(),
                std::time::Duration::from_millis(wait_ms.ceil() as u64),
            );
        }
        self.engine.with_value(|engine| {
            if scene_due {
                clock.last_scene_ms = now;
                self.draw_scene(engine, clock.dark);
            }
            if chart_due {
                clock.last_chart_ms = now;
                if let Some(canvas) = self.chart.get_untracked() {
                    fit_canvas(&canvas, 1.0);
                    if let Err(error) = chart::draw(&canvas, &engine.chart, clock.dark) {
                        leptos::logging::warn!("chart not drawn: {error}");
                    }
                }
                self.set_chart_summary.set(engine.chart.summary());
                self.set_status.set(status_line(engine));
            }
            if describe_due {
                clock.last_describe_ms = now;
                let text = describe(&engine.counts, engine.throttles.last_second());
                self.set_description.set(text);
            }
        });
        self.clock.set_value(Clock { running: clock.running, ..clock });
    }

    /// The scheduled live-region update (see `render`).
    fn describe_later(self) {
        let updated = self.clock.try_update_value(|clock| {
            clock.describe_pending = false;
            clock.last_describe_ms = now_ms();
        });
        if updated.is_none() {
            return; // The figure was unmounted.
        }
        let _ = self.engine.try_with_value(|engine| {
            let text = describe(&engine.counts, engine.throttles.last_second());
            let _ = self.set_description.try_set(text);
        });
    }

    fn draw_scene(self, engine: &Engine, dark: bool) {
        let Some(canvas) = self.scene.get_untracked() else { return };
        let ratio = window().device_pixel_ratio().clamp(1.0, 3.0);
        let (width, height) = fit_canvas(&canvas, ratio);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|ctx| ctx.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        let particles: Vec<Particle> = engine.particles.iter().copied().collect();
        let scene = Scene {
            snapshot: &engine.snapshot,
            counts: &engine.counts,
            particles: &particles,
            now_s: engine.now_s(),
            throttled_last_second: engine.throttles.last_second(),
            mode: self.mode.get_untracked(),
            motion: !self.reduced_motion,
        };
        draw::draw(&ctx, width, height, &scene, &draw::palette(dark));
    }

    /// Applies new settings (from a slider or the seed box) without losing the chart.
    fn apply(self, settings: Settings) {
        let result = self.engine.try_update_value(|engine| engine.apply_settings(settings));
        if let Some(Err(error)) = result {
            leptos::logging::warn!("settings rejected: {error}");
        }
        self.render(now_ms(), true, true);
    }

    fn step(self) {
        self.set_playing.set(false);
        let _ = self.engine.try_update_value(|engine| engine.advance(INTERVAL_S));
        self.render(now_ms(), true, true);
    }

    fn reset(self, settings: Settings) {
        match Engine::new(settings) {
            Ok(engine) => self.engine.set_value(engine),
            Err(error) => leptos::logging::warn!("reset failed: {error}"),
        }
        self.render(now_ms(), true, true);
    }
}

/// Sizes a canvas's pixel buffer to its CSS box times `ratio`; returns the CSS size.
fn fit_canvas(canvas: &web_sys::HtmlCanvasElement, ratio: f64) -> (f64, f64) {
    let width = f64::from(canvas.client_width().max(1));
    let height = f64::from(canvas.client_height().max(1));
    let (pixels_x, pixels_y) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
    if canvas.width() != pixels_x || canvas.height() != pixels_y {
        canvas.set_width(pixels_x);
        canvas.set_height(pixels_y);
    }
    (width, height)
}

fn status_line(engine: &Engine) -> String {
    format!(
        "Time {:.1} s · in flight {} of {} · arrivals {} · turned away {}",
        engine.now_s(),
        thousands(u64::from(engine.counts.in_flight)),
        thousands(u64::from(engine.counts.limit)),
        thousands(engine.counts.arrivals_total),
        engine.counts.throttle_breakdown(),
    )
}

/// An intersection observer and the callback it calls (kept alive as long as the observer).
type Observer = (web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Watches whether `target` is on screen; returns the observer to disconnect on cleanup.
fn observe_visibility(
    target: &web_sys::Element,
    set_visible: WriteSignal<bool>,
) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries
            .iter()
            .last()
            .and_then(|entry| entry.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
        {
            let _ = set_visible.try_set(entry.is_intersecting());
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(target);
    Some((observer, callback))
}

/// The door and the cashiers: customers arrive, cashiers serve them, and once every cashier
/// the limit allows is busy the door turns people away with a 429.
#[component]
pub fn DoorFigure() -> impl IntoView {
    // A link may carry a prepared setup: #/concurrency?rate=2000&limit=300&reserved=0&seed=4.
    let hash = window().location().hash().unwrap_or_default();
    let (initial, link_problems) = Settings::from_query(crate::route::query_of(&hash));
    let engine = match Engine::new(initial) {
        Ok(engine) => engine,
        Err(error) => {
            return view! { <p class="notice" role="alert">"The figure cannot start: " {error}</p> }
                .into_any();
        }
    };
    let (settings, set_settings) = signal(initial);
    let (playing, set_playing) = signal(true);
    let (visible, set_visible) = signal(false);
    let (speed, set_speed) = signal(1.0_f64);
    let (mode, set_mode) = signal(ViewMode::Restaurant);
    let (description, set_description) = signal(String::new());
    let (status, set_status) = signal(String::new());
    let (chart_summary, set_chart_summary) = signal(String::new());
    let container = NodeRef::<html::Div>::new();
    let figure = Figure {
        engine: StoredValue::new_local(engine),
        playing,
        set_playing,
        visible,
        speed,
        mode,
        set_description,
        set_status,
        set_chart_summary,
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
    let theme = use_context::<ReadSignal<crate::progress::Theme>>();
    Effect::new(move |previous: Option<ViewMode>| {
        if let Some(theme) = theme {
            theme.track();
        }
        let current = mode.get();
        if previous.is_some() {
            figure.render(now_ms(), false, true);
        }
        current
    });

    let update = move |change: &dyn Fn(&mut Settings)| {
        let mut next = settings.get_untracked();
        change(&mut next);
        let next = next.clamped();
        set_settings.set(next);
        figure.apply(next);
    };
    let slider_value = |event: &leptos::ev::Event| event_target_value(event).parse::<u32>().ok();

    view! {
        <div class="figure" node_ref=container data-testid="door-figure"
            data-motion=if figure.reduced_motion { "reduced" } else { "full" }>
            <div class="toolbar" role="group" aria-label="Time controls">
                <button type="button" aria-pressed=move || (!playing.get()).to_string()
                    on:click=move |_| set_playing.update(|playing| *playing = !*playing)
                    data-testid="play-pause">
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <button type="button" on:click=move |_| figure.step()>"Step ½ s"</button>
                <button type="button" on:click=move |_| figure.reset(settings.get_untracked())>
                    "Reset"
                </button>
                <label>"Speed "
                    <select on:change=move |event| {
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
                    <input type="number" min="0" max="999999" class="seed"
                        prop:value=move || settings.get().seed.to_string()
                        on:change=move |event| {
                            let seed = event_target_value(&event).trim().parse().unwrap_or(1);
                            update(&|settings: &mut Settings| settings.seed = seed);
                            figure.reset(settings.get_untracked());
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
            <canvas class="scene" node_ref=figure.scene role="img"
                aria-label="Customers arriving at a door, and a grid of cashiers (function \
                            environments) coloured busy, putting on the apron, or idle. The \
                            text below describes the current state."></canvas>
            <p class="description" aria-live="polite" aria-atomic="true"
                data-testid="figure-description">{description}</p>
            <p class="status" data-testid="figure-status">{status}</p>
            {(!link_problems.is_empty()).then(|| view! {
                <p class="notice" role="status" data-testid="link-notice">
                    "This link's settings were partly unreadable: " {link_problems.join("; ")}
                </p>
            })}
            <div class="sliders">
                <Slider id="rate" label="Arrival rate" unit="requests per second"
                    range=RATE_SLIDER
                    value=Signal::derive(move || settings.get().arrival_rate_per_s)
                    max=Signal::derive(|| RATE_SLIDER.max)
                    on_input=move |event| if let Some(value) = slider_value(&event) {
                        update(&|settings: &mut Settings| settings.arrival_rate_per_s = value);
                    } />
                <Slider id="limit" label="Account concurrency limit" unit="concurrent executions"
                    range=LIMIT_SLIDER value=Signal::derive(move || settings.get().account_limit)
                    max=Signal::derive(|| LIMIT_SLIDER.max)
                    on_input=move |event| if let Some(value) = slider_value(&event) {
                        update(&|settings: &mut Settings| settings.account_limit = value);
                    } />
                <Slider id="reserved" label="Reserved concurrency" unit="concurrent executions"
                    range=RESERVED_SLIDER value=Signal::derive(move || settings.get().reserved)
                    max=Signal::derive(move || settings.get().reserved_max())
                    on_input=move |event| if let Some(value) = slider_value(&event) {
                        update(&|settings: &mut Settings| settings.reserved = value);
                    } />
            </div>
            <canvas class="chart" node_ref=figure.chart role="img" data-testid="figure-chart"
                aria-label=move || format!("Chart. {}", chart_summary.get())></canvas>
            <p class="chart-summary" data-testid="chart-summary">{chart_summary}</p>
            <p class="share">
                <a data-testid="setup-link"
                    href=move || format!("#/concurrency?{}", settings.get().to_query())>
                    "Link to this setup"
                </a>
                " (copy it to share these settings; opening it starts the figure with them)"
            </p>
        </div>
    }
    .into_any()
}
