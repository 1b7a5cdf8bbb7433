/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include "ax-store.h"
#include "ax-blob-store.h"

G_BEGIN_DECLS

/* Importing a photo file (docs/photos.md):
 *
 *   1. read the file and sniff its type: JPEG or PNG, nothing else;
 *   2. decode it, scaled, into a thumbnail (at most AX_PHOTO_THUMBNAIL_SIZE
 *      pixels a side) turned by its EXIF orientation — a damaged or
 *      incomplete file fails here, and nothing is stored;
 *   3. store the original bytes, unchanged, in the blob store, and the
 *      thumbnail in the thumbnail cache;
 *   4. on the thread that owns the store: register the blob (blobs table)
 *      and run photo.add.
 *
 * Steps 1–3 (ax_photo_file_process) touch no database and run on a worker
 * thread; ax_photo_import_async() runs them there and step 4 where it was
 * called. The time taken is the file's modification time (GdkPixbuf does not
 * read the EXIF date). */

#define AX_PHOTO_THUMBNAIL_SIZE 320

typedef struct
{
  char   *display_name;   /* the file's name, for messages */
  char   *sha256;
  char   *mime;           /* image/jpeg or image/png */
  gint64  size;
  int     width;          /* oriented, as the photo is seen */
  int     height;
  int     orientation;    /* EXIF 1–8; 1 when the file has none */
  gint64  taken_ms;       /* the file's modification time; 0 when unknown */
  char   *thumbnail_path;
  char   *thumbnail_sha256; /* the thumbnail PNG, a blob too (synced as photos.thumb_sha256) */
  gint64  thumbnail_size;
} AxPhotoFile;

void         ax_photo_file_free        (AxPhotoFile   *file);

/* Steps 1–3, synchronously (workers, the benchmark). thumbnail_dir NULL is
 * ax_photo_thumbnail_dir(). */
AxPhotoFile *ax_photo_file_process     (AxBlobStore   *blobs,
                                        GFile         *file,
                                        const char    *thumbnail_dir,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Step 4: registers the blob and adds the photo to the patient (view_tag may
 * be NULL); returns the new photo's id. */
char        *ax_photo_import_commit    (AxStore       *store,
                                        AxActor       *actor,
                                        const char    *patient_id,
                                        const AxPhotoFile *file,
                                        const char    *view_tag,
                                        GError       **error);

/* The whole import of one file; the callback gets the new photo's id from
 * ax_photo_import_finish(). */
void         ax_photo_import_async     (AxStore       *store,
                                        AxActor       *actor,
                                        const char    *patient_id,
                                        GFile         *file,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
char        *ax_photo_import_finish    (AxStore       *store,
                                        GAsyncResult  *result,
                                        GError       **error);

/* $XDG_CACHE_HOME/aesthetix/thumbnails */
char        *ax_photo_thumbnail_dir    (void);
char        *ax_photo_thumbnail_path   (const char    *thumbnail_dir,
                                        const char    *sha256);
/* Writes a thumbnail PNG into the cache (whole, renamed over). */
gboolean     ax_photo_thumbnail_save   (GBytes        *png,
                                        const char    *path,
                                        GError       **error);
/* The photo's thumbnail, from the cache, or made again from the blob (and
 * cached) when it is not there. Blocking: call it on a worker thread. */
GdkPixbuf   *ax_photo_thumbnail_load   (AxBlobStore   *blobs,
                                        const char    *thumbnail_dir,
                                        const char    *sha256,
                                        GError       **error);
/* The stored photo decoded and turned by its EXIF orientation, scaled down
 * to fit max_size × max_size (0: full size). Blocking. */
GdkPixbuf   *ax_photo_decode           (AxBlobStore   *blobs,
                                        const char    *sha256,
                                        int            max_size,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPhotoFile, ax_photo_file_free)

G_END_DECLS
