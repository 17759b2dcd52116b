#!/bin/bash
# The seeded runs of the golden comparison: run them on the code before a change and after it, then compare the two
# folders with .ci/golden-compare.py (docs/results.md#golden-comparison says what must match and why).
#   .ci/golden-runs.sh /tmp/golden-before     # on the unchanged code
#   .ci/golden-runs.sh /tmp/golden-after      # on the changed code
#   .ci/golden-compare.py /tmp/golden-before /tmp/golden-after
# Three runs, about 3 minutes on 2 idle cores: the baseline on one node and on two (the multi-node merge), and the
# supervision year on SQLite (the year's figures read back from the journal, and its 30 replications of the model).
set -u
out=${1:?usage: .ci/golden-runs.sh OUTDIR}
cd "$(dirname "$0")/.."
dotnet build src/MonitorSim.Cli -c Release -v quiet -nologo > /dev/null || { echo "build failed"; exit 2; }
mkdir -p "$out"
: > "$out/rc.txt"
cli="dotnet run --project src/MonitorSim.Cli -c Release --no-build --"
uptime > "$out/uptime.txt"
# A seeded run: same scenario, seed, duration, warm-up and store kind before and after.
run() {
    local name=$1; shift
    $cli run "$@" --seed 7 --duration 20s --warm-up 5s --out "$out/$name" > "$out/$name.log" 2>&1
    echo "$name rc=$?" >> "$out/rc.txt"
}
run baseline scenarios/xuzhou-baseline.yaml --store memory
run baseline-2nodes scenarios/xuzhou-baseline.yaml --store memory --nodes 2
# A fresh journal each time, at the same path (the store's address is part of the summary).
year_db=${TMPDIR:-/tmp}/monitorsim-golden-year.db
rm -f "$year_db" "$year_db"-*
run supervision-year scenarios/xuzhou-supervision-year.yaml --store "sqlite:$year_db"
uptime >> "$out/uptime.txt"
cat "$out/rc.txt"
