//! The figure of every section, as data: controls, starting setups, presets with curated
//! seeds, charts, layers and description clauses. `tests/sections.rs` runs every preset
//! through the model and checks the story its section's prose tells.

use super::spec::{ChartKind, Clause, FigureSpec, Layers, Preset};
use crate::setup::{Control, Setup};

/// A setup from the default with `values` applied in order, and `seed`.
fn setup(values: &[(Control, u32)], seed: u64) -> Setup {
    let mut setup = Setup::default();
    setup.seed = seed;
    for (control, value) in values {
        setup.set(*control, *value);
    }
    setup
}

/// A 30 ms handler at 512 MB (48 ms at 128 MB, half of it computing): the ticket sale's
/// function, also used where a short handler makes the figure lively.
const SHORT_HANDLER_512: [(Control, u32); 3] =
    [(Control::MemoryMb, 512), (Control::HandlerMs, 48), (Control::CpuBoundPercent, 50)];

fn concurrency_base() -> Setup {
    Setup::default()
}

fn cold_starts_base() -> Setup {
    setup(
        &[
            (Control::Pattern, 2),
            (Control::ArrivalRate, 200),
            (Control::MemoryMb, 512),
            (Control::HandlerMs, 100),
            (Control::PackageMb, 5),
            (Control::IdleTimeoutS, 30),
        ],
        3,
    )
}

fn cold_starts_java() -> Setup {
    cold_starts_base().with(Control::Runtime, 4).with(Control::PackageMb, 20)
}

fn cold_starts_provisioned() -> Setup {
    cold_starts_base().with(Control::Provisioned, 50)
}

fn cold_starts_spike() -> Setup {
    cold_starts_base()
        .with(Control::Pattern, 1)
        .with(Control::ArrivalRate, 2_000)
        .with(Control::BaselineRate, 20)
}

fn caching_base() -> Setup {
    let mut values = SHORT_HANDLER_512.to_vec();
    values.extend([
        (Control::ArrivalRate, 500),
        (Control::DatabaseOn, 1),
        (Control::DbMaxConnections, 400),
        (Control::RedisTtlS, 30),
        (Control::KeyCount, 3),
        (Control::PopularityPercent, 100),
    ]);
    setup(&values, 5)
}

fn caching_none() -> Setup {
    caching_base().with(Control::RedisTtlS, 0)
}

fn caching_layers() -> Setup {
    caching_base()
        .with(Control::CdnTtlS, 10)
        .with(Control::GatewayTtlS, 60)
        .with(Control::RedisTtlS, 300)
}

fn caching_herd() -> Setup {
    caching_base()
        .with(Control::KeyCount, 0)
        .with(Control::ArrivalRate, 1_000)
        .with(Control::RedisTtlS, 5)
}

fn downstream_base() -> Setup {
    let mut values = SHORT_HANDLER_512.to_vec();
    values.extend([
        (Control::ArrivalRate, 500),
        (Control::DatabaseOn, 1),
        (Control::DbMaxConnections, 100),
        (Control::DbQuerySlots, 16),
        (Control::QueryMs, 5),
    ]);
    setup(&values, 7)
}

fn downstream_per_request() -> Setup {
    downstream_base().with(Control::ConnectionReuse, 0)
}

fn downstream_proxy() -> Setup {
    downstream_base().with(Control::Proxy, 1)
}

/// The ticket sale with the functions reading the database directly (Act 1).
pub fn ticket_sale_no_cache() -> Setup {
    let mut values = SHORT_HANDLER_512.to_vec();
    values.extend([
        (Control::Pattern, 1),
        (Control::ArrivalRate, 10_000),
        (Control::BaselineRate, 0),
        (Control::AccountLimit, 1_000),
        (Control::KeyCount, 0),
        (Control::PopularityPercent, 0),
        (Control::DatabaseOn, 1),
        (Control::DbMaxConnections, 150),
        (Control::DbQuerySlots, 8),
        (Control::QueryMs, 5),
    ]);
    setup(&values, 16)
}

/// The ticket sale with Redis between the functions and the database (Act 2).
pub fn ticket_sale_redis() -> Setup {
    ticket_sale_no_cache().with(Control::RedisTtlS, 300)
}

/// The ticket sale prepared for: early visitors keep Redis fresh before the doors open, and
/// 400 provisioned cashiers wait at the counter (Act 3).
pub fn ticket_sale_ready() -> Setup {
    ticket_sale_redis().with(Control::BaselineRate, 20).with(Control::Provisioned, 400)
}

fn bill_base() -> Setup {
    let mut values = SHORT_HANDLER_512.to_vec();
    values.extend([
        (Control::ArrivalRate, 200),
        (Control::Provisioned, 10),
        (Control::DatabaseOn, 1),
        (Control::RedisTtlS, 60),
    ]);
    setup(&values, 2)
}

