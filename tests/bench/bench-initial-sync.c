/* SPDX-License-Identifier: GPL-3.0-or-later */

/* initial_sync_s (DESIGN.md §10: ≤ 60 s): a fresh desk pulling a clinic of
 * 200 000 patients and 2 000 000 appointments from a real aesthetix-server
 * on loopback, through AxSyncClient and AxSyncEngine as the desktop does,
 * into a usable store (every row there, the clinic known, search indexed).
 *
 * The server's data directory is made once and kept in
 * <builddir>/bench-data/initial-sync-<key>/ (the key names the data and the
 * schema, so a new migration makes a new one): the subcommands make the
 * clinic and its owner, then SQL fills the clinic store directly, rows and
 * server versions (`version` columns and `sync_changes`, as the server's
 * push path writes them). Each run enrols a new desk with a new, empty
 * store. AX_BENCH_PATIENTS / AX_BENCH_APPOINTMENTS make a smaller clinic
 * (for trying changes quickly); AX_BENCH_RUNS the number of runs (1);
 * AX_BENCH_SEED_ONLY only makes the data directory. */

#include <stdio.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ax-test-server.h"
#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-server-clinic.h"

#define DATA_KEY "v1"

static gint64 n_patients = 200000;
static gint64 n_appointments = 2000000;

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Seeding failed: %s\n%s", message, sql);
}

/* Rows as the mutators would write them (same columns, same conventions),
 * made in bulk by SQL; ids are UUID-shaped and deterministic. */
