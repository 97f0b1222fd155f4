//! The architecture diagram's frame around the shared parts: the same places as the
//! restaurant, boxed and named after the AWS services, with arrows in the request's path and
//! the 429 responses leaving API Gateway.

use web_sys::CanvasRenderingContext2d;

use super::{Area, Layout, Palette, Scene, arrow, caption, label};
use crate::figure::thousands;

/// Draws the service boxes, arrows and captions; the parts themselves are drawn by `kitchen`.
pub(super) fn frame(
    ctx: &CanvasRenderingContext2d,
    layout: &Layout,
    scene: &Scene,
    colours: &Palette,
) {
    let font = "12px system-ui, sans-serif";
    ctx.set_stroke_style_str(colours.text);
    ctx.set_line_width(1.5);
    let boxed = |area: Area| {
        ctx.stroke_rect(area.x - 4.0, area.y - 4.0, area.width + 8.0, area.height + 8.0)
    };
    label(ctx, colours.muted, font, layout.street.x, layout.street.y + 6.0, "Clients");
    if let Some(area) = layout.window {
        boxed(area);
        caption(
            ctx,
            colours,
            Area { x: area.x + 2.0, ..area },
            &["CloudFront edge (CDN)", "CloudFront", "CDN"],
        );
    }
    // API Gateway is the door: a box across the entrance.
    let counter = layout.counter;
    let gateway = Area {
        x: layout.door_x - 8.0,
        y: counter.y + counter.height * 0.3,
        width: 14.0,
        height: counter.height * 0.3,
    };
    ctx.set_fill_style_str(colours.muted);
    ctx.fill_rect(gateway.x, gateway.y, gateway.width, gateway.height);
    label(
        ctx,
        colours.text,
        font,
        layout.street.x,
        layout.street.y + layout.street.height - 8.0,
        "API Gateway →",
    );
    let throttling = scene.throttled_last_second > 0;
    let text = format!("429s: {} in the last second", thousands(scene.throttled_last_second));
    label(
        ctx,
        if throttling { colours.throttled } else { colours.muted },
        font,
        layout.street.x,
        layout.street.y + layout.street.height - 24.0,
        &text,
    );
    if let Some(area) = layout.shelf {
        boxed(area);
        caption(ctx, colours, area, &["API Gateway cache", "API cache", "Cache"]);
    }
    boxed(counter);
    caption(ctx, colours, counter, &["Lambda: execution environments", "Lambda"]);
    let mid = counter.y + counter.height / 2.0;
    let mut previous = counter.x + counter.width + 4.0;
    for (area, name) in [
        (layout.lamp, ["ElastiCache Redis", "Redis"].as_slice()),
        (
            layout.grill,
            if scene.timing.proxy {
                ["RDS Proxy → RDS", "Proxy → RDS", "RDS"].as_slice()
            } else {
                ["RDS database", "RDS"].as_slice()
            },
        ),
    ] {
        if let Some(area) = area {
            boxed(area);
            caption(ctx, colours, area, name);
            arrow(ctx, colours.text, previous, mid, area.x - 5.0, mid);
            previous = area.x + area.width + 4.0;
        }
    }
}
