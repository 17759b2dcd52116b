#!/usr/bin/env python3
"""Measures a SIP keepalive capacity run the way docs/sip.md reports it.

Starts the project's SIP platform (`monitorsim sip-platform`) and `monitorsim run SCENARIO` as two processes, and over a
window inside the run's measured keepalive phase takes, for each process: CPU seconds (from /proc, every thread, exited
ones included), CPU seconds by thread (threads numbered alike are summed), context switches (from /proc/PID/task/*/status),
and .NET runtime counters (dotnet-counters: GC counts, pause time, allocation rate, lock contention). When the run ends it
reads the run's summary.json (keepalive latency, generator lag, counts) and prints one table; everything goes to
OUT/measure.json.

CPU seconds per 1,000 keepalives = CPU seconds in the window / (the scenario's keepalive rate x window / 1,000): the
open model issues exactly that many in the window when the generator keeps up (its lag says whether it did).

Options --platform-cpus / --generator-cpus pin a process to CPUs (taskset -c), --platform-quota caps the platform with
`sip-platform --cpus`. Linux only; reads /proc; dotnet-counters on the PATH or in ~/.dotnet/tools.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import procstat  # noqa: E402  (benchmarks/procstat.py)



def thread_cpu(pid):
    by_name = {}
    switches = [0, 0]
    for _, name, cpu, voluntary, involuntary in procstat.tasks(pid):
        by_name[name] = by_name.get(name, 0.0) + cpu
        switches[0] += voluntary
        switches[1] += involuntary
    return by_name, switches


def snapshot(pid):
    threads, switches = thread_cpu(pid)
    return {"cpu": procstat.process_cpu(pid), "threads": threads, "switches": switches}


def delta(a, b):
    threads = {k: round(b["threads"].get(k, 0) - a["threads"].get(k, 0), 2) for k in b["threads"]}
    threads = {k: v for k, v in sorted(threads.items(), key=lambda kv: -kv[1]) if v > 0}
    return {
        "cpu_s": round(b["cpu"] - a["cpu"], 2),
        "threads_cpu_s": threads,
        "voluntary_switches": b["switches"][0] - a["switches"][0],
        "involuntary_switches": b["switches"][1] - a["switches"][1],
    }


def counters_tool():
    return shutil.which("dotnet-counters") or os.path.expanduser("~/.dotnet/tools/dotnet-counters")


def counters(pid, seconds, path):
    return subprocess.Popen(
        [counters_tool(), "collect", "-p", str(pid), "--counters", "System.Runtime", "--format", "csv",
         "-o", path, "--refresh-interval", "1", "--duration", "00:" + time.strftime("%H:%M:%S", time.gmtime(seconds))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarise_counters(path):
    """Totals and means over the window from dotnet-counters' CSV (rates summed, gauges averaged)."""
    if not os.path.exists(path):
        return {}
    sums, counts = {}, {}
    with open(path) as f:
        next(f, None)
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) < 5:
                continue
            name, kind, value = parts[2], parts[3], parts[4]
            try:
                v = float(value)
            except ValueError:
                continue
            key = f"{name} [{kind}]"
            sums[key] = sums.get(key, 0.0) + v
            counts[key] = counts.get(key, 0) + 1
    out = {}
    for key, total in sums.items():
        out[key] = round(total if key.endswith("[Rate]") else total / counts[key], 3)
    return out


