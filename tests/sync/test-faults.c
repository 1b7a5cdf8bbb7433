/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Sync under faults (docs/sync-protocol.md, "Tests"): a desk killed with
 * SIGKILL while it pushes, while it applies a pulled page and in the middle
 * of its rebase; the server killed in the middle of a push's batch. Each
 * ends with nothing lost and nothing doubled.
 *
 * The killed desk runs in its own process, tests/sync/ax-sync-desk.c, which
 * kills itself at a named test point (AX_SYNC_TEST_KILL, ax-test-point.h);
 * the test makes the desk's changes on its store file in between, then
 * starts the driver again without a kill and checks the outcome. The server
 * is the real aesthetix-server on 127.0.0.1 (port 0); it kills itself inside
 * a batch with AX_SERVER_TEST_KILL. A second desk in this process makes the
 * changes that the killed desk pulls and rebases over. */

#include <check.h>
#include <sqlite3.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "ax-test-server.h"
#include "ax-sync-dump.h"
#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-audit.h"
#include "ax-actor.h"
#include "ax-uuid.h"
#include "ax-test-point.h"

#define PRODUCT_ID   "019c2000-0000-7000-8000-000000000001"
#define STOCK        100
#define BULK         1200   /* mutations pushed while the server dies */
#define BULK_KILL_AT 700    /* …at the 200th mutation of the second batch of 500 */

typedef struct
{
  AxStore      *store;
  AxSyncClient *client;
  AxSyncEngine *engine;
  AxActor      *actor;
} Desk;

/* The desk that is killed: a store file and its credentials. */
static char *desk_path, *desk_ini, *desk_code;
static AxActor *owner;

static AxTestServer server;
static char *data_dir, *clinic, *clinic_path;
static Desk other;
static char *provider_id, *service_id;
static int sold;        /* products sold by the killed desk so far */
static int hour = 8;    /* each scenario books its own hour */

/* Helpers */

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
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      ck_assert_msg (g_get_monotonic_time () < until, "no answer in 30 s");
    }
  return *slot;
}

static JsonObject *
call_ok (AxSyncClient *client,
         GAsyncResult *result)
{
  g_autoptr (GError) error = NULL;
  JsonObject *reply = ax_sync_client_call_finish (client, result, &error);

  g_assert_no_error (error);
  return reply;
}

static gboolean
sync_desk (Desk    *desk,
           GError **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ax_sync_engine_sync_async (desk->engine, NULL, store_result, &result);
  ok = ax_sync_engine_sync_finish (desk->engine, wait_for (&result), error);
  g_object_unref (result);
  return ok;
}

static void
sync_ok (Desk *desk)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (sync_desk (desk, &error), "sync failed: %s", error ? error->message : "");
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  ck_assert_msg (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql, msg);
  sqlite3_close (db);
}

/* The catalogue's one product, written alike into the server's store and a
 * desk's (there is no product mutator yet): the desks' sales take its stock. */
static void
add_product (const char *path)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO products (id, clinic_id, created_at, updated_at, "
                                          " name, code, price, tax_class) VALUES ('" PRODUCT_ID "', "
                                          " '%s', 0, '0', 'Sunscreen', 'SUN', 50000, 'standard')", clinic);
  exec_sql (path, sql);
}

static gint64
on_server (const char *sql,
           const char *arg)
{
  return ax_sync_fixture_query_int (clinic_path, sql, arg);
}

static gint64
on_desk (const char *sql,
         const char *arg)
{
  return ax_sync_fixture_query_int (desk_path, sql, arg);
}

static JsonObject *
mutate (AxStore    *store,
        AxActor    *actor,
        const char *name,
        const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (store, actor, name, args, &error);

  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
  return json_object_ref (json_node_get_object (result));
}

static char *
mutate_id (AxStore    *store,
           AxActor    *actor,
           const char *name,
           const char *args)
{
  g_autoptr (JsonObject) r = mutate (store, actor, name, args);

  return g_strdup (json_object_get_string_member (r, "id"));
}

/* Monday 2026-03-16 in Bangkok, at hh:00. */
static gint64
monday_at (int hh)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) t = g_date_time_new (tz, 2026, 3, 16, hh, 0, 0);

  return g_date_time_to_unix (t) * 1000;
}

/* Enrols a device of the clinic and logs the owner in with client. */
static JsonObject *
enrol_and_login (AxSyncClient *client)
{
  const char *args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);
  g_autoptr (JsonObject) login = NULL;
  JsonObject *enrolled;
  GAsyncResult *result = NULL;

  ax_sync_client_enrol_async (client, json_object_get_string_member (code, "code"), "Desk",
                              NULL, store_result, &result);
  enrolled = call_ok (client, wait_for (&result));
  g_clear_object (&result);
  ax_sync_client_login_async (client, "owner", "demo", NULL, store_result, &result);
  login = call_ok (client, wait_for (&result));
  g_clear_object (&result);
  if (owner == NULL)
    owner = ax_actor_new (json_object_get_string_member (json_object_get_object_member (login, "user"), "id"),
                          "owner", "owner", AX_ROLE_OWNER);
  return enrolled;
}

