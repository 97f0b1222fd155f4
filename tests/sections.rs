//! The stories the sections' prose tells, checked against the model: each section's presets
//! run headless (the same setups and seeds the figures load), and the numbers the prose
//! quotes must fall inside the ranges asserted here.

use scaling_model::{Simulation, Summary};
use serverless_workbook::figure::presets::{
    ticket_sale_no_cache, ticket_sale_ready, ticket_sale_redis,
};
use serverless_workbook::figure::spec::{SPECS, spec_for};
use serverless_workbook::setup::{Control, Setup};

/// Runs `setup` for `seconds` of simulated time and sums it up.
fn run(setup: Setup, seconds: f64) -> Summary {
    let mut simulation = Simulation::new(setup.scenario()).expect("a preset is a valid scenario");
    simulation.advance_to(seconds);
    simulation.summary()
}

fn preset(section: &str, id: &str) -> Setup {
    let spec = spec_for(section).expect("section has a figure");
    let preset = spec.presets.iter().find(|preset| preset.id == id).expect("preset exists");
    (preset.setup)()
}

fn base(section: &str) -> Setup {
    (spec_for(section).expect("section has a figure").base)()
}

#[test]
fn every_preset_runs() {
    for spec in &SPECS {
        for preset in spec.presets {
            let summary = run((preset.setup)(), 10.0);
            assert!(summary.requests > 0, "{}: {}", spec.section, preset.id);
        }
    }
}

#[test]
fn the_ticket_sale_drowns_the_grill_without_a_cache_and_survives_with_one() {
    // 20 s covers the whole spike (5 s to 15 s) and its aftermath, as the prose says.
    let without = run(ticket_sale_no_cache(), 20.0);
    let with_redis = run(ticket_sale_redis(), 20.0);
    // About 100,000 fans in ten seconds.
    assert!((99_000..101_500).contains(&without.requests), "{}", without.requests);
    // Act 1: the function is stuck at its limit, the grill's 150 lines are all taken, and
    // thousands of orders fail waiting for one; most fans are turned away at the door.
    assert_eq!(without.peak_concurrency, 1_000);
    assert_eq!(without.db_peak_connections, 150);
    assert!((7_000..10_000).contains(&without.failed), "{}", without.failed);
    assert!(without.throttled > 70_000, "{}", without.throttled);
    assert!((14_000..17_000).contains(&without.completed), "{}", without.completed);
    assert!((72_000..80_000).contains(&without.throttled), "{}", without.throttled);
    assert_eq!(without.cold_starts, 1_000);
    // Act 2: Redis answers over 90,000; the database sees one query per line it has (the
    // stampede of first misses), and fewer than 1,000 orders fail, all in the first second.
    assert!(with_redis.redis_hits > 90_000, "{}", with_redis.redis_hits);
    assert!(with_redis.db_queries <= 160, "{}", with_redis.db_queries);
    assert!(with_redis.failed < 1_000, "{}", with_redis.failed);
    assert!(with_redis.completed > 90_000, "{}", with_redis.completed);
    assert!((5_000..8_000).contains(&with_redis.throttled), "{}", with_redis.throttled);
    assert!((90_000..95_000).contains(&with_redis.redis_hits), "{}", with_redis.redis_hits);
    assert!(with_redis.completed > 90_000 && with_redis.completed < 95_000);
    // Act 3: ready before the doors open: nobody waits for an apron, nobody is refused.
    let ready = run(ticket_sale_ready(), 20.0);
    assert_eq!((ready.cold_starts, ready.throttled, ready.failed), (0, 0, 0));
    assert!(ready.db_queries < 20, "{}", ready.db_queries);
    // Act 4: the CDN in front: the cashiers barely work through the peak. Simultaneous misses
    // collapse, so the cashiers serve one fetch each time the 10 s copy expires.
    let cdn =
        run(ticket_sale_ready().with(Control::Provisioned, 0).with(Control::CdnTtlS, 10), 30.0);
    assert!(cdn.invocations <= 4 && cdn.cdn_hits > 99_000, "{} {}", cdn.invocations, cdn.cdn_hits);
    // Try this: a higher account limit trades a few throttles for more failures at the grill.
    let wider = run(ticket_sale_no_cache().with(Control::AccountLimit, 3_000), 20.0);
    assert!(wider.throttled < without.throttled && wider.failed > without.failed);
}

