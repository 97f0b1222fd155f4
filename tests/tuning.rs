//! Native tests of the memory tuning sweep (`src/tuning.rs`): the chapter's example, where it
//! stops holding, arm64 prices, the picks and bad input.

use scaling_model::{Architecture, Prices};
use serverless_workbook::tuning::{
    Architectures, Picks, SizeResult, SweepConfig, SweepError, describe, format_ms,
    format_per_million, picks, run_sweep, validate,
};

fn sweep(memory_mb: &[u32], change: impl FnOnce(&mut SweepConfig)) -> Vec<SizeResult> {
    let mut config = SweepConfig { memory_mb: memory_mb.to_vec(), ..SweepConfig::default() };
    change(&mut config);
    run_sweep(&config).expect("the sweep runs")
}

fn at(results: &[SizeResult], memory_mb: u32, architecture: Architecture) -> SizeResult {
    *results
        .iter()
        .find(|result| result.memory_mb == memory_mb && result.architecture == architecture)
        .expect("the size was swept")
}

/// Dollars per invocation for the request itself.
fn request_usd() -> f64 {
    Prices::default().lambda_requests_per_million / 1e6
}

#[test]
fn the_chapters_example_is_reproduced() {
    let results = sweep(&[1_024, 128], |_| {});
    let small = at(&results, 128, Architecture::X86_64);
    let large = at(&results, 1_024, Architecture::X86_64);
    assert!((small.mean_ms - 2_000.0).abs() < 1e-6, "{}", small.mean_ms);
    assert!((large.mean_ms - 250.0).abs() < 1e-6, "{}", large.mean_ms);
    // Exact times: the p95 is the mean exactly, not the top of a histogram bucket.
    assert_eq!(small.p95_ms, 2_000.0);
    assert_eq!(large.p95_ms, 250.0);
    // 0.125 GB × 2 s = 1 GB × 0.25 s = 0.25 GB-s, plus the request.
    let expected = 0.25 * Prices::default().duration_gb_s_x86 + request_usd();
    for result in [small, large] {
        assert!((result.cost_usd - expected).abs() < 1e-15, "{result:?}");
        assert_eq!(result.invocations, 100);
        assert_eq!(result.cold_starts, 0, "the warm-up request's cold start is left out");
    }
    // Sorted by memory whatever the order asked.
    assert_eq!(results[0].memory_mb, 128);
}

#[test]
fn half_io_bound_work_does_not_scale_eightfold() {
    let results = sweep(&[128, 1_024], |config| config.cpu_bound_fraction = 0.5);
    let small = at(&results, 128, Architecture::X86_64);
    let large = at(&results, 1_024, Architecture::X86_64);
    assert!((large.mean_ms - 1_125.0).abs() < 1e-6, "{}", large.mean_ms);
    let speed_up = small.mean_ms / large.mean_ms;
    assert!(speed_up < 2.0, "{speed_up}");
    let duration_ratio = (large.cost_usd - request_usd()) / (small.cost_usd - request_usd());
    assert!((duration_ratio - 4.5).abs() < 1e-6, "{duration_ratio}");
}

#[test]
fn pure_io_gains_nothing_and_pays_eightfold() {
    let results = sweep(&[128, 1_024], |config| config.cpu_bound_fraction = 0.0);
    let (small, large) = (results[0], results[1]);
    assert_eq!(small.mean_ms, large.mean_ms);
    let duration_ratio = (large.cost_usd - request_usd()) / (small.cost_usd - request_usd());
    assert!((duration_ratio - 8.0).abs() < 1e-6, "{duration_ratio}");
}

#[test]
fn one_thread_stops_getting_faster_above_one_vcpu() {
    let results = sweep(&[1_769, 3_538, 10_240], |_| {});
    let one_vcpu = at(&results, 1_769, Architecture::X86_64);
    for memory_mb in [3_538, 10_240] {
        let bigger = at(&results, memory_mb, Architecture::X86_64);
        assert!((bigger.mean_ms - one_vcpu.mean_ms).abs() < 1e-6);
        assert!(bigger.cost_usd > one_vcpu.cost_usd * 1.9);
    }
    let threaded = sweep(&[1_769, 3_538], |config| config.handler_threads = 2);
    assert!(threaded[1].mean_ms < threaded[0].mean_ms * 0.51);
}

