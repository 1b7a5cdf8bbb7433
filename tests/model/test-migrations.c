/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ax-test.h"
#include "ax-db.h"
#include "ax-store.h"

static char *dir;

static void
setup (void)
{
  dir = g_dir_make_tmp ("ax-migrate-XXXXXX", NULL);
  ck_assert_ptr_nonnull (dir);
}

static void
teardown (void)
{
  ax_test_remove_dir (dir);
  g_clear_pointer (&dir, g_free);
}

static gint64
scalar (AxDb       *db,
        const char *sql)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, NULL);
  gint64 v;

  ck_assert_ptr_nonnull (stmt);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

/* The names of every table, index, view and trigger, with their SQL. */
static char *
schema_of (AxDb *db)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT type, name, sql FROM sqlite_schema "
                                          "ORDER BY type, name", NULL);
  GString *s = g_string_new (NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);
  return g_string_free (s, FALSE);
}

START_TEST (test_from_empty)
{
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) db = ax_db_open (path, &error);
  const char *tables[] = {
    "clinics", "users", "devices", "providers", "rooms", "working_hours", "closures",
    "service_categories", "services", "patients", "allergies", "medical_notes", "tags",
    "patient_tags", "vitals", "appointments", "appointment_services", "appointment_events",
    "treatment_plans", "chart_templates", "charts", "chart_entries", "blobs", "photos",
    "photo_overlays", "signatures", "consent_templates", "consents", "products", "lots",
    "stock_movements", "suppliers", "purchase_orders", "purchase_order_lines", "number_series",
    "sales", "sale_lines", "sale_line_providers", "payments", "packages", "patient_packages",
    "membership_plans", "memberships", "credit_ledger", "commission_rules", "commission_log",
    "audit_log", "outbox", "outbox_effect", "sync_state", "conflicts", "login_throttle",
    "day_closes",
  };

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (ax_db_get_schema_version (db), ax_db_latest_schema_version ());
  ck_assert_int_ge (ax_db_latest_schema_version (), 2);
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM sqlite_schema "
                                              "WHERE type = 'table' AND name = '%s'", tables[i]);
      ck_assert_msg (scalar (db, sql) == 1, "table %s missing", tables[i]);
    }
  ck_assert_int_eq (scalar (db, "SELECT COUNT (*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
  /* Money columns are integers, always: the tables are STRICT. */
  ck_assert (!ax_db_exec (db, "INSERT INTO payments (id, clinic_id, created_at, updated_at, sale_id, "
                              "tender, amount, at) VALUES ('x', 'c', 0, 'h', 's', 'cash', 10.5, 0)", NULL));
}
END_TEST

START_TEST (test_from_each_earlier_version)
{
  int latest = ax_db_latest_schema_version ();
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.db", NULL);
  g_autoptr (AxDb) fresh = ax_db_open (fresh_path, NULL);
  g_autofree char *want = schema_of (fresh);

  for (int v = 1; v < latest; v++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", v);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (AxDb) old = ax_db_open_at_version (path, v, &error);
      g_autoptr (AxDb) upgraded = NULL;
      g_autofree char *got = NULL;

      ck_assert_msg (old != NULL, "%s", error ? error->message : "");
      ck_assert_int_eq (ax_db_get_schema_version (old), v);
      ck_assert (ax_db_exec (old, "INSERT INTO clinics (id, clinic_id, created_at, updated_at, name) "
                                  "VALUES ('c1', 'c1', 1, 'h', 'Old Clinic');"
                                  "INSERT INTO rooms (id, clinic_id, created_at, updated_at, name) "
                                  "VALUES ('r1', 'c1', 1, 'h', 'Room 1')", &error));
      g_clear_object (&old);

      upgraded = ax_db_open (path, &error);
      ck_assert_msg (upgraded != NULL, "%s", error ? error->message : "");
      ck_assert_int_eq (ax_db_get_schema_version (upgraded), latest);
      ck_assert_int_eq (scalar (upgraded, "SELECT COUNT (*) FROM rooms WHERE name = 'Room 1'"), 1);
      got = schema_of (upgraded);
      ck_assert_str_eq (got, want);
    }
}
END_TEST

static char *
file_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, len);
}

