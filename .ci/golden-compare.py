#!/usr/bin/env python3
"""Compares the summary.json files of two sets of seeded runs (before and after a change) on what the seed fixes.

usage: .ci/golden-compare.py BEFORE_DIR AFTER_DIR
       (each holds one folder per run with its summary.json, as .ci/golden-runs.sh writes them;
        or pass two summary.json files)

What a seed fixes, and so what must be identical for the same seed and the same scenario, flags and node count:
every stream's and operation's counts (offered, completed, failed, dropped, timed out), the workload lines (rate,
basis), bytes, throughput (completed over the measured seconds, which a run that is not aborted takes from the
scenario), the list of thresholds with their counted values and verdicts, the events (with their times t=…s masked),
the audits, the topology (fingerprint included), and the supervision year's figures, command and event counts.

What it does not fix, and so is left out: everything timed by the machine — latency, service-time and generator-lag
statistics (their counts are kept), the values, verdicts and failure notes of thresholds on them (and so the overall
verdict), the resources section (CPU, GC, working set) and each node's (its address, pid, CPU, memory), the topology's
build and start times, the year's wall time and rate, and the run's start time and commit. Also left out, because a
busy machine changes them: how many interval checks each threshold had (a reporter woken late covers two intervals in
one row), and the event counting the alarms cameras re-sent (a camera re-sends an alarm unanswered after T1 = 500 ms;
the alarms themselves are counted once either way). Re-registrations are reactions: a camera whose keepalive is refused
registers again after a jitter that hashes the absolute intended instant, counted from the refusal's answer, so how many
land inside the measured window is not fixed by the seed (4 and 5 in two runs of the same code). Their stream is left
out and its counts are taken off the totals and the registration operation; the figures they also feed (registration
bytes and latency counts, generator-lag count, throughput) are left out when there were any. On several nodes, which node is numbered 1 follows the order the
processes joined, so the platforms-per-node lists are compared as sets.
Exit 0: identical; 1: a difference (each printed with its path); 2: bad input.
"""
import json
import re
import sys
from pathlib import Path

# Statistics of a latency recorder: only its count is fixed by the seed.
TIMING_STATS = {"mean", "p50", "p90", "p99", "p999", "max", "min", "clipped"}
# A threshold on one of these is a threshold on time: its value and verdict depend on the machine.
TIMING_THRESHOLD = re.compile(r"(^|\.)(p\d+|mean|max|min)\b|generator_lag|\d\s*(ms|s)\s*$")
DROPPED = {
    ("run", "started_at"), ("run", "commit"),
    ("topology", "build_ms"), ("topology", "start_ms"),
    ("resources",),
    ("supervision", "wall_s"), ("supervision", "events_per_s"),
    # Derived from the thresholds, some of which are on time.
    ("passed",),
}
NODE_FIXED = ("roles", "platforms", "points", "killed", "left")
NODE_COUNTS = re.compile(r"node \d+: \d+(, node \d+: \d+)+")
EVENT_TIME = re.compile(r"t=\d+(\.\d+)?s")
TIMED_EVENTS = ("cameras re-sent unanswered alarms",)


COUNTS = ("offered", "completed", "failed", "dropped", "timed_out")
REACTIVE_STREAM, REACTIVE_OPERATION = "reregistration", "registration"


def without_reactions(summary):
    """The summary with the re-registrations (reactions to refused keepalives) taken out."""
    reactions = (summary.get("streams") or {}).pop(REACTIVE_STREAM, None)
    summary["workload"] = [w for w in summary.get("workload", []) if w.get("name") != REACTIVE_STREAM]
    if not reactions or not any(reactions.get(c) for c in COUNTS):
        return summary
    for totals in (summary.get("operations"), (summary.get("per_operation") or {}).get(REACTIVE_OPERATION)):
        if totals:
            for c in COUNTS:
                totals[c] -= reactions.get(c, 0)
    (summary.get("bytes") or {}).pop(REACTIVE_OPERATION, None)
    for section in ("latency_ms", "service_time_ms"):
        (summary.get(section) or {}).pop(REACTIVE_OPERATION, None)
    summary.pop("generator_lag_ms", None)
    summary.pop("throughput_ops", None)
    return summary


def normalise(node, path=()):
    if isinstance(node, dict):
        if {"count", "p50", "p99"} <= node.keys():
            return {"count": node["count"]}
        out = {}
        for key, value in node.items():
            if path + (key,) in DROPPED:
                continue
            if path == () and key == "thresholds":
                out[key] = [threshold(t) for t in value]
            elif path == () and key == "events":
                out[key] = [NODE_COUNTS.sub(node_counts, EVENT_TIME.sub("t=…s", e)) for e in value
                            if not e.startswith(TIMED_EVENTS)]
            elif path == () and key == "node_resources":
                out[key] = sorted(({k: n.get(k) for k in NODE_FIXED} for n in value), key=json.dumps)
            else:
                out[key] = normalise(value, path + (key,))
        return out
    if isinstance(node, list):
        return [normalise(v, path) for v in node]
    return node


def threshold(t):
    if TIMING_THRESHOLD.search(t["expr"]):
        return {"expr": t["expr"]}
    return {k: v for k, v in t.items() if k != "checks"}


def node_counts(match):
    """'node 1: 22, node 2: 23' → 'nodes: 22, 23' (the counts sorted: which node is 1 is not seeded)."""
    counts = sorted(int(c) for c in re.findall(r"node \d+: (\d+)", match.group(0)))
    return "nodes: " + ", ".join(map(str, counts))


def flatten(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from flatten(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from flatten(value, f"{path}[{i}]")
        if not node:
            yield path, []
    else:
        yield path, node


def pairs(before, after):
    if before.is_file() and after.is_file():
        return [(before.name, before, after)]
    runs = sorted(p.parent.name for p in before.glob("*/summary.json"))
    if not runs:
        sys.exit(f"{before}: no */summary.json in it")
    return [(r, before / r / "summary.json", after / r / "summary.json") for r in runs]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    differences = 0
    for run, b, a in pairs(Path(sys.argv[1]), Path(sys.argv[2])):
        if not a.is_file():
            print(f"{run}: {a} is missing")
            return 2
        fb = dict(flatten(normalise(without_reactions(json.loads(b.read_text())))))
        fa = dict(flatten(normalise(without_reactions(json.loads(a.read_text())))))
        diff = [k for k in sorted(fb.keys() | fa.keys()) if fb.get(k, "<absent>") != fa.get(k, "<absent>")]
        for k in diff:
            print(f"{run}: {k}: before {fb.get(k, '<absent>')!r}, after {fa.get(k, '<absent>')!r}")
        print(f"{run}: {len(fb)} seeded fields compared, {len(diff)} differ")
        differences += len(diff)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