/* A paired store with its engine, synced once (the clinic arrives). */
static void
desk_open (Desk       *desk,
           const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) enrolled = NULL;

  desk->store = ax_store_open (path, &error);
  g_assert_no_error (error);
  desk->client = ax_sync_client_new (server.url);
  enrolled = enrol_and_login (desk->client);
  ck_assert (ax_store_sync_set_device_code (desk->store, json_object_get_string_member (enrolled, "device_code"),
                                            &error));
  desk->actor = ax_actor_ref (owner);
  desk->engine = ax_sync_engine_new (desk->store, desk->client);
  sync_ok (desk);
  ck_assert_ptr_nonnull (ax_store_get_clinic (desk->store));
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->engine);
  g_clear_object (&desk->client);
  g_clear_object (&desk->store);
  g_clear_pointer (&desk->actor, ax_actor_unref);
}

/* Points a killed desk's credentials file at the server as it is now. */
static void
write_desk_url (const char *ini)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  ck_assert (g_key_file_load_from_file (keys, ini, G_KEY_FILE_NONE, &error));
  g_key_file_set_string (keys, "desk", "url", server.url);
  ck_assert (g_key_file_save_to_file (keys, ini, &error));
}

/* Runs the desk driver on a store (path, its credentials in ini). With
 * kill_at, it must die of SIGKILL there (which shows the point was
 * reached); without, it must sync to the end. */
static void
run_driver (const char *path,
            const char *ini,
            const char *kill_at,
            gboolean    pull_first,
            int         page_limit,
            int         catch_up_limit)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                         | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *limit = g_strdup_printf ("--page-limit=%d", page_limit);
  g_autofree char *catch_up = g_strdup_printf ("--catch-up-limit=%d", catch_up_limit);
  const char *argv[] = { g_getenv ("AX_SYNC_DESK_BINARY"), limit, catch_up, pull_first ? "--pull-first" : path,
                         pull_first ? path : ini, pull_first ? ini : NULL, NULL };

  g_assert (argv[0] != NULL);
  if (kill_at != NULL)
    g_subprocess_launcher_setenv (launcher, "AX_SYNC_TEST_KILL", kill_at, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "AX_SYNC_TEST_KILL");
  write_desk_url (ini);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  ck_assert (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  if (kill_at != NULL)
    {
      ck_assert_msg (g_subprocess_get_if_signaled (proc) && g_subprocess_get_term_sig (proc) == SIGKILL,
                     "the desk was not killed at %s (exit %d): %s", kill_at,
                     g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1, err);
    }
  else
    ck_assert_msg (g_subprocess_get_successful (proc), "the desk did not sync: %s", err);
}

/* The killed desk. */
static void
run_desk_paged (const char *kill_at,
                gboolean    pull_first,
                int         page_limit)
{
  run_driver (desk_path, desk_ini, kill_at, pull_first, page_limit, 0);
}

static void
run_desk (const char *kill_at,
          gboolean    pull_first)
{
  run_desk_paged (kill_at, pull_first, 500);
}

/* What the killed desk did offline before the kill: a patient created and
 * edited, a booking, a sale (a service and the product, with a receipt
 * number and a stock movement) and a chart. */
typedef struct
{
  char *patient;
  char *appointment;
  char *sale;
  char *chart;
  char *first_name;
} Work;

static void
work_clear (Work *w)
{
  g_free (w->patient);
  g_free (w->appointment);
  g_free (w->sale);
  g_free (w->chart);
  g_free (w->first_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Work, work_clear)

static void
do_work (Work       *w,
         const char *tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = ax_store_open (desk_path, &error);
  g_autofree char *args = NULL;
  g_autoptr (JsonObject) r = NULL;
  char id[AX_UUID_STRLEN];

  g_assert_no_error (error);
  w->first_name = g_strdup_printf ("Fault-%s", tag);
  args = g_strdup_printf ("{\"first_name\":\"%s\",\"phone\":\"081-000-0100\"}", w->first_name);
  w->patient = mutate_id (store, owner, "patient.create", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"nickname\":\"Nick\"},\"from\":{\"nickname\":null}}", w->patient);
  json_object_unref (mutate (store, owner, "patient.update", args));

  ax_uuid_v7 (id);
  w->appointment = g_strdup (id);
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"provider_id\":\"%s\","
                          "\"start_at\":%" G_GINT64_FORMAT ",\"end_at\":%" G_GINT64_FORMAT ","
                          "\"book_anyway\":true}",
                          id, w->patient, provider_id, monday_at (hour), monday_at (hour) + 30 * 60000);
  hour++;
  json_object_unref (mutate (store, owner, "appointment.book", args));

  ax_uuid_v7 (id);
  w->sale = g_strdup (id);
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\","
                          "\"lines\":[{\"kind\":\"service\",\"item_id\":\"%s\"},"
                          "           {\"kind\":\"product\",\"item_id\":\"" PRODUCT_ID "\",\"quantity\":1}],"
                          "\"tenders\":[{\"kind\":\"cash\",\"amount\":200000,\"given\":200000}]}",
                          id, w->patient, service_id);
  json_object_unref (mutate (store, owner, "sale.checkout", args));
  sold++;
  /* Two audited mutations: a receipt printed (a second print would be a
   * "copy") and the patient's phone revealed. */
  g_free (args);
  args = g_strdup_printf ("{\"sale_id\":\"%s\",\"kind\":\"receipt\"}", id);
  json_object_unref (mutate (store, owner, "receipt.print", args));
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"field\":\"phone\",\"reason\":\"Call back\"}", w->patient);
  json_object_unref (mutate (store, owner, "patient.reveal", args));

  ax_uuid_v7 (id);
  w->chart = g_strdup (id);
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"provider_id\":\"%s\"}",
                          id, w->patient, provider_id);
  json_object_unref (mutate (store, owner, "chart.create", args));
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"notes\":\"Tolerated well\"}}", w->chart);
  json_object_unref (mutate (store, owner, "chart.update", args));
  ck_assert_uint_eq (ax_store_sync_count_waiting (store), 8);
}

