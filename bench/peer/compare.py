#!/usr/bin/env python3
"""Compare the scaling model with SimFaaS (PyPI `simfaas` 0.2.2) on cases both can express.

For each case (Poisson arrivals, exponential warm and cold service times, a deterministic
idle-expiry threshold, an optional concurrency cap with rejection) this script runs SimFaaS
in-process and our model through the `peer_case` example (several seeds, to measure our
run-to-run noise), times both, and prints one table: cold-start and rejection probabilities,
time-averaged instance counts (total, running, idle), simulated requests per wall-clock
second, and the throughput ratio. See README.md beside this file for how to run it and
BENCHMARKS.md in crates/scaling-model for the results and the explanation of differences.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from simfaas.ServerlessSimulator import ServerlessSimulator

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NO_CAP = 10**9  # SimFaaS: a cap that never binds
OUR_MAX_LIMIT = 1_000_000  # our account_concurrency_limit upper bound

# name, arrival rate /s, warm s, cold s, expiry s, cap (None = none), simulated seconds
CASES = [
    ("a: README example", 0.9, 1.991, 2.244, 600.0, None, 1_000_000.0),
    ("b: cap 100, Erlang B", 50.0, 2.016, 2.163, 600.0, 100, 4_000.0),
    ("c: ~1,000 instances", 500.0, 2.0, 2.25, 600.0, None, 200.0),
]


def scenario_json(name, rate, warm, cold, expiry, cap, seconds):
    """Our scenario mimicking a SimFaaS case (see BENCHMARKS.md for the mapping)."""
    return {
        "name": name,
        "seed": 1,
        "duration_s": seconds,
        # At most 100,000 series rows; the rows do not change the summary.
        "interval_s": max(1.0, seconds / 100_000.0),
        "record_events": False,
        "traffic": {"kind": "poisson", "rate_per_s": rate},
        # One key: no cache is on, so keys change nothing.
        "keys": {"key_count": 1, "zipf_exponent": 1.0},
        "function": {
            "account_concurrency_limit": cap if cap is not None else OUR_MAX_LIMIT,
            "reserved_concurrency": None,
            "scaling_rate_per_10s": 10_000_000,
            "memory_mb": 128,
            "reference_memory_mb": 128,
            "handler_ms": warm * 1000.0,
            "handler_variability": {"kind": "exponential"},
            "init_ms_override": (cold - warm) * 1000.0,
            "placement_ms": 0.0,
            "init_cv": 1.0,
            "idle_timeout_s": expiry,
        },
        "database": {"enabled": False},
    }


def run_simfaas(rate, warm, cold, expiry, cap, seconds, seed):
    np.random.seed(seed)
    sim = ServerlessSimulator(
        arrival_rate=rate,
        warm_service_rate=1.0 / warm,
        cold_service_rate=1.0 / cold,
        expiration_threshold=expiry,
        max_time=seconds,
        maximum_concurrency=cap if cap is not None else NO_CAP,
    )
    start = time.perf_counter()
    sim.generate_trace()
    wall = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifespan of no expired instance: mean of nothing
        result = sim.get_result_dict()
    return {
        "requests": result["reqs_total"],
        "p_cold": result["prob_cold"],  # cold / all requests, rejections included
        "p_reject": result["prob_reject"],
        "total": float(result["inst_count_avg"]),
        "running": float(result["inst_running_count_avg"]),
        "idle": float(result["inst_idle_count_avg"]),
        "wall_s": wall,
    }


def build_ours():
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "scaling-model", "--example", "peer_case"],
        cwd=REPO,
        check=True,
    )
    return target / "release" / "examples" / "peer_case"


def run_ours(binary, scenario_path, seeds):
    out = subprocess.run(
        [str(binary), str(scenario_path), str(seeds)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    runs = []
    for line in out.splitlines():
        s = json.loads(line)
        runs.append(
            {
                "requests": s["requests"],
                # SimFaaS's definition: cold starts over all requests, rejections included.
                "p_cold": s["cold_starts"] / s["requests"],
                "p_cold_native": s["cold_start_probability"],
                "p_reject": s["throttled"] / s["requests"],
                "total": s["mean_environments"],
                "running": s["mean_busy_environments"],
                "idle": s["mean_idle_environments"],
                "wall_s": s["wall_s"],
            }
        )
    return runs


def mean_sd(values):
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, 0.0
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="our seeds per case")
    parser.add_argument("--simfaas-seeds", type=int, default=2, help="SimFaaS seeds per case")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every case's simulated time"
    )
    parser.add_argument("--binary", help="a built peer_case example (default: build it)")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()

    binary = Path(args.binary) if args.binary else build_ours()
    scenario_dir = HERE / "scenarios"
    scenario_dir.mkdir(exist_ok=True)
    metrics = [
        ("p_cold", "P(cold) = cold / all requests", 5),
        ("p_reject", "P(reject) = rejected / all", 4),
        ("total", "mean instances (total)", 2),
        ("running", "mean instances running/busy", 2),
        ("idle", "mean instances idle", 2),
    ]
    raw = {}
    print(f"{args.seeds} seeds of ours, {args.simfaas_seeds} of SimFaaS per case; "
          "z = (SimFaaS - our mean) / (our one-run sd x sqrt(1/n_SimFaaS + 1/n_ours))")
    for name, rate, warm, cold, expiry, cap, seconds in CASES:
        seconds *= args.scale
        slug = name.split(":")[0]
        scenario = scenario_json(name, rate, warm, cold, expiry, cap, seconds)
        path = scenario_dir / f"case-{slug}.json"
        path.write_text(json.dumps(scenario, indent=2) + "\n")
        ours = run_ours(binary, path, args.seeds)
        theirs = [
            run_simfaas(rate, warm, cold, expiry, cap, seconds, seed)
            for seed in range(1, args.simfaas_seeds + 1)
        ]
        raw[name] = {"ours": ours, "simfaas": theirs}
        cap_text = "none" if cap is None else str(cap)
        print(f"\n## {name}: lambda={rate}/s warm={warm}s cold={cold}s expiry={expiry}s "
              f"cap={cap_text}, {seconds:g} simulated s")
        print(f"| {'metric':<31} | {'SimFaaS':>10} | {'ours mean':>10} | {'ours sd':>9} "
              f"| {'z':>6} |")
        print("|---|---:|---:|---:|---:|")
        for key, label, digits in metrics:
            sf_mean, _ = mean_sd([r[key] for r in theirs])
            our_mean, our_sd = mean_sd([r[key] for r in ours])
            spread = our_sd * math.sqrt(1 / len(theirs) + 1 / len(ours))
            z = (sf_mean - our_mean) / spread if spread > 0 else float("nan")
            print(f"| {label:<31} | {sf_mean:>10.{digits}f} | {our_mean:>10.{digits}f} "
                  f"| {our_sd:>9.{digits}f} | {z:>6.2f} |")
        native, _ = mean_sd([r["p_cold_native"] for r in ours])
        sf_rate = sum(r["requests"] for r in theirs) / sum(r["wall_s"] for r in theirs)
        our_rate = sum(r["requests"] for r in ours) / sum(r["wall_s"] for r in ours)
        print(f"| {'(ours: cold / invocations)':<31} | {'':>10} | {native:>10.4f} "
              f"| {'':>9} | {'':>6} |")
        print(f"| {'simulated requests / wall s':<31} | {sf_rate:>10.0f} | {our_rate:>10.0f} "
              f"| {'':>9} | {'':>6} |")
        print(f"throughput ratio ours / SimFaaS: {our_rate / sf_rate:,.0f}x "
              f"({sum(r['requests'] for r in theirs) / len(theirs):,.0f} requests per run)")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
