//! The live chart's data: the last [`CHART_WINDOW_S`] seconds of the model's series rows (and
//! of its bill), turned into panels of lines for each [`ChartKind`] and into a text summary
//! for assistive technology and tests. `ui::chart` only draws what [`ChartHistory::panel`]
//! returns.

use std::collections::VecDeque;

use scaling_model::{Bill, SeriesRow};

use super::bill::dollars;
use super::spec::ChartKind;
use super::{CHART_WINDOW_S, INTERVAL_S, thousands};

/// One point of the live chart: one series row, in figure time, per second where it is a rate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ChartPoint {
    /// Figure time at the end of the interval, in seconds.
    pub time_s: f64,
    /// Requests in flight at the end of the interval.
    pub in_flight: u32,
    /// The concurrency limit then.
    pub limit: u32,
    /// Throttles per second during the interval.
    pub throttled_per_s: f64,
    /// Cold starts begun in the interval.
    pub cold_starts: u64,
    /// Median latency of requests completed in the interval, in ms.
    pub p50_ms: f64,
    /// 99th percentile latency, in ms.
    pub p99_ms: f64,
    /// CDN hits per second.
    pub cdn_per_s: f64,
    /// Gateway cache hits per second.
    pub gateway_per_s: f64,
    /// Redis hits per second.
    pub redis_per_s: f64,
    /// Database queries started per second (the grill's load).
    pub db_queries_per_s: f64,
    /// Database connections in use at the end of the interval.
    pub db_busy: u32,
    /// Database connections available then.
    pub db_capacity: u32,
    /// Orders waiting for a connection at the end of the interval.
    pub db_waiting: u32,
    /// Failed requests per second (database timeouts and refusals).
    pub failed_per_s: f64,
    /// What the run had cost by then, in dollars (when the figure reads the bill).
    pub spend_usd: Option<f64>,
    /// Provisioned standby charged so far, in dollars (with `spend_usd`).
    pub standby_usd: Option<f64>,
    /// On-demand duration charged so far, in dollars (with `spend_usd`).
    pub on_demand_usd: Option<f64>,
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// A solid line.
    Solid,
    /// A dashed line (limits and standing charges).
    Dashed,
    /// A mark at each point with a non-zero value (events such as cold starts).
    Marks,
}

/// One line of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Legend text.
    pub label: &'static str,
    /// Colour, as an index into the chart's Okabe–Ito palette.
    pub colour: usize,
    /// How it is drawn.
    pub stroke: Stroke,
    /// (figure time in s, value) pairs.
    pub points: Vec<(f64, f64)>,
}

/// One panel of the chart: a caption, its lines and the top of its y axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Caption above the panel.
    pub caption: &'static str,
    /// The lines, drawn in order.
    pub lines: Vec<Line>,
    /// Top of the y axis (10% above the highest value, never zero).
    pub y_max: f64,
}

/// The chart's data: the last [`CHART_WINDOW_S`] seconds of figure time.
#[derive(Debug, Clone, Default)]
pub struct ChartHistory {
    points: VecDeque<ChartPoint>,
    rows_taken: usize,
    /// Share of time a provisioned cashier must be busy to cost less than on demand.
    pub break_even: Option<f64>,
    /// Share of the provisioned cashiers serving right now (none without provisioned ones).
    pub provisioned_busy_share: Option<f64>,
}