/* Something for the killed desk to pull: the other desk's patient. */
static char *
other_works (const char *tag)
{
  g_autofree char *args = g_strdup_printf ("{\"first_name\":\"Other-%s\",\"phone\":\"081-000-0200\"}", tag);
  char *id = mutate_id (other.store, other.actor, "patient.create", args);

  sync_ok (&other);
  return id;
}

/* Each row once, on the server and on the desk. */
static void
assert_once (const char *table,
             const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM \"%s\" WHERE id = ?", table);

  ck_assert_msg (on_server (sql, id) == 1, "%s %s: %" G_GINT64_FORMAT " on the server", table, id,
                 on_server (sql, id));
  ck_assert_msg (on_desk (sql, id) == 1, "%s %s not on the desk", table, id);
}

/* The receipt numbers of a desk (CLINIC-CODE-YEAR-SEQ) run 1…n on the
 * server, none missing, none twice. */
static void
assert_receipts_gapless (const char *code)
{
  g_autofree char *pattern = g_strdup_printf ("%%-%s-%%", code);
  g_autofree char *count_sql = g_strdup ("SELECT COUNT (*) FROM sales WHERE number LIKE ?");
  g_autofree char *distinct_sql = g_strdup ("SELECT COUNT (DISTINCT number) FROM sales WHERE number LIKE ?");
  g_autofree char *max_sql = g_strdup ("SELECT MAX (CAST (substr (number, length (rtrim (number, '0123456789')) + 1) "
                                       " AS INTEGER)) FROM sales WHERE number LIKE ?");
  g_autofree char *min_sql = g_strdup ("SELECT MIN (CAST (substr (number, length (rtrim (number, '0123456789')) + 1) "
                                       " AS INTEGER)) FROM sales WHERE number LIKE ?");
  gint64 n = on_server (count_sql, pattern);

  ck_assert_int_eq (n, sold);
  ck_assert_int_eq (on_server (distinct_sql, pattern), n);
  ck_assert_int_eq (on_server (min_sql, pattern), 1);
  ck_assert_int_eq (on_server (max_sql, pattern), n);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM sales WHERE number IS NULL OR number = ''", NULL), 0);
}

static void
assert_audit_verifies (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = ax_store_open (path, &error);
  gint64 bad = 0, checked = 0;

  g_assert_no_error (error);
  ck_assert_msg (ax_audit_verify (ax_store_get_db (store), &bad, &checked, &error),
                 "%s: the audit chain breaks at %" G_GINT64_FORMAT ": %s", path, bad,
                 error ? error->message : "");
  ck_assert_int_gt (checked, 0);
}

static void
assert_server_audit_verifies (void)
{
  const char *args[] = { "verify-audit", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) verdict = ax_test_server_command (data_dir, NULL, args);

  (void) verdict;   /* ax_test_server_command fails the program on exit 1 */
}

/* Nothing of the work lost or doubled; the desk's store is the server's. */
static void
assert_settled (const Work *w)
{
  g_autofree char *seq = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state "
                                                     " WHERE key = 'sync.push_seq'", NULL);
  g_autofree char *device = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state "
                                                        " WHERE key = 'device_id'", NULL);

  assert_once ("patients", w->patient);
  assert_once ("appointments", w->appointment);
  assert_once ("sales", w->sale);
  assert_once ("charts", w->chart);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE first_name = ? AND nickname = 'Nick'",
                               w->first_name), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM charts WHERE id = ? AND notes = 'Tolerated well'",
                               w->chart), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM sale_lines WHERE sale_id = ?", w->sale), 2);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM payments WHERE sale_id = ?", w->sale), 1);
  /* The stock: received once, each sale's unit taken once. */
  ck_assert_int_eq (on_server ("SELECT SUM (qty) FROM stock_movements WHERE product_id = ? "
                               " AND deleted_at IS NULL", PRODUCT_ID), STOCK - sold);
  ck_assert_int_eq (on_server ("SELECT SUM (on_hand) FROM lot_balance WHERE product_id = ?", PRODUCT_ID),
                    STOCK - sold);
  ck_assert_int_eq (on_desk ("SELECT SUM (on_hand) FROM lot_balance WHERE product_id = ?", PRODUCT_ID),
                    STOCK - sold);
  assert_receipts_gapless (desk_code);
  /* The audited mutations audited once on the server, whatever was retried:
   * the receipt printed once (not a copy), the phone revealed once. */
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM audit_log WHERE subject_id = ? "
                               " AND action = 'receipt.print' AND json_extract (detail_json, '$.count') = 1",
                               w->sale), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM audit_log WHERE subject_id = ?", w->sale), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM audit_log WHERE subject_id = ? AND action = 'reveal'",
                               w->patient), 1);
  /* The server has every push id once, and the desk's queue is empty. */
  ck_assert_ptr_nonnull (seq);
  ck_assert_int_eq (on_server ("SELECT last_mutation_id FROM sync_clients WHERE client_id = ?", device),
                    g_ascii_strtoll (seq, NULL, 10));
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox WHERE state IN ('pending', 'sent')", NULL), 0);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox WHERE state NOT IN ('applied', 'merged')", NULL), 0);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox_effect", NULL), 0);

  sync_ok (&other);
  ax_sync_fixture_assert_same (desk_path, clinic_path);
  ax_sync_fixture_assert_same (ax_store_get_path (other.store), clinic_path);
  ax_sync_fixture_assert_integrity (desk_path);
  ax_sync_fixture_assert_integrity (clinic_path);
  assert_audit_verifies (desk_path);
}

