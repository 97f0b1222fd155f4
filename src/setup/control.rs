//! The controls themselves: each one's link key, label, unit and how it is operated.

/// One thing a learner can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Control {
    /// How customers arrive ([`Pattern`]).
    Pattern,
    /// Mean arrival rate (steady, wave) or the peak of a spike.
    ArrivalRate,
    /// The rate before and after a spike.
    BaselineRate,
    /// The account's concurrency limit.
    AccountLimit,
    /// Reserved concurrency (0 = not set).
    Reserved,
    /// Provisioned concurrency.
    Provisioned,
    /// Function memory.
    MemoryMb,
    /// x86_64 or arm64.
    Architecture,
    /// The runtime (sets the init time).
    Runtime,
    /// Zipped deployment package size.
    PackageMb,
    /// Handler time at the reference memory (128 MB).
    HandlerMs,
    /// Share of the handler's time spent computing.
    CpuBoundPercent,
    /// How long an idle environment waits before it is reclaimed.
    IdleTimeoutS,
    /// CDN edge cache TTL (0 = no CDN).
    CdnTtlS,
    /// API Gateway cache TTL (0 = off).
    GatewayTtlS,
    /// Redis TTL (0 = no Redis).
    RedisTtlS,
    /// Distinct keys requests ask for.
    KeyCount,
    /// How concentrated popularity is (Zipf exponent × 100).
    PopularityPercent,
    /// Whether requests reach the database at all.
    DatabaseOn,
    /// The database's maximum connections.
    DbMaxConnections,
    /// Queries the database runs at once.
    DbQuerySlots,
    /// Mean query time.
    QueryMs,
    /// One connection per environment, reused (on), or a new one per request (off).
    ConnectionReuse,
    /// A connection proxy between the functions and the database.
    Proxy,
    /// Asynchronous invocation: Lambda queues the event and retries throttles (on), or the
    /// caller waits and a throttle is an HTTP 429 (off).
    Async,
}

/// How a control is operated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A slider from `min` to `max` in steps of `step`.
    Range {
        /// Smallest value.
        min: u32,
        /// Largest value.
        max: u32,
        /// Step between values.
        step: u32,
    },
    /// One of several named options; the value is the option's position.
    Choice(&'static [&'static str]),
    /// On (1) or off (0).
    Toggle,
}

/// What a control is called and how it is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlInfo {
    /// Name in links and saved answers (`rate=800`).
    pub key: &'static str,
    /// Label shown next to the control.
    pub label: &'static str,
    /// Unit of the value, in words ("" for choices and toggles).
    pub unit: &'static str,
    /// How it is operated.
    pub input: Input,
}

const RUNTIME_NAMES: [&str; 11] = [
    "Node.js 22",
    "Node.js 24",
    "Python 3.12",
    "Python 3.13",
    "Java 21",
    "Java 25",
    ".NET 8",
    ".NET 10",
    "Go (provided.al2023)",
    "Rust (provided.al2023)",
    "LLRT",
];
const KEY_COUNT_NAMES: [&str; 6] = ["1", "10", "100", "1,000", "10,000", "100,000"];

const fn range(min: u32, max: u32, step: u32) -> Input {
    Input::Range { min, max, step }
}

const fn info(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    input: Input,
) -> ControlInfo {
    ControlInfo { key, label, unit, input }
}

impl Control {
    /// Every control, in the order the sandbox shows them.
    pub const ALL: [Control; 25] = [
        Control::Pattern,
        Control::ArrivalRate,
        Control::BaselineRate,
        Control::AccountLimit,
        Control::Reserved,
        Control::Provisioned,
        Control::MemoryMb,
        Control::Architecture,
        Control::Runtime,
        Control::PackageMb,
        Control::HandlerMs,
        Control::CpuBoundPercent,
        Control::IdleTimeoutS,
        Control::CdnTtlS,
        Control::GatewayTtlS,
        Control::RedisTtlS,
        Control::KeyCount,
        Control::PopularityPercent,
        Control::DatabaseOn,
        Control::DbMaxConnections,
        Control::DbQuerySlots,
        Control::QueryMs,
        Control::ConnectionReuse,
        Control::Proxy,
        Control::Async,
    ];

