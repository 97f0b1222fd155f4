//! Runs one scenario file with several seeds and prints, per seed, one JSON line with what
//! `bench/peer/compare.py` compares against SimFaaS, and the wall-clock time of the run.
//!
//! `cargo run --release -p scaling-model --example peer_case -- SCENARIO.json SEEDS [FIRST]`
//! runs seeds FIRST..FIRST+SEEDS (FIRST defaults to 1). The time excludes reading the file and
//! building the simulation; animation events are turned off, as in the headless runner.

use std::process::ExitCode;
use std::time::Instant;

use scaling_model::{Scenario, Simulation};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("peer_case: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let usage = "usage: peer_case SCENARIO.json SEEDS [FIRST_SEED]";
    let path = args.first().ok_or(usage)?;
    let parse = |index: usize, default: u64| -> Result<u64, String> {
        args.get(index).map_or(Ok(default), |text| text.parse().map_err(|_| usage.to_owned()))
    };
    let seeds = parse(1, 1)?;
    let first = parse(2, 1)?;
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let mut scenario = Scenario::from_text(&text).map_err(|error| format!("{path}: {error}"))?;
    scenario.record_events = false;
    for seed in first..first + seeds {
        scenario.seed = seed;
        let mut simulation =
            Simulation::new(scenario.clone()).map_err(|error| error.to_string())?;
        let start = Instant::now();
        simulation.run_to_end();
        let wall_s = start.elapsed().as_secs_f64();
        let s = simulation.summary();
        let line = serde_json::json!({
            "seed": seed,
            "wall_s": wall_s,
            "requests": s.requests,
            "invocations": s.invocations,
            "cold_starts": s.cold_starts,
            "throttled": s.throttled,
            "cold_start_probability": s.cold_start_probability,
            "throttle_probability": s.throttle_probability,
            "mean_environments": s.mean_environments,
            "mean_busy_environments": s.mean_busy_environments,
            "mean_idle_environments": s.mean_idle_environments,
            "peak_environments": s.peak_environments,
            "simulated_seconds": s.simulated_seconds,
        });
        println!("{line}");
    }
    Ok(())
}
