/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The desk's blob worker end to end (docs/sync-protocol.md, "Desktop blob
 * worker"): a real aesthetix-server on 127.0.0.1 (port 0) keeping its blobs
 * in an S3-compatible store (the small one of tests/server, which checks
 * every SigV4 signature and can fail, corrupt or tamper on request), and two
 * desks of one clinic, each with its engine and worker. The cases share the
 * server and run in order in one process. */

#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "ax-test-server.h"
#include "ax-test-fake-s3.h"
#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-photo-import.h"
#include "ax-actor.h"

typedef struct
{
  AxStore      *store;
  AxSyncClient *client;
  AxSyncEngine *engine;
  AxActor      *actor;
  char         *thumbs;
} Desk;

static AxTestServer server;
static FakeS3 s3;
static char *data_dir;
static char *clinic;
static Desk desk_a, desk_b;
static char *patient_a, *patient_b;

/* Photos imported on desk A (original, thumbnail). */
static char *p1, *p1_thumb, *p2, *p3, *p4, *p4_thumb;

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
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      ck_assert_msg (g_get_monotonic_time () < until, "no answer in 20 s");
    }
  return *slot;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static AxBlobSync *
worker (Desk *desk)
{
  return ax_sync_engine_get_blob_sync (desk->engine);
}

/* Waits until the worker has finished its round (no retry scheduled). */
static void
wait_idle (AxBlobSync *blob_sync)
{
  gint64 until = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (ax_blob_sync_is_running (blob_sync) || ax_blob_sync_get_next_delay (blob_sync) >= 0)
    {
      g_main_context_iteration (NULL, TRUE);
      ck_assert_msg (g_get_monotonic_time () < until, "the blob worker did not finish in 15 s: %s",
                     ax_blob_sync_get_last_error (blob_sync));
    }
}

static void
sync_ok (Desk *desk)
{
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  ax_sync_engine_sync_async (desk->engine, NULL, store_result, &result);
  ck_assert_msg (ax_sync_engine_sync_finish (desk->engine, wait_for (&result), &error),
                 "sync failed: %s", error ? error->message : "");
  g_object_unref (result);
}

static void
desk_engine (Desk *desk)
{
  desk->engine = ax_sync_engine_new (desk->store, desk->client);
  ax_blob_sync_set_thumbnail_dir (worker (desk), desk->thumbs);
}

static void
desk_open (Desk       *desk,
           const char *name)
{
  const char *args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);
  g_autofree char *path = g_strdup_printf ("%s/desk-%s.db", data_dir, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  GAsyncResult *result = NULL;

  desk->store = ax_store_open (path, &error);
  g_assert_no_error (error);
  desk->thumbs = g_strdup_printf ("%s/thumbs-%s", data_dir, name);
  desk->client = ax_sync_client_new (server.url);
  ax_sync_client_enrol_async (desk->client, json_object_get_string_member (code, "code"), name,
                              NULL, store_result, &result);
  reply = ax_sync_client_call_finish (desk->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  ck_assert (ax_store_sync_set_device_code (desk->store, json_object_get_string_member (reply, "device_code"),
                                            &error));
  g_clear_pointer (&reply, json_object_unref);
  ax_sync_client_login_async (desk->client, "owner", "demo", NULL, store_result, &result);
  reply = ax_sync_client_call_finish (desk->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  desk->actor = ax_actor_new (json_object_get_string_member (json_object_get_object_member (reply, "user"), "id"),
                              "owner", "Owner", AX_ROLE_OWNER);
  desk_engine (desk);
  sync_ok (desk);
  wait_idle (worker (desk));
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->engine);
  g_clear_object (&desk->client);
  g_clear_object (&desk->store);
  g_clear_pointer (&desk->actor, ax_actor_unref);
  g_clear_pointer (&desk->thumbs, g_free);
}

static char *
create_patient (Desk       *desk,
                const char *name)
{
  g_autofree char *args = g_strdup_printf ("{\"first_name\":\"%s\",\"last_name\":\"Test\"}", name);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = ax_store_mutate_json (desk->store, desk->actor, "patient.create", args, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (r), "id"));
}

