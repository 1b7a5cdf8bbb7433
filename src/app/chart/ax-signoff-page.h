/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-chart-editor.h"

G_BEGIN_DECLS

/* The medical director's Sign-off page: every chart waiting for sign-off,
 * oldest first, and the chart chosen, read-only, with Sign…. */
#define AX_TYPE_SIGNOFF_PAGE (ax_signoff_page_get_type ())
G_DECLARE_FINAL_TYPE (AxSignoffPage, ax_signoff_page, AX, SIGNOFF_PAGE, GtkWidget)

GtkWidget     *ax_signoff_page_new        (AxContext     *context);
AxChartEditor *ax_signoff_page_get_editor (AxSignoffPage *self);
GtkListBox    *ax_signoff_page_get_queue  (AxSignoffPage *self);
gboolean       ax_signoff_page_is_loading (AxSignoffPage *self);
/* "loading", "empty", "error" or "list". */
const char    *ax_signoff_page_get_state  (AxSignoffPage *self);

G_END_DECLS
