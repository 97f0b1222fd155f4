//! The simulation behind a live figure and everything derived from it between frames: the
//! snapshot, its counts, the last second's totals, the chart's history, the walking
//! customers and (for figures that show it) the bill.

use std::collections::VecDeque;

use scaling_model::{EventKind, Simulation, Snapshot, sizing};

use super::draw::{Particle, Timing, WALK_S};
use crate::figure::bill::{BillView, bill_view};
use crate::figure::{
    ChartHistory, CounterWindow, FigureSpec, FrameCounts, SNAPSHOT_ITEMS, WARM_UP_S, describe,
};
use crate::setup::{Control, Setup};

/// Most customers drawn at once.
const MAX_PARTICLES: usize = 400;

/// The simulation and everything derived from it between frames.
pub(super) struct Engine {
    pub spec: &'static FigureSpec,
    pub setup: Setup,
    simulation: Simulation,
    /// Figure time at model time zero of the current simulation.
    offset_s: f64,
    pub snapshot: Snapshot,
    pub counts: FrameCounts,
    pub window: CounterWindow,
    pub chart: ChartHistory,
    pub particles: VecDeque<Particle>,
    pub bill: Option<BillView>,
    pub timing: Timing,
}

fn timing_of(setup: &Setup) -> Timing {
    let scenario = setup.scenario();
    let function = &scenario.function;
    Timing {
        init_s: (sizing::init_mean_ms(function) + function.placement_ms) / 1_000.0,
        idle_timeout_s: function.idle_timeout_s,
        cdn_ttl_s: scenario.cdn.ttl_s,
        gateway_ttl_s: scenario.gateway.cache_ttl_s,
        redis_ttl_s: if scenario.redis.enabled { scenario.redis.ttl_s } else { 0.0 },
        database_on: scenario.database.enabled,
        query_slots: scenario.database.query_slots,
        proxy: scenario.database.proxy.enabled,
    }
}

impl Engine {
    /// A fresh run of `setup`, starting at model time zero (a reset shows the story from the
    /// start: an empty restaurant).
    pub fn new(spec: &'static FigureSpec, setup: Setup) -> Result<Engine, String> {
        let mut simulation = Simulation::new(setup.scenario()).map_err(|e| e.to_string())?;
        let snapshot = simulation.snapshot(0);
        let scenario = setup.scenario();
        let mut chart = ChartHistory::default();
        chart.break_even = Some(scaling_model::cost::provisioned_break_even_utilization(&scenario));
        Ok(Engine {
            spec,
            setup,
            counts: FrameCounts::from_snapshot(&snapshot),
            simulation,
            offset_s: 0.0,
            snapshot,
            window: CounterWindow::default(),
            chart,
            particles: VecDeque::new(),
            bill: None,
            timing: timing_of(&setup),
        })
    }

    /// Figure time now, in seconds.
    pub fn now_s(&self) -> f64 {
        self.offset_s + self.simulation.now_s()
    }

    /// Applies `setup` from now on: the running simulation takes the new values and keeps
    /// its environments; what the model cannot change mid-run restarts instead.
    pub fn apply_setup(&mut self, setup: Setup) -> Result<(), String> {
        if self.spec.restarts(&self.setup, &setup) {
            return self.restart(setup);
        }
        self.simulation.reconfigure(setup.scenario()).map_err(|e| e.to_string())?;
        self.setup = setup;
        self.timing = timing_of(&setup);
        Ok(())
    }

    /// Replaces the simulation with a fresh one for `setup`, warmed up out of sight, at the
    /// same figure time (a new seed, a run-defining control, or the end of the hour-long run).
    pub fn restart(&mut self, setup: Setup) -> Result<(), String> {
        let now_s = self.now_s();
        let mut simulation = Simulation::new(setup.scenario()).map_err(|e| e.to_string())?;
        simulation.advance_to(WARM_UP_S);
        self.snapshot = simulation.snapshot(0);
        self.counts = FrameCounts::from_snapshot(&self.snapshot);
        self.chart.new_simulation(simulation.series().len());
        self.chart.break_even =
            Some(scaling_model::cost::provisioned_break_even_utilization(&setup.scenario()));
        self.simulation = simulation;
        self.setup = setup;
        self.timing = timing_of(&setup);
        self.offset_s = now_s - WARM_UP_S;
        self.window.clear();
        self.window.record(now_s, self.counts.totals);
        self.particles.clear();
        self.bill = None;
        Ok(())
    }

    /// Runs the model `dt_s` further and reads the new state. Returns whether the chart got
    /// new points.
    pub fn advance(&mut self, dt_s: f64) -> bool {
        if self.simulation.now_s() + dt_s >= self.simulation.duration_s() {
            // The run is an hour long; start a fresh one rather than stopping.
            let _ = self.restart(self.setup);
        }
        self.simulation.advance_to(self.simulation.now_s() + dt_s);
        self.snapshot = self.simulation.snapshot(SNAPSHOT_ITEMS);
        self.counts = FrameCounts::from_snapshot(&self.snapshot);
        let now_s = self.now_s();
        self.window.record(now_s, self.counts.totals);
        for event in &self.snapshot.recent_events {
            let throttled = match event.kind {
                EventKind::Arrival => false,
                EventKind::Throttle => true,
                _ => continue,
            };
            let lane = ((f64::from(event.key) * 0.618_034 + event.time_s * 7.31) % 1.0).abs();
            let born_s = self.offset_s + event.time_s;
            self.particles.push_back(Particle { born_s, lane, throttled });
        }
        while self.particles.len() > MAX_PARTICLES
            || self.particles.front().is_some_and(|p| p.born_s < now_s - WALK_S)
        {
            self.particles.pop_front();
        }
        let limit = self.setup.effective_limit();
        let capacity = self.snapshot.db_connection_capacity;
        self.chart.take_rows(self.simulation.series(), self.offset_s, limit, capacity)
    }

    /// Reads the bill (for figures that chart or itemise it); called when the chart redraws.
    pub fn read_bill(&mut self) {
        if !self.spec.needs_bill() {
            return;
        }
        let summary = self.simulation.summary();
        self.chart.record_bill(&summary.cost_usd);
        let provisioned = self.counts.provisioned;
        self.chart.provisioned_busy_share = (provisioned > 0)
            .then(|| f64::from(self.counts.provisioned_busy) / f64::from(provisioned));
        self.bill = Some(bill_view(
            &summary.cost_usd,
            &summary.monthly_cost_usd,
            self.simulation.scenario(),
            summary.simulated_seconds,
        ));
    }

    /// The screen-reader sentence for now.
    pub fn description(&self) -> String {
        describe(self.spec.clauses, &self.counts, &self.window.last_second(), &self.setup)
    }

    /// The status line: time, cashiers, arrivals and what went wrong, with exact totals.
    pub fn status_line(&self) -> String {
        use crate::figure::thousands;
        let totals = &self.counts.totals;
        let mut text = format!(
            "Time {:.1} s · in flight {} of {} · arrivals {} · turned away {}",
            self.now_s(),
            thousands(u64::from(self.counts.in_flight)),
            thousands(u64::from(self.counts.limit)),
            thousands(totals.arrivals),
            self.counts.throttle_breakdown(),
        );
        if self.spec.clauses.contains(&crate::figure::Clause::ColdStarts) {
            text.push_str(&format!(" · cold starts {}", thousands(totals.cold_starts)));
        }
        if self.setup.is_on(Control::DatabaseOn) && self.spec.layers.grill {
            text.push_str(&format!(
                " · database queries {} · failed {}",
                thousands(totals.db_queries),
                thousands(totals.failed)
            ));
        }
        text
    }
}
