//! The restaurant's frame around the shared parts: the street, the door in its wall, the
//! takeaway window down the street, the shelf behind the door, the counter, the heat lamp and
//! the grill, each with its restaurant name.

use web_sys::CanvasRenderingContext2d;

use super::{Layout, Palette, Scene, caption, label};

/// Draws the restaurant's walls and captions; the parts themselves are drawn by `kitchen`.
pub(super) fn frame(
    ctx: &CanvasRenderingContext2d,
    layout: &Layout,
    scene: &Scene,
    colours: &Palette,
) {
    let font = "12px system-ui, sans-serif";
    label(ctx, colours.muted, font, layout.street.x, layout.street.y + 6.0, "Street");
    if let Some(area) = layout.window {
        ctx.set_stroke_style_str(colours.muted);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(area.x, area.y, area.width, area.height);
        caption(
            ctx,
            colours,
            super::Area { x: area.x + 2.0, ..area },
            &["Takeaway window (CDN)", "Takeaway window", "Window", "CDN"],
        );
    }
    // The door: a wall with an opening.
    let counter = layout.counter;
    let door_x = layout.door_x;
    ctx.set_fill_style_str(colours.muted);
    ctx.fill_rect(door_x - 3.0, counter.y - 4.0, 6.0, counter.height * 0.3);
    ctx.fill_rect(door_x - 3.0, counter.y + counter.height * 0.6, 6.0, counter.height * 0.4 + 4.0);
    if let Some(area) = layout.shelf {
        caption(ctx, colours, area, &["Gateway shelf (API cache)", "Gateway shelf", "Shelf"]);
    }
    let counter_caption = if scene.counts.provisioned > 0 {
        "Counter: cashiers (green frame and cap: provisioned)"
    } else {
        "Counter: cashiers"
    };
    caption(ctx, colours, counter, &[counter_caption, "Counter: cashiers", "Cashiers"]);
    if let Some(area) = layout.lamp {
        caption(ctx, colours, area, &["Heat lamp (Redis)", "Heat lamp", "Lamp"]);
    }
    if let Some(area) = layout.grill {
        ctx.set_stroke_style_str(colours.muted);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(area.x - 3.0, area.y - 4.0, area.width + 6.0, area.height + 8.0);
        caption(
            ctx,
            colours,
            area,
            &[if scene.timing.proxy { "Grill (via a proxy)" } else { "Grill (database)" }, "Grill"],
        );
    }
}
