/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the sync tests share: reading a store file (a desk's or the server's
 * clinic store) with plain SQLite, read-only, and its canonical dump — every
 * synced table, each row in id order, every column — to compare a desk with
 * the server. Header-only; uses Check's ck_assert. */

#include <check.h>
#include <string.h>
#include <sqlite3.h>
#include <glib.h>

/* A scalar read from a store file; NULL when no row. */
static inline char *
ax_sync_fixture_query_text (const char *path,
                            const char *sql,
                            const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* The same as an integer; -1 when no row. */
static inline gint64
ax_sync_fixture_query_int (const char *path,
                           const char *sql,
                           const char *arg)
{
  g_autofree char *text = ax_sync_fixture_query_text (path, sql, arg);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* Tables that never sync: the device's own bookkeeping and derived data. */
static inline gboolean
ax_sync_fixture_is_local_table (const char *name)
{
  static const char *const local[] = {
    "outbox", "outbox_effect", "sync_state", "sync_clients", "sync_changes", "audit_log",
    "login_throttle", "blobs", "schema_migrations",
    /* Each device's own counters: the desk's series never reach the server
     * (a pushed mutation carries its number), and never go back. */
    "number_series", "devices", NULL,
  };

  return g_strv_contains (local, name) || g_str_has_prefix (name, "patient_search")
         || g_str_has_prefix (name, "sqlite_");
}

/* Every synced table of the store, each row in id order, every column. */
static inline char *
ax_sync_fixture_canonical_dump (const char *path)
{
  g_autoptr (GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        " AND sql NOT LIKE '%VIRTUAL%' ORDER BY name",
                                        -1, &tables, NULL), SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = NULL;
      sqlite3_stmt *rows = NULL;

      if (ax_sync_fixture_is_local_table (table))
        continue;
      sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", table);
      ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (db));
      g_string_append_printf (out, "== %s\n", table);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *v = (const char *) sqlite3_column_text (rows, c);

              g_string_append_printf (out, "%s%s=%s", c ? "|" : "", sqlite3_column_name (rows, c),
                                      v ? v : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The first line where two dumps differ (with its table), or NULL. */
static inline char *
ax_sync_fixture_first_difference (const char *desk,
                                  const char *server)
{
  g_auto (GStrv) la = g_strsplit (desk, "\n", -1);
  g_auto (GStrv) lb = g_strsplit (server, "\n", -1);
  const char *table = "";

  for (guint i = 0; la[i] || lb[i]; i++)
    {
      if (la[i] && g_str_has_prefix (la[i], "== "))
        table = la[i];
      if (la[i] == NULL || lb[i] == NULL || strcmp (la[i], lb[i]) != 0)
        return g_strdup_printf ("%s\n  desk:   %s\n  server: %s", table, la[i] ? la[i] : "(end)",
                                lb[i] ? lb[i] : "(end)");
    }
  return NULL;
}

/* Fails the test unless the two store files hold the same synced rows. */
static inline void
ax_sync_fixture_assert_same (const char *desk_path,
                             const char *server_path)
{
  g_autofree char *theirs = ax_sync_fixture_canonical_dump (server_path);
  g_autofree char *mine = ax_sync_fixture_canonical_dump (desk_path);
  g_autofree char *diff = ax_sync_fixture_first_difference (mine, theirs);

  ck_assert_msg (diff == NULL, "the desk differs from the server at %s", diff);
}

/* Fails the test unless PRAGMA integrity_check says ok. */
static inline void
ax_sync_fixture_assert_integrity (const char *path)
{
  g_autofree char *verdict = ax_sync_fixture_query_text (path, "PRAGMA integrity_check", NULL);

  ck_assert_msg (g_strcmp0 (verdict, "ok") == 0, "%s: integrity_check: %s", path, verdict);
}