#[test]
fn more_database_capacity_means_fewer_database_errors_in_the_ticket_sale() {
    let failed = |connections| {
        run(ticket_sale_no_cache().with(Control::DbMaxConnections, connections), 30.0).failed
    };
    let (at_150, at_600, at_1000) = (failed(150), failed(600), failed(1_000));
    assert!(at_150 > at_600 && at_600 > at_1000, "{at_150} {at_600} {at_1000}");
    assert_eq!(at_1000, 0, "a line for every cashier: nobody waits for one");
    // ...but the grill's eight cooks are still the limit, so latency climbs instead.
    let slow = run(ticket_sale_no_cache().with(Control::DbMaxConnections, 1_000), 30.0);
    assert!(slow.latency_ms.p50 > 300.0, "{}", slow.latency_ms.p50);
}

#[test]
fn a_longer_ttl_gives_more_cache_hits() {
    let hits = |ttl_s| run(base("caching").with(Control::RedisTtlS, ttl_s), 40.0);
    let (short, medium, long) = (hits(5), hits(30), hits(300));
    assert!(short.redis_hits < medium.redis_hits && medium.redis_hits < long.redis_hits);
    assert!(short.db_queries > medium.db_queries && medium.db_queries > long.db_queries);
    // The prose: "after the first half-minute the heat lamp answers about nine orders in ten".
    let mut simulation = Simulation::new(base("caching").scenario()).expect("valid");
    simulation.advance_to(90.0);
    let later: Vec<_> = simulation.series().iter().filter(|row| row.start_s >= 30.0).collect();
    let hits: u64 = later.iter().map(|row| row.redis_hits).sum();
    let arrivals: u64 = later.iter().map(|row| row.arrivals).sum();
    let ratio = hits as f64 / arrivals as f64;
    assert!((0.85..0.95).contains(&ratio), "{ratio}");
    let none = run(preset("caching", "none"), 40.0);
    assert_eq!(none.redis_hits, 0);
    assert!(none.db_queries > 10 * medium.db_queries, "{} {}", none.db_queries, medium.db_queries);
    // All three layers: the CDN and the gateway's shelf answer most requests, so the function
    // runs for fewer than one request in ten.
    let layers = run(preset("caching", "layers"), 40.0);
    assert!(layers.cdn_hits + layers.gateway_cache_hits > 9 * layers.invocations);
}

#[test]
fn the_herd_reaches_the_grill_at_each_expiry() {
    let setup = preset("caching", "herd");
    let mut simulation = Simulation::new(setup.scenario()).expect("valid");
    simulation.advance_to(40.0);
    // After the first stampede, queries come in bursts, one per expiry (every 5 s): rows with
    // queries sit next to each other, and a burst usually holds several queries (a herd), not one.
    let mut bursts: Vec<u64> = Vec::new();
    let mut previous_row_had_queries = false;
    for row in simulation.series().iter().filter(|row| row.start_s >= 10.0) {
        match (row.db_queries, previous_row_had_queries) {
            (0, _) => previous_row_had_queries = false,
            (queries, true) => *bursts.last_mut().expect("a burst is open") += queries,
            (queries, false) => {
                bursts.push(queries);
                previous_row_had_queries = true;
            }
        }
    }
    assert!((5..=7).contains(&bursts.len()), "about one burst per 5 s: {bursts:?}");
    // Some expiries catch one order, most catch several: on average at least three.
    let total: u64 = bursts.iter().sum();
    assert!(total >= 3 * bursts.len() as u64, "herds of several orders: {bursts:?}");
    assert!(bursts.iter().any(|queries| *queries >= 5), "{bursts:?}");
}

