//! The memory tuning lab's logic: a power tuning sweep run on the model, and its picks.
//!
//! A sweep asks the model, for each memory size the learner lists, how long one invocation
//! takes and what it costs. It does not re-derive those numbers: each size is a separate
//! [`Simulation`] of a warm-up request followed by `invocations` requests spaced far enough
//! apart that one warm environment serves them all, and the results are read from the
//! model's own [`Summary`](scaling_model::Summary) (mean invocation time, the bill).
//!
//! Like AWS Lambda Power Tuning, the sweep measures the warm path: the first request pays the
//! cold start and is left out, by reading the model's running totals once it has finished and
//! subtracting them from the totals at the end.
//!
//! Everything here is plain Rust, tested natively; `ui::tuning` wires it to the page.

use std::fmt;

use crate::setup::thousands;
use scaling_model::config::MEMORY_RANGE_MB;
use scaling_model::{Architecture, Scenario, Simulation, Summary, Traffic, Variability, sizing};

/// The memory sizes the lab offers as checkboxes, in MB: powers of two, 1,769 MB (one
/// vCPU), 3,008 MB (an old maximum many guides still use) and the largest size.
pub const MEMORY_PRESETS_MB: [u32; 10] =
    [128, 256, 512, 1_024, 1_536, 1_769, 2_048, 3_008, 4_096, 10_240];
/// Invocations per size: fewest and most.
pub const INVOCATIONS_RANGE: (u32, u32) = (1, 1_000);
/// The handler's duration at its reference memory, in ms: shortest and longest.
pub const HANDLER_MS_RANGE: (f64, f64) = (1.0, 60_000.0);
/// Threads the handler keeps busy: fewest and most (six vCPUs is Lambda's largest share).
pub const THREADS_RANGE: (u32, u32) = (1, 6);
/// arm64 speed relative to x86_64 for CPU work: slowest and fastest factor offered.
pub const ARM64_SPEED_RANGE: (f64, f64) = (0.5, 2.0);
/// Most memory sizes one sweep may list.
pub const MAX_SIZES: usize = 40;

/// Which architectures a sweep runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architectures {
    /// x86_64 only.
    X86_64,
    /// arm64 (Graviton) only.
    Arm64,
    /// Both, as two series.
    Both,
}

impl Architectures {
    /// The architectures to run, x86_64 first.
    pub fn list(self) -> &'static [Architecture] {
        match self {
            Architectures::X86_64 => &[Architecture::X86_64],
            Architectures::Arm64 => &[Architecture::Arm64],
            Architectures::Both => &[Architecture::X86_64, Architecture::Arm64],
        }
    }
}

/// The name of an architecture as AWS writes it.
pub fn architecture_name(architecture: Architecture) -> &'static str {
    match architecture {
        Architecture::X86_64 => "x86_64",
        Architecture::Arm64 => "arm64",
    }
}

/// What the learner chose: the sizes to try, how often, and what the handler does.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepConfig {
    /// Memory sizes to try, in MB, each 128 to 10,240, no duplicates (any order).
    pub memory_mb: Vec<u32>,
    /// Warm invocations measured at each size (the cold warm-up request is extra).
    pub invocations: u32,
    /// x86_64, arm64 or both.
    pub architectures: Architectures,
    /// Share of the handler's time that is computing (0 = all waiting on I/O, 1 = all CPU).
    pub cpu_bound_fraction: f64,
    /// Mean handler duration at `reference_memory_mb` on x86_64, in ms.
    pub handler_ms: f64,
    /// The memory at which `handler_ms` holds, in MB.
    pub reference_memory_mb: u32,
    /// Threads the handler keeps busy; only more than one can use more than one vCPU.
    pub handler_threads: u32,
    /// How much faster CPU work runs on arm64 than on x86_64 (1 = the same speed).
    pub arm64_speed_factor: f64,
    /// Whether handler times vary (log-normal, coefficient of variation 0.3) or are exact.
    pub varied: bool,
    /// Seed of the model's randomness (matters only when times vary).
    pub seed: u64,
}

impl Default for SweepConfig {
    /// The chapter's example: 2,000 ms at 128 MB, all computing, one thread, 100 invocations
    /// at each preset size on x86_64.
    fn default() -> Self {
        SweepConfig {
            memory_mb: MEMORY_PRESETS_MB.to_vec(),
            invocations: 100,
            architectures: Architectures::X86_64,
            cpu_bound_fraction: 1.0,
            handler_ms: 2_000.0,
            reference_memory_mb: 128,
            handler_threads: 1,
            arm64_speed_factor: 1.0,
            varied: false,
            seed: 1,
        }
    }
}