impl ChartHistory {
    /// Appends the rows of `series` not taken yet. `offset_s` turns model time into figure
    /// time; `limit` is the limit the rows were produced under.
    pub fn take_rows(
        &mut self,
        series: &[SeriesRow],
        offset_s: f64,
        limit: u32,
        db_capacity: u32,
    ) -> bool {
        let new_rows = series.get(self.rows_taken..).unwrap_or_default();
        let per_s = |count: u64| count as f64 / INTERVAL_S;
        for row in new_rows {
            self.points.push_back(ChartPoint {
                time_s: offset_s + row.start_s + INTERVAL_S,
                in_flight: row.in_flight,
                limit,
                throttled_per_s: per_s(row.throttled),
                cold_starts: row.cold_starts,
                p50_ms: row.latency_p50_ms,
                p99_ms: row.latency_p99_ms,
                cdn_per_s: per_s(row.cdn_hits),
                gateway_per_s: per_s(row.gateway_cache_hits),
                redis_per_s: per_s(row.redis_hits),
                db_queries_per_s: per_s(row.db_queries),
                db_busy: row.db_busy_connections,
                db_capacity,
                db_waiting: row.db_queue_length,
                failed_per_s: per_s(row.failed),
                spend_usd: None,
                standby_usd: None,
                on_demand_usd: None,
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

    /// Records the bill so far on the newest point (the figure reads it after taking rows).
    pub fn record_bill(&mut self, bill: &Bill) {
        if let Some(point) = self.points.back_mut() {
            point.spend_usd = Some(bill.total);
            point.standby_usd = Some(bill.provisioned_standby);
            point.on_demand_usd = Some(bill.lambda_on_demand_duration);
        }
    }

    /// Starts reading a new simulation's series after its first `rows_to_skip` rows (its
    /// warm-up); the points already taken stay.
    pub fn new_simulation(&mut self, rows_to_skip: usize) {
        self.rows_taken = rows_to_skip;
        // Dollars restart at zero with a new run; drop the old ones so rates stay honest.
        for point in &mut self.points {
            point.spend_usd = None;
            point.standby_usd = None;
            point.on_demand_usd = None;
        }
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

    /// The time window shown: (start, end) in figure seconds.
    pub fn window(&self) -> (f64, f64) {
        let end =
            self.points.back().map_or(CHART_WINDOW_S, |point| point.time_s.max(CHART_WINDOW_S));
        (end - CHART_WINDOW_S, end)
    }

    fn line(
        &self,
        label: &'static str,
        colour: usize,
        stroke: Stroke,
        value: impl Fn(&ChartPoint) -> Option<f64>,
    ) -> Line {
        let points = self
            .points
            .iter()
            .filter_map(|point| value(point).map(|value| (point.time_s, value)))
            .collect();
        Line { label, colour, stroke, points }
    }

    /// Dollars per hour between consecutive bill readings of one bill line.
    fn rate_per_hour(&self, read: impl Fn(&ChartPoint) -> Option<f64>) -> Vec<(f64, f64)> {
        let readings: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter_map(|point| read(point).map(|usd| (point.time_s, usd)))
            .collect();
        readings
            .windows(2)
            .filter(|pair| pair[1].0 > pair[0].0)
            .map(|pair| {
                (pair[1].0, (pair[1].1 - pair[0].1).max(0.0) / (pair[1].0 - pair[0].0) * 3_600.0)
            })
            .collect()
    }

    /// The lines of one chart panel.
    pub fn panel(&self, kind: ChartKind) -> Panel {
        use Stroke::{Dashed, Marks, Solid};
        let (caption, lines) = match kind {
            ChartKind::InFlight => (
                "Requests in flight (solid) and the limit (dashed)",
                vec![
                    self.line("limit", 1, Dashed, |p| Some(f64::from(p.limit))),
                    self.line("in flight", 0, Solid, |p| Some(f64::from(p.in_flight))),
                ],
            ),
            ChartKind::Throttles => (
                "Throttles (HTTP 429) per second",
                vec![self.line("throttles per second", 1, Solid, |p| Some(p.throttled_per_s))],
            ),
            ChartKind::Latency => (
                "Latency in ms: p50 (blue), p99 (orange), cold starts (marks)",
                vec![
                    self.line("p50", 0, Solid, |p| (p.p50_ms > 0.0).then_some(p.p50_ms)),
                    self.line("p99", 2, Solid, |p| (p.p99_ms > 0.0).then_some(p.p99_ms)),
                    self.line("cold starts", 1, Marks, |p| {
                        (p.cold_starts > 0).then_some(p.p99_ms.max(1.0))
                    }),
                ],
            ),
            ChartKind::ProvisionedCost => {
                let standby = self.rate_per_hour(|p| p.standby_usd);
                let on_demand = self.rate_per_hour(|p| p.on_demand_usd);
                (
                    "Dollars per hour: provisioned standby (dashed), on-demand duration (solid)",
                    vec![
                        Line {
                            label: "provisioned standby",
                            colour: 3,
                            stroke: Dashed,
                            points: standby,
                        },
                        Line {
                            label: "on-demand duration",
                            colour: 0,
                            stroke: Solid,
                            points: on_demand,
                        },
                    ],
                )
            }
            ChartKind::CacheHits => (
                "Per second: CDN, gateway and Redis hits; orders at the grill (dashed)",
                vec![
                    self.line("CDN hits", 4, Solid, |p| Some(p.cdn_per_s)),
                    self.line("gateway hits", 2, Solid, |p| Some(p.gateway_per_s)),
                    self.line("Redis hits", 3, Solid, |p| Some(p.redis_per_s)),
                    self.line("database queries", 1, Dashed, |p| Some(p.db_queries_per_s)),
                ],
            ),
            ChartKind::Database => (
                "Connections busy (solid), the maximum (dashed), orders waiting (orange)",
                vec![
                    self.line("maximum", 1, Dashed, |p| Some(f64::from(p.db_capacity))),
                    self.line("busy", 0, Solid, |p| Some(f64::from(p.db_busy))),
                    self.line("waiting", 2, Solid, |p| Some(f64::from(p.db_waiting))),
                ],
            ),
            ChartKind::Errors => (
                "Per second: failed orders (solid), throttles (dashed)",
                vec![
                    self.line("failed", 1, Solid, |p| Some(p.failed_per_s)),
                    self.line("throttled", 2, Dashed, |p| Some(p.throttled_per_s)),
                ],
            ),
            ChartKind::Spend => (
                "Dollars spent since the run started",
                vec![self.line("spent", 3, Solid, |p| p.spend_usd)],
            ),
        };
        let highest = lines
            .iter()
            .flat_map(|line| line.points.iter().map(|(_, value)| *value))
            .fold(0.0_f64, f64::max);
        let floor = match kind {
            ChartKind::Spend | ChartKind::ProvisionedCost => 0.01,
            _ => 10.0,
        };
        Panel { caption, lines, y_max: highest.max(floor) * 1.1 }
    }

    /// A short text summary of the chart's panels for assistive technology and tests:
    /// "Last 60 s: in flight now 300, peak 310, limit 1,000; 0 throttled."
    pub fn summary(&self, kinds: &[ChartKind]) -> String {
        let (Some(first), Some(last)) = (self.points.front(), self.points.back()) else {
            return "No data yet.".to_owned();
        };
        let span_s = (last.time_s - first.time_s + INTERVAL_S).min(CHART_WINDOW_S);
        let sum = |value: fn(&ChartPoint) -> f64| -> u64 {
            self.points.iter().map(|point| value(point) * INTERVAL_S).sum::<f64>().round() as u64
        };
        let count = |value: u64| thousands(value);
        let max_u32 =
            |value: fn(&ChartPoint) -> u32| self.points.iter().map(value).max().unwrap_or(0);
        let clauses: Vec<String> = kinds
            .iter()
            .map(|kind| match kind {
                ChartKind::InFlight => format!(
                    "in flight now {}, peak {}, limit {}",
                    count(u64::from(last.in_flight)),
                    count(u64::from(max_u32(|p| p.in_flight))),
                    count(u64::from(last.limit))
                ),
                ChartKind::Throttles => format!("{} throttled", count(sum(|p| p.throttled_per_s))),
                ChartKind::Latency => {
                    let worst = self.points.iter().map(|p| p.p99_ms).fold(0.0, f64::max);
                    let cold: u64 = self.points.iter().map(|p| p.cold_starts).sum();
                    format!(
                        "p50 now {:.1} ms, p99 now {:.1} ms, highest p99 {:.1} ms, {} cold starts",
                        last.p50_ms,
                        last.p99_ms,
                        worst,
                        count(cold)
                    )
                }
                ChartKind::ProvisionedCost => {
                    let standby = self.rate_per_hour(|p| p.standby_usd).last().map_or(0.0, |r| r.1);
                    let on_demand =
                        self.rate_per_hour(|p| p.on_demand_usd).last().map_or(0.0, |r| r.1);
                    let mut text = format!(
                        "provisioned standby {} an hour, on-demand duration {} an hour",
                        dollars(standby),
                        dollars(on_demand)
                    );
                    if let Some(share) = self.break_even {
                        text.push_str(&format!(
                            ", provisioned pays off above {:.0}% busy",
                            share * 100.0
                        ));
                    }
                    if let Some(busy) = self.provisioned_busy_share {
                        text.push_str(&format!(" (yours: {:.0}% busy now)", busy * 100.0));
                    }
                    text
                }
                ChartKind::CacheHits => format!(
                    "cache hits: CDN {}, gateway {}, Redis {}; {} database queries",
                    count(sum(|p| p.cdn_per_s)),
                    count(sum(|p| p.gateway_per_s)),
                    count(sum(|p| p.redis_per_s)),
                    count(sum(|p| p.db_queries_per_s))
                ),
                ChartKind::Database => format!(
                    "connections busy now {} of {}, peak {}, most waiting {}",
                    count(u64::from(last.db_busy)),
                    count(u64::from(last.db_capacity)),
                    count(u64::from(max_u32(|p| p.db_busy))),
                    count(u64::from(max_u32(|p| p.db_waiting)))
                ),
                ChartKind::Errors => format!(
                    "{} failed orders, {} throttles",
                    count(sum(|p| p.failed_per_s)),
                    count(sum(|p| p.throttled_per_s))
                ),
                ChartKind::Spend => match self.points.iter().rev().find_map(|p| p.spend_usd) {
                    Some(spent) => format!("spent {} so far", dollars(spent)),
                    None => "nothing spent yet".to_owned(),
                },
            })
            .collect();
        format!("Last {span_s:.0} s: {}.", clauses.join("; "))
    }
}

/// A chart caption (`text`) in as few lines as `fits` allows, breaking between words (a word
/// too long for a line gets a line of its own).
pub fn wrap_words(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} {word}")) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(start_s: f64, in_flight: u32, throttled: u64) -> SeriesRow {
        SeriesRow { start_s, in_flight, throttled, ..SeriesRow::default() }
    }

    #[test]
    fn chart_takes_new_rows_and_keeps_a_window() {
        let mut chart = ChartHistory::default();
        assert_eq!(chart.summary(&[ChartKind::InFlight]), "No data yet.");
        let rows: Vec<SeriesRow> =
            (0..200).map(|index| row(f64::from(index) * INTERVAL_S, 10, 1)).collect();
        assert!(chart.take_rows(&rows[..2], 0.0, 500, 0));
        assert!(!chart.take_rows(&rows[..2], 0.0, 500, 0));
        assert!(chart.take_rows(&rows, 0.0, 500, 0));
        assert_eq!(chart.len(), 121);
        chart.new_simulation(0);
        assert!(chart.take_rows(&rows[..1], 100.0, 300, 0));
        let last = *chart.points().last().unwrap();
        assert_eq!((last.time_s, last.limit, last.throttled_per_s), (100.5, 300, 2.0));
        let summary = chart.summary(&[ChartKind::InFlight, ChartKind::Throttles]);
        assert_eq!(summary, "Last 60 s: in flight now 10, peak 10, limit 300; 121 throttled.");
    }

    #[test]
    fn panels_carry_each_kinds_lines() {
        let mut chart = ChartHistory::default();
        let rows: Vec<SeriesRow> = (0..10)
            .map(|index| SeriesRow {
                start_s: f64::from(index) * INTERVAL_S,
                redis_hits: 50,
                db_queries: u64::from(index == 4) * 20,
                cold_starts: u64::from(index == 2),
                latency_p99_ms: 300.0,
                db_busy_connections: 7,
                ..SeriesRow::default()
            })
            .collect();
        chart.take_rows(&rows, 0.0, 1_000, 150);
        let hits = chart.panel(ChartKind::CacheHits);
        assert_eq!(hits.lines.len(), 4);
        assert_eq!(hits.lines[2].points[0].1, 100.0);
        assert!((hits.y_max - 110.0).abs() < 1e-9);
        let latency = chart.panel(ChartKind::Latency);
        assert_eq!(latency.lines[2].points, vec![(1.5, 300.0)]);
        let database = chart.panel(ChartKind::Database);
        assert!((database.y_max - 165.0).abs() < 1e-9, "the maximum stays in view");
        let summary =
            chart.summary(&[ChartKind::CacheHits, ChartKind::Database, ChartKind::Latency]);
        assert!(summary.contains("Redis 500; 20 database queries"), "{summary}");
        assert!(summary.contains("busy now 7 of 150"), "{summary}");
        assert!(summary.contains("1 cold starts"), "{summary}");
    }

    #[test]
    fn bills_become_hourly_rates() {
        let mut chart = ChartHistory {
            break_even: Some(0.6),
            provisioned_busy_share: Some(0.25),
            ..ChartHistory::default()
        };
        for index in 0..4 {
            let rows: Vec<SeriesRow> =
                (0..=index).map(|i| row(f64::from(i) * INTERVAL_S, 1, 0)).collect();
            chart.take_rows(&rows, 0.0, 10, 0);
            let spent = f64::from(index) * 0.01;
            chart.record_bill(&Bill {
                provisioned_standby: spent,
                lambda_on_demand_duration: spent / 2.0,
                total: spent * 1.5,
                ..Bill::default()
            });
        }
        let panel = chart.panel(ChartKind::ProvisionedCost);
        // $0.01 every half second is $72 an hour.
        assert!(panel.lines[0].points.iter().all(|(_, rate)| (rate - 72.0).abs() < 1e-6));
        let summary = chart.summary(&[ChartKind::ProvisionedCost, ChartKind::Spend]);
        assert!(summary.contains("standby $72.00 an hour"), "{summary}");
        assert!(summary.contains("pays off above 60% busy (yours: 25% busy now)"), "{summary}");
        assert!(summary.contains("spent $0.0450 so far"), "{summary}");
        chart.new_simulation(0);
        assert!(chart.panel(ChartKind::Spend).lines[0].points.is_empty());
    }

    #[test]
    fn captions_wrap_between_words() {
        let fits = |line: &str| line.len() <= 12;
        assert_eq!(wrap_words("Throttles per second", fits), ["Throttles", "per second"]);
        assert_eq!(wrap_words("short", fits), ["short"]);
        assert_eq!(wrap_words("a verylongwordindeed b", fits), ["a", "verylongwordindeed", "b"]);
        assert!(wrap_words("", fits).is_empty());
    }
}
