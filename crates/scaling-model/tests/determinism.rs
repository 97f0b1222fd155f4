//! Determinism across platforms: a run of every layer has the same digest natively and on
//! wasm32. The wasm32 half runs in Node.js through wasm-bindgen-test:
//!
//! ```text
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test -p scaling-model --target wasm32-unknown-unknown --test determinism
//! ```
//!
//! `GOLDEN` changes only when the model changes on purpose; the failure message prints the
//! new value.

use scaling_model::{Scenario, Simulation};

/// Digest of the full-stack example's summary and time series.
const GOLDEN: u64 = 0xf2bc_64c9_c411_885c;

/// FNV-1a, 64 bits: tiny and the same everywhere.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn digest() -> u64 {
    let text = include_str!("../scenarios/full-stack.toml");
    let scenario = Scenario::from_text(text).expect("the example is valid");
    let mut simulation = Simulation::new(scenario).expect("valid");
    // Step like an animation does, in uneven frames.
    let mut time_s = 0.0;
    while !simulation.is_finished() {
        time_s += 1.0 / 60.0 * 7.3;
        simulation.advance_to(time_s);
        simulation.snapshot(64);
    }
    let summary = serde_json::to_vec(&simulation.summary()).expect("serialises");
    let series = serde_json::to_vec(simulation.series()).expect("serialises");
    fnv1a(&summary) ^ fnv1a(&series).rotate_left(1)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_full_stack_run_has_the_golden_digest() {
    let digest = digest();
    assert_eq!(
        digest, GOLDEN,
        "digest is {digest:#x}; update GOLDEN if the model changed on purpose"
    );
}