#[test]
fn arm64_prices_a_gb_second_a_fifth_lower() {
    let results = sweep(&[128, 2_048], |config| {
        config.architectures = Architectures::Both;
        config.cpu_bound_fraction = 0.7;
    });
    assert_eq!(results.len(), 4);
    for memory_mb in [128, 2_048] {
        let x86 = at(&results, memory_mb, Architecture::X86_64);
        let arm = at(&results, memory_mb, Architecture::Arm64);
        assert_eq!(x86.mean_ms, arm.mean_ms, "the speed factor defaults to 1");
        let ratio = (arm.cost_usd - request_usd()) / (x86.cost_usd - request_usd());
        assert!((ratio - 0.8).abs() < 1e-5, "{ratio}");
    }
    let faster = sweep(&[1_024], |config| {
        config.architectures = Architectures::Arm64;
        config.arm64_speed_factor = 1.25;
    });
    assert!((faster[0].mean_ms - 200.0).abs() < 1e-6, "{}", faster[0].mean_ms);
}

#[test]
fn varied_times_are_seeded_and_near_the_mean() {
    let varied = |seed| {
        sweep(&[512], |config| {
            config.varied = true;
            config.seed = seed;
        })[0]
    };
    let (first, again, other) = (varied(7), varied(7), varied(8));
    assert_eq!(first, again);
    assert_ne!(first.mean_ms, other.mean_ms);
    assert!((first.mean_ms - 500.0).abs() < 50.0, "{}", first.mean_ms);
    assert_eq!(first.cold_starts, 0);
    // Varied times have a tail: the p95 is well above the mean.
    assert!(first.p95_ms > first.mean_ms * 1.2, "{} vs {}", first.p95_ms, first.mean_ms);
}

fn result(memory_mb: u32, mean_ms: f64, cost_usd: f64) -> SizeResult {
    SizeResult {
        memory_mb,
        architecture: Architecture::X86_64,
        mean_ms,
        p95_ms: mean_ms,
        cost_usd,
        invocations: 100,
        cold_starts: 0,
    }
}

#[test]
fn picks_on_hand_made_results() {
    let results = [
        result(128, 1_000.0, 3.0),
        result(256, 400.0, 1.0),
        result(512, 300.0, 2.0),
        result(1_024, 100.0, 9.0),
    ];
    let middle = picks(&results, 0.5).unwrap();
    assert_eq!(middle, Picks { cheapest: 1, fastest: 3, balanced: 1 });
    // Over the largest (cost, time): 128 (0.33, 1), 256 (0.11, 0.4), 512 (0.22, 0.3),
    // 1,024 (1, 0.1). At 0.5 on speed 256 scores 0.256 and 512 0.261.
    // At 0.7: 128 scores 0.8, 256 0.313, 512 0.277, 1,024 0.37 → 512.
    assert_eq!(picks(&results, 0.7).unwrap().balanced, 2);
    // At 0.9: 512 scores 0.292, 1,024 scores 0.19 → 1,024.
    assert_eq!(picks(&results, 0.9).unwrap().balanced, 3);
    assert_eq!(picks(&results, 0.0).unwrap().balanced, 1);
    assert_eq!(picks(&results, 1.0).unwrap().balanced, 3);
    assert_eq!(picks(&[], 0.5), None);
}

#[test]
fn balanced_ends_match_cheapest_and_fastest_even_on_ties() {
    // The chapter's example: two sizes cost the same; the faster one is the cheapest pick.
    let results = sweep(&[128, 256, 1_024, 2_048], |_| {});
    for weight in [0.0, 1.0] {
        let chosen = picks(&results, weight).unwrap();
        let expected = if weight == 0.0 { chosen.cheapest } else { chosen.fastest };
        assert_eq!(chosen.balanced, expected);
    }
    let chosen = picks(&results, 0.0).unwrap();
    assert_eq!(results[chosen.cheapest].memory_mb, 1_024);
    assert_eq!(results[chosen.fastest].memory_mb, 2_048);
    // Equal times: the fastest pick is the cheaper one.
    let flat = [result(128, 50.0, 1.0), result(512, 50.0, 0.5)];
    assert_eq!(picks(&flat, 1.0).unwrap(), Picks { cheapest: 1, fastest: 1, balanced: 1 });
}

