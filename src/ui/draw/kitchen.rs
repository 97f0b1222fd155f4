//! The parts both views share, drawn from the snapshot: the cashiers (environments), the food
//! on the heat lamp, shelf and takeaway window (cache entries), and the grill (connections,
//! cooks and waiting order tickets).

use scaling_model::{CacheEntryView, EnvironmentState};
use web_sys::CanvasRenderingContext2d;

use super::{Area, Palette, Scene};
use crate::figure::{Part, SNAPSHOT_ITEMS, thousands};

/// Text squeezed into `width` pixels if it is wider (narrow phones), never cut off.
fn fitted(
    ctx: &CanvasRenderingContext2d,
    width: f64,
    colour: &str,
    font: &str,
    x: f64,
    y: f64,
    text: &str,
) {
    ctx.set_fill_style_str(colour);
    ctx.set_font(font);
    let _ = ctx.fill_text_with_max_width(text, x, y, width.max(10.0));
}

/// A grid of `slots` square cells filling `area`: returns (columns, cell size, drawn size).
fn grid(area: Area, slots: usize) -> (usize, f64, f64) {
    let slots = slots.max(1);
    let aspect = (area.width / area.height.max(1.0)).max(0.05);
    let columns = ((slots as f64 * aspect).sqrt().ceil() as usize).max(1);
    let rows = slots.div_ceil(columns);
    let cell = (area.width / columns as f64).min(area.height / rows as f64).min(28.0);
    let gap = if cell >= 6.0 { 1.0 } else { 0.0 };
    (columns, cell, (cell - gap).max(1.0))
}

/// One cell per slot up to the limit (or more, when idle environments exceed it). Busy
/// cashiers are solid; new ones wear an apron that fills as their init runs; idle ones fade
/// as the idle timeout approaches; provisioned ones have a green frame and a cap.
pub(super) fn cashiers(
    ctx: &CanvasRenderingContext2d,
    area: Area,
    scene: &Scene,
    colours: &Palette,
) {
    let environments = &scene.snapshot.environments;
    let slots = scene.layers.counter_places(environments.len(), scene.counts.limit as usize);
    let (columns, cell, size) = grid(area, slots);
    let position = |index: usize| {
        (area.x + (index % columns) as f64 * cell, area.y + (index / columns) as f64 * cell)
    };
    ctx.set_fill_style_str(colours.empty);
    for index in environments.len()..slots {
        let (x, y) = position(index);
        ctx.fill_rect(x, y, size, size);
    }
    ctx.set_fill_style_str(colours.busy);
    for (index, environment) in environments.iter().enumerate() {
        if environment.state == EnvironmentState::Busy {
            let (x, y) = position(index);
            ctx.fill_rect(x, y, size, size);
        }
    }
    // Idle cashiers fade towards the idle timeout, in four steps (few style changes).
    let timeout_s = scene.timing.idle_timeout_s.max(1.0);
    for (step, alpha) in [(0, 1.0), (1, 0.75), (2, 0.5), (3, 0.3)] {
        ctx.set_global_alpha(alpha);
        ctx.set_fill_style_str(colours.idle);
        for (index, environment) in environments.iter().enumerate() {
            // Provisioned cashiers never leave, so they never fade.
            let fade = if environment.provisioned {
                0
            } else {
                (environment.in_state_s / timeout_s * 4.0).floor().clamp(0.0, 3.0) as i32
            };
            if environment.state == EnvironmentState::Idle && fade == step {
                let (x, y) = position(index);
                ctx.fill_rect(x, y, size, size);
            }
        }
    }
    ctx.set_global_alpha(1.0);
    // Aprons: the cell fills from the bottom as the cold start runs, under a light stripe, so
    // the state is not told by colour alone.
    let init_s = scene.timing.init_s.max(0.01);
    for (index, environment) in environments.iter().enumerate() {
        if environment.state == EnvironmentState::Initializing {
            let (x, y) = position(index);
            let done = (environment.in_state_s / init_s).clamp(0.05, 1.0);
            ctx.set_fill_style_str(colours.empty);
            ctx.fill_rect(x, y, size, size);
            ctx.set_fill_style_str(colours.initializing);
            ctx.fill_rect(x, y + size * (1.0 - done), size, size * done);
            if size >= 5.0 {
                ctx.set_fill_style_str(colours.background);
                ctx.fill_rect(x, y + size * 0.4, size, size * 0.15);
            }
        }
    }
    if scene.counts.provisioned > 0 && size >= 4.0 {
        let highlighted = scene.highlight == Some(Part::Provisioned);
        ctx.set_stroke_style_str(if highlighted { colours.highlight } else { colours.provisioned });
        ctx.set_line_width(if highlighted { 2.5 } else { 1.5 });
        ctx.set_fill_style_str(colours.provisioned);
        for (index, environment) in environments.iter().enumerate() {
            if environment.provisioned {
                let (x, y) = position(index);
                ctx.stroke_rect(x + 0.75, y + 0.75, size - 1.5, size - 1.5);
                // A cap: provisioned cashiers belong to the house.
                ctx.fill_rect(x + size * 0.25, y, size * 0.5, (size * 0.18).max(1.0));
            }
        }
    }
}

