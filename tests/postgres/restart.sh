#!/usr/bin/env bash
# Restarts a cluster started by tests/postgres/start.sh the way an administrator would (fast shutdown: open sessions are
# terminated with 57P01), on the same port. Usage: tests/postgres/restart.sh DIR
set -euo pipefail
dir=${1:?usage: restart.sh DIR (the MLNETHPO_TEST_POSTGRES_DIR printed by start.sh)}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n "$bin" && -x "$bin/pg_ctl" ]] || bin=$(dirname "$(command -v pg_ctl)")
as=()
[[ $(id -u) -eq 0 ]] && as=(runuser -u postgres --)
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
