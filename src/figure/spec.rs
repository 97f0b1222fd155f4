//! What each section's live figure is made of: the controls it shows, the setup it starts
//! from, its one-click presets (with curated seeds, so the story in the prose is what the
//! figure shows), its charts, the parts of the restaurant it draws, and the clauses of its
//! screen-reader sentence.
//!
//! One generic figure component (`ui::figure`) reads a [`FigureSpec`]; adding a figure to a
//! section is adding a spec here and one line in `ui::sections`.

use crate::setup::{Control, Input, Setup};

/// A chart panel a figure can show (each is one plotters panel in `ui::chart`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Requests in flight against the concurrency limit.
    InFlight,
    /// Throttles (HTTP 429) per second.
    Throttles,
    /// Latency p50 and p99, with the intervals that had cold starts marked.
    Latency,
    /// The hourly standing cost of provisioned cashiers against what the on-demand cashiers
    /// cost while they work; its summary says where provisioned concurrency breaks even. (The
    /// cold starts each setting removes are in the sweep table, `figure::sweep`.)
    ProvisionedCost,
    /// Hits per second at each cache layer, and the queries that reached the database.
    CacheHits,
    /// Database connections in use against the maximum, and orders waiting for one.
    Database,
    /// Failed orders (database timeouts and refusals) and throttles per second.
    Errors,
    /// What the run has cost so far, in dollars.
    Spend,
}

impl ChartKind {
    /// Every kind, in the order the sandbox shows them.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::InFlight,
        ChartKind::Throttles,
        ChartKind::Latency,
        ChartKind::ProvisionedCost,
        ChartKind::CacheHits,
        ChartKind::Database,
        ChartKind::Errors,
        ChartKind::Spend,
    ];
}

/// Which parts of the restaurant (and of the architecture diagram) a figure draws. The
/// cashiers are always drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layers {
    /// The takeaway window down the street (the CDN).
    pub takeaway_window: bool,
    /// The gateway's own shelf behind the door (the API Gateway cache).
    pub gateway_shelf: bool,
    /// The heat lamp between the cashiers and the grill (Redis).
    pub heat_lamp: bool,
    /// The grill: cooks, connection slots and order tickets (the database).
    pub grill: bool,
    /// Whether the counter has a place for every cashier the limit allows (the concurrency
    /// story), or only room for the cashiers alive, so a few large cashiers show their aprons.
    pub whole_limit: bool,
}

impl Layers {
    /// The door and the cashiers only.
    pub const DOOR: Layers = Layers {
        takeaway_window: false,
        gateway_shelf: false,
        heat_lamp: false,
        grill: false,
        whole_limit: true,
    };
    /// Every part.
    pub const ALL: Layers = Layers {
        takeaway_window: true,
        gateway_shelf: true,
        heat_lamp: true,
        grill: true,
        whole_limit: true,
    };

    /// The same parts with room only for the cashiers alive.
    pub const fn alive_only(self) -> Layers {
        Layers { whole_limit: false, ..self }
    }

    /// How many places the counter shows for `alive` cashiers under `limit`: the limit, or
    /// the next power of two above the cashiers alive (at least 32), so the grid rescales
    /// rarely as cashiers come and go.
    pub fn counter_places(&self, alive: usize, limit: usize) -> usize {
        if self.whole_limit {
            limit.max(alive)
        } else {
            alive.max(32).next_power_of_two().min(limit.max(alive))
        }
    }
}

/// A part of the figure a bill line comes from (selecting the line highlights it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The door: every request.
    Door,
    /// The cashiers: on-demand duration.
    Cashiers,
    /// The provisioned cashiers.
    Provisioned,
    /// The caches: heat lamp, gateway shelf and takeaway window.
    Caches,
    /// The grill (and the connection proxy).
    Grill,
}

impl Part {
    /// Name in the page's `data-highlight` attribute and in tests.
    pub fn key(self) -> &'static str {
        match self {
            Part::Door => "door",
            Part::Cashiers => "cashiers",
            Part::Provisioned => "provisioned",
            Part::Caches => "caches",
            Part::Grill => "grill",
        }
    }
}

/// One clause of the screen-reader sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clause {
    /// "412 of 500 cashiers busy (20 putting on the apron), 3 idle".
    Cashiers,
    /// Provisioned cashiers and cold starts in the last second.
    ColdStarts,
    /// Hits per cache layer and database queries in the last second.
    Caches,
    /// Connections, waiting orders and failed orders at the grill.
    Grill,
    /// Customers turned away in the last second (always last: it ends the sentence).
    Throttles,
}

/// A one-click setup: a label, a short note saying what to watch, and the setup with its seed.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Button label.
    pub label: &'static str,
    /// Name in test ids (`preset-<id>`).
    pub id: &'static str,
    /// What to watch, one sentence.
    pub note: &'static str,
    /// The setup, including its seed.
    pub setup: fn() -> Setup,
}

