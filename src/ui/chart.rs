//! The live chart under a figure, drawn with plotters on a canvas: one panel per
//! [`ChartKind`] the figure's spec names, stacked top to bottom. The panels' lines come from
//! the pure `figure::history` module; this only draws them.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::figure::ChartKind;
use crate::figure::history::{ChartHistory, Panel, Stroke, wrap_words};

/// Okabe–Ito colours, indexed by `Line::colour`: blue, vermillion, orange, green, sky blue.
const COLOURS: [RGBColor; 5] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0x56, 0xB4, 0xE9),
];

/// Height of one panel in CSS pixels (the canvas is as tall as its panels).
pub const PANEL_HEIGHT_PX: u32 = 150;

/// The drawing area of a chart canvas and the theme's background and text colours (the page's
/// `--bg` and `--fg`), shared by every plotters chart in the workbook.
pub(super) fn canvas_area(
    canvas: &HtmlCanvasElement,
    dark: bool,
) -> Result<(DrawingArea<CanvasBackend, Shift>, RGBColor, RGBColor), String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the chart canvas has no 2D context".to_owned())?;
    let colours = if dark {
        (RGBColor(0x16, 0x19, 0x1d), RGBColor(0xe8, 0xea, 0xed))
    } else {
        (WHITE, RGBColor(0x1d, 0x21, 0x27))
    };
    Ok((backend.into_drawing_area(), colours.0, colours.1))
}

/// Height of one line of a panel's caption, in pixels.
const CAPTION_LINE_PX: i32 = 15;

/// What every panel shares: the time axis, the font and the theme's colours.
struct Frame<'a> {
    x: std::ops::Range<f64>,
    font: &'a TextStyle<'a>,
    foreground: RGBColor,
    background: RGBColor,
}

type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Frame<'_> {
    /// One panel on `area`: captioned axes from 0 to `y_max` over the time window, with a mesh.
    /// A caption wider than the panel (a phone) wraps onto more lines instead of being cut.
    fn panel<'b>(
        &self,
        area: &DrawingArea<CanvasBackend, Shift>,
        caption: &str,
        y_max: f64,
    ) -> Result<Chart<'b>, String> {
        let (width, _) = area.dim_in_pixel();
        let room = f64::from(width) - 12.0;
        let fits = |text: &str| {
            area.estimate_text_size(text, self.font).map_or(true, |(w, _)| f64::from(w) <= room)
        };
        let lines = wrap_words(caption, fits);
        let centre = (width / 2) as i32;
        let style = self.font.pos(Pos::new(HPos::Center, VPos::Top));
        for (index, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.as_str(),
                (centre, 2 + CAPTION_LINE_PX * index as i32),
                &style,
            ))
            .map_err(|error| error.to_string())?;
        }
        let mut chart = ChartBuilder::on(area)
            .margin(6)
            .margin_right(16)
            .margin_top(6 + CAPTION_LINE_PX as u32 * lines.len() as u32)
            .x_label_area_size(18)
            .y_label_area_size(52)
            .build_cartesian_2d(self.x.clone(), 0.0..y_max)
            .map_err(|error| error.to_string())?;
        let decimals = if y_max < 0.1 {
            3
        } else if y_max < 10.0 {
            1
        } else {
            0
        };
        let formatter = move |value: &f64| format!("{value:.decimals$}");
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(3)
            .x_label_formatter(&|seconds| format!("{seconds:.0} s"))
            .y_label_formatter(&formatter)
            .label_style(self.font.clone())
            .axis_style(self.foreground)
            .light_line_style(self.background)
            .bold_line_style(self.foreground.mix(0.15))
            .draw()
            .map_err(|error| error.to_string())?;
        Ok(chart)
    }

    fn lines(&self, chart: &mut Chart, panel: &Panel) -> Result<(), String> {
        for line in &panel.lines {
            let colour = COLOURS[line.colour % COLOURS.len()];
            let points = line.points.iter().copied();
            let result = match line.stroke {
                Stroke::Solid => {
                    chart.draw_series(LineSeries::new(points, colour.stroke_width(2))).map(|_| ())
                }
                Stroke::Dashed => chart
                    .draw_series(DashedLineSeries::new(points, 6, 4, colour.stroke_width(2)))
                    .map(|_| ()),
                Stroke::Marks => chart
                    .draw_series(points.map(|point| TriangleMarker::new(point, 5, colour.filled())))
                    .map(|_| ()),
            };
            result.map_err(|error| error.to_string())?;
        }
        Ok(())
    }
}

/// Redraws the chart's `kinds` from `history`: every panel, or with `only` just that one (a
/// figure spreads a redraw over several frames so no frame does all the work). Errors from
/// the drawing backend are returned as text.
pub fn draw(
    canvas: &HtmlCanvasElement,
    history: &ChartHistory,
    kinds: &[ChartKind],
    dark: bool,
    only: Option<usize>,
) -> Result<(), String> {
    let (root, background, foreground) = canvas_area(canvas, dark)?;
    let (start, end) = history.window();
    let font = ("system-ui, sans-serif", 12).into_font().color(&foreground);
    let frame = Frame { x: start..end, font: &font, foreground, background };
    let areas = root.split_evenly((kinds.len().max(1), 1));
    for (index, (area, kind)) in areas.iter().zip(kinds).enumerate() {
        if only.is_some_and(|only| only != index) {
            continue;
        }
        area.fill(&background).map_err(|error| error.to_string())?;
        let panel = history.panel(*kind);
        let mut chart = frame.panel(area, panel.caption, panel.y_max)?;
        frame.lines(&mut chart, &panel)?;
    }
    root.present().map_err(|error| error.to_string())
}
