/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-blobs.h"
#include "ax-server-private.h"
#include "ax-server-error.h"
#include "ax-sigv4.h"
#include "ax-db.h"

#include <inttypes.h>
#include <string.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#define BLOBS_PREFIX "/blobs/"

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
uses_s3 (AxServer *self)
{
  return ax_server_get_config (self)->s3_endpoint != NULL;
}

static char *
blob_path (AxServer   *self,
           const char *clinic_id,
           const char *sha256)
{
  char shard[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (ax_server_get_config (self)->data_dir, "blobs", clinic_id, shard, sha256, NULL);
}

/* hex HMAC-SHA256 over "METHOD\nclinic\nsha256\nexpires" with the server's key. */
static char *
own_signature (AxServer   *self,
               const char *method,
               const char *clinic_id,
               const char *sha256,
               gint64      expires_s)
{
  gsize len = 0;
  const guint8 *key = g_bytes_get_data (self->secret, &len);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s\n%" G_GINT64_FORMAT, method, clinic_id, sha256, expires_s);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, len, text, -1);
}

char *
ax_server_blob_url (AxServer    *self,
                    const char  *base_url,
                    const char  *clinic_id,
                    const char  *sha256,
                    const char  *method,
                    gint64      *expires_ms,
                    GError     **error)
{
  const AxServerConfig *config = ax_server_get_config (self);
  gint64 expires_s = now_ms () / 1000 + config->blob_url_lifetime_s;

  if (!is_sha256 (sha256))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“%s” is not a SHA-256 (64 lowercase hexadecimal digits)"), sha256);
      return NULL;
    }
  if (expires_ms != NULL)
    *expires_ms = expires_s * 1000;
  if (uses_s3 (self))
    {
      AxSigV4Store store = {
        .endpoint = config->s3_endpoint, .region = config->s3_region,
        .access_key = config->s3_access_key, .secret_key = config->s3_secret_key,
      };
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *key = g_strdup_printf ("%s/%s", clinic_id, sha256);

      return ax_sigv4_presign (&store, method, key, now, (int) config->blob_url_lifetime_s, error);
    }
  {
    g_autofree char *sig = own_signature (self, method, clinic_id, sha256, expires_s);

    return g_strdup_printf ("%s" BLOBS_PREFIX "%s/%s?expires=%" G_GINT64_FORMAT "&sig=%s",
                            base_url, clinic_id, sha256, expires_s, sig);
  }
}

/* The clinic store's record of one blob: -1 when there is none, else its
 * size, with *uploaded. Called with the clinic's lock held. */
static gint64
lookup (AxServerClinic *clinic,
        const char     *sha256,
        gboolean       *uploaded,
        GError        **error)
{
  AxDb *db = ax_store_get_db (ax_server_clinic_get_store (clinic));
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT size, uploaded_at IS NOT NULL FROM blobs WHERE sha256 = ?",
                                      error);
  gint64 size = -1;
  int rc;

  if (stmt == NULL)
    return -2;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      size = sqlite3_column_int64 (stmt, 0);
      *uploaded = sqlite3_column_int (stmt, 1) != 0;
    }
  else if (rc != SQLITE_DONE)
    size = -2, ax_db_fail (db, _("Cannot read the clinic’s blobs"), error);
  sqlite3_reset (stmt);
  return size;
}

static gboolean
record (AxServerClinic *clinic,
        const char     *sql,
        const char     *sha256,
        gint64          size,
        const char     *mime,
        GError        **error)
{
  AxDb *db = ax_store_get_db (ax_server_clinic_get_store (clinic));
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ax_server_clinic_get_id (clinic), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_text (stmt, 4, mime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now_ms ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || ax_db_fail (db, _("Cannot record the blob"), error);
}

/* A blob the desk is about to upload (its size and type may still change). */
#define SQL_PENDING \
  "INSERT INTO blobs (sha256, clinic_id, size, mime, created_at, have_local) VALUES (?, ?, ?, ?, ?, 0) " \
  "ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, mime = excluded.mime " \
  "WHERE blobs.uploaded_at IS NULL"
/* Its bytes were hashed and kept. */
#define SQL_UPLOADED \
  "UPDATE blobs SET uploaded_at = ?5, have_local = 1 WHERE sha256 = ?1 AND clinic_id = ?2 AND size = ?3"

static AxServerClinic *
locked_clinic (AxServer   *self,
               const char *clinic_id,
               GError    **error)
{
  AxServerClinic *clinic = ax_server_get_clinic (self, clinic_id, error);

  if (clinic != NULL)
    ax_server_clinic_lock (clinic);
  return clinic;
}

static const char *
member_sha256 (JsonObject *request,
               GError    **error)
{
  const char *sha = json_object_has_member (request, "sha256")
                    && JSON_NODE_HOLDS_VALUE (json_object_get_member (request, "sha256"))
                    && json_node_get_value_type (json_object_get_member (request, "sha256")) == G_TYPE_STRING
                    ? json_object_get_string_member (request, "sha256") : NULL;

  if (!is_sha256 (sha))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“sha256” must be the blob’s SHA-256 as 64 lowercase hexadecimal digits"));
      return NULL;
    }
  return sha;
}

