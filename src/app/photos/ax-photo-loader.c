/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-loader.h"

#include <glib/gi18n.h>

#include "ax-blob-store.h"
#include "ax-photo-texture.h"

struct _AxPhotoLoader
{
  GObject             parent_instance;

  AxContext          *context;
  char               *sha256;
  int                 max_size;
  GCancellable       *cancellable;
  AxPhotoLoaderState  state;
  GdkTexture         *texture;
  gboolean            preview;     /* texture is the thumbnail */
  gboolean            fetched;     /* the original was fetched: missing again is an error */
  gboolean            waiting;     /* the last fetch could not reach the server */
  char               *message;
  AxSyncEngine       *online_engine;  /* waited on until a sync succeeds */
  gulong              online_id;
};

G_DEFINE_FINAL_TYPE (AxPhotoLoader, ax_photo_loader, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void fetch_original (AxPhotoLoader *self);

/* Helpers */

static void
set_state (AxPhotoLoader      *self,
           AxPhotoLoaderState  state,
           const char         *message)
{
  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static const char *
offline_message (void)
{
  return _("Original not on this desk yet — it will load when the clinic server is reachable");
}

static const char *
preview_message (void)
{
  return _("Showing the thumbnail — the original is loading from the clinic server");
}

/* The server cannot be reached for now (or not as this user): wait. */
static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
         || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER)
         || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN)
         || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED);
}

static void
stop_waiting (AxPhotoLoader *self)
{
  if (self->online_engine != NULL)
    g_clear_signal_handler (&self->online_id, self->online_engine);
  g_clear_object (&self->online_engine);
}

/* Callbacks */

static void original_loaded_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);

static void
load_original (AxPhotoLoader *self)
{
  ax_photo_texture_load_async (ax_context_get_store (self->context), self->sha256, self->max_size,
                               self->cancellable, original_loaded_cb, g_object_ref (self));
}

/* The desk synced again: the original it could not fetch, now. */
static void
online_cb (AxPhotoLoader *self)
{
  if (ax_sync_engine_get_state (self->online_engine) != AX_SYNC_STATE_IDLE)
    return;
  stop_waiting (self);
  if (ax_context_get_sync_engine (self->context) != NULL)
    {
      if (self->texture == NULL)
        set_state (self, AX_PHOTO_LOADER_LOADING, NULL);
      else
        set_state (self, AX_PHOTO_LOADER_PREVIEW, preview_message ());
      fetch_original (self);
    }
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (AxPhotoLoader) self = user_data;
  g_autoptr (GError) error = NULL;
  AxSyncEngine *engine;

  if (ax_blob_sync_fetch_finish (AX_BLOB_SYNC (source), result, &error))
    {
      self->waiting = FALSE;
      self->fetched = TRUE;
      load_original (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  engine = ax_context_get_sync_engine (self->context);
  if (is_unreachable (error) && engine != NULL)
    {
      self->waiting = TRUE;
      if (self->online_id == 0)
        {
          self->online_engine = g_object_ref (engine);
          self->online_id = g_signal_connect_swapped (engine, "notify::last-sync",
                                                      G_CALLBACK (online_cb), self);
        }
      set_state (self, AX_PHOTO_LOADER_OFFLINE, offline_message ());
      return;
    }
  set_state (self, AX_PHOTO_LOADER_FAILED, error->message);
}

/* The original is not on this desk (pulled from another): ask the clinic
 * server for it, checked against its hash before it is kept. */
static void
fetch_original (AxPhotoLoader *self)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);

  ax_blob_sync_fetch_async (ax_sync_engine_get_blob_sync (engine), self->sha256, self->cancellable,
                            fetched_cb, g_object_ref (self));
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (AxPhotoLoader) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = ax_photo_thumbnail_load_finish (AX_STORE (source), result, &error);

  /* No thumbnail either: the original is all there will be. */
  if (texture == NULL || self->state == AX_PHOTO_LOADER_ORIGINAL
      || self->state == AX_PHOTO_LOADER_FAILED)
    return;
  g_set_object (&self->texture, texture);
  self->preview = TRUE;
  if (self->waiting)
    set_state (self, AX_PHOTO_LOADER_OFFLINE, offline_message ());
  else
    set_state (self, AX_PHOTO_LOADER_PREVIEW, preview_message ());
}