static void
seed_clinic_store (const char *path,
                   const char *clinic_id)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;
  gint64 started = g_get_monotonic_time ();

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("Cannot open %s", path);
  exec_or_die (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
                   /* The server keeps no search index (ax-server-clinic.c). */
                   "DROP TRIGGER IF EXISTS patient_search_insert;"
                   "DROP TRIGGER IF EXISTS patient_search_update;"
                   "DROP TRIGGER IF EXISTS patient_search_delete;"
                   "BEGIN;"
                   "CREATE TEMP TABLE base AS SELECT COALESCE (MAX (version), 0) AS v FROM sync_changes;");
  sql = g_strdup_printf (
    "CREATE TEMP TABLE k AS SELECT '%s' AS clinic, 1704067200000 AS t0, "
    "  (SELECT id FROM users LIMIT 1) AS owner, %" G_GINT64_FORMAT " AS np, %" G_GINT64_FORMAT " AS na;"
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, version, name, title, specialty, color, sort_order) "
    "  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) "
    "  SELECT printf ('01900003-0000-7000-8000-%%012x', i), clinic, t0, printf ('%%012x:0000:0123456789ab', t0), "
    "         (SELECT v FROM base) + i, printf ('Dr. Provider %%d', i), 'Dr.', 'Aesthetics', '#3584e4', i "
    "    FROM n, k;"
    "INSERT INTO rooms (id, clinic_id, created_at, updated_at, version, name, kind, sort_order) "
    "  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
    "  SELECT printf ('01900004-0000-7000-8000-%%012x', i), clinic, t0, printf ('%%012x:0000:0123456789ab', t0), "
    "         (SELECT v FROM base) + 20 + i, printf ('Room %%d', i), 'treatment', i "
    "    FROM n, k;"
    "INSERT INTO patients (id, clinic_id, created_at, updated_at, version, patient_number, first_name, "
    "                      last_name, nickname, birth_date, sex, phone, email, address, source, "
    "                      marketing_opt_in) "
    "  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT np FROM k)) "
    "  SELECT printf ('01900001-0000-7000-8000-%%012x', i), clinic, t0 + i * 60000, "
    "         printf ('%%012x:0000:0123456789ab', t0 + i * 60000), (SELECT v FROM base) + 30 + i, "
    "         printf ('LAC-D1-2024-%%07d', i), "
    "         (CASE i %% 8 WHEN 0 THEN 'Somchai' WHEN 1 THEN 'Malee' WHEN 2 THEN 'Anong' WHEN 3 THEN 'Niran' "
    "          WHEN 4 THEN 'Ploy' WHEN 5 THEN 'Kittisak' WHEN 6 THEN 'Siriporn' ELSE 'Wanida' END) || ' ' || i, "
    "         (CASE i %% 5 WHEN 0 THEN 'Srisuk' WHEN 1 THEN 'Chaiyaporn' WHEN 2 THEN 'Wongsakul' "
    "          WHEN 3 THEN 'Rattanakosin' ELSE 'Thongdee' END), "
    "         CASE WHEN i %% 3 = 0 THEN 'Nok' END, "
    "         printf ('%%04d-%%02d-%%02d', 1950 + i %% 55, 1 + i %% 12, 1 + i %% 28), "
    "         CASE WHEN i %% 4 = 0 THEN 'male' ELSE 'female' END, "
    "         printf ('08%%d-%%03d-%%04d', i %% 10, (i / 10) %% 1000, i %% 10000), "
    "         CASE WHEN i %% 2 = 0 THEN printf ('patient%%d@example.com', i) END, "
    "         CASE WHEN i %% 3 = 0 THEN printf ('%%d Sukhumvit Soi %%d, Bangkok', i %% 300, i %% 71) END, "
    "         CASE i %% 3 WHEN 0 THEN 'walk-in' WHEN 1 THEN 'referral' ELSE 'online' END, i %% 2 "
    "    FROM n, k;"
    "INSERT INTO appointments (id, clinic_id, created_at, updated_at, version, patient_id, provider_id, "
    "                          room_id, start_at, end_at, status, notes, booked_by, source) "
    "  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT na FROM k)) "
    "  SELECT printf ('01900002-0000-7000-8000-%%012x', i), clinic, t0 + i * 1000, "
    "         printf ('%%012x:0000:0123456789ab', t0 + i * 1000), (SELECT v FROM base) + 30 + np + i, "
    "         printf ('01900001-0000-7000-8000-%%012x', 1 + i %% np), "
    "         printf ('01900003-0000-7000-8000-%%012x', 1 + i %% 20), "
    "         printf ('01900004-0000-7000-8000-%%012x', 1 + (i / 20) %% 10), "
    "         t0 + ((i / 20) / 16) * 86400000 + 7200000 + ((i / 20) %% 16) * 1800000, "
    "         t0 + ((i / 20) / 16) * 86400000 + 7200000 + ((i / 20) %% 16) * 1800000 + 1800000, "
    "         CASE WHEN i %% 17 = 0 THEN 'cancelled' WHEN i %% 23 = 0 THEN 'no_show' ELSE 'completed' END, "
    "         CASE WHEN i %% 4 = 0 THEN 'Botox follow-up, check the forehead lines' END, owner, 'desk' "
    "    FROM n, k;"
    "INSERT INTO sync_changes (version, tbl, row_id) SELECT version, 'providers', id FROM providers "
    "  WHERE version > (SELECT v FROM base);"
    "INSERT INTO sync_changes (version, tbl, row_id) SELECT version, 'rooms', id FROM rooms "
    "  WHERE version > (SELECT v FROM base);"
    "INSERT INTO sync_changes (version, tbl, row_id) SELECT version, 'patients', id FROM patients "
    "  WHERE version > (SELECT v FROM base);"
    "INSERT INTO sync_changes (version, tbl, row_id) SELECT version, 'appointments', id FROM appointments "
    "  WHERE version > (SELECT v FROM base);"
    "COMMIT;", clinic_id, n_patients, n_appointments);
  exec_or_die (db, sql);
  exec_or_die (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);
  g_printerr ("Seeded %" G_GINT64_FORMAT " patients and %" G_GINT64_FORMAT " appointments in %.1f s\n",
              n_patients, n_appointments, (g_get_monotonic_time () - started) / 1e6);
}

