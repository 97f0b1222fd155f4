//! The headless runner: `simulate SCENARIO [--series OUT.csv]` runs a scenario file (TOML or
//! JSON) and prints the summary as JSON on standard output.

use std::process::ExitCode;

use scaling_model::{Scenario, Simulation};

const USAGE: &str = "usage: simulate SCENARIO.toml|SCENARIO.json [--series OUT.csv]
       simulate --defaults

Runs the scenario and prints its summary as JSON. --series writes the time series,
one row per interval, as CSV. --defaults prints a scenario with every default, as TOML.
Every scenario field, its unit and its default are
documented in crates/scaling-model/src/config.rs and in crates/scaling-model/SCENARIOS.md.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("simulate: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut scenario_path = None;
    let mut series_path = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--defaults" => {
                let text = toml::to_string(&Scenario::default()).map_err(|e| e.to_string())?;
                print!("{text}");
                return Ok(());
            }
            "--series" => {
                series_path = Some(args.next().ok_or("--series needs a file name")?);
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}\n{USAGE}")),
            _ if scenario_path.is_none() => scenario_path = Some(arg),
            _ => return Err(format!("more than one scenario given\n{USAGE}")),
        }
    }
    let scenario_path = scenario_path.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&scenario_path)
        .map_err(|error| format!("cannot read {scenario_path}: {error}"))?;
    let mut scenario =
        Scenario::from_text(&text).map_err(|error| format!("{scenario_path}: {error}"))?;
    // Animation events are of no use here; recording them only costs time.
    scenario.record_events = false;
    let mut simulation = Simulation::new(scenario).map_err(|error| error.to_string())?;
    simulation.run_to_end();
    let summary = simulation.summary();
    let json = serde_json::to_string_pretty(&summary).map_err(|error| error.to_string())?;
    println!("{json}");
    if let Some(path) = series_path {
        let mut writer = csv::Writer::from_path(&path)
            .map_err(|error| format!("cannot write {path}: {error}"))?;
        for row in simulation.series() {
            writer.serialize(row).map_err(|error| format!("cannot write {path}: {error}"))?;
        }
        writer.flush().map_err(|error| format!("cannot write {path}: {error}"))?;
    }
    Ok(())
}