fn steady_api() -> Setup {
    setup(
        &[
            (Control::ArrivalRate, 300),
            (Control::KeyCount, 4),
            (Control::PopularityPercent, 100),
            (Control::GatewayTtlS, 300),
            (Control::MemoryMb, 1_024),
            (Control::Architecture, 1),
            (Control::Runtime, 2),
            (Control::HandlerMs, 55),
            (Control::CpuBoundPercent, 30),
            (Control::DatabaseOn, 1),
        ],
        3,
    )
}

fn nightly_batch() -> Setup {
    setup(
        &[
            (Control::Pattern, 1),
            (Control::ArrivalRate, 5_000),
            (Control::BaselineRate, 0),
            (Control::Reserved, 100),
            (Control::MemoryMb, 1_792),
            (Control::Runtime, 3),
            (Control::HandlerMs, 3_000),
            (Control::CpuBoundPercent, 90),
            (Control::KeyCount, 5),
            (Control::PopularityPercent, 0),
            (Control::DatabaseOn, 1),
            (Control::Async, 1),
        ],
        9,
    )
}

const TICKET_PRESETS: [Preset; 3] = [
    Preset {
        label: "Straight to the grill",
        id: "no-cache",
        note: "Every order goes to the database: watch the connection slots fill and the \
               failures climb.",
        setup: ticket_sale_no_cache,
    },
    Preset {
        label: "With the heat lamp (Redis)",
        id: "redis",
        note: "Redis answers after the first stampede of misses: the grill goes quiet.",
        setup: ticket_sale_redis,
    },
    Preset {
        label: "Ready before the doors open",
        id: "ready",
        note: "Early visitors keep Redis fresh and 400 provisioned cashiers stand ready: no \
               cold starts, no throttles.",
        setup: ticket_sale_ready,
    },
];