/* A small PNG of its own colour; returns its path. */
static char *
make_picture (guint32 rgba)
{
  static int n;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr (GError) error = NULL;
  char *path = g_strdup_printf ("%s/picture-%d.png", data_dir, ++n);

  gdk_pixbuf_fill (pixbuf, rgba);
  ck_assert (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  return path;
}

/* Imports a picture on the desk for the patient: the original's SHA-256
 * (and the thumbnail's in out_thumb). */
static char *
import (Desk       *desk,
        const char *patient,
        const char *picture,
        char      **out_thumb)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (ax_store_get_path (desk->store));
  g_autoptr (GFile) file = g_file_new_for_path (picture);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhotoFile) photo = ax_photo_file_process (blobs, file, desk->thumbs, NULL, &error);
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  id = ax_photo_import_commit (desk->store, desk->actor, patient, photo, NULL, &error);
  g_assert_no_error (error);
  ck_assert_ptr_nonnull (photo->thumbnail_sha256);
  if (out_thumb != NULL)
    *out_thumb = g_strdup (photo->thumbnail_sha256);
  return g_strdup (photo->sha256);
}

static gint64
query_int (const char *path,
           const char *sql,
           const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
on_server (const char *sql,
           const char *arg)
{
  g_autofree char *file = g_strconcat (clinic, ".db", NULL);
  g_autofree char *path = g_build_filename (data_dir, "clinics", file, NULL);

  return query_int (path, sql, arg);
}

static gboolean
uploaded_on_server (const char *sha)
{
  return on_server ("SELECT COUNT (*) FROM blobs WHERE sha256 = ? AND uploaded_at IS NOT NULL", sha) == 1;
}

static gboolean
uploaded_on_desk (Desk       *desk,
                  const char *sha)
{
  return query_int (ax_store_get_path (desk->store),
                    "SELECT COUNT (*) FROM blobs WHERE sha256 = ? AND uploaded_at IS NOT NULL", sha) == 1;
}

/* The object the S3 store keeps for sha, or NULL. */
static GBytes *
in_s3 (const char *sha)
{
  g_autofree char *key = g_strdup_printf ("/bucket/%s/%s", clinic, sha);
  GBytes *bytes;

  g_mutex_lock (&s3.lock);
  bytes = g_hash_table_lookup (s3.objects, key);
  if (bytes != NULL)
    g_bytes_ref (bytes);
  g_mutex_unlock (&s3.lock);
  return bytes;
}

static guint
s3_puts (void)
{
  guint n;

  g_mutex_lock (&s3.lock);
  n = s3.puts;
  g_mutex_unlock (&s3.lock);
  return n;
}

static void
s3_set (guint    *knob,
        guint     value)
{
  g_mutex_lock (&s3.lock);
  *knob = value;
  g_mutex_unlock (&s3.lock);
}

static GBytes *
local_bytes (Desk       *desk,
             const char *sha)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (ax_store_get_path (desk->store));

  return ax_blob_store_read (blobs, sha, NULL);
}

static gboolean
fetch (Desk       *desk,
       const char *sha,
       GError    **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ax_blob_sync_fetch_async (worker (desk), sha, NULL, store_result, &result);
  ok = ax_blob_sync_fetch_finish (worker (desk), wait_for (&result), error);
  g_object_unref (result);
  return ok;
}

/* Cases */

/* A photo imported on desk A: its original and its thumbnail reach the
 * store byte for byte, confirmed, each sent once. */
START_TEST (test_upload)
{
  g_autofree char *picture = make_picture (0xd08060ff);
  g_autoptr (GBytes) sent = NULL, local = NULL;

  p1 = import (&desk_a, patient_a, picture, &p1_thumb);
  ck_assert_uint_eq (ax_sync_engine_get_blobs_pending (desk_a.engine), 1);
  ck_assert (!uploaded_on_desk (&desk_a, p1));
  sync_ok (&desk_a);
  wait_idle (worker (&desk_a));

  ck_assert_msg (uploaded_on_desk (&desk_a, p1), "%s", ax_blob_sync_get_last_error (worker (&desk_a)));
  ck_assert (uploaded_on_desk (&desk_a, p1_thumb));
  ck_assert (uploaded_on_server (p1) && uploaded_on_server (p1_thumb));
  sent = in_s3 (p1);
  local = local_bytes (&desk_a, p1);
  ck_assert (sent != NULL && g_bytes_equal (sent, local));
  ck_assert_uint_eq (s3_puts (), 2);
  ck_assert_uint_eq (ax_sync_engine_get_blobs_pending (desk_a.engine), 0);
  ck_assert_uint_eq (ax_blob_sync_get_refused (worker (&desk_a)), 0);
  /* The server holds the photo row naming both files. */
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM photos WHERE blob_sha256 = ? AND thumb_sha256 IS NOT NULL",
                               p1), 1);

  /* Another round sends nothing again. */
  ax_blob_sync_kick (worker (&desk_a));
  wait_idle (worker (&desk_a));
  ck_assert_uint_eq (s3_puts (), 2);
}
END_TEST

