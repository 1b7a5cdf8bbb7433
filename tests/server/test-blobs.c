/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blobs on the clinic server: upload and download through its own signed
 * /blobs/ URLs, and through SigV4 presigned URLs of an S3-compatible store (a
 * small one in this test that checks the signature as S3 does). A blob counts
 * as uploaded only once the server has hashed its bytes. */
#include <check.h>
#include <sqlite3.h>
#include "ax-test-server.h"
#include "ax-sigv4.h"

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

/* A small S3-compatible store on its own thread: PUT and GET of objects by
 * path, each refused (403) unless its SigV4 query signature is the one the
 * credentials give. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  GHashTable   *objects;   /* path → GBytes */
  GMutex        lock;
  char         *url;
  GThread      *thread;
  guint         refused;
} FakeS3;

static const AxSigV4Store s3_credentials = {
  .region = "eu-central-1", .access_key = "TESTKEY", .secret_key = "test/secret+key",
};

static void
fake_s3_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  FakeS3 *s3 = data;
  const char *method = soup_server_message_get_method (msg);
  const char *date = query ? g_hash_table_lookup (query, "X-Amz-Date") : NULL;
  const char *expires = query ? g_hash_table_lookup (query, "X-Amz-Expires") : NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *iso = NULL, *expected = NULL;
  AxSigV4Store store = s3_credentials;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *key = path + strlen ("/bucket/");

  store.endpoint = s3->url;
  if (date != NULL && strlen (date) == 16)
    {
      iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", date, date + 4, date + 6, date + 9,
                             date + 11, date + 13);
      when = g_date_time_new_from_iso8601 (iso, NULL);
    }
  if (when != NULL && expires != NULL)
    expected = ax_sigv4_presign (&store, method, key, when, atoi (expires), NULL);
  if (expected == NULL || !g_str_has_suffix (expected, g_uri_get_query (uri)))
    {
      g_atomic_int_inc (&s3->refused);
      soup_server_message_set_status (msg, 403, NULL);
      return;
    }
  g_mutex_lock (&s3->lock);
  if (strcmp (method, "PUT") == 0)
    {
      g_hash_table_replace (s3->objects, g_strdup (path),
                            soup_message_body_flatten (soup_server_message_get_request_body (msg)));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    {
      GBytes *bytes = g_hash_table_lookup (s3->objects, path);

      if (bytes == NULL)
        soup_server_message_set_status (msg, 404, NULL);
      else
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                            g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        }
    }
  g_mutex_unlock (&s3->lock);
}

static gpointer
fake_s3_thread (gpointer data)
{
  FakeS3 *s3 = data;

  g_main_context_push_thread_default (s3->context);
  g_main_loop_run (s3->loop);
  g_main_context_pop_thread_default (s3->context);
  return NULL;
}

static void
fake_s3_start (FakeS3 *s3)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  s3->context = g_main_context_new ();
  s3->loop = g_main_loop_new (s3->context, FALSE);
  s3->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_mutex_init (&s3->lock);
  g_main_context_push_thread_default (s3->context);
  s3->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (s3->soup, "/bucket", fake_s3_cb, s3, NULL);
  ck_assert (soup_server_listen_local (s3->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_main_context_pop_thread_default (s3->context);
  uris = soup_server_get_uris (s3->soup);
  s3->url = g_strdup_printf ("http://127.0.0.1:%d/bucket", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  s3->thread = g_thread_new ("fake-s3", fake_s3_thread, s3);
}

static void
fake_s3_stop (FakeS3 *s3)
{
  g_main_loop_quit (s3->loop);
  g_thread_join (s3->thread);
  g_clear_object (&s3->soup);
  g_main_loop_unref (s3->loop);
  g_main_context_unref (s3->context);
  g_hash_table_unref (s3->objects);
  g_mutex_clear (&s3->lock);
  g_free (s3->url);
}

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