/* A desk killed at point (through the engine's cycle, or in a pull that
 * comes first), restarted, synced to the end. */
static void
kill_and_restart (const char *point,
                  gboolean    pull_first,
                  Work       *w)
{
  g_autofree char *theirs = other_works (point);
  g_autofree char *cursor = NULL;
  g_autofree char *after = NULL;

  do_work (w, point);
  cursor = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state WHERE key = 'sync.cursor'", NULL);
  run_desk (point, pull_first);
  /* Whatever the point, the page being applied was rolled back whole: the
   * work is still there and waiting, the other desk's patient not yet. */
  after = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state WHERE key = 'sync.cursor'", NULL);
  ck_assert_str_eq (after, cursor);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 0);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", w->patient), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox_effect e JOIN outbox o USING (mut_id) "
                             " WHERE o.state IN ('pending', 'sent') AND length (e.changeset) > 0", NULL), 6);
  ax_sync_fixture_assert_integrity (desk_path);
  run_desk (NULL, pull_first);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 1);
  assert_settled (w);
}

/* Catching up (docs/sync-protocol.md, "Catching up") */

/* The patient search index holds exactly what its triggers would have
 * written, for every patient, and the triggers are there. */
static void
assert_search_complete (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = ax_store_open (path, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = ax_db_prepare (ax_store_get_db (store),
                        "SELECT (SELECT COUNT (*) FROM patients), (SELECT COUNT (*) FROM patient_search), "
                        "       (SELECT COUNT (*) FROM patient_search_names), "
                        "       (SELECT COUNT (*) FROM patients p "
                        "          LEFT JOIN patient_search s ON s.rowid = p.rowid "
                        "          LEFT JOIN patient_search_names n ON n.rowid = p.rowid "
                        "         WHERE s.body IS NOT ax_search_body (p.first_name, p.last_name, p.nickname, "
                        "                   p.patient_number, p.phone, p.national_id, p.email) "
                        "            OR n.first IS NOT ax_search_fold (p.first_name) "
                        "            OR n.last IS NOT ax_search_fold (p.last_name)), "
                        "       (SELECT COUNT (*) FROM sqlite_master WHERE type = 'trigger' "
                        "           AND name IN ('patient_search_insert', 'patient_search_update', "
                        "                        'patient_search_delete'))", &error);
  g_assert_no_error (error);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  ck_assert_int_gt (sqlite3_column_int64 (stmt, 0), 0);
  ck_assert_int_eq (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0));
  ck_assert_int_eq (sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 0));
  ck_assert_msg (sqlite3_column_int64 (stmt, 3) == 0, "%s: %" G_GINT64_FORMAT " patients indexed wrong",
                 path, (gint64) sqlite3_column_int64 (stmt, 3));
  ck_assert_int_eq (sqlite3_column_int64 (stmt, 4), 3);
  sqlite3_reset (stmt);
}

/* A new desk, enrolled and paired, never synced: its store at path, its
 * credentials in ini. */
static void
fresh_desk (const char *path,
            const char *ini)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (AxStore) store = ax_store_open (path, &error);
  g_autoptr (AxSyncClient) client = ax_sync_client_new (server.url);
  g_autoptr (JsonObject) enrolled = NULL;

  g_assert_no_error (error);
  add_product (path);   /* written alike everywhere, never synced */
  enrolled = enrol_and_login (client);
  ck_assert (ax_store_sync_set_device_code (store, json_object_get_string_member (enrolled, "device_code"),
                                            &error));
  g_key_file_set_string (keys, "desk", "url", server.url);
  g_key_file_set_string (keys, "desk", "device-id", ax_sync_client_get_device_id (client));
  g_key_file_set_string (keys, "desk", "device-secret", "unused");
  g_key_file_set_string (keys, "desk", "access-token", ax_sync_client_get_access_token (client));
  g_key_file_set_string (keys, "desk", "refresh-token", ax_sync_client_get_refresh_token (client));
  ck_assert (g_key_file_save_to_file (keys, ini, &error));
}

