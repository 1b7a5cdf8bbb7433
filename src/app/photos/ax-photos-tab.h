/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "patients/ax-record-tab.h"

G_BEGIN_DECLS

/* The patient record's Photos tab (docs/photos.md): the patient's photos as
 * a grid of thumbnails, newest first, each with its view (changed in place),
 * date and marketing mark; Import… and dropped files import them off the
 * main thread; a thumbnail opens the viewer; Before and After… compares two
 * photos of the same view. Shown to roles with clinical.view; importing and
 * changing need clinical.edit. record.open-item ("photos", photo id) opens a
 * photo in the viewer. */
#define AX_TYPE_PHOTOS_TAB (ax_photos_tab_get_type ())
G_DECLARE_FINAL_TYPE (AxPhotosTab, ax_photos_tab, AX, PHOTOS_TAB, GtkWidget)

GtkWidget  *ax_photos_tab_new             (AxContext    *context);
/* Imports files (GFile) into the open patient's photos, one after the other
 * on a worker thread; errors are shown per file. */
void        ax_photos_tab_import_files    (AxPhotosTab  *self,
                                           GFile       **files,
                                           guint         n_files);

/* For tests: whether it is loading or importing; the photos shown; the view
 * chooser of the photo at index; the viewer or comparison last opened. */
gboolean    ax_photos_tab_is_busy         (AxPhotosTab  *self);
guint       ax_photos_tab_get_n_photos    (AxPhotosTab  *self);
GtkDropDown *ax_photos_tab_get_view_chooser (AxPhotosTab *self,
                                           guint         index);
guint       ax_photos_tab_get_n_thumbnails_shown (AxPhotosTab *self);
GtkWindow  *ax_photos_tab_open_photo      (AxPhotosTab  *self,
                                           guint         index);
GtkWindow  *ax_photos_tab_open_compare    (AxPhotosTab  *self);

G_END_DECLS
