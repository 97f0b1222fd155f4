//! Provisioned concurrency against the cold starts it removes: the cold-start section's setup
//! replayed headless at several provisioned values, each priced per hour, so a learner sees
//! what each removed cold start costs and which setting is cheapest overall.

use scaling_model::Simulation;

use crate::setup::{Control, Setup};

/// One replay of the sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepRow {
    /// Provisioned concurrency of this replay.
    pub provisioned: u32,
    /// Requests that waited for a cold start.
    pub cold_starts: u64,
    /// Provisioned standby, in dollars per hour.
    pub standby_per_hour: f64,
    /// Everything the function costs (requests, on-demand and provisioned duration, standby),
    /// in dollars per hour at this replay's rate.
    pub function_per_hour: f64,
}

/// Provisioned values a sweep tries: 0 and five steps up to `largest` (rounded to tens).
pub fn sweep_values(largest: u32) -> Vec<u32> {
    let step = (largest / 5).max(10).div_ceil(10) * 10;
    (0..=5).map(|index| index * step).collect()
}

/// Replays `setup` for `seconds` at each provisioned value in `values` (values above what the
/// setup allows are clamped, duplicates dropped).
pub fn provisioned_sweep(setup: &Setup, values: &[u32], seconds: f64) -> Vec<SweepRow> {
    let mut rows: Vec<SweepRow> = Vec::with_capacity(values.len());
    for value in values {
        let replay = setup.with(Control::Provisioned, *value);
        let provisioned = replay.get(Control::Provisioned);
        if rows.iter().any(|row| row.provisioned == provisioned) {
            continue;
        }
        let Ok(mut simulation) = Simulation::new(replay.scenario()) else { continue };
        simulation.advance_to(seconds);
        let summary = simulation.summary();
        let bill = summary.cost_usd;
        let per_hour = |dollars: f64| dollars / seconds.max(1e-9) * 3_600.0;
        rows.push(SweepRow {
            provisioned,
            cold_starts: summary.cold_starts,
            standby_per_hour: per_hour(bill.provisioned_standby),
            function_per_hour: per_hour(
                bill.lambda_requests
                    + bill.lambda_on_demand_duration
                    + bill.provisioned_standby
                    + bill.provisioned_duration,
            ),
        });
    }
    rows
}

/// The dollars per hour each cold start removed costs, against the first row (no provisioned
/// concurrency): extra function cost per hour ÷ cold starts removed per hour. `None` when a
/// row removes none.
pub fn cost_per_cold_start_removed(rows: &[SweepRow], row: &SweepRow, seconds: f64) -> Option<f64> {
    let first = rows.first()?;
    let removed = first.cold_starts.checked_sub(row.cold_starts).filter(|removed| *removed > 0)?;
    let removed_per_hour = removed as f64 / seconds * 3_600.0;
    Some((row.function_per_hour - first.function_per_hour) / removed_per_hour)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::spec::spec_for;

    #[test]
    fn values_step_in_tens() {
        assert_eq!(sweep_values(50), [0, 10, 20, 30, 40, 50]);
        assert_eq!(sweep_values(12), [0, 10, 20, 30, 40, 50]);
        assert_eq!(sweep_values(200), [0, 40, 80, 120, 160, 200]);
    }

    #[test]
    fn more_provisioned_removes_cold_starts_at_a_standing_price() {
        let setup = (spec_for("cold-starts").expect("figure").base)();
        let rows = provisioned_sweep(&setup, &sweep_values(50), 120.0);
        assert_eq!(rows.len(), 6);
        assert!(rows.windows(2).all(|pair| pair[1].cold_starts <= pair[0].cold_starts));
        assert!(rows.windows(2).all(|pair| pair[1].standby_per_hour > pair[0].standby_per_hour));
        assert!(rows[0].cold_starts > 30 && rows[5].cold_starts == 0, "{rows:?}");
        // 50 provisioned 512 MB cashiers stand by for 50 × 0.5 GB × $0.015 = $0.375 an hour.
        assert!((rows[5].standby_per_hour - 0.375).abs() < 0.001, "{}", rows[5].standby_per_hour);
        let price = cost_per_cold_start_removed(&rows, &rows[5], 120.0).expect("some removed");
        assert!(price > 0.0, "removing the last cold starts costs money: {price}");
        // The prose: 10 provisioned cashiers are busy most of the wave (above the 60%
        // break-even), so they are the cheapest setting, cheaper than none.
        let cheapest =
            rows.iter().min_by(|a, b| a.function_per_hour.total_cmp(&b.function_per_hour));
        assert_eq!(cheapest.map(|row| row.provisioned), Some(10));
        assert_eq!(cost_per_cold_start_removed(&rows, &rows[0], 120.0), None);
    }
}
