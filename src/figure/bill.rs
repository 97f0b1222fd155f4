//! The itemised bill under the bill section's figure: the model's [`Bill`] lines for the run so
//! far and projected to a month, the part of the figure each line comes from, and the same
//! usage priced for the other architecture (x86_64 against arm64).

use scaling_model::{Architecture, Bill, Scenario};

use super::spec::Part;
use super::thousands;

/// Dollars with the precision the amount needs: "$0.000123" (three significant digits below a
/// cent), "$0.0450" below a dollar, "$1,234.56" above.
pub fn dollars(amount: f64) -> String {
    if !amount.is_finite() {
        return "—".to_owned();
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    let amount = amount.abs();
    if amount == 0.0 {
        "$0".to_owned()
    } else if amount < 0.01 {
        let digits = (2 - amount.log10().floor() as i32).clamp(2, 9) as usize;
        format!("{sign}${amount:.digits$}")
    } else if amount < 1.0 {
        format!("{sign}${amount:.4}")
    } else {
        let cents = (amount * 100.0).round() as u64;
        format!("{sign}${}.{:02}", thousands(cents / 100), cents % 100)
    }
}

/// One line of the bill.
#[derive(Debug, Clone, PartialEq)]
pub struct BillLine {
    /// What is charged.
    pub name: &'static str,
    /// The part of the figure that produced it.
    pub part: Part,
    /// Dollars for the run so far.
    pub run_usd: f64,
    /// Dollars per 730-hour month at this run's average rate.
    pub month_usd: f64,
    /// The month's dollars had the same usage been priced for the other architecture.
    pub other_month_usd: f64,
}

/// The bill as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct BillView {
    /// The lines, in the model's order, without the total.
    pub lines: Vec<BillLine>,
    /// The run's architecture ("x86_64" or "arm64").
    pub architecture: &'static str,
    /// The other one.
    pub other_architecture: &'static str,
    /// Simulated seconds the bill covers.
    pub seconds: f64,
}

impl BillView {
    /// Totals: (run, month, month at the other architecture's prices).
    pub fn totals(&self) -> (f64, f64, f64) {
        self.lines.iter().fold((0.0, 0.0, 0.0), |(run, month, other), line| {
            (run + line.run_usd, month + line.month_usd, other + line.other_month_usd)
        })
    }
}

/// The part of the figure a bill line (by its name in [`Bill::lines`]) comes from.
pub fn part_of(name: &str) -> Part {
    match name {
        "Lambda requests" | "API Gateway requests" => Part::Door,
        "Lambda on-demand duration" => Part::Cashiers,
        "Provisioned concurrency standby" | "Provisioned concurrency duration" => Part::Provisioned,
        "Database" | "Connection proxy" => Part::Grill,
        _ => Part::Caches,
    }
}

/// The bill of a run: `run` so far and `month` projected, priced under `scenario` (whose
/// architecture must be the one the whole run used; the figure restarts when it changes).
pub fn bill_view(run: &Bill, month: &Bill, scenario: &Scenario, seconds: f64) -> BillView {
    let prices = &scenario.prices;
    let x86 = [
        prices.duration_gb_s_x86,
        prices.provisioned_gb_s_x86,
        prices.provisioned_duration_gb_s_x86,
    ];
    let arm = [
        prices.duration_gb_s_arm,
        prices.provisioned_gb_s_arm,
        prices.provisioned_duration_gb_s_arm,
    ];
    let (this, other, architecture, other_architecture) = match scenario.function.architecture {
        Architecture::X86_64 => (x86, arm, "x86_64", "arm64"),
        Architecture::Arm64 => (arm, x86, "arm64", "x86_64"),
    };
    let ratio = |index: usize| if this[index] > 0.0 { other[index] / this[index] } else { 1.0 };
    let lines = run
        .lines()
        .into_iter()
        .zip(month.lines())
        .map(|((name, run_usd), (_, month_usd))| {
            let factor = match name {
                "Lambda on-demand duration" => ratio(0),
                "Provisioned concurrency standby" => ratio(1),
                "Provisioned concurrency duration" => ratio(2),
                _ => 1.0,
            };
            BillLine {
                name,
                part: part_of(name),
                run_usd,
                month_usd,
                other_month_usd: month_usd * factor,
            }
        })
        .collect();
    BillView { lines, architecture, other_architecture, seconds }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::{Control, Setup};

    #[test]
    fn dollars_keep_honest_precision() {
        assert_eq!(dollars(0.0), "$0");
        assert_eq!(dollars(0.000_123_4), "$0.000123");
        assert_eq!(dollars(0.004_2), "$0.00420");
        assert_eq!(dollars(0.045), "$0.0450");
        assert_eq!(dollars(3.0), "$3.00");
        assert_eq!(dollars(2_190.456), "$2,190.46");
        assert_eq!(dollars(f64::NAN), "—");
    }

    #[test]
    fn every_line_has_a_part_and_arm_costs_less_for_the_same_usage() {
        let setup = Setup::default()
            .with(Control::Provisioned, 10)
            .with(Control::RedisTtlS, 60)
            .with(Control::DatabaseOn, 1)
            .with(Control::ArrivalRate, 200);
        let mut simulation = scaling_model::Simulation::new(setup.scenario()).unwrap();
        simulation.advance_to(20.0);
        let summary = simulation.summary();
        let view = bill_view(&summary.cost_usd, &summary.monthly_cost_usd, &setup.scenario(), 20.0);
        assert_eq!(view.lines.len(), 10);
        assert_eq!((view.architecture, view.other_architecture), ("x86_64", "arm64"));
        let (run, month, other) = view.totals();
        assert!((run - summary.cost_usd.total).abs() < 1e-9);
        assert!((month - summary.monthly_cost_usd.total).abs() < 1e-6);
        assert!(other < month, "arm64 is priced 20% lower per GB-second");
        let duration = &view.lines[1];
        assert_eq!(duration.part, Part::Cashiers);
        assert!((duration.other_month_usd / duration.month_usd - 0.8).abs() < 1e-3);
        assert_eq!(view.lines[0].other_month_usd, view.lines[0].month_usd);
        assert_eq!(part_of("Redis"), Part::Caches);
        assert_eq!(part_of("Connection proxy"), Part::Grill);
        assert_eq!(view.lines[2].part, Part::Provisioned);
    }
}
