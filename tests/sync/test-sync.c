/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Desktop sync end to end: a real aesthetix-server on 127.0.0.1 (port 0)
 * and several desk stores, each with its own AxSyncClient and AxSyncEngine,
 * working offline and syncing (docs/sync-protocol.md, "Desktop engine").
 * The cases share the server and run in order in one process. */

#include "ax-sync-fixture.h"

static char *clinic_a, *clinic_b;
static Desk desk1, desk2, desk_b;
static char *provider_id;
static char *service_id;

static char *
create_patient (Desk       *desk,
                const char *first_name,
                const char *phone)
{
  g_autofree char *args = g_strdup_printf ("{\"first_name\":\"%s\",\"phone\":\"%s\"}", first_name, phone);
  g_autoptr (JsonObject) r = mutate (desk, "patient.create", args);

  return g_strdup (json_object_get_string_member (r, "id"));
}

static char *
book (Desk       *desk,
      const char *patient,
      gint64      start)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;
  g_autoptr (JsonObject) r = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"provider_id\":\"%s\","
                          "\"start_at\":%" G_GINT64_FORMAT ",\"end_at\":%" G_GINT64_FORMAT ","
                          "\"book_anyway\":true}",
                          id, patient, provider_id, start, start + 30 * 60000);
  r = mutate (desk, "appointment.book", args);
  return g_strdup (id);
}

static void
sell (Desk       *desk,
      const char *patient)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;
  g_autoptr (JsonObject) r = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\","
                          "\"lines\":[{\"kind\":\"service\",\"item_id\":\"%s\"}],"
                          "\"tenders\":[{\"kind\":\"cash\",\"amount\":150000,\"given\":200000}]}",
                          id, patient, service_id);
  r = mutate (desk, "sale.checkout", args);
}

static gint64
on_server (const char *sql,
           const char *arg)
{
  g_autofree char *path = server_path (clinic_a);

  return query_int (path, sql, arg);
}

static gint64
on_desk (Desk       *desk,
         const char *sql,
         const char *arg)
{
  return query_int (DESK_PATH (desk), sql, arg);
}

/* Tests */

START_TEST (test_convergence)
{
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;

  /* Both desks work offline: patients, bookings, a sale each. */
  p1 = create_patient (&desk1, "Anong", "081-000-0001");
  p2 = create_patient (&desk2, "Boonmee", "081-000-0002");
  g_free (book (&desk1, p1, monday_at (9, 0)));
  g_free (book (&desk2, p2, monday_at (11, 0)));
  sell (&desk1, p1);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk1.store), 3);

  sync_ok (&desk1);
  sync_ok (&desk2);
  /* Desk 2 sees desk 1's patient and works on it before desk 1 syncs again. */
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM patients WHERE id = ?", p1), 1);
  p3 = create_patient (&desk2, "Chai", "081-000-0003");
  g_free (book (&desk2, p1, monday_at (13, 0)));
  sell (&desk1, p1);
  sync_ok (&desk2);
  sync_ok (&desk1);
  sync_ok (&desk2);

  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE first_name IN ('Anong','Boonmee','Chai')", NULL), 3);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM appointments", NULL), 3);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM sales", NULL), 2);
  ck_assert_int_eq (on_server ("SELECT COUNT (DISTINCT number) FROM sales", NULL), 2);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
  ck_assert_int_eq (ax_sync_engine_get_pending (desk1.engine), 0);
  ck_assert_int_gt (ax_sync_engine_get_last_sync (desk1.engine), 0);
}
END_TEST

/* The push's reply is lost after the server committed (the batch is taken
 * and pushed by hand, the reply thrown away), then the same batch is pushed
 * again as a duplicate, then the engine retries it: nothing is doubled. */
