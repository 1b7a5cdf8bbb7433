/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Importing photo files: sniff, decode a thumbnail, store the original
 * (ax-photo-import.h; docs/photos.md). */

#include "ax-photo-import.h"
#include "ax-model-error.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* How many bytes the type is guessed from. */
#define SNIFF_BYTES 4096

void
ax_photo_file_free (AxPhotoFile *file)
{
  if (file == NULL)
    return;
  g_free (file->display_name);
  g_free (file->sha256);
  g_free (file->mime);
  g_free (file->thumbnail_path);
  g_free (file->thumbnail_sha256);
  g_free (file);
}

char *
ax_photo_thumbnail_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "aesthetix", "thumbnails", NULL);
}

char *
ax_photo_thumbnail_path (const char *thumbnail_dir,
                         const char *sha256)
{
  g_autofree char *dir = thumbnail_dir ? g_strdup (thumbnail_dir) : ax_photo_thumbnail_dir ();
  g_autofree char *name = g_strconcat (sha256, ".png", NULL);

  return g_build_filename (dir, name, NULL);
}

/* JPEG or PNG by their contents (not their names); NULL for anything else. */
static const char *
sniff_mime (GBytes *bytes)
{
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;

  if (size == 0)
    return NULL;
  type = g_content_type_guess (NULL, data, MIN (size, SNIFF_BYTES), NULL);
  mime = g_content_type_get_mime_type (type);
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    return "image/jpeg";
  if (g_strcmp0 (mime, "image/png") == 0)
    return "image/png";
  return NULL;
}

/* GdkPixbuf completes a cut JPEG with grey (a fake end marker), so a
 * photo copied half-way would pass as whole. A JPEG is complete when its
 * segments, walked from the start, reach the end-of-image marker (data after
 * it, as in motion photos, is allowed). */
static gboolean
jpeg_is_complete (const guchar *data,
                  gsize         size)
{
  gsize i = 2;

  while (i < size)
    {
      guchar marker;
      gsize length;

      if (data[i] != 0xff)
        return FALSE;
      while (i < size && data[i] == 0xff)
        i++;
      if (i >= size)
        return FALSE;
      marker = data[i++];
      if (marker == 0xd9)                                       /* EOI */
        return TRUE;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) /* no length */
        continue;
      if (i + 2 > size)
        return FALSE;
      length = ((gsize) data[i] << 8) | data[i + 1];
      if (length < 2)
        return FALSE;
      i += length;
      if (marker != 0xda)                                       /* not SOS */
        continue;
      /* Entropy-coded data runs to the next marker that is not a stuffed
       * 0xFF00 or a restart marker. */
      for (;;)
        {
          const guchar *ff;

          if (i >= size)
            return FALSE;
          ff = memchr (data + i, 0xff, size - i);
          if (ff == NULL)
            return FALSE;
          i = ff - data;
          if (i + 1 >= size)
            return FALSE;
          if (data[i + 1] == 0x00 || (data[i + 1] >= 0xd0 && data[i + 1] <= 0xd7))
            i += 2;
          else
            break;
        }
    }
  return FALSE;
}

/* The PNG loader keeps what it has of a cut file too: a PNG is complete
 * when its chunks, walked from the signature, reach IEND. */
static gboolean
png_is_complete (const guchar *data,
                 gsize         size)
{
  gsize i = 8;

  while (i + 8 <= size)
    {
      guint32 length = ((guint32) data[i] << 24) | ((guint32) data[i + 1] << 16)
                       | ((guint32) data[i + 2] << 8) | data[i + 3];

      if (memcmp (data + i + 4, "IEND", 4) == 0)
        return TRUE;
      if (length > size || i + 12 + (gsize) length > size)
        return FALSE;
      i += 12 + (gsize) length;
    }
  return FALSE;
}

typedef struct
{
  int max_size;
  int width;     /* as stored, before any scaling or turning */
  int height;
} DecodeSize;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeSize      *size)
{
  size->width = width;
  size->height = height;
  if (size->max_size > 0 && (width > size->max_size || height > size->max_size))
    {
      double scale = MIN ((double) size->max_size / width, (double) size->max_size / height);

      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)));
    }
}

/* Decodes bytes of type mime, scaled to fit max_size (0: full size), and
 * turned by the EXIF orientation. The stored size and the orientation are
 * returned too. A decoder error (damaged, incomplete) fails. JPEG decodes
 * scaled (libjpeg's DCT scaling), so a thumbnail of a 24 MP photo is quick. */