/* A person's change on the main thread while the catch-up worker is
 * between two slices of a page (the worker waits for it). */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean asked;
  gboolean done;
  Desk    *desk;
  char    *patient;
} Meanwhile;

static gboolean
meanwhile_mutate (gpointer data)
{
  Meanwhile *m = data;

  m->patient = mutate_id (m->desk->store, m->desk->actor, "patient.create",
                          "{\"first_name\":\"Meanwhile\",\"phone\":\"081-000-0300\"}");
  g_mutex_lock (&m->lock);
  m->done = TRUE;
  g_cond_signal (&m->cond);
  g_mutex_unlock (&m->lock);
  return G_SOURCE_REMOVE;
}

static void
meanwhile_point (const char *name,
                 gpointer    data)
{
  Meanwhile *m = data;

  if (strcmp (name, "catch-up-slice") != 0 || m->asked)
    return;
  m->asked = TRUE;
  g_idle_add (meanwhile_mutate, m);
  g_mutex_lock (&m->lock);
  while (!m->done)
    g_cond_wait (&m->cond, &m->lock);
  g_mutex_unlock (&m->lock);
}

/* Tests */

/* Killed after the batch was marked sent, before the request left. */
START_TEST (test_kill_push_taken)
{
  g_auto (Work) w = { 0 };

  kill_and_restart ("push-taken", FALSE, &w);
}
END_TEST

/* Killed with the server's reply in hand: the server committed, the desk
 * never recorded it. The retry is skipped, nothing doubled. */
START_TEST (test_kill_push_replied)
{
  g_auto (Work) w = { 0 };
  g_autofree char *theirs = other_works ("replied");

  do_work (&w, "replied");
  run_desk ("push-replied", FALSE);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", w.patient), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM sales WHERE id = ?", w.sale), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox WHERE state = 'sent'", NULL), 8);
  run_desk (NULL, FALSE);
  assert_settled (&w);
}
END_TEST

/* Killed inside the transaction that records the reply. */
START_TEST (test_kill_push_acknowledging)
{
  g_auto (Work) w = { 0 };
  g_autofree char *theirs = other_works ("acknowledging");

  do_work (&w, "acknowledging");
  run_desk ("push-acknowledging", FALSE);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM charts WHERE id = ?", w.chart), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox WHERE state = 'sent'", NULL), 8);
  run_desk (NULL, FALSE);
  assert_settled (&w);
}
END_TEST

/* A pull arrives while the work waits: killed after the rebase undid it. */
START_TEST (test_kill_rebase_undone)
{
  g_auto (Work) w = { 0 };

  kill_and_restart ("rebase-undone", TRUE, &w);
}
END_TEST

/* Killed after the pulled rows were written over the undone work. */
START_TEST (test_kill_pull_page_applied)
{
  g_auto (Work) w = { 0 };

  kill_and_restart ("pull-page-applied", TRUE, &w);
}
END_TEST

/* Killed in the middle of the replay: two of the eight mutations re-run. */
START_TEST (test_kill_rebase_replayed)
{
  g_auto (Work) w = { 0 };

  kill_and_restart ("rebase-replayed:2", TRUE, &w);
}
END_TEST

/* Killed just before the page's commit (the cursor written). */
START_TEST (test_kill_pull_committing)
{
  g_auto (Work) w = { 0 };

  kill_and_restart ("pull-page-committing", TRUE, &w);
}
END_TEST

/* The engine's own cycle: pushed and acknowledged, then killed while the
 * pull puts the server's rows in place of the acknowledged work. */
START_TEST (test_kill_pull_after_push)
{
  g_auto (Work) w = { 0 };
  g_autofree char *theirs = other_works ("after-push");

  do_work (&w, "after-push");
  run_desk ("pull-page-applied", FALSE);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM appointments WHERE id = ?", w.appointment), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox WHERE state IN ('pending', 'sent')", NULL), 0);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM outbox_effect WHERE length (changeset) > 0", NULL), 6);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 0);
  ax_sync_fixture_assert_integrity (desk_path);
  run_desk (NULL, FALSE);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 1);
  assert_settled (&w);
}
END_TEST

/* A pull of several pages, killed inside the second: the work pushed and
 * acknowledged (the desk killed before its pull), then pulled with the
 * first page ending at the sale's own row, so the sale's lines, payment and
 * stock movement come only on the next page. The first page commits; the
 * desk must still show the whole sale (DESIGN §6: never less than it
 * showed), then the restart settles. */