/* The same file imported on desk B: the server answers `exists`; no PUT. */
START_TEST (test_exists)
{
  g_autofree char *picture = g_strdup_printf ("%s/picture-1.png", data_dir);
  g_autofree char *thumb = NULL;
  g_autofree char *sha = NULL;

  sync_ok (&desk_b);
  wait_idle (worker (&desk_b));
  sha = import (&desk_b, patient_b, picture, &thumb);
  ck_assert_str_eq (sha, p1);
  sync_ok (&desk_b);
  wait_idle (worker (&desk_b));
  ck_assert (uploaded_on_desk (&desk_b, sha));
  ck_assert (uploaded_on_desk (&desk_b, thumb));
  ck_assert_uint_eq (s3_puts (), 2);
  ck_assert_uint_eq (ax_blob_sync_get_pending (worker (&desk_b)), 0);
}
END_TEST

/* A PUT refused once (503): back-off, then sent, confirmed once. Then the
 * store unreachable for good: the desk closes mid-way, and its next start
 * resumes and ends with the blob uploaded exactly once. */
START_TEST (test_interrupted)
{
  g_autofree char *picture2 = make_picture (0x3070c0ff);
  g_autofree char *picture3 = make_picture (0x20a040ff);
  guint puts = s3_puts ();
  guint pending_seen = 0;

  s3_set (&s3.fail_puts, 1);
  p2 = import (&desk_a, patient_a, picture2, NULL);
  sync_ok (&desk_a);
  wait_idle (worker (&desk_a));
  ck_assert (uploaded_on_desk (&desk_a, p2) && uploaded_on_server (p2));
  ck_assert_uint_eq (s3_puts (), puts + 2);
  ck_assert_uint_eq (s3.fail_puts, 0);

  /* Every PUT refused: the worker backs off with the blob still waiting. */
  s3_set (&s3.fail_puts, 1000);
  p3 = import (&desk_a, patient_a, picture3, NULL);
  sync_ok (&desk_a);
  while (ax_blob_sync_is_running (worker (&desk_a)))
    g_main_context_iteration (NULL, TRUE);
  pending_seen = ax_sync_engine_get_blobs_pending (desk_a.engine);
  ck_assert_uint_eq (pending_seen, 1);
  ck_assert_int_gt (ax_blob_sync_get_next_delay (worker (&desk_a)), 0);
  ck_assert (!uploaded_on_desk (&desk_a, p3) && !uploaded_on_server (p3));

  /* The desk closes; at its next start the worker resumes. */
  g_clear_object (&desk_a.engine);
  s3_set (&s3.fail_puts, 0);
  desk_engine (&desk_a);
  ck_assert_uint_eq (ax_sync_engine_get_blobs_pending (desk_a.engine), 1);
  ax_sync_engine_start (desk_a.engine, 60, 2);
  spin (50);
  wait_idle (worker (&desk_a));
  ax_sync_engine_stop (desk_a.engine);
  ck_assert (uploaded_on_desk (&desk_a, p3) && uploaded_on_server (p3));
  ck_assert_uint_eq (s3_puts (), puts + 4);
  ck_assert_int_eq (on_server ("SELECT COUNT (*) FROM blobs WHERE sha256 = ?", p3), 1);
  ck_assert_uint_eq (ax_sync_engine_get_blobs_pending (desk_a.engine), 0);
}
END_TEST

/* The bytes change on their way: the server's hash check refuses them at
 * confirm; the desk keeps the reason, does not mark the blob uploaded and
 * does not try again in a loop; its next start does, and succeeds. */
