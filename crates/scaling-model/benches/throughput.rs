//! Simulated requests per wall-clock second at about 10, 100, 1,000 and 10,000 live (busy)
//! Lambda environments, plus the full stack (Redis and database) at 1,000 environments.
//!
//! Each case is Poisson traffic at N requests per second into a handler of mean 1 s
//! (exponential), so about N environments are busy at once (Little's law). The concurrency
//! limit and scaling rate never throttle, the database is off in the lean cases, and animation
//! events are not recorded. Every measured iteration simulates the same number of requests
//! (about 200,000) after an unmeasured 10 s warm-up that fills the pool, and criterion reports
//! it as `Throughput::Elements`. After criterion, a plain timing loop prints the requests per
//! second of each lean case and the per-request time ratio between 10,000 and 10 environments:
//! an event's cost must grow at most logarithmically with the number of environments.
//!
//! Run with `cargo bench -p scaling-model --bench throughput` (CI does not run it).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput};
use scaling_model::{Scenario, Simulation, Traffic, Variability};

/// Requests simulated in one measured iteration.
const REQUESTS_PER_ITERATION: f64 = 200_000.0;
/// Simulated seconds run before measuring, so the pool is at its steady size.
const WARM_UP_S: f64 = 10.0;
/// The environment counts of the lean cases.
const ENVIRONMENTS: [u32; 4] = [10, 100, 1_000, 10_000];

/// Lean scenario: about `environments` busy environments, no database, nothing throttles.
fn lean(environments: u32) -> Scenario {
    let mut scenario = Scenario::default();
    let rate = f64::from(environments);
    scenario.name = format!("lean-{environments}");
    scenario.record_events = false;
    scenario.traffic = Traffic::Poisson { rate_per_s: rate };
    scenario.duration_s = WARM_UP_S + REQUESTS_PER_ITERATION / rate;
    // One key: no cache is on, so the key a request asks for changes nothing.
    scenario.keys.key_count = 1;
    let function = &mut scenario.function;
    function.account_concurrency_limit = 1_000_000;
    function.reserved_concurrency = None;
    function.scaling_rate_per_10s = 10_000_000;
    function.handler_ms = 1_000.0;
    function.memory_mb = function.reference_memory_mb;
    function.handler_variability = Variability::Exponential;
    function.init_ms_override = Some(200.0);
    scenario.database.enabled = false;
    scenario
}

/// Full stack at about 1,000 environments: Zipf keys, Redis (short TTL, so the database
/// keeps working) and a database with a connection per environment.
fn full_stack() -> Scenario {
    let mut scenario = lean(1_000);
    scenario.name = "full-stack-1000".to_owned();
    scenario.keys.key_count = 100_000;
    scenario.redis.enabled = true;
    scenario.redis.ttl_s = 2.0;
    scenario.database.enabled = true;
    scenario.database.max_connections = 5_000;
    scenario
}

/// A simulation advanced past its warm-up, and the requests its measured part will see.
fn warmed(scenario: &Scenario) -> (Simulation, u64) {
    let mut simulation = Simulation::new(scenario.clone()).expect("bench scenario is valid");
    simulation.advance_to(WARM_UP_S);
    let before = simulation.summary().requests;
    let mut probe = simulation.clone();
    probe.run_to_end();
    (simulation, probe.summary().requests - before)
}

fn bench_case(criterion: &mut Criterion, group_name: &str, id: &str, scenario: &Scenario) {
    let (_, requests) = warmed(scenario);
    let mut group = criterion.benchmark_group(group_name);
    group.throughput(Throughput::Elements(requests));
    group.bench_function(id, |bencher| {
        bencher.iter_batched(
            || warmed(scenario).0,
            |mut simulation| {
                simulation.run_to_end();
                black_box(simulation.now_s())
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// Plain timing of one lean case: the best of `runs` measured parts, in requests per second.
fn requests_per_second(scenario: &Scenario, runs: usize) -> (f64, f64) {
    let mut best = f64::INFINITY;
    let mut busy = 0.0;
    for _ in 0..runs {
        let (mut simulation, requests) = warmed(scenario);
        let start = Instant::now();
        simulation.run_to_end();
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds / requests as f64);
        busy = simulation.summary().mean_busy_environments;
    }
    (1.0 / best, busy)
}

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for environments in ENVIRONMENTS {
        bench_case(&mut criterion, "lean", &format!("{environments}_envs"), &lean(environments));
    }
    bench_case(&mut criterion, "full_stack", "1000_envs", &full_stack());
    criterion.final_summary();

    println!("\nsimulated requests per wall-clock second (best of 5, after warm-up);");
    println!("the second column keeps 200 series rows per run instead of one per second:");
    let mut rates = Vec::new();
    let mut rates_few_rows = Vec::new();
    for environments in ENVIRONMENTS {
        let scenario = lean(environments);
        let (rate, busy) = requests_per_second(&scenario, 5);
        let mut few_rows = scenario;
        few_rows.interval_s = few_rows.duration_s / 200.0;
        let (rate_few_rows, _) = requests_per_second(&few_rows, 5);
        println!(
            "  {environments:>6} envs (mean busy {busy:>8.1}): {rate:>10.0} req/s \
             {rate_few_rows:>10.0} req/s"
        );
        rates.push(rate);
        rates_few_rows.push(rate_few_rows);
    }
    let (rate, busy) = requests_per_second(&full_stack(), 5);
    println!("  full stack 1,000 envs (mean busy {busy:.1}): {rate:.0} req/s");
    let last = ENVIRONMENTS.len() - 1;
    println!(
        "per-request time ratio, 10,000 envs / 10 envs: {:.2} (1 s rows), {:.2} (200 rows)",
        rates[0] / rates[last],
        rates_few_rows[0] / rates_few_rows[last]
    );
}
