//! The view-model of the first live figure, "the door and the cashiers" (concurrency section):
//! slider settings → model scenario, model snapshot → what is drawn and said, series → chart.
//!
//! Everything here is plain Rust so it is tested natively; `ui::figure` only wires it to the
//! DOM, the canvas and the animation loop.

use std::collections::VecDeque;

use scaling_model::{EnvironmentState, Scenario, SeriesRow, Snapshot, Traffic};

/// A slider's range: smallest value, largest value and step, in the slider's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliderRange {
    /// Smallest value.
    pub min: u32,
    /// Largest value.
    pub max: u32,
    /// Step between values.
    pub step: u32,
}

/// Concurrency AWS keeps unreserved in every account (the model checks the same rule).
pub const UNRESERVED_MINIMUM: u32 = 100;

/// Arrival rate slider, in requests per second.
pub const RATE_SLIDER: SliderRange = SliderRange { min: 0, max: 4_000, step: 50 };
/// Account concurrency limit slider, in concurrent executions.
pub const LIMIT_SLIDER: SliderRange = SliderRange { min: 100, max: 3_000, step: 50 };
/// Reserved concurrency slider; 0 means "not set" (the function shares the account pool).
pub const RESERVED_SLIDER: SliderRange = SliderRange { min: 0, max: 2_900, step: 50 };

/// Mean handler duration used by the figure, in milliseconds. One second makes the concurrency
/// needed easy to estimate: it equals the arrival rate (Little's law), as the section's text
/// says.
pub const HANDLER_MS: f64 = 1_000.0;
/// Width of one chart point, in simulated seconds.
pub const INTERVAL_S: f64 = 0.5;
/// Simulated seconds the chart shows.
pub const CHART_WINDOW_S: f64 = 60.0;
/// Simulated seconds run silently when the figure starts a fresh run (a new seed), so it
/// continues warm.
pub const WARM_UP_S: f64 = 3.0;

/// What the learner set with the figure's controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Mean arrivals per second (Poisson).
    pub arrival_rate_per_s: u32,
    /// The account's concurrency limit.
    pub account_limit: u32,
    /// Reserved concurrency for this function; 0 means not set.
    pub reserved: u32,
    /// Seed of the simulation's randomness.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { arrival_rate_per_s: 800, account_limit: 1_000, reserved: 0, seed: 1 }
    }
}

impl Settings {
    /// The largest reserved concurrency the account limit allows (AWS keeps 100 unreserved).
    pub fn reserved_max(&self) -> u32 {
        self.account_limit.saturating_sub(UNRESERVED_MINIMUM)
    }

    /// The same settings with every value inside its slider and the reservation inside the
    /// account limit, so the scenario always validates.
    pub fn clamped(self) -> Settings {
        let clamp = |value: u32, range: SliderRange| value.clamp(range.min, range.max);
        let account_limit = clamp(self.account_limit, LIMIT_SLIDER);
        let mut settings = Settings {
            arrival_rate_per_s: clamp(self.arrival_rate_per_s, RATE_SLIDER),
            account_limit,
            reserved: clamp(self.reserved, RESERVED_SLIDER),
            seed: self.seed,
        };
        settings.reserved = settings.reserved.min(settings.reserved_max());
        settings
    }

    /// The concurrency the function can reach: the reservation if set, else the account limit.
    pub fn effective_limit(&self) -> u32 {
        if self.reserved > 0 { self.reserved } else { self.account_limit }
    }

    /// The model scenario for these settings: a long Poisson run with the database switched off,
    /// so only the door and the cashiers matter.
    pub fn scenario(&self) -> Scenario {
        let settings = self.clamped();
        let mut scenario = Scenario {
            name: "door and cashiers".to_owned(),
            seed: settings.seed,
            duration_s: 3_600.0,
            interval_s: INTERVAL_S,
            record_events: true,
            traffic: Traffic::Poisson { rate_per_s: f64::from(settings.arrival_rate_per_s) },
            ..Scenario::default()
        };
        scenario.function.account_concurrency_limit = settings.account_limit;
        scenario.function.reserved_concurrency =
            (settings.reserved > 0).then_some(settings.reserved);
        scenario.function.handler_ms = HANDLER_MS;
        scenario.database.enabled = false;
        scenario
    }
}