START_TEST (test_kill_later_page)
{
  g_auto (Work) w = { 0 };
  g_autofree char *theirs = other_works ("later-page");
  g_autofree char *cursor = NULL;
  g_autofree char *sql = NULL;
  gint64 split;

  do_work (&w, "later-page");
  run_desk ("pull-page-applied", FALSE);
  cursor = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state WHERE key = 'sync.cursor'", NULL);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM sync_changes WHERE version > %s AND version <= "
                         " (SELECT version FROM sync_changes WHERE tbl = 'sales' AND row_id = ?)", cursor);
  split = on_server (sql, w.sale);
  ck_assert_int_ge (split, 2);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM sync_changes WHERE version > (SELECT version "
                               " FROM sync_changes WHERE tbl = 'sales' AND row_id = ?) AND row_id IN "
                               " (SELECT id FROM sale_lines)", w.sale), 2);
  run_desk_paged ("pull-page-applied:2", TRUE, (int) split);

  g_clear_pointer (&cursor, g_free);
  cursor = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state WHERE key = 'sync.cursor'", NULL);
  ck_assert_int_eq (g_ascii_strtoll (cursor, NULL, 10),
                    on_server ("SELECT version FROM sync_changes WHERE tbl = 'sales' AND row_id = ?", w.sale));
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM sales WHERE id = ?", w.sale), 1);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM sale_lines WHERE sale_id = ?", w.sale), 2);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM payments WHERE sale_id = ?", w.sale), 1);
  ck_assert_int_eq (on_desk ("SELECT SUM (on_hand) FROM lot_balance WHERE product_id = ?", PRODUCT_ID),
                    STOCK - sold);
  ck_assert_int_eq (on_desk ("SELECT COUNT (*) FROM charts WHERE id = ? AND notes = 'Tolerated well'", w.chart), 1);
  ax_sync_fixture_assert_integrity (desk_path);
  run_desk (NULL, FALSE);
  assert_settled (&w);
}
END_TEST

static void
restart_server (const char *kill_at)
{
  if (kill_at != NULL)
    g_setenv ("AX_SERVER_TEST_KILL", kill_at, TRUE);
  ax_test_server_start (&server, data_dir, NULL);
  g_unsetenv ("AX_SERVER_TEST_KILL");
  ax_sync_client_set_base_url (other.client, server.url);
}

/* The server killed in the middle of applying a push: the first batch of
 * 500 committed, the second rolled back by SQLite; restarted on the same
 * data directory, the desk's retry brings the rest, each once. */
START_TEST (test_server_killed_mid_batch)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 before = on_server ("SELECT COUNT (*) FROM patients", NULL);

  for (int i = 0; i < BULK; i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"first_name\":\"Bulk%04d\"}", i);

      g_ptr_array_add (ids, mutate_id (other.store, other.actor, "patient.create", args));
    }
  ck_assert_uint_eq (ax_store_sync_count_waiting (other.store), BULK);

  ax_test_server_stop (&server);
  {
    g_autoptr (GSubprocess) dying = NULL;

    restart_server ("server-push-applied:" G_STRINGIFY (BULK_KILL_AT));
    dying = g_object_ref (server.process);
    ck_assert (!sync_desk (&other, &error));
    g_subprocess_wait (dying, NULL, NULL);
    ck_assert_msg (g_subprocess_get_if_signaled (dying) && g_subprocess_get_term_sig (dying) == SIGKILL,
                   "the server was not killed mid-batch");
  }
  /* The first batch is there, the second not at all. */
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients", NULL), before + 500);
  ck_assert_uint_eq (ax_store_sync_count_waiting (other.store), BULK - 500);
  ax_sync_fixture_assert_integrity (clinic_path);

  ax_test_server_stop (&server);
  restart_server (NULL);
  g_clear_error (&error);
  sync_ok (&other);
  ck_assert_uint_eq (ax_store_sync_count_waiting (other.store), 0);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients", NULL), before + BULK);
  ck_assert_int_eq (on_server ("SELECT COUNT (DISTINCT first_name) FROM patients WHERE first_name LIKE 'Bulk%'",
                               NULL), BULK);
  for (guint i = 0; i < ids->len; i++)
    ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", ids->pdata[i]), 1);
  {
    g_autofree char *seq = ax_sync_fixture_query_text (ax_store_get_path (other.store),
                                                       "SELECT value FROM sync_state WHERE key = 'sync.push_seq'", NULL);

    ck_assert_int_eq (on_server ("SELECT last_mutation_id FROM sync_clients WHERE client_id = ?",
                                 ax_store_get_device_id (other.store)), g_ascii_strtoll (seq, NULL, 10));
  }
  ax_sync_fixture_assert_integrity (clinic_path);
  assert_server_audit_verifies ();
  ax_sync_fixture_assert_same (ax_store_get_path (other.store), clinic_path);

  /* The killed desk catches up too. */
  run_desk (NULL, FALSE);
  ax_sync_fixture_assert_same (desk_path, clinic_path);
}
END_TEST

/* The server killed after the batch's rows and versions were written, just
 * before its commit: none of it stays; the retry brings it, once. */
START_TEST (test_server_killed_before_commit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) dying = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL;
  gint64 version = on_server ("SELECT MAX (version) FROM sync_changes", NULL);

  p1 = mutate_id (other.store, other.actor, "patient.create", "{\"first_name\":\"Commit1\"}");
  p2 = mutate_id (other.store, other.actor, "patient.create", "{\"first_name\":\"Commit2\"}");
  ax_test_server_stop (&server);
  restart_server ("server-push-committing");
  dying = g_object_ref (server.process);
  ck_assert (!sync_desk (&other, &error));
  g_subprocess_wait (dying, NULL, NULL);
  ck_assert_msg (g_subprocess_get_if_signaled (dying) && g_subprocess_get_term_sig (dying) == SIGKILL,
                 "the server was not killed before its commit");
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id IN (?, ?)", p1), 0);
  ck_assert_int_eq (on_server ("SELECT MAX (version) FROM sync_changes", NULL), version);
  ck_assert_uint_eq (ax_store_sync_count_waiting (other.store), 2);

  ax_test_server_stop (&server);
  restart_server (NULL);
  sync_ok (&other);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE first_name IN ('Commit1', 'Commit2')",
                               NULL), 2);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p2), 1);
  ax_sync_fixture_assert_integrity (clinic_path);
  assert_server_audit_verifies ();
  ax_sync_fixture_assert_same (ax_store_get_path (other.store), clinic_path);
  run_desk (NULL, FALSE);
  ax_sync_fixture_assert_same (desk_path, clinic_path);
}
END_TEST