/// Why a sweep cannot run, in words for the learner.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepError {
    /// No memory size was chosen.
    NoSizes,
    /// More sizes than [`MAX_SIZES`].
    TooManySizes(usize),
    /// A size outside 128 to 10,240 MB.
    SizeOutOfRange(u32),
    /// The same size listed twice.
    DuplicateSize(u32),
    /// A setting outside its range: its name, its value and what is allowed.
    Setting {
        /// The setting, as the lab labels it.
        name: &'static str,
        /// The rejected value, as text.
        value: String,
        /// What is allowed.
        allowed: String,
    },
    /// The model refused the scenario built for a size (its message).
    Model(String),
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (min_mb, max_mb) = MEMORY_RANGE_MB;
        match self {
            SweepError::NoSizes => write!(f, "Choose at least one memory size to try."),
            SweepError::TooManySizes(count) => {
                write!(f, "{count} memory sizes is too many; choose at most {MAX_SIZES}.")
            }
            SweepError::SizeOutOfRange(memory_mb) => write!(
                f,
                "{memory_mb} MB is not a Lambda memory size; use {min_mb} to {} MB.",
                thousands(u64::from(max_mb))
            ),
            SweepError::DuplicateSize(memory_mb) => {
                write!(f, "{} MB is listed twice.", thousands(u64::from(*memory_mb)))
            }
            SweepError::Setting { name, value, allowed } => {
                write!(f, "{name} is {value}; it must be {allowed}.")
            }
            SweepError::Model(message) => write!(f, "The model refused the sweep: {message}."),
        }
    }
}

impl std::error::Error for SweepError {}

/// What the model reported for one memory size on one architecture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeResult {
    /// Memory, in MB.
    pub memory_mb: u32,
    /// Architecture.
    pub architecture: Architecture,
    /// Mean duration of the measured (warm) invocations, in ms.
    pub mean_ms: f64,
    /// 95th percentile of the measured invocations' durations, in ms (to the model's
    /// histogram precision, three significant figures).
    pub p95_ms: f64,
    /// Lambda cost per invocation (requests plus billed duration), in US dollars.
    pub cost_usd: f64,
    /// Invocations measured.
    pub invocations: u64,
    /// Cold starts among the measured invocations (0 unless times vary wildly).
    pub cold_starts: u64,
}

impl SizeResult {
    /// Lambda cost per million invocations, in US dollars.
    pub fn cost_per_million_usd(&self) -> f64 {
        self.cost_usd * 1e6
    }
}

/// Checks `config`, returning the first problem found.
pub fn validate(config: &SweepConfig) -> Result<(), SweepError> {
    let (min_mb, max_mb) = MEMORY_RANGE_MB;
    if config.memory_mb.is_empty() {
        return Err(SweepError::NoSizes);
    }
    if config.memory_mb.len() > MAX_SIZES {
        return Err(SweepError::TooManySizes(config.memory_mb.len()));
    }
    for (index, memory_mb) in config.memory_mb.iter().enumerate() {
        if !(min_mb..=max_mb).contains(memory_mb) {
            return Err(SweepError::SizeOutOfRange(*memory_mb));
        }
        if config.memory_mb[..index].contains(memory_mb) {
            return Err(SweepError::DuplicateSize(*memory_mb));
        }
    }
    let (fewest, most) = INVOCATIONS_RANGE;
    if !(fewest..=most).contains(&config.invocations) {
        return Err(setting("Invocations per size", config.invocations, fewest, most));
    }
    check_f64("CPU-bound share", config.cpu_bound_fraction, 0.0, 1.0)?;
    check_f64("Handler time", config.handler_ms, HANDLER_MS_RANGE.0, HANDLER_MS_RANGE.1)?;
    if !(min_mb..=max_mb).contains(&config.reference_memory_mb) {
        return Err(setting("Reference memory", config.reference_memory_mb, min_mb, max_mb));
    }
    let (fewest, most) = THREADS_RANGE;
    if !(fewest..=most).contains(&config.handler_threads) {
        return Err(setting("Handler threads", config.handler_threads, fewest, most));
    }
    let (slowest, fastest) = ARM64_SPEED_RANGE;
    check_f64("arm64 speed factor", config.arm64_speed_factor, slowest, fastest)
}

