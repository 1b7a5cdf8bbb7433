/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blobs on the clinic server: upload and download through its own signed
 * /blobs/ URLs, and through SigV4 presigned URLs of an S3-compatible store (a
 * small one in this test that checks the signature as S3 does). A blob counts
 * as uploaded only once the server has hashed its bytes. */
#include <check.h>
#include <sqlite3.h>
#include "ax-test-server.h"
#include "ax-test-fake-s3.h"

static char *data_dir;

typedef struct
{
  AxTestServer server;
  char        *clinic_a, *clinic_b;
  char        *token_a, *token_b;
} Clinics;

static JsonObject *
obj (JsonNode *node)
{
  ck_assert (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
error_code (JsonNode *node)
{
  JsonObject *e = json_object_get_object_member (obj (node), "error");

  ck_assert_ptr_nonnull (e);
  ck_assert (json_object_get_string_member (e, "message")[0] != '\0');
  return json_object_get_string_member (e, "code");
}

static char *
login (AxTestServer *server,
       const char   *dir,
       const char   *clinic,
       const char   *username)
{
  const char *code_args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (dir, NULL, code_args);
  g_autofree char *enrol = g_strdup_printf ("{\"code\":\"%s\",\"device_name\":\"Desk\"}",
                                            json_object_get_string_member (code, "code"));
  g_autoptr (JsonNode) device = NULL, token = NULL;
  g_autofree char *body = NULL;
  guint status;

  device = ax_test_server_call (server, "POST", "/api/v1/devices/enrol", NULL, enrol, &status);
  ck_assert_uint_eq (status, 200);
  body = g_strdup_printf ("{\"device_id\":\"%s\",\"device_secret\":\"%s\",\"username\":\"%s\","
                          "\"password\":\"demo\"}",
                          json_object_get_string_member (obj (device), "device_id"),
                          json_object_get_string_member (obj (device), "device_secret"), username);
  token = ax_test_server_call (server, "POST", "/api/v1/auth/login", NULL, body, &status);
  ck_assert_uint_eq (status, 200);
  return g_strdup (json_object_get_string_member (obj (token), "access_token"));
}

static char *
make_clinic (const char *dir,
             const char *name,
             const char *owner)
{
  const char *args[] = { "create-clinic", "--name", name, NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (dir, NULL, args);
  char *id = g_strdup (json_object_get_string_member (made, "clinic_id"));
  const char *user[] = { "create-user", "--clinic", id, "--username", owner, "--role", "Owner", NULL };
  g_autoptr (JsonObject) u = ax_test_server_command (dir, "demo\n", user);

  return id;
}

static void
clinics_start (Clinics    *c,
               const char *dir,
               const char *config)
{
  const char *extra[] = { "--config", config, NULL };

  g_assert (g_mkdir_with_parents (dir, 0700) == 0);
  c->clinic_a = make_clinic (dir, "Lotus Clinic", "aowner");
  c->clinic_b = make_clinic (dir, "Orchid Clinic", "bowner");
  ax_test_server_start (&c->server, dir, config ? extra : NULL);
  c->token_a = login (&c->server, dir, c->clinic_a, "aowner");
  c->token_b = login (&c->server, dir, c->clinic_b, "bowner");
}

static void
clinics_stop (Clinics *c)
{
  ax_test_server_stop (&c->server);
  g_free (c->clinic_a);
  g_free (c->clinic_b);
  g_free (c->token_a);
  g_free (c->token_b);
}

static JsonNode *
blob_call (Clinics    *c,
           const char *token,
           const char *what,
           const char *body,
           guint      *status)
{
  g_autofree char *path = g_strconcat ("/api/v1/blobs/", what, NULL);

  return ax_test_server_call (&c->server, "POST", path, token, body, status);
}

/* A raw request to a signed URL; returns the body. */
static GBytes *
transfer (AxTestServer *server,
          const char   *method,
          const char   *url,
          GBytes       *body,
          guint        *status)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  GBytes *reply;

  ck_assert_ptr_nonnull (msg);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  *status = soup_message_get_status (msg);
  return reply;
}

static gint64
blobs_recorded (const char *dir,
                const char *clinic,
                const char *sha)
{
  g_autofree char *file = g_strconcat (clinic, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, "clinics", file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM blobs WHERE sha256 = ? "
                                            "AND uploaded_at IS NOT NULL", -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, sha, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
upload_body (GBytes *bytes)
{
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strdup_printf ("{\"sha256\":\"%s\",\"size\":%zu,\"mime\":\"image/jpeg\"}", sha,
                          g_bytes_get_size (bytes));
}

/* The server's own /blobs/ store. */
START_TEST (test_own_store)
{
  g_autofree char *dir = g_build_filename (data_dir, "own", NULL);
  g_autofree char *config = g_build_filename (data_dir, "own.conf", NULL);
  Clinics c = { 0 };
  g_autoptr (GBytes) photo = g_bytes_new_static ("\xff\xd8 a photo of a face \xff\xd9", 24);
  g_autoptr (GBytes) other = g_bytes_new_static ("\xff\xd8 another picture!! \xff\xd9", 24);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *body = upload_body (photo);
  g_autofree char *sha_body = g_strdup_printf ("{\"sha256\":\"%s\"}", sha);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GBytes) got = NULL;
  g_autofree char *url = NULL, *forged = NULL, *other_clinic = NULL;
  guint status;

  g_assert (g_file_set_contents (config, "[server]\nmax-blob-bytes=4096\n", -1, NULL));
  clinics_start (&c, dir, config);

  /* Not there yet: a PUT URL on this server, signed, for a while. */
  reply = blob_call (&c, c.token_a, "upload", body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (!json_object_get_boolean_member (obj (reply), "exists"));
  ck_assert_str_eq (json_object_get_string_member (obj (reply), "method"), "PUT");
  url = g_strdup (json_object_get_string_member (obj (reply), "url"));
  ck_assert (g_str_has_prefix (url, c.server.url));
  ck_assert (strstr (url, c.clinic_a) != NULL && strstr (url, sha) != NULL);
  ck_assert_int_gt (json_object_get_int_member (obj (reply), "expires_at"), g_get_real_time () / 1000);

  /* Downloading or confirming it before the upload: not found. */
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "download", sha_body, &status);
  ck_assert_uint_eq (status, 404);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "confirm", sha_body, &status);
  ck_assert_uint_eq (status, 404);

  /* Other bytes under its name are refused and nothing is kept. */
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", url, other, &status);
  ck_assert_uint_eq (status, 409);
  ck_assert_int_eq (blobs_recorded (dir, c.clinic_a, sha), 0);

  /* A forged signature, or the URL moved to another clinic, is refused. */
  forged = g_strdup (url);
  forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == '0' ? '1' : '0';
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", forged, photo, &status);
  ck_assert_uint_eq (status, 403);
  {
    g_autoptr (GString) moved = g_string_new (url);

    g_string_replace (moved, c.clinic_a, c.clinic_b, 1);
    other_clinic = g_string_free (g_steal_pointer (&moved), FALSE);
  }
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", other_clinic, photo, &status);
  ck_assert_uint_eq (status, 403);
  ck_assert_int_eq (blobs_recorded (dir, c.clinic_a, sha), 0);

  /* The right bytes: kept, and then it exists. */
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", url, photo, &status);
  ck_assert_uint_eq (status, 201);
  ck_assert_int_eq (blobs_recorded (dir, c.clinic_a, sha), 1);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "upload", body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (json_object_get_boolean_member (obj (reply), "exists"));
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "confirm", sha_body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (json_object_get_boolean_member (obj (reply), "uploaded"));

  /* Download through a signed GET URL gives the same bytes. */
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "download", sha_body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (json_object_get_int_member (obj (reply), "size"), 24);
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "GET", json_object_get_string_member (obj (reply), "url"), NULL, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (g_bytes_equal (got, photo));
  /* The PUT URL does not read. */
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "GET", url, NULL, &status);
  ck_assert_uint_eq (status, 403);

  /* Clinic B's token does not reach clinic A's blob. */
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_b, "download", sha_body, &status);
  ck_assert_uint_eq (status, 404);

  /* An expired link (signed with the server's key) is refused as expired. */
  {
    g_autofree char *key_path = g_build_filename (dir, "server.key", NULL);
    g_autofree char *key = NULL;
    gsize key_len = 0;
    g_autofree char *text = NULL, *sig = NULL, *expired = NULL;

    ck_assert (g_file_get_contents (key_path, &key, &key_len, NULL));
    text = g_strdup_printf ("GET\n%s\n%s\n1000", c.clinic_a, sha);
    sig = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key, key_len, text, -1);
    expired = g_strdup_printf ("%s/blobs/%s/%s?expires=1000&sig=%s", c.server.url, c.clinic_a, sha, sig);
    g_clear_pointer (&got, g_bytes_unref);
    got = transfer (&c.server, "GET", expired, NULL, &status);
    ck_assert_uint_eq (status, 401);
    ck_assert (strstr (g_bytes_get_data (got, NULL), "token_expired") != NULL);
  }

  /* Bad requests: a clear error each, nothing kept, and the server serves on. */
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "upload", "{\"sha256\":\"ABC\",\"size\":3}", &status);
  ck_assert_uint_eq (status, 400);
  ck_assert_str_eq (error_code (reply), "bad_request");
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "upload", "{\"sha256\":\"" "0123456789abcdef0123456789abcdef"
                                               "0123456789abcdef0123456789abcdef\",\"size\":\"3\"}", &status);
  ck_assert_uint_eq (status, 400);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "upload", "{\"sha256\":\"" "0123456789abcdef0123456789abcdef"
                                               "0123456789abcdef0123456789abcdef\",\"size\":5000}", &status);
  ck_assert_uint_eq (status, 413);
  ck_assert_str_eq (error_code (reply), "too_large");
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, NULL, "upload", body, &status);
  ck_assert_uint_eq (status, 401);

  /* presign prints the same kind of URL for an operator. */
  {
    const char *args[] = { "presign", "--clinic", c.clinic_a, "--sha256", sha, "--base-url", c.server.url, NULL };
    g_autoptr (JsonObject) printed = ax_test_server_command (dir, NULL, args);

    g_clear_pointer (&got, g_bytes_unref);
    got = transfer (&c.server, "GET", json_object_get_string_member (printed, "url"), NULL, &status);
    ck_assert_uint_eq (status, 200);
    ck_assert (g_bytes_equal (got, photo));
  }
  clinics_stop (&c);
}
END_TEST

