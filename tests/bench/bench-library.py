#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Library benchmark: a data dir of synthetic calls (100,000 with ten chunks
# each by default, made once through the store API and kept in the build
# dir), then the time to the main window with its first rows and the app's
# peak RSS (under xvfb-run), and search latency p50/p95 over 50 fixed
# queries, in-process and with `debrief-cli search`.
#
#   tests/bench/bench-library.py [--build _build] [--calls 100000]
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

QUERIES = [
    "pricing", "renewal", "discount contract", "budget timeline", "proposal", "objection", "decision maker",
    "stakeholder", "integration", "onboarding support", "competitor", "trial license", "invoice", "quarter",
    "forecast pipeline", "demo", "feedback", "security compliance", "migration", "training", "champion",
    "procurement legal", "signature", "followup meeting", "calendar", "email", "whatsapp", "recording",
    "transcript", "coach question", "answer", "value risk", "priority deadline", "expansion", "churn",
    "upsell referral", "roadmap feature", "Ana", "Discovery", "Renewal with Chen", "Mock interview",
    "pric", "\"pricing objection", "(budget", "NEAR", "-risk", "sign*", "deadline OR", "café", "zzzz",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "_build"))
    parser.add_argument("--calls", type=int, default=100000)
    args = parser.parse_args()
    assert len(QUERIES) == 50

    build = os.path.abspath(args.build)
    helper = os.path.join(build, "tests", "bench-library")
    window = os.path.join(build, "tests", "bench-window")
    cli = os.path.join(build, "src", "cli", "debrief-cli")
    for path in (helper, window, cli):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench-library: {path} is missing; build first (build-aux/test.sh)")

    data_dir = os.path.join(build, "bench-library", str(args.calls))
    db = os.path.join(data_dir, "debrief.db")
    if not os.path.exists(db):
        os.makedirs(data_dir, exist_ok=True)
        print(f"filling {data_dir} with {args.calls} calls (once)…", file=sys.stderr)
        start = time.monotonic()
        subprocess.run([helper, "fill", db + ".part", str(args.calls)], check=True)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + ".part" + suffix):
                subprocess.run(["sqlite3", db + ".part", "PRAGMA wal_checkpoint(TRUNCATE);"], check=True,
                               stdout=subprocess.DEVNULL)
        os.rename(db + ".part", db)
        print(f"  filled in {time.monotonic() - start:.0f} s", file=sys.stderr)

    out = subprocess.run([helper, "search", db] + QUERIES, check=True, capture_output=True, text=True).stdout
    p50_in, p95_in = (float(x) for x in out.split())

    env = dict(os.environ, DEBRIEF_DATA_DIR=data_dir)
    cli_ms = []
    peak_kb = 0  # the CLI's: measured before any window runs
    for query in QUERIES:
        start = time.monotonic()
        subprocess.run([cli, "search", query], env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        cli_ms.append((time.monotonic() - start) * 1000)
        peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    app_env = dict(os.environ, DEBRIEF_DATA_DIR=data_dir, GSETTINGS_BACKEND="memory",
                   GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1", GTK_A11Y="none",
                   GDK_DEBUG="no-portals")
    xvfb = [] if os.environ.get("DISPLAY") else ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"]
    # GTK's default renderer (GL; llvmpipe under Xvfb) and the cairo one.
    opens = {}
    for renderer in ("default", "cairo"):
        runs = []
        for _ in range(3):
            env_r = dict(app_env)
            if renderer != "default":
                env_r["GSK_RENDERER"] = renderer
            out = subprocess.run(xvfb + ["dbus-run-session", "--", window], env=env_r, check=True,
                                 capture_output=True, text=True).stdout
            ms, rss_kb = out.strip().splitlines()[-1].split()
            runs.append((float(ms), int(rss_kb)))
        opens[renderer] = runs

    print(f"library of {args.calls} calls ({args.calls * 10} chunks):")
    for renderer, runs in opens.items():
        print(f"  main window with rows, {renderer:7} renderer: median {statistics.median(r[0] for r in runs):7.1f} ms"
              f" of 3 (target < 1000 ms), app peak RSS {max(r[1] for r in runs) / 1024:6.1f} MiB (target < 200 MiB)")
    print(f"{len(QUERIES)} queries:")
    print(f"  search in-process     p50 {p50_in:7.2f} ms   p95 {p95_in:7.2f} ms   (target p95 < 50 ms)")
    print(f"  debrief-cli search    p50 {statistics.median(cli_ms):7.2f} ms   p95 {percentile(cli_ms, 0.95):7.2f} ms"
          f"   (a whole process each; peak RSS {peak_kb / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