START_TEST (test_duplicate_and_lost_reply)
{
  g_autofree char *p = create_patient (&desk1, "Duangjai", "081-000-0004");
  g_autoptr (JsonArray) batch = NULL;
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;
  const char *client_id = ax_store_get_device_id (desk1.store);

  batch = ax_store_sync_take_batch (desk1.store, 100, &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (json_array_get_length (batch), 1);

  ax_sync_client_push_async (desk1.client, client_id, clinic_a, batch, NULL, store_result, &result);
  first = reply_of (wait_for (&result), desk1.client, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  /* The reply is "lost": the desk never records it. */
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk1.store), 1);

  /* The same push again (a duplicate): skipped. */
  ax_sync_client_push_async (desk1.client, client_id, clinic_a, batch, NULL, store_result, &result);
  again = reply_of (wait_for (&result), desk1.client, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (
                      json_object_get_array_member (again, "results"), 0), "status"), "skipped");
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);

  /* The engine sends its queue (the same push id) and pulls. */
  sync_ok (&desk1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
  ck_assert_int_eq (on_desk (&desk1, "SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
  ck_assert_int_eq (on_desk (&desk1, "SELECT COUNT (*) FROM outbox WHERE state = 'applied' "
                                     " AND json_extract (args_json, '$.id') = ?", p), 1);
  sync_ok (&desk2);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* A pull while the desk still has a change the server has not seen: the
 * change is undone, the pulled rows applied, the change re-run on top. */
START_TEST (test_rebase_keeps_pending)
{
  g_autofree char *theirs = create_patient (&desk1, "Ekkachai", "081-000-0005");
  g_autofree char *mine = NULL;
  g_autoptr (JsonObject) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  GAsyncResult *result = NULL;
  guint applied = 0;

  sync_ok (&desk1);
  mine = create_patient (&desk2, "Fah", "081-000-0006");
  {
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"nickname\":\"Fon\"},"
                                             "\"from\":{\"nickname\":null}}", mine);
    g_autoptr (JsonObject) r = mutate (&desk2, "patient.update", args);
  }

  cursor = ax_store_sync_get_cursor (desk2.store);
  ax_sync_client_pull_async (desk2.client, cursor, 500, ax_store_get_device_id (desk2.store), clinic_a,
                             NULL, store_result, &result);
  page = reply_of (wait_for (&result), desk2.client, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  ck_assert (ax_store_sync_apply_pulled (desk2.store, page, &applied, &error));
  g_assert_no_error (error);
  ck_assert_uint_gt (applied, 0);

  /* Theirs arrived, mine is still here and still waiting, with its edit. */
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM patients WHERE id = ?", theirs), 1);
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM patients WHERE id = ? AND nickname = 'Fon'", mine), 1);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk2.store), 2);
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM outbox_effect e JOIN outbox o USING (mut_id) "
                                     " WHERE o.state = 'pending' AND length (e.changeset) > 0", NULL), 2);

  sync_ok (&desk2);
  sync_ok (&desk1);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* The same patient edited on two desks offline: the phone (low risk) goes
 * to the later clock; the name (safety-critical) keeps the first value to
 * reach the server and opens a conflict with base, mine and theirs. */
START_TEST (test_field_merge)
{
  g_autofree char *p = create_patient (&desk1, "Ganya", "081-000-0007");
  g_autofree char *a1 = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"first_name\":\"Kanya\",\"phone\":\"081-111-1111\"},"
                                         "\"from\":{\"first_name\":\"Ganya\",\"phone\":\"081-000-0007\"}}", p);
  g_autofree char *a2 = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"first_name\":\"Ganyaa\",\"phone\":\"081-222-2222\"},"
                                         "\"from\":{\"first_name\":\"Ganya\",\"phone\":\"081-000-0007\"}}", p);
  g_autofree char *first = NULL;

  sync_ok (&desk1);
  sync_ok (&desk2);
  json_object_unref (mutate (&desk1, "patient.update", a1));
  g_usleep (5000);
  json_object_unref (mutate (&desk2, "patient.update", a2));

  sync_ok (&desk1);
  sync_ok (&desk2);
  sync_ok (&desk1);

  {
    g_autofree char *path = server_path (clinic_a);
    g_autofree char *name = query_text (path, "SELECT first_name FROM patients WHERE id = ?", p);
    g_autofree char *phone = query_text (path, "SELECT phone FROM patients WHERE id = ?", p);
    g_autofree char *mine = query_text (path, "SELECT mine_json FROM conflicts WHERE row_id = ? AND field = 'first_name'", p);
    g_autofree char *their = query_text (path, "SELECT theirs_json FROM conflicts WHERE row_id = ? AND field = 'first_name'", p);
    g_autofree char *base = query_text (path, "SELECT base_json FROM conflicts WHERE row_id = ? AND field = 'first_name'", p);

    ck_assert_str_eq (name, "Kanya");
    ck_assert_str_eq (phone, "081-222-2222");
    ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM conflicts WHERE row_id = ? AND kind = 'field' "
                                 " AND status = 'open'", p), 1);
    ck_assert_str_eq (base, "\"Ganya\"");
    ck_assert_str_eq (mine, "\"Ganyaa\"");
    ck_assert_str_eq (their, "\"Kanya\"");
  }
  /* Desk 2 was told: merged, not applied. */
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM outbox WHERE name = 'patient.update' "
                                     " AND state = 'merged' AND json_extract (args_json, '$.id') = ?", p), 1);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* The same provider booked at the same time on two desks offline: the
 * later booking to reach the server is kept, flagged needs_rebooking, and a
 * booking conflict opens; both desks show it. */
