/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ax-fixture.h"
#include "ax-audit.h"

AX_FIXTURE_DEFINE

static void
make_history (void)
{
  g_autoptr (AxActor) a = ax_auth_login (f.store, "owner", "demo", NULL);
  g_autofree char *upd = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"display_name\": \"Boss\"}}",
                                          ax_actor_get_user_id (f.actors[BILLING]));
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "user.update", upd);

  ck_assert_ptr_nonnull (a);
  ck_assert (ax_auth_logout (f.store, a, NULL));
}

START_TEST (test_chain_verifies)
{
  gint64 bad = -1, n = 0;
  g_autoptr (GError) error = NULL;

  make_history ();
  /* user.create × 6 (fixture), login, user.update, logout. */
  ck_assert (ax_audit_verify (ax_store_get_db (f.store), &bad, &n, &error));
  ck_assert_int_eq (n, AX_N_ROLES + 3);
}
END_TEST

START_TEST (test_insert_only)
{
  AxDb *db = ax_store_get_db (f.store);
  g_autoptr (GError) error = NULL;

  make_history ();
  ck_assert (!ax_db_exec (db, "UPDATE audit_log SET action = 'nothing' WHERE seq = 2", &error));
  ck_assert (strstr (error->message, "insert-only") != NULL);
  g_clear_error (&error);
  ck_assert (!ax_db_exec (db, "DELETE FROM audit_log WHERE seq = 2", &error));
}
END_TEST

START_TEST (test_tampering_named)
{
  AxDb *db = ax_store_get_db (f.store);
  gint64 bad = -1;
  g_autoptr (GError) error = NULL;

  make_history ();
  /* Someone with the file and a SQLite shell edits an entry… */
  ck_assert (ax_db_exec (db, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                             "UPDATE audit_log SET detail_json = '{\"display_name\":\"Nobody\"}' WHERE seq = 8",
                         NULL));
  ck_assert (!ax_audit_verify (db, &bad, NULL, &error));
  ck_assert_int_eq (bad, 8);
  ck_assert (strstr (error->message, "entry 8 was altered") != NULL);
  g_clear_error (&error);

  /* …or removes one. */
  ck_assert (ax_db_exec (db, "UPDATE audit_log SET detail_json = (SELECT detail_json FROM audit_log "
                             "WHERE seq = 8) WHERE 0; DELETE FROM audit_log WHERE seq = 8", NULL));
  ck_assert (!ax_audit_verify (db, &bad, NULL, &error));
  ck_assert_int_eq (bad, 9);
  ck_assert (strstr (error->message, "removed or reordered") != NULL);
}
END_TEST

/* Reading it: newest first, filters, search, pages. */

static AxAuditLogPage *
query (const char *action,
       const char *user_id,
       const char *search,
       gint64      before_seq,
       guint       limit)
{
  AxAuditFilter filter = { action, user_id, search };
  g_autoptr (GError) error = NULL;
  AxAuditLogPage *page = ax_audit_query (ax_store_get_db (f.store), &filter, before_seq, limit,
                                      &error);

  ck_assert_msg (page != NULL, "%s", error ? error->message : "");
  return page;
}

