#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests, on 127.0.0.1 and a free port, in a fresh temporary folder.
# Usage: tests/postgres/start.sh            prints two lines:
#   MLNETHPO_TEST_POSTGRES=postgresql://mlnethpo:mlnethpo@127.0.0.1:PORT/mlnethpo
#   MLNETHPO_TEST_POSTGRES_DIR=/tmp/...     (give it to tests/postgres/stop.sh)
# So: eval "$(tests/postgres/start.sh)"; export MLNETHPO_TEST_POSTGRES; ...; tests/postgres/stop.sh "$MLNETHPO_TEST_POSTGRES_DIR"
# Needs the PostgreSQL server binaries (Debian: apt-get install -y postgresql). As root, the cluster runs as the
# postgres user (the server refuses to run as root); as another user, as that user.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    bin=$(dirname "$(command -v initdb 2>/dev/null || command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")
fi
[[ -x "$bin/initdb" ]] || { echo "start.sh: no PostgreSQL server binaries (initdb) on this machine; install them (apt-get install -y postgresql)." >&2; exit 1; }

dir=$(mktemp -d /tmp/mlnethpo-pg-XXXXXX)
chmod 755 "$dir"
as=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "start.sh: running as root but there is no postgres user to run the server as." >&2; exit 1; }
    chown postgres "$dir"
    as=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 )))
echo mlnethpo > "$dir/pw"
"${as[@]}" "$bin/initdb" -D "$dir/data" -U mlnethpo --pwfile="$dir/pw" -A scram-sha-256 --auth-local=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
"${as[@]}" "$bin/createdb" -h "$dir" -p "$port" -U mlnethpo mlnethpo
echo "MLNETHPO_TEST_POSTGRES=postgresql://mlnethpo:mlnethpo@127.0.0.1:$port/mlnethpo"
echo "MLNETHPO_TEST_POSTGRES_DIR=$dir"
