/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catch-up pages (docs/sync-protocol.md, "Catching up"): a pulled page read
 * by SQLite's JSON functions (ax_sync_page_rows_read) and applied by the
 * catch-up's own connection: what cannot be read is refused whole, rows are
 * upserted (unknown members left out) or deleted, the search index is
 * filled in bulk, and the catch-up declines while work waits. */
#include "ax-fixture.h"
#include "ax-sync-store.h"

AX_FIXTURE_DEFINE

static GBytes *
text (const char *json)
{
  return g_bytes_new (json, strlen (json));
}

static void
assert_unreadable (const char *json)
{
  g_autoptr (GBytes) page = text (json);
  g_autoptr (GError) error = NULL;
  AxSyncPageInfo info;
  AxSyncPageRows *rows = ax_sync_page_rows_read (page, &info, &error);

  ck_assert_msg (rows == NULL, "read: %s", json);
  g_assert_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT);
  ck_assert_ptr_null (info.cursor);
}

START_TEST (test_unreadable_pages)
{
  assert_unreadable ("");
  assert_unreadable ("{");
  assert_unreadable ("[]");
  assert_unreadable ("{\"changes\": {}, \"cursor\": \"1\"}");
  assert_unreadable ("{\"changes\": []}");
  /* A change without its table, its id, or its row. */
  assert_unreadable ("{\"changes\": [{\"id\": \"a\", \"row\": null}], \"cursor\": \"1\"}");
  assert_unreadable ("{\"changes\": [{\"table\": \"rooms\", \"row\": null}], \"cursor\": \"1\"}");
  assert_unreadable ("{\"changes\": [{\"table\": \"rooms\", \"id\": \"a\"}], \"cursor\": \"1\"}");
  assert_unreadable ("{\"changes\": [{\"table\": \"rooms\", \"id\": \"a\", \"row\": 3}], \"cursor\": \"1\"}");
  /* A member that is not a value a column can hold. */
  assert_unreadable ("{\"changes\": [{\"table\": \"rooms\", \"id\": \"a\", "
                     "\"row\": {\"id\": \"a\", \"name\": {\"x\": 1}}}], \"cursor\": \"1\"}");
}
END_TEST

/* The page's rows and its own members, read in one walk. */
START_TEST (test_page_info)
{
  g_autoptr (GBytes) page = text ("{\"changes\": [{\"table\": \"rooms\", \"id\": \"a\", \"version\": 7, "
                                  "\"row\": null, \"deleted\": true}], \"cursor\": \"7\", "
                                  "\"has_more\": true, \"last_mutation_id\": 0, \"server_time\": 1234}");
  g_autoptr (GError) error = NULL;
  AxSyncPageInfo info;
  AxSyncPageRows *rows = ax_sync_page_rows_read (page, &info, &error);

  g_assert_no_error (error);
  ck_assert_ptr_nonnull (rows);
  ck_assert_str_eq (info.cursor, "7");
  ck_assert (info.has_more);
  ck_assert_uint_eq (info.n_changes, 1);
  ck_assert_int_eq (info.server_ms, 1234);
  ax_sync_page_info_clear (&info);
  ax_sync_page_rows_free (rows);
}
END_TEST

/* A page of n new patients "Bulk<i>" (one with a member this desk does not
 * know), an update of `update` and the deletion of the room `gone`. */
static char *
make_page (const char *clinic,
           int         n,
           const char *update,
           const char *gone,
           gboolean    has_more)
{
  GString *out = g_string_new ("{\"changes\": [");

  for (int i = 0; i < n; i++)
    g_string_append_printf (out, "%s{\"table\": \"patients\", \"id\": \"bulk-%d\", \"version\": %d, "
                            "\"row\": {\"id\": \"bulk-%d\", \"clinic_id\": \"%s\", \"created_at\": 1, "
                            "\"updated_at\": \"1\", \"version\": %d, \"patient_number\": \"T-%d\", "
                            "\"first_name\": \"Bulk%d\", \"last_name\": \"Sömchai\", \"phone\": null, "
                            "\"marketing_opt_in\": %s%s}, \"deleted\": false}",
                            i ? ", " : "", i, i + 1, i, clinic, i + 1, i, i, i % 2 ? "true" : "false",
                            i == 3 ? ", \"from_a_newer_server\": 1.5" : "");
  g_string_append_printf (out, ", {\"table\": \"patients\", \"id\": \"%s\", \"version\": %d, "
                          "\"row\": {\"id\": \"%s\", \"clinic_id\": \"%s\", \"created_at\": 1, "
                          "\"updated_at\": \"2\", \"version\": %d, \"patient_number\": \"U-1\", "
                          "\"first_name\": \"Renamed\", \"last_name\": \"\"}, \"deleted\": false}",
                          update, n + 1, update, clinic, n + 1);
  g_string_append_printf (out, ", {\"table\": \"rooms\", \"id\": \"%s\", \"version\": %d, \"row\": null, "
                          "\"deleted\": true}", gone, n + 2);
  g_string_append_printf (out, "], \"cursor\": \"%d\", \"has_more\": %s, \"last_mutation_id\": 0, "
                          "\"server_time\": 1}", n + 2, has_more ? "true" : "false");
  return g_string_free (out, FALSE);
}