fn setting(name: &'static str, value: impl fmt::Display, min: u32, max: u32) -> SweepError {
    SweepError::Setting {
        name,
        value: value.to_string(),
        allowed: format!("{} to {}", thousands(u64::from(min)), thousands(u64::from(max))),
    }
}

fn check_f64(name: &'static str, value: f64, min: f64, max: f64) -> Result<(), SweepError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(SweepError::Setting {
            name,
            value: value.to_string(),
            allowed: format!("{min} to {max}"),
        })
    }
}

/// Coefficient of variation of handler times when the learner asks for varied times.
pub const VARIED_CV: f64 = 0.3;

/// The scenario for one size: a cold warm-up request at time 0, then `invocations`
/// requests `gap_s` apart, no database, no caches, one key. Returns it with the gap.
fn scenario_for(
    config: &SweepConfig,
    memory_mb: u32,
    architecture: Architecture,
) -> (Scenario, f64) {
    let mut scenario =
        Scenario { name: "memory tuning".to_owned(), seed: config.seed, ..Scenario::default() };
    scenario.record_events = false;
    scenario.keys.key_count = 1;
    scenario.database.enabled = false;
    scenario.gateway.overhead_ms = 0.0;
    let function = &mut scenario.function;
    function.memory_mb = memory_mb;
    function.architecture = architecture;
    function.arm64_speed_factor = config.arm64_speed_factor;
    function.handler_ms = config.handler_ms;
    function.reference_memory_mb = config.reference_memory_mb;
    function.cpu_bound_fraction = config.cpu_bound_fraction;
    function.handler_threads = config.handler_threads;
    let cv = if config.varied { VARIED_CV } else { 0.0 };
    function.handler_variability =
        if config.varied { Variability::LogNormal { cv } } else { Variability::Deterministic };
    // Spacing only: far enough apart that one request ends before the next arrives, so one
    // warm environment serves them all. The measured times come from the run, not from here.
    let busiest_ms = sizing::handler_mean_ms(function) * (2.0 + 20.0 * cv)
        + sizing::init_mean_ms(function) * (1.0 + 10.0 * function.init_cv)
        + function.placement_ms;
    let gap_s = (busiest_ms / 1_000.0).ceil() + 1.0;
    let arrivals = u64::from(config.invocations) + 1;
    let arrival_times_s = (0..arrivals).map(|index| index as f64 * gap_s).collect();
    scenario.traffic = Traffic::Replay { arrival_times_s };
    scenario.duration_s = (arrivals + 1) as f64 * gap_s;
    scenario.interval_s = scenario.duration_s;
    scenario.function.idle_timeout_s = scenario.duration_s;
    (scenario, gap_s)
}

/// Lambda's share of a bill: requests plus on-demand duration, in dollars.
fn lambda_cost_usd(summary: &Summary) -> f64 {
    summary.cost_usd.lambda_requests + summary.cost_usd.lambda_on_demand_duration
}

/// Runs the model for one size and reads the warm invocations' mean and p95 time and cost
/// (the warm-up request's totals are subtracted, and its duration forgotten).
pub fn measure_size(
    config: &SweepConfig,
    memory_mb: u32,
    architecture: Architecture,
) -> Result<SizeResult, SweepError> {
    let (scenario, gap_s) = scenario_for(config, memory_mb, architecture);
    let mut simulation =
        Simulation::new(scenario).map_err(|error| SweepError::Model(error.to_string()))?;
    // Halfway to the first measured request, the warm-up request has finished.
    simulation.advance_to(gap_s / 2.0);
    let warm_up = simulation.summary();
    simulation.forget_invocation_durations();
    simulation.run_to_end();
    let end = simulation.summary();
    let invocations = end.invocations - warm_up.invocations;
    let busy_ms = end.mean_invocation_ms * end.invocations as f64
        - warm_up.mean_invocation_ms * warm_up.invocations as f64;
    let cost_usd = lambda_cost_usd(&end) - lambda_cost_usd(&warm_up);
    let per = |total: f64| if invocations == 0 { 0.0 } else { total / invocations as f64 };
    Ok(SizeResult {
        memory_mb,
        architecture,
        mean_ms: per(busy_ms),
        p95_ms: simulation.invocation_durations_ms().p95,
        cost_usd: per(cost_usd),
        invocations,
        cold_starts: end.cold_starts - warm_up.cold_starts,
    })
}

