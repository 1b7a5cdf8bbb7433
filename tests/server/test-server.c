/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The clinic server end to end: a real aesthetix-server on 127.0.0.1 (port
 * 0) over a fresh data directory with two clinics, driven over HTTP. */

#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "ax-test-server.h"
#include "ax-server-token.h"
#include "ax-uuid.h"
#include "ax-auth.h"

#define MAX_BODY 65536

static AxTestServer server;
static char *data_dir;
static char *clinic_a, *clinic_b;
static char *device_a, *secret_a, *device_b, *secret_b;
static char *token[6];       /* clinic A: owner, provider, frontdesk, billing, director, readonly */
static char *token_b;        /* clinic B's owner */
static char *patient_b;      /* a patient of clinic B */

static const char *const usernames[] = { "owner", "provider", "frontdesk", "billing", "director", "readonly" };
static const char *const roles[] = { "Owner", "Provider", "FrontDesk", "Billing", "MedicalDirector", "ReadOnly" };

/* Helpers */

static JsonObject *
obj (JsonNode *node)
{
  ck_assert (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
error_code (JsonNode *node)
{
  JsonObject *o = obj (node);

  ck_assert_msg (json_object_has_member (o, "error"), "no error body");
  ck_assert (json_object_get_string_member (json_object_get_object_member (o, "error"), "message")[0] != '\0');
  return json_object_get_string_member (json_object_get_object_member (o, "error"), "code");
}

static void
enrol (const char *clinic,
       char      **device,
       char      **secret)
{
  const char *args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"device_name\":\"Reception\"}",
                                           json_object_get_string_member (code, "code"));
  g_autoptr (JsonNode) reply = NULL;
  guint status;

  reply = ax_test_server_call (&server, "POST", "/api/v1/devices/enrol", NULL, body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (obj (reply), "clinic_id"), clinic);
  *device = g_strdup (json_object_get_string_member (obj (reply), "device_id"));
  *secret = g_strdup (json_object_get_string_member (obj (reply), "device_secret"));

  /* The code is one-time. */
  g_clear_pointer (&reply, json_node_unref);
  reply = ax_test_server_call (&server, "POST", "/api/v1/devices/enrol", NULL, body, &status);
  ck_assert_uint_eq (status, 403);
  ck_assert_str_eq (error_code (reply), "forbidden");
}

static JsonNode *
login (const char *device,
       const char *secret,
       const char *username,
       const char *password,
       guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"device_secret\":\"%s\","
                                           "\"username\":\"%s\",\"password\":\"%s\"}",
                                           device, secret, username, password);

  return ax_test_server_call (&server, "POST", "/api/v1/auth/login", NULL, body, status);
}

static char *
login_token (const char *device,
             const char *secret,
             const char *username)
{
  guint status;
  g_autoptr (JsonNode) reply = login (device, secret, username, "demo", &status);

  ck_assert_uint_eq (status, 200);
  return g_strdup (json_object_get_string_member (obj (reply), "access_token"));
}

/* One mutation as JSON, stamped now. */
static char *
mutation (gint64      id,
          const char *name,
          const char *args)
{
  g_autofree char *stamp = ax_test_server_stamp (0);

  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"%s\",\"args\":%s,\"hlc\":\"%s\"}",
                          id, name, args, stamp);
}

static JsonNode *
push (const char *tok,
      const char *client,
      const char *mutations,
      guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"schema_version\":%d,\"mutations\":[%s]}",
                                           client, ax_db_latest_schema_version (), mutations);

  return ax_test_server_call (&server, "POST", "/api/v1/sync/push", tok, body, status);
}

static JsonObject *
result (JsonNode *reply,
        guint     i)
{
  JsonArray *results = json_object_get_array_member (obj (reply), "results");

  ck_assert_uint_gt (json_array_get_length (results), i);
  return json_array_get_object_element (results, i);
}

static gint64
count (const char *clinic,
       const char *sql,
       const char *arg)
{
  g_autofree char *file = g_strconcat (clinic, ".db", NULL);
  g_autofree char *path = g_build_filename (data_dir, "clinics", file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
patients_named (const char *clinic,
                const char *name)
{
  return count (clinic, "SELECT COUNT (*) FROM patients WHERE first_name = ?", name);
}

static gint64
max_version (const char *clinic)
{
  return count (clinic, "SELECT COALESCE (MAX (version), 0) FROM sync_changes", NULL);
}

static void
assert_serving (void)
{
  guint status;
  g_autoptr (JsonNode) info = ax_test_server_call_full (&server, "GET", "/api/v1/info", NULL, NULL,
                                                       0, -1, &status);

  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (info), "schema_version"),
                    ax_db_latest_schema_version ());
}

/* Tests */

