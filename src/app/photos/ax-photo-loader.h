/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

/* What a photo view shows of one stored photo while its original may not
 * be on this desk (a photo pulled from another desk comes with its
 * thumbnail only; docs/photos.md, "Originals on demand"). The one path the
 * viewer, the comparison and the face chart share:
 *
 *   the original, decoded off the main thread (checked against its hash)
 *   → missing here, on a paired desk: the thumbnail at once (PREVIEW) and
 *     the original asked of the clinic server through the blob worker;
 *   → fetched: the original swapped in (ORIGINAL);
 *   → the server cannot be reached: the thumbnail stays (OFFLINE, with a
 *     message saying so), and the original is asked for again when the
 *     desk's next sync succeeds.
 *
 * "changed" is emitted whenever the state or the texture changes. */
typedef enum
{
  AX_PHOTO_LOADER_LOADING,   /* nothing to show yet */
  AX_PHOTO_LOADER_PREVIEW,   /* the thumbnail; the original is on its way */
  AX_PHOTO_LOADER_OFFLINE,   /* the thumbnail (or nothing); the original waits for the server */
  AX_PHOTO_LOADER_ORIGINAL,  /* the original */
  AX_PHOTO_LOADER_FAILED,    /* cannot be shown: see the message */
} AxPhotoLoaderState;

#define AX_TYPE_PHOTO_LOADER (ax_photo_loader_get_type ())
G_DECLARE_FINAL_TYPE (AxPhotoLoader, ax_photo_loader, AX, PHOTO_LOADER, GObject)

/* max_size as ax_photo_texture_load_async (0: full size). */
AxPhotoLoader      *ax_photo_loader_new         (AxContext     *context,
                                                 const char    *sha256,
                                                 int            max_size);
/* Starts (again, from the original). */
void                ax_photo_loader_start       (AxPhotoLoader *self);
/* Stops: nothing more is loaded or fetched, no "changed". */
void                ax_photo_loader_stop        (AxPhotoLoader *self);
const char         *ax_photo_loader_get_sha256  (AxPhotoLoader *self);
AxPhotoLoaderState  ax_photo_loader_get_state   (AxPhotoLoader *self);
/* The best picture so far: the original, else the thumbnail; NULL when
 * none (LOADING, or OFFLINE/FAILED without a thumbnail). */
GdkTexture         *ax_photo_loader_get_texture (AxPhotoLoader *self);
/* TRUE when the texture is the thumbnail standing in for the original. */
gboolean            ax_photo_loader_is_preview  (AxPhotoLoader *self);
/* For people: PREVIEW, what is shown; OFFLINE and FAILED, what is wrong;
 * NULL otherwise. */
const char         *ax_photo_loader_get_message (AxPhotoLoader *self);

/* For work that needs the originals themselves (a chart's PDF): each of
 * sha256s not on this desk fetched from the clinic server through the blob
 * worker, one after another. TRUE at once on a standalone desk (a missing
 * original then shows where it is read). When the server cannot be
 * reached: an AX_SYNC_ERROR with the same sentence as the views' note. */
void                ax_photo_originals_fetch_async  (AxContext           *context,
                                                     const char *const   *sha256s,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            ax_photo_originals_fetch_finish (AxContext           *context,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
