/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-sync"

#include "ax-blob-sync.h"
#include "ax-photo-import.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* Thumbnails looked up per round at most (the newest photos first). */
#define THUMBNAIL_BATCH 50

struct _AxBlobSync
{
  GObject       parent_instance;
  AxStore      *store;
  AxSyncClient *client;
  AxBlobStore  *blobs;
  char         *thumbnail_dir;
  GCancellable *cancellable;
  gint64        started_ms;    /* a blob refused before this is tried again */

  /* The round. */
  gboolean      running;
  gboolean      again;
  gboolean      refreshed;
  GHashTable   *skip;          /* thumbnails not fetched this round */

  /* The blob being uploaded. */
  char         *sha256;
  gint64        size;
  char         *mime;

  /* The schedule. */
  guint         max_backoff_s;
  guint         backoff_ms;
  guint         timer;
  gint64        due_us;

  guint         pending;
  guint         refused;
  char         *last_error;
  gulong        changed_id;
};

enum
{
  PROP_0,
  PROP_PENDING,
  PROP_REFUSED,
  PROP_RUNNING,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (AxBlobSync, ax_blob_sync, G_TYPE_OBJECT)

static void run_next (AxBlobSync *self);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Properties */

static void
set_running (AxBlobSync *self,
             gboolean    running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static void
set_last_error (AxBlobSync *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_ERROR]);
}

static void
update_counts (AxBlobSync *self)
{
  guint pending, refused;

  ax_blob_store_count_uploads (ax_store_get_db (self->store), self->started_ms, &pending, &refused);
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PENDING]);
    }
  if (refused != self->refused)
    {
      self->refused = refused;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REFUSED]);
    }
}

static const char *
clinic_id (AxBlobSync *self)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (self->store);

  return clinic != NULL ? clinic->id : NULL;
}

/* Fetching one blob (a thumbnail of the round, or an original on demand) */

typedef struct
{
  char        *sha256;
  char        *thumb_for;      /* the photo's blob: its thumbnail cache file */
  char        *thumbnail_dir;
  AxBlobStore *blobs;
  GBytes      *bytes;
  gboolean     refreshed;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->sha256);
  g_free (fetch->thumb_for);
  g_free (fetch->thumbnail_dir);
  g_clear_object (&fetch->blobs);
  g_clear_pointer (&fetch->bytes, g_bytes_unref);
  g_free (fetch);
}

/* On a worker: the bytes are the blob, or nothing is stored. */
static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autofree char *found = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fetch->bytes);
  g_autofree char *stored = NULL;
  GError *error = NULL;

  if (g_strcmp0 (found, fetch->sha256) != 0)
    {
      g_task_return_new_error (task, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED,
                               _("The clinic server sent a file that is not the one asked for "
                                 "(expected %.12s…, received %.12s…); nothing was stored"),
                               fetch->sha256, found);
      return;
    }
  stored = ax_blob_store_put_bytes (fetch->blobs, fetch->bytes, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (fetch->thumb_for != NULL)
    {
      g_autofree char *path = ax_photo_thumbnail_path (fetch->thumbnail_dir, fetch->thumb_for);

      if (!ax_photo_thumbnail_save (fetch->bytes, path, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
fetch_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  AxBlobSync *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *mime = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  mime = ax_blob_store_lookup_mime (ax_store_get_db (self->store), fetch->sha256);
  if (clinic_id (self) != NULL
      && !ax_blob_store_register_fetched (ax_store_get_db (self->store), clinic_id (self), fetch->sha256,
                                          (gint64) g_bytes_get_size (fetch->bytes),
                                          mime ? mime : "application/octet-stream", now_ms (), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
fetch_got_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  GTask *store;

  fetch->bytes = ax_sync_client_transfer_finish (AX_SYNC_CLIENT (source), result, &error);
  if (fetch->bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  store = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                      fetch_stored_cb, g_object_ref (task));
  g_task_set_task_data (store, fetch, NULL);
  g_task_run_in_thread (store, store_thread);
  g_object_unref (store);
}

static void fetch_ask (GTask *task);

static void
fetch_refreshed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED))
        error->code = AX_SYNC_ERROR_NEEDS_LOGIN;
      g_task_return_error (task, error);
      return;
    }
  fetch_ask (g_steal_pointer (&task));
}

static void
fetch_url_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  AxSyncClient *client = AX_SYNC_CLIENT (source);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;
  const char *url;

  reply = ax_sync_client_call_finish (client, result, &error);
  if (reply == NULL)
    {
      /* An expired token: the client's refresh (shared with the engine), once. */
      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED) && !fetch->refreshed
          && ax_sync_client_get_refresh_token (client) != NULL)
        {
          fetch->refreshed = TRUE;
          g_error_free (error);
          ax_sync_client_refresh_async (client, cancellable, fetch_refreshed_cb, g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  url = json_object_get_string_member_with_default (reply, "url", NULL);
  if (url == NULL)
    {
      g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                               _("The clinic server sent a reply this desk cannot read"));
      return;
    }
  ax_sync_client_transfer_async (client, "GET", url, NULL, 0, cancellable, fetch_got_cb,
                                 g_steal_pointer (&task));
}