START_TEST (test_login)
{
  guint status;
  g_autoptr (JsonNode) ok = login (device_a, secret_a, "owner", "demo", &status);
  g_autoptr (JsonNode) wrong = NULL;
  g_autoptr (JsonNode) stranger = NULL;
  g_autoptr (JsonNode) bad_device = NULL;

  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (obj (ok), "role"), "owner");
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (obj (ok), "user"),
                                                   "username"), "owner");
  ck_assert_int_gt (json_object_get_int_member (obj (ok), "expires_at"), g_get_real_time () / 1000);
  ck_assert (json_object_get_string_member (obj (ok), "refresh_token")[0] != '\0');

  wrong = login (device_a, secret_a, "owner", "nope", &status);
  ck_assert_uint_eq (status, 401);
  ck_assert_str_eq (error_code (wrong), "bad_credentials");

  /* Clinic B's user through clinic A's device: A has no such user. */
  stranger = login (device_a, secret_a, "bowner", "demo", &status);
  ck_assert_uint_eq (status, 401);

  bad_device = login (device_a, "not-the-secret", "owner", "demo", &status);
  ck_assert_uint_eq (status, 401);
  ck_assert_str_eq (error_code (bad_device), "unauthorized");
}
END_TEST

START_TEST (test_push_and_duplicate)
{
  g_autofree char *m1 = mutation (1, "patient.create", "{\"first_name\":\"Somchai\",\"phone\":\"081-555-0101\"}");
  g_autofree char *m2 = mutation (2, "patient.create", "{\"first_name\":\"Malee\"}");
  g_autofree char *batch = g_strdup_printf ("%s,%s", m1, m2);
  g_autofree char *m3 = mutation (3, "patient.create", "{\"first_name\":\"Narong\"}");
  g_autofree char *retry = g_strdup_printf ("%s,%s,%s", m1, m2, m3);
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) lost = NULL;
  guint status;

  first = push (token[0], "dup-client", batch, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (first), "last_mutation_id"), 2);
  ck_assert_str_eq (json_object_get_string_member (result (first, 0), "status"), "applied");
  ck_assert_str_eq (json_object_get_string_member (result (first, 1), "status"), "applied");
  ck_assert_int_gt (json_object_get_int_member (obj (first), "server_time"), 0);
  ck_assert_int_eq (patients_named (clinic_a, "Somchai"), 1);

  /* The same batch again (a duplicated push): skipped, no second patient. */
  again = push (token[0], "dup-client", batch, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (again, 0), "status"), "skipped");
  ck_assert_str_eq (json_object_get_string_member (result (again, 1), "status"), "skipped");
  ck_assert_int_eq (patients_named (clinic_a, "Somchai"), 1);
  ck_assert_int_eq (patients_named (clinic_a, "Malee"), 1);

  /* A reply lost after the commit: the desk sends its queue again with a
   * new change behind it; only the new one applies. */
  lost = push (token[0], "dup-client", retry, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (lost), "last_mutation_id"), 3);
  ck_assert_str_eq (json_object_get_string_member (result (lost, 1), "status"), "skipped");
  ck_assert_str_eq (json_object_get_string_member (result (lost, 2), "status"), "applied");
  ck_assert_int_eq (patients_named (clinic_a, "Somchai"), 1);
  ck_assert_int_eq (patients_named (clinic_a, "Narong"), 1);
}
END_TEST

/* A desk enrolled again (its sign-in lost) names its push queue: the queue
 * moves to the new device and carries on; a device that does not name it
 * may not push into it; a bad client_id is refused before the code is spent. */
START_TEST (test_enrol_again_keeps_queue)
{
  const char *args[] = { "enrol-code", "--clinic", clinic_a, NULL };
  g_autofree char *device1 = NULL, *secret1 = NULL, *device3 = NULL, *secret3 = NULL;
  g_autofree char *tok1 = NULL, *tok2 = NULL, *tok3 = NULL;
  g_autofree char *m1 = mutation (1, "patient.create", "{\"first_name\":\"Requeue\"}");
  g_autofree char *m2 = mutation (2, "patient.create", "{\"first_name\":\"Requeued\"}");
  g_autofree char *both = g_strdup_printf ("%s,%s", m1, m2);
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);
  g_autofree char *bad = NULL, *body = NULL;
  g_autoptr (JsonNode) reply = NULL;
  guint status;

  enrol (clinic_a, &device1, &secret1);
  tok1 = login_token (device1, secret1, "owner");
  reply = push (tok1, "requeue-client", m1, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "applied");
  g_clear_pointer (&reply, json_node_unref);

  /* A client_id that is not text of 1 to 64 characters: refused, the code not spent. */
  bad = g_strdup_printf ("{\"code\":\"%s\",\"device_name\":\"Reception\",\"client_id\":7}",
                         json_object_get_string_member (code, "code"));
  reply = ax_test_server_call (&server, "POST", "/api/v1/devices/enrol", NULL, bad, &status);
  ck_assert_uint_eq (status, 400);
  g_clear_pointer (&reply, json_node_unref);

  body = g_strdup_printf ("{\"code\":\"%s\",\"device_name\":\"Reception\","
                          "\"client_id\":\"requeue-client\"}",
                          json_object_get_string_member (code, "code"));
  reply = ax_test_server_call (&server, "POST", "/api/v1/devices/enrol", NULL, body, &status);
  ck_assert_uint_eq (status, 200);
  tok2 = login_token (json_object_get_string_member (obj (reply), "device_id"),
                      json_object_get_string_member (obj (reply), "device_secret"), "owner");
  g_clear_pointer (&reply, json_node_unref);
  reply = push (tok2, "requeue-client", both, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "skipped");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "status"), "applied");
  ck_assert_int_eq (patients_named (clinic_a, "Requeue"), 1);
  ck_assert_int_eq (patients_named (clinic_a, "Requeued"), 1);
  g_clear_pointer (&reply, json_node_unref);

  /* The old device, and one that did not name the queue, may not push into it. */
  reply = push (tok1, "requeue-client", both, &status);
  ck_assert_uint_eq (status, 403);
  g_clear_pointer (&reply, json_node_unref);
  enrol (clinic_a, &device3, &secret3);
  tok3 = login_token (device3, secret3, "owner");
  reply = push (tok3, "requeue-client", both, &status);
  ck_assert_uint_eq (status, 403);
}
END_TEST

