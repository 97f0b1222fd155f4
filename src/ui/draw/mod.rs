//! Drawing a live figure on a 2D canvas, as a restaurant or as an architecture diagram. Both
//! views draw the same model snapshot in the same places: the street and the door (clients
//! and API Gateway), the takeaway window (CDN), the gateway's shelf (its cache), the cashiers
//! (environments), the heat lamp (Redis) and the grill (the database). Only the labels and
//! the frames differ, so a learner can match one view to the other.
//!
//! Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms
//! of colour blindness; every state also differs in shape or label, not colour alone. Every
//! shape is an aggregate (one cell per cashier or connection, one mark per sampled customer),
//! never one per request, so a frame costs the same at 10 or 10,000 requests a second.

mod architecture;
mod kitchen;
mod restaurant;

use scaling_model::Snapshot;
use web_sys::CanvasRenderingContext2d;

use crate::figure::{FrameCounts, Layers, Part, thousands};

/// Seconds of figure time a customer takes to walk from the street to the door.
pub const WALK_S: f64 = 0.5;

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    /// Customers, a door, cashiers, a heat lamp and a grill.
    Restaurant,
    /// Clients, CloudFront, API Gateway, function environments, Redis and RDS.
    Architecture,
}

/// A customer walking in, or walking away after a 429.
#[derive(Debug, Clone, Copy)]
pub struct Particle {
    /// Figure time the event happened, in seconds.
    pub born_s: f64,
    /// Vertical position, 0 to 1.
    pub lane: f64,
    /// Turned away at the door.
    pub throttled: bool,
}

/// Colours for one theme.
pub struct Palette {
    background: &'static str,
    text: &'static str,
    muted: &'static str,
    empty: &'static str,
    busy: &'static str,
    initializing: &'static str,
    idle: &'static str,
    provisioned: &'static str,
    throttled: &'static str,
    arrival: &'static str,
    cache: &'static str,
    highlight: &'static str,
}

/// The palette for a light or dark page.
pub fn palette(dark: bool) -> Palette {
    Palette {
        background: if dark { "#16191d" } else { "#ffffff" },
        text: if dark { "#e8eaed" } else { "#1d2127" },
        muted: if dark { "#9aa0a6" } else { "#5f6368" },
        empty: if dark { "#2a2f36" } else { "#e4e7eb" },
        busy: "#0072B2",
        initializing: "#E69F00",
        idle: "#56B4E9",
        provisioned: "#009E73",
        throttled: "#D55E00",
        arrival: if dark { "#cfd3d8" } else { "#444a52" },
        cache: "#CC79A7",
        highlight: if dark { "#F0E442" } else { "#000000" },
    }
}

/// The setup's times and switches a frame needs to draw progress and staleness.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    /// Mean cold start (placement plus init), in seconds: how long an apron takes.
    pub init_s: f64,
    /// Idle time before a cashier leaves, in seconds.
    pub idle_timeout_s: f64,
    /// TTL of each cache layer, in seconds (0 = off): CDN, gateway, Redis.
    pub cdn_ttl_s: f64,
    /// API Gateway cache TTL, in seconds.
    pub gateway_ttl_s: f64,
    /// Redis TTL, in seconds.
    pub redis_ttl_s: f64,
    /// Whether the database is in the path.
    pub database_on: bool,
    /// Queries the database runs at once (its cooks).
    pub query_slots: u32,
    /// Whether a connection proxy sits in front of the database.
    pub proxy: bool,
}

/// Everything one frame needs.
pub struct Scene<'a> {
    /// The model's state.
    pub snapshot: &'a Snapshot,
    /// Counts read from it.
    pub counts: &'a FrameCounts,
    /// Customers in motion.
    pub particles: &'a [Particle],
    /// Figure time now, in seconds.
    pub now_s: f64,
    /// Throttles in the last second.
    pub throttled_last_second: u64,
    /// Which picture.
    pub mode: ViewMode,
    /// Whether to draw moving customers (off for `prefers-reduced-motion`).
    pub motion: bool,
    /// Which parts to draw.
    pub layers: Layers,
    /// The part to outline (a selected bill line).
    pub highlight: Option<Part>,
    /// Times and switches from the setup.
    pub timing: Timing,
}

/// A rectangle in canvas pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Where each part goes, the same in both views.
pub(crate) struct Layout {
    pub street: Area,
    pub door_x: f64,
    pub window: Option<Area>,
    pub shelf: Option<Area>,
    pub counter: Area,
    pub lamp: Option<Area>,
    pub grill: Option<Area>,
    pub legend_y: f64,
}

