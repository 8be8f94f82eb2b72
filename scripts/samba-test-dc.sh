#!/usr/bin/env bash
# A throwaway Active Directory for tests: Samba's AD domain controller (the software Simple AD is
# built on), provisioned in its own folder under /tmp, LDAPS on 127.0.0.1:636 with a CA made here.
# Plain binds without TLS are refused (Samba's "ldap server require strong auth"), as in AWS.
#
#   scripts/samba-test-dc.sh start   provisions the domain, creates the test users, starts samba;
#                                    prints the settings the tests need (KEY=value lines) last
#   scripts/samba-test-dc.sh stop    stops it and deletes its folder
#   scripts/samba-test-dc.sh env     prints the settings of a running one
#
#   eval "$(bash scripts/samba-test-dc.sh start | grep '^export ')"
#
# Domain CORP.EXAMPLE.COM (NetBIOS CORP). Every test user's password is in SAMBA_TEST_PASSWORD,
# Administrator's in SAMBA_TEST_ADMIN_PASSWORD.
# The folder is $SAMBA_TEST_ROOT (default /tmp/portal-samba-test). Needs root (samba binds port 636)
# and the Debian packages samba, samba-ad-provision and ldap-utils.
set -euo pipefail

cmd="${1:-start}"
root="${SAMBA_TEST_ROOT:-/tmp/portal-samba-test}"
realm="CORP.EXAMPLE.COM"
domain="CORP"
base_dn="DC=corp,DC=example,DC=com"
url="ldaps://127.0.0.1:636"
ca="${root}/tls/ca.pem"
conf="${root}/etc/smb.conf"
pidfile="${root}/run/samba.pid"
# Test passwords meet AD's default complexity rule; nothing here guards anything real.
admin_password="Adm1n-Test-Pass!"
user_password="Portal-Test-Pass1!"

print_env() {
  echo "export SAMBA_TEST_LDAP_URL=${url}"
  echo "export SAMBA_TEST_CA_FILE=${ca}"
  echo "export SAMBA_TEST_DOMAIN=${realm,,}"
  echo "export SAMBA_TEST_NETBIOS=${domain}"
  echo "export SAMBA_TEST_BASE_DN=${base_dn}"
  echo "export SAMBA_TEST_PASSWORD=${user_password}"
  # The directory users tests create and change users as the domain's Administrator.
  echo "export SAMBA_TEST_ADMIN_PASSWORD=${admin_password}"
  echo "export SAMBA_TEST_ROOT=${root}"
}

is_running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

ldaps_ready() {
  # A bind and a search over verified TLS (Samba has no "who am I" operation).
  LDAPTLS_CACERT="$ca" ldapsearch -x -H "$url" -D "Administrator@${realm}" -w "$admin_password" \
    -b "$base_dn" -s base dn >/dev/null 2>&1
}

require() {
  local missing=()
  for tool in samba samba-tool ldapsearch openssl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "Not installed: ${missing[*]}. On Debian: apt-get install -y samba samba-ad-provision ldap-utils" >&2
    exit 1
  fi
  if [[ "$(id -u)" != "0" ]]; then
    echo "The Samba test DC needs root (it provisions a domain and listens on port 636)." >&2
    exit 1
  fi
}

# A CA and a server certificate for 127.0.0.1 and localhost: the portal verifies certificates, so the
# tests verify them too (Samba's own self-signed one names only the host).
make_certificates() {
  mkdir -p "${root}/tls"
  (
    cd "${root}/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Portal test CA" \
      -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=dc1.corp.example.com" -keyout key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:dc1.corp.example.com\nextendedKeyUsage=serverAuth\n' > ext.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile ext.cnf -out cert.pem 2>/dev/null
    chmod 600 key.pem ca-key.pem
  )
}