static JsonNode *
url_reply (const char *first_member,
           gboolean    first_value,
           const char *method,
           const char *url,
           gint64      expires_ms,
           gint64      size)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  if (first_member != NULL)
    {
      json_builder_set_member_name (b, first_member);
      json_builder_add_boolean_value (b, first_value);
    }
  if (url != NULL)
    {
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, method);
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, url);
      json_builder_set_member_name (b, "expires_at");
      json_builder_add_int_value (b, expires_ms);
    }
  if (size >= 0)
    {
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, size);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
ax_server_blobs_upload (AxServer    *self,
                        const char  *base_url,
                        const char  *clinic_id,
                        JsonObject  *request,
                        GError     **error)
{
  const AxServerConfig *config = ax_server_get_config (self);
  const char *sha = member_sha256 (request, error);
  const char *mime = "application/octet-stream";
  AxServerClinic *clinic;
  JsonNode *size_node = json_object_get_member (request, "size");
  gboolean uploaded = FALSE;
  g_autofree char *url = NULL;
  gint64 size, known, expires_ms = 0;
  gboolean ok;

  if (sha == NULL)
    return NULL;
  if (size_node == NULL || !JSON_NODE_HOLDS_VALUE (size_node)
      || json_node_get_value_type (size_node) != G_TYPE_INT64 || json_node_get_int (size_node) < 1)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“size” must be the blob’s size in bytes (a whole number above 0)"));
      return NULL;
    }
  size = json_node_get_int (size_node);
  if (size > config->max_blob_bytes)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_TOO_LARGE,
                   _("The blob is %" PRId64 " bytes; this server keeps blobs of up to %"
                     PRId64 " bytes"), size, config->max_blob_bytes);
      return NULL;
    }
  if (json_object_has_member (request, "mime"))
    {
      JsonNode *node = json_object_get_member (request, "mime");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || strlen (json_node_get_string (node)) == 0 || strlen (json_node_get_string (node)) > 100)
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                       _("“mime” must be a media type such as image/jpeg"));
          return NULL;
        }
      mime = json_node_get_string (node);
    }

  clinic = locked_clinic (self, clinic_id, error);
  if (clinic == NULL)
    return NULL;
  known = lookup (clinic, sha, &uploaded, error);
  ok = known >= -1 && (uploaded || record (clinic, SQL_PENDING, sha, size, mime, error));
  ax_server_clinic_unlock (clinic);
  if (!ok)
    return NULL;
  if (uploaded)
    return url_reply ("exists", TRUE, NULL, NULL, 0, known);

  url = ax_server_blob_url (self, base_url, clinic_id, sha, "PUT", &expires_ms, error);
  return url ? url_reply ("exists", FALSE, "PUT", url, expires_ms, -1) : NULL;
}

/* GETs the blob from the S3 store with a presigned URL and hashes it. */
static gboolean
verify_in_s3 (AxServer   *self,
              const char *clinic_id,
              const char *sha256,
              gint64      size,
              GError    **error)
{
  g_autofree char *url = ax_server_blob_url (self, NULL, clinic_id, sha256, "GET", NULL, error);
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *actual = NULL;
  g_autoptr (GError) local = NULL;

  if (url == NULL)
    return FALSE;
  session = soup_session_new_with_options ("timeout", 60, NULL);
  msg = soup_message_new ("GET", url);
  bytes = soup_session_send_and_read (session, msg, NULL, &local);
  if (bytes == NULL)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BUSY,
                   _("The blob store cannot be reached: %s. Try again later."), local->message);
      return FALSE;
    }
  if (soup_message_get_status (msg) == 404)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                   _("The blob %s is not in the blob store yet: upload it first"), sha256);
      return FALSE;
    }
  if (soup_message_get_status (msg) != 200)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BUSY,
                   _("The blob store answered %u %s"), soup_message_get_status (msg),
                   soup_message_get_reason_phrase (msg));
      return FALSE;
    }
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (strcmp (actual, sha256) != 0 || (gint64) g_bytes_get_size (bytes) != size)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_CONFLICT,
                   _("The bytes in the blob store are not the blob %s (their SHA-256 is %s): "
                     "upload it again"), sha256, actual);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
