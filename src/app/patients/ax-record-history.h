/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A read-only history window of the patient record (a course's usage, the
 * vitals): modal over parent, a spinner while its list is read off the main
 * thread, a status page when that fails or finds nothing, else the list.
 * Its data "stack", "list" and "status" name the parts; closing it cancels
 * the returned cancellable (owned by the window; pass it to the read). */
GtkWidget    *ax_record_history_new    (GtkWidget     *parent,
                                        const char    *title,
                                        const char    *subtitle,
                                        const char    *loading_label,
                                        const char    *list_label,
                                        int            width,
                                        GCancellable **cancellable);
/* The read is back: shows error (titled error_title) or, with n_items 0,
 * empty_title, and returns NULL; else returns the list to fill, then
 * ax_record_history_show_list. NULL too once the window is closed or the
 * read cancelled. */
GtkListBox   *ax_record_history_loaded (GtkWidget     *window,
                                        const GError  *error,
                                        guint          n_items,
                                        const char    *error_title,
                                        const char    *empty_title);
void          ax_record_history_show_list (GtkWidget  *window);

G_END_DECLS
