/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  AX_PHOTO_COMPARE_SIDE_BY_SIDE,
  AX_PHOTO_COMPARE_SLIDER,
  AX_PHOTO_COMPARE_GHOST,
} AxPhotoCompareMode;

#define AX_TYPE_PHOTO_COMPARE_MODE (ax_photo_compare_mode_get_type ())
GType ax_photo_compare_mode_get_type (void);

/* Draws a before and an after photo, each scaled to fit with its aspect
 * kept: side by side; or one over the other with a vertical divider that a
 * drag, a click or the arrow keys move (before on its left, after on its
 * right); or the after photo with the before one over it, translucent
 * (lining up a new shot with an old one). */
#define AX_TYPE_PHOTO_COMPARE_VIEW (ax_photo_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (AxPhotoCompareView, ax_photo_compare_view, AX, PHOTO_COMPARE_VIEW, GtkWidget)

GtkWidget          *ax_photo_compare_view_new          (void);
void                ax_photo_compare_view_set_before   (AxPhotoCompareView *self,
                                                        GdkTexture         *texture);
void                ax_photo_compare_view_set_after    (AxPhotoCompareView *self,
                                                        GdkTexture         *texture);
AxPhotoCompareMode  ax_photo_compare_view_get_mode     (AxPhotoCompareView *self);
void                ax_photo_compare_view_set_mode     (AxPhotoCompareView *self,
                                                        AxPhotoCompareMode  mode);
/* The divider, 0 (all after) … 1 (all before). */
double              ax_photo_compare_view_get_position (AxPhotoCompareView *self);
void                ax_photo_compare_view_set_position (AxPhotoCompareView *self,
                                                        double              position);
/* The before photo's opacity in the ghost mode, 0 … 1. */
double              ax_photo_compare_view_get_opacity  (AxPhotoCompareView *self);
void                ax_photo_compare_view_set_opacity  (AxPhotoCompareView *self,
                                                        double              opacity);

G_END_DECLS