#[test]
fn bad_input_gets_clear_messages() {
    let check = |change: &dyn Fn(&mut SweepConfig)| {
        let mut config = SweepConfig::default();
        change(&mut config);
        validate(&config).unwrap_err()
    };
    assert_eq!(check(&|config| config.memory_mb.clear()), SweepError::NoSizes);
    let error = check(&|config| config.memory_mb.push(64));
    assert_eq!(error, SweepError::SizeOutOfRange(64));
    assert!(error.to_string().contains("use 128 to 10,240 MB"), "{error}");
    let error = check(&|config| config.memory_mb.push(10_241));
    assert_eq!(error, SweepError::SizeOutOfRange(10_241));
    let error = check(&|config| config.memory_mb.push(1_024));
    assert_eq!(error.to_string(), "1,024 MB is listed twice.");
    let error = check(&|config| config.invocations = 0);
    assert!(error.to_string().starts_with("Invocations per size is 0; it must be 1 to 1,000"));
    let error = check(&|config| config.cpu_bound_fraction = f64::NAN);
    assert!(error.to_string().contains("CPU-bound share"), "{error}");
    let error = check(&|config| config.memory_mb = (128..170).collect());
    assert_eq!(error, SweepError::TooManySizes(42));
    assert!(run_sweep(&SweepConfig { handler_threads: 0, ..SweepConfig::default() }).is_err());
}

#[test]
fn numbers_keep_their_precision() {
    assert_eq!(format_ms(2_000.0), "2,000.0 ms");
    assert_eq!(format_ms(144.714), "144.7 ms");
    assert_eq!(format_ms(2.5), "2.50 ms");
    assert_eq!(format_per_million(4.366_675), "$4.3667");
    assert_eq!(format_per_million(1_333.999_99), "$1,334.0000");
    assert_eq!(format_per_million(0.2), "$0.2000");
}

#[test]
fn the_description_names_the_picks() {
    let results = sweep(&[128, 1_024, 2_048], |_| {});
    let chosen = picks(&results, 0.5).unwrap();
    let text = describe(&results, &chosen, 0.5);
    assert!(text.starts_with("Cheapest: 1,024 MB on x86_64 at 250.0 ms and $4.3667 per million"));
    assert!(text.contains("Fastest: 2,048 MB on x86_64 at 144.7 ms"), "{text}");
    assert!(text.contains("Balanced (50% weight on speed)"), "{text}");
    assert!(text.contains("runs 13.82 times as fast as 128 MB"), "{text}");
}

#[test]
fn typed_values_are_read_or_explained() {
    use serverless_workbook::tuning::{parse_handler_ms, parse_invocations, parse_memory_mb};
    assert_eq!(parse_memory_mb(" 1,769 MB"), Ok(1_769));
    assert_eq!(parse_memory_mb("2048"), Ok(2_048));
    assert_eq!(parse_memory_mb(""), Err("Type a memory size in MB first.".to_owned()));
    assert!(parse_memory_mb("1.5 GB").unwrap_err().contains("not a whole number of MB"));
    assert!(parse_memory_mb("64").unwrap_err().contains("use 128 to 10,240 MB"));
    assert_eq!(parse_invocations("250"), Ok(250));
    assert!(parse_invocations("1001").is_err());
    assert!(parse_invocations("-3").unwrap_err().contains("1 to 1,000"));
    assert_eq!(parse_handler_ms("2,000"), Ok(2_000.0));
    assert!(parse_handler_ms("NaN").is_err());
    assert!(parse_handler_ms("0").unwrap_err().contains("from 1 to 60,000"));
}