static void
fetch_ask (GTask *task)
{
  AxBlobSync *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  ax_sync_client_blob_download_async (self->client, fetch->sha256, g_task_get_cancellable (task),
                                      fetch_url_cb, task);
}

static void
fetch_start (AxBlobSync          *self,
             const char          *sha256,
             const char          *thumb_for,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, source_tag);
  fetch->sha256 = g_strdup (sha256);
  fetch->thumb_for = g_strdup (thumb_for);
  fetch->thumbnail_dir = g_strdup (self->thumbnail_dir);
  fetch->blobs = g_object_ref (self->blobs);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  if (!ax_blob_sha256_is_valid (sha256))
    {
      g_task_return_new_error (task, AX_BLOB_ERROR, AX_BLOB_ERROR_INVALID,
                               _("“%s” is not the name of a stored file (a SHA-256 in hexadecimal)"),
                               sha256);
      g_object_unref (task);
      return;
    }
  fetch_ask (task);
}

void
ax_blob_sync_fetch_async (AxBlobSync          *self,
                          const char          *sha256,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (AX_IS_BLOB_SYNC (self));

  if (ax_blob_store_contains (self->blobs, sha256))
    {
      g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, ax_blob_sync_fetch_async);
      g_task_return_boolean (task, TRUE);
      return;
    }
  fetch_start (self, sha256, NULL, ax_blob_sync_fetch_async, cancellable, callback, user_data);
}

gboolean
ax_blob_sync_fetch_finish (AxBlobSync    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The round */

static gboolean
timer_cb (gpointer data)
{
  AxBlobSync *self = data;

  self->timer = 0;
  self->due_us = 0;
  ax_blob_sync_kick (self);
  return G_SOURCE_REMOVE;
}

static void
round_done (AxBlobSync *self,
            guint       retry_ms)
{
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->mime, g_free);
  update_counts (self);
  set_running (self, FALSE);
  if (retry_ms > 0)
    {
      g_clear_handle_id (&self->timer, g_source_remove);
      self->timer = g_timeout_add (retry_ms, timer_cb, self);
      g_source_set_name_by_id (self->timer, "[aesthetix] blob sync");
      self->due_us = g_get_monotonic_time () + (gint64) retry_ms * 1000;
    }
  else if (self->again)
    ax_blob_sync_kick (self);
  g_object_unref (self);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AxBlobSync *self = user_data;
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      set_last_error (self, error->message);
      round_done (self, 0);
      return;
    }
  run_next (self);
}