impl Settings {
    /// Reads settings from a link's parameters (`rate=2000&limit=300&reserved=0&seed=4`), so an
    /// instructor can share a prepared setup. Missing parameters keep their defaults; bad ones
    /// are skipped with a message, and values are clamped to the sliders.
    pub fn from_query(query: &str) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let shown: String = pair.chars().take(40).collect();
            let Ok(number) = value.parse::<u64>() else {
                problems.push(format!("ignored “{shown}”: not a whole number"));
                continue;
            };
            let small = u32::try_from(number).unwrap_or(u32::MAX);
            match name {
                "rate" => settings.arrival_rate_per_s = small,
                "limit" => settings.account_limit = small,
                "reserved" => settings.reserved = small,
                "seed" => settings.seed = number,
                _ => problems.push(format!("ignored “{shown}”: unknown setting")),
            }
        }
        (settings.clamped(), problems)
    }

    /// The link parameters that reproduce these settings.
    pub fn to_query(&self) -> String {
        format!(
            "rate={}&limit={}&reserved={}&seed={}",
            self.arrival_rate_per_s, self.account_limit, self.reserved, self.seed
        )
    }
}

/// The counts one frame of the figure shows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameCounts {
    /// The function's concurrency limit.
    pub limit: u32,
    /// Cashiers serving a customer.
    pub busy: u32,
    /// Cashiers putting on the apron (cold starts).
    pub initializing: u32,
    /// Cashiers waiting at the counter.
    pub idle: u32,
    /// Requests inside the function (busy plus initialising).
    pub in_flight: u32,
    /// Throttles since the simulation started.
    pub throttled_total: u64,
    /// Of those, turned away because every allowed cashier was busy (the limit).
    pub throttled_at_limit: u64,
    /// Of those, turned away while new cashiers could not be added fast enough (the
    /// per-function scaling rate, or the account's requests-per-second limit).
    pub throttled_scaling: u64,
    /// Arrivals since the simulation started.
    pub arrivals_total: u64,
}

impl FrameCounts {
    /// Why customers were turned away, in words: "2,886 (all at the limit)", or a split
    /// between the limit and the scaling rate.
    pub fn throttle_breakdown(&self) -> String {
        let total = thousands(self.throttled_total);
        match (self.throttled_at_limit, self.throttled_scaling) {
            (_, _) if self.throttled_total == 0 => total,
            (_, 0) => format!("{total} (all at the limit)"),
            (0, _) => format!("{total} (all while new cashiers were still being hired)"),
            (at_limit, scaling) => format!(
                "{total} ({} at the limit, {} while new cashiers were still being hired)",
                thousands(at_limit),
                thousands(scaling)
            ),
        }
    }

    /// Reads the counts out of a model snapshot.
    pub fn from_snapshot(snapshot: &Snapshot) -> FrameCounts {
        let count = |state| u32::try_from(snapshot.count(state)).unwrap_or(u32::MAX);
        FrameCounts {
            limit: snapshot.concurrency_limit,
            busy: count(EnvironmentState::Busy),
            initializing: count(EnvironmentState::Initializing),
            idle: count(EnvironmentState::Idle),
            in_flight: snapshot.in_flight,
            throttled_total: snapshot.totals.throttled,
            throttled_at_limit: snapshot.totals.throttle_reasons.concurrency_limit,
            throttled_scaling: snapshot.totals.throttle_reasons.scaling_rate
                + snapshot.totals.throttle_reasons.requests_per_second,
            arrivals_total: snapshot.totals.arrivals,
        }
    }
}

/// The sentence the screen-reader live region reads.
pub fn describe(counts: &FrameCounts, throttled_last_second: u64) -> String {
    let mut text = format!(
        "{} of {} cashiers busy",
        thousands(u64::from(counts.in_flight)),
        thousands(u64::from(counts.limit))
    );
    if counts.initializing > 0 {
        text.push_str(&format!(
            " ({} putting on the apron)",
            thousands(u64::from(counts.initializing))
        ));
    }
    text.push_str(&format!(", {} idle; ", thousands(u64::from(counts.idle))));
    match throttled_last_second {
        0 => text.push_str("no customers turned away in the last second."),
        1 => text.push_str("1 customer turned away (HTTP 429) in the last second."),
        n => text.push_str(&format!(
            "{} customers turned away (HTTP 429) in the last second.",
            thousands(n)
        )),
    }
    text
}

/// Formats a count with thousands separators: `12,345`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Running throttle totals over figure time, to answer "how many in the last second".
///
/// Figure time keeps growing across fresh simulations (a new seed), unlike model time.
#[derive(Debug, Clone, Default)]
pub struct ThrottleWindow {
    samples: VecDeque<(f64, u64)>,
}

