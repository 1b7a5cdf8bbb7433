/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Per-user sign-in on a shared desk (docs/sync-protocol.md, "Who pushes"):
 * a real aesthetix-server on 127.0.0.1 (port 0), one desk paired by the
 * owner, where other people log in too. Each person's changes must reach
 * the server as theirs, and be authorised for their role. The cases share
 * the server and run in order in one process. */

#include "ax-sync-fixture.h"

static char *clinic;
static Desk desk;                 /* paired and signed in by the owner */
static AxActor *front, *billing;  /* other people at the same desk */
static char *front_id, *billing_id;
static char *patient_id;       /* whose phone is revealed */

static char *
server_text (const char *sql,
             const char *arg)
{
  g_autofree char *path = server_path (clinic);

  return query_text (path, sql, arg);
}

static gint64
on_server (const char *sql,
           const char *arg)
{
  g_autofree char *path = server_path (clinic);

  return query_int (path, sql, arg);
}

/* A mutation made at the desk by actor. */
static char *
mutate_as (AxActor    *actor,
           const char *name,
           const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (desk.store, actor, name, args, &error);

  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (result), "id", NULL));
}

/* Something every role here may do, that the audit trail records with its
 * author: a masked phone shown in full, with a reason of its own. */
static char *
reveal_as (AxActor    *actor,
           const char *reason)
{
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"field\":\"phone\",\"reason\":\"%s\"}",
                                           patient_id, reason);

  g_free (mutate_as (actor, "patient.reveal", args));
  return g_strdup (reason);
}

/* On the server: how many audit entries have that reason, and whose the
 * first one is. */
static gint64
done_on_server (const char *reason)
{
  return on_server ("SELECT COUNT (*) FROM audit_log WHERE action = 'reveal' "
                    " AND json_extract (detail_json, '$.reason') = ?", reason);
}

static char *
author_on_server (const char *reason)
{
  return server_text ("SELECT user_id FROM audit_log WHERE action = 'reveal' "
                      " AND json_extract (detail_json, '$.reason') = ? ORDER BY seq LIMIT 1", reason);
}

static gint64
seq_on_server (const char *reason)
{
  return on_server ("SELECT MIN (seq) FROM audit_log WHERE action = 'reveal' "
                    " AND json_extract (detail_json, '$.reason') = ?", reason);
}

static char *
create_patient_on (Desk *other)
{
  g_autoptr (JsonObject) r = mutate (other, "patient.create", "{\"first_name\":\"Elsewhere\"}");

  return g_strdup (json_object_get_string_member (r, "id"));
}

/* username logs in to the server on a client of its own for the same desk
 * (what the desk does when they log in there) and hands it to the engine. */
static AxSyncClient *
sign_in (const char *username)
{
  g_autoptr (AxSyncClient) client = ax_sync_client_new_sibling (desk.client);
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;

  ax_sync_client_login_async (client, username, "demo", NULL, store_result, &result);
  reply = reply_of (wait_for (&result), client, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  ck_assert_ptr_nonnull (ax_sync_client_get_user_id (client));
  ax_sync_engine_add_sign_in (desk.engine, client);
  return g_steal_pointer (&client);
}

/* Stops the server for a while, then starts it again (on a new port). */
static void
server_down (void)
{
  ax_test_server_stop (&server);
}

static void
server_up (AxSyncClient *other)
{
  ax_test_server_start (&server, data_dir, NULL);
  ax_sync_client_set_base_url (desk.client, server.url);
  if (other != NULL)
    ax_sync_client_set_base_url (other, server.url);
}

/* Tests */

START_TEST (test_two_people_offline)
{
  g_autoptr (AxSyncClient) front_client = sign_in ("front");
  g_autoptr (GError) error = NULL;
  g_autofree char *mine = NULL, *theirs = NULL, *mine_again = NULL;
  g_autofree char *who = NULL;

  /* The server is away; the owner, then the front desk, then the owner
   * again work at the same desk. */
  server_down ();
  mine = reveal_as (desk.actor, "owner-one");
  theirs = reveal_as (front, "front-one");
  mine_again = reveal_as (desk.actor, "owner-two");
  ck_assert (!sync_desk (&desk, &error));
  g_assert_error (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK);

  server_up (front_client);
  sync_ok (&desk);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 0);
  ck_assert_ptr_null (ax_sync_engine_get_waiting_for (desk.engine));

  /* Each row is on the server, and the audit trail names its author. */
  who = author_on_server (mine);
  ck_assert_str_eq (who, ax_actor_get_user_id (desk.actor));
  g_free (who);
  who = author_on_server (theirs);
  ck_assert_str_eq (who, front_id);
  g_free (who);
  who = author_on_server (mine_again);
  ck_assert_str_eq (who, ax_actor_get_user_id (desk.actor));
  assert_same_as_server (&desk, clinic);
}
END_TEST

