#!/usr/bin/env bash
# Browser tests of the web console: a real headless Chromium (Debian's chromium + chromium-driver, driven by
# Selenium from Tests/Browser/console_test.py) against a started `dm serve` over a ledger with a real lifecycle run.
# Screenshots go to .build/screenshots (not committed). Exits non-zero if any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
fi
"$venv/bin/python" -c 'import selenium' 2>/dev/null || "$venv/bin/pip" install -q selenium

bin="$(swift build --show-bin-path)/dm"
[ -x "$bin" ] || swift build --product dm
root=$(mktemp -d)
shots="$PWD/.build/screenshots"
rm -rf "$shots" && mkdir -p "$shots"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$root"
}
trap cleanup EXIT

echo "== browser: data root $root with a real lifecycle run"
"$bin" init --root "$root" >/dev/null
"$bin" lifecycle --rows 20 --seed 42 --min-patients 20 --release-profile pre_production --root "$root" >/dev/null
token_of() { sed -n 's/^bearer token.*: //p'; }
engineer=$("$bin" users add eve --role engineer --root "$root" | token_of)
steward=$("$bin" users add sam --role steward --root "$root" | token_of)

"$bin" serve --port 0 --ui-port 0 --root "$root" >"$root/serve.out" 2>"$root/serve.log" &
pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$root/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$root/serve.out")
[ -n "$url" ] || { echo "dm serve did not start:" >&2; cat "$root/serve.log" >&2; exit 1; }
echo "== browser: console at $url"

DM_URL="$url" ADMIN_TOKEN="$(cat "$root/events/admin.token")" ENGINEER_TOKEN="$engineer" STEWARD_TOKEN="$steward" \
    SCREENSHOTS="$shots" "$venv/bin/python" Tests/Browser/console_test.py