/// Runs the sweep: every size on every chosen architecture, sorted by architecture (x86_64
/// first) then memory.
pub fn run_sweep(config: &SweepConfig) -> Result<Vec<SizeResult>, SweepError> {
    validate(config)?;
    let mut sizes = config.memory_mb.clone();
    sizes.sort_unstable();
    let mut results = Vec::with_capacity(sizes.len() * 2);
    for architecture in config.architectures.list() {
        for memory_mb in &sizes {
            results.push(measure_size(config, *memory_mb, *architecture)?);
        }
    }
    Ok(results)
}

/// The sizes a strategy would choose, as indexes into the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picks {
    /// Lowest cost per invocation (ties: the faster).
    pub cheapest: usize,
    /// Lowest mean duration (ties: the cheaper).
    pub fastest: usize,
    /// Lowest weighted score (see [`picks`]).
    pub balanced: usize,
}

/// Normalised values closer than this count as equal (floating-point noise in the bill).
const TIE: f64 = 1e-9;

/// Divides `values` by the largest of them, so the largest becomes 1 (all zero when the
/// largest is not positive).
fn normalise(values: &[f64]) -> Vec<f64> {
    let high = values.iter().copied().fold(0.0, f64::max);
    values.iter().map(|value| if high > 0.0 { value / high } else { 0.0 }).collect()
}

/// The index with the lowest `primary`, ties (within [`TIE`]) broken by the lowest
/// `secondary`, then by the first in order.
fn lowest(primary: &[f64], secondary: &[f64]) -> usize {
    let mut best = 0;
    for index in 1..primary.len() {
        let difference = primary[index] - primary[best];
        if difference < -TIE
            || (difference.abs() <= TIE && secondary[index] < secondary[best] - TIE)
        {
            best = index;
        }
    }
    best
}

/// The cheapest, fastest and balanced picks among `results`, or `None` when there are none.
///
/// Cost and time are first made unitless by dividing each by its largest value in the sweep:
/// `c = cost / dearest` and `t = time / slowest`, both at most 1, so a 0.2% cost difference
/// stays a 0.2% difference. The balanced pick has the lowest score
/// `(1 − speed_weight) × c + speed_weight × t`: a weight of 0 cares only about cost (it is
/// the cheapest pick), 1 only about time (the fastest pick), 0.5 about both equally. Equal
/// scores are broken by the mirrored score `speed_weight × c + (1 − speed_weight) × t`, so
/// the ends match the cheapest and fastest picks exactly, ties included: equal costs go to
/// the faster size, equal times to the cheaper one. This is AWS Lambda Power Tuning's
/// balanced strategy, except that its `balancedWeight` is the weight on cost (its 1 is our
/// 0). A weight outside 0..=1 is clamped.
pub fn picks(results: &[SizeResult], speed_weight: f64) -> Option<Picks> {
    if results.is_empty() {
        return None;
    }
    let weight = if speed_weight.is_finite() { speed_weight.clamp(0.0, 1.0) } else { 0.5 };
    let costs: Vec<f64> = results.iter().map(|result| result.cost_usd).collect();
    let times: Vec<f64> = results.iter().map(|result| result.mean_ms).collect();
    let (cost, time) = (normalise(&costs), normalise(&times));
    let mix = |w: f64| -> Vec<f64> {
        cost.iter().zip(&time).map(|(c, t)| (1.0 - w) * c + w * t).collect()
    };
    Some(Picks {
        cheapest: lowest(&cost, &time),
        fastest: lowest(&time, &cost),
        balanced: lowest(&mix(weight), &mix(1.0 - weight)),
    })
}

/// A duration in ms with the precision the model has: grouped thousands and one decimal
/// ("2,000.0 ms", "144.7 ms"), two decimals below 10 ms.
pub fn format_ms(ms: f64) -> String {
    if !ms.is_finite() {
        return "unknown ms".to_owned();
    }
    if ms < 10.0 {
        return format!("{ms:.2} ms");
    }
    let tenths = (ms * 10.0).round() as u64;
    format!("{}.{} ms", thousands(tenths / 10), tenths % 10)
}

