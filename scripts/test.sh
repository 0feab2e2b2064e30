#!/usr/bin/env bash
# `npm test`: every test Magpie has, from a fresh Debian machine. Installs what npm cannot
# (Debian's chromium) when it is missing, then: type check, build, unit + integration (vitest),
# end to end (Playwright through the browser shell), and one closing summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\n=== %s ===\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=0
apt_install() {
  [ "$apt_updated" -eq 1 ] || { as_root apt-get update -qq && apt_updated=1; } || return 1
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

if [ ! -d node_modules ]; then
  step "Installing npm dependencies"
  npm ci || exit 1
fi

if [ ! -x /usr/bin/chromium ] && ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
  step "Installing Debian chromium for the end-to-end tests"
  apt_install chromium || { echo "Could not install chromium (needs root and apt-get)."; exit 1; }
fi

# Chinese text must render as Chinese in the screenshots the suite takes, not as empty boxes.
if command -v fc-list >/dev/null && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  step "Installing a CJK font (fonts-noto-cjk)"
  apt_install fonts-noto-cjk || echo "Could not install fonts-noto-cjk; Chinese text in screenshots will show as boxes."
fi
# Reactions and the emoji picker show emoji; without a colour emoji font they are empty boxes.
if command -v fc-list >/dev/null && ! fc-list 2>/dev/null | grep -qi "emoji"; then
  step "Installing an emoji font (fonts-noto-color-emoji)"
  apt_install fonts-noto-color-emoji || echo "Could not install fonts-noto-color-emoji; emoji in screenshots will show as boxes."
fi

mkdir -p test-results
step "Type check"
npm run --silent typecheck || exit 1
step "Build"
npm run --silent build || exit 1

# The store and method suites run against the embedded store and against PostgreSQL: a throwaway
# cluster on 127.0.0.1, installed with apt-get when missing. It lives under /tmp because, as root,
# the cluster runs as the `postgres` user, which cannot enter a 0700 temporary directory.
step "PostgreSQL for the store tests"
pg_dir=/tmp/magpie-test-pg
if pg_env=$(bash scripts/pg-cluster.sh start "$pg_dir"); then
  export "$pg_env"
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1' EXIT
  echo "PostgreSQL test cluster: ${MAGPIE_TEST_PG_URL}"
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL could not be started; CI needs it."; exit 1
else
  echo "PostgreSQL unavailable: its test variants will show as skipped"
fi

step "Unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
unit_status=$?

step "End-to-end tests (Playwright + Chromium through the browser shell)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json
e2e_status=$?

node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json
summary_status=$?
[ $unit_status -eq 0 ] && [ $e2e_status -eq 0 ] && [ $summary_status -eq 0 ]
