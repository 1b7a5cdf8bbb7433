/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The command line's iCalendar export (docs/ics.md):
 *
 *   aesthetix --db PATH --user NAME --export-ics [--provider NAME]
 *             --from YYYY-MM-DD --to YYYY-MM-DD  > week.ics
 *
 * --to is included: the range is whole days in the clinic's time zone. */

/* Reads the password of username (AESTHETIX_PASSWORD or the terminal). */
typedef char *(*AxPasswordReader) (const char *username,
                                   GError    **error);

/* The options above, for g_application_add_main_option_entries(). */
const GOptionEntry *ax_cli_export_option_entries (void);

/* Runs the export when --export-ics was given and returns the exit status
 * (0, or 1 after an "aesthetix: …" message on stderr); returns -1 when
 * none of its options were given, for the application to carry on. */
int                 ax_cli_export_handle         (const char       *db_path,
                                                  GVariantDict     *options,
                                                  AxPasswordReader  read_password);

/* Parses --from and --to (YYYY-MM-DD, to included) into the instants
 * [from_ms, to_ms) of those whole days in tz. */
gboolean            ax_cli_export_parse_range    (const char       *from,
                                                  const char       *to,
                                                  GTimeZone        *tz,
                                                  gint64           *from_ms,
                                                  gint64           *to_ms,
                                                  GError          **error);

G_END_DECLS