static void
original_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (AxPhotoLoader) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = ax_photo_texture_load_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture != NULL)
    {
      g_set_object (&self->texture, texture);
      self->preview = FALSE;
      set_state (self, AX_PHOTO_LOADER_ORIGINAL, NULL);
      return;
    }
  if (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_MISSING) && !self->fetched
      && ax_context_get_sync_engine (self->context) != NULL)
    {
      /* The thumbnail now, the original when it comes. */
      if (self->texture == NULL)
        ax_photo_thumbnail_load_async (ax_context_get_store (self->context), self->sha256,
                                       self->cancellable, thumbnail_loaded_cb, g_object_ref (self));
      fetch_original (self);
      return;
    }
  set_state (self, AX_PHOTO_LOADER_FAILED, error->message);
}

/* Overrides */

static void
ax_photo_loader_dispose (GObject *object)
{
  AxPhotoLoader *self = AX_PHOTO_LOADER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_waiting (self);
  g_clear_object (&self->texture);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_photo_loader_parent_class)->dispose (object);
}

static void
ax_photo_loader_finalize (GObject *object)
{
  AxPhotoLoader *self = AX_PHOTO_LOADER (object);

  g_free (self->sha256);
  g_free (self->message);

  G_OBJECT_CLASS (ax_photo_loader_parent_class)->finalize (object);
}

static void
ax_photo_loader_class_init (AxPhotoLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ax_photo_loader_dispose;
  object_class->finalize = ax_photo_loader_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ax_photo_loader_init (AxPhotoLoader *self)
{
}

/* Public API */

AxPhotoLoader *
ax_photo_loader_new (AxContext  *context,
                     const char *sha256,
                     int         max_size)
{
  AxPhotoLoader *self;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  self = g_object_new (AX_TYPE_PHOTO_LOADER, NULL);
  self->context = g_object_ref (context);
  self->sha256 = g_strdup (sha256);
  self->max_size = max_size;
  return self;
}

void
ax_photo_loader_start (AxPhotoLoader *self)
{
  g_return_if_fail (AX_IS_PHOTO_LOADER (self));

  ax_photo_loader_stop (self);
  self->cancellable = g_cancellable_new ();
  self->fetched = FALSE;
  self->waiting = FALSE;
  if (self->texture == NULL && self->state != AX_PHOTO_LOADER_LOADING)
    set_state (self, AX_PHOTO_LOADER_LOADING, NULL);
  load_original (self);
}

void
ax_photo_loader_stop (AxPhotoLoader *self)
{
  g_return_if_fail (AX_IS_PHOTO_LOADER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_waiting (self);
}

const char *
ax_photo_loader_get_sha256 (AxPhotoLoader *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_LOADER (self), NULL);
  return self->sha256;
}

AxPhotoLoaderState
ax_photo_loader_get_state (AxPhotoLoader *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_LOADER (self), AX_PHOTO_LOADER_FAILED);
  return self->state;
}

GdkTexture *
ax_photo_loader_get_texture (AxPhotoLoader *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_LOADER (self), NULL);
  return self->texture;
}

gboolean
ax_photo_loader_is_preview (AxPhotoLoader *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_LOADER (self), FALSE);
  return self->texture != NULL && self->preview;
}

const char *
ax_photo_loader_get_message (AxPhotoLoader *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_LOADER (self), NULL);
  return self->message;
}

/* Originals for work that needs them all */

static void fetch_next (GTask *task);

static void
original_fetched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!ax_blob_sync_fetch_finish (AX_BLOB_SYNC (source), result, &error))
    {
      if (is_unreachable (error))
        {
          int code = error->code;

          g_clear_error (&error);
          g_set_error_literal (&error, AX_SYNC_ERROR, code, offline_message ());
        }
      g_task_return_error (task, error);
      return;
    }
  fetch_next (g_steal_pointer (&task));
}

static void
fetch_next (GTask *task)
{
  AxContext *context = g_task_get_source_object (task);
  GPtrArray *left = g_task_get_task_data (task);
  AxSyncEngine *engine = ax_context_get_sync_engine (context);
  g_autofree char *sha256 = NULL;

  if (left->len == 0 || engine == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  sha256 = g_ptr_array_steal_index (left, 0);
  ax_blob_sync_fetch_async (ax_sync_engine_get_blob_sync (engine), sha256, g_task_get_cancellable (task),
                            original_fetched_cb, task);
}

void
ax_photo_originals_fetch_async (AxContext           *context,
                                const char *const   *sha256s,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  GPtrArray *left = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (AX_IS_CONTEXT (context));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, ax_photo_originals_fetch_async);
  for (guint i = 0; sha256s != NULL && sha256s[i] != NULL; i++)
    g_ptr_array_add (left, g_strdup (sha256s[i]));
  g_task_set_task_data (task, left, (GDestroyNotify) g_ptr_array_unref);
  fetch_next (task);
}

gboolean
ax_photo_originals_fetch_finish (AxContext     *context,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ax_photo_originals_fetch_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