/* A desk catching up on many rows applies them on a worker, in slices; the
 * person creates a patient between two slices: the rest of the page goes
 * through the rebase (the new patient kept, waiting), nothing is lost, and
 * the search index is complete. */
START_TEST (test_change_during_catch_up)
{
  g_autofree char *path = g_build_filename (data_dir, "meanwhile.db", NULL);
  Meanwhile m = { 0 };
  Desk desk = { 0 };

  desk_open (&desk, path);
  add_product (path);
  assert_search_complete (path);
  /* More than a page of 500 and a slice of 1 000 to catch up on. */
  for (int i = 0; i < 1600; i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"first_name\":\"Later%04d\"}", i);

      g_free (mutate_id (other.store, other.actor, "patient.create", args));
    }
  sync_ok (&other);

  g_mutex_init (&m.lock);
  g_cond_init (&m.cond);
  m.desk = &desk;
  ax_test_point_set_handler (meanwhile_point, &m);
  sync_ok (&desk);
  ax_test_point_set_handler (NULL, NULL);
  ck_assert (m.done);
  ck_assert_int_eq (ax_sync_fixture_query_int (path, "SELECT COUNT (*) FROM patients WHERE first_name LIKE 'Later%'",
                                               NULL), 1600);
  ck_assert_int_eq (ax_sync_fixture_query_int (path, "SELECT COUNT (*) FROM patients WHERE id = ?", m.patient), 1);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 1);
  ax_sync_fixture_assert_integrity (path);
  assert_search_complete (path);

  sync_ok (&desk);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 0);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", m.patient), 1);
  ax_sync_fixture_assert_same (path, clinic_path);
  sync_ok (&other);
  ax_sync_fixture_assert_same (ax_store_get_path (other.store), clinic_path);
  desk_close (&desk);
  g_free (m.patient);
  g_mutex_clear (&m.lock);
  g_cond_clear (&m.cond);
}
END_TEST

/* The store's indexes, by name. */
static char *
index_names (const char *path)
{
  return ax_sync_fixture_query_text (path, "SELECT group_concat (name, ' ') FROM "
                                     " (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)", NULL);
}

/* A fresh desk's first pull (pages of 1 200: a slice of 1 000 and one of
 * 200 each) killed after the first slice of its first page, then just
 * before the commit of its second page: each time the store is whole,
 * the page being applied has no cursor yet, and the restart pulls it again
 * over the rows already there. The secondary indexes deferred with the
 * first slice are all back at the end, and the search index is complete. */
START_TEST (test_kill_fresh_catch_up)
{
  g_autofree char *path = g_build_filename (data_dir, "fresh.db", NULL);
  g_autofree char *ini = g_build_filename (data_dir, "fresh.ini", NULL);
  g_autofree char *indexes = index_names (ax_store_get_path (other.store));
  g_autofree char *deferred = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *after = NULL;
  const char *cursor_sql = "SELECT value FROM sync_state WHERE key = 'sync.cursor'";
  gint64 first_slice;

  /* More than two pages. */
  ck_assert_int_gt (on_server ("SELECT COUNT (*) FROM sync_changes", NULL), 2400);
  fresh_desk (path, ini);
  run_driver (path, ini, "catch-up-slice", FALSE, 500, 1200);
  ck_assert_ptr_null (ax_sync_fixture_query_text (path, cursor_sql, NULL));
  first_slice = ax_sync_fixture_query_int (path, "SELECT COUNT (*) FROM patients", NULL);
  ck_assert_int_gt (first_slice, 0);
  ck_assert_int_lt (first_slice, on_server ("SELECT COUNT (*) FROM patients", NULL));
  /* Deferred: the appointments' index by patient is gone, its SQL kept. */
  deferred = ax_sync_fixture_query_text (path, "SELECT value FROM sync_state WHERE key = 'sync.deferred_indexes'",
                                         NULL);
  ck_assert_ptr_nonnull (deferred);
  ck_assert_ptr_nonnull (strstr (deferred, "CREATE INDEX appointments_patient"));
  ck_assert_int_eq (ax_sync_fixture_query_int (path, "SELECT COUNT (*) FROM sqlite_master "
                                               " WHERE name = 'appointments_patient'", NULL), 0);
  ax_sync_fixture_assert_integrity (path);
  assert_search_complete (path);

  run_driver (path, ini, "catch-up-committing:2", FALSE, 500, 1200);
  cursor = ax_sync_fixture_query_text (path, cursor_sql, NULL);
  ck_assert_ptr_nonnull (cursor);
  ck_assert_int_eq (g_ascii_strtoll (cursor, NULL, 10),
                    on_server ("SELECT version FROM sync_changes ORDER BY version LIMIT 1 OFFSET 1199", NULL));
  ax_sync_fixture_assert_integrity (path);
  assert_search_complete (path);

  run_driver (path, ini, NULL, FALSE, 500, 1200);
  after = index_names (path);
  ck_assert_str_eq (after, indexes);
  ck_assert_ptr_null (ax_sync_fixture_query_text (path, "SELECT value FROM sync_state "
                                                  " WHERE key = 'sync.deferred_indexes'", NULL));
  ax_sync_fixture_assert_same (path, clinic_path);
  ax_sync_fixture_assert_integrity (path);
  assert_search_complete (path);
}
END_TEST

