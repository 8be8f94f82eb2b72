#!/usr/bin/env bash
# The whole suite: types, unit, integration and scale tests (real SDK against the emulator, real
# database), then browser tests against the portal started on its embedded defaults.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# npm puts node_modules/.bin (the `node` dev dependency, Node 22) first on PATH for this script and
# for every npx below, whatever Node the machine has.
echo "── Node $(node --version) ($(command -v node))"

# Directory sign-in and the emulator's LDAP contract table are also tested against a real Samba AD
# domain controller. .ci/run starts one; here it is started when the machine can run it (Samba
# installed, root), else those cases say they skip (the browser tests use the emulator's LDAPS).
if [ -z "${SAMBA_TEST_LDAP_URL:-}" ] && command -v samba-tool >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  if dc_env="$(bash scripts/samba-test-dc.sh start | grep '^export SAMBA_TEST_')"; then
    eval "$dc_env"
    trap 'bash scripts/samba-test-dc.sh stop >/dev/null 2>&1 || true' EXIT
  fi
elif [ -z "${SAMBA_TEST_LDAP_URL:-}" ]; then
  echo "── no Samba AD DC (needs the samba, samba-ad-provision and ldap-utils packages and root): directory sign-in tests skip"
fi

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
# Two web instances and two workers on PostgreSQL behind nginx (scripts/multi-instance.ts): needs
# PostgreSQL and nginx installed (.ci/run installs them).
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && { [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1; }; then
  step "several instances behind nginx" npx playwright test -c playwright.deploy.config.ts
else
  echo "── no PostgreSQL server or nginx installed: the multi-instance test skips"
fi
if [ $status -eq 0 ]; then echo "test suite: all steps passed"; else echo "test suite: FAILED (see the steps above)"; fi
exit $status
