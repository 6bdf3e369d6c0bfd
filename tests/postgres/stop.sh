#!/usr/bin/env bash
# Stops a cluster started by tests/postgres/start.sh and deletes its folder. Usage: tests/postgres/stop.sh DIR
set -uo pipefail
dir=${1:?usage: stop.sh DIR (the MLNETHPO_TEST_POSTGRES_DIR printed by start.sh)}
[[ -d "$dir/data" ]] || exit 0
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n "$bin" && -x "$bin/pg_ctl" ]] || bin=$(dirname "$(command -v pg_ctl)")
as=()
[[ $(id -u) -eq 0 ]] && as=(runuser -u postgres --)
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
rm -rf "$dir"
