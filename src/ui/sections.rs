//! What each section shows below its prose: its live figure, lab, checks or walkthroughs.
//!
//! One match arm per section id, so the parts of the workbook stay independent of each other.

use leptos::prelude::*;

use super::exercise::{ExerciseSet, QuickCheck};
use super::{figure, interview};
use crate::chapter::Section;

/// The interactive part of `section`, below its prose.
pub fn section_body(section: Section) -> AnyView {
    match section.id {
        "concurrency" => {
            view! { <figure::DoorFigure /> <QuickCheck objective="concurrency" /> }.into_any()
        }
        "cold-starts" => {
            // figure: added by the figures helper
            view! { <QuickCheck objective="cold-starts" /> }.into_any()
        }
        "caching" => {
            // figure: added by the figures helper
            view! { <QuickCheck objective="caching" /> }.into_any()
        }
        "memory" => {
            view! { <super::tuning::TuningLab /> <QuickCheck objective="memory" /> }.into_any()
        }
        "downstream" => {
            // figure: added by the figures helper
            view! { <QuickCheck objective="downstream" /> }.into_any()
        }
        "exercises" => view! { <ExerciseSet /> }.into_any(),
        "interviews" => view! { <interview::Interviews /> }.into_any(),
        "challenges" => view! { <super::challenge::Challenges /> }.into_any(),
        _ => coming().into_any(),
    }
}

/// The note shown where a section's interactive part is not built yet.
fn coming() -> impl IntoView {
    view! { <p class="coming">"The live figure and exercises for this section are coming."</p> }
}