impl Layout {
    fn new(width: f64, height: f64, layers: Layers) -> Layout {
        let top = 28.0;
        let bottom = height - 30.0;
        let full = bottom - top;
        let door_only =
            !(layers.takeaway_window || layers.gateway_shelf || layers.heat_lamp || layers.grill);
        let street_width = if door_only { (width * 0.28).max(80.0) } else { width * 0.17 };
        let door_x = 8.0 + street_width;
        let mut cursor = door_x + 10.0;
        let window = layers.takeaway_window.then(|| Area {
            x: 8.0,
            y: top,
            width: street_width - 8.0,
            height: (full * 0.3).min(70.0),
        });
        let street_top = window.map_or(top, |area| area.y + area.height + 8.0);
        let street =
            Area { x: 8.0, y: street_top, width: street_width - 16.0, height: bottom - street_top };
        let counter_share = 1.0
            - (cursor + if layers.gateway_shelf { width * 0.08 } else { 0.0 }) / width
            - if layers.heat_lamp { 0.1 } else { 0.0 }
            - if layers.grill { 0.22 } else { 0.0 };
        let mut column = |share: f64| {
            let area = Area { x: cursor, y: top, width: width * share - 8.0, height: full };
            cursor += width * share;
            area
        };
        let shelf = layers.gateway_shelf.then(|| column(0.08));
        let counter = column(counter_share.max(0.2));
        let lamp = layers.heat_lamp.then(|| column(0.1));
        let grill = layers.grill.then(|| column(0.22));
        Layout { street, door_x, window, shelf, counter, lamp, grill, legend_y: height - 12.0 }
    }

    /// The area a part occupies (for the highlight).
    fn area_of(&self, part: Part) -> Option<Area> {
        match part {
            Part::Door => Some(Area {
                x: self.street.x,
                y: self.counter.y,
                width: self.door_x - self.street.x + 6.0,
                height: self.counter.height,
            }),
            Part::Cashiers | Part::Provisioned => Some(self.counter),
            Part::Caches => {
                let areas = [self.window, self.shelf, self.lamp];
                let mut found = areas.into_iter().flatten();
                let first = found.next()?;
                Some(found.fold(first, |acc, area| {
                    let x = acc.x.min(area.x);
                    let y = acc.y.min(area.y);
                    Area {
                        x,
                        y,
                        width: (acc.x + acc.width).max(area.x + area.width) - x,
                        height: (acc.y + acc.height).max(area.y + area.height) - y,
                    }
                }))
            }
            Part::Grill => self.grill,
        }
    }
}

/// Draws `scene` filling a `width` × `height` canvas (in CSS pixels; the context is scaled).
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    width: f64,
    height: f64,
    scene: &Scene,
    colours: &Palette,
) {
    ctx.set_fill_style_str(colours.background);
    ctx.fill_rect(0.0, 0.0, width, height);
    ctx.set_text_baseline("middle");
    let layout = Layout::new(width, height, scene.layers);
    match scene.mode {
        ViewMode::Restaurant => restaurant::frame(ctx, &layout, scene, colours),
        ViewMode::Architecture => architecture::frame(ctx, &layout, scene, colours),
    }
    kitchen::cashiers(ctx, inner(layout.counter), scene, colours);
    if let Some(area) = layout.window {
        kitchen::cache_items(
            ctx,
            inner(area),
            &scene.snapshot.cdn_cache,
            scene.timing.cdn_ttl_s,
            colours,
        );
    }
    if let Some(area) = layout.shelf {
        kitchen::cache_items(
            ctx,
            inner(area),
            &scene.snapshot.gateway_cache,
            scene.timing.gateway_ttl_s,
            colours,
        );
    }
    if let Some(area) = layout.lamp {
        kitchen::cache_items(
            ctx,
            inner(area),
            &scene.snapshot.redis_cache,
            scene.timing.redis_ttl_s,
            colours,
        );
    }
    if let Some(area) = layout.grill {
        kitchen::grill(ctx, inner(area), scene, colours);
    }
    draw_particles(ctx, layout.street, scene, colours);
    if scene.throttled_last_second > 0 {
        // The badge hangs on the street side of the door, so it never hides a cashier.
        badge(
            ctx,
            colours,
            layout.door_x - 6.0,
            layout.counter.y + layout.counter.height * 0.5,
            scene.throttled_last_second,
        );
    }
    let legend_x = if width < 600.0 { 8.0 } else { layout.counter.x };
    legend(ctx, colours, legend_x, layout.legend_y, scene.counts);
    if let Some(area) = scene.highlight.and_then(|part| layout.area_of(part)) {
        ctx.set_stroke_style_str(colours.highlight);
        ctx.set_line_width(3.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&6.0.into(), &4.0.into()));
        ctx.stroke_rect(area.x - 4.0, area.y - 4.0, area.width + 8.0, area.height + 8.0);
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
}

/// The part of a column below its 16-pixel caption.
fn inner(area: Area) -> Area {
    Area { x: area.x + 2.0, y: area.y + 18.0, width: area.width - 4.0, height: area.height - 20.0 }
}

pub(crate) fn label(
    ctx: &CanvasRenderingContext2d,
    colour: &str,
    font: &str,
    x: f64,
    y: f64,
    text: &str,
) {
    ctx.set_fill_style_str(colour);
    ctx.set_font(font);
    let _ = ctx.fill_text(text, x, y);
}