/* Setup: one clinic with its owner and the product; the other desk (in this
 * process) makes the provider and the service; the killed desk receives the
 * stock, then is closed and runs only through the driver. */

static void
global_setup (void)
{
  const char *clinic_args[] = { "create-clinic", "--name", "Lotus Clinic", "--currency", "THB",
                                "--timezone", "Asia/Bangkok", NULL };
  const char *user_args[] = { "create-user", "--clinic", NULL, "--username", "owner", "--role", "Owner", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) made = NULL;
  g_autoptr (JsonObject) user = NULL;
  g_autoptr (JsonObject) enrolled = NULL;
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *args = NULL;
  Desk desk = { 0 };

  data_dir = g_dir_make_tmp ("ax-faults-XXXXXX", &error);
  g_assert_no_error (error);
  made = ax_test_server_command (data_dir, NULL, clinic_args);
  clinic = g_strdup (json_object_get_string_member (made, "clinic_id"));
  user_args[2] = clinic;
  user = ax_test_server_command (data_dir, "demo\n", user_args);
  clinic_path = g_build_filename (data_dir, "clinics", NULL);
  g_free (clinic_path);
  {
    g_autofree char *file = g_strconcat (clinic, ".db", NULL);
    clinic_path = g_build_filename (data_dir, "clinics", file, NULL);
  }
  add_product (clinic_path);
  ax_test_server_start (&server, data_dir, NULL);

  path = g_build_filename (data_dir, "other.db", NULL);
  desk_open (&other, path);
  add_product (path);
  provider_id = mutate_id (other.store, other.actor, "provider.create", "{\"name\":\"Dr Lee\"}");
  service_id = mutate_id (other.store, other.actor, "service.create",
                          "{\"name\":\"Facial\",\"price\":150000,\"duration_min\":30}");
  sync_ok (&other);

  /* The killed desk: paired, the stock received, its credentials in a file. */
  desk_path = g_build_filename (data_dir, "desk.db", NULL);
  desk_ini = g_build_filename (data_dir, "desk.ini", NULL);
  desk_open (&desk, desk_path);
  add_product (desk_path);
  args = g_strdup_printf ("{\"product_id\":\"" PRODUCT_ID "\",\"lot_number\":\"L1\","
                          "\"expiry_date\":\"2027-12-31\",\"quantity\":%d}", STOCK);
  json_object_unref (mutate (desk.store, desk.actor, "stock.receive", args));
  sync_ok (&desk);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 0);
  desk_code = ax_sync_fixture_query_text (desk_path, "SELECT value FROM sync_state WHERE key = 'device.code'", NULL);
  ck_assert_ptr_nonnull (desk_code);
  g_key_file_set_string (keys, "desk", "url", server.url);
  g_key_file_set_string (keys, "desk", "device-id", ax_sync_client_get_device_id (desk.client));
  /* The driver never logs in (the tokens last the whole test). */
  g_key_file_set_string (keys, "desk", "device-secret", "unused");
  g_key_file_set_string (keys, "desk", "access-token", ax_sync_client_get_access_token (desk.client));
  g_key_file_set_string (keys, "desk", "refresh-token", ax_sync_client_get_refresh_token (desk.client));
  /* Whose tokens: the desk pushes only that user's changes with them. */
  g_key_file_set_string (keys, "desk", "user-id", ax_sync_client_get_user_id (desk.client));
  ck_assert (g_key_file_save_to_file (keys, desk_ini, &error));
  desk_close (&desk);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  desk_close (&other);
  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()) && g_getenv ("AX_KEEP") == NULL)
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("faults");
  TCase *tc = tcase_create ("faults");
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 60);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_test (tc, test_kill_push_taken);
  tcase_add_test (tc, test_kill_push_replied);
  tcase_add_test (tc, test_kill_push_acknowledging);
  tcase_add_test (tc, test_kill_rebase_undone);
  tcase_add_test (tc, test_kill_pull_page_applied);
  tcase_add_test (tc, test_kill_rebase_replayed);
  tcase_add_test (tc, test_kill_pull_committing);
  tcase_add_test (tc, test_kill_pull_after_push);
  tcase_add_test (tc, test_kill_later_page);
  tcase_add_test (tc, test_server_killed_mid_batch);
  tcase_add_test (tc, test_server_killed_before_commit);
  tcase_add_test (tc, test_change_during_catch_up);
  tcase_add_test (tc, test_kill_fresh_catch_up);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