START_TEST (test_booking_clash)
{
  g_autofree char *p1 = create_patient (&desk1, "Hathai", "081-000-0008");
  g_autofree char *p2 = create_patient (&desk2, "Itsara", "081-000-0009");
  g_autofree char *b1 = NULL, *b2 = NULL;

  b1 = book (&desk1, p1, monday_at (15, 0));
  b2 = book (&desk2, p2, monday_at (15, 0));
  sync_ok (&desk1);
  sync_ok (&desk2);
  sync_ok (&desk1);

  ck_assert_int_eq (on_server ("SELECT needs_rebooking FROM appointments WHERE id = ?", b1), 0);
  ck_assert_int_eq (on_server ("SELECT needs_rebooking FROM appointments WHERE id = ?", b2), 1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM conflicts WHERE kind = 'booking' AND row_id = ?", b2), 1);
  ck_assert_int_eq (on_desk (&desk1, "SELECT needs_rebooking FROM appointments WHERE id = ?", b2), 1);
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM conflicts WHERE kind = 'booking' AND row_id = ?", b2), 1);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* A desk of clinic B given a token of clinic A: every call is refused and
 * neither store takes anything from the other. */
START_TEST (test_token_of_another_clinic)
{
  g_autofree char *p = create_patient (&desk_b, "Jintana", "081-000-0010");
  g_autoptr (GError) error = NULL;
  gint64 b_patients = on_desk (&desk_b, "SELECT COUNT (*) FROM patients", NULL);

  ax_sync_client_set_tokens (desk_b.client, ax_sync_client_get_access_token (desk1.client), NULL);
  ck_assert (!sync_desk (&desk_b, &error));
  g_assert_error (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED);
  ck_assert_int_eq (ax_sync_engine_get_state (desk_b.engine), AX_SYNC_STATE_ERROR);
  ck_assert_ptr_nonnull (ax_sync_engine_get_last_error (desk_b.engine));
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 0);
  ck_assert_int_eq (on_desk (&desk_b, "SELECT COUNT (*) FROM patients", NULL), b_patients);
  ck_assert_int_eq (on_desk (&desk_b, "SELECT COUNT (*) FROM patients WHERE clinic_id = ?", clinic_a), 0);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk_b.store), 1);
}
END_TEST

/* A desk whose clock is an hour, then a day ahead: the server refuses its
 * stamps and the desk says so; once the clock is corrected, the waiting
 * changes take new stamps and go through, once. */
