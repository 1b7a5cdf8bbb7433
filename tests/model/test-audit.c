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

AX_TEST_MAIN_FIXTURE ("audit", setup, teardown, test_chain_verifies, test_insert_only, test_tampering_named)