START_TEST (test_refusal_after_writing)
{
  /* Without a patient number the server takes one from its series (a write)
   * before the future birth date refuses the patient: the batch runs again
   * carefully, and only the refused mutation is undone. */
  gint64 series_before = count (clinic_a, "SELECT COALESCE (SUM (last_seq), 0) FROM number_series", NULL);
  g_autofree char *m1 = mutation (1, "patient.create", "{\"first_name\":\"Early\"}");
  g_autofree char *m2 = mutation (2, "patient.create", "{\"first_name\":\"Unborn\",\"birth_date\":\"2199-01-01\"}");
  g_autofree char *m3 = mutation (3, "patient.create", "{\"first_name\":\"Later\"}");
  g_autofree char *batch = g_strdup_printf ("%s,%s,%s", m1, m2, m3);
  guint status;
  g_autoptr (JsonNode) reply = push (token[0], "careful-client", batch, &status);

  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "applied");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "status"), "rejected");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "code"), "invalid_args");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 2), "status"), "applied");
  ck_assert_int_eq (json_object_get_int_member (obj (reply), "last_mutation_id"), 3);
  ck_assert_int_eq (patients_named (clinic_a, "Early"), 1);
  ck_assert_int_eq (patients_named (clinic_a, "Unborn"), 0);
  ck_assert_int_eq (patients_named (clinic_a, "Later"), 1);
  /* Two numbers taken, not three: the refused one's was rolled back. */
  ck_assert_int_eq (count (clinic_a, "SELECT COALESCE (SUM (last_seq), 0) FROM number_series", NULL),
                    series_before + 2);
}
END_TEST

START_TEST (test_gap_stops_batch)
{
  g_autofree char *m1 = mutation (1, "patient.create", "{\"first_name\":\"Gap-one\"}");
  g_autofree char *m3 = mutation (3, "patient.create", "{\"first_name\":\"Gap-three\"}");
  g_autofree char *m4 = mutation (4, "patient.create", "{\"first_name\":\"Gap-four\"}");
  g_autofree char *later = g_strdup_printf ("%s,%s", m3, m4);
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) gap = NULL;
  guint status;

  first = push (token[0], "gap-client", m1, &status);
  ck_assert_uint_eq (status, 200);
  gap = push (token[0], "gap-client", later, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (gap), "last_mutation_id"), 1);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (obj (gap), "results")), 0);
  ck_assert_int_eq (patients_named (clinic_a, "Gap-three"), 0);
  ck_assert_int_eq (patients_named (clinic_a, "Gap-four"), 0);
}
END_TEST

static void
assert_refused (int         role,
                const char *client,
                const char *name,
                const char *args,
                const char *counted,
                const char *what)
{
  g_autofree char *m = mutation (1, name, args);
  g_autoptr (JsonNode) reply = NULL;
  gint64 before = count (clinic_a, counted, NULL);
  guint status;

  reply = push (token[role], client, m, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "rejected");
  ck_assert_msg (g_strcmp0 (json_object_get_string_member (result (reply, 0), "code"), "forbidden") == 0,
                 "%s: %s", what, json_object_get_string_member (result (reply, 0), "code"));
  /* A rejected mutation still advances the client: it never blocks the queue. */
  ck_assert_int_eq (json_object_get_int_member (obj (reply), "last_mutation_id"), 1);
  ck_assert_int_eq (count (clinic_a, counted, NULL), before);
}