START_TEST (test_clock_ahead)
{
  static const gint64 offsets[] = { 3600000, 86400000 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *p = NULL;
      g_autofree char *name = g_strdup_printf ("Lamai%u", i);
      g_autofree char *stamp = NULL;
      AxHlc hlc;

      ax_store_set_now (desk2.store, g_get_real_time () / 1000 + offsets[i]);
      p = create_patient (&desk2, name, "081-000-0012");
      ck_assert (!sync_desk (&desk2, &error));
      g_assert_error (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED);
      ck_assert_msg (strstr (ax_sync_engine_get_last_error (desk2.engine), "ahead") != NULL, "%s",
                     ax_sync_engine_get_last_error (desk2.engine));
      ck_assert_int_eq (ax_sync_engine_get_state (desk2.engine), AX_SYNC_STATE_ERROR);
      ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 0);

      /* Corrected. */
      ax_store_set_now (desk2.store, 0);
      sync_ok (&desk2);
      ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
      stamp = query_text (DESK_PATH (&desk2), "SELECT hlc FROM outbox WHERE json_extract (args_json, '$.id') = ?", p);
      ck_assert (ax_hlc_parse (stamp, &hlc, NULL));
      ck_assert_int_lt (hlc.wall_ms, g_get_real_time () / 1000 + 60000);
    }
  sync_ok (&desk1);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* A desk whose clock is a day behind: its changes are accepted, and once it
 * has heard the server's clock its new stamps are not a day old. */
START_TEST (test_clock_behind)
{
  g_autofree char *p = NULL;
  g_autofree char *q = NULL;
  g_autofree char *stamp = NULL;
  AxHlc hlc;
  gint64 real = g_get_real_time () / 1000;

  ax_store_set_now (desk1.store, real - 86400000);
  p = create_patient (&desk1, "Mayuree", "081-000-0013");
  sync_ok (&desk1);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
  q = create_patient (&desk1, "Nok", "081-000-0014");
  stamp = query_text (DESK_PATH (&desk1), "SELECT hlc FROM outbox WHERE json_extract (args_json, '$.id') = ?", q);
  ck_assert (ax_hlc_parse (stamp, &hlc, NULL));
  ck_assert_int_ge (hlc.wall_ms, real);
  sync_ok (&desk1);
  ax_store_set_now (desk1.store, 0);
  sync_ok (&desk2);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(int *) data)++;
}

/* The server unreachable: the engine says offline (since when), the desk
 * keeps working, changes wait; back online, the background sync sends them
 * soon after the next change. */
START_TEST (test_offline_and_back)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup (server.url);
  g_autofree char *p = NULL;
  int state_changes = 0;
  gint64 until;

  g_signal_connect (desk2.engine, "notify::state", G_CALLBACK (notify_count), &state_changes);
  ax_sync_client_set_base_url (desk2.client, "http://127.0.0.1:1");
  p = create_patient (&desk2, "Kamon", "081-000-0011");
  ck_assert (!sync_desk (&desk2, &error));
  g_assert_error (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK);
  ck_assert_int_eq (ax_sync_engine_get_state (desk2.engine), AX_SYNC_STATE_OFFLINE);
  ck_assert_int_gt (ax_sync_engine_get_offline_since (desk2.engine), 0);
  ck_assert_int_gt (state_changes, 0);

  /* Still working. */
  g_free (book (&desk2, p, monday_at (16, 0)));
  ck_assert_uint_eq (ax_sync_engine_get_pending (desk2.engine), 2);

  /* Back: the engine in the background, an interval of 30 s, and a change. */
  ax_sync_client_set_base_url (desk2.client, url);
  ax_sync_engine_start (desk2.engine, 30, 2);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((ax_sync_engine_get_state (desk2.engine) != AX_SYNC_STATE_IDLE
          || ax_sync_engine_get_pending (desk2.engine) != 0)
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  ax_sync_engine_stop (desk2.engine);
  ck_assert_int_eq (ax_sync_engine_get_state (desk2.engine), AX_SYNC_STATE_IDLE);
  ck_assert_int_eq (ax_sync_engine_get_offline_since (desk2.engine), 0);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);
  g_signal_handlers_disconnect_by_func (desk2.engine, notify_count, &state_changes);
  sync_ok (&desk1);
  assert_same_as_server (&desk1, clinic_a);
  assert_same_as_server (&desk2, clinic_a);
}
END_TEST

/* A server that cannot be reached is knocked on every few seconds however
 * long it has been away (the back-off would otherwise grow to minutes):
 * after 8 s of refused connections, so that the back-off has passed 5 s,
 * the server comes back and the desk's change is there within 6 s; what
 * another desk pushes just after comes within seconds too. */
