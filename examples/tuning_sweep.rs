//! Measures the memory tuning sweep natively: all preset sizes, 100 invocations each, on
//! x86_64 and on both architectures. Prints sweeps per second and the median time of one.
//! Run with `cargo run --release --example tuning_sweep [repeats]`.

use std::time::Instant;

use serverless_workbook::tuning::{Architectures, SweepConfig, run_sweep};

fn main() {
    let repeats: usize = std::env::args().nth(1).and_then(|text| text.parse().ok()).unwrap_or(200);
    for architectures in [Architectures::X86_64, Architectures::Both] {
        let config = SweepConfig { architectures, varied: true, ..SweepConfig::default() };
        let mut times_ms = Vec::with_capacity(repeats);
        let started = Instant::now();
        for seed in 0..repeats {
            let config = SweepConfig { seed: seed as u64, ..config.clone() };
            let start = Instant::now();
            let results = run_sweep(&config).expect("the preset sweep is valid");
            times_ms.push(start.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(results);
        }
        let total_s = started.elapsed().as_secs_f64();
        times_ms.sort_by(f64::total_cmp);
        println!(
            "{architectures:?}: {} sizes × 100 invocations, {repeats} sweeps: {:.0} sweeps/s, \
             median {:.3} ms, max {:.3} ms",
            config.memory_mb.len(),
            repeats as f64 / total_s,
            times_ms[repeats / 2],
            times_ms[repeats - 1],
        );
    }
}
