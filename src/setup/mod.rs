//! The catalogue of controls every live figure, challenge and walkthrough shares: what a learner
//! can set (arrival pattern and rate, concurrency, memory, caches, the database...), each
//! control's label, unit and range, and the model [`Scenario`] a [`Setup`] stands for.
//!
//! A figure shows a subset of [`Control`]s; a link or a saved answer carries the values as
//! `key=value` pairs. Every value is a whole number in the control's own unit, so sliders,
//! links and graders agree exactly, and [`Setup::clamped`] keeps any combination valid for the
//! model.

mod control;

pub use control::{Control, ControlInfo, Input};
use scaling_model::{Architecture, ConnectionPolicy, Invocation, Runtime, Scenario, Traffic};

/// How customers arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Random arrivals at a steady mean rate (Poisson).
    Steady,
    /// A sudden rush: the baseline rate, then the peak rate for [`SPIKE_PLATEAU_S`] seconds from
    /// [`SPIKE_START_S`], then the baseline again.
    Spike,
    /// A slow swell and ebb around the mean rate, a day squeezed into [`WAVE_PERIOD_S`] seconds.
    Wave,
}

/// When a spike starts, in simulated seconds from the start of a run.
pub const SPIKE_START_S: f64 = 5.0;
/// How long a spike's plateau lasts, in seconds (the chapter's "100,000 users within seconds"
/// is 10 s at 10,000 per second).
pub const SPIKE_PLATEAU_S: f64 = 10.0;
/// The period of the wave pattern, in simulated seconds, short enough to watch.
pub const WAVE_PERIOD_S: f64 = 120.0;
/// Concurrency AWS keeps unreserved in every account (the model checks the same rule).
pub const UNRESERVED_MINIMUM: u32 = 100;
/// The runtimes the runtime control offers, in its order (names in the control's options).
pub const RUNTIMES: [Runtime; 11] = [
    Runtime::Nodejs22,
    Runtime::Nodejs24,
    Runtime::Python312,
    Runtime::Python313,
    Runtime::Java21,
    Runtime::Java25,
    Runtime::Dotnet8,
    Runtime::Dotnet10,
    Runtime::Go,
    Runtime::Rust,
    Runtime::Llrt,
];
/// The numbers of distinct keys the key-count control offers.
pub const KEY_COUNTS: [u32; 6] = [1, 10, 100, 1_000, 10_000, 100_000];

/// Everything a learner set: one whole number per [`Control`], plus the seed of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    values: [u32; Control::ALL.len()],
    /// Seed of the simulation's randomness.
    pub seed: u64,
}

impl Default for Setup {
    /// A steady API: 800 requests a second of 1 s handlers under the default 1,000 limit,
    /// 128 MB Node.js, no caches, a database of 150 connections reused per environment. Model
    /// defaults and their sources are in `crates/scaling-model/src/config.rs`.
    fn default() -> Self {
        let mut setup = Setup { values: [0; Control::ALL.len()], seed: 1 };
        for (control, value) in [
            (Control::Pattern, 0),
            (Control::ArrivalRate, 800),
            (Control::BaselineRate, 0),
            (Control::AccountLimit, 1_000),
            (Control::Reserved, 0),
            (Control::Provisioned, 0),
            (Control::MemoryMb, 128),
            (Control::Architecture, 0),
            (Control::Runtime, 0),
            (Control::PackageMb, 1),
            (Control::HandlerMs, 1_000),
            (Control::CpuBoundPercent, 50),
            (Control::IdleTimeoutS, 600),
            (Control::CdnTtlS, 0),
            (Control::GatewayTtlS, 0),
            (Control::RedisTtlS, 0),
            (Control::KeyCount, 3),
            (Control::PopularityPercent, 100),
            (Control::DatabaseOn, 0),
            (Control::DbMaxConnections, 150),
            (Control::DbQuerySlots, 8),
            (Control::QueryMs, 5),
            (Control::ConnectionReuse, 1),
            (Control::Proxy, 0),
            (Control::Async, 0),
        ] {
            setup.values[control as usize] = value;
        }
        setup
    }
}

impl Setup {
    /// The value of `control`, in its unit (a choice's position; 1 or 0 for a toggle).
    pub fn get(&self, control: Control) -> u32 {
        self.values[control as usize]
    }

    /// Sets `control`, then clamps the whole setup so it stays valid (see [`Setup::clamped`]).
    pub fn set(&mut self, control: Control, value: u32) {
        self.values[control as usize] = value;
        *self = self.clamped();
    }

    /// The same setup with `control` set to `value`.
    pub fn with(mut self, control: Control, value: u32) -> Setup {
        self.set(control, value);
        self
    }

