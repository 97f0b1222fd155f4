//! One control of a figure, rendered from the setup catalogue: a labelled range slider that
//! shows its value with its unit (and a maximum that moves with the other controls), a select
//! for a choice, a checkbox for a toggle; and a plain labelled slider for values outside the
//! catalogue. All native inputs, so all keyboard-operable.

use leptos::prelude::*;

use crate::figure::spec::{control_max, value_text};
use crate::figure::{SliderRange, thousands};
use crate::setup::{Control, Input, Setup};

/// One labelled control bound to a setup.
#[component]
pub fn ControlInput(
    /// Which control.
    control: Control,
    /// The figure's current setup.
    setup: Signal<Setup>,
    /// Called with the control's new value on every movement.
    on_change: Callback<(Control, u32)>,
) -> impl IntoView {
    let info = control.info();
    let shown = move || value_text(&setup.get(), control);
    match info.input {
        Input::Range { min, step, .. } => {
            let input_id = format!("slider-{}", info.key);
            view! {
                <div class="slider">
                    <label for=input_id.clone()>
                        {info.label}": " <output for=input_id.clone()>{shown}</output>
                    </label>
                    <input type="range" id=input_id.clone() data-testid=input_id
                        min=min max=move || control_max(&setup.get(), control) step=step
                        prop:value=move || setup.get().get(control).to_string()
                        aria-valuetext=shown
                        on:input=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<u32>() {
                                on_change.run((control, value));
                            }
                        } />
                </div>
            }
            .into_any()
        }
        Input::Choice(options) => {
            let input_id = format!("select-{}", info.key);
            view! {
                <div class="slider">
                    <label for=input_id.clone()>{info.label}</label>
                    <select id=input_id.clone() data-testid=input_id
                        prop:value=move || setup.get().get(control).to_string()
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<u32>() {
                                on_change.run((control, value));
                            }
                        }>
                        {options.iter().enumerate().map(|(index, name)| view! {
                            <option value=index.to_string()
                                selected=move || setup.get().get(control) as usize == index>
                                {*name}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
        Input::Toggle => {
            let input_id = format!("toggle-{}", info.key);
            view! {
                <div class="slider toggle">
                    <input type="checkbox" id=input_id.clone() data-testid=input_id.clone()
                        prop:checked=move || setup.get().is_on(control)
                        on:change=move |event| {
                            on_change.run((control, u32::from(event_target_checked(&event))));
                        } />
                    <label for=input_id>{info.label}</label>
                </div>
            }
            .into_any()
        }
    }
}

/// A labelled range slider showing its value and unit, for values outside the setup catalogue
/// (the memory lab's).
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
    let shown = move || format!("{} {unit}", thousands(u64::from(value.get())));
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