/// A caption above a column: the first of `names` (longest first) that fits its width, else
/// the last in a smaller font, shortened with an ellipsis only if even that does not fit (a
/// narrow phone), so every column keeps a readable name.
pub(crate) fn caption(
    ctx: &CanvasRenderingContext2d,
    colours: &Palette,
    area: Area,
    names: &[&str],
) {
    const FONT: &str = "12px system-ui, sans-serif";
    const SMALL: &str = "10px system-ui, sans-serif";
    let fits = |font: &str, text: &str| {
        ctx.set_font(font);
        ctx.measure_text(text).map(|metrics| metrics.width()).unwrap_or(0.0) <= area.width + 6.0
    };
    let y = area.y + 6.0;
    if let Some(name) = names.iter().find(|name| fits(FONT, name)) {
        return label(ctx, colours.muted, FONT, area.x, y, name);
    }
    let mut shown = names.last().copied().unwrap_or_default().to_owned();
    while !fits(SMALL, &shown) && shown.chars().count() > 2 {
        shown.pop();
        shown.pop();
        shown.push('…');
    }
    label(ctx, colours.muted, SMALL, area.x, y, &shown);
}

pub(crate) fn arrow(
    ctx: &CanvasRenderingContext2d,
    colour: &str,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
) {
    ctx.set_stroke_style_str(colour);
    ctx.set_fill_style_str(colour);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.move_to(x0, y0);
    ctx.line_to(x1, y1);
    ctx.stroke();
    let angle = (y1 - y0).atan2(x1 - x0);
    ctx.begin_path();
    ctx.move_to(x1, y1);
    ctx.line_to(x1 - 8.0 * (angle - 0.4).cos(), y1 - 8.0 * (angle - 0.4).sin());
    ctx.line_to(x1 - 8.0 * (angle + 0.4).cos(), y1 - 8.0 * (angle + 0.4).sin());
    ctx.close_path();
    ctx.fill();
}

fn badge(ctx: &CanvasRenderingContext2d, colours: &Palette, x: f64, y: f64, count: u64) {
    let text = format!("429 × {}", thousands(count));
    ctx.set_font("bold 14px system-ui, sans-serif");
    let width = ctx.measure_text(&text).map(|metrics| metrics.width()).unwrap_or(60.0) + 12.0;
    let left = (x - width).max(2.0);
    ctx.set_fill_style_str(colours.throttled);
    ctx.fill_rect(left, y - 12.0, width, 24.0);
    // Black on vermillion keeps a contrast above 4.5:1; white would not.
    ctx.set_fill_style_str("#000000");
    let _ = ctx.fill_text(&text, left + 6.0, y);
}

/// Customers walking in (towards the right edge of `area`) and, after a 429, walking away.
fn draw_particles(ctx: &CanvasRenderingContext2d, area: Area, scene: &Scene, colours: &Palette) {
    if !scene.motion {
        return;
    }
    for throttled in [false, true] {
        ctx.set_fill_style_str(if throttled { colours.throttled } else { colours.arrival });
        for particle in scene.particles.iter().filter(|particle| particle.throttled == throttled) {
            let progress = ((scene.now_s - particle.born_s) / WALK_S).clamp(0.0, 1.0);
            let along = if throttled { 1.0 - progress } else { progress };
            let x = area.x + along * area.width;
            let y = area.y + particle.lane * area.height;
            // Turned-away customers are drawn as diamonds, arriving ones as squares.
            if throttled {
                ctx.begin_path();
                ctx.move_to(x, y - 4.0);
                ctx.line_to(x + 4.0, y);
                ctx.line_to(x, y + 4.0);
                ctx.line_to(x - 4.0, y);
                ctx.fill();
            } else {
                ctx.fill_rect(x - 2.0, y - 2.0, 4.0, 4.0);
            }
        }
    }
}

fn legend(ctx: &CanvasRenderingContext2d, colours: &Palette, x: f64, y: f64, counts: &FrameCounts) {
    ctx.set_font("12px system-ui, sans-serif");
    let narrow = ctx.canvas().is_some_and(|canvas| f64::from(canvas.client_width()) - x < 420.0);
    let apron = if narrow { "apron" } else { "apron (cold start)" };
    let mut items = vec![
        (colours.busy, format!("busy {}", thousands(u64::from(counts.busy)))),
        (colours.initializing, format!("{apron} {}", thousands(u64::from(counts.initializing)))),
        (colours.idle, format!("idle {}", thousands(u64::from(counts.idle)))),
        (colours.empty, format!("limit {}", thousands(u64::from(counts.limit)))),
    ];
    if counts.provisioned > 0 {
        items.push((
            colours.provisioned,
            format!("provisioned {}", thousands(u64::from(counts.provisioned))),
        ));
    }
    let mut cursor = x;
    for (colour, text) in items {
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(cursor, y - 5.0, 10.0, 10.0);
        ctx.set_fill_style_str(colours.text);
        let _ = ctx.fill_text(&text, cursor + 14.0, y);
        cursor +=
            14.0 + ctx.measure_text(&text).map(|metrics| metrics.width()).unwrap_or(60.0) + 12.0;
    }
}