def pinned(cpus):
    return ["taskset", "-c", cpus] if cpus else []


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", ".."))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(root, "src/MonitorSim.Cli/bin/Release/net10.0"))
    p.add_argument("--scenario", default=os.path.join(root, "scenarios/sip-capacity/keepalive-200k.yaml"))
    p.add_argument("--out", required=True)
    p.add_argument("--start", type=float, default=60, help="seconds after the run starts that the window opens")
    p.add_argument("--window", type=float, default=40, help="window length, seconds")
    p.add_argument("--rate", type=float, default=200_000 / 12, help="keepalives a second the scenario offers")
    p.add_argument("--platform-cpus", help="taskset -c list for the platform")
    p.add_argument("--generator-cpus", help="taskset -c list for the run")
    p.add_argument("--platform-quota", help="sip-platform --cpus (a cgroup CPU quota, cores)")
    p.add_argument("--perf", action="store_true",
                   help="profile both processes with perf record over the window (DOTNET_PerfMapEnabled=1 names JIT-compiled "
                        "methods) instead of collecting runtime counters; perf adds load, so take figures from a run without it")
    args = p.parse_args()

    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, MONITORSIM_SIP_PASSWORD=os.environ.get("MONITORSIM_SIP_PASSWORD", "12345678"))
    if args.perf:
        env["DOTNET_PerfMapEnabled"] = "1"
    dll = os.path.join(args.bin, "monitorsim.dll")
    platform_cmd = pinned(args.platform_cpus) + ["dotnet", dll, "sip-platform", "--listen", "udp://127.0.0.1:5070"]
    if args.platform_quota:
        platform_cmd += ["--cpus", args.platform_quota]
    with open(os.path.join(args.out, "platform.log"), "w") as plog, open(os.path.join(args.out, "run.log"), "w") as rlog:
        platform = subprocess.Popen(platform_cmd, env=env, stdout=plog, stderr=subprocess.STDOUT, cwd=root)
        time.sleep(4)
        if platform.poll() is not None:
            sys.exit(f"the platform ended at once: see {args.out}/platform.log")
        started_at = time.time()
        run = subprocess.Popen(pinned(args.generator_cpus) + ["dotnet", dll, "run", args.scenario, "--out", os.path.join(args.out, "run")],
                               env=env, stdout=rlog, stderr=subprocess.STDOUT, cwd=root)
        try:
            time.sleep(max(0, started_at + args.start - time.time()))
            load_before = os.getloadavg()
            a = {"generator": snapshot(run.pid), "platform": snapshot(platform.pid)}
            if args.perf:
                collectors = [subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(pid), "-o",
                                                os.path.join(args.out, f"{side}.perf.data"), "--", "sleep", str(args.window)],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                              for side, pid in (("generator", run.pid), ("platform", platform.pid))]
            else:
                collectors = [counters(run.pid, args.window, os.path.join(args.out, "generator-counters.csv")),
                              counters(platform.pid, args.window, os.path.join(args.out, "platform-counters.csv"))]
            time.sleep(args.window)
            b = {"generator": snapshot(run.pid), "platform": snapshot(platform.pid)}
            load_after = os.getloadavg()
            for c in collectors:
                try:
                    c.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    c.kill()
            run.wait()
        finally:
            if run.poll() is None:
                run.send_signal(signal.SIGINT)
                run.wait()
            platform.send_signal(signal.SIGINT)
            platform.wait()

    keepalives = args.rate * args.window
    result = {"window_s": args.window, "keepalives_in_window": round(keepalives), "load_before": load_before,
              "load_after": load_after, "run_exit": run.returncode}
    for side in ("generator", "platform"):
        d = delta(a[side], b[side])
        d["cpu_s_per_1000"] = round(d["cpu_s"] / keepalives * 1000, 4)
        d["switches_per_message"] = round((d["voluntary_switches"] + d["involuntary_switches"]) / keepalives, 2)
        d["counters"] = summarise_counters(os.path.join(args.out, f"{side}-counters.csv"))
        result[side] = d
    summary = os.path.join(args.out, "run", "summary.json")
    if os.path.exists(summary):
        with open(summary) as f:
            s = json.load(f)
        result["run"] = {
            "keepalive_ms": s.get("latency_ms", {}).get("keepalive"),
            "generator_lag_ms": s.get("generator_lag_ms"),
            "workload": s.get("workload"),
            "resources": {k: v for k, v in s.get("resources", {}).items() if not isinstance(v, dict)},
        }
    with open(os.path.join(args.out, "measure.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
