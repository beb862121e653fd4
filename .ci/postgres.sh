#!/usr/bin/env bash
# CI: the postgres connector against a real, throwaway PostgreSQL, and the real target check.
#
#   .ci/postgres.sh [COMMAND...]
#
# 1. Installs PostgreSQL from Debian's packages if it is missing.
# 2. Starts a throwaway cluster in a temporary folder, owned by the `postgres` OS user, listening on 127.0.0.1 on a
#    free port, with SCRAM-SHA-256 password authentication for a test role (random password for this run).
# 3. Runs `dm lifecycle --rows 20 --connector postgres_emulator …` in a scratch folder, so the generator writes the
#    mock PAS as mock_data/source/postgres/pas_dump.sql, and loads that dump into database dm_pas with
#    `psql -v ON_ERROR_STOP=1 -1 -f` (the tests compare the server with the CSV extract the dump was written from).
# 4. The real target check: loads the run's 38 target tables (mock_data/target_contract/*.csv) with psql \copy into a
#    fresh database created from mock_data/target/epr_schema.sql, every constraint enforced; any error fails.
# 5. Exports DM_TEST_PG_HOST/PORT/USER/PASSWORD/DATABASE and DM_TEST_PG_SOURCE_CSV (that run's CSV extract: the same
#    rows as the dump) and runs COMMAND (default: the live postgres tests: reader, connector, lifecycle parity). The
#    cluster is stopped and its folder removed on exit, also when anything fails. Any command can use the cluster:
#      .ci/postgres.sh swift run -c release dm bench connectors --rows 100000
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v python3 >/dev/null 2>&1; then  # picks a free port
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi

# -- 1. PostgreSQL binaries -------------------------------------------------------------------------------------
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_bin=$(find_bin)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "== postgres: installing PostgreSQL from Debian packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(find_bin)
fi
for tool in initdb pg_ctl psql; do
    [ -x "$pg_bin/$tool" ] || { echo "CI: $pg_bin/$tool is missing" >&2; exit 1; }
done
psql_bin="$pg_bin/psql"
echo "== postgres: using $("$pg_bin/postgres" --version)"

# -- 2. Throwaway cluster ---------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/dm-postgres.XXXXXX)
chmod 755 "$work"
data="$work/data"
as_postgres() { runuser -u postgres -- "$@"; }
stop_cluster() {
    status=$?
    if [ -f "$data/postmaster.pid" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$status" -ne 0 ] && [ -f "$work/server.log" ]; then
        echo "== postgres: server log (last 30 lines)" >&2
        tail -n 30 "$work/server.log" >&2 || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
role=dm_test
mkdir -p "$data"
chown postgres: "$work" "$data"
as_postgres "$pg_bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale --auth-local=trust \
    --auth-host=scram-sha-256 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
cat >"$data/pg_hba.conf" <<EOF
# Setup over the cluster's private Unix socket; everything over TCP needs a SCRAM-SHA-256 password.
local   all   postgres                  trust
host    all   all        127.0.0.1/32   scram-sha-256
EOF
chown postgres: "$data/pg_hba.conf"
as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c password_encryption=scram-sha-256 -c fsync=off" start \
    >/dev/null
echo "== postgres: throwaway cluster on 127.0.0.1:$port ($work)"

admin() { "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$work" -p "$port" -U postgres "$@"; }
# The password goes through stdin, not argv, so it never shows in a process listing.
admin -d postgres <<EOF
CREATE ROLE $role LOGIN PASSWORD '$password';
CREATE DATABASE dm_pas OWNER $role;
CREATE DATABASE dm_epr OWNER $role;
EOF
as_role() { PGPASSWORD="$password" "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$role" "$@"; }

# -- 3. A lifecycle run and its mock PAS in dm_pas ----------------------------------------------------------------
bin_path=$(swift build --show-bin-path)
[ -x "$bin_path/dm" ] || swift build --product dm
run="$work/run"
mkdir -p "$run"
echo "== postgres: dm lifecycle --rows 20 --connector postgres_emulator in $run"
set +e
(cd "$run" && "$bin_path/dm" lifecycle --rows 20 --seed 42 --min-patients 20 --release-profile pre_production \
    --connector postgres_emulator --quiet)
lifecycle_status=$?
set -e
# 0: gate passed, 3: gate failed — either way every table was written; anything else is a failed step.
if [ "$lifecycle_status" -ne 0 ] && [ "$lifecycle_status" -ne 3 ]; then
    echo "CI: dm lifecycle failed with exit code $lifecycle_status" >&2
    exit 1
fi

pas_dump="$run/mock_data/source/postgres/pas_dump.sql"
[ -f "$pas_dump" ] || { echo "CI: the generator wrote no $pas_dump" >&2; exit 1; }
echo "== postgres: loading the mock PAS from $(basename "$pas_dump") (psql -v ON_ERROR_STOP=1 -1 -f)"
as_role -d dm_pas -1 -f "$pas_dump" || { echo "CI: $pas_dump does not load" >&2; exit 1; }
pas_tables=$(as_role -d dm_pas -At -c \
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
echo "== postgres: dm_pas holds $pas_tables tables"
[ "$pas_tables" -eq 34 ] || { echo "CI: expected the 34 legacy PAS tables in dm_pas" >&2; exit 1; }

# -- 4. The real target check ---------------------------------------------------------------------------------------
echo "== postgres: real target check: 38 target tables into a fresh database from epr_schema.sql"
schema_sql="$run/mock_data/target/epr_schema.sql"
target_dir="$run/mock_data/target_contract"
as_role -d dm_epr -1 -f "$schema_sql" || { echo "CI: real target check: $schema_sql does not load" >&2; exit 1; }
# epr_schema.sql lists its tables in dependency order (each references only itself and tables above it).
mapfile -t target_tables < <(sed -n 's/^CREATE TABLE \([a-z_0-9]*\) (.*/\1/p' "$schema_sql")
[ "${#target_tables[@]}" -eq 38 ] || { echo "CI: expected 38 CREATE TABLE in $schema_sql" >&2; exit 1; }
{
    for table in "${target_tables[@]}"; do
        file="$target_dir/$table.csv"
        [ -f "$file" ] || { echo "CI: $file is missing" >&2; exit 1; }
        echo "\\copy $table ($(head -n 1 "$file" | tr -d '\r')) FROM '$file' WITH (FORMAT csv, HEADER true)"
    done
} >"$work/target_load.sql"
as_role -d dm_epr -1 -f "$work/target_load.sql" || {
    echo "CI: real target check failed: the target tables do not load into epr_schema.sql (psql's error above)" >&2
    exit 1
}
loaded=$(as_role -d dm_epr -At -c "SELECT count(*) FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
rows=0
for table in "${target_tables[@]}"; do
    rows=$((rows + $(as_role -d dm_epr -At -c "SELECT count(*) FROM $table")))
done
echo "== postgres: real target check passed: $loaded tables, $rows rows, every constraint enforced, zero errors"

# -- 5. The live connector tests --------------------------------------------------------------------------------
export DM_TEST_PG_HOST=127.0.0.1 DM_TEST_PG_PORT="$port" DM_TEST_PG_USER="$role" DM_TEST_PG_PASSWORD="$password"
export DM_TEST_PG_DATABASE=dm_pas DM_TEST_PG_SOURCE_CSV="$run/mock_data/source/csv"
if [ "$#" -eq 0 ]; then
    set -- swift test --disable-swift-testing \
        --filter 'PostgresLiveTests|PostgresConnectorLiveTests|PostgresLifecycleLiveTests'
fi
echo "== postgres: $*"
cd "$repo"
"$@"