impl ThrottleWindow {
    /// Records that `throttled_total` throttles have happened by figure time `time_s`.
    pub fn record(&mut self, time_s: f64, throttled_total: u64) {
        self.samples.push_back((time_s, throttled_total));
        while self.samples.len() > 2 && self.samples[1].0 <= time_s - 1.0 {
            self.samples.pop_front();
        }
    }

    /// Throttles during the last second of figure time (or since the first sample).
    pub fn last_second(&self) -> u64 {
        match (self.samples.front(), self.samples.back()) {
            (Some(first), Some(last)) => last.1.saturating_sub(first.1),
            _ => 0,
        }
    }

    /// Forgets everything (after a fresh simulation, totals restart at zero).
    pub fn clear(&mut self) {
        self.samples.clear();
    }
}

/// One point of the live chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    /// Figure time at the end of the interval, in seconds.
    pub time_s: f64,
    /// Requests in flight at the end of the interval.
    pub in_flight: u32,
    /// The concurrency limit then.
    pub limit: u32,
    /// Throttles per second during the interval.
    pub throttled_per_s: f64,
}

/// The chart's data: the last [`CHART_WINDOW_S`] seconds of figure time.
#[derive(Debug, Clone, Default)]
pub struct ChartHistory {
    points: VecDeque<ChartPoint>,
    rows_taken: usize,
}

impl ChartHistory {
    /// Appends the rows of `series` not taken yet. `offset_s` turns model time into figure
    /// time; `limit` is the limit the rows were produced under.
    pub fn take_rows(&mut self, series: &[SeriesRow], offset_s: f64, limit: u32) -> bool {
        let new_rows = series.get(self.rows_taken..).unwrap_or_default();
        for row in new_rows {
            self.points.push_back(ChartPoint {
                time_s: offset_s + row.start_s + INTERVAL_S,
                in_flight: row.in_flight,
                limit,
                throttled_per_s: row.throttled as f64 / INTERVAL_S,
            });
        }
        self.rows_taken = series.len();
        if let Some(last) = self.points.back().map(|point| point.time_s) {
            while self.points.front().is_some_and(|point| point.time_s < last - CHART_WINDOW_S) {
                self.points.pop_front();
            }
        }
        !new_rows.is_empty()
    }

    /// Starts reading a new simulation's series after its first `rows_to_skip` rows (its warm-up);
    /// the points already taken stay.
    pub fn new_simulation(&mut self, rows_to_skip: usize) {
        self.rows_taken = rows_to_skip;
    }

    /// Forgets all points.
    pub fn clear(&mut self) {
        self.points.clear();
        self.rows_taken = 0;
    }