START_TEST (test_roles_refused_server_side)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;
  g_autofree char *m = NULL;
  g_autofree char *note = NULL;
  g_autofree char *edit = NULL;
  g_autoptr (JsonNode) made = NULL;
  guint status;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"first_name\":\"Role-target\"}", id);
  m = mutation (1, "patient.create", args);
  made = push (token[0], "roles-owner", m, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (made, 0), "status"), "applied");

  note = g_strdup_printf ("{\"patient_id\":\"%s\",\"kind\":\"note\",\"body\":\"Botox 20 U glabella\"}", id);
  edit = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"first_name\":\"Edited\"},"
                          "\"from\":{\"first_name\":\"Role-target\"}}", id);
  /* The front desk and billing may not write clinical notes. */
  assert_refused (2, "roles-frontdesk", "medical_note.add", note,
                  "SELECT COUNT (*) FROM medical_notes", "front desk note");
  assert_refused (3, "roles-billing", "medical_note.add", note,
                  "SELECT COUNT (*) FROM medical_notes", "billing note");
  /* Opening a chart is a clinical read (audited as one): not the front desk's,
   * whatever its client sends. */
  {
    char chart[AX_UUID_STRLEN];
    g_autofree char *open = NULL;

    ax_uuid_v7 (chart);
    open = g_strdup_printf ("{\"id\":\"%s\"}", chart);
    assert_refused (2, "roles-frontdesk-read", "chart.open", open,
                    "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.open'",
                    "front desk chart read");
  }
  /* Read-only changes nothing. */
  assert_refused (5, "roles-readonly", "patient.create", "{\"first_name\":\"Readonly-made\"}",
                  "SELECT COUNT (*) FROM patients", "read-only create");
  /* The medical director reads and signs, and never edits. */
  assert_refused (4, "roles-director", "patient.update", edit,
                  "SELECT COUNT (*) FROM patients WHERE first_name = 'Edited'", "director edit");
  assert_refused (4, "roles-director2", "medical_note.add", note,
                  "SELECT COUNT (*) FROM medical_notes", "director note");
  /* The provider may. */
  {
    g_autofree char *ok = mutation (1, "medical_note.add", note);
    g_autoptr (JsonNode) reply = push (token[1], "roles-provider", ok, &status);

    ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "applied");
    ck_assert_int_eq (count (clinic_a, "SELECT COUNT (*) FROM medical_notes", NULL), 1);
  }
}
END_TEST

START_TEST (test_tenancy)
{
  g_autofree char *edit = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"first_name\":\"Hijacked\"},"
                                           "\"from\":{\"first_name\":\"Bclinic\"}}", patient_b);
  g_autofree char *m1 = mutation (1, "patient.update", edit);
  g_autofree char *m2 = mutation (2, "patient.create", "{\"first_name\":\"After-refusal\"}");
  g_autofree char *m = g_strdup_printf ("%s,%s", m1, m2);
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"tenant\",\"clinic_id\":\"%s\",\"mutations\":[]}",
                                           clinic_b);
  g_autofree char *pull_b = g_strdup_printf ("/api/v1/sync/pull?clinic_id=%s", clinic_b);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) named = NULL;
  g_autoptr (JsonNode) pulled = NULL;
  g_autoptr (JsonNode) own = NULL;
  JsonArray *changes;
  guint status;

  /* Clinic A's token editing clinic B's patient: A's store has no such row. */
  reply = push (token[0], "tenant-a", m, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "rejected");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "code"), "not_found");
  ck_assert_int_eq (patients_named (clinic_b, "Bclinic"), 1);
  ck_assert_int_eq (patients_named (clinic_b, "Hijacked"), 0);
  /* The refusal (rolled back inside the batch) leaves the next change alone. */
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "status"), "applied");
  ck_assert_int_eq (patients_named (clinic_a, "After-refusal"), 1);

  /* Naming clinic B with A's token is refused outright. */
  named = ax_test_server_call (&server, "POST", "/api/v1/sync/push", token[0], body, &status);
  ck_assert_uint_eq (status, 403);
  ck_assert_str_eq (error_code (named), "wrong_clinic");
  pulled = ax_test_server_call (&server, "GET", pull_b, token[0], NULL, &status);
  ck_assert_uint_eq (status, 403);
  ck_assert_str_eq (error_code (pulled), "wrong_clinic");

  /* A's pull never carries B's rows. */
  own = ax_test_server_call (&server, "GET", "/api/v1/sync/pull?limit=5000", token[0], NULL, &status);
  ck_assert_uint_eq (status, 200);
  changes = json_object_get_array_member (obj (own), "changes");
  ck_assert_uint_gt (json_array_get_length (changes), 0);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      JsonObject *row = json_object_get_object_member (c, "row");

      ck_assert_str_ne (json_object_get_string_member (c, "id"), patient_b);
      ck_assert_str_eq (json_object_get_string_member (row, "clinic_id"), clinic_a);
    }
}
END_TEST