/* The kept data directory (made on first use); its clinic id in *clinic_out. */
static char *
server_data_dir (char **clinic_out)
{
  const char *build = g_getenv ("AX_BUILDDIR") ? g_getenv ("AX_BUILDDIR") : ".";
  g_autofree char *name = g_strdup_printf ("initial-sync-%s-s%d-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                           DATA_KEY, ax_db_latest_schema_version (),
                                           n_patients, n_appointments);
  g_autofree char *dir = g_build_filename (build, "bench-data", name, NULL);
  g_autofree char *ready = g_build_filename (dir, "ready", NULL);
  g_autofree char *seeding = g_strconcat (dir, ".seeding", NULL);
  g_autofree char *rm = NULL;
  const char *clinic_args[] = { "create-clinic", "--name", "Bench Clinic", "--currency", "THB",
                                "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) clinic = NULL;
  g_autofree char *store = NULL;
  const char *clinic_id;

  if (g_file_get_contents (ready, clinic_out, NULL, NULL))
    {
      g_printerr ("Reusing the server data directory %s\n", dir);
      return g_steal_pointer (&dir);
    }
  /* Made under another name: an interrupted run leaves nothing half made. */
  rm = g_strdup_printf ("rm -rf '%s' '%s'", seeding, dir);
  (void) !system (rm);
  g_mkdir_with_parents (seeding, 0755);
  clinic = ax_test_server_command (seeding, NULL, clinic_args);
  clinic_id = json_object_get_string_member (clinic, "clinic_id");
  {
    const char *user_args[] = { "create-user", "--clinic", clinic_id, "--username", "owner",
                                "--role", "owner", NULL };
    g_autoptr (JsonObject) user = ax_test_server_command (seeding, "demo\n", user_args);
  }
  store = ax_server_clinic_path (seeding, clinic_id);
  seed_clinic_store (store, clinic_id);
  {
    g_autofree char *seeding_ready = g_build_filename (seeding, "ready", NULL);

    if (!g_file_set_contents (seeding_ready, clinic_id, -1, NULL) || g_rename (seeding, dir) != 0)
      g_error ("Cannot keep %s", dir);
  }
  *clinic_out = g_strdup (clinic_id);
  return g_steal_pointer (&dir);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* CPU seconds of the calling thread (the main loop), or of the process. */
static double
cpu_seconds (int who)
{
  struct rusage u;

  if (getrusage (who, &u) != 0)
    return 0;
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static gint64
count_rows (AxStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (store), sql, NULL);
  gint64 n = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

static double
run_once (const char *dir,
          const char *clinic_id,
          double     *rows_per_s,
          double     *main_cpu_s)
{
  const char *code_args[] = { "enrol-code", "--clinic", clinic_id, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (dir, NULL, code_args);
  g_autoptr (GError) error = NULL;
  g_autofree char *desk_dir = g_dir_make_tmp ("ax-bench-desk-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxSyncClient) client = NULL;
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autoptr (JsonObject) reply = NULL;
  GAsyncResult *result = NULL;
  AxTestServer server;
  gint64 started, patients, appointments, expected;
  double elapsed, main_cpu, desk_cpu;

  g_assert_no_error (error);
  ax_test_server_start (&server, dir, NULL);
  path = g_build_filename (desk_dir, "desk.db", NULL);
  store = ax_store_open (path, &error);
  g_assert_no_error (error);
  client = ax_sync_client_new (server.url);
  ax_sync_client_enrol_async (client, json_object_get_string_member (code, "code"), "Bench desk",
                              NULL, store_result, &result);
  reply = ax_sync_client_call_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  if (!ax_store_sync_set_device_code (store, json_object_get_string_member (reply, "device_code"), &error))
    g_error ("%s", error->message);
  g_clear_pointer (&reply, json_object_unref);
  ax_sync_client_login_async (client, "owner", "demo", NULL, store_result, &result);
  reply = ax_sync_client_call_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  engine = ax_sync_engine_new (store, client);

  started = g_get_monotonic_time ();
  main_cpu = cpu_seconds (RUSAGE_THREAD);
  desk_cpu = cpu_seconds (RUSAGE_SELF);
  ax_sync_engine_sync_async (engine, NULL, store_result, &result);
  if (!ax_sync_engine_sync_finish (engine, wait_for (&result), &error))
    g_error ("The first sync failed: %s", error->message);
  elapsed = (g_get_monotonic_time () - started) / 1e6;
  /* What the pull cost the main loop (the UI's thread), and the desk. */
  *main_cpu_s = main_cpu = cpu_seconds (RUSAGE_THREAD) - main_cpu;
  desk_cpu = cpu_seconds (RUSAGE_SELF) - desk_cpu;
  g_clear_object (&result);

  /* Usable: the clinic is known, every row is there and searchable. */
  patients = count_rows (store, "SELECT COUNT (*) FROM patients");
  appointments = count_rows (store, "SELECT COUNT (*) FROM appointments");
  if (ax_store_get_clinic (store) == NULL || patients != n_patients || appointments != n_appointments)
    g_error ("The desk has %" G_GINT64_FORMAT " patients and %" G_GINT64_FORMAT " appointments",
             patients, appointments);
  if (count_rows (store, "SELECT COUNT (*) FROM patient_search_names") != n_patients
      || count_rows (store, "SELECT COUNT (*) FROM patient_search") != n_patients)
    g_error ("The desk's patient search is not complete");
  /* The indexes a fresh desk deferred are back. */
  if (count_rows (store, "SELECT COUNT (*) FROM sync_state WHERE key = 'sync.deferred_indexes'") != 0
      || count_rows (store, "SELECT COUNT (*) FROM sqlite_master WHERE name = 'appointments_patient'") != 1)
    g_error ("The desk's indexes are not all back");
  expected = count_rows (store, "SELECT COUNT (*) FROM users") + 30 + n_patients + n_appointments;
  *rows_per_s = expected / elapsed;
  g_printerr ("%" G_GINT64_FORMAT " rows in %.1f s (%.0f a second), CPU of the desk %.1f s "
              "(its main loop %.1f s), peak RSS of the desk %.0f MB\n",
              expected, elapsed, *rows_per_s, desk_cpu, main_cpu, bench_peak_rss_kb () / 1024.0);

  g_clear_object (&engine);
  g_clear_object (&client);
  g_clear_object (&store);
  ax_test_server_stop (&server);
  bench_remove_tree (desk_dir);
  return elapsed;
}

int
main (void)
{
  g_autoptr (GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) main_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *clinic_id = NULL;
  g_autofree char *dir = NULL;
  int runs = g_getenv ("AX_BENCH_RUNS") ? atoi (g_getenv ("AX_BENCH_RUNS")) : 1;

  if (g_getenv ("AX_BENCH_PATIENTS"))
    n_patients = g_ascii_strtoll (g_getenv ("AX_BENCH_PATIENTS"), NULL, 10);
  if (g_getenv ("AX_BENCH_APPOINTMENTS"))
    n_appointments = g_ascii_strtoll (g_getenv ("AX_BENCH_APPOINTMENTS"), NULL, 10);
  dir = server_data_dir (&clinic_id);
  if (g_getenv ("AX_BENCH_SEED_ONLY"))
    return 0;
  for (int r = 0; r < MAX (runs, 1); r++)
    {
      double rate = 0, main_cpu = 0, s = run_once (dir, clinic_id, &rate, &main_cpu);

      g_array_append_val (seconds, s);
      g_array_append_val (rates, rate);
      g_array_append_val (main_cpus, main_cpu);
    }
  bench_report ("initial_sync_s", bench_median (seconds), "s");
  bench_report ("initial_sync_rows_per_s", bench_median (rates), "rows/s");
  bench_report ("initial_sync_main_loop_cpu_s", bench_median (main_cpus), "s");
  return 0;
}
