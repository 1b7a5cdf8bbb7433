#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source, UI and data file with strings for people must be in po/POTFILES
# (and every file listed there must exist), or its strings are never translated.
set -euo pipefail
cd "${1:?usage: check-potfiles.sh SOURCE_ROOT}"

status=0
mapfile -t listed < <(grep -v '^#' po/POTFILES | sed '/^$/d')
for f in "${listed[@]}"; do
  [[ -f $f ]] || { echo "po/POTFILES lists $f, which does not exist"; status=1; }
done

mapfile -t wanted < <(
  grep -rlE '(^|[^a-zA-Z_])(N?_|g_dn?gettext|C_|NC_)[[:space:]]*\(' src --include='*.c'
  grep -rl 'translatable="yes"' ui --include='*.ui' 2>/dev/null || true
)
for f in "${wanted[@]}"; do
  printf '%s\n' "${listed[@]}" | grep -qxF "$f" \
    || { echo "$f has translatable strings but is not in po/POTFILES"; status=1; }
done
exit $status