static gboolean
apply (AxSyncCatchUp *c,
       const char    *json,
       gboolean      *declined)
{
  g_autoptr (GBytes) page = text (json);
  g_autoptr (GError) error = NULL;
  AxSyncPageInfo info;
  AxSyncPageRows *rows = ax_sync_page_rows_read (page, &info, &error);
  guint applied = 0;
  gboolean ok;

  g_assert_no_error (error);
  ok = ax_sync_catch_up_apply (c, rows, &info, &applied, declined, &error);
  g_assert_no_error (error);
  ax_sync_page_info_clear (&info);
  ax_sync_page_rows_free (rows);
  return ok;
}

START_TEST (test_apply_and_decline)
{
  const char *clinic = ax_store_get_clinic (f.store)->id;
  g_autofree char *update = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  g_autofree char *gone = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Room 9\"}");
  g_autofree char *page = make_page (clinic, 80, update, gone, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxSyncCatchUp) c = ax_store_sync_catch_up_new (f.store, &error);
  g_autofree char *before = ax_fixture_dump (&f, "patients");
  gboolean declined = FALSE;

  g_assert_no_error (error);
  /* Work waits (the two mutations above): nothing is written. */
  ck_assert (apply (c, page, &declined));
  ck_assert (declined);
  {
    g_autofree char *after = ax_fixture_dump (&f, "patients");

    ck_assert_str_eq (after, before);
  }

  /* Acknowledged and pulled since: the catch-up writes. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "DELETE FROM outbox_effect; DELETE FROM outbox", &error));
  ck_assert (apply (c, page, &declined));
  ck_assert (!declined);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE first_name LIKE 'Bulk%'"), 80);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE id = 'bulk-1' "
                                          " AND marketing_opt_in = 1 AND phone IS NULL"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE id = 'bulk-2' "
                                          " AND marketing_opt_in = 0 AND last_name = 'Sömchai'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM rooms WHERE name = 'Room 9'"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT value = '82' FROM sync_state WHERE key = 'sync.cursor'"), 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM patients WHERE id = '%s' "
                                            " AND first_name = 'Renamed'", update);

    ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
  }
  /* The search index: in bulk for the new ones, by trigger for the update;
   * the trigger is back. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients p "
                                          " LEFT JOIN patient_search s ON s.rowid = p.rowid "
                                          " LEFT JOIN patient_search_names n ON n.rowid = p.rowid "
                                          " WHERE s.body IS NOT ax_search_body (p.first_name, p.last_name, "
                                          "   p.nickname, p.patient_number, p.phone, p.national_id, p.email) "
                                          "    OR n.first IS NOT ax_search_fold (p.first_name)"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_search WHERE patient_search MATCH 'bulk42'"),
                    1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sqlite_master "
                                          " WHERE name = 'patient_search_insert'"), 1);
  /* Not a fresh desk: no index was deferred. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sync_state "
                                          " WHERE key = 'sync.deferred_indexes'"), 0);
}
END_TEST

/* A fresh desk's catch-up defers its indexes until its last page; a page
 * applied by the rebase, or the desk unpaired, gives them back first. */
static gint64
index_count (void)
{
  return ax_fixture_count (&f, "SELECT COUNT (*) FROM sqlite_master WHERE type = 'index' "
                               " AND name IN ('appointments_patient', 'patients_phone')");
}

START_TEST (test_deferred_indexes_restored)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxSyncCatchUp) c = NULL;
  g_autoptr (JsonObject) empty = NULL;
  g_autofree char *page = NULL;
  gint64 before = index_count ();
  gboolean declined = FALSE;
  guint applied = 0;

  ck_assert_int_gt (before, 0);
  /* A fresh desk: no cursor, nothing waiting, and more pages to come. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "DELETE FROM outbox_effect; DELETE FROM outbox; "
                         "DELETE FROM sync_state WHERE key = 'sync.cursor'", &error));
  c = ax_store_sync_catch_up_new (f.store, &error);
  g_assert_no_error (error);
  page = g_strdup ("{\"changes\": [{\"table\": \"rooms\", \"id\": \"none\", \"row\": null}], "
                   "\"cursor\": \"5\", \"has_more\": true}");
  ck_assert (apply (c, page, &declined));
  ck_assert (!declined);
  ck_assert_int_eq (index_count (), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sync_state "
                                          " WHERE key = 'sync.deferred_indexes'"), 1);

  /* Unpaired: the catch-up will not go on. */
  ck_assert (ax_store_sync_forget_server (f.store, &error));
  g_assert_no_error (error);
  ck_assert_int_eq (index_count (), before);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sync_state "
                                          " WHERE key = 'sync.deferred_indexes'"), 0);

  /* Deferred again (the cursor forgotten), then a page through the rebase. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "DELETE FROM sync_state WHERE key = 'sync.cursor'", &error));
  ck_assert (apply (c, page, &declined));
  ck_assert_int_eq (index_count (), 0);
  empty = json_object_new ();
  json_object_set_array_member (empty, "changes", json_array_new ());
  json_object_set_string_member (empty, "cursor", "5");
  ck_assert (ax_store_sync_apply_pulled (f.store, empty, &applied, &error));
  g_assert_no_error (error);
  ck_assert_int_eq (index_count (), before);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("sync-pages", setup, teardown,
                      test_unreadable_pages, test_page_info, test_apply_and_decline,
                      test_deferred_indexes_restored)