START_TEST (test_s3_store)
{
  g_autofree char *dir = g_build_filename (data_dir, "s3", NULL);
  g_autofree char *config = g_build_filename (data_dir, "s3.conf", NULL);
  g_autofree char *config_text = NULL;
  FakeS3 s3 = { 0 };
  Clinics c = { 0 };
  g_autoptr (GBytes) photo = g_bytes_new_static ("\x89PNG a signature stroke set", 27);
  g_autoptr (GBytes) wrong = g_bytes_new_static ("\x89PNG something else entirely", 28);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *body = upload_body (photo);
  g_autofree char *sha_body = g_strdup_printf ("{\"sha256\":\"%s\"}", sha);
  g_autofree char *put_url = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GBytes) got = NULL;
  guint status;

  fake_s3_start (&s3);
  config_text = g_strdup_printf ("[s3]\nendpoint=%s\nregion=%s\naccess-key=%s\nsecret-key=%s\n",
                                 s3.url, s3_credentials.region, s3_credentials.access_key,
                                 s3_credentials.secret_key);
  g_assert (g_file_set_contents (config, config_text, -1, NULL));
  clinics_start (&c, dir, config);

  reply = blob_call (&c, c.token_a, "upload", body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (!json_object_get_boolean_member (obj (reply), "exists"));
  put_url = g_strdup (json_object_get_string_member (obj (reply), "url"));
  ck_assert (g_str_has_prefix (put_url, s3.url));
  ck_assert (strstr (put_url, "X-Amz-Algorithm=AWS4-HMAC-SHA256") != NULL);
  ck_assert (strstr (put_url, "X-Amz-Credential=TESTKEY%2F") != NULL);

  /* The wrong bytes reach the store, but the server's hash check refuses them. */
  got = transfer (&c.server, "PUT", put_url, wrong, &status);
  ck_assert_uint_eq (status, 200);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "confirm", sha_body, &status);
  ck_assert_uint_eq (status, 409);
  ck_assert_int_eq (blobs_recorded (dir, c.clinic_a, sha), 0);

  /* The right bytes: confirmed, then it exists and downloads. */
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", put_url, photo, &status);
  ck_assert_uint_eq (status, 200);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "confirm", sha_body, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert_int_eq (blobs_recorded (dir, c.clinic_a, sha), 1);
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "upload", body, &status);
  ck_assert (json_object_get_boolean_member (obj (reply), "exists"));
  g_clear_pointer (&reply, json_node_unref);
  reply = blob_call (&c, c.token_a, "download", sha_body, &status);
  ck_assert_uint_eq (status, 200);
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "GET", json_object_get_string_member (obj (reply), "url"), NULL, &status);
  ck_assert_uint_eq (status, 200);
  ck_assert (g_bytes_equal (got, photo));

  /* Every URL the server handed out carried a good signature; a tampered one does not. */
  ck_assert_uint_eq (g_atomic_int_get (&s3.refused), 0);
  put_url[strlen (put_url) - 1] = put_url[strlen (put_url) - 1] == 'a' ? 'b' : 'a';
  g_clear_pointer (&got, g_bytes_unref);
  got = transfer (&c.server, "PUT", put_url, wrong, &status);
  ck_assert_uint_eq (status, 403);

  clinics_stop (&c);
  fake_s3_stop (&s3);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("blobs");
  TCase *tc = tcase_create ("blobs");
  SRunner *sr;
  int failed;
  g_autoptr (GError) error = NULL;

  data_dir = g_dir_make_tmp ("ax-blobs-XXXXXX", &error);
  g_assert_no_error (error);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_own_store);
  tcase_add_test (tc, test_s3_store);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()))
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
      (void) !system (cmd);
    }
  g_free (data_dir);
  return failed == 0 ? 0 : 1;
}
