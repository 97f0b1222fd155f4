//! The controls of a challenge answer, rendered from the shared catalogue (`Control::info()`):
//! a labelled slider showing its value with its unit, a select for a choice, a checkbox for a
//! toggle.
//! Each is a native input, so it is keyboard-operable and announced with its label.

use leptos::prelude::*;

use crate::setup::{Control, Input, Setup};

/// One control bound to `setup`; `id_prefix` makes the element ids unique on the page.
#[component]
pub fn ControlInput(
    /// Which control.
    control: Control,
    /// The answer being edited.
    setup: RwSignal<Setup>,
    /// Prefix of the element id (`<prefix>-<key>`), also its `data-testid`.
    id_prefix: String,
) -> impl IntoView {
    let info = control.info();
    let id = format!("{id_prefix}-{}", info.key);
    let shown = move || setup.get().describe(control);
    let set = move |value: u32| setup.update(|setup| setup.set(control, value));
    match info.input {
        Input::Range { min, step, .. } => view! {
            <div class="control control-range">
                <label for=id.clone()>
                    {info.label} ": " <output for=id.clone()>{shown}</output>
                </label>
                <input type="range" id=id.clone() data-testid=id.clone() data-key=info.key
                    min=min max=move || setup.get().max_of(control) step=step
                    prop:value=move || setup.get().get(control).to_string()
                    aria-valuetext=shown
                    on:input=move |event| {
                        if let Ok(value) = event_target_value(&event).parse::<u32>() {
                            set(value);
                        }
                    } />
            </div>
        }
        .into_any(),
        Input::Choice(options) => view! {
            <div class="control control-choice">
                <label for=id.clone()>{info.label}</label>
                <select id=id.clone() data-testid=id.clone() data-key=info.key
                    prop:value=move || setup.get().get(control).to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).parse::<u32>() {
                            set(value);
                        }
                    }>
                    {options.iter().enumerate().map(|(index, name)| {
                        let index = index as u32;
                        view! {
                            <option value=index.to_string()
                                selected=move || setup.get().get(control) == index>
                                {*name}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
        Input::Toggle => view! {
            <div class="control control-toggle">
                <input type="checkbox" id=id.clone() data-testid=id.clone() data-key=info.key
                    prop:checked=move || setup.get().is_on(control)
                    on:change=move |event| set(u32::from(event_target_checked(&event))) />
                <label for=id.clone()>{info.label}</label>
            </div>
        }
        .into_any(),
    }
}