ax_server_blobs_confirm (AxServer    *self,
                         const char  *clinic_id,
                         JsonObject  *request,
                         GError     **error)
{
  const char *sha = member_sha256 (request, error);
  AxServerClinic *clinic;
  gboolean uploaded = FALSE, ok;
  gint64 size;

  if (sha == NULL || (clinic = locked_clinic (self, clinic_id, error)) == NULL)
    return NULL;
  size = lookup (clinic, sha, &uploaded, error);
  ax_server_clinic_unlock (clinic);
  if (size == -2)
    return NULL;
  if (size == -1)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                   _("The server was not told of the blob %s: ask for an upload URL first"), sha);
      return NULL;
    }
  if (!uploaded)
    {
      if (!uses_s3 (self))
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                       _("The blob %s has not been uploaded yet"), sha);
          return NULL;
        }
      /* The network fetch runs without the clinic's lock. */
      if (!verify_in_s3 (self, clinic_id, sha, size, error))
        return NULL;
      clinic = locked_clinic (self, clinic_id, error);
      if (clinic == NULL)
        return NULL;
      ok = record (clinic, SQL_UPLOADED, sha, size, NULL, error);
      ax_server_clinic_unlock (clinic);
      if (!ok)
        return NULL;
    }
  return url_reply ("uploaded", TRUE, NULL, NULL, 0, size);
}

JsonNode *
ax_server_blobs_download (AxServer    *self,
                          const char  *base_url,
                          const char  *clinic_id,
                          JsonObject  *request,
                          GError     **error)
{
  const char *sha = member_sha256 (request, error);
  AxServerClinic *clinic;
  gboolean uploaded = FALSE;
  g_autofree char *url = NULL;
  gint64 size, expires_ms = 0;

  if (sha == NULL || (clinic = locked_clinic (self, clinic_id, error)) == NULL)
    return NULL;
  size = lookup (clinic, sha, &uploaded, error);
  ax_server_clinic_unlock (clinic);
  if (size == -2)
    return NULL;
  if (size == -1 || !uploaded)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                   _("This clinic’s server does not hold the blob %s (yet)"), sha);
      return NULL;
    }
  url = ax_server_blob_url (self, base_url, clinic_id, sha, "GET", &expires_ms, error);
  return url ? url_reply (NULL, FALSE, "GET", url, expires_ms, size) : NULL;
}

/* PUT and GET /blobs/<clinic>/<sha256>?expires=&sig= */

typedef struct
{
  AxServer          *server;
  SoupServerMessage *msg;
  gint64             started_us;
  char              *clinic_id;
  char              *sha256;
  gboolean           put;
  GBytes            *body;
  GBytes            *content;  /* GET: what is sent back */
} BlobRequest;

static void
blob_request_free (BlobRequest *req)
{
  g_object_unref (req->msg);
  g_free (req->clinic_id);
  g_free (req->sha256);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_pointer (&req->content, g_bytes_unref);
  g_free (req);
}

static gboolean
check_link (AxServer    *self,
            const char  *method,
            const char  *clinic_id,
            const char  *sha256,
            GHashTable  *query,
            GError     **error)
{
  const char *expires = query ? g_hash_table_lookup (query, "expires") : NULL;
  const char *sig = query ? g_hash_table_lookup (query, "sig") : NULL;
  g_autofree char *expected = NULL;
  gint64 expires_s = 0;

  if (expires == NULL || sig == NULL || !g_ascii_string_to_signed (expires, 10, 0, G_MAXINT64, &expires_s, NULL))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
                   _("This blob address is not signed: ask the server for a new one"));
      return FALSE;
    }
  expected = own_signature (self, method, clinic_id, sha256, expires_s);
  if (strlen (sig) != strlen (expected) || sodium_memcmp (sig, expected, strlen (expected)) != 0)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_FORBIDDEN,
                   _("This blob address’s signature is not valid: ask the server for a new one"));
      return FALSE;
    }
  if (expires_s * 1000 < now_ms ())
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_TOKEN_EXPIRED,
                   _("This blob address has expired: ask the server for a new one"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_put (BlobRequest *req,
           GError     **error)
{
  AxServer *self = req->server;
  AxServerClinic *clinic;
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, req->body);
  g_autofree char *path = blob_path (self, req->clinic_id, req->sha256);
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean uploaded = FALSE, ok;
  gint64 size;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);

  if (strcmp (actual, req->sha256) != 0)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_CONFLICT,
                   _("The uploaded bytes are not the blob %s (their SHA-256 is %s); nothing was "
                     "kept"), req->sha256, actual);
      return FALSE;
    }
  clinic = locked_clinic (self, req->clinic_id, error);
  if (clinic == NULL)
    return FALSE;
  size = lookup (clinic, req->sha256, &uploaded, error);
  ok = size >= -1;
  if (ok && size == -1)
    ok = FALSE, g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                             _("The server was not told of the blob %s: ask for an upload URL first"),
                             req->sha256);
  else if (ok && !uploaded && size != (gint64) len)
    ok = FALSE, g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_CONFLICT,
                             _("The upload is %zu bytes but the blob %s was announced as %"
                               PRId64 " bytes; nothing was kept"), len, req->sha256, size);
  else if (ok && !uploaded)
    ok = g_mkdir_with_parents (dir, 0700) == 0
         && g_file_set_contents_full (path, data ? data : "", (gssize) len,
                                      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                      0600, error)
         && record (clinic, SQL_UPLOADED, req->sha256, (gint64) len, NULL, error);
  ax_server_clinic_unlock (clinic);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                 _("Cannot keep the blob %s"), req->sha256);
  return ok;
}

