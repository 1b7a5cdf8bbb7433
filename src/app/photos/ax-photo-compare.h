/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-photo-compare-view.h"

G_BEGIN_DECLS

/* Before and after (issue 4, item 7): two photos of a patient with the same
 * view tag, side by side, under a slider, or one over the other (ghost). The
 * earlier photo is the before one. */
#define AX_TYPE_PHOTO_COMPARE (ax_photo_compare_get_type ())
G_DECLARE_FINAL_TYPE (AxPhotoCompare, ax_photo_compare, AX, PHOTO_COMPARE, AdwWindow)

/* Compares photos of patient_id tagged view_tag; photo_id (may be NULL) is
 * one of the two: the after one, or the before one if it is the oldest. */
AxPhotoCompare     *ax_photo_compare_new      (AxContext          *context,
                                               GtkWindow          *parent,
                                               const char         *patient_id,
                                               const char         *view_tag,
                                               const char         *photo_id);
AxPhotoCompareView *ax_photo_compare_get_view (AxPhotoCompare     *self);
void                ax_photo_compare_set_mode (AxPhotoCompare     *self,
                                               AxPhotoCompareMode  mode);
/* Chooses the photos by their position in the list (oldest first). */
void                ax_photo_compare_choose   (AxPhotoCompare     *self,
                                               guint               before,
                                               guint               after);
/* TRUE once both photos are shown. */
gboolean            ax_photo_compare_is_ready (AxPhotoCompare     *self);

G_END_DECLS
