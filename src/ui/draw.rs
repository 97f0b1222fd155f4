//! Drawing the door-and-cashiers figure on a 2D canvas, as a restaurant or as an architecture
//! diagram. Both views draw the same model snapshot; only the picture differs.
//!
//! Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms
//! of colour blindness; every state also differs in shape or label, not colour alone.

use scaling_model::{EnvironmentState, Snapshot};
use web_sys::CanvasRenderingContext2d;

use crate::figure::{FrameCounts, thousands};

/// Seconds of model time a customer takes to walk from the street to the door.
pub const WALK_S: f64 = 0.5;

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    /// Customers, a door and cashiers.
    Restaurant,
    /// Clients, API Gateway and function environments.
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
    }
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
}

/// A rectangle in canvas pixels.
#[derive(Clone, Copy)]
struct Area {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
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
    match scene.mode {
        ViewMode::Restaurant => draw_restaurant(ctx, width, height, scene, colours),
        ViewMode::Architecture => draw_architecture(ctx, width, height, scene, colours),
    }
}

fn draw_restaurant(
    ctx: &CanvasRenderingContext2d,
    width: f64,
    height: f64,
    scene: &Scene,
    colours: &Palette,
) {
    let door_x = (width * 0.28).max(80.0);
    let street = Area { x: 8.0, y: 28.0, width: door_x - 16.0, height: height - 36.0 };
    label(ctx, colours.muted, "12px system-ui, sans-serif", 8.0, 12.0, "Street");
    label(ctx, colours.muted, "12px system-ui, sans-serif", door_x + 10.0, 12.0, "Counter");
    draw_particles(ctx, street, scene, colours);
    // The door: a wall with an opening, and a badge when people are being turned away.
    ctx.set_fill_style_str(colours.muted);
    ctx.fill_rect(door_x - 3.0, 24.0, 6.0, height * 0.3);
    ctx.fill_rect(door_x - 3.0, 24.0 + height * 0.6, 6.0, height * 0.4 - 24.0);
    if scene.throttled_last_second > 0 {
        // The badge hangs on the street side of the door, so it never hides a cashier.
        badge(ctx, colours, door_x - 6.0, height * 0.5, scene.throttled_last_second);
    }
    let counter =
        Area { x: door_x + 10.0, y: 24.0, width: width - door_x - 18.0, height: height - 56.0 };
    draw_cashiers(ctx, counter, scene.snapshot, scene.counts, colours);
    let legend_x = if width < 600.0 { 8.0 } else { door_x + 10.0 };
    legend(ctx, colours, legend_x, height - 14.0, scene.counts);
}

fn draw_architecture(
    ctx: &CanvasRenderingContext2d,
    width: f64,
    height: f64,
    scene: &Scene,
    colours: &Palette,
) {
    let font = "13px system-ui, sans-serif";
    let box_height = (height * 0.3).clamp(40.0, 90.0);
    let mid = height * 0.42;
    let clients =
        Area { x: 8.0, y: mid - box_height / 2.0, width: width * 0.14, height: box_height };
    let gateway_x = width * 0.26;
    let gateway = Area { x: gateway_x, y: clients.y, width: width * 0.14, height: box_height };
    let function_x = width * 0.5;
    let function =
        Area { x: function_x, y: 24.0, width: width - function_x - 8.0, height: height - 56.0 };
    ctx.set_stroke_style_str(colours.text);
    ctx.set_line_width(1.5);
    for (area, name) in [(clients, "Clients"), (gateway, "API Gateway")] {
        ctx.stroke_rect(area.x, area.y, area.width, area.height);
        label(ctx, colours.text, font, area.x + 6.0, area.y + area.height / 2.0, name);
    }
    ctx.stroke_rect(
        function.x - 4.0,
        function.y - 4.0,
        function.width + 8.0,
        function.height + 8.0,
    );
    label(
        ctx,
        colours.muted,
        "12px system-ui, sans-serif",
        function.x,
        12.0,
        "Lambda function: environments",
    );
    arrow(ctx, colours.text, clients.x + clients.width, mid, gateway.x, mid);
    arrow(ctx, colours.text, gateway.x + gateway.width, mid, function.x - 6.0, mid);
    let lane = Area {
        x: clients.x + clients.width,
        y: mid - 10.0,
        width: gateway.x - clients.x - clients.width,
        height: 20.0,
    };
    draw_particles(ctx, lane, scene, colours);
    // Throttles leave the gateway downwards as 429 responses.
    let down_y = gateway.y + gateway.height;
    let throttling = scene.throttled_last_second > 0;
    let colour = if throttling { colours.throttled } else { colours.empty };
    arrow(
        ctx,
        colour,
        gateway.x + gateway.width / 2.0,
        down_y,
        gateway.x + gateway.width / 2.0,
        down_y + 40.0,
    );
    let text = format!(
        "429 Too Many Requests: {} in the last second",
        thousands(scene.throttled_last_second)
    );
    label(
        ctx,
        if throttling { colours.throttled } else { colours.muted },
        font,
        8.0,
        down_y + 56.0,
        &text,
    );
    draw_cashiers(ctx, function, scene.snapshot, scene.counts, colours);
    let legend_x = if width < 600.0 { 8.0 } else { function.x };
    legend(ctx, colours, legend_x, height - 14.0, scene.counts);
}

