/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-photos.h"

G_BEGIN_DECLS

/* One photo, whole (turned by its EXIF orientation, scaled to fit), with its
 * details; its view, marketing consent and caption can be changed, and it can
 * be removed (soft delete, after a confirmation) or compared with another
 * photo of the same view. */
#define AX_TYPE_PHOTO_VIEWER (ax_photo_viewer_get_type ())
G_DECLARE_FINAL_TYPE (AxPhotoViewer, ax_photo_viewer, AX, PHOTO_VIEWER, AdwWindow)

AxPhotoViewer *ax_photo_viewer_new        (AxContext     *context,
                                           GtkWindow     *parent,
                                           AxPhoto       *photo);
AxPhoto       *ax_photo_viewer_get_photo  (AxPhotoViewer *self);
/* TRUE once the photo is shown. */
gboolean       ax_photo_viewer_is_loaded  (AxPhotoViewer *self);

G_END_DECLS
