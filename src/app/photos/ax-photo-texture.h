/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-store.h"

G_BEGIN_DECLS

/* A stored photo as a GdkTexture, decoded on a worker thread and turned by
 * its EXIF orientation (photos are never modified: the turn is applied when
 * shown). For the Photos tab, the viewer, the comparison and the face chart.
 *
 * max_size scales the photo down to fit max_size × max_size (0: full size,
 * in the photo's own oriented pixels, which face-chart overlays use). */
void        ax_photo_texture_load_async      (AxStore             *store,
                                              const char          *sha256,
                                              int                  max_size,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GdkTexture *ax_photo_texture_load_finish     (AxStore             *store,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The photo's thumbnail (at most 320 px a side) from the thumbnail cache,
 * made again from the photo when missing. */
void        ax_photo_thumbnail_load_async    (AxStore             *store,
                                              const char          *sha256,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GdkTexture *ax_photo_thumbnail_load_finish   (AxStore             *store,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