fn label(ctx: &CanvasRenderingContext2d, colour: &str, font: &str, x: f64, y: f64, text: &str) {
    ctx.set_fill_style_str(colour);
    ctx.set_font(font);
    let _ = ctx.fill_text(text, x, y);
}

fn arrow(ctx: &CanvasRenderingContext2d, colour: &str, x0: f64, y0: f64, x1: f64, y1: f64) {
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

/// One cell per slot up to the limit (or more, when idle environments exceed it), coloured by
/// what the environment in it is doing.
fn draw_cashiers(
    ctx: &CanvasRenderingContext2d,
    area: Area,
    snapshot: &Snapshot,
    counts: &FrameCounts,
    colours: &Palette,
) {
    let environments = &snapshot.environments;
    let slots = (counts.limit as usize).max(environments.len()).max(1);
    let aspect = (area.width / area.height.max(1.0)).max(0.1);
    let columns = ((slots as f64 * aspect).sqrt().ceil() as usize).max(1);
    let rows = slots.div_ceil(columns);
    let cell = (area.width / columns as f64).min(area.height / rows as f64);
    let gap = if cell >= 6.0 { 1.0 } else { 0.0 };
    let size = (cell - gap).max(1.0);
    let position = |index: usize| {
        (area.x + (index % columns) as f64 * cell, area.y + (index / columns) as f64 * cell)
    };
    ctx.set_fill_style_str(colours.empty);
    for index in environments.len()..slots {
        let (x, y) = position(index);
        ctx.fill_rect(x, y, size, size);
    }
    let groups = [
        (EnvironmentState::Busy, colours.busy),
        (EnvironmentState::Initializing, colours.initializing),
        (EnvironmentState::Idle, colours.idle),
    ];
    for (state, colour) in groups {
        ctx.set_fill_style_str(colour);
        for (index, environment) in environments.iter().enumerate() {
            if environment.state == state {
                let (x, y) = position(index);
                ctx.fill_rect(x, y, size, size);
            }
        }
    }
    // Aprons: a stripe across each initialising cashier, so the state is not colour alone.
    if size >= 5.0 {
        ctx.set_fill_style_str(colours.background);
        for (index, environment) in environments.iter().enumerate() {
            if environment.state == EnvironmentState::Initializing {
                let (x, y) = position(index);
                ctx.fill_rect(x, y + size * 0.4, size, size * 0.2);
            }
        }
    }
    if environments.iter().any(|environment| environment.provisioned) && size >= 5.0 {
        ctx.set_stroke_style_str(colours.provisioned);
        ctx.set_line_width(1.5);
        for (index, environment) in environments.iter().enumerate() {
            if environment.provisioned {
                let (x, y) = position(index);
                ctx.stroke_rect(x + 0.75, y + 0.75, size - 1.5, size - 1.5);
            }
        }
    }
}

fn legend(ctx: &CanvasRenderingContext2d, colours: &Palette, x: f64, y: f64, counts: &FrameCounts) {
    ctx.set_font("12px system-ui, sans-serif");
    let narrow = ctx.canvas().is_some_and(|canvas| f64::from(canvas.client_width()) - x < 420.0);
    let apron = if narrow { "apron" } else { "apron (cold start)" };
    let items = [
        (colours.busy, format!("busy {}", thousands(u64::from(counts.busy)))),
        (colours.initializing, format!("{apron} {}", thousands(u64::from(counts.initializing)))),
        (colours.idle, format!("idle {}", thousands(u64::from(counts.idle)))),
        (colours.empty, format!("limit {}", thousands(u64::from(counts.limit)))),
    ];
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
