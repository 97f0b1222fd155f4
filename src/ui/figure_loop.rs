//! A live figure's animation loop: each frame advances the simulation by the wall-clock time
//! since the last one (times the speed) and draws the scene; the chart and the status line
//! redraw four times a second and the live region speaks at most once a second. The loop
//! runs only while the figure is playing and on screen.

use super::page::{now_ms, page_is_dark};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::chart;
use super::draw::{self, Scene, ViewMode};
use super::figure_engine::Engine;
use crate::figure::bill::BillView;
use crate::figure::{INTERVAL_S, Part};
use crate::setup::Setup;

/// Longest wall-clock gap a frame may simulate, in seconds (after a stall or a hidden tab).
const MAX_FRAME_GAP_S: f64 = 0.1;
/// Wall-clock milliseconds between chart redraws and between live-region updates.
const CHART_EVERY_MS: f64 = 250.0;
const DESCRIBE_EVERY_MS: f64 = 1_000.0;
/// With reduced motion the scene is redrawn at most this often, in milliseconds.
const CALM_REDRAW_MS: f64 = 500.0;

/// Signals and stores the animation loop needs; all `Copy`, so closures can share them.
#[derive(Clone, Copy)]
pub(super) struct Figure {
    pub engine: StoredValue<Engine, LocalStorage>,
    pub playing: ReadSignal<bool>,
    pub set_playing: WriteSignal<bool>,
    pub visible: ReadSignal<bool>,
    pub speed: ReadSignal<f64>,
    pub mode: ReadSignal<ViewMode>,
    pub highlight: ReadSignal<Option<Part>>,
    pub set_description: WriteSignal<String>,
    pub set_status: WriteSignal<String>,
    pub set_chart_summary: WriteSignal<String>,
    pub set_bill: WriteSignal<Option<BillView>>,
    pub scene: NodeRef<html::Canvas>,
    pub chart: NodeRef<html::Canvas>,
    pub reduced_motion: bool,
    /// Wall-clock bookkeeping: loop running, last frame, last chart draw, last description,
    /// last scene draw (all in milliseconds).
    pub clock: StoredValue<Clock, LocalStorage>,
}

#[derive(Default)]
pub(super) struct Clock {
    running: bool,
    last_frame_ms: Option<f64>,
    last_chart_ms: f64,
    last_describe_ms: f64,
    /// A live-region update is scheduled (a forced render came too soon after the last one).
    describe_pending: bool,
    last_scene_ms: f64,
    dark: bool,
    /// Chart panels still to redraw in this round, one per frame (the next is the total
    /// minus this).
    panels_left: usize,
}

impl Figure {
    fn should_run(self) -> bool {
        self.playing.try_get_untracked().unwrap_or(false)
            && self.visible.try_get_untracked().unwrap_or(false)
    }

    /// Starts the animation loop unless it is already running.
    pub fn start_loop(self) {
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
    /// draws everything now (after a step, a reset or a control change).
    pub fn render(self, now: f64, chart_changed: bool, force: bool) {
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
        if chart_due {
            self.engine.update_value(Engine::read_bill);
        }
        self.engine.with_value(|engine| {
            if scene_due {
                clock.last_scene_ms = now;
                self.draw_scene(engine, clock.dark);
            }
            let kinds = engine.spec.charts;
            // A forced redraw draws every panel now; a timed one starts a round that draws one
            // panel per frame, so no single frame pays for the whole chart.
            let panel = if force {
                clock.panels_left = 0;
                Some(None)
            } else if chart_due {
                clock.panels_left = kinds.len().saturating_sub(1);
                Some(Some(0))
            } else if clock.panels_left > 0 {
                clock.panels_left -= 1;
                Some(Some(kinds.len() - 1 - clock.panels_left))
            } else {
                None
            };
            if let (Some(only), Some(canvas)) = (panel, self.chart.get_untracked()) {
                fit_canvas(&canvas, 1.0);
                if let Err(error) = chart::draw(&canvas, &engine.chart, kinds, clock.dark, only) {
                    leptos::logging::warn!("chart not drawn: {error}");
                }
            }
            if chart_due {
                clock.last_chart_ms = now;
                self.set_chart_summary.set(engine.chart.summary(engine.spec.charts));
                self.set_status.set(engine.status_line());
                if engine.bill.is_some() {
                    self.set_bill.set(engine.bill.clone());
                }
            }
            if describe_due {
                clock.last_describe_ms = now;
                self.set_description.set(engine.description());
            }
        });
        self.clock.set_value(Clock { running: clock.running, ..clock });
    }

    /// The scheduled live-region update (see `render`).
    fn describe_later(self) {
        let due = self.clock.try_update_value(|clock| {
            clock.describe_pending = false;
            let now = now_ms();
            // A frame may have spoken since this was scheduled; then the region is current
            // and speaking again now would break the once-a-second promise (1 ms of slack for
            // the timer's rounding).
            let due = now - clock.last_describe_ms >= DESCRIBE_EVERY_MS - 1.0;
            if due {
                clock.last_describe_ms = now;
            }
            due
        });
        if due != Some(true) {
            return; // Unmounted, or already spoken by a frame.
        }
        let _ = self.engine.try_with_value(|engine| {
            let _ = self.set_description.try_set(engine.description());
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
        let (particles, _) = engine.particles.as_slices();
        let owned;
        let particles = if particles.len() == engine.particles.len() {
            particles
        } else {
            owned = engine.particles.iter().copied().collect::<Vec<_>>();
            &owned
        };
        let scene = Scene {
            snapshot: &engine.snapshot,
            counts: &engine.counts,
            particles,
            now_s: engine.now_s(),
            throttled_last_second: engine.window.last_second().throttled,
            mode: self.mode.get_untracked(),
            motion: !self.reduced_motion,
            layers: engine.spec.layers,
            highlight: self.highlight.get_untracked(),
            timing: engine.timing,
        };
        draw::draw(&ctx, width, height, &scene, &draw::palette(dark));
    }

    /// Applies a new setup (from a control) without losing the chart.
    pub fn apply(self, setup: Setup) {
        let result = self.engine.try_update_value(|engine| engine.apply_setup(setup));
        if let Some(Err(error)) = result {
            leptos::logging::warn!("setup rejected: {error}");
        }
        self.render(now_ms(), true, true);
    }

    /// Pauses and runs the model one chart interval further.
    pub fn step(self) {
        self.set_playing.set(false);
        let _ = self.engine.try_update_value(|engine| engine.advance(INTERVAL_S));
        self.render(now_ms(), true, true);
    }

    /// Starts the run of `setup` again from time zero, with an empty chart.
    pub fn reset(self, setup: Setup) {
        let spec = self.engine.with_value(|engine| engine.spec);
        match Engine::new(spec, setup) {
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

/// An intersection observer and the callback it calls (kept alive as long as the observer).
pub(super) type Observer = (web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Watches whether `target` is on screen; returns the observer to disconnect on cleanup.
pub(super) fn observe_visibility(
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
