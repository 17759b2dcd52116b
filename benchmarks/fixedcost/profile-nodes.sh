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
def snap(pid): return {t[0]: (t[1], t[2], t[3]) for t in procstat.tasks(pid)}, procstat.process_cpu(pid)
a = {p: snap(p) for p in pids}; time.sleep(40); b = {p: snap(p) for p in pids}
for p in pids:
    (ta, ca), (tb, cb) = a[p], b[p]
    print(f"pid {p}: process {(cb - ca) / 40:.3f} cores")
    cores, wakes = {}, {}
    for tid, (name, cpu, vol) in tb.items():
        cores[name] = cores.get(name, 0) + cpu - (ta[tid][1] if tid in ta else 0)
        wakes[name] = wakes.get(name, 0) + vol - (ta[tid][2] if tid in ta else 0)
    for n, v in sorted(cores.items(), key=lambda x: -x[1])[:12]:
        print(f"   {n:24} {v / 40:.3f} cores  {wakes[n] / 40:8.0f} voluntary switches/s")
PY
for p in $pids; do perf record -F 499 -g -p "$p" -o "$out/p$p.data" -- sleep 20 >> "$out/perf.log" 2>&1; done
wait $runpid