# The users the integration and browser tests sign in with (lib/identity/ldap tests, e2e). One Python
# run with Samba's own bindings, on the local database before samba starts: a samba-tool call per
# user would take a second and a half each.
create_directory_content() {
  local python
  python="$(sed -n '1s/^#! *//p' "$(command -v samba-tool)")"
  "$python" - "$conf" "$user_password" "$base_dn" <<'EOF'
import sys, time
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

conf, password, base_dn = sys.argv[1:4]
lp = LoadParm()
lp.load(conf)
db = SamDB(url=lp.private_path("sam.ldb"), session_info=system_session(), lp=lp)

def filetime(seconds_from_now):
    return (int(time.time()) + seconds_from_now + 11644473600) * 10_000_000

# 30-day maximum password age, no complexity rule, lockout after 50 failures; a lockout lasts until
# an administrator ends it (duration 0), so lars stays locked however long the tests take.
db.modify_ldif(f"""dn: {base_dn}
changetype: modify
replace: maxPwdAge
maxPwdAge: {-30 * 86400 * 10_000_000}
-
replace: pwdProperties
pwdProperties: 0
-
replace: lockoutThreshold
lockoutThreshold: 50
-
replace: lockoutDuration
lockoutDuration: 0
-
replace: lockOutObservationWindow
lockOutObservationWindow: {-30 * 60 * 10_000_000}
""")

users = [
    # account name, given name, surname, must change the password at next sign-in
    ("alice.archer", "Alice", "Archer", False),      # the right password signs in
    ("dave.disabled", "Dave", "Disabled", False),    # a disabled account
    ("erin.expired", "Erin", "Expired", False),      # an expired password
    ("mike.mustchange", "Mike", "Mustchange", True), # must change the password
    ("carol.chief", "Carol", "Chief", False),        # in two mapped groups
    ("nina.nested", "Nina", "Nested", False),        # in a group nested in a mapped group
    ("uma.unmapped", "Uma", "Unmapped", False),      # in no mapped group
    ("lars.locked", "Lars", "Locked", False),        # locked out
    ("o(brien)", "Owen", "OBrien", False),           # parentheses in the account name
]
for name, given, surname, must_change in users:
    db.newuser(name, password, givenname=given, surname=surname, mailaddress=f"{name.replace('(', '').replace(')', '')}@corp.example.com",
               force_password_change_at_next_login_req=must_change)
db.disable_account("(sAMAccountName=dave.disabled)")

for group in ["Portal Admins", "Portal Approvers", "Helpdesk", "Sales"]:
    db.newgroup(group)
db.add_remove_group_members("Portal Admins", ["carol.chief"])
db.add_remove_group_members("Portal Approvers", ["carol.chief", "Helpdesk"])
db.add_remove_group_members("Helpdesk", ["nina.nested"])
db.add_remove_group_members("Sales", ["uma.unmapped", "alice.archer"])

def dn_of(name):
    return db.search(base=base_dn, expression=f"(sAMAccountName={name})", attrs=[])[0].dn

# pwdLastSet takes only 0 or -1 over LDAP; Samba's own control that bypasses that rule
# (DSDB_CONTROL_PASSWORD_BYPASS_LAST_SET, local database only) makes erin's password 40 days old,
# older than the 30-day maximum: AD answers 532 (expired). lars is locked now: AD answers 775.
db.modify_ldif(f"""dn: {dn_of("erin.expired")}
changetype: modify
replace: pwdLastSet
pwdLastSet: {filetime(-40 * 86400)}
""", controls=["local_oid:1.3.6.1.4.1.7165.4.3.20:0"])
db.modify_ldif(f"""dn: {dn_of("lars.locked")}
changetype: modify
replace: lockoutTime
lockoutTime: {filetime(0)}
""", controls=["relax:0"])
# alice's manager: the first level of an approval policy with a manager level asks carol.
db.modify_ldif(f"""dn: {dn_of("alice.archer")}
changetype: modify
replace: manager
manager: {dn_of("carol.chief")}
""")
EOF
}

start() {
  require
  if is_running && ldaps_ready; then
    echo "Samba test DC already running (${root})" >&2
    print_env
    return
  fi
  stop_quietly
  if ss -ltn 2>/dev/null | grep -q ':636 '; then
    echo "Port 636 is taken by another program; stop it first (only one DC can listen there)." >&2
    exit 1
  fi
  mkdir -p "${root}/run" "${root}/log"
  make_certificates
  # A host name of our own, so the domain does not depend on this machine's name.
  samba-tool domain provision --targetdir "$root" --realm "$realm" --domain "$domain" \
    --host-name dc1 --server-role dc --dns-backend NONE --use-rfc2307 --adminpass "$admin_password" \
    --option "interfaces=lo" --option "bind interfaces only=yes" \
    --option "server services=ldap" \
    --option "pid directory=${root}/run" --option "ncalrpc dir=${root}/run/ncalrpc" \
    --option "winbindd socket directory=${root}/run/winbindd" \
    --option "log file=${root}/log/samba.log" \
    --option "tls enabled=yes" --option "tls keyfile=${root}/tls/key.pem" \
    --option "tls certfile=${root}/tls/cert.pem" --option "tls cafile=${root}/tls/ca.pem" \
    >"${root}/log/provision.log" 2>&1 || { cat "${root}/log/provision.log" >&2; exit 1; }
  create_directory_content
  # Daemon mode: it outlives this script; stop reads its pid file.
  samba -D -s "$conf"
  local i
  for i in $(seq 1 300); do
    if ldaps_ready; then
      echo "Samba AD test DC for ${realm} on ${url} (${root}); stop with: $0 stop" >&2
      print_env
      return
    fi
    sleep 0.2
  done
  echo "Samba did not answer LDAPS on ${url}; log:" >&2
  tail -n 50 "${root}/log/samba.log" >&2 || true
  stop_quietly
  exit 1
}

# Samba's main process ends its workers when it ends. Its process group is ended too, but only when
# samba leads that group (as a daemon it does), never the group of whoever started it.
stop_quietly() {
  if [[ -f "$pidfile" ]]; then
    local pid pgid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
      if [[ "$pgid" == "$pid" ]]; then kill -TERM -- "-$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
      local i
      for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$root"
}

stop() {
  if is_running; then
    stop_quietly
    echo "Stopped the Samba test DC (${root})" >&2
  else
    stop_quietly
    echo "No Samba test DC running (${root})" >&2
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  env)
    if is_running; then print_env; else echo "No Samba test DC running (${root})" >&2; exit 1; fi
    ;;
  *)
    echo "Usage: $0 start|stop|env" >&2
    exit 64
    ;;
esac
