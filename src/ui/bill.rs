//! The itemised bill under the bill section's figure: each line for the run so far and per
//! month, the same usage priced for the other architecture, and line selection (click or
//! keyboard) that outlines the part of the figure the line comes from.

use leptos::prelude::*;

use crate::figure::Part;
use crate::figure::bill::{BillView, dollars};

/// The bill table. Selecting a line sets `highlight` to its part; selecting it again clears it.
#[component]
pub fn BillTable(
    /// The latest bill (none before the first reading).
    bill: ReadSignal<Option<BillView>>,
    /// The highlighted part of the figure.
    highlight: RwSignal<Option<(usize, Part)>>,
) -> impl IntoView {
    let rows = move || {
        let Some(view) = bill.get() else {
            return view! { <tr><td colspan="4">"No bill yet: press play."</td></tr> }.into_any();
        };
        let (run, month, other) = view.totals();
        let lines = view
            .lines
            .clone()
            .into_iter()
            .enumerate()
            .map(move |(index, line)| {
                let selected = move || highlight.get().is_some_and(|(chosen, _)| chosen == index);
                let part = line.part;
                view! {
                    <tr class:selected=selected>
                        <th scope="row">
                            <button type="button" class="bill-line"
                                data-testid=format!("bill-line-{index}")
                                aria-pressed=move || selected().to_string()
                                on:click=move |_| highlight.update(|current| {
                                    *current = match current {
                                        Some((chosen, _)) if *chosen == index => None,
                                        _ => Some((index, part)),
                                    };
                                })>
                                {line.name}
                            </button>
                        </th>
                        <td>{dollars(line.run_usd)}</td>
                        <td>{dollars(line.month_usd)}</td>
                        <td>{dollars(line.other_month_usd)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {lines}
            <tr class="total">
                <th scope="row">"Total"</th>
                <td data-testid="bill-total-run">{dollars(run)}</td>
                <td data-testid="bill-total-month">{dollars(month)}</td>
                <td data-testid="bill-total-other">{dollars(other)}</td>
            </tr>
        }
        .into_any()
    };
    let heading = move || match bill.get() {
        Some(view) => format!(
            "The bill for {:.1} simulated seconds on {}, per month at this rate, and the same \
             usage at {} prices",
            view.seconds, view.architecture, view.other_architecture
        ),
        None => "The bill".to_owned(),
    };
    let other = move || bill.get().map_or("other", |view| view.other_architecture);
    view! {
        <div class="bill" data-testid="bill">
            <table>
                <caption>{heading}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Line (select to find it in the figure)"</th>
                        <th scope="col">"This run"</th>
                        <th scope="col">"Per month"</th>
                        <th scope="col">"Per month on " {other}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="note">
                "The last column prices this run's own usage (the same GB-seconds) at the other \
                 architecture's rates; it does not rerun the model, so any speed difference of \
                 your code on Graviton is not in it. A month is 730 hours at this run's average."
            </p>
        </div>
    }
}
