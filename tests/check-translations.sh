#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every catalogue in po/LINGUAS must be valid, complete (no untranslated and
# no fuzzy messages) and up to date: each message of a template extracted
# afresh from po/POTFILES, the way meson's i18n "glib" preset does it, must
# be in the catalogue.
set -euo pipefail
srcroot=$(cd "${1:?usage: check-translations.sh SOURCE_ROOT}" && pwd)
cd "$srcroot"

for tool in xgettext msgfmt msgcmp msgattrib; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install gettext)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The options of meson's i18n.gettext(preset: 'glib'), so the template matches
# the one `ninja aesthetix-pot` writes.
xgettext --package-name=aesthetix --output="$tmp/aesthetix.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --directory="$srcroot" --files-from=po/POTFILES 2>"$tmp/xgettext.log" \
  || { cat "$tmp/xgettext.log"; echo "xgettext failed"; exit 1; }

status=0
mapfile -t langs < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' po/LINGUAS)
[[ ${#langs[@]} -gt 0 ]] || { echo "po/LINGUAS lists no language"; exit 1; }

for lang in "${langs[@]}"; do
  po=po/$lang.po
  if [[ ! -f $po ]]; then
    echo "$po is listed in po/LINGUAS but does not exist"
    status=1
    continue
  fi

  if ! msgfmt --check --output-file=/dev/null "$po" 2>"$tmp/msgfmt.log"; then
    cat "$tmp/msgfmt.log"
    echo "$po: msgfmt --check failed"
    status=1
  fi

  # Count the messages (not the header) that are untranslated or fuzzy.
  for kind in untranslated fuzzy; do
    option=--untranslated
    [[ $kind == fuzzy ]] && option=--only-fuzzy
    msgattrib "$option" --no-obsolete --no-wrap --no-location --force-po \
      --output-file="$tmp/$kind.po" "$po"
    awk '/^msgid / && $0 != "msgid \"\""' "$tmp/$kind.po" >"$tmp/$kind"
    if [[ -s $tmp/$kind ]]; then
      echo "$po has $(wc -l <"$tmp/$kind") $kind message(s):"
      sed 's/^/  /' "$tmp/$kind"
      status=1
    fi
  done

  # Every message of the fresh template must be in the catalogue (translated,
  # as checked above), and the catalogue must not hold messages the sources
  # no longer have (msgmerge would make them obsolete).
  if ! msgcmp --no-fuzzy-matching --use-untranslated --use-fuzzy "$po" "$tmp/aesthetix.pot" \
         2>"$tmp/msgcmp.log" \
     || ! msgcmp --no-fuzzy-matching --use-untranslated --use-fuzzy "$tmp/aesthetix.pot" "$po" \
         2>>"$tmp/msgcmp.log"; then
    sed "s|^$tmp/||" "$tmp/msgcmp.log"
    echo "$po is out of date with the sources: run 'ninja -C BUILDDIR aesthetix-update-po' and translate"
    status=1
  fi
done

exit $status