START_TEST (test_corrupted)
{
  g_autofree char *picture = make_picture (0x906010ff);
  g_autoptr (AxBlobSync) again = NULL;
  const char *refused, *sent;
  guint puts;

  s3_set (&s3.corrupt_puts, 1);
  p4 = import (&desk_a, patient_a, picture, &p4_thumb);
  puts = s3_puts ();
  sync_ok (&desk_a);
  wait_idle (worker (&desk_a));
  /* The first of the two sent was changed on its way. */
  refused = uploaded_on_desk (&desk_a, p4) ? p4_thumb : p4;
  sent = refused == p4 ? p4_thumb : p4;
  ck_assert (!uploaded_on_desk (&desk_a, refused) && !uploaded_on_server (refused));
  ck_assert (uploaded_on_desk (&desk_a, sent) && uploaded_on_server (sent));
  ck_assert_uint_eq (ax_blob_sync_get_refused (worker (&desk_a)), 1);
  ck_assert_uint_eq (ax_blob_sync_get_pending (worker (&desk_a)), 0);
  ck_assert_int_eq (query_int (ax_store_get_path (desk_a.store),
                               "SELECT COUNT (*) FROM blobs WHERE sha256 = ? AND upload_error LIKE '%SHA-256%'",
                               refused), 1);
  ck_assert_ptr_nonnull (ax_blob_sync_get_last_error (worker (&desk_a)));
  ck_assert_uint_eq (s3_puts (), puts + 2);

  /* Not again this run. */
  ax_blob_sync_kick (worker (&desk_a));
  wait_idle (worker (&desk_a));
  ck_assert_uint_eq (s3_puts (), puts + 2);

  /* A new start tries it once more. */
  again = ax_blob_sync_new (desk_a.store, desk_a.client);
  ck_assert_uint_eq (ax_blob_sync_get_pending (again), 1);
  ax_blob_sync_kick (again);
  wait_idle (again);
  ck_assert (uploaded_on_desk (&desk_a, refused) && uploaded_on_server (refused));
  ck_assert_uint_eq (s3_puts (), puts + 3);
  ck_assert_uint_eq (ax_blob_sync_get_refused (again), 0);
}
END_TEST

/* Desk B pulls desk A's photos: their thumbnails arrive eagerly (checked,
 * into the thumbnail cache), the originals only when asked for. */
START_TEST (test_pull_and_fetch)
{
  g_autofree char *cached = NULL;
  g_autoptr (GBytes) got = NULL, original = NULL;
  g_autoptr (GError) error = NULL;

  sync_ok (&desk_b);
  wait_idle (worker (&desk_b));
  ck_assert_int_eq (query_int (ax_store_get_path (desk_b.store),
                               "SELECT COUNT (*) FROM photos WHERE patient_id = ?", patient_a), 4);
  /* p1's thumbnail was B's already; p4's came now, and its cache file. */
  got = local_bytes (&desk_b, p4_thumb);
  ck_assert_ptr_nonnull (got);
  cached = ax_photo_thumbnail_path (desk_b.thumbs, p4);
  ck_assert (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  ck_assert (uploaded_on_desk (&desk_b, p4_thumb));
  /* No original of A's own photos. */
  ck_assert (!ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&desk_b)), p2));
  ck_assert (!ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&desk_b)), p4));

  /* Opened: fetched, checked, stored, identical. */
  ck_assert_msg (fetch (&desk_b, p2, &error), "%s", error ? error->message : "");
  g_clear_pointer (&got, g_bytes_unref);
  got = local_bytes (&desk_b, p2);
  original = local_bytes (&desk_a, p2);
  ck_assert (got != NULL && g_bytes_equal (got, original));
  ck_assert (ax_blob_store_verify (ax_blob_sync_get_blob_store (worker (&desk_b)), p2, NULL));
  /* Asked again: here already. */
  ck_assert (fetch (&desk_b, p2, NULL));
}
END_TEST

/* Different bytes from the store: refused, nothing kept. */
START_TEST (test_tampered_download)
{
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&s3.lock);
  s3.tamper_gets = TRUE;
  g_mutex_unlock (&s3.lock);
  ck_assert (!fetch (&desk_b, p3, &error));
  ck_assert_msg (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED), "%s", error->message);
  ck_assert (!ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&desk_b)), p3));
  g_mutex_lock (&s3.lock);
  s3.tamper_gets = FALSE;
  g_mutex_unlock (&s3.lock);
  g_clear_error (&error);
  ck_assert_msg (fetch (&desk_b, p3, &error), "%s", error ? error->message : "");
  ck_assert (ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&desk_b)), p3));
}
END_TEST

