/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include <inttypes.h>
#include "ax-cli-export.h"
#include "ax-cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ax-auth.h"
#include "ax-ics-export.h"
#include "ax-store.h"

static const GOptionEntry option_entries[] = {
  { "export-ics", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the appointments from --from to --to as an iCalendar file (with --user) and exit"),
    NULL },
  { "provider", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Export only this provider’s appointments (with --export-ics)"), N_("NAME") },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("First day to export (with --export-ics)"), N_("YYYY-MM-DD") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Last day to export, included (with --export-ics)"), N_("YYYY-MM-DD") },
  { NULL }
};

/* Options of other commands that make no sense with --export-ics. */
static const char *const other_commands[] = {
  "seed-demo", "mutate", "patients", "appointments", "sales", "seed",
};

/* Helpers */


static void
wipe_password (char *password)
{
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  g_free (password);
}

/* YYYY-MM-DD, exactly. */
static gboolean
parse_date (const char *option,
            const char *text,
            GDate      *date,
            GError    **error)
{
  static const char pattern[] = "dddd-dd-dd";
  gboolean ok = strlen (text) == strlen (pattern);

  for (gsize i = 0; ok && pattern[i]; i++)
    ok = pattern[i] == 'd' ? g_ascii_isdigit (text[i]) : text[i] == pattern[i];
  if (ok)
    {
      int y = atoi (text), m = atoi (text + 5), d = atoi (text + 8);

      ok = g_date_valid_dmy (d, m, y);
      if (ok)
        g_date_set_dmy (date, d, m, y);
    }
  if (!ok)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--%s must be a date like 2026-03-09, not “%s”"), option, text);
  return ok;
}

/* --from and --to as days, the first not after the second. */
static gboolean
parse_days (const char *from,
            const char *to,
            GDate      *first,
            GDate      *last,
            GError    **error)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  if (!parse_date ("from", from, first, error) || !parse_date ("to", to, last, error))
    return FALSE;
  if (g_date_compare (last, first) < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--to (%s) is before --from (%s)"), to, from);
      return FALSE;
    }
  return TRUE;
}

static gint64
day_start_ms (GTimeZone *tz,
              GDate     *date)
{
  g_autoptr (GDateTime) dt = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                              g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static int
run_export (const char       *db_path,
            const char       *username,
            const char       *provider_name,
            const char       *from,
            const char       *to,
            AxPasswordReader  read_password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxActor) actor = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *ics = NULL;
  char *password;
  gint64 from_ms, to_ms;
  gsize n_events = 0;
  GDate first, last;

  /* What can be checked without the store is, before asking for a password. */
  if (!parse_days (from, to, &first, &last, &error))
    return ax_cli_fail ("%s", error->message);

  /* Opening a path that is not there would make a new, empty store. */
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    return ax_cli_fail (_("There is no clinic store at %s (see --db)"), db_path);
  store = ax_store_open (db_path, &error);
  if (store == NULL)
    return ax_cli_fail (_("Cannot open %s: %s"), db_path, error->message);
  if (ax_store_get_clinic (store) == NULL)
    return ax_cli_fail (_("%s holds no clinic yet: there is nothing to export"), db_path);

  password = read_password (username, &error);
  if (password == NULL)
    return ax_cli_fail ("%s", error->message);
  actor = ax_auth_login (store, username, password, &error);
  wipe_password (password);
  if (actor == NULL)
    return ax_cli_fail ("%s", error->message);

  if (provider_name != NULL)
    {
      provider_id = ax_ics_export_find_provider (ax_store_get_db (store), provider_name, &error);
      if (provider_id == NULL)
        return ax_cli_fail ("%s", error->message);
    }

  if (!ax_cli_export_parse_range (from, to, ax_store_get_timezone (store), &from_ms, &to_ms,
                                  &error))
    return ax_cli_fail ("%s", error->message);

  ics = ax_ics_export_audited (store, actor, provider_id, from_ms, to_ms, &n_events, &error);
  if (ics == NULL)
    return ax_cli_fail ("%s", error->message);

  /* The file is UTF-8 with CRLF line ends whatever the locale: bytes as they are. */
  if (fwrite (ics, 1, strlen (ics), stdout) != strlen (ics) || fflush (stdout) != 0)
    return ax_cli_fail (_("Cannot write the calendar to the standard output"));
  g_printerr (g_dngettext (NULL, "Exported %" PRIu64 " appointment, %s to %s\n",
                           "Exported %" PRIu64 " appointments, %s to %s\n", n_events),
              (guint64) n_events, from, to);
  return 0;
}

/* Public API */

const GOptionEntry *
ax_cli_export_option_entries (void)
{
  return option_entries;
}

gboolean
ax_cli_export_parse_range (const char *from,
                           const char *to,
                           GTimeZone  *tz,
                           gint64     *from_ms,
                           gint64     *to_ms,
                           GError    **error)
{
  GDate first, last;

  if (!parse_days (from, to, &first, &last, error))
    return FALSE;
  /* --to is a whole day: up to the midnight that ends it. */
  g_date_add_days (&last, 1);
  *from_ms = day_start_ms (tz, &first);
  *to_ms = day_start_ms (tz, &last);
  return TRUE;
}

int
ax_cli_export_handle (const char       *db_path,
                      GVariantDict     *options,
                      AxPasswordReader  read_password)
{
  const char *username = NULL;
  const char *provider = NULL;
  const char *from = NULL;
  const char *to = NULL;
  g_autofree const char **rest = NULL;

  g_variant_dict_lookup (options, "user", "&s", &username);
  g_variant_dict_lookup (options, "provider", "&s", &provider);
  g_variant_dict_lookup (options, "from", "&s", &from);
  g_variant_dict_lookup (options, "to", "&s", &to);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &rest);

  if (!g_variant_dict_contains (options, "export-ics"))
    {
      const char *mine[] = { "provider", "from", "to" };

      for (gsize i = 0; i < G_N_ELEMENTS (mine); i++)
        if (g_variant_dict_contains (options, mine[i]))
          return ax_cli_fail (_("--%s goes with --export-ics"), mine[i]);
      return -1;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (other_commands); i++)
    if (g_variant_dict_contains (options, other_commands[i]))
      return ax_cli_fail (_("--export-ics and --%s cannot be used together"), other_commands[i]);
  if (rest != NULL && rest[0] != NULL)
    return ax_cli_fail (_("Unexpected argument “%s” (see --help)"), rest[0]);
  if (username == NULL)
    return ax_cli_fail (_("--export-ics needs --user NAME: exports are recorded in the audit log "
                   "under the user who made them"));
  if (from == NULL || to == NULL)
    return ax_cli_fail (_("--export-ics needs --from YYYY-MM-DD and --to YYYY-MM-DD (both included)"));

  return run_export (db_path, username, provider, from, to, read_password);
}