/* A step failed: back off, refresh, give the blob up, or stop the round. */
static void
step_failed (AxBlobSync *self,
             GError     *error,
             gboolean    thumbnail)
{
  g_autoptr (GError) owned = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      round_done (self, 0);
      return;
    }
  g_debug ("Blob %s: %s", self->sha256 ? self->sha256 : "(thumbnail)", error->message);
  if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED) && !self->refreshed
      && ax_sync_client_get_refresh_token (self->client) != NULL)
    {
      self->refreshed = TRUE;
      ax_sync_client_refresh_async (self->client, self->cancellable, refreshed_cb, self);
      return;
    }
  if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
      || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER))
    {
      self->backoff_ms = self->backoff_ms == 0 ? 1000 : MIN (self->backoff_ms * 2, self->max_backoff_s * 1000);
      set_last_error (self, error->message);
      round_done (self, self->backoff_ms);
      return;
    }
  if (!thumbnail
      && (error->domain == AX_BLOB_ERROR || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED)))
    {
      g_autoptr (GError) local = NULL;

      /* Refused (or the file here is damaged): kept with its reason, and
       * not tried again before the worker's next start. */
      if (!ax_blob_store_mark_refused (ax_store_get_db (self->store), self->sha256, error->message,
                                       now_ms (), &local))
        g_warning ("%s", local->message);
      set_last_error (self, error->message);
      update_counts (self);
      run_next (self);
      return;
    }
  /* Log in again, update needed, a reply that makes no sense: until the
   * next kick. */
  set_last_error (self, error->message);
  round_done (self, 0);
}

static void
uploaded (AxBlobSync *self)
{
  g_autoptr (GError) error = NULL;

  if (!ax_blob_store_mark_uploaded (ax_store_get_db (self->store), self->sha256, now_ms (), &error))
    {
      set_last_error (self, error->message);
      round_done (self, 0);
      return;
    }
  self->backoff_ms = 0;
  update_counts (self);
  run_next (self);
}

static void
confirm_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AxBlobSync *self = user_data;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    step_failed (self, error, FALSE);
  else if (!json_object_get_boolean_member_with_default (reply, "uploaded", FALSE))
    step_failed (self, g_error_new (AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                                    _("The clinic server did not confirm the file")), FALSE);
  else
    uploaded (self);
}

static void
put_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  AxBlobSync *self = user_data;
  g_autoptr (GBytes) reply = NULL;
  GError *error = NULL;

  reply = ax_sync_client_transfer_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      step_failed (self, error, FALSE);
      return;
    }
  /* The server hashes what it received: only then is it uploaded. */
  ax_sync_client_blob_confirm_async (self->client, self->sha256, self->cancellable, confirm_cb, self);
}

typedef struct
{
  AxBlobStore *blobs;
  char        *sha256;
  gint64       size;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_object_unref (job->blobs);
  g_free (job->sha256);
  g_free (job);
}

/* On a worker: the file still has the bytes of its name, and is opened to
 * be streamed (read by libsoup as it sends, never whole in memory). */
static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autofree char *path = ax_blob_store_get_path (job->blobs, job->sha256);
  GInputStream *in;
  GStatBuf st;
  GError *error = NULL;

  if (!ax_blob_store_verify (job->blobs, job->sha256, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_stat (path, &st) != 0 || (gint64) st.st_size != job->size)
    {
      g_task_return_new_error (task, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED,
                               _("The file %.12s… is not the size this desk recorded"), job->sha256);
      return;
    }
  in = ax_blob_store_open (job->blobs, job->sha256, &error);
  if (in == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, in, g_object_unref);
}

