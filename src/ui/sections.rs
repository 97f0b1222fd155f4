//! What each section shows below its prose: its live figure, lab, checks or walkthroughs.
//!
//! One match arm per section id, so the parts of the workbook stay independent of each other.

use leptos::prelude::*;

use super::exercise::{ExerciseSet, QuickCheck};
use super::figure::LiveFigure;
use super::interview;
use crate::chapter::Section;
use crate::figure::FigureSpec;
use crate::figure::spec::{SPECS, spec_for};

/// The interactive part of `section`, below its prose.
pub fn section_body(section: Section) -> AnyView {
    match section.id {
        "concurrency" => view! {
            <LiveFigure spec=spec("concurrency") />
            <QuickCheck objective="concurrency" />
        }
        .into_any(),
        "cold-starts" => view! {
            <LiveFigure spec=spec("cold-starts") />
            <QuickCheck objective="cold-starts" />
        }
        .into_any(),
        "caching" => view! {
            <LiveFigure spec=spec("caching") />
            <QuickCheck objective="caching" />
        }
        .into_any(),
        "memory" => {
            view! { <super::tuning::TuningLab /> <QuickCheck objective="memory" /> }.into_any()
        }
        "downstream" => view! {
            <LiveFigure spec=spec("downstream") />
            <QuickCheck objective="downstream" />
        }
        .into_any(),
        "bill" => view! { <LiveFigure spec=spec("bill") /> }.into_any(),
        "ticket-sale" => view! { <LiveFigure spec=spec("ticket-sale") /> }.into_any(),
        "sandbox" => view! { <LiveFigure spec=spec("sandbox") /> }.into_any(),
        crate::route::EXERCISES_ID => view! { <ExerciseSet /> }.into_any(),
        "interviews" => view! { <interview::Interviews /> }.into_any(),
        "challenges" => view! { <super::challenge::Challenges /> }.into_any(),
        _ => coming().into_any(),
    }
}

/// The figure spec of section `id` (every arm above names one that exists; the first spec is
/// a harmless fallback should one go missing).
fn spec(id: &str) -> &'static FigureSpec {
    spec_for(id).unwrap_or(&SPECS[0])
}

/// The note shown where a section's interactive part is not built yet.
fn coming() -> impl IntoView {
    view! { <p class="coming">"The live figure and exercises for this section are coming."</p> }
}
