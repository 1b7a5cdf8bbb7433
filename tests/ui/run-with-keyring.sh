#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-with-keyring.sh keyring|none PROGRAM [ARGUMENT…]
#
# Runs PROGRAM in a private D-Bus session with a temporary HOME, always under
# a timeout (DESIGN.md §9: secrets tests never hang):
#   keyring  an unlocked gnome-keyring answers org.freedesktop.secrets;
#   none     a session bus that knows no services at all, so there is no
#            Secret Service (and nothing to activate one).
# The program learns which one from AX_KEYRING (1 or 0).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 keyring|none PROGRAM [ARGUMENT…]" >&2
  exit 2
fi
mode=$1
shift

for tool in dbus-run-session timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is missing (.ci/deps test installs it)"
    exit 77
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ax-keyring-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 -p "$scratch/home" "$scratch/runtime"
export HOME=$scratch/home
export XDG_RUNTIME_DIR=$scratch/runtime
export XDG_DATA_HOME=$scratch/home/.local/share
export XDG_CONFIG_HOME=$scratch/home/.config
export XDG_CACHE_HOME=$scratch/home/.cache

case "$mode" in
  keyring)
    if ! command -v gnome-keyring-daemon >/dev/null; then
      echo "SKIP: gnome-keyring-daemon is missing (.ci/deps test installs it)"
      exit 77
    fi
    export AX_KEYRING=1
    # Inside the session: an unlocked login keyring, then the program; the
    # daemon is stopped when the program ends.
    exec timeout --kill-after=10 150 dbus-run-session -- bash -c '
      set -euo pipefail
      printf "%s" pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
      daemon=$!
      trap "kill $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true" EXIT
      for _ in $(seq 100); do
        if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
             --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null \
             | grep -q true; then
          break
        fi
        sleep 0.1
      done
      "$@"
    ' run-with-keyring "$@"
    ;;
  none)
    export AX_KEYRING=0
    # No accessibility bus either on this bus: GTK need not look for one.
    export GTK_A11Y=none
    cat >"$scratch/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$scratch/runtime</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
    exec timeout --kill-after=10 150 dbus-run-session --config-file="$scratch/session.conf" -- "$@"
    ;;
  *)
    echo "$0: the mode is keyring or none, not “$mode”" >&2
    exit 2
    ;;
esac
