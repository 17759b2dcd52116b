#!/bin/bash
# What each node of a local cluster spends its CPU on, under steady load: per-thread CPU and voluntary context switches
# over 40 s, then `perf record -g` (20 s) of every node process. Linux, root for perf.
#
#   benchmarks/fixedcost/profile-nodes.sh OUT NODES LOAD_FACTOR [extra `monitorsim run` options]
#
# Starts `monitorsim run scenarios/xuzhou-baseline.yaml --nodes NODES --load-factor LOAD_FACTOR` (memory store, 170 s,
# 30 s warm-up) from the Release build, waits 75 s (warm-up over, JIT mostly done), reads /proc for 40 s, then perf
# records each process in turn. OUT gets threads.txt (cores and wake-ups per thread name), p<PID>.data (read with
# `perf report -i OUT/p<PID>.data --no-children --sort sym`) and the run's own report. docs/sizing.md, "What a second
# node costs", has what it found.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; nodes=$2; lf=$3; shift 3
rm -rf "$out"; mkdir -p "$out"
bin=$here/src/MonitorSim.Cli/bin/Release/net10.0/monitorsim
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
"$bin" run "$here/scenarios/xuzhou-baseline.yaml" --nodes "$nodes" --load-factor "$lf" --duration 170s --warm-up 30s --store memory \
    --out "$out/run" "$@" > "$out/run.log" 2>&1 &
runpid=$!
sleep 75
pids="$runpid $(pgrep -P "$runpid" -f "monitorsim node" | tr '\n' ' ')"
echo "$pids" > "$out/pids"
HERE=$here python3 - $pids > "$out/threads.txt" <<'PY'
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["HERE"], "benchmarks"))
import procstat
pids = [int(p) for p in sys.argv[1:] if p]
before = {p: procstat.snapshot(p) for p in pids}
time.sleep(40)
for p in pids:
    w = procstat.window(before[p], procstat.snapshot(p))
    print(f"pid {p}: process {w['process_cores']:.3f} cores")
    for name, v in sorted(w["by_thread"].items(), key=lambda x: -x[1]["cores"])[:12]:
        print(f"   {name:24} {v['cores']:.3f} cores  {v['wakeups_per_s']:8.0f} voluntary switches/s")
PY
for p in $pids; do perf record -F 499 -g -p "$p" -o "$out/p$p.data" -- sleep 20 >> "$out/perf.log" 2>&1; done
wait $runpid
