#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# aesthetix --verify-audit: an intact chain passes; an entry edited behind
# the app's back (with the insert-only triggers dropped) is named, and so is
# a removed one; a missing store is a clear refusal, not a new empty store.
#
#   test-verify-audit.sh AESTHETIX
set -euo pipefail

app=${1:?usage: test-verify-audit.sh AESTHETIX}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ax-verify-audit.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
db=$tmp/demo.db

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

export AX_FAKE_NOW_MS=1773113400000 AESTHETIX_PASSWORD=demo
"$app" --db "$db" --seed-demo --patients 50 >/dev/null
# Four audited acts: two logins, a settings change, a log-out.
"$app" --db "$db" --user owner --mutate clinic.update \
  "{\"id\": \"$(sqlite3 "$db" 'SELECT id FROM clinics')\", \"set\": {\"phone\": \"021234567\"}}" >/dev/null
"$app" --db "$db" --user billing --mutate session.logout '{}' >/dev/null

out=$("$app" --db "$db" --verify-audit) || fail "an intact chain was refused"
[[ $out == *"intact: 4 entries checked"* ]] || fail "unexpected report: $out"

sqlite3 "$db" "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
               UPDATE audit_log SET user_name = 'Someone Else' WHERE seq = 3;
               UPDATE audit_log SET detail_json = '{\"set\":{\"phone\":\"0\"}}' WHERE seq = 2;"
if err=$("$app" --db "$db" --verify-audit 2>&1); then fail "an altered chain passed"; fi
[[ $err == *"Audit entry 2 was altered"* ]] || fail "the altered entry is not named: $err"

# user_name is not part of what the hash covers; removing an entry is found.
sqlite3 "$db" "UPDATE audit_log SET detail_json = (SELECT detail_json FROM audit_log WHERE seq = 1) WHERE 0;
               DELETE FROM audit_log WHERE seq = 2;"
if err=$("$app" --db "$db" --verify-audit 2>&1); then fail "a chain with a gap passed"; fi
[[ $err == *"Audit entry 3 does not follow"* ]] || fail "the gap is not named: $err"

if err=$("$app" --db "$tmp/missing.db" --verify-audit 2>&1); then fail "a missing store passed"; fi
[[ $err == *"There is no store at"* ]] || fail "unclear refusal: $err"
[[ ! -e $tmp/missing.db ]] || fail "a missing store was created"
echo "verify-audit: ok"