    /// The control's name, unit and input.
    pub fn info(self) -> ControlInfo {
        match self {
            Control::Pattern => {
                info("pattern", "Arrival pattern", "", Input::Choice(&["steady", "spike", "wave"]))
            }
            Control::ArrivalRate => info(
                "rate",
                "Arrival rate (peak of a spike)",
                "requests per second",
                range(0, 20_000, 1),
            ),
            Control::BaselineRate => info(
                "baseline",
                "Rate before and after a spike",
                "requests per second",
                range(0, 5_000, 1),
            ),
            Control::AccountLimit => info(
                "limit",
                "Account concurrency limit",
                "concurrent executions",
                range(100, 10_000, 50),
            ),
            Control::Reserved => info(
                "reserved",
                "Reserved concurrency (0 = not set)",
                "concurrent executions",
                range(0, 9_900, 10),
            ),
            Control::Provisioned => {
                info("provisioned", "Provisioned concurrency", "environments", range(0, 3_000, 10))
            }
            Control::MemoryMb => info("memory", "Memory", "MB", range(128, 10_240, 64)),
            Control::Architecture => {
                info("arch", "Architecture", "", Input::Choice(&["x86_64", "arm64"]))
            }
            Control::Runtime => info("runtime", "Runtime", "", Input::Choice(&RUNTIME_NAMES)),
            Control::PackageMb => info("package", "Package size (zipped)", "MB", range(1, 50, 1)),
            Control::HandlerMs => {
                info("handler", "Handler time at 128 MB", "ms", range(5, 3_000, 5))
            }
            Control::CpuBoundPercent => {
                info("cpu", "Share of handler time spent computing", "%", range(0, 100, 5))
            }
            Control::IdleTimeoutS => {
                info("idle", "Idle time before a cashier leaves", "s", range(10, 1_800, 10))
            }
            Control::CdnTtlS => info("cdn", "CDN edge TTL (0 = no CDN)", "s", range(0, 3_600, 5)),
            Control::GatewayTtlS => {
                info("gateway", "API Gateway cache TTL (0 = off)", "s", range(0, 3_600, 5))
            }
            Control::RedisTtlS => {
                info("redis", "Redis TTL (0 = no Redis)", "s", range(0, 3_600, 5))
            }
            Control::KeyCount => {
                info("keys", "Distinct items asked for", "keys", Input::Choice(&KEY_COUNT_NAMES))
            }
            Control::PopularityPercent => {
                info("zipf", "Popularity skew (Zipf exponent)", "× 0.01", range(0, 200, 10))
            }
            Control::DatabaseOn => info("db", "Database in the path", "", Input::Toggle),
            Control::DbMaxConnections => info(
                "connections",
                "Database maximum connections",
                "connections",
                range(10, 5_000, 10),
            ),
            Control::DbQuerySlots => {
                info("slots", "Queries the database runs at once", "queries", range(1, 64, 1))
            }
            Control::QueryMs => info("query", "Query time", "ms", range(1, 500, 1)),
            Control::ConnectionReuse => {
                info("reuse", "Reuse a connection per environment", "", Input::Toggle)
            }
            Control::Proxy => info("proxy", "Connection proxy (RDS Proxy)", "", Input::Toggle),
            Control::Async => {
                info("async", "Asynchronous invocation (queued, retried)", "", Input::Toggle)
            }
        }
    }

    /// The control whose link key is `key`.
    pub fn from_key(key: &str) -> Option<Control> {
        Control::ALL.into_iter().find(|control| control.info().key == key)
    }

    /// The smallest and largest value the control accepts.
    pub fn bounds(self) -> (u32, u32) {
        match self.info().input {
            Input::Range { min, max, .. } => (min, max),
            Input::Choice(options) => (0, options.len().saturating_sub(1) as u32),
            Input::Toggle => (0, 1),
        }
    }

    /// Whether changing this control starts a new run instead of reconfiguring the running
    /// one (the model fixes the keys, the connection policy, the proxy's presence and the
    /// invocation type for a run).
    pub fn restarts_run(self) -> bool {
        matches!(
            self,
            Control::KeyCount
                | Control::PopularityPercent
                | Control::ConnectionReuse
                | Control::Proxy
                | Control::Async
        )
    }
}
