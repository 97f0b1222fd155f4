//! A labelled range slider that shows its value with its unit; keyboard-operable because it is
//! a native `<input type="range">`.

use leptos::prelude::*;

use crate::figure::{SliderRange, thousands};

/// A labelled range slider showing its value and unit.
#[component]
pub fn Slider(
    /// Element id, also used to label it.
    id: &'static str,
    /// What the slider sets.
    label: &'static str,
    /// The unit of the value.
    unit: &'static str,
    /// Smallest value and step (the largest comes from `max`).
    range: SliderRange,
    /// Current value.
    value: Signal<u32>,
    /// Largest value allowed now.
    max: Signal<u32>,
    /// Called on every movement.
    on_input: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let input_id = format!("slider-{id}");
    let shown = move || match (id, value.get()) {
        ("reserved", 0) => "not set (shares the account pool)".to_owned(),
        (_, value) => format!("{} {unit}", thousands(u64::from(value))),
    };
    view! {
        <div class="slider">
            <label for=input_id.clone()>
                {label}": " <output for=input_id.clone()>{shown}</output>
            </label>
            <input type="range" id=input_id data-testid=format!("slider-{id}")
                min=range.min max=move || max.get() step=range.step
                prop:value=move || value.get().to_string()
                aria-valuetext=shown
                on:input=on_input />
        </div>
    }
}