START_TEST (test_forbidden_for_their_role)
{
  g_autoptr (AxActor) front_as_owner = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *who = NULL;
  gint64 services = on_server ("SELECT COUNT (*) FROM services", NULL);

  /* A front desk's change its role may not make (a desk that let it
   * through: an old version, or a tampered store), between two of the
   * owner's, while the owner is signed in on this desk too. */
  front_as_owner = ax_actor_new (front_id, "front", "Front", AX_ROLE_OWNER);
  before = reveal_as (desk.actor, "owner-three");
  g_free (mutate_as (front_as_owner, "service.create",
                     "{\"name\":\"Forbidden peel\",\"price\":100000,\"duration_min\":30}"));
  after = reveal_as (desk.actor, "owner-four");
  sync_ok (&desk);

  /* Re-authorised for the front desk on the server: refused, and the
   * owner's changes around it applied as the owner's. */
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM services", NULL), services);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM services WHERE name = ?", "Forbidden peel"), 0);
  reason = query_text (DESK_PATH (&desk), "SELECT last_error FROM outbox WHERE name = ? AND state = 'rejected'",
                       "service.create");
  ck_assert_ptr_nonnull (reason);
  ck_assert_msg (g_str_has_prefix (reason, "forbidden"), "%s", reason);
  who = author_on_server (before);
  ck_assert_str_eq (who, ax_actor_get_user_id (desk.actor));
  g_free (who);
  who = author_on_server (after);
  ck_assert_str_eq (who, ax_actor_get_user_id (desk.actor));
  assert_same_as_server (&desk, clinic);
}
END_TEST

START_TEST (test_wrong_author_refused)
{
  g_autoptr (JsonArray) mutations = json_array_new ();
  g_autoptr (JsonObject) m = json_object_new ();
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autofree char *hlc = ax_test_server_stamp (0);
  gint64 patients = on_server ("SELECT COUNT (*) FROM patients", NULL);

  /* A push that names another author than the token's user: refused
   * whole, nothing applied. */
  json_object_set_int_member (m, "id", 1);
  json_object_set_string_member (m, "name", "patient.create");
  json_object_set_object_member (m, "args", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (m, "args"), "first_name", "Spoofed");
  json_object_set_string_member (m, "hlc", hlc);
  json_object_set_string_member (m, "user_id", front_id);
  json_array_add_object_element (mutations, json_object_ref (m));
  ax_sync_client_push_async (desk.client, "spoof-client", clinic, mutations, NULL, store_result, &result);
  reply = reply_of (wait_for (&result), desk.client, &error);
  g_object_unref (result);
  ck_assert_ptr_null (reply);
  g_assert_error (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients", NULL), patients);
}
END_TEST

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              int        *count)
{
  (*count)++;
}

START_TEST (test_waits_for_their_sign_in)
{
  g_autoptr (AxSyncClient) billing_client = NULL;
  g_autofree char *first = NULL, *theirs = NULL, *last = NULL, *pulled = NULL;
  g_autofree char *who = NULL;
  Desk other = { 0 };
  int notified = 0;

  /* The billing clerk worked here and left; their sign-in did not survive
   * (they never signed in on this desk since). */
  first = reveal_as (desk.actor, "owner-five");
  theirs = reveal_as (billing, "billing-one");
  last = reveal_as (desk.actor, "owner-six");
  g_signal_connect (desk.engine, "notify::waiting-for", G_CALLBACK (notify_count), &notified);
  sync_ok (&desk);

  /* Pushed up to their change, which waits, and the owner's after it too:
   * never reordered, never pushed as someone else. */
  ck_assert_str_eq (ax_sync_engine_get_waiting_for (desk.engine), billing_id);
  ck_assert_int_gt (notified, 0);
  ck_assert_int_eq (done_on_server (first), 1);
  ck_assert_int_eq (done_on_server (theirs), 0);
  ck_assert_int_eq (done_on_server (last), 0);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 2);

  /* Pulls go on meanwhile: another desk's change arrives. */
  desk_open (&other, clinic, "owner", AX_ROLE_OWNER);
  pulled = create_patient_on (&other);
  sync_ok (&other);
  sync_ok (&desk);
  ck_assert_int_eq (query_int (DESK_PATH (&desk), "SELECT COUNT (*) FROM patients WHERE id = ?", pulled), 1);
  ck_assert_str_eq (ax_sync_engine_get_waiting_for (desk.engine), billing_id);

  /* They log in at the desk: the queue goes on, in order, as theirs. */
  billing_client = sign_in ("billing");
  sync_ok (&desk);
  ck_assert_ptr_null (ax_sync_engine_get_waiting_for (desk.engine));
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk.store), 0);
  who = author_on_server (theirs);
  ck_assert_str_eq (who, billing_id);
  g_free (who);
  who = author_on_server (last);
  ck_assert_str_eq (who, ax_actor_get_user_id (desk.actor));
  ck_assert_int_lt (seq_on_server (theirs), seq_on_server (last));
  g_signal_handlers_disconnect_by_func (desk.engine, notify_count, &notified);
  assert_same_as_server (&desk, clinic);
  desk_close (&other);
}
END_TEST

