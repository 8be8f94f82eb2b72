#!/usr/bin/env bash
# The whole suite: types, unit, integration and scale tests (real SDK against the emulator, real
# database), then browser tests against the portal started on its embedded defaults.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# npm puts node_modules/.bin (the `node` dev dependency, Node 22) first on PATH for this script and
# for every npx below, whatever Node the machine has.
echo "── Node $(node --version) ($(command -v node))"

status=0
step() {
  echo "── $1"
  shift
  "$@" || status=1
}

step "type check" npx tsc --noEmit
step "unit, integration and scale tests (vitest projects)" npx vitest run
step "production build" npx next build
step "browser tests" npx playwright test
if [ $status -eq 0 ]; then echo "test suite: all steps passed"; else echo "test suite: FAILED (see the steps above)"; fi
exit $status