static GdkPixbuf *
decode_bytes (GBytes     *bytes,
              const char *mime,
              const char *display_name,
              int         max_size,
              int        *out_width,
              int        *out_height,
              int        *out_orientation,
              GError    **error)
{
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local = NULL;
  DecodeSize size = { max_size, 0, 0 };
  GdkPixbuf *pixbuf;
  const char *orientation;
  int turn = 1;
  gboolean ok;

  loader = gdk_pixbuf_loader_new_with_mime_type (mime, &local);
  if (loader == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("This computer cannot read %s files: %s"), mime, local->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &size);
  ok = gdk_pixbuf_loader_write_bytes (loader, bytes, &local);
  if (!ok)
    gdk_pixbuf_loader_close (loader, NULL);
  else
    ok = gdk_pixbuf_loader_close (loader, &local);
  pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf != NULL
      && !(g_str_equal (mime, "image/jpeg") ? jpeg_is_complete : png_is_complete)
            (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)))
    {
      pixbuf = NULL;
      g_set_error_literal (&local, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("the picture data ends too soon"));
    }
  if (pixbuf == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("“%s” could not be read as a photo (%s); the file may be damaged or "
                     "incomplete"), display_name,
                   local ? local->message : _("no picture in it"));
      return NULL;
    }

  orientation = gdk_pixbuf_get_option (pixbuf, "orientation");
  if (orientation != NULL)
    turn = CLAMP ((int) g_ascii_strtoll (orientation, NULL, 10), 1, 8);
  if (out_orientation != NULL)
    *out_orientation = turn;
  /* 5–8 turn the picture a quarter: its sides swap. */
  if (out_width != NULL)
    *out_width = turn >= 5 ? size.height : size.width;
  if (out_height != NULL)
    *out_height = turn >= 5 ? size.width : size.height;
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

/* The thumbnail as a PNG (a fast compression: it is small anyway). */
static GBytes *
encode_thumbnail (GdkPixbuf *thumbnail,
                  GError   **error)
{
  char *png = NULL;
  gsize png_size;

  if (!gdk_pixbuf_save_to_buffer (thumbnail, &png, &png_size, "png", error,
                                  "compression", "1", NULL))
    return NULL;
  return g_bytes_new_take (png, png_size);
}

gboolean
ax_photo_thumbnail_save (GBytes     *png,
                         const char *path,
                         GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  /* Written whole and renamed, so a reader never sees half a thumbnail. */
  return g_file_set_contents_full (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
save_thumbnail (GdkPixbuf  *thumbnail,
                const char *path,
                GError    **error)
{
  g_autoptr (GBytes) png = encode_thumbnail (thumbnail, error);

  return png != NULL && ax_photo_thumbnail_save (png, path, error);
}

AxPhotoFile *
ax_photo_file_process (AxBlobStore  *blobs,
                       GFile        *file,
                       const char   *thumbnail_dir,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr (AxPhotoFile) result = g_new0 (AxPhotoFile, 1);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkPixbuf) thumbnail = NULL;
  g_autoptr (GBytes) png = NULL;
  const char *mime;

  g_return_val_if_fail (AX_IS_BLOB_STORE (blobs), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  result->display_name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    result->taken_ms = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * 1000;

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  result->size = g_bytes_get_size (bytes);

  mime = sniff_mime (bytes);
  if (mime == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“%s” is not a JPEG or PNG photo"), result->display_name);
      return NULL;
    }
  result->mime = g_strdup (mime);

  /* Decoded before anything is stored: a damaged file stores nothing. */
  thumbnail = decode_bytes (bytes, mime, result->display_name, AX_PHOTO_THUMBNAIL_SIZE,
                            &result->width, &result->height, &result->orientation, error);
  if (thumbnail == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result->sha256 = ax_blob_store_put_bytes (blobs, bytes, error);
  if (result->sha256 == NULL)
    return NULL;
  /* The thumbnail is a blob too: a desk that pulls the photo fetches it
   * eagerly, and the original only when someone opens it. */
  png = encode_thumbnail (thumbnail, error);
  if (png == NULL)
    return NULL;
  result->thumbnail_sha256 = ax_blob_store_put_bytes (blobs, png, error);
  if (result->thumbnail_sha256 == NULL)
    return NULL;
  result->thumbnail_size = g_bytes_get_size (png);
  result->thumbnail_path = ax_photo_thumbnail_path (thumbnail_dir, result->sha256);
  if (!ax_photo_thumbnail_save (png, result->thumbnail_path, error))
    return NULL;
  return g_steal_pointer (&result);
}

GdkPixbuf *
ax_photo_decode (AxBlobStore *blobs,
                 const char  *sha256,
                 int          max_size,
                 GError     **error)
{
  g_autoptr (GBytes) bytes = ax_blob_store_read (blobs, sha256, error);
  const char *mime;

  if (bytes == NULL)
    return NULL;
  mime = sniff_mime (bytes);
  if (mime == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("The stored photo %.12s… is not a JPEG or PNG file"), sha256);
      return NULL;
    }
  return decode_bytes (bytes, mime, sha256, max_size, NULL, NULL, NULL, error);
}

GdkPixbuf *
ax_photo_thumbnail_load (AxBlobStore *blobs,
                         const char  *thumbnail_dir,
                         const char  *sha256,
                         GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GdkPixbuf) thumbnail = NULL;
  g_autoptr (GError) local = NULL;

  if (!ax_blob_sha256_is_valid (sha256))
    {
      g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_INVALID,
                   _("“%s” is not the name of a stored file (a SHA-256 in hexadecimal)"), sha256);
      return NULL;
    }
  path = ax_photo_thumbnail_path (thumbnail_dir, sha256);
  thumbnail = gdk_pixbuf_new_from_file (path, NULL);
  if (thumbnail != NULL)
    return g_steal_pointer (&thumbnail);

  /* Not cached (a new desk, a cleared cache): made again from the photo. */
  thumbnail = ax_photo_decode (blobs, sha256, AX_PHOTO_THUMBNAIL_SIZE, error);
  if (thumbnail == NULL)
    return NULL;
  if (!save_thumbnail (thumbnail, path, &local))
    g_warning ("Cannot cache the thumbnail %s: %s", path, local->message);
  return g_steal_pointer (&thumbnail);
}