START_TEST (test_spent_sign_in_waits)
{
  g_autoptr (AxSyncClient) stale = ax_sync_client_new_sibling (desk.client);
  g_autoptr (AxSyncClient) fresh = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *who = NULL;

  /* A sign-in read back from the keyring whose refresh token the server
   * no longer knows: the engine tries it once, drops it and waits. */
  ax_sync_client_set_tokens (stale, NULL, "not-a-refresh-token");
  ax_sync_client_set_user_id (stale, front_id);
  ax_sync_engine_add_sign_in (desk.engine, stale);
  theirs = reveal_as (front, "front-two");
  sync_ok (&desk);
  ck_assert_str_eq (ax_sync_engine_get_waiting_for (desk.engine), front_id);
  ck_assert_ptr_null (ax_sync_engine_get_sign_in (desk.engine, front_id));
  ck_assert_int_eq (done_on_server (theirs), 0);

  fresh = sign_in ("front");
  sync_ok (&desk);
  ck_assert_ptr_null (ax_sync_engine_get_waiting_for (desk.engine));
  who = author_on_server (theirs);
  ck_assert_str_eq (who, front_id);
}
END_TEST

/* Setup: a clinic with an owner, a front desk and a billing clerk; one desk
 * paired and signed in by the owner. */

static void
global_setup (void)
{
  g_autoptr (GError) error = NULL;

  data_dir = g_dir_make_tmp ("ax-signin-XXXXXX", &error);
  g_assert_no_error (error);
  clinic = make_clinic ("Lotus Clinic");
  make_user (clinic, "owner", "Owner");
  make_user (clinic, "front", "FrontDesk");
  make_user (clinic, "billing", "Billing");
  ax_test_server_start (&server, data_dir, NULL);
  desk_open (&desk, clinic, "owner", AX_ROLE_OWNER);
  ck_assert_str_eq (ax_sync_client_get_user_id (desk.client), ax_actor_get_user_id (desk.actor));
  front_id = query_text (DESK_PATH (&desk), "SELECT id FROM users WHERE username = ?", "front");
  billing_id = query_text (DESK_PATH (&desk), "SELECT id FROM users WHERE username = ?", "billing");
  ck_assert_ptr_nonnull (front_id);
  ck_assert_ptr_nonnull (billing_id);
  {
    g_autoptr (JsonObject) p = mutate (&desk, "patient.create",
                                       "{\"first_name\":\"Malee\",\"phone\":\"081-555-0101\"}");

    patient_id = g_strdup (json_object_get_string_member (p, "id"));
    sync_ok (&desk);
  }
  front = ax_actor_new (front_id, "front", "Front", AX_ROLE_FRONT_DESK);
  billing = ax_actor_new (billing_id, "billing", "Billing", AX_ROLE_BILLING);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  desk_close (&desk);
  g_clear_pointer (&front, ax_actor_unref);
  g_clear_pointer (&billing, ax_actor_unref);
  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()) && g_getenv ("AX_KEEP") == NULL)
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("signin");
  TCase *tc = tcase_create ("signin");
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 60);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_test (tc, test_two_people_offline);
  tcase_add_test (tc, test_forbidden_for_their_role);
  tcase_add_test (tc, test_wrong_author_refused);
  tcase_add_test (tc, test_waits_for_their_sign_in);
  tcase_add_test (tc, test_spent_sign_in_waits);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