START_TEST (test_tokens)
{
  g_autofree char *path = g_build_filename (data_dir, "server.key", NULL);
  g_autofree char *key = NULL;
  gsize key_len = 0;
  g_autoptr (GBytes) secret = NULL;
  g_autoptr (GBytes) other = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  AxServerToken t = { 0 };
  g_autofree char *expired = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *tampered = NULL;
  g_autoptr (JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;
  g_autoptr (JsonNode) li = NULL, fresh = NULL, reused = NULL, ok = NULL;
  g_autofree char *refresh_body = NULL;
  guint status;
  char *dot;

  ck_assert (g_file_get_contents (path, &key, &key_len, NULL));
  secret = g_bytes_new (key, key_len);
  ck_assert (ax_server_token_verify (secret, token[2], g_get_real_time () / 1000, &t, NULL));
  ck_assert_int_eq (t.role, AX_ROLE_FRONT_DESK);

  /* Expired: signed with the real key, an expiry in the past. */
  t.expires_ms = g_get_real_time () / 1000 - 1000;
  expired = ax_server_token_sign (secret, &t);
  r1 = ax_test_server_call (&server, "GET", "/api/v1/sync/pull", expired, NULL, &status);
  ck_assert_uint_eq (status, 401);
  ck_assert_str_eq (error_code (r1), "token_expired");

  /* Forged: the front desk's token made an owner's, or signed with another key. */
  t.expires_ms = g_get_real_time () / 1000 + 600000;
  t.role = AX_ROLE_OWNER;
  foreign = ax_server_token_sign (other, &t);
  r2 = ax_test_server_call (&server, "GET", "/api/v1/sync/pull", foreign, NULL, &status);
  ck_assert_uint_eq (status, 401);
  ck_assert_str_eq (error_code (r2), "unauthorized");
  {
    g_autofree char *owner_like = ax_server_token_sign (secret, &t);
    tampered = g_strdup (owner_like);
    dot = strchr (tampered, '.');
    /* The owner payload with the front desk's signature. */
    memcpy (dot + 1, strchr (token[2], '.') + 1, strlen (dot + 1));
  }
  r3 = ax_test_server_call (&server, "GET", "/api/v1/sync/pull", tampered, NULL, &status);
  ck_assert_uint_eq (status, 401);
  r4 = ax_test_server_call (&server, "GET", "/api/v1/sync/pull", "garbage", NULL, &status);
  ck_assert_uint_eq (status, 401);
  r5 = ax_test_server_call (&server, "GET", "/api/v1/sync/pull", NULL, NULL, &status);
  ck_assert_uint_eq (status, 401);
  ax_server_token_clear (&t);

  /* Refresh: a new pair; the used refresh token is spent. */
  li = login (device_a, secret_a, "provider", "demo", &status);
  ck_assert_uint_eq (status, 200);
  refresh_body = g_strdup_printf ("{\"refresh_token\":\"%s\"}",
                                  json_object_get_string_member (obj (li), "refresh_token"));
  fresh = ax_test_server_call (&server, "POST", "/api/v1/auth/refresh", NULL, refresh_body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (obj (fresh), "role"), "provider");
  ok = ax_test_server_call (&server, "GET", "/api/v1/sync/pull?limit=1",
                            json_object_get_string_member (obj (fresh), "access_token"), NULL, &status);
  ck_assert_uint_eq (status, 200);
  reused = ax_test_server_call (&server, "POST", "/api/v1/auth/refresh", NULL, refresh_body, &status);
  ck_assert_uint_eq (status, 401);
}
END_TEST

START_TEST (test_login_throttled)
{
  g_autoptr (JsonNode) locked = NULL;
  guint status;

  for (int i = 1; i <= AX_AUTH_MAX_FAILURES; i++)
    {
      g_autoptr (JsonNode) r = login (device_a, secret_a, "victim", "wrong", &status);
      /* The failure that reaches the limit already answers "locked". */
      ck_assert_uint_eq (status, i < AX_AUTH_MAX_FAILURES ? 401 : 429);
    }
  /* Locked now, even with the right password. */
  locked = login (device_a, secret_a, "victim", "demo", &status);
  ck_assert_uint_eq (status, 429);
  ck_assert_str_eq (error_code (locked), "throttled");
  assert_serving ();
}
END_TEST

static void
assert_bad (const char *body,
            gssize      len,
            guint       want_status,
            const char *want_code)
{
  gint64 before = max_version (clinic_a);
  guint status;
  g_autoptr (JsonNode) reply = ax_test_server_call_full (&server, "POST", "/api/v1/sync/push", token[0],
                                                        body, len, 0, &status);

  ck_assert_uint_eq (status, want_status);
  ck_assert_str_eq (error_code (reply), want_code);
  ck_assert_int_eq (max_version (clinic_a), before);
  assert_serving ();
}

START_TEST (test_bad_input)
{
  g_autofree char *stamp = ax_test_server_stamp (0);
  g_autofree char *wrong_id = g_strdup_printf ("{\"client_id\":\"bad\",\"mutations\":[{\"id\":\"1\","
                                               "\"name\":\"patient.create\",\"args\":{\"first_name\":\"Bad\"},"
                                               "\"hlc\":\"%s\"}]}", stamp);
  g_autofree char *big = NULL;
  g_autofree char *unknown = mutation (1, "patient.explode", "{\"first_name\":\"Unknown\"}");
  g_autofree char *typed = mutation (2, "patient.create", "{\"first_name\":5}");
  g_autofree char *both = g_strdup_printf ("%s,%s", unknown, typed);
  g_autoptr (JsonNode) reply = NULL;
  gint64 before;
  guint status;
  GString *oversized = g_string_new ("{\"client_id\":\"bad\",\"mutations\":[],\"pad\":\"");

  assert_bad ("{\"client_id\": \"bad\", \"mutations\": [", -1, 400, "malformed_json");
  assert_bad ("[1, 2, 3]", -1, 400, "bad_request");
  assert_bad ("{\"client_id\": 7, \"mutations\": []}", -1, 400, "bad_request");
  assert_bad ("{\"client_id\": \"bad\", \"mutations\": {}}", -1, 400, "bad_request");
  assert_bad (wrong_id, -1, 400, "bad_request");
  assert_bad ("{\"client_id\": \"bad\", \"mutations\": [], \"x\": \"\xc3\x28\"}", -1, 400, "invalid_utf8");
  assert_bad ("{\"client_id\": \"bad\", \"mutations\": []}\0tail", 43, 400, "invalid_utf8");
  while (oversized->len < MAX_BODY + 10)
    g_string_append (oversized, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (oversized, "\"}");
  big = g_string_free (oversized, FALSE);
  assert_bad (big, -1, 413, "too_large");

  /* An unknown mutator and wrong argument types are the mutations' own
   * permanent failures: rejected with a reason, nothing stored, the queue moves on. */
  before = max_version (clinic_a);
  reply = push (token[0], "bad-client", both, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "rejected");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "code"), "unknown_mutator");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "status"), "rejected");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 1), "code"), "invalid_args");
  ck_assert_int_eq (json_object_get_int_member (obj (reply), "last_mutation_id"), 2);
  ck_assert_int_eq (max_version (clinic_a), before);
  ck_assert_int_eq (patients_named (clinic_a, "Unknown"), 0);
  assert_serving ();
}
END_TEST