    /// The points, oldest first.
    pub fn points(&self) -> impl Iterator<Item = &ChartPoint> {
        self.points.iter()
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// A short text summary of the chart for assistive technology and tests.
    pub fn summary(&self) -> String {
        let Some(last) = self.points.back() else {
            return "No data yet.".to_owned();
        };
        let peak = self.points.iter().map(|point| point.in_flight).max().unwrap_or(0);
        let throttled: f64 =
            self.points.iter().map(|point| point.throttled_per_s * INTERVAL_S).sum();
        format!(
            "Last {:.0} s: in flight now {}, peak {}, limit {}; {} throttled.",
            (last.time_s - self.points[0].time_s + INTERVAL_S).min(CHART_WINDOW_S),
            thousands(u64::from(last.in_flight)),
            thousands(u64::from(peak)),
            thousands(u64::from(last.limit)),
            thousands(throttled.round() as u64)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_always_make_a_valid_scenario() {
        let odd =
            Settings { arrival_rate_per_s: 99_999, account_limit: 50, reserved: 5_000, seed: 7 };
        let clamped = odd.clamped();
        assert_eq!(clamped.account_limit, LIMIT_SLIDER.min);
        assert_eq!(clamped.reserved, 0);
        assert_eq!(clamped.arrival_rate_per_s, RATE_SLIDER.max);
        for settings in
            [Settings::default(), odd, Settings { reserved: 900, ..Settings::default() }]
        {
            assert_eq!(settings.scenario().validate(), Ok(()), "{settings:?}");
        }
    }

    #[test]
    fn reservation_is_the_cap_when_set() {
        let settings = Settings { reserved: 200, ..Settings::default() };
        assert_eq!(settings.effective_limit(), 200);
        assert_eq!(settings.scenario().function.reserved_concurrency, Some(200));
        assert_eq!(Settings::default().effective_limit(), 1_000);
        assert_eq!(Settings::default().scenario().function.reserved_concurrency, None);
        assert_eq!(Settings { account_limit: 1_000, ..Settings::default() }.reserved_max(), 900);
    }

    #[test]
    fn settings_round_trip_through_a_link() {
        let settings =
            Settings { arrival_rate_per_s: 2_000, account_limit: 300, reserved: 0, seed: 4 };
        assert_eq!(Settings::from_query(&settings.to_query()), (settings, vec![]));
        assert_eq!(Settings::from_query(""), (Settings::default(), vec![]));
    }

    #[test]
    fn bad_link_parameters_are_reported_and_skipped() {
        let (settings, problems) =
            Settings::from_query("rate=abc&limit=999999999999&colour=9&reserved=5000&&seed");
        assert_eq!(settings.arrival_rate_per_s, Settings::default().arrival_rate_per_s);
        assert_eq!(settings.account_limit, LIMIT_SLIDER.max);
        assert_eq!(settings.reserved, LIMIT_SLIDER.max - UNRESERVED_MINIMUM);
        assert_eq!(
            problems,
            [
                "ignored “rate=abc”: not a whole number",
                "ignored “colour=9”: unknown setting",
                "ignored “seed”: not a whole number",
            ]
        );
    }

    fn counts(in_flight: u32, initializing: u32, limit: u32) -> FrameCounts {
        FrameCounts {
            limit,
            busy: in_flight - initializing,
            initializing,
            idle: 3,
            in_flight,
            ..FrameCounts::default()
        }
    }

    #[test]
    fn throttles_say_why_they_happened() {
        let split = |total, at_limit, scaling| FrameCounts {
            throttled_total: total,
            throttled_at_limit: at_limit,
            throttled_scaling: scaling,
            ..FrameCounts::default()
        };
        assert_eq!(split(0, 0, 0).throttle_breakdown(), "0");
        assert_eq!(split(2_886, 2_886, 0).throttle_breakdown(), "2,886 (all at the limit)");
        assert_eq!(
            split(1_500, 1_000, 500).throttle_breakdown(),
            "1,500 (1,000 at the limit, 500 while new cashiers were still being hired)"
        );
    }

    #[test]
    fn description_reads_like_a_sentence() {
        assert_eq!(
            describe(&counts(412, 0, 500), 37),
            "412 of 500 cashiers busy, 3 idle; 37 customers turned away (HTTP 429) in the last \
             second."
        );
        assert_eq!(
            describe(&counts(1_000, 20, 1_000), 1),
            "1,000 of 1,000 cashiers busy (20 putting on the apron), 3 idle; 1 customer turned \
             away (HTTP 429) in the last second."
        );
        assert!(
            describe(&counts(5, 0, 500), 0)
                .ends_with("no customers turned away in the last second.")
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn throttle_window_counts_the_last_second() {
        let mut window = ThrottleWindow::default();
        assert_eq!(window.last_second(), 0);
        for step in 0..=30_u32 {
            window.record(f64::from(step) * 0.1, u64::from(step) * 10);
        }
        assert_eq!(window.last_second(), 100);
        window.clear();
        window.record(5.0, 0);
        assert_eq!(window.last_second(), 0);
    }

    fn row(start_s: f64, in_flight: u32, throttled: u64) -> SeriesRow {
        SeriesRow { start_s, in_flight, throttled, ..SeriesRow::default() }
    }

    #[test]
    fn chart_takes_new_rows_and_keeps_a_window() {
        let mut chart = ChartHistory::default();
        assert_eq!(chart.summary(), "No data yet.");
        let rows: Vec<SeriesRow> =
            (0..200).map(|index| row(f64::from(index) * INTERVAL_S, 10, 1)).collect();
        assert!(chart.take_rows(&rows[..2], 0.0, 500));
        assert!(!chart.take_rows(&rows[..2], 0.0, 500));
        assert!(chart.take_rows(&rows, 0.0, 500));
        assert_eq!(chart.len(), 121);
        chart.new_simulation(0);
        assert!(chart.take_rows(&rows[..1], 100.0, 300));
        let last = *chart.points().last().unwrap();
        assert_eq!((last.time_s, last.limit, last.throttled_per_s), (100.5, 300, 2.0));
        assert!(chart.summary().contains("limit 300"), "{}", chart.summary());
    }
}