/// Food under a heat lamp, on a shelf or in the takeaway window: one item per fresh cache
/// entry (most popular first), its fill showing how much of its TTL is left, so stale food
/// empties out. A layer that is off is drawn as an empty, labelled frame.
pub(super) fn cache_items(
    ctx: &CanvasRenderingContext2d,
    area: Area,
    entries: &[CacheEntryView],
    ttl_s: f64,
    colours: &Palette,
) {
    let font = "12px system-ui, sans-serif";
    if ttl_s <= 0.0 {
        ctx.set_stroke_style_str(colours.empty);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(area.x, area.y, area.width, area.height.min(40.0));
        fitted(ctx, area.width, colours.muted, font, area.x + 4.0, area.y + 12.0, "off");
        return;
    }
    let shown = thousands(entries.len() as u64);
    // The snapshot lists at most SNAPSHOT_ITEMS entries per cache; there may be more.
    let more = if entries.len() >= SNAPSHOT_ITEMS { "+" } else { "" };
    fitted(
        ctx,
        area.width,
        colours.text,
        font,
        area.x,
        area.y + 6.0,
        &format!("{shown}{more} fresh"),
    );
    let shown = entries.len().min(48);
    let items = Area { y: area.y + 16.0, height: area.height - 16.0, ..area };
    let (columns, cell, size) = grid(items, shown.max(8));
    for (index, entry) in entries.iter().take(shown).enumerate() {
        let x = items.x + (index % columns) as f64 * cell;
        let y = items.y + (index / columns) as f64 * cell;
        let left = (entry.remaining_ttl_s / ttl_s).clamp(0.0, 1.0);
        ctx.set_stroke_style_str(colours.cache);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(x + 0.5, y + 0.5, size - 1.0, size - 1.0);
        ctx.set_fill_style_str(colours.cache);
        ctx.fill_rect(
            x + 0.5,
            y + 0.5 + (size - 1.0) * (1.0 - left),
            size - 1.0,
            (size - 1.0) * left,
        );
    }
}

/// The grill: a slot per connection (filled while in use), the cooks (query slots, filled
/// while cooking) and the order tickets waiting for a line, drawn as a pile with a count.
pub(super) fn grill(ctx: &CanvasRenderingContext2d, area: Area, scene: &Scene, colours: &Palette) {
    let font = "12px system-ui, sans-serif";
    if !scene.timing.database_on {
        fitted(ctx, area.width, colours.muted, font, area.x, area.y + 6.0, "not in the path");
        return;
    }
    let counts = scene.counts;
    let text = format!(
        "lines {} of {}",
        thousands(u64::from(counts.db_busy)),
        thousands(u64::from(counts.db_capacity))
    );
    fitted(ctx, area.width, colours.text, font, area.x, area.y + 6.0, &text);
    let slots_area = Area { y: area.y + 16.0, height: area.height * 0.45, ..area };
    let capacity = counts.db_capacity as usize;
    let (columns, cell, size) = grid(slots_area, capacity);
    let position = |index: usize| {
        (
            slots_area.x + (index % columns) as f64 * cell,
            slots_area.y + (index / columns) as f64 * cell,
        )
    };
    let busy = (counts.db_busy as usize).min(capacity);
    ctx.set_fill_style_str(colours.busy);
    for index in 0..busy {
        let (x, y) = position(index);
        ctx.fill_rect(x, y, size, size);
    }
    ctx.set_fill_style_str(colours.empty);
    for index in busy..capacity {
        let (x, y) = position(index);
        ctx.fill_rect(x, y, size, size);
    }
    // The cooks: one round mark per query slot.
    let cooks_y = slots_area.y + slots_area.height + 12.0;
    let cooks = scene.timing.query_slots.max(1) as usize;
    let radius = ((area.width / cooks as f64) * 0.4).clamp(1.5, 7.0);
    for cook in 0..cooks {
        let x = area.x + radius + cook as f64 * radius * 2.5;
        if x > area.x + area.width {
            break;
        }
        ctx.begin_path();
        let _ = ctx.arc(x, cooks_y, radius, 0.0, std::f64::consts::TAU);
        if cook < counts.db_running as usize {
            ctx.set_fill_style_str(colours.initializing);
            ctx.fill();
        } else {
            ctx.set_stroke_style_str(colours.muted);
            ctx.set_line_width(1.0);
            ctx.stroke();
        }
    }
    let waiting_text = format!(
        "cooking {} · for a cook {}",
        thousands(u64::from(counts.db_running)),
        thousands(u64::from(counts.db_queries_waiting))
    );
    fitted(ctx, area.width, colours.muted, font, area.x, cooks_y + radius + 10.0, &waiting_text);
    // Order tickets waiting for a line: up to 40 drawn, the rest counted.
    let tickets_y = cooks_y + radius + 24.0;
    let waiting = counts.db_waiting as usize;
    fitted(
        ctx,
        area.width,
        if waiting > 0 { colours.throttled } else { colours.muted },
        font,
        area.x,
        tickets_y,
        &format!("waiting for a line {}", thousands(waiting as u64)),
    );
    ctx.set_fill_style_str(colours.throttled);
    for ticket in 0..waiting.min(40) {
        let x = area.x + (ticket % 20) as f64 * (area.width / 20.0);
        let y = tickets_y + 10.0 + (ticket / 20) as f64 * 9.0;
        if y + 7.0 < area.y + area.height + 20.0 {
            ctx.fill_rect(x, y, (area.width / 20.0 - 1.0).max(1.0), 7.0);
        }
    }
}