START_TEST (test_newer_store_refused_untouched)
{
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *raw;

  /* A store from a future version: rollback journal, a table we don't know. */
  ck_assert_int_eq (sqlite3_open (path, &raw), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (raw, "CREATE TABLE hologram (x); PRAGMA user_version = 99;",
                                  NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (raw);
  before = file_digest (path);

  ck_assert_ptr_null (ax_db_open (path, &error));
  ck_assert (g_error_matches (error, AX_DB_ERROR, AX_DB_ERROR_TOO_NEW));
  ck_assert (strstr (error->message, "newer version of Aesthetix") != NULL);
  ck_assert (strstr (error->message, "99") != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (ax_store_open (path, &error));
  ck_assert (g_error_matches (error, AX_DB_ERROR, AX_DB_ERROR_TOO_NEW));

  after = file_digest (path);
  ck_assert_str_eq (before, after);
  wal = g_strconcat (path, "-wal", NULL);
  ck_assert (!g_file_test (wal, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_not_a_store)
{
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert (g_file_set_contents (path, "Shopping list: gloves, syringes, coffee\n"
                                        "This is not a database at all, just text padding it out.\n", -1, NULL));
  ck_assert_ptr_null (ax_db_open (path, &error));
  ck_assert (g_error_matches (error, AX_DB_ERROR, AX_DB_ERROR_NOT_A_STORE));
  ck_assert (strstr (error->message, "not an Aesthetix store") != NULL);
}
END_TEST

START_TEST (test_failed_migration_rolls_back)
{
  g_autofree char *path = g_build_filename (dir, "half.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) v1 = ax_db_open_at_version (path, 1, &error);

  ck_assert_ptr_nonnull (v1);
  /* Something in the way of migration 2: an index of that name already exists. */
  ck_assert (ax_db_exec (v1, "CREATE TABLE dummy (x); CREATE INDEX stock_movements_lot ON dummy (x)", NULL));
  g_clear_object (&v1);
  ck_assert_ptr_null (ax_db_open (path, &error));
  ck_assert (strstr (error->message, "0002") != NULL);

  v1 = ax_db_open_at_version (path, 1, NULL);
  ck_assert_ptr_nonnull (v1);
  ck_assert_int_eq (ax_db_get_schema_version (v1), 1);
  ck_assert_int_eq (scalar (v1, "SELECT COUNT (*) FROM sqlite_schema WHERE name = 'sales_device'"), 0);
}
END_TEST

/* The log is moved into the store by the background thread, not by a commit:
 * after a few thousand pages of writes the thread has run, and the store read
 * by a fresh connection has every row. */
START_TEST (test_background_checkpoint)
{
  g_autofree char *path = g_build_filename (dir, "wal.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) db = ax_db_open (path, &error);
  gint64 deadline;

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert (ax_db_exec (db, "CREATE TABLE filler (x TEXT)", NULL));
  for (int i = 0; i < 40; i++)
    {
      ck_assert (ax_db_begin (db, NULL));
      for (int j = 0; j < 100; j++)
        ck_assert (ax_db_exec (db, "INSERT INTO filler VALUES (randomblob (3000))", NULL));
      ck_assert (ax_db_commit (db, NULL));
    }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ax_db_get_background_checkpoints (db) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  ck_assert_uint_ge (ax_db_get_background_checkpoints (db), 1);

  {
    g_autoptr (AxDb) reader = ax_db_open_reader (path, &error);

    ck_assert_msg (reader != NULL, "%s", error ? error->message : "");
    ck_assert_int_eq (scalar (reader, "SELECT COUNT (*) FROM filler"), 4000);
  }
}
END_TEST

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* Writes about 12 MB in 40 commits, then waits for the store file itself to
 * hold them: the background thread must copy the log's frames back, not
 * merely run. (Its connection had never read the store, so SQLite did not
 * know it was in WAL mode and each checkpoint did nothing: a desk's log grew
 * to the size of the store and the store file stayed 4 KiB.) */
static void
assert_log_moved_back (AxDb       *db,
                       const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gint64 deadline;
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;

  ck_assert (ax_db_exec (db, "CREATE TABLE IF NOT EXISTS filler (x TEXT)", NULL));
  for (int i = 0; i < 40; i++)
    {
      ck_assert (ax_db_begin (db, NULL));
      for (int j = 0; j < 100; j++)
        ck_assert (ax_db_exec (db, "INSERT INTO filler VALUES (randomblob (3000))", NULL));
      ck_assert (ax_db_commit (db, NULL));
    }
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (file_size (path) < 8 * 1024 * 1024 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  ck_assert_msg (file_size (path) >= 8 * 1024 * 1024,
                 "the store is %" G_GINT64_FORMAT " bytes, its log %" G_GINT64_FORMAT,
                 file_size (path), file_size (wal));

  /* Nothing pins the log either: with the writer idle, a checkpoint from
   * another connection (which has read the store, so it knows the log) copies
   * every frame; it is only busy while the background thread's own last run
   * goes on. */
  ck_assert_int_eq (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (raw, "SELECT COUNT (*) FROM sqlite_schema", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (raw, "PRAGMA wal_checkpoint (PASSIVE)", -1, &stmt, NULL), SQLITE_OK);
  for (;;)
    {
      ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) == 0 || g_get_monotonic_time () > deadline)
        break;
      sqlite3_reset (stmt);
      g_usleep (10000);
    }
  ck_assert_int_eq (sqlite3_column_int (stmt, 0), 0);
  ck_assert_int_ge (sqlite3_column_int (stmt, 1), 0);
  ck_assert_int_eq (sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
}

START_TEST (test_background_checkpoint_fresh_store)
{
  g_autofree char *path = g_build_filename (dir, "fresh.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) db = ax_db_open (path, &error);

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  assert_log_moved_back (db, path);
}
END_TEST

START_TEST (test_background_checkpoint_reopened_store)
{
  g_autofree char *path = g_build_filename (dir, "again.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) db = ax_db_open (path, &error);

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  g_clear_object (&db);
  db = ax_db_open (path, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  assert_log_moved_back (db, path);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("migrations", setup, teardown, test_from_empty, test_from_each_earlier_version,
                      test_newer_store_refused_untouched, test_not_a_store, test_failed_migration_rolls_back,
                      test_background_checkpoint, test_background_checkpoint_fresh_store,
                      test_background_checkpoint_reopened_store)
