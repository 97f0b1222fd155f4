//! Under the cold-start figure: provisioned concurrency against the cold starts it removes.
//! On request, the figure's current setup is replayed headless for two simulated minutes
//! (one whole wave) at six provisioned values, and a table shows each one's cold starts and
//! hourly price.

use leptos::prelude::*;

use crate::figure::bill::dollars;
use crate::figure::sweep::{
    SweepRow, cost_per_cold_start_removed, provisioned_sweep, sweep_values,
};
use crate::figure::thousands;
use crate::setup::{Control, Setup};

/// Simulated seconds each replay runs.
const SWEEP_S: f64 = 120.0;

/// The comparison table and the button that fills it.
#[component]
pub fn ProvisionedSweep(
    /// The figure's current setup.
    setup: Signal<Setup>,
) -> impl IntoView {
    let (rows, set_rows) = signal(Vec::<SweepRow>::new());
    let run = move |_| {
        let current = setup.get_untracked();
        let largest = current.get(Control::Provisioned).max(50);
        set_rows.set(provisioned_sweep(&current, &sweep_values(largest), SWEEP_S));
    };
    let table = move || {
        let rows = rows.get();
        if rows.is_empty() {
            return None;
        }
        let cheapest = rows
            .iter()
            .min_by(|a, b| a.function_per_hour.total_cmp(&b.function_per_hour))
            .map_or(0, |row| row.provisioned);
        let body = rows
            .iter()
            .map(|row| {
                let price = cost_per_cold_start_removed(&rows, row, SWEEP_S)
                    .map_or("—".to_owned(), dollars);
                view! {
                    <tr>
                        <th scope="row">{thousands(u64::from(row.provisioned))}</th>
                        <td>{thousands(row.cold_starts)}</td>
                        <td>{dollars(row.standby_per_hour)}</td>
                        <td>{dollars(row.function_per_hour)}</td>
                        <td>{price}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <table data-testid="sweep-table">
                <caption>
                    "The same two minutes (one wave) replayed at each provisioned concurrency, \
                     every other setting as above"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Provisioned"</th>
                        <th scope="col">"Cold starts"</th>
                        <th scope="col">"Standby per hour"</th>
                        <th scope="col">"Function per hour"</th>
                        <th scope="col">"Per cold start removed"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            <p class="note" data-testid="sweep-note">
                "Cheapest function bill: " {thousands(u64::from(cheapest))}
                " provisioned. Provisioned concurrency pays for itself only when its \
                 cashiers are busy about 60% of the time or more; below that, each cold start \
                 it removes has the price in the last column (a negative price is a saving)."
            </p>
        })
    };
    view! {
        <div class="bill sweep">
            <button type="button" data-testid="sweep-run" on:click=run>
                "Compare provisioned concurrency (replays the model six times)"
            </button>
            {table}
        </div>
    }
}