    /// Whether a toggle is on.
    pub fn is_on(&self, control: Control) -> bool {
        self.get(control) != 0
    }

    /// The largest reserved concurrency the account limit allows (AWS keeps 100 unreserved).
    pub fn reserved_max(&self) -> u32 {
        self.get(Control::AccountLimit).saturating_sub(UNRESERVED_MINIMUM)
    }

    /// The concurrency the function can reach: the reservation if set, else the account limit.
    pub fn effective_limit(&self) -> u32 {
        match self.get(Control::Reserved) {
            0 => self.get(Control::AccountLimit),
            reserved => reserved,
        }
    }

    /// The largest provisioned concurrency allowed: the reservation if set, else the account
    /// limit less the unreserved minimum (the model's rule).
    pub fn provisioned_max(&self) -> u32 {
        match self.get(Control::Reserved) {
            0 => self.reserved_max(),
            reserved => reserved,
        }
    }

    /// The largest value `control` may take given the others (a slider's moving maximum).
    pub fn max_of(&self, control: Control) -> u32 {
        let (_, max) = control.bounds();
        match control {
            Control::Reserved => max.min(self.reserved_max()),
            Control::Provisioned => max.min(self.provisioned_max()),
            _ => max,
        }
    }

    /// The same setup with every value inside its control's bounds, on its step, and the
    /// reservation and provisioned concurrency inside the limits, so the scenario validates.
    pub fn clamped(mut self) -> Setup {
        for control in Control::ALL {
            let (min, max) = control.bounds();
            let mut value = self.values[control as usize].clamp(min, max);
            if let Input::Range { step, .. } = control.info().input
                && step > 1
            {
                value = min + (value - min) / step * step;
            }
            self.values[control as usize] = value;
        }
        for control in [Control::Reserved, Control::Provisioned] {
            let value = self.values[control as usize].min(self.max_of(control));
            self.values[control as usize] = value;
        }
        self
    }