typedef struct
{
  AxBlobSync *self;
  char       *url;
} PutJob;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PutJob *put = user_data;
  AxBlobSync *self = put->self;
  g_autofree char *url = put->url;
  g_autoptr (GInputStream) in = NULL;
  GError *error = NULL;

  g_free (put);
  in = g_task_propagate_pointer (G_TASK (result), &error);
  if (in == NULL)
    {
      step_failed (self, error, FALSE);
      return;
    }
  ax_sync_client_transfer_async (self->client, "PUT", url, in, self->size, self->cancellable,
                                 put_cb, self);
}

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AxBlobSync *self = user_data;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;
  const char *url;
  OpenJob *job;
  PutJob *put;
  GTask *task;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      step_failed (self, error, FALSE);
      return;
    }
  /* Held already (another desk sent the same file): nothing to send. */
  if (json_object_get_boolean_member_with_default (reply, "exists", FALSE))
    {
      uploaded (self);
      return;
    }
  url = json_object_get_string_member_with_default (reply, "url", NULL);
  if (url == NULL)
    {
      step_failed (self, g_error_new (AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                                      _("The clinic server sent a reply this desk cannot read")),
                   FALSE);
      return;
    }
  job = g_new0 (OpenJob, 1);
  job->blobs = g_object_ref (self->blobs);
  job->sha256 = g_strdup (self->sha256);
  job->size = self->size;
  put = g_new0 (PutJob, 1);
  put->self = self;
  put->url = g_strdup (url);
  task = g_task_new (NULL, self->cancellable, opened_cb, put);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
  g_object_unref (task);
}

typedef struct
{
  AxBlobSync *self;
  char       *sha256;
} ThumbJob;

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree ThumbJob *job = user_data;
  g_autofree char *sha256 = job->sha256;
  AxBlobSync *self = job->self;
  GError *error = NULL;

  if (ax_blob_sync_fetch_finish (self, result, &error))
    {
      run_next (self);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && (error->domain == AX_BLOB_ERROR || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED)))
    {
      /* Not on the server yet (its desk has not uploaded it), or bad
       * bytes: the next round tries again. */
      if (error->domain == AX_BLOB_ERROR)
        g_message ("Thumbnail %s not fetched: %s", sha256, error->message);
      g_hash_table_add (self->skip, g_steal_pointer (&sha256));
      g_error_free (error);
      run_next (self);
      return;
    }
  step_failed (self, error, TRUE);
}

static gpointer
read_missing (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  return ax_blob_store_missing_thumbnails (db, THUMBNAIL_BATCH, error);
}

static void
missing_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AxBlobSync *self = user_data;
  g_autoptr (GPtrArray) missing = NULL;
  GError *error = NULL;

  missing = ax_store_read_finish (AX_STORE (source), result, read_missing, &error);
  if (missing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_last_error (self, error->message);
      g_error_free (error);
      round_done (self, 0);
      return;
    }
  for (guint i = 0; i + 1 < missing->len; i += 2)
    {
      ThumbJob *job;

      if (g_hash_table_contains (self->skip, missing->pdata[i]))
        continue;
      job = g_new0 (ThumbJob, 1);
      job->self = self;
      job->sha256 = g_strdup (missing->pdata[i]);
      fetch_start (self, missing->pdata[i], missing->pdata[i + 1], read_missing, self->cancellable,
                   thumbnail_cb, job);
      return;
    }
  /* Nothing left to fetch this round. */
  self->backoff_ms = 0;
  if (self->refused == 0)
    set_last_error (self, NULL);
  round_done (self, 0);
}

/* The thumbnails of pulled photos this desk lacks, looked up off the main
 * thread (a scan of the clinic's photos). */
static void
next_thumbnail (AxBlobSync *self)
{
  ax_store_read_async (self->store, read_missing, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       read_missing, self->cancellable, missing_read_cb, self);
}

static void
run_next (AxBlobSync *self)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->mime, g_free);
  if (clinic_id (self) == NULL)
    {
      round_done (self, 0);
      return;
    }
  if (ax_blob_store_next_upload (ax_store_get_db (self->store), self->started_ms, &self->sha256,
                                 &self->size, &self->mime, &error))
    {
      ax_sync_client_blob_upload_async (self->client, self->sha256, self->size, self->mime,
                                        self->cancellable, upload_cb, self);
      return;
    }
  if (error != NULL)
    {
      set_last_error (self, error->message);
      round_done (self, 0);
      return;
    }
  /* Everything sent: the thumbnails of photos pulled from other desks. */
  next_thumbnail (self);
}

