#!/usr/bin/env python3
"""Measures a node's fixed cost: the CPU one tree node uses with little or no load, split by thread.

Starts `monitorsim run SCENARIO --load-factor F` (one node: the whole topology on this process) for each load factor
given, waits until the load generator's thread exists and the warm-up (registration of every camera) is over plus a
settling time, then reads every thread's CPU (utime + stime from /proc/PID/task/TID/stat, by thread id, grouped by
`comm` name with trailing digits folded: ".NET TP Worker", ".NET Tiered Com"...) at the start and end of each of several
windows. A thread alive at both ends counts its difference, one born inside a window all of its CPU; threads that ended
inside a window are in the process total (/proc/PID/stat) but in no live thread: the difference is "(exited threads)".

The tree's CPU is the process's minus the load generator's own thread (`load-generator`) and the run's window reader;
at load factor 1 the engine's share of the completions (answers handled on pool threads) stays in it, so a tiny load
factor is the cleanest idle figure. Each window's figures, the median over windows and the run's own completed ops/s
and generator lag p99 (a lag of seconds means the machine starved the run) go to OUT/fixedcost.json and to stdout.

CPU *time* is what is measured; on a machine shared with other work the process may wait for the CPU, which changes
latency but hardly the CPU time of the work done (the spin-waits of idle threads are the exception: a thread that spins
until woken spins less when the machine is busy, so idle-spin figures on a busy machine are a lower bound).

--env KEY=VALUE (repeatable) sets variables for the node, e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 or
DOTNET_gcServer=0, so a setting can be measured before it is made the default. --perf records the process with
`perf record -g` over the first window (DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 name JIT-compiled
methods); perf adds load, so take the CPU figures from a run without it. Linux only. docs/sizing.md, "The node's fixed
cost", has what it found.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import procstat  # noqa: E402  (benchmarks/procstat.py)

# Threads of the load generator and the run's own measurement, not of the tree.
NOT_TREE = ("load-generator", "window-reading")


def window(a, b):
    """procstat.window, and the tree's cores: the process's without the load generator's threads."""
    w = procstat.window(a, b)
    generator = sum(v["cores"] for k, v in w["by_thread"].items() if k in NOT_TREE)
    return {**w, "tree_cores": w["process_cores"] - generator}


def median_of(windows):
    names = sorted({n for w in windows for n in w["by_thread"]})
    by = {}
    for n in names:
        by[n] = {k: statistics.median(w["by_thread"].get(n, {}).get(k, 0) for w in windows)
                 for k in ("cores", "threads", "born", "wakeups_per_s")}
    return {"process_cores": statistics.median(w["process_cores"] for w in windows),
            "tree_cores": statistics.median(w["tree_cores"] for w in windows),
            "tree_cores_min": min(w["tree_cores"] for w in windows),
            "tree_cores_max": max(w["tree_cores"] for w in windows),
            "by_thread": dict(sorted(by.items(), key=lambda kv: -kv[1]["cores"]))}


