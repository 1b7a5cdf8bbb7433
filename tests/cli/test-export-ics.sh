#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# aesthetix --export-ics on a seeded demo store: a week for one provider and
# for everyone, read back by python3-icalendar (check_ics.py), the counts
# against the store, the audit entries, and the refusals (exit 1, nothing on
# stdout, a message that says what to do).
#
#   test-export-ics.sh AESTHETIX PYTHON CHECK_ICS
set -euo pipefail

app=${1:?usage: test-export-ics.sh AESTHETIX PYTHON CHECK_ICS}
python=${2:?}
check=${3:?}

"$python" -c 'import icalendar' 2>/dev/null || { echo "python3-icalendar is missing; skipped"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ax-export-ics.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
db=$tmp/demo.db

# The demo clinic (Asia/Bangkok) seeded around Tuesday 10 March 2026.
export AX_FAKE_NOW_MS=1773113400000
export AESTHETIX_PASSWORD=demo
"$app" --db "$db" --seed-demo --patients 100 >/dev/null

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# store_count SQL: one number from the store.
store_count() {
  "$python" - "$db" "$1" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])
PY
}

# The week of Monday 9 March in Bangkok (+07:00), --to 2026-03-15 included:
# [2026-03-08T17:00Z, 2026-03-15T17:00Z).
from_ms=1772989200000
to_ms=1773594000000
overlap="start_at < $to_ms AND end_at > $from_ms AND deleted_at IS NULL"
lee_id="(SELECT id FROM providers WHERE name = 'Dr Somchai Lee')"

want_all=$(store_count "SELECT COUNT (*) FROM appointments WHERE $overlap")
want_lee=$(store_count "SELECT COUNT (*) FROM appointments WHERE $overlap AND provider_id = $lee_id")
[[ $want_lee -gt 0 && $want_lee -lt $want_all ]] \
  || fail "the demo week should have some of Dr Lee's appointments among others ($want_lee of $want_all)"

echo "# everyone: $want_all appointments"
"$app" --db "$db" --user frontdesk --export-ics --from 2026-03-09 --to 2026-03-15 \
  >"$tmp/all.ics" 2>"$tmp/all.err" || { cat "$tmp/all.err"; fail "the export of everyone failed"; }
grep -q "Exported $want_all appointments, 2026-03-09 to 2026-03-15" "$tmp/all.err" \
  || fail "unexpected summary: $(cat "$tmp/all.err")"
"$python" "$check" --tzid Asia/Bangkok --events "$want_all" "$tmp/all.ics"

echo "# Dr Somchai Lee (named in another case): $want_lee appointments"
"$app" --db "$db" --user frontdesk --export-ics --provider "dr SOMCHAI lee" \
  --from 2026-03-09 --to 2026-03-15 >"$tmp/lee.ics" 2>/dev/null || fail "the export of Dr Lee failed"
"$python" "$check" --tzid Asia/Bangkok --events "$want_lee" "$tmp/lee.ics"
grep -q $'^X-WR-CALNAME:Lotus Aesthetic Clinic — Dr Somchai Lee\r$' "$tmp/lee.ics" \
  || fail "the calendar is not named after Dr Lee"

echo "# one day, --from = --to"
want_day=$(store_count "SELECT COUNT (*) FROM appointments WHERE start_at < 1773162000000 AND end_at > 1773075600000 AND deleted_at IS NULL")
"$app" --db "$db" --user owner --export-ics --from 2026-03-10 --to 2026-03-10 >"$tmp/day.ics" 2>/dev/null \
  || fail "the export of one day failed"
"$python" "$check" --tzid Asia/Bangkok --events "$want_day" "$tmp/day.ics"

echo "# every export is in the audit log, as its user"
[[ $(store_count "SELECT COUNT (*) FROM audit_log WHERE action = 'export.ics'") -eq 3 ]] \
  || fail "want 3 export.ics audit entries"
[[ $(store_count "SELECT COUNT (*) FROM audit_log a JOIN users u ON u.id = a.user_id
                  WHERE a.action = 'export.ics' AND u.username = 'frontdesk'
                    AND json_extract (a.detail_json, '\$.provider') = $lee_id
                    AND json_extract (a.detail_json, '\$.from') = $from_ms
                    AND json_extract (a.detail_json, '\$.to') = $to_ms
                    AND json_extract (a.detail_json, '\$.events') = $want_lee") -eq 1 ]] \
  || fail "no audit entry {provider, from, to, events} for Dr Lee's export"

# refused MESSAGE ARG…: exit 1, nothing on stdout, MESSAGE on stderr.
refused() {
  local message=$1 status=0
  shift
  "$app" --db "$db" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  [[ $status -eq 1 ]] || fail "$* exited with $status, want 1"
  [[ ! -s $tmp/out ]] || fail "$* wrote to stdout"
  grep -qF -- "$message" "$tmp/err" || fail "$*: “$(cat "$tmp/err")” does not say “$message”"
  echo "ok: $(cat "$tmp/err")"
}

echo "# refusals"
refused 'There is no provider called “Dr Nobody”; providers are: Dr Somchai Lee, ' \
  --user frontdesk --export-ics --provider "Dr Nobody" --from 2026-03-09 --to 2026-03-15
refused '--from must be a date like 2026-03-09, not “9 March”' \
  --user frontdesk --export-ics --from "9 March" --to 2026-03-15
refused '--to must be a date like 2026-03-09, not “2026-02-30”' \
  --user frontdesk --export-ics --from 2026-02-01 --to 2026-02-30
refused '--to (2026-03-08) is before --from (2026-03-09)' \
  --user frontdesk --export-ics --from 2026-03-09 --to 2026-03-08
refused '--export-ics needs --user NAME' --export-ics --from 2026-03-09 --to 2026-03-15
refused '--export-ics needs --from YYYY-MM-DD and --to YYYY-MM-DD' --user owner --export-ics
refused '--provider goes with --export-ics' --provider "Dr Somchai Lee"
AESTHETIX_PASSWORD=wrong refused 'Wrong password' \
  --user frontdesk --export-ics --from 2026-03-09 --to 2026-03-15
refused "There is no clinic store at $tmp/none.db" \
  --db "$tmp/none.db" --user owner --export-ics --from 2026-03-09 --to 2026-03-15
[[ ! -e $tmp/none.db ]] || fail "the export made a store at a wrong path"

# Refusals are not exports: still three audit entries.
[[ $(store_count "SELECT COUNT (*) FROM audit_log WHERE action = 'export.ics'") -eq 3 ]] \
  || fail "a refused export was audited"
echo "all good"