/// Every section's figure.
pub static SPECS: [FigureSpec; 7] = [
    FigureSpec {
        section: "concurrency",
        test_id: "door-figure",
        scene_label: "Customers arriving at a door, and a grid of cashiers (function \
                      environments) coloured busy, putting on the apron, or idle. The text \
                      below describes the current state.",
        controls: &[Control::ArrivalRate, Control::AccountLimit, Control::Reserved],
        base: concurrency_base,
        presets: &[],
        charts: &[ChartKind::InFlight, ChartKind::Throttles],
        layers: Layers::DOOR,
        clauses: &[Clause::Cashiers, Clause::Throttles],
        bill: false,
        sweep: false,
        restart_on: &[],
    },
    FigureSpec {
        section: "cold-starts",
        test_id: "cold-starts-figure",
        scene_label: "Cashiers at a counter: provisioned ones in a green frame, new ones \
                      putting on an apron that fills as their init runs, idle ones fading \
                      until the idle timeout sends them home. The text below describes it.",
        controls: &[
            Control::Provisioned,
            Control::Runtime,
            Control::PackageMb,
            Control::MemoryMb,
            Control::Pattern,
            Control::ArrivalRate,
            Control::IdleTimeoutS,
        ],
        base: cold_starts_base,
        presets: &[
            Preset {
                label: "Node.js, 5 MB package",
                id: "node",
                note: "A daily wave squeezed into two minutes: cold starts come with each rise.",
                setup: cold_starts_base,
            },
            Preset {
                label: "Java, 20 MB package",
                id: "java",
                note: "Aprons take seconds to put on: watch p99 jump with every new cashier.",
                setup: cold_starts_java,
            },
            Preset {
                label: "50 provisioned cashiers",
                id: "provisioned",
                note: "Enough provisioned cashiers for the peak: almost no cold starts, and a \
                       standing charge every hour.",
                setup: cold_starts_provisioned,
            },
            Preset {
                label: "A spike from almost nothing",
                id: "spike",
                note: "20 requests a second, then 2,000 for ten seconds: hundreds of aprons at \
                       once.",
                setup: cold_starts_spike,
            },
        ],
        charts: &[ChartKind::Latency, ChartKind::ProvisionedCost],
        layers: Layers::DOOR.alive_only(),
        clauses: &[Clause::Cashiers, Clause::ColdStarts, Clause::Throttles],
        bill: false,
        sweep: true,
        restart_on: &[],
    },
    FigureSpec {
        section: "caching",
        test_id: "caching-figure",
        scene_label: "A takeaway window down the street (CDN), a shelf behind the door (API \
                      Gateway cache), the cashiers, a heat lamp with burgers that go stale \
                      (Redis) and the grill (database). The text below describes it.",
        controls: &[
            Control::CdnTtlS,
            Control::GatewayTtlS,
            Control::RedisTtlS,
            Control::KeyCount,
            Control::PopularityPercent,
            Control::ArrivalRate,
        ],
        base: caching_base,
        presets: &[
            Preset {
                label: "No caches",
                id: "none",
                note: "Every order reaches the grill.",
                setup: caching_none,
            },
            Preset {
                label: "Redis, 30 s",
                id: "redis",
                note: "The heat lamp answers the popular items; the rare ones still go to the \
                       grill.",
                setup: caching_base,
            },
            Preset {
                label: "All three layers",
                id: "layers",
                note: "The takeaway window and the shelf answer most customers before a \
                       cashier sees them.",
                setup: caching_layers,
            },
            Preset {
                label: "The herd",
                id: "herd",
                note: "One hot item, 1,000 orders a second and a 5 s TTL: each expiry sends a \
                       burst of orders to the grill.",
                setup: caching_herd,
            },
        ],
        charts: &[ChartKind::CacheHits, ChartKind::Latency],
        layers: Layers::ALL.alive_only(),
        clauses: &[Clause::Caches, Clause::Grill, Clause::Throttles],
        bill: false,
        sweep: false,
        restart_on: &[],
    },
    FigureSpec {
        section: "downstream",
        test_id: "downstream-figure",
        scene_label: "Cashiers and the grill: its connection slots (lines to the grill), the \
                      cooks running queries and the order tickets waiting. The text below \
                      describes it.",
        controls: &[
            Control::DbMaxConnections,
            Control::QueryMs,
            Control::ConnectionReuse,
            Control::Proxy,
            Control::ArrivalRate,
            Control::DbQuerySlots,
        ],
        base: downstream_base,
        presets: &[
            Preset {
                label: "Reuse a connection",
                id: "reuse",
                note: "Each cashier keeps one line to the grill, even while idle.",
                setup: downstream_base,
            },
            Preset {
                label: "A new connection per order",
                id: "per-request",
                note: "Every order walks to the grill and introduces itself (TCP and TLS).",
                setup: downstream_per_request,
            },
            Preset {
                label: "Through a proxy",
                id: "proxy",
                note: "The proxy shares a small pool of lines among all cashiers.",
                setup: downstream_proxy,
            },
        ],
        charts: &[ChartKind::Database, ChartKind::Errors, ChartKind::Latency],
        layers: Layers { grill: true, ..Layers::DOOR }.alive_only(),
        clauses: &[Clause::Cashiers, Clause::Grill, Clause::Throttles],
        bill: false,
        sweep: false,
        restart_on: &[],
    },
    FigureSpec {
        section: "bill",
        test_id: "bill-figure",
        scene_label: "The whole restaurant: door, cashiers, caches and grill. Selecting a line \
                      of the bill below outlines the part that produced it.",
        controls: &[
            Control::ArrivalRate,
            Control::MemoryMb,
            Control::Architecture,
            Control::Provisioned,
            Control::RedisTtlS,
            Control::GatewayTtlS,
            Control::CdnTtlS,
            Control::Proxy,
        ],
        base: bill_base,
        presets: &[],
        charts: &[ChartKind::Spend],
        layers: Layers::ALL.alive_only(),
        clauses: &[Clause::Cashiers, Clause::Caches, Clause::Throttles],
        bill: true,
        sweep: false,
        restart_on: &[Control::Architecture],
    },
    FigureSpec {
        section: "ticket-sale",
        test_id: "ticket-sale-figure",
        scene_label: "The ticket sale: 10,000 fans a second at the door, up to 1,000 cashiers, \
                      the heat lamp and the grill with 150 lines. The text below describes it.",
        controls: &[
            Control::RedisTtlS,
            Control::DbMaxConnections,
            Control::AccountLimit,
            Control::Provisioned,
            Control::CdnTtlS,
            Control::BaselineRate,
        ],
        base: ticket_sale_no_cache,
        presets: &TICKET_PRESETS,
        charts: &[ChartKind::Errors, ChartKind::Database, ChartKind::CacheHits],
        layers: Layers::ALL,
        clauses: &[Clause::Cashiers, Clause::Caches, Clause::Grill, Clause::Throttles],
        bill: false,
        sweep: false,
        restart_on: &[],
    },
    FigureSpec {
        section: "sandbox",
        test_id: "sandbox-figure",
        scene_label: "The whole stack as a restaurant (or as an architecture diagram): every \
                      part the controls below can change. The text below describes it.",
        controls: &Control::ALL,
        base: steady_api,
        presets: &[
            Preset {
                label: "Ticket sale",
                id: "ticket-sale",
                note: "10,000 fans a second for ten seconds, Redis in front of the database.",
                setup: ticket_sale_redis,
            },
            Preset {
                label: "Steady API",
                id: "steady-api",
                note: "300 requests a second on arm64, popular keys behind the gateway cache.",
                setup: steady_api,
            },
            Preset {
                label: "Nightly batch",
                id: "nightly-batch",
                note: "50,000 queued events in ten seconds, reserved concurrency 100: the \
                       queue drains over minutes, retried rather than refused.",
                setup: nightly_batch,
            },
        ],
        charts: &ChartKind::ALL,
        layers: Layers::ALL,
        clauses: &[
            Clause::Cashiers,
            Clause::ColdStarts,
            Clause::Caches,
            Clause::Grill,
            Clause::Throttles,
        ],
        bill: false,
        sweep: false,
        restart_on: &[],
    },
];
