#!/usr/bin/env bash
# Throughput of 1, 2 and 4 worker processes on one study, on PostgreSQL and on SQLite: a benchmark, not a test.
# A FastTree grid of 24 candidates x 3 folds on generated data (each fold's fit takes 50 ms or more). For N workers,
# `mlnet-hpo grid --study S` creates the study and works on it; N-1 `mlnet-hpo worker --study S` processes join it.
# Wall time counts from the first start to the last exit (process start-up included).
# Usage: bench/workers.sh            (starts a throwaway PostgreSQL cluster with tests/postgres/start.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release src/MlNetHpo.Cli >/dev/null
cli=src/MlNetHpo.Cli/bin/Release/net10.0/mlnet-hpo.dll
work=$(mktemp -d /tmp/mlnethpo-bench-XXXXXX)
eval "$(bash tests/postgres/start.sh)"
trap 'bash tests/postgres/stop.sh "$MLNETHPO_TEST_POSTGRES_DIR"; rm -rf "$work"' EXIT

python3 - "$work/data.csv" <<'PY'
import random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"X{i}" for i in range(12)) + ",Label\n")
    for _ in range(3000):
        x = [random.gauss(0, 1) for _ in range(12)]
        y = int(x[0] * x[1] + x[2] - 0.5 * x[3] ** 2 + random.gauss(0, 0.5) > 0)
        f.write(",".join(f"{v:.4f}" for v in x) + f",{y}\n")
PY
echo '{"NumberOfTrees": [100, 200], "NumberOfLeaves": [8, 16, 32], "LearningRate": [0.05, 0.1, 0.2, 0.3]}' > "$work/space.json"
candidates=24

run() { # store-kind workers
    local kind=$1 n=$2 study name=bench-$1-$2-$RANDOM
    if [[ $kind == postgres ]]; then study=$MLNETHPO_TEST_POSTGRES; else study=$work/$name.sqlite; fi
    local start=$(date +%s.%N) pids=()
    dotnet "$cli" grid --dataset "$work/data.csv" --label-col Label --trainer fasttree --space "$work/space.json" --cv 3 \
        --parallel 1 --study "$study" --study-name "$name" >"$work/$name-0.log" 2>&1 &
    pids+=($!)
    if (( n > 1 )); then
        until dotnet "$cli" show --study "$study" --study-name "$name" >/dev/null 2>&1; do sleep 0.2; done
        for ((i = 1; i < n; i++)); do
            dotnet "$cli" worker --study "$study" --study-name "$name" --parallel 1 >"$work/$name-$i.log" 2>&1 &
            pids+=($!)
        done
    fi
    for p in "${pids[@]}"; do wait "$p" || { echo "a worker failed:"; cat "$work/$name-"*.log; exit 1; }; done
    local end=$(date +%s.%N)
    local recorded=$(dotnet "$cli" show --study "$study" --study-name "$name" | grep -oE '[0-9]+ trials recorded' | grep -oE '^[0-9]+')
    local fit
    if [[ $kind == postgres ]]; then
        fit=$(psql "$study" -tAc "SELECT round(avg(v::float)::numeric * 1000) FROM mlnethpo_trials, json_array_elements_text(fit_times::json) v WHERE study = '$name'")
    else
        fit=$(python3 -c "import sqlite3, json, sys; c = sqlite3.connect(sys.argv[1]); t = [x for (f,) in c.execute('SELECT fit_times FROM trials') for x in json.loads(f)]; print(round(1000 * sum(t) / len(t)))" "$study")
    fi
    python3 -c "import sys; w=float(sys.argv[3])-float(sys.argv[2]); print(f'{sys.argv[1]:9} {sys.argv[4]} worker(s): {int(sys.argv[5])} candidates in {w:6.2f} s = {int(sys.argv[5])/w:5.2f} candidates/s (mean fold fit {sys.argv[6]} ms)')" \
        "$kind" "$start" "$end" "$n" "$recorded" "$fit"
    [[ $recorded == "$candidates" ]] || { echo "expected $candidates candidates"; exit 1; }
}

echo "machine: $(nproc) cores; grid: $candidates FastTree candidates x 3 folds, 3000 rows x 12 features"
for kind in postgres sqlite; do
    for n in 1 2 4; do run "$kind" "$n"; done
done
