//! How a function's configuration turns into times: memory → CPU share → handler duration,
//! runtime and package → init duration, CPU share → TLS connect time.

use crate::config::{Architecture, DatabaseConfig, FunctionConfig, Runtime};

/// Memory that buys one full vCPU, in MB (DOC: configuration-memory.html).
pub const MB_PER_VCPU: f64 = 1_769.0;

/// The function's CPU, in vCPUs, for a memory size: memory / 1,769 MB (DOC), so 0.07 at
/// 128 MB and 5.79 at 10,240 MB ("6 vCPUs", DOC).
pub fn vcpus(memory_mb: u32) -> f64 {
    f64::from(memory_mb) / MB_PER_VCPU
}

/// The CPU speed a handler can use: its vCPUs, but no more than its threads can keep busy.
pub fn usable_vcpus(memory_mb: u32, threads: u32) -> f64 {
    vcpus(memory_mb).min(f64::from(threads))
}

/// Mean handler duration in milliseconds at the configured memory and architecture.
///
/// Only the CPU-bound fraction scales with CPU: a handler of `handler_ms` at the reference
/// memory runs in `handler_ms × (f × usable(ref) / usable(mem) + (1 − f))`. With `f = 1`,
/// 2,000 ms at 128 MB becomes 250 ms at 1,024 MB (the chapter's example); with `f = 0.5` it
/// becomes 1,125 ms, and above 1,769 MB a single-threaded handler stops getting faster.
pub fn handler_mean_ms(function: &FunctionConfig) -> f64 {
    let reference = usable_vcpus(function.reference_memory_mb, function.handler_threads);
    let actual = usable_vcpus(function.memory_mb, function.handler_threads);
    let arch_speed = match function.architecture {
        Architecture::X86_64 => 1.0,
        Architecture::Arm64 => function.arm64_speed_factor,
    };
    let cpu_part = function.cpu_bound_fraction * reference / actual / arch_speed;
    function.handler_ms * (cpu_part + (1.0 - function.cpu_bound_fraction))
}

/// Hello-world init durations in ms at 128 / 512 / 1,024 MB, x86_64 then arm64
/// (MEAS: maxday/lambda-perf, data of 2026-08-22, zip packages).
fn init_table_ms(runtime: Runtime) -> ([f64; 3], [f64; 3]) {
    match runtime {
        Runtime::Nodejs22 => ([137.0, 139.0, 140.0], [124.0, 130.0, 127.0]),
        Runtime::Nodejs24 => ([135.0, 131.0, 136.0], [116.0, 114.0, 124.0]),
        Runtime::Python312 => ([85.0, 83.0, 81.0], [73.0, 80.0, 82.0]),
        Runtime::Python313 => ([91.0, 86.0, 84.0], [81.0, 77.0, 85.0]),
        Runtime::Java21 => ([242.0, 231.0, 235.0], [254.0, 245.0, 246.0]),
        Runtime::Java25 => ([185.0, 193.0, 187.0], [179.0, 197.0, 190.0]),
        Runtime::Dotnet8 => ([248.0, 268.0, 238.0], [323.0, 282.0, 299.0]),
        Runtime::Dotnet10 => ([249.0, 247.0, 247.0], [219.0, 247.0, 239.0]),
        Runtime::Go => ([49.0, 49.0, 50.0], [42.0, 44.0, 44.0]),
        Runtime::Rust => ([16.0, 18.0, 15.0], [14.0, 14.0, 14.0]),
        Runtime::Llrt => ([68.0, 66.0, 68.0], [59.0, 62.0, 62.0]),
    }
}

/// Extra init per zipped MB of package beyond the first, in ms (DER: (3.87 s − 0.26 s) / 35 MB
/// from Shilkov's Node measurements).
pub const INIT_MS_PER_PACKAGE_MB: f64 = 100.0;

/// Mean init duration in ms (the billed `Init Duration`, without placement).
pub fn init_mean_ms(function: &FunctionConfig) -> f64 {
    if let Some(init_ms) = function.init_ms_override {
        return init_ms;
    }
    let (x86, arm) = init_table_ms(function.runtime);
    let row = match function.architecture {
        Architecture::X86_64 => x86,
        Architecture::Arm64 => arm,
    };
    let memory = f64::from(function.memory_mb);
    let base = if memory <= 128.0 {
        row[0]
    } else if memory <= 512.0 {
        row[0] + (row[1] - row[0]) * (memory - 128.0) / 384.0
    } else if memory <= 1_024.0 {
        row[1] + (row[2] - row[1]) * (memory - 512.0) / 512.0
    } else {
        row[2]
    };
    base + INIT_MS_PER_PACKAGE_MB * (function.package_size_mb - 1.0).max(0.0)
}

/// Time to open a TLS connection to the database or proxy, in ms: the network round trips
/// plus the handshake's CPU work divided by the CPU share (a handshake uses one thread).
pub fn connect_ms(database: &DatabaseConfig, memory_mb: u32) -> f64 {
    database.connect_network_ms + database.connect_cpu_ms_at_one_vcpu / vcpus(memory_mb).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(memory_mb: u32, cpu_bound_fraction: f64) -> FunctionConfig {
        FunctionConfig {
            memory_mb,
            handler_ms: 2_000.0,
            reference_memory_mb: 128,
            cpu_bound_fraction,
            ..FunctionConfig::default()
        }
    }

    #[test]
    fn the_chapters_example_holds_for_cpu_bound_work() {
        let at_1024 = handler_mean_ms(&function(1_024, 1.0));
        assert!((at_1024 - 250.0).abs() < 1e-9);
        // Same GB-seconds: 2 s × 0.125 GB = 0.25 s × 1 GB.
        assert!((at_1024 / 1000.0 * 1.0 - 2.0 * 0.125).abs() < 1e-9);
    }

    #[test]
    fn half_io_bound_work_does_not_speed_up_eightfold() {
        let at_1024 = handler_mean_ms(&function(1_024, 0.5));
        assert!((at_1024 - 1_125.0).abs() < 1e-9);
        assert!(at_1024 / 1000.0 > 2.0 * 0.125 * 4.0, "it costs 4.5× as much");
    }

    #[test]
    fn one_thread_stops_speeding_up_at_one_vcpu() {
        let at_1769 = handler_mean_ms(&function(1_769, 1.0));
        let at_3538 = handler_mean_ms(&function(3_538, 1.0));
        assert_eq!(at_1769, at_3538);
    }

    #[test]
    fn tls_at_128_mb_takes_hundreds_of_ms() {
        let database = DatabaseConfig::default();
        let slow = connect_ms(&database, 128);
        let fast = connect_ms(&database, 2_048);
        assert!((650.0..800.0).contains(&slow), "{slow}");
        assert!((20.0..60.0).contains(&fast), "{fast}");
    }

    #[test]
    fn package_size_adds_init() {
        let mut config = FunctionConfig { package_size_mb: 35.0, ..FunctionConfig::default() };
        let heavy = init_mean_ms(&config);
        config.package_size_mb = 1.0;
        assert!((heavy - init_mean_ms(&config) - 3_400.0).abs() < 1e-9);
    }
}