/* The server unreachable: a fetch says offline; the worker backs off (1 s,
 * then 2 s), and sends the photo once the server is back. */
START_TEST (test_offline)
{
  g_autofree char *picture = make_picture (0x5050a0ff);
  g_autofree char *sha = NULL;
  g_autofree char *url = g_strdup (server.url);
  g_autoptr (GSocketListener) away = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dead = NULL;
  guint16 port;
  gint64 first;

  /* A port nobody answers on: bound, then closed. */
  port = g_socket_listener_add_any_inet_port (away, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (away);
  dead = g_strdup_printf ("http://127.0.0.1:%u", port);

  ax_sync_client_set_base_url (desk_b.client, dead);
  ck_assert (!fetch (&desk_b, p4, &error));
  ck_assert_msg (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK), "%s", error->message);

  sha = import (&desk_b, patient_b, picture, NULL);
  ax_blob_sync_set_max_backoff (worker (&desk_b), 4);
  ax_blob_sync_kick (worker (&desk_b));
  while (ax_blob_sync_is_running (worker (&desk_b)))
    g_main_context_iteration (NULL, TRUE);
  first = ax_blob_sync_get_next_delay (worker (&desk_b));
  ck_assert_int_gt (first, 0);
  ck_assert_int_le (first, 1000);
  ck_assert_ptr_nonnull (ax_blob_sync_get_last_error (worker (&desk_b)));
  /* The retry fails again: twice as long. */
  while (ax_blob_sync_get_next_delay (worker (&desk_b)) >= 0 && ax_blob_sync_get_next_delay (worker (&desk_b)) <= first)
    g_main_context_iteration (NULL, TRUE);
  while (ax_blob_sync_is_running (worker (&desk_b)))
    g_main_context_iteration (NULL, TRUE);
  ck_assert_int_gt (ax_blob_sync_get_next_delay (worker (&desk_b)), 1000);
  ck_assert (!uploaded_on_desk (&desk_b, sha));

  /* Back: the photo row goes, then its files. */
  ax_sync_client_set_base_url (desk_b.client, url);
  sync_ok (&desk_b);
  wait_idle (worker (&desk_b));
  ck_assert (uploaded_on_desk (&desk_b, sha) && uploaded_on_server (sha));
  ck_assert_ptr_null (ax_blob_sync_get_last_error (worker (&desk_b)));
  ck_assert (fetch (&desk_b, p4, NULL));
}
END_TEST

/* The server's own store (its signed /blobs/ URLs, the default): the same
 * round trip on a server of its own, and a file changed on the server's disk
 * refused by the desk. */
