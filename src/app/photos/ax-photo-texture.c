/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-texture.h"

#include "ax-photo-import.h"

typedef struct
{
  char *db_path;
  char *sha256;
  int   max_size;
  gboolean thumbnail;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->db_path);
  g_free (job->sha256);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (job->db_path);
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* A photo shown whole (the viewer, the face chart) is checked against its
   * hash first: the file is never changed, and a change must show. */
  if (!job->thumbnail && !ax_blob_store_verify (blobs, job->sha256, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pixbuf = job->thumbnail ? ax_photo_thumbnail_load (blobs, NULL, job->sha256, &error)
                          : ax_photo_decode (blobs, job->sha256, job->max_size, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    /* A memory texture: made here, drawn by the main thread. */
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void
start_load (AxStore             *store,
            const char          *sha256,
            int                  max_size,
            gboolean             thumbnail,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);
  LoadJob *job = g_new0 (LoadJob, 1);

  g_task_set_source_tag (task, source_tag);
  job->db_path = g_strdup (ax_store_get_path (store));
  job->sha256 = g_strdup (sha256);
  job->max_size = max_size;
  job->thumbnail = thumbnail;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

void
ax_photo_texture_load_async (AxStore             *store,
                             const char          *sha256,
                             int                  max_size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (AX_IS_STORE (store));
  g_return_if_fail (sha256 != NULL);
  start_load (store, sha256, max_size, FALSE, ax_photo_texture_load_async, cancellable,
              callback, user_data);
}

GdkTexture *
ax_photo_texture_load_finish (AxStore      *store,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ax_photo_texture_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ax_photo_thumbnail_load_async (AxStore             *store,
                               const char          *sha256,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (AX_IS_STORE (store));
  g_return_if_fail (sha256 != NULL);
  start_load (store, sha256, 0, TRUE, ax_photo_thumbnail_load_async, cancellable, callback,
              user_data);
}

GdkTexture *
ax_photo_thumbnail_load_finish (AxStore      *store,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ax_photo_thumbnail_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