char *
ax_photo_import_commit (AxStore           *store,
                        AxActor           *actor,
                        const char        *patient_id,
                        const AxPhotoFile *file,
                        const char        *view_tag,
                        GError           **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;
  const AxClinicInfo *clinic = ax_store_get_clinic (store);

  if (clinic == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NO_CLINIC,
                   _("The store has no clinic yet; create one first"));
      return NULL;
    }
  /* The blobs index is this device's own (no mutation): a photo.add that
   * is then refused leaves a stored file nobody points to, which is harmless. */
  if (!ax_blob_store_register (ax_store_get_db (store), clinic->id, file->sha256, file->size,
                               file->mime, ax_store_now_ms (store), error))
    return NULL;
  if (file->thumbnail_sha256 != NULL
      && !ax_blob_store_register (ax_store_get_db (store), clinic->id, file->thumbnail_sha256,
                                  file->thumbnail_size, "image/png", ax_store_now_ms (store), error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "patient_id");
  json_builder_add_string_value (builder, patient_id);
  json_builder_set_member_name (builder, "blob_sha256");
  json_builder_add_string_value (builder, file->sha256);
  json_builder_set_member_name (builder, "mime");
  json_builder_add_string_value (builder, file->mime);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, file->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, file->height);
  if (file->thumbnail_sha256 != NULL)
    {
      json_builder_set_member_name (builder, "thumb_sha256");
      json_builder_add_string_value (builder, file->thumbnail_sha256);
    }
  if (view_tag != NULL)
    {
      json_builder_set_member_name (builder, "view_tag");
      json_builder_add_string_value (builder, view_tag);
    }
  /* A modification time ahead of this desk's clock is no taking time. */
  if (file->taken_ms > 0 && file->taken_ms <= ax_store_now_ms (store))
    {
      json_builder_set_member_name (builder, "taken_at");
      json_builder_add_int_value (builder, file->taken_ms);
    }
  json_builder_end_object (builder);
  args = json_builder_get_root (builder);

  result = ax_store_mutate (store, actor, "photo.add", args, error);
  if (result == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (result), "id"));
}

/* The async import: steps 1–3 on a worker, step 4 back here. */

typedef struct
{
  AxActor     *actor;
  char        *patient_id;
  GFile       *file;
  AxBlobStore *blobs;
  char        *thumbnail_dir;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_pointer (&job->actor, ax_actor_unref);
  g_free (job->patient_id);
  g_clear_object (&job->file);
  g_clear_object (&job->blobs);
  g_free (job->thumbnail_dir);
  g_free (job);
}

static void
process_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  AxPhotoFile *file = ax_photo_file_process (job->blobs, job->file, job->thumbnail_dir,
                                             cancellable, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, (GDestroyNotify) ax_photo_file_free);
}

static void
processed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) outer = user_data;
  AxStore *store = AX_STORE (source);
  ImportJob *job = g_task_get_task_data (outer);
  g_autoptr (AxPhotoFile) file = NULL;
  GError *error = NULL;
  char *id;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (g_task_return_error_if_cancelled (outer))
    return;
  id = ax_photo_import_commit (store, job->actor, job->patient_id, file, NULL, &error);
  if (id == NULL)
    {
      g_prefix_error (&error, "%s: ", file->display_name);
      g_task_return_error (outer, error);
    }
  else
    g_task_return_pointer (outer, id, g_free);
}

void
ax_photo_import_async (AxStore             *store,
                       AxActor             *actor,
                       const char          *patient_id,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) outer = g_task_new (store, cancellable, callback, user_data);
  g_autoptr (GTask) inner = g_task_new (store, cancellable, processed_cb, g_object_ref (outer));
  ImportJob *job = g_new0 (ImportJob, 1);

  g_return_if_fail (AX_IS_STORE (store));
  g_return_if_fail (actor != NULL && patient_id != NULL && G_IS_FILE (file));

  g_task_set_source_tag (outer, ax_photo_import_async);
  job->actor = ax_actor_ref (actor);
  job->patient_id = g_strdup (patient_id);
  job->file = g_object_ref (file);
  job->blobs = ax_blob_store_new (ax_store_get_path (store));
  job->thumbnail_dir = ax_photo_thumbnail_dir ();
  g_task_set_task_data (outer, job, (GDestroyNotify) import_job_free);
  /* The worker only reads the job, which the outer task keeps alive. */
  g_task_set_task_data (inner, job, NULL);
  g_task_run_in_thread (inner, process_thread);
}

char *
ax_photo_import_finish (AxStore      *store,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ax_photo_import_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