void
ax_blob_sync_kick (AxBlobSync *self)
{
  g_return_if_fail (AX_IS_BLOB_SYNC (self));

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due_us = 0;
  if (g_cancellable_is_cancelled (self->cancellable))
    g_set_object (&self->cancellable, g_cancellable_new ());
  self->again = FALSE;
  self->refreshed = FALSE;
  g_hash_table_remove_all (self->skip);
  g_object_ref (self);
  set_running (self, TRUE);
  run_next (self);
}

void
ax_blob_sync_stop (AxBlobSync *self)
{
  g_return_if_fail (AX_IS_BLOB_SYNC (self));
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due_us = 0;
  self->again = FALSE;
  g_cancellable_cancel (self->cancellable);
}

gint64
ax_blob_sync_get_next_delay (AxBlobSync *self)
{
  if (self->timer == 0)
    return -1;
  return MAX (0, (self->due_us - g_get_monotonic_time ()) / 1000);
}

/* GObject */

static void
ax_blob_sync_dispose (GObject *object)
{
  AxBlobSync *self = AX_BLOB_SYNC (object);

  ax_blob_sync_stop (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  G_OBJECT_CLASS (ax_blob_sync_parent_class)->dispose (object);
}

static void
ax_blob_sync_finalize (GObject *object)
{
  AxBlobSync *self = AX_BLOB_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->blobs);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->skip, g_hash_table_unref);
  g_free (self->thumbnail_dir);
  g_free (self->sha256);
  g_free (self->mime);
  g_free (self->last_error);
  G_OBJECT_CLASS (ax_blob_sync_parent_class)->finalize (object);
}

static void
ax_blob_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AxBlobSync *self = AX_BLOB_SYNC (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_REFUSED:
      g_value_set_uint (value, self->refused);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_blob_sync_class_init (AxBlobSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ax_blob_sync_dispose;
  object_class->finalize = ax_blob_sync_finalize;
  object_class->get_property = ax_blob_sync_get_property;

  props[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_REFUSED] = g_param_spec_uint ("refused", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  props[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ax_blob_sync_init (AxBlobSync *self)
{
  self->cancellable = g_cancellable_new ();
  self->skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_backoff_s = 300;
}

AxBlobSync *
ax_blob_sync_new (AxStore      *store,
                  AxSyncClient *client)
{
  AxBlobSync *self;

  g_return_val_if_fail (AX_IS_STORE (store), NULL);
  g_return_val_if_fail (AX_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (AX_TYPE_BLOB_SYNC, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->blobs = ax_blob_store_new (ax_store_get_path (store));
  /* Refused before now: tried once more by this worker. */
  self->started_ms = now_ms ();
  /* A photo imported (or pulled): the count for the indicator. */
  self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (update_counts), self);
  update_counts (self);
  return self;
}

AxBlobStore *
ax_blob_sync_get_blob_store (AxBlobSync *self)
{
  return self->blobs;
}

guint
ax_blob_sync_get_pending (AxBlobSync *self)
{
  return self->pending;
}

guint
ax_blob_sync_get_refused (AxBlobSync *self)
{
  return self->refused;
}

gboolean
ax_blob_sync_is_running (AxBlobSync *self)
{
  return self->running;
}

const char *
ax_blob_sync_get_last_error (AxBlobSync *self)
{
  return self->last_error;
}

void
ax_blob_sync_set_thumbnail_dir (AxBlobSync *self,
                                const char *dir)
{
  g_return_if_fail (AX_IS_BLOB_SYNC (self));
  g_free (self->thumbnail_dir);
  self->thumbnail_dir = g_strdup (dir);
}

void
ax_blob_sync_set_max_backoff (AxBlobSync *self,
                              guint       seconds)
{
  g_return_if_fail (AX_IS_BLOB_SYNC (self));
  self->max_backoff_s = MAX (seconds, 1);
}