#[test]
fn provisioned_concurrency_removes_cold_starts() {
    // 150 s is more than a whole wave (120 s).
    let cold = |provisioned| {
        run(base("cold-starts").with(Control::Provisioned, provisioned), 150.0).cold_starts
    };
    let (none, some, enough) = (cold(0), cold(20), cold(50));
    assert!(none > some && some > enough, "{none} {some} {enough}");
    assert!((45..70).contains(&none), "the prose says about 50 to 60: {none}");
    assert_eq!(enough, 0);
    assert_eq!(run(preset("cold-starts", "provisioned"), 150.0).cold_starts, 0);
    // Java with a 20 MB package: each cold start takes seconds, and p99 shows it.
    let java = run(preset("cold-starts", "java"), 150.0);
    let node = run(preset("cold-starts", "node"), 150.0);
    assert!(java.latency_ms.max > 2_000.0, "{}", java.latency_ms.max);
    assert!(java.latency_ms.max > 2.0 * node.latency_ms.max);
}

#[test]
fn the_grill_breaks_at_its_connection_limit_and_a_proxy_or_more_lines_fix_it() {
    let reuse = run(preset("downstream", "reuse"), 40.0);
    let per_request = run(preset("downstream", "per-request"), 40.0);
    let proxy = run(preset("downstream", "proxy"), 40.0);
    // Reusing a connection per cashier: more cashiers than lines, so thousands of orders fail.
    assert!((3_000..7_000).contains(&reuse.failed), "{}", reuse.failed);
    assert!((200..300).contains(&reuse.peak_concurrency), "{}", reuse.peak_concurrency);
    assert!((30.0..45.0).contains(&reuse.latency_ms.p50), "{}", reuse.latency_ms.p50);
    // A new connection per order: no failures at 500 a second, but every order pays the TLS
    // handshake (about 0.2 s at 512 MB).
    assert!(per_request.failed < 100, "{}", per_request.failed);
    assert!(per_request.latency_ms.p50 > 200.0, "{}", per_request.latency_ms.p50);
    // The proxy shares a small pool: no failures, the fast median stays.
    assert_eq!(proxy.failed, 0);
    assert!(proxy.latency_ms.p50 < 60.0, "{}", proxy.latency_ms.p50);
    let more = run(base("downstream").with(Control::DbMaxConnections, 300), 40.0);
    assert!(more.failed < reuse.failed / 10, "{} {}", more.failed, reuse.failed);
}

#[test]
fn the_bills_lines_follow_the_controls() {
    let setup = base("bill");
    let summary = run(setup, 30.0);
    let bill = summary.cost_usd;
    assert!(bill.provisioned_standby > 0.0 && bill.redis > 0.0 && bill.database > 0.0);
    assert_eq!(bill.gateway_cache, 0.0);
    // The prose: API Gateway's per-request price is the biggest line, about $1,800 a month;
    // Redis and the database about $50 a month each.
    let month = summary.monthly_cost_usd;
    let biggest = month.lines().into_iter().max_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(biggest.map(|line| line.0), Some("API Gateway requests"));
    assert!((1_700.0..1_950.0).contains(&month.gateway_requests), "{}", month.gateway_requests);
    assert!(month.gateway_requests > 5.0 * month.lambda_on_demand_duration);
    assert!((45.0..55.0).contains(&month.redis) && (45.0..55.0).contains(&month.database));
    let without = run(setup.with(Control::Provisioned, 0), 30.0).cost_usd;
    assert_eq!(without.provisioned_standby, 0.0);
    let arm = run(setup.with(Control::Architecture, 1), 30.0).cost_usd;
    assert!(arm.lambda_on_demand_duration < bill.lambda_on_demand_duration);
}

#[test]
fn the_nightly_batch_queues_instead_of_refusing() {
    let summary = run(preset("sandbox", "nightly-batch"), 60.0);
    assert!((49_000..51_000).contains(&summary.requests), "{}", summary.requests);
    assert_eq!(summary.peak_concurrency, 100, "reserved concurrency caps the batch");
    assert_eq!(summary.throttled, 0, "no event is finally refused");
    assert!(summary.in_flight > 30_000, "most events are still queued: {}", summary.in_flight);
}