START_TEST (test_unreachable_probed)
{
  g_autofree char *url = g_strdup (server.url);
  g_autofree char *p = NULL, *other = NULL;
  gint64 until, back;

  ax_sync_client_set_base_url (desk2.client, "http://127.0.0.1:1");
  p = create_patient (&desk2, "Probe", "081-000-0012");
  ax_sync_engine_start (desk2.engine, 300, 300);
  until = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  ck_assert_int_eq (ax_sync_engine_get_state (desk2.engine), AX_SYNC_STATE_OFFLINE);

  ax_sync_client_set_base_url (desk2.client, url);
  back = g_get_monotonic_time ();
  until = back + 6 * G_USEC_PER_SEC;
  while ((ax_sync_engine_get_state (desk2.engine) != AX_SYNC_STATE_IDLE
          || ax_sync_engine_get_pending (desk2.engine) != 0)
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  ck_assert_msg (ax_sync_engine_get_state (desk2.engine) == AX_SYNC_STATE_IDLE,
                 "not synced %.1f s after the server came back",
                 (double) (g_get_monotonic_time () - back) / G_USEC_PER_SEC);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM patients WHERE id = ?", p), 1);

  /* Another desk, back a moment later, pushes what it did meanwhile: the
   * first has it within seconds, not an interval (300 s here) later. */
  other = create_patient (&desk1, "Later", "081-000-0013");
  sync_ok (&desk1);
  until = g_get_monotonic_time () + 12 * G_USEC_PER_SEC;
  while (on_desk (&desk2, "SELECT COUNT (*) FROM patients WHERE id = ?", other) == 0
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  ax_sync_engine_stop (desk2.engine);
  ck_assert_int_eq (on_desk (&desk2, "SELECT COUNT (*) FROM patients WHERE id = ?", other), 1);
}
END_TEST

/* Setup: clinic A with an owner and a front desk, clinic B with an owner;
 * desk 1 (owner) makes the provider and a service, desk 2 (front desk). */

static void
global_setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) prov = NULL;
  g_autoptr (JsonObject) svc = NULL;

  data_dir = g_dir_make_tmp ("ax-sync-XXXXXX", &error);
  g_assert_no_error (error);
  clinic_a = make_clinic ("Lotus Clinic");
  clinic_b = make_clinic ("Orchid Clinic");
  make_user (clinic_a, "owner", "Owner");
  make_user (clinic_a, "frontdesk", "FrontDesk");
  make_user (clinic_b, "bowner", "Owner");
  ax_test_server_start (&server, data_dir, NULL);

  desk_open (&desk1, clinic_a, "owner", AX_ROLE_OWNER);
  desk_open (&desk2, clinic_a, "frontdesk", AX_ROLE_FRONT_DESK);
  desk_open (&desk_b, clinic_b, "bowner", AX_ROLE_OWNER);

  prov = mutate (&desk1, "provider.create", "{\"name\":\"Dr Lee\"}");
  provider_id = g_strdup (json_object_get_string_member (prov, "id"));
  svc = mutate (&desk1, "service.create", "{\"name\":\"Facial\",\"price\":150000,\"duration_min\":30}");
  service_id = g_strdup (json_object_get_string_member (svc, "id"));
  sync_ok (&desk1);
  sync_ok (&desk2);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  desk_close (&desk1);
  desk_close (&desk2);
  desk_close (&desk_b);
  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()) && g_getenv ("AX_KEEP") == NULL)
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("sync");
  TCase *tc = tcase_create ("sync");
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 60);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_test (tc, test_convergence);
  tcase_add_test (tc, test_duplicate_and_lost_reply);
  tcase_add_test (tc, test_rebase_keeps_pending);
  tcase_add_test (tc, test_field_merge);
  tcase_add_test (tc, test_booking_clash);
  tcase_add_test (tc, test_token_of_another_clinic);
  tcase_add_test (tc, test_offline_and_back);
  tcase_add_test (tc, test_unreachable_probed);
  tcase_add_test (tc, test_clock_ahead);
  tcase_add_test (tc, test_clock_behind);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
