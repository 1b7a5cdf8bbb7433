/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-view.h"

G_BEGIN_DECLS

#define AX_TYPE_DAY_VIEW (ax_day_view_get_type ())
G_DECLARE_FINAL_TYPE (AxDayView, ax_day_view, AX, DAY_VIEW, GtkWidget)

/* One day, a column per provider or per room (the view reception lives in).
 * An AxView; scrollable (put it in a GtkScrolledWindow). */
GtkWidget *ax_day_view_new (void);

G_END_DECLS