/// A cost per million invocations in dollars, to four decimals (a hundredth of a cent per
/// million; the smallest step a 1 ms change makes at 128 MB is about $0.0020).
pub fn format_per_million(usd_per_million: f64) -> String {
    if !usd_per_million.is_finite() {
        return "unknown".to_owned();
    }
    let whole = usd_per_million.trunc() as u64;
    let fraction = format!("{:.4}", usd_per_million.fract());
    // "0.1234" → ".1234"; a fraction that rounds up to "1.0000" carries into the dollars.
    match fraction.strip_prefix("1.") {
        Some(rest) => format!("${}.{rest}", thousands(whole + 1)),
        None => format!("${}{}", thousands(whole), fraction.trim_start_matches('0')),
    }
}

/// "1,024 MB on x86_64".
pub fn size_label(result: &SizeResult) -> String {
    format!(
        "{} MB on {}",
        thousands(u64::from(result.memory_mb)),
        architecture_name(result.architecture)
    )
}

fn pick_phrase(result: &SizeResult) -> String {
    format!(
        "{} at {} and {} per million invocations",
        size_label(result),
        format_ms(result.mean_ms),
        format_per_million(result.cost_per_million_usd())
    )
}

/// The screen-reader description of a sweep: the three picks, then how much faster and
/// dearer the fastest size is than the smallest one.
pub fn describe(results: &[SizeResult], picks: &Picks, speed_weight: f64) -> String {
    let (Some(cheapest), Some(fastest), Some(balanced)) =
        (results.get(picks.cheapest), results.get(picks.fastest), results.get(picks.balanced))
    else {
        return "No sweep results yet.".to_owned();
    };
    let smallest = results
        .iter()
        .filter(|result| result.architecture == fastest.architecture)
        .min_by_key(|result| result.memory_mb)
        .unwrap_or(fastest);
    let speed_up = smallest.mean_ms / fastest.mean_ms;
    let cost_ratio = fastest.cost_usd / smallest.cost_usd;
    let weight_percent = (speed_weight.clamp(0.0, 1.0) * 100.0).round();
    format!(
        "Cheapest: {}. Fastest: {}. Balanced ({weight_percent}% weight on speed): {}. \
         The fastest size runs {speed_up:.2} times as fast as {} MB for {cost_ratio:.2} times \
         the cost.",
        pick_phrase(cheapest),
        pick_phrase(fastest),
        pick_phrase(balanced),
        thousands(u64::from(smallest.memory_mb)),
    )
}

/// Reads a memory size the learner typed ("1769", "1,769", " 2048 MB") or says what is wrong.
pub fn parse_memory_mb(text: &str) -> Result<u32, String> {
    let (min_mb, max_mb) = MEMORY_RANGE_MB;
    let cleaned: String = text.trim().trim_end_matches("MB").trim().replace([',', '_'], "");
    if cleaned.is_empty() {
        return Err("Type a memory size in MB first.".to_owned());
    }
    let Ok(memory_mb) = cleaned.parse::<u32>() else {
        return Err(format!(
            "\"{}\" is not a whole number of MB; use {min_mb} to {}.",
            text.trim(),
            thousands(u64::from(max_mb))
        ));
    };
    if (min_mb..=max_mb).contains(&memory_mb) {
        Ok(memory_mb)
    } else {
        Err(SweepError::SizeOutOfRange(memory_mb).to_string())
    }
}

/// Reads an invocation count the learner typed, or says what is wrong.
pub fn parse_invocations(text: &str) -> Result<u32, String> {
    let (fewest, most) = INVOCATIONS_RANGE;
    match text.trim().replace(',', "").parse::<u32>() {
        Ok(count) if (fewest..=most).contains(&count) => Ok(count),
        _ => Err(format!(
            "Invocations per size must be a whole number from {fewest} to {}.",
            thousands(u64::from(most))
        )),
    }
}

/// Reads a handler time in ms the learner typed, or says what is wrong.
pub fn parse_handler_ms(text: &str) -> Result<f64, String> {
    let (shortest, longest) = HANDLER_MS_RANGE;
    match text.trim().replace(',', "").parse::<f64>() {
        Ok(ms) if ms.is_finite() && (shortest..=longest).contains(&ms) => Ok(ms),
        _ => Err(format!(
            "The handler time must be a number of ms from {shortest} to {}.",
            thousands(longest as u64)
        )),
    }
}