static gboolean
load_get (BlobRequest *req,
          GError     **error)
{
  AxServerClinic *clinic = locked_clinic (req->server, req->clinic_id, error);
  g_autofree char *path = blob_path (req->server, req->clinic_id, req->sha256);
  g_autofree char *data = NULL;
  gboolean uploaded = FALSE;
  gsize len = 0;
  gint64 size;

  if (clinic == NULL)
    return FALSE;
  size = lookup (clinic, req->sha256, &uploaded, error);
  ax_server_clinic_unlock (clinic);
  if (size == -2)
    return FALSE;
  if (size == -1 || !uploaded || !g_file_get_contents (path, &data, &len, NULL))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                   _("This clinic’s server does not hold the blob %s"), req->sha256);
      return FALSE;
    }
  req->content = g_bytes_new_take (g_steal_pointer (&data), len);
  return TRUE;
}

static void
blob_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BlobRequest *req = task_data;
  GError *error = NULL;

  if (req->put ? store_put (req, &error) : load_get (req, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
blob_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BlobRequest *req = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    ax_server_http_respond (req->server, req->msg, req->started_us, 0, NULL, error);
  else if (req->put)
    {
      g_autoptr (JsonNode) reply = url_reply ("uploaded", TRUE, NULL, NULL, 0,
                                              (gint64) g_bytes_get_size (req->body));

      ax_server_http_respond (req->server, req->msg, req->started_us, 201, reply, NULL);
    }
  else
    ax_server_http_respond_bytes (req->server, req->msg, req->started_us, "application/octet-stream",
                                  req->content);
  soup_server_message_unpause (req->msg);
}

static void
blobs_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  AxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gint64 started_us = g_get_monotonic_time ();
  g_auto (GStrv) parts = g_str_has_prefix (path, BLOBS_PREFIX)
                         ? g_strsplit (path + strlen (BLOBS_PREFIX), "/", -1) : g_new0 (char *, 1);
  g_autoptr (GError) error = NULL;
  BlobRequest *req;
  GTask *task;

  if (g_strv_length (parts) != 2 || !is_sha256 (parts[1]) || parts[0][0] == '\0'
      || strchr (parts[0], '.') != NULL)
    {
      error = g_error_new (AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND, _("There is nothing at this address"));
      ax_server_http_respond (self, msg, started_us, 0, NULL, error);
      return;
    }
  if (strcmp (method, "PUT") != 0 && strcmp (method, "GET") != 0)
    {
      error = g_error_new (AX_SERVER_ERROR, AX_SERVER_ERROR_METHOD, _("This address does not take that method"));
      ax_server_http_respond (self, msg, started_us, 0, NULL, error);
      return;
    }
  if (uses_s3 (self) || !check_link (self, method, parts[0], parts[1], query, &error))
    {
      if (error == NULL)
        error = g_error_new (AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                             _("This server keeps its blobs in an S3 store"));
      ax_server_http_respond (self, msg, started_us, 0, NULL, error);
      return;
    }

  req = g_new0 (BlobRequest, 1);
  req->server = self;
  req->msg = g_object_ref (msg);
  req->started_us = started_us;
  req->clinic_id = g_strdup (parts[0]);
  req->sha256 = g_strdup (parts[1]);
  req->put = strcmp (method, "PUT") == 0;
  if (req->put)
    req->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, blob_done_cb, NULL);
  g_task_set_task_data (task, req, (GDestroyNotify) blob_request_free);
  g_task_run_in_thread (task, blob_thread);
  g_object_unref (task);
}

void
ax_server_blobs_setup (AxServer *self)
{
  soup_server_add_handler (self->soup, "/blobs", blobs_cb, self, NULL);
}