def wait_for_thread(pid, name, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if any(n == name for n, _, _ in procstat.threads(pid).values()):
            return True
        time.sleep(0.5)
    return False


def measure(args, root, factor, env):
    """One fresh node at one load factor; a start that fails (a tree that does not start in time on a busy machine) is
    tried again up to --attempts times, each in a folder of its own."""
    for attempt in range(1, args.attempts + 1):
        r = measure_once(args, root, factor, env, f"lf-{factor}" + ("" if attempt == 1 else f"-attempt-{attempt}"))
        if r is not None:
            return r
        print(f"load factor {factor}: the run did not start its generator (attempt {attempt} of {args.attempts})", file=sys.stderr)
    sys.exit(f"load factor {factor}: no attempt started (see {args.out}/lf-{factor}*/run.log)")


def measure_once(args, root, factor, env, folder):
    out = os.path.join(args.out, folder)
    os.makedirs(out, exist_ok=True)
    duration = args.warm_up + args.settle + args.windows * args.window + 30
    cmd = ["dotnet", os.path.join(args.bin, "monitorsim.dll"), "run", args.scenario, "--load-factor", str(factor),
           "--duration", f"{int(duration)}s", "--warm-up", f"{int(args.warm_up)}s", "--out", os.path.join(out, "run"),
           "--store", "sqlite:" + os.path.join(out, "node.db")]
    with open(os.path.join(out, "run.log"), "w") as log:
        run = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
        try:
            if not wait_for_thread(run.pid, "load-generator", run, args.start_timeout):
                return None
            time.sleep(args.warm_up + args.settle)
            load = [os.getloadavg()[0]]
            snaps = [procstat.snapshot(run.pid)]
            perf = None
            if args.perf:
                perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(run.pid), "-o",
                                         os.path.join(out, "node.perf.data"), "--", "sleep", str(args.window)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(args.windows):
                time.sleep(args.window)
                snaps.append(procstat.snapshot(run.pid))
                load.append(os.getloadavg()[0])
            if perf is not None:
                perf.wait(timeout=60)
        finally:
            if run.poll() is None:
                run.send_signal(signal.SIGINT)
                try:
                    run.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    run.kill()
    windows = [window(a, b) for a, b in zip(snaps, snaps[1:])]
    return {"load_factor": factor, "load_average_1m": load, "windows": windows, "median": median_of(windows), "run": run_summary(out)}


def run_summary(out):
    """The run's own figures (whole measured run, not only the windows): whether the generator kept up. A generator whose
    lag p99 runs to seconds was starved of CPU (a busy machine), offered less than the scenario, and the node's figure
    then measures less work than it claims."""
    path = os.path.join(out, "run", "summary.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        s = json.load(f)
    return {"throughput_ops": s.get("throughput_ops"), "generator_lag_p99_ms": (s.get("generator_lag_ms") or {}).get("p99"),
            "offered": (s.get("operations") or {}).get("offered"), "completed": (s.get("operations") or {}).get("completed")}


def print_result(r):
    m = r["median"]
    print(f"\nload factor {r['load_factor']}: tree {m['tree_cores']:.3f} cores (median of {len(r['windows'])} windows, "
          f"{m['tree_cores_min']:.3f}-{m['tree_cores_max']:.3f}); process {m['process_cores']:.3f}; "
          f"load average {min(r['load_average_1m']):.1f}-{max(r['load_average_1m']):.1f}")
    if r.get("run"):
        print(f"  the run: {r['run']['throughput_ops']} ops/s completed, generator lag p99 {r['run']['generator_lag_p99_ms']} ms")
    print(f"  {'thread':<24} {'threads':>7} {'born':>5} {'cores':>8} {'wakeups/s':>10}")
    for name, v in m["by_thread"].items():
        if v["cores"] < 0.0005 and v["wakeups_per_s"] < 1:
            continue
        print(f"  {name:<24} {v['threads']:>7.0f} {v['born']:>5.0f} {v['cores']:>8.4f} {v['wakeups_per_s']:>10.0f}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", ".."))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(root, "src/MonitorSim.Cli/bin/Release/net10.0"))
    p.add_argument("--scenario", default=os.path.join(root, "scenarios/xuzhou-baseline.yaml"))
    p.add_argument("--out", required=True)
    p.add_argument("--load-factors", default="0.01,1", help="comma-separated; each gets a fresh node")
    p.add_argument("--warm-up", type=float, default=20, help="the run's warm-up, seconds (every camera registers in it)")
    p.add_argument("--settle", type=float, default=10, help="seconds after the warm-up before the first window")
    p.add_argument("--window", type=float, default=60, help="window length, seconds")
    p.add_argument("--windows", type=int, default=3, help="windows per load factor (the median is reported)")
    p.add_argument("--start-timeout", type=float, default=300, help="seconds the tree may take to start")
    p.add_argument("--attempts", type=int, default=3, help="starts tried per load factor")
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for the node process (repeatable)")
    p.add_argument("--perf", action="store_true", help="perf record -g over the first window (adds load)")
    args = p.parse_args()

    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ)
    for kv in args.env:
        k, _, v = kv.partition("=")
        env[k] = v
    if args.perf:
        env["DOTNET_PerfMapEnabled"] = "1"
        # JIT code in a double-mapped memfd (W^X) is not matched to the perf map: perf would show bare addresses.
        env["DOTNET_EnableWriteXorExecute"] = "0"
    results = []
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for factor in [float(f) for f in args.load_factors.split(",")]:
        r = measure(args, root, factor, env)
        print_result(r)
        results.append(r)
        # Written after every load factor: a later one that cannot start loses nothing already measured.
        with open(os.path.join(args.out, "fixedcost.json"), "w") as f:
            json.dump({"commit": commit, "bin": args.bin, "env": args.env, "window_s": args.window, "started_utc": started,
                       "results": results}, f, indent=2)

if __name__ == "__main__":
    main()
