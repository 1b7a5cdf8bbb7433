/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-view.h"

G_BEGIN_DECLS

#define AX_TYPE_WEEK_VIEW (ax_week_view_get_type ())
G_DECLARE_FINAL_TYPE (AxWeekView, ax_week_view, AX, WEEK_VIEW, GtkWidget)

/* Monday to Sunday for one provider or a set of them (a lane each per day).
 * An AxView; scrollable (put it in a GtkScrolledWindow). */
GtkWidget *ax_week_view_new (void);

G_END_DECLS
