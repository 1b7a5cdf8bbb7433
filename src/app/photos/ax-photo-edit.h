/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-context.h"
#include "ax-photos.h"

G_BEGIN_DECLS

/* The changes the Photos tab and the viewer make to a photo, as the model's
 * mutators (photo.update with the values they were made from, photo.remove).
 * view_tag and caption may be NULL (not tagged, no caption). */
gboolean ax_photo_edit_set_view_tag  (AxContext     *context,
                                      const AxPhoto *photo,
                                      const char    *view_tag,
                                      GError       **error);
gboolean ax_photo_edit_set_marketing (AxContext     *context,
                                      const AxPhoto *photo,
                                      gboolean       marketing_consent,
                                      GError       **error);
gboolean ax_photo_edit_set_caption   (AxContext     *context,
                                      const AxPhoto *photo,
                                      const char    *caption,
                                      GError       **error);
gboolean ax_photo_edit_remove        (AxContext     *context,
                                      const AxPhoto *photo,
                                      GError       **error);

G_END_DECLS