/// Everything that makes one section's figure.
#[derive(Debug, Clone, Copy)]
pub struct FigureSpec {
    /// Section id (also the route of the figure's links: `#/<section>?...`).
    pub section: &'static str,
    /// The figure's `data-testid`.
    pub test_id: &'static str,
    /// What the scene shows, for its `aria-label`.
    pub scene_label: &'static str,
    /// The controls shown, in order (the link carries these).
    pub controls: &'static [Control],
    /// The setup the figure starts from (before a link's parameters).
    pub base: fn() -> Setup,
    /// One-click setups.
    pub presets: &'static [Preset],
    /// Chart panels, top to bottom.
    pub charts: &'static [ChartKind],
    /// Parts of the restaurant drawn.
    pub layers: Layers,
    /// Clauses of the description, in order.
    pub clauses: &'static [Clause],
    /// Whether the figure shows the itemised bill under its chart.
    pub bill: bool,
    /// Whether the figure offers the provisioned-concurrency comparison under its chart.
    pub sweep: bool,
    /// Controls that start a fresh run in this figure even where the model could reconfigure
    /// (the bill restarts on a new architecture so the whole run is priced one way).
    pub restart_on: &'static [Control],
}

impl FigureSpec {
    /// Whether going from `current` to `next` needs a fresh run in this figure.
    pub fn restarts(&self, current: &Setup, next: &Setup) -> bool {
        current.restarts_run(next)
            || self.restart_on.iter().any(|control| current.get(*control) != next.get(*control))
    }

    /// Whether the chart needs the running bill (read from the model four times a second).
    pub fn needs_bill(&self) -> bool {
        self.bill
            || self
                .charts
                .iter()
                .any(|chart| matches!(chart, ChartKind::Spend | ChartKind::ProvisionedCost))
    }
}

/// The spec of the figure in section `id`, if it has one.
pub fn spec_for(id: &str) -> Option<&'static FigureSpec> {
    SPECS.iter().find(|spec| spec.section == id)
}

/// A control's value in words for its label: like [`Setup::describe`], but saying what zero
/// means where zero switches something off.
pub fn value_text(setup: &Setup, control: Control) -> String {
    let value = setup.get(control);
    match control {
        Control::Reserved if value == 0 => "not set (shares the account pool)".to_owned(),
        Control::CdnTtlS | Control::GatewayTtlS | Control::RedisTtlS if value == 0 => {
            "off".to_owned()
        }
        _ => setup.describe(control),
    }
}

/// The largest value a control's input offers now (a range's moving maximum).
pub fn control_max(setup: &Setup, control: Control) -> u32 {
    match control.info().input {
        Input::Range { .. } => setup.max_of(control),
        _ => control.bounds().1,
    }
}

pub use super::presets::SPECS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_is_usable() {
        let mut ids: Vec<&str> = SPECS.iter().map(|spec| spec.section).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SPECS.len(), "one spec per section");
        for spec in &SPECS {
            assert!(!spec.controls.is_empty() && !spec.charts.is_empty(), "{}", spec.section);
            assert_eq!(spec.clauses.last(), Some(&Clause::Throttles), "{}", spec.section);
            let base = (spec.base)();
            assert_eq!(base, base.clamped(), "{}: base is clamped", spec.section);
            assert_eq!(base.scenario().validate(), Ok(()), "{}", spec.section);
            for preset in spec.presets {
                let setup = (preset.setup)();
                assert_eq!(setup, setup.clamped(), "{}: {}", spec.section, preset.id);
                assert_eq!(setup.scenario().validate(), Ok(()), "{}", preset.id);
            }
        }
        assert_eq!(spec_for("concurrency").map(|spec| spec.test_id), Some("door-figure"));
        assert!(spec_for("exercises").is_none());
    }

    #[test]
    fn zero_says_what_it_switches_off() {
        let setup = Setup::default();
        assert_eq!(value_text(&setup, Control::Reserved), "not set (shares the account pool)");
        assert_eq!(value_text(&setup, Control::RedisTtlS), "off");
        assert_eq!(value_text(&setup.with(Control::RedisTtlS, 300), Control::RedisTtlS), "300 s");
        assert_eq!(value_text(&setup, Control::ArrivalRate), "800 requests per second");
        assert_eq!(control_max(&setup, Control::Reserved), 900);
        assert_eq!(control_max(&setup, Control::Architecture), 1);
    }

    #[test]
    fn the_counter_grows_in_steps() {
        let alive = Layers::DOOR.alive_only();
        assert_eq!(alive.counter_places(3, 1_000), 32);
        assert_eq!(alive.counter_places(33, 1_000), 64);
        assert_eq!(alive.counter_places(900, 1_000), 1_000);
        assert_eq!(alive.counter_places(1_200, 1_000), 1_200);
        assert_eq!(Layers::DOOR.counter_places(3, 1_000), 1_000);
    }
}