START_TEST (test_schema_versions)
{
  int latest = ax_db_latest_schema_version ();
  guint status;
  g_autoptr (JsonNode) none = ax_test_server_call_full (&server, "GET", "/api/v1/sync/pull", token[0],
                                                       NULL, 0, -1, &status);
  g_autoptr (JsonNode) old = NULL, previous = NULL, newer = NULL;

  ck_assert_uint_eq (status, 400);
  ck_assert_str_eq (error_code (none), "schema_missing");
  old = ax_test_server_call_full (&server, "GET", "/api/v1/sync/pull", token[0], NULL, 0, latest - 2, &status);
  ck_assert_uint_eq (status, 426);
  ck_assert_str_eq (error_code (old), "update_needed");
  previous = ax_test_server_call_full (&server, "GET", "/api/v1/sync/pull?limit=1", token[0], NULL, 0,
                                      latest - 1, &status);
  ck_assert_uint_eq (status, 200);
  newer = ax_test_server_call_full (&server, "GET", "/api/v1/sync/pull", token[0], NULL, 0, latest + 1, &status);
  ck_assert_uint_eq (status, 400);
  ck_assert_str_eq (error_code (newer), "server_too_old");
}
END_TEST

START_TEST (test_clock_ahead)
{
  g_autofree char *stamp = ax_test_server_stamp (24 * 3600 * 1000);
  g_autofree char *m = g_strdup_printf ("{\"id\":1,\"name\":\"patient.create\","
                                        "\"args\":{\"first_name\":\"Tomorrow\"},\"hlc\":\"%s\"}", stamp);
  guint status;
  g_autoptr (JsonNode) reply = push (token[0], "clock-client", m, &status);

  ck_assert_uint_eq (status, 200);
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "status"), "refused");
  ck_assert_str_eq (json_object_get_string_member (result (reply, 0), "code"), "clock_ahead");
  ck_assert_int_eq (json_object_get_int_member (obj (reply), "last_mutation_id"), 0);
  ck_assert_int_eq (patients_named (clinic_a, "Tomorrow"), 0);
}
END_TEST

