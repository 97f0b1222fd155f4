//! The live chart under the door-and-cashiers figure, drawn with plotters on a canvas: requests
//! in flight against the concurrency limit (top) and throttles per second (bottom).

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::figure::{CHART_WINDOW_S, ChartHistory};

/// Okabe–Ito blue, for requests in flight.
const IN_FLIGHT: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion, for the limit and for throttles.
const THROTTLE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// Redraws the chart from `history`. Errors from the drawing backend are returned as text.
pub fn draw(canvas: &HtmlCanvasElement, history: &ChartHistory, dark: bool) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the chart canvas has no 2D context".to_owned())?;
    let root = backend.into_drawing_area();
    let (background, foreground) = if dark {
        (RGBColor(0x16, 0x19, 0x1d), RGBColor(0xe8, 0xea, 0xed))
    } else {
        (WHITE, RGBColor(0x1d, 0x21, 0x27))
    };
    root.fill(&background).map_err(|error| error.to_string())?;
    let end =
        history.points().last().map_or(CHART_WINDOW_S, |point| point.time_s.max(CHART_WINDOW_S));
    let start = end - CHART_WINDOW_S;
    let top_max =
        history.points().map(|point| point.in_flight.max(point.limit)).max().unwrap_or(100).max(10)
            as f64
            * 1.1;
    let bottom_max = history.points().map(|point| point.throttled_per_s).fold(10.0, f64::max) * 1.1;
    let (upper, lower) = root.split_vertically(root.dim_in_pixel().1 as i32 * 58 / 100);
    let font = ("system-ui, sans-serif", 12).into_font().color(&foreground);

    let mut chart = ChartBuilder::on(&upper)
        .margin(6)
        .x_label_area_size(18)
        .y_label_area_size(48)
        .caption("Requests in flight (solid) and the limit (dashed)", font.clone())
        .build_cartesian_2d(start..end, 0.0..top_max)
        .map_err(|error| error.to_string())?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(4)
        .x_label_formatter(&|seconds| format!("{seconds:.0} s"))
        .y_label_formatter(&|value| format!("{value:.0}"))
        .label_style(font.clone())
        .axis_style(foreground)
        .light_line_style(background)
        .bold_line_style(foreground.mix(0.15))
        .draw()
        .map_err(|error| error.to_string())?;
    let points: Vec<_> = history.points().copied().collect();
    // The limit first, so the in-flight line stays visible when it runs along the limit.
    chart
        .draw_series(DashedLineSeries::new(
            points.iter().map(|point| (point.time_s, f64::from(point.limit))),
            6,
            4,
            THROTTLE.stroke_width(2),
        ))
        .map_err(|error| error.to_string())?;
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|point| (point.time_s, f64::from(point.in_flight))),
            IN_FLIGHT.stroke_width(2),
        ))
        .map_err(|error| error.to_string())?;

    let mut chart = ChartBuilder::on(&lower)
        .margin(6)
        .x_label_area_size(18)
        .y_label_area_size(48)
        .caption("Throttles (HTTP 429) per second", font.clone())
        .build_cartesian_2d(start..end, 0.0..bottom_max)
        .map_err(|error| error.to_string())?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(3)
        .x_label_formatter(&|seconds| format!("{seconds:.0} s"))
        .y_label_formatter(&|value| format!("{value:.0}"))
        .label_style(font)
        .axis_style(foreground)
        .light_line_style(background)
        .bold_line_style(foreground.mix(0.15))
        .draw()
        .map_err(|error| error.to_string())?;
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|point| (point.time_s, point.throttled_per_s)),
            THROTTLE.stroke_width(2),
        ))
        .map_err(|error| error.to_string())?;
    root.present().map_err(|error| error.to_string())
}
