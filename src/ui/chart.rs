//! The live chart under the door-and-cashiers figure, drawn with plotters on a canvas: requests
//! in flight against the concurrency limit (top) and throttles per second (bottom).

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::figure::{CHART_WINDOW_S, ChartHistory};

/// Okabe–Ito blue, for requests in flight.
const IN_FLIGHT: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion, for the limit and for throttles.
const THROTTLE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// What both panels share: the time axis, the font and the theme's colours.
struct Frame<'a> {
    x: std::ops::Range<f64>,
    font: &'a TextStyle<'a>,
    foreground: RGBColor,
    background: RGBColor,
}

type Panel<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Frame<'_> {
    /// One panel on `area`: captioned axes from 0 to `y_max` over the time window, with a mesh.
    fn panel<'b>(
        &self,
        area: &DrawingArea<CanvasBackend, Shift>,
        caption: &str,
        y_max: f64,
        y_labels: usize,
    ) -> Result<Panel<'b>, String> {
        let mut chart = ChartBuilder::on(area)
            .margin(6)
            .x_label_area_size(18)
            .y_label_area_size(48)
            .caption(caption, self.font.clone())
            .build_cartesian_2d(self.x.clone(), 0.0..y_max)
            .map_err(|error| error.to_string())?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(y_labels)
            .x_label_formatter(&|seconds| format!("{seconds:.0} s"))
            .y_label_formatter(&|value| format!("{value:.0}"))
            .label_style(self.font.clone())
            .axis_style(self.foreground)
            .light_line_style(self.background)
            .bold_line_style(self.foreground.mix(0.15))
            .draw()
            .map_err(|error| error.to_string())?;
        Ok(chart)
    }
}

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

    let frame = Frame { x: start..end, font: &font, foreground, background };
    let mut chart =
        frame.panel(&upper, "Requests in flight (solid) and the limit (dashed)", top_max, 4)?;
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

    let mut chart = frame.panel(&lower, "Throttles (HTTP 429) per second", bottom_max, 3)?;
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|point| (point.time_s, point.throttled_per_s)),
            THROTTLE.stroke_width(2),
        ))
        .map_err(|error| error.to_string())?;
    root.present().map_err(|error| error.to_string())
}