START_TEST (test_pull_pages)
{
  g_autoptr (GString) batch = g_string_new (NULL);
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonNode) pushed = NULL;
  g_autofree char *cursor = g_strdup ("0");
  gint64 last_version = 0;
  guint pages = 0, status;
  gboolean more = TRUE;

  for (int i = 1; i <= 7; i++)
    {
      char id[AX_UUID_STRLEN];
      g_autofree char *args = NULL;
      g_autofree char *m = NULL;

      ax_uuid_v7 (id);
      g_hash_table_add (wanted, g_strdup (id));
      args = g_strdup_printf ("{\"id\":\"%s\",\"first_name\":\"Paged %d\"}", id, i);
      m = mutation (i, "patient.create", args);
      g_string_append_printf (batch, "%s%s", i > 1 ? "," : "", m);
    }
  pushed = push (token[0], "pull-client", batch->str, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (pushed), "last_mutation_id"), 7);

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/sync/pull?cursor=%s&limit=3&client_id=pull-client", cursor);
      g_autoptr (JsonNode) page = ax_test_server_call (&server, "GET", path, token[1], NULL, &status);
      JsonArray *changes;

      ck_assert_uint_eq (status, 200);
      changes = json_object_get_array_member (obj (page), "changes");
      ck_assert_uint_le (json_array_get_length (changes), 3);
      ck_assert_int_eq (json_object_get_int_member (obj (page), "last_mutation_id"), 7);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          gint64 v = json_object_get_int_member (c, "version");

          ck_assert_int_gt (v, last_version);
          last_version = v;
          ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (c, "row"), "version"), v);
          ck_assert (!json_object_get_boolean_member (c, "deleted"));
          if (g_strcmp0 (json_object_get_string_member (c, "table"), "patients") == 0)
            g_hash_table_remove (wanted, json_object_get_string_member (c, "id"));
        }
      more = json_object_get_boolean_member (obj (page), "has_more");
      ck_assert (!more || json_array_get_length (changes) == 3);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (obj (page), "cursor"));
      pages++;
    }
  ck_assert_uint_gt (pages, 2);
  ck_assert_uint_eq (g_hash_table_size (wanted), 0);
  ck_assert_int_eq (last_version, max_version (clinic_a));
}
END_TEST

/* create-clinic --demo: the desktop's demo clinic, versioned as if pushed,
 * so a fresh desk's pull brings every row of it (its users sign in with
 * "demo"). */
START_TEST (test_demo_clinic)
{
  const char *args[] = { "create-clinic", "--demo", "--patients", "12", NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, NULL, args);
  const char *clinic = json_object_get_string_member (made, "clinic_id");
  gint64 rows = json_object_get_int_member (made, "rows");
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *device = NULL, *secret = NULL, *frontdesk = NULL, *cursor = g_strdup ("0");
  gint64 n_changes = 0, n_patients = 0, last_version = 0;
  gboolean more = TRUE;

  ck_assert_int_gt (rows, 100);
  enrol (clinic, &device, &secret);
  frontdesk = login_token (device, secret, "frontdesk");
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/sync/pull?cursor=%s&limit=1000&client_id=demo-desk",
                                               cursor);
      guint status;
      g_autoptr (JsonNode) page = ax_test_server_call (&server, "GET", path, frontdesk, NULL, &status);
      JsonArray *changes;

      ck_assert_uint_eq (status, 200);
      changes = json_object_get_array_member (obj (page), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          gint64 v = json_object_get_int_member (c, "version");
          g_autofree char *key = g_strdup_printf ("%s/%s", json_object_get_string_member (c, "table"),
                                                  json_object_get_string_member (c, "id"));

          ck_assert_int_gt (v, last_version);
          last_version = v;
          ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (c, "row"), "version"), v);
          ck_assert_msg (g_hash_table_add (seen, g_steal_pointer (&key)), "a row pulled twice");
          n_patients += g_strcmp0 (json_object_get_string_member (c, "table"), "patients") == 0;
          n_changes++;
        }
      more = json_object_get_boolean_member (obj (page), "has_more");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (obj (page), "cursor"));
    }
  ck_assert_int_eq (n_changes, rows);
  ck_assert_int_eq (n_patients, 12);
  {
    g_autofree char *key = g_strdup_printf ("clinics/%s", clinic);

    ck_assert_msg (g_hash_table_contains (seen, key), "the clinic row is pulled");
  }
}
END_TEST

/* Bad input to create-clinic --demo: refused with a clear message, exit 2. */
START_TEST (test_demo_clinic_refusals)
{
  const char *argv[] = { ax_test_server_binary (), "--data-dir", data_dir, "create-clinic", "--demo",
                         "--name", "Other", NULL };
  g_autofree char *err = NULL;
  int wait_status = 0;

  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                           &err, &wait_status, NULL));
  ck_assert (!g_spawn_check_wait_status (wait_status, NULL));
  ck_assert_msg (strstr (err, "--demo") != NULL && strstr (err, "--name") != NULL, "%s", err);
}
END_TEST