    /// Reads a setup from link parameters (`rate=2000&limit=300&seed=4`) over `base`: missing
    /// parameters keep `base`'s values, bad ones are skipped with a message, values are
    /// clamped.
    pub fn from_query(base: Setup, query: &str) -> (Setup, Vec<String>) {
        let mut setup = base;
        let mut problems = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let shown: String = pair.chars().take(40).collect();
            let Ok(number) = value.trim().parse::<u64>() else {
                problems.push(format!("ignored “{shown}”: not a whole number"));
                continue;
            };
            if name == "seed" {
                setup.seed = number;
            } else if let Some(control) = Control::from_key(name) {
                setup.values[control as usize] = u32::try_from(number).unwrap_or(u32::MAX);
            } else {
                problems.push(format!("ignored “{shown}”: unknown setting"));
            }
        }
        (setup.clamped(), problems)
    }

    /// The link parameters that reproduce `controls` of this setup, and its seed.
    pub fn to_query(&self, controls: &[Control]) -> String {
        let mut query: Vec<String> = controls
            .iter()
            .map(|control| format!("{}={}", control.info().key, self.get(*control)))
            .collect();
        query.push(format!("seed={}", self.seed));
        query.join("&")
    }

    /// The value of `control` in words, with its unit: "1,024 MB", "arm64", "on".
    pub fn describe(&self, control: Control) -> String {
        let value = self.get(control);
        let info = control.info();
        match info.input {
            Input::Choice(options) => {
                options.get(value as usize).copied().unwrap_or("?").to_owned()
            }
            Input::Toggle => if value != 0 { "on" } else { "off" }.to_owned(),
            Input::Range { .. } if control == Control::PopularityPercent => {
                format!("{:.2}", f64::from(value) / 100.0)
            }
            Input::Range { .. } => format!("{} {}", thousands(u64::from(value)), info.unit),
        }
    }

    /// Whether going from `self` to `next` needs a new run rather than a reconfiguration.
    pub fn restarts_run(&self, next: &Setup) -> bool {
        next.seed != self.seed
            || Control::ALL
                .into_iter()
                .any(|control| control.restarts_run() && self.get(control) != next.get(control))
    }

    /// The arrival process this setup describes.
    pub fn traffic(&self) -> Traffic {
        let rate_per_s = f64::from(self.get(Control::ArrivalRate));
        match self.get(Control::Pattern) {
            1 => Traffic::Spike {
                baseline_per_s: f64::from(self.get(Control::BaselineRate)),
                peak_per_s: rate_per_s,
                start_s: SPIKE_START_S,
                ramp_s: 0.0,
                plateau_s: SPIKE_PLATEAU_S,
                decay_s: 0.0,
            },
            2 => Traffic::DailyWave {
                mean_per_s: rate_per_s,
                amplitude: 0.8,
                period_s: WAVE_PERIOD_S,
                peak_at_s: WAVE_PERIOD_S / 2.0,
            },
            _ => Traffic::Poisson { rate_per_s },
        }
    }

    /// The model scenario for this setup: an hour-long run with half-second series rows and
    /// recent events recorded (what a live figure needs). A grader may shorten it or replace
    /// the traffic; everything else comes from the controls or the model's cited defaults.
    pub fn scenario(&self) -> Scenario {
        let setup = self.clamped();
        let get = |control| setup.get(control);
        let seconds = |control| f64::from(get(control));
        let mut scenario = Scenario {
            name: "workbook setup".to_owned(),
            seed: setup.seed,
            duration_s: 3_600.0,
            interval_s: 0.5,
            record_events: true,
            traffic: setup.traffic(),
            ..Scenario::default()
        };
        scenario.keys.key_count = KEY_COUNTS[get(Control::KeyCount) as usize];
        scenario.keys.zipf_exponent = seconds(Control::PopularityPercent) / 100.0;
        let function = &mut scenario.function;
        function.account_concurrency_limit = get(Control::AccountLimit);
        function.reserved_concurrency = match get(Control::Reserved) {
            0 => None,
            reserved => Some(reserved),
        };
        function.provisioned_concurrency = get(Control::Provisioned);
        function.memory_mb = get(Control::MemoryMb);
        function.architecture = match get(Control::Architecture) {
            0 => Architecture::X86_64,
            _ => Architecture::Arm64,
        };
        function.runtime = RUNTIMES[get(Control::Runtime) as usize];
        function.package_size_mb = seconds(Control::PackageMb);
        function.handler_ms = seconds(Control::HandlerMs);
        function.cpu_bound_fraction = seconds(Control::CpuBoundPercent) / 100.0;
        function.idle_timeout_s = seconds(Control::IdleTimeoutS);
        scenario.cdn.ttl_s = seconds(Control::CdnTtlS);
        scenario.gateway.cache_ttl_s = seconds(Control::GatewayTtlS);
        scenario.redis.enabled = get(Control::RedisTtlS) > 0;
        if scenario.redis.enabled {
            scenario.redis.ttl_s = seconds(Control::RedisTtlS);
        }
        let database = &mut scenario.database;
        database.enabled = setup.is_on(Control::DatabaseOn);
        database.max_connections = get(Control::DbMaxConnections);
        database.query_slots = get(Control::DbQuerySlots);
        database.query_ms = seconds(Control::QueryMs);
        database.connection_policy = if setup.is_on(Control::ConnectionReuse) {
            ConnectionPolicy::PerEnvironment
        } else {
            ConnectionPolicy::PerRequest
        };
        database.proxy.enabled = setup.is_on(Control::Proxy);
        database.proxy.pool_connections =
            database.proxy.pool_connections.min(database.max_connections);
        if setup.is_on(Control::Async) {
            scenario.invocation = Invocation::Async;
        }
        scenario
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_has_a_unique_key_and_sane_bounds() {
        let mut keys: Vec<&str> = Control::ALL.iter().map(|control| control.info().key).collect();
        keys.push("seed");
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "duplicate link keys");
        for (position, control) in Control::ALL.into_iter().enumerate() {
            assert_eq!(control as usize, position, "ALL is in declaration order");
            let (min, max) = control.bounds();
            assert!(min <= max, "{control:?}");
            assert_eq!(Control::from_key(control.info().key), Some(control));
            let default = Setup::default().get(control);
            assert!((min..=max).contains(&default), "{control:?} default {default}");
        }
        assert_eq!(Setup::default(), Setup::default().clamped());
    }

    #[test]
    fn any_values_make_a_valid_scenario() {
        let extremes = [0_u32, 1, 7, 63, 99, 101, 999, 5_000, u32::MAX];
        for (round, value) in extremes.into_iter().enumerate() {
            let mut setup = Setup::default();
            for (index, control) in Control::ALL.into_iter().enumerate() {
                // Mix the extremes across controls so combinations differ each round.
                let pick = extremes[(index + round) % extremes.len()];
                setup.values[control as usize] = if index % 2 == 0 { value } else { pick };
            }
            let setup = setup.clamped();
            assert_eq!(setup.scenario().validate(), Ok(()), "{setup:?}");
            assert_eq!(setup, setup.clamped(), "clamping is idempotent");
        }
    }

    #[test]
    fn reservation_and_provisioning_stay_inside_the_limits() {
        let setup = Setup::default().with(Control::AccountLimit, 500).with(Control::Reserved, 900);
        assert_eq!(setup.get(Control::Reserved), 400);
        assert_eq!(setup.effective_limit(), 400);
        let setup = setup.with(Control::Provisioned, 3_000);
        assert_eq!(setup.get(Control::Provisioned), 400);
        let setup = Setup::default().with(Control::Provisioned, 3_000);
        assert_eq!(setup.get(Control::Provisioned), 900);
        assert_eq!(Setup::default().effective_limit(), 1_000);
        assert_eq!(Setup::default().scenario().function.reserved_concurrency, None);
    }

    #[test]
    fn values_snap_to_their_step() {
        let setup =
            Setup::default().with(Control::MemoryMb, 1_000).with(Control::IdleTimeoutS, 799);
        assert_eq!(setup.get(Control::MemoryMb), 960);
        assert_eq!(setup.get(Control::IdleTimeoutS), 790);
        assert_eq!(Setup::default().with(Control::ArrivalRate, 7).get(Control::ArrivalRate), 7);
        assert_eq!(Setup::default().with(Control::MemoryMb, 10_240).get(Control::MemoryMb), 10_240);
    }

    #[test]
    fn links_round_trip_and_report_bad_parameters() {
        let setup = Setup::default()
            .with(Control::Pattern, 1)
            .with(Control::RedisTtlS, 300)
            .with(Control::MemoryMb, 1_024);
        let controls = [Control::Pattern, Control::RedisTtlS, Control::MemoryMb];
        let query = setup.to_query(&controls);
        assert_eq!(query, "pattern=1&redis=300&memory=1024&seed=1");
        assert_eq!(Setup::from_query(Setup::default(), &query), (setup, vec![]));
        let (read, problems) =
            Setup::from_query(Setup::default(), "rate=abc&limit=99999999999&colour=9&&seed");
        assert_eq!(read.get(Control::ArrivalRate), 800);
        assert_eq!(read.get(Control::AccountLimit), 10_000);
        assert_eq!(
            problems,
            [
                "ignored “rate=abc”: not a whole number",
                "ignored “colour=9”: unknown setting",
                "ignored “seed”: not a whole number",
            ]
        );
    }

    #[test]
    fn the_scenario_follows_the_controls() {
        let setup = Setup::default()
            .with(Control::Pattern, 1)
            .with(Control::ArrivalRate, 10_000)
            .with(Control::RedisTtlS, 300)
            .with(Control::DatabaseOn, 1)
            .with(Control::ConnectionReuse, 0)
            .with(Control::Proxy, 1)
            .with(Control::DbMaxConnections, 50)
            .with(Control::Architecture, 1)
            .with(Control::Runtime, 4);
        let scenario = setup.scenario();
        assert!(matches!(scenario.traffic, Traffic::Spike { peak_per_s: 10_000.0, .. }));
        assert!(scenario.redis.enabled && scenario.redis.ttl_s == 300.0);
        assert!(scenario.database.enabled && scenario.database.proxy.enabled);
        assert_eq!(scenario.database.proxy.pool_connections, 50);
        assert_eq!(scenario.database.connection_policy, ConnectionPolicy::PerRequest);
        assert_eq!(scenario.function.architecture, Architecture::Arm64);
        assert_eq!(scenario.function.runtime, Runtime::Java21);
        assert!(!Setup::default().scenario().redis.enabled);
    }

    #[test]
    fn only_run_defining_controls_restart() {
        let setup = Setup::default();
        assert!(!setup.restarts_run(&setup.with(Control::ArrivalRate, 100)));
        assert!(setup.restarts_run(&setup.with(Control::Proxy, 1)));
        assert!(setup.restarts_run(&Setup { seed: 9, ..setup }));
        let mut simulation = scaling_model::Simulation::new(setup.scenario()).unwrap();
        simulation.advance_to(1.0);
        let next = setup.with(Control::ArrivalRate, 100).with(Control::MemoryMb, 2_048);
        assert_eq!(simulation.reconfigure(next.scenario()), Ok(()));
    }

    #[test]
    fn values_are_described_with_their_units() {
        let setup = Setup::default().with(Control::MemoryMb, 1_024).with(Control::Architecture, 1);
        assert_eq!(setup.describe(Control::MemoryMb), "1,024 MB");
        assert_eq!(setup.describe(Control::Architecture), "arm64");
        assert_eq!(setup.describe(Control::ConnectionReuse), "on");
        assert_eq!(setup.describe(Control::PopularityPercent), "1.00");
        assert_eq!(setup.describe(Control::KeyCount), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
