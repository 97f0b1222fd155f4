//! The memory tuning lab's chart, drawn with plotters on a canvas: memory across on a log
//! scale, mean duration on the left axis, cost per million invocations on the right, the
//! cheapest, fastest and balanced picks marked with distinct shapes, and the one-vCPU line.
//!
//! Colours are Okabe–Ito; every series also differs by line style or marker, never by colour
//! alone. The text below the chart (legend, table, description) carries the same facts.

use plotters::prelude::*;
use scaling_model::Architecture;
use scaling_model::sizing::MB_PER_VCPU;
use web_sys::HtmlCanvasElement;

use crate::setup::thousands;
use crate::tuning::{Picks, SizeResult};

/// Okabe–Ito blue and sky blue: duration on x86_64 and arm64.
const TIME_X86: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const TIME_ARM: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito vermillion and orange: cost on x86_64 and arm64.
const COST_X86: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const COST_ARM: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito bluish green: the picks' markers.
const PICK: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// The picks' labels, in the order of their markers.
const PICK_NAMES: [&str; 3] = ["cheapest", "fastest", "balanced"];
/// Memory sizes labelled on the axis, in MB.
const TICKS_MB: [f64; 7] = [128.0, 256.0, 512.0, 1_024.0, 2_048.0, 4_096.0, 8_192.0];