START_TEST (test_https)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ax-server-tls-XXXXXX", &error);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *out = NULL, *err = NULL, *rm = NULL;
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", key, "-out", cert, NULL };
  const char *extra[] = { "--tls-certificate", cert, "--tls-key", key, NULL };
  AxTestServer tls;
  int wait_status = 0;
  guint status;

  ck_assert (dir != NULL);
  ck_assert (g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                           &wait_status, &error));
  ck_assert_msg (g_spawn_check_wait_status (wait_status, NULL), "openssl: %s", err);

  ax_test_server_start (&tls, dir, extra);
  ck_assert (g_str_has_prefix (tls.url, "https://127.0.0.1:"));

  /* Not trusted yet: the handshake fails, the server stays up. */
  {
    g_autofree char *uri = g_strconcat (tls.url, "/api/v1/info", NULL);
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr (GError) tls_error = NULL;
    g_autoptr (GBytes) body = soup_session_send_and_read (tls.session, msg, NULL, &tls_error);

    ck_assert (body == NULL);
    ck_assert (tls_error != NULL);
  }
  /* Trusting the throwaway certificate as the authority: served over TLS. */
  ax_test_server_trust (&tls, cert);
  {
    g_autoptr (JsonNode) info = ax_test_server_call_full (&tls, "GET", "/api/v1/info", NULL, NULL, 0, -1,
                                                         &status);
    ck_assert_uint_eq (status, 200);
    ck_assert_str_eq (json_object_get_string_member (obj (info), "server"), "aesthetix-server");
  }
  {
    g_autoptr (JsonNode) refused = ax_test_server_call (&tls, "POST", "/api/v1/auth/login", NULL, "{", &status);
    ck_assert_uint_eq (status, 400);
    ck_assert_str_eq (error_code (refused), "malformed_json");
  }
  ax_test_server_stop (&tls);
  rm = g_strdup_printf ("rm -rf '%s'", dir);
  (void) !system (rm);
}
END_TEST

/* Setup: two clinics, a user per role in A, an owner and a patient in B. */

static char *
make_clinic (const char *name)
{
  const char *args[] = { "create-clinic", "--name", name, "--currency", "THB",
                         "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, NULL, args);

  return g_strdup (json_object_get_string_member (made, "clinic_id"));
}

static void
make_user (const char *clinic,
           const char *username,
           const char *role)
{
  const char *args[] = { "create-user", "--clinic", clinic, "--username", username, "--role", role, NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, "demo\n", args);

  g_assert (json_object_has_member (made, "user_id"));
}

static void
global_setup (void)
{
  const char *extra[] = { "--max-body-bytes", G_STRINGIFY (MAX_BODY), NULL };
  g_autoptr (GError) error = NULL;
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;
  g_autofree char *m = NULL;
  g_autoptr (JsonNode) reply = NULL;
  guint status;

  data_dir = g_dir_make_tmp ("ax-server-XXXXXX", &error);
  g_assert_no_error (error);
  clinic_a = make_clinic ("Lotus Clinic");
  clinic_b = make_clinic ("Orchid Clinic");
  for (int r = 0; r < 6; r++)
    make_user (clinic_a, usernames[r], roles[r]);
  make_user (clinic_a, "victim", "FrontDesk");
  make_user (clinic_b, "bowner", "Owner");

  ax_test_server_start (&server, data_dir, extra);
  enrol (clinic_a, &device_a, &secret_a);
  enrol (clinic_b, &device_b, &secret_b);
  for (int r = 0; r < 6; r++)
    token[r] = login_token (device_a, secret_a, usernames[r]);
  token_b = login_token (device_b, secret_b, "bowner");

  ax_uuid_v7 (id);
  patient_b = g_strdup (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"first_name\":\"Bclinic\"}", id);
  m = mutation (1, "patient.create", args);
  reply = push (token_b, "b-desk", m, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()))
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("server");
  TCase *tc = tcase_create ("server");
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 120);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_test (tc, test_login);
  tcase_add_test (tc, test_push_and_duplicate);
  tcase_add_test (tc, test_refusal_after_writing);
  tcase_add_test (tc, test_enrol_again_keeps_queue);
  tcase_add_test (tc, test_gap_stops_batch);
  tcase_add_test (tc, test_roles_refused_server_side);
  tcase_add_test (tc, test_tenancy);
  tcase_add_test (tc, test_tokens);
  tcase_add_test (tc, test_login_throttled);
  tcase_add_test (tc, test_bad_input);
  tcase_add_test (tc, test_schema_versions);
  tcase_add_test (tc, test_clock_ahead);
  tcase_add_test (tc, test_pull_pages);
  tcase_add_test (tc, test_https);
  tcase_add_test (tc, test_demo_clinic);
  tcase_add_test (tc, test_demo_clinic_refusals);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  /* One server for every case: they run in this process, each with its own clients. */
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
