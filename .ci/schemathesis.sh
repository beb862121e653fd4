#!/usr/bin/env bash
# CI: a real client against a started `dm serve`: schemathesis (from PyPI) generates requests from /openapi.json
# and fails on any 5xx or any response that breaks the documented schema. Exits non-zero on any failure.
#
# It builds dm if needed, makes a scratch data folder with a small lifecycle run, starts `dm serve --port 0`,
# reads the port from its `listening on` line, installs schemathesis in a venv (cached under ~/.cache), runs it
# with the admin token, and stops the server in a trap, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== api: schemathesis against a started dm serve"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-40}"
SEED="${SCHEMATHESIS_SEED:-20261204}"

dm_bin=".build/debug/dm"
if [[ ! -x "$dm_bin" ]]; then
    echo "== schemathesis: building dm"
    swift build --product dm
fi
dm_bin="$(pwd)/$dm_bin"

work="$(mktemp -d "${TMPDIR:-/tmp}/dm-schemathesis.XXXXXX")"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A small, complete data folder: the run gives the rejects, issues, runs and schemas routes real content.
root="$work/root"
mkdir -p "$root"
"$dm_bin" init --root "$root" >/dev/null
"$dm_bin" lifecycle --root "$root" --rows 20 --quiet
token="$(tr -d '\n' < "$root/events/admin.token")"

# Python with venv support (CI machines start with only what .ci/run installs).
if ! command -v python3 >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
venv="${XDG_CACHE_HOME:-$HOME/.cache}/dm-ci/schemathesis-$SCHEMATHESIS_VERSION"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    echo "== schemathesis: installing $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Start the server on a free port; runs started by the fuzzer stay small (--max-run-rows).
DM_LOG_LEVEL=warn "$dm_bin" serve --root "$root" --port 0 --ui-port 0 --max-run-rows 20 \
    >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 300); do
    port="$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$work/serve.out" | head -n 1)"
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; echo "dm serve exited early" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/serve.err" >&2; echo "dm serve printed no listening line" >&2; exit 1; }
echo "== schemathesis: dm serve on port $port"

# Left out, and covered by the router, live and end-to-end tests instead: the event stream (it follows the ledger
# until the client leaves, so a request never completes), and connector check/discover/preview (they reach
# outside systems with generated hosts and folders, so a run would wait on connect timeouts, not test the API).
status=0
config="$(pwd)/.ci/schemathesis.toml"
# Run from the scratch folder: schemathesis keeps a .schemathesis/ cache in its working directory.
cd "$work"
"$venv/bin/schemathesis" --config-file "$config" run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --workers 1 \
    --exclude-operation-id streamEvents \
    --exclude-operation-id-regex '^(check|discover|preview)Connector$' \
    --request-timeout 30 \
    --no-color || status=$?
if [[ $status -ne 0 ]]; then
    echo "schemathesis found failures (above); the server's error log follows" >&2
    grep -v '"event":"access"' "$work/serve.err" | tail -n 50 >&2 || true
fi
exit $status