START_TEST (test_own_store)
{
  AxTestServer saved_server = server;
  char *saved_dir = data_dir, *saved_clinic = clinic;
  const char *clinic_args[] = { "create-clinic", "--name", "Own Clinic", NULL };
  g_autoptr (JsonObject) made = NULL;
  g_autoptr (GBytes) local = NULL, kept = NULL, got = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *picture = NULL, *picture2 = NULL, *patient = NULL;
  g_autofree char *sha = NULL, *thumb = NULL, *sha2 = NULL, *kept_path = NULL, *kept_path2 = NULL;
  g_autofree char *cached = NULL, *contents = NULL;
  gsize len;
  Desk c = { 0 }, d = { 0 };

  data_dir = g_build_filename (saved_dir, "own", NULL);
  g_assert (g_mkdir_with_parents (data_dir, 0700) == 0);
  made = ax_test_server_command (data_dir, NULL, clinic_args);
  clinic = g_strdup (json_object_get_string_member (made, "clinic_id"));
  {
    const char *args[] = { "create-user", "--clinic", clinic, "--username", "owner", "--role", "Owner", NULL };
    g_autoptr (JsonObject) user = ax_test_server_command (data_dir, "demo\n", args);
  }
  ax_test_server_start (&server, data_dir, NULL);
  desk_open (&c, "c");
  desk_open (&d, "d");
  patient = create_patient (&c, "Nida");
  picture = make_picture (0x408080ff);
  picture2 = make_picture (0x804080ff);
  sha = import (&c, patient, picture, &thumb);
  sha2 = import (&c, patient, picture2, NULL);
  sync_ok (&c);
  wait_idle (worker (&c));
  ck_assert (uploaded_on_desk (&c, sha) && uploaded_on_server (sha) && uploaded_on_server (thumb));
  ck_assert (uploaded_on_server (sha2));
  kept_path = g_strdup_printf ("%s/blobs/%s/%.2s/%s", data_dir, clinic, sha, sha);
  ck_assert (g_file_get_contents (kept_path, &contents, &len, NULL));
  kept = g_bytes_new_take (g_steal_pointer (&contents), len);
  local = local_bytes (&c, sha);
  ck_assert (g_bytes_equal (kept, local));

  /* Desk D: the thumbnails eagerly, the original when asked. */
  sync_ok (&d);
  wait_idle (worker (&d));
  cached = ax_photo_thumbnail_path (d.thumbs, sha);
  ck_assert (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  ck_assert (!ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&d)), sha));
  ck_assert_msg (fetch (&d, sha, &error), "%s", error ? error->message : "");
  got = local_bytes (&d, sha);
  ck_assert (g_bytes_equal (got, local));

  /* A file changed on the server's disk: refused, nothing kept. */
  kept_path2 = g_strdup_printf ("%s/blobs/%s/%.2s/%s", data_dir, clinic, sha2, sha2);
  ck_assert (g_file_get_contents (kept_path2, &contents, &len, NULL));
  contents[len / 2] ^= 0x40;
  ck_assert (g_file_set_contents (kept_path2, contents, len, NULL));
  ck_assert (!fetch (&d, sha2, &error));
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED));
  ck_assert (!ax_blob_store_contains (ax_blob_sync_get_blob_store (worker (&d)), sha2));

  desk_close (&c);
  desk_close (&d);
  ax_test_server_stop (&server);
  g_free (data_dir);
  g_free (clinic);
  server = saved_server;
  data_dir = saved_dir;
  clinic = saved_clinic;
}
END_TEST

/* Setup: a server keeping its blobs in the S3 store, one clinic with an
 * owner, two desks (A and B) logged in as the owner, a patient on each. */

static void
global_setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = NULL, *config_text = NULL;
  const char *clinic_args[] = { "create-clinic", "--name", "Lotus Clinic", "--currency", "THB",
                                "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) made = NULL;
  const char *extra[] = { "--config", NULL, NULL };

  data_dir = g_dir_make_tmp ("ax-blob-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fake_s3_start (&s3);
  config = g_build_filename (data_dir, "server.conf", NULL);
  config_text = g_strdup_printf ("[s3]\nendpoint=%s\nregion=%s\naccess-key=%s\nsecret-key=%s\n",
                                 s3.url, s3_credentials.region, s3_credentials.access_key,
                                 s3_credentials.secret_key);
  g_assert (g_file_set_contents (config, config_text, -1, NULL));
  made = ax_test_server_command (data_dir, NULL, clinic_args);
  clinic = g_strdup (json_object_get_string_member (made, "clinic_id"));
  {
    const char *args[] = { "create-user", "--clinic", clinic, "--username", "owner", "--role", "Owner", NULL };
    g_autoptr (JsonObject) user = ax_test_server_command (data_dir, "demo\n", args);
  }
  extra[1] = config;
  ax_test_server_start (&server, data_dir, extra);

  desk_open (&desk_a, "a");
  desk_open (&desk_b, "b");
  patient_a = create_patient (&desk_a, "Malee");
  sync_ok (&desk_a);
  patient_b = create_patient (&desk_b, "Somchai");
  sync_ok (&desk_b);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  desk_close (&desk_a);
  desk_close (&desk_b);
  ax_test_server_stop (&server);
  fake_s3_stop (&s3);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()) && g_getenv ("AX_KEEP") == NULL)
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("blob-sync");
  TCase *tc = tcase_create ("blob-sync");
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 60);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_test (tc, test_upload);
  tcase_add_test (tc, test_exists);
  tcase_add_test (tc, test_interrupted);
  tcase_add_test (tc, test_corrupted);
  tcase_add_test (tc, test_pull_and_fetch);
  tcase_add_test (tc, test_tampered_download);
  tcase_add_test (tc, test_offline);
  tcase_add_test (tc, test_own_store);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