static char *
seqs_of (AxAuditLogPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->entries->len; i++)
    {
      const AxAuditEntry *e = page->entries->pdata[i];
      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", e->seq);
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_query)
{
  g_autoptr (AxAuditLogPage) all = NULL;
  g_autoptr (AxAuditLogPage) logins = NULL;
  g_autoptr (AxAuditLogPage) owner = NULL;
  g_autoptr (AxAuditLogPage) boss = NULL;
  g_autoptr (AxAuditLogPage) odd = NULL;
  g_autofree char *s_all = NULL, *s_logins = NULL, *s_owner = NULL, *s_boss = NULL;
  const AxAuditEntry *e;

  make_history ();
  /* seq 1–6 user.create by Setup, 7 login, 8 user.update, 9 logout */
  all = query (NULL, NULL, NULL, 0, 100);
  s_all = seqs_of (all);
  ck_assert_str_eq (s_all, "9,8,7,6,5,4,3,2,1");
  ck_assert (!all->has_more);
  ck_assert_int_eq (all->total, 9);
  ck_assert_ptr_nonnull (all->actions);
  ck_assert_uint_eq (g_strv_length (all->actions), 4);
  ck_assert_str_eq (all->actions[0], "login");
  ck_assert_str_eq (all->actions[3], "user.update");
  ck_assert_ptr_nonnull (all->users);
  ck_assert_uint_ge (all->users->len, 1);
  e = all->entries->pdata[1];
  ck_assert_str_eq (e->action, "user.update");
  ck_assert_str_eq (e->subject_type, "user");
  ck_assert_str_eq (e->subject_id, ax_actor_get_user_id (f.actors[BILLING]));
  ck_assert (strstr (e->detail_json, "Boss") != NULL);

  logins = query ("login", NULL, NULL, 0, 100);
  s_logins = seqs_of (logins);
  ck_assert_str_eq (s_logins, "7");

  owner = query (NULL, ax_actor_get_user_id (f.actors[OWNER]), NULL, 0, 100);
  s_owner = seqs_of (owner);
  ck_assert_str_eq (s_owner, "9,8,7");

  /* The search reads the detail too, ignoring case. */
  boss = query (NULL, NULL, "boss", 0, 100);
  s_boss = seqs_of (boss);
  ck_assert_str_eq (s_boss, "8");
  /* LIKE's wildcards are taken literally. */
  odd = query (NULL, NULL, "%", 0, 100);
  ck_assert_uint_eq (odd->entries->len, 0);
}
END_TEST

START_TEST (test_query_pages)
{
  g_autoptr (AxAuditLogPage) first = NULL;
  g_autoptr (AxAuditLogPage) second = NULL;
  g_autoptr (AxAuditLogPage) third = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  make_history ();
  first = query (NULL, NULL, NULL, 0, 4);
  a = seqs_of (first);
  ck_assert_str_eq (a, "9,8,7,6");
  ck_assert (first->has_more);
  second = query (NULL, NULL, NULL, 6, 4);
  b = seqs_of (second);
  ck_assert_str_eq (b, "5,4,3,2");
  ck_assert (second->has_more);
  ck_assert_ptr_null (second->actions);           /* the filters' lists come with the first */
  third = query (NULL, NULL, NULL, 2, 4);
  c = seqs_of (third);
  ck_assert_str_eq (c, "1");
  ck_assert (!third->has_more);
}
END_TEST

static void
verdict_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AxAuditVerdict **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = ax_audit_verify_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

static AxAuditVerdict *
verify_async (void)
{
  AxAuditVerdict *v = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  ax_audit_verify_async (f.store, NULL, verdict_cb, &v);
  while (v == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_nonnull (v);
  return v;
}

START_TEST (test_verify_async)
{
  g_autoptr (AxAuditVerdict) good = NULL;
  g_autoptr (AxAuditVerdict) bad = NULL;

  make_history ();
  good = verify_async ();
  ck_assert (good->intact);
  ck_assert_int_eq (good->n_checked, 9);
  ck_assert_int_eq (good->first_bad_seq, 0);
  ck_assert_ptr_null (good->message);

  ck_assert (ax_db_exec (ax_store_get_db (f.store),
                         "DROP TRIGGER audit_log_no_update;"
                         "UPDATE audit_log SET action = 'nothing' WHERE seq = 5", NULL));
  bad = verify_async ();
  ck_assert (!bad->intact);
  ck_assert_int_eq (bad->first_bad_seq, 5);
  ck_assert (strstr (bad->message, "entry 5 was altered") != NULL);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("audit", setup, teardown, test_chain_verifies, test_insert_only,
                      test_tampering_named, test_query, test_query_pages, test_verify_async)