/// Redraws the chart for `results` with `picks` marked. Drawing errors come back as text.
pub fn draw(
    canvas: &HtmlCanvasElement,
    results: &[SizeResult],
    picks: Option<Picks>,
    dark: bool,
) -> Result<(), String> {
    let (root, background, foreground) = super::chart::canvas_area(canvas, dark)?;
    let fail = |error: &dyn std::fmt::Display| error.to_string();
    root.fill(&background).map_err(|e| fail(&e))?;
    if results.is_empty() {
        return root.present().map_err(|e| fail(&e));
    }
    let font = ("system-ui, sans-serif", 12).into_font().color(&foreground);
    let low_mb = results.iter().map(|r| f64::from(r.memory_mb)).fold(128.0, f64::min) / 1.2;
    let high_mb = results.iter().map(|r| f64::from(r.memory_mb)).fold(1_024.0, f64::max) * 1.2;
    let time_max = results.iter().map(|r| r.mean_ms.max(r.p95_ms)).fold(1.0, f64::max) * 1.15;
    let cost_max = results.iter().map(|r| r.cost_per_million_usd()).fold(0.01, f64::max) * 1.15;
    // A narrow chart (a phone) labels every other size so the labels do not collide.
    let every = if canvas.width() < 560 { 2 } else { 1 };
    let ticks: Vec<f64> = TICKS_MB
        .iter()
        .step_by(every)
        .copied()
        .filter(|mb| (low_mb..=high_mb).contains(mb))
        .collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .right_y_label_area_size(72)
        .build_cartesian_2d(
            (low_mb..high_mb).log_scale().with_key_points(ticks.clone()),
            0.0..time_max,
        )
        .map_err(|e| fail(&e))?
        .set_secondary_coord((low_mb..high_mb).log_scale().with_key_points(ticks), 0.0..cost_max);
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(6)
        .x_desc("Memory (MB, log scale)")
        .y_desc("Mean duration (ms)")
        .x_label_formatter(&|mb| thousands(mb.round() as u64))
        .y_label_formatter(&|ms| thousands(ms.round() as u64))
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(foreground)
        .light_line_style(background)
        .bold_line_style(foreground.mix(0.12))
        .draw()
        .map_err(|e| fail(&e))?;
    chart
        .configure_secondary_axes()
        .y_desc("Cost per million invocations ($)")
        .y_labels(6)
        .y_label_formatter(&|usd| format!("{usd:.2}"))
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(foreground)
        .draw()
        .map_err(|e| fail(&e))?;

    // The one-vCPU line: above it, one thread cannot go faster.
    if (low_mb..=high_mb).contains(&MB_PER_VCPU) {
        let line = [(MB_PER_VCPU, 0.0), (MB_PER_VCPU, time_max)];
        chart
            .draw_series(DashedLineSeries::new(line, 3, 4, foreground.mix(0.6).stroke_width(1)))
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(std::iter::once(Text::new(
                "1 vCPU (1,769 MB)",
                (MB_PER_VCPU * 1.04, time_max * 0.97),
                font.clone(),
            )))
            .map_err(|e| fail(&e))?;
    }

    for (architecture, time_colour, cost_colour) in
        [(Architecture::X86_64, TIME_X86, COST_X86), (Architecture::Arm64, TIME_ARM, COST_ARM)]
    {
        let series: Vec<&SizeResult> =
            results.iter().filter(|r| r.architecture == architecture).collect();
        if series.is_empty() {
            continue;
        }
        let times: Vec<(f64, f64)> =
            series.iter().map(|r| (f64::from(r.memory_mb), r.mean_ms)).collect();
        let costs: Vec<(f64, f64)> =
            series.iter().map(|r| (f64::from(r.memory_mb), r.cost_per_million_usd())).collect();
        chart
            .draw_series(LineSeries::new(times.iter().copied(), time_colour.stroke_width(2)))
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(times.iter().map(|&point| Circle::new(point, 4, time_colour.filled())))
            .map_err(|e| fail(&e))?;
        // When times vary, a whisker from the mean up to the p95, capped.
        chart
            .draw_series(series.iter().filter(|r| r.p95_ms > r.mean_ms * 1.01).map(|r| {
                let mb = f64::from(r.memory_mb);
                EmptyElement::at((mb, r.p95_ms))
                    + PathElement::new([(-4, 0), (4, 0)], time_colour.stroke_width(1))
            }))
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(series.iter().filter(|r| r.p95_ms > r.mean_ms * 1.01).map(|r| {
                let mb = f64::from(r.memory_mb);
                PathElement::new([(mb, r.mean_ms), (mb, r.p95_ms)], time_colour.stroke_width(1))
            }))
            .map_err(|e| fail(&e))?;
        chart
            .draw_secondary_series(DashedLineSeries::new(
                costs.iter().copied(),
                7,
                4,
                cost_colour.stroke_width(2),
            ))
            .map_err(|e| fail(&e))?;
        chart
            .draw_secondary_series(costs.iter().map(|&(mb, usd)| {
                EmptyElement::at((mb, usd)) + Rectangle::new([(-4, -4), (4, 4)], cost_colour)
            }))
            .map_err(|e| fail(&e))?;
    }

    // The picks, above their point on the duration curve: a triangle, a cross and a ring, each
    // labelled; picks that share a size stack upwards.
    if let Some(picks) = picks {
        let marks = [picks.cheapest, picks.fastest, picks.balanced];
        for (rank, index) in marks.iter().enumerate() {
            let Some(result) = results.get(*index) else { continue };
            let at = EmptyElement::at((f64::from(result.memory_mb), result.mean_ms));
            let shared = marks[..rank].iter().filter(|other| *other == index).count() as i32;
            let y = -16 - 18 * shared;
            let label = Text::new(PICK_NAMES[rank], (10, y - 7), font.clone());
            let drawn = match rank {
                0 => chart.draw_series(std::iter::once(
                    at + TriangleMarker::new((0, y), 7, PICK.filled()) + label,
                )),
                1 => chart.draw_series(std::iter::once(
                    at + Cross::new((0, y), 5, PICK.stroke_width(3)) + label,
                )),
                _ => chart.draw_series(std::iter::once(
                    at + Circle::new((0, y), 5, PICK.stroke_width(2)) + label,
                )),
            };
            drawn.map_err(|e| fail(&e))?;
        }
    }
    root.present().map_err(|e| fail(&e))
}
