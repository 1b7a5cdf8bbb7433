/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_CALENDAR_PAGE (ax_calendar_page_get_type ())
G_DECLARE_FINAL_TYPE (AxCalendarPage, ax_calendar_page, AX, CALENDAR_PAGE, GtkWidget)

/* The Calendar page: the day view by provider or room, the week view, the
 * toolbar (Today, previous, next, date, Day/Week, filters, view options),
 * the details pane and the legend. Books, moves, resizes and changes the
 * status of appointments through the mutators, each undoable (Ctrl+Z). */
GtkWidget *ax_calendar_page_new    (AxContext      *context);
/* Loads the days shown again (the views keep what they show meanwhile). */
void       ax_calendar_page_reload (AxCalendarPage *self);
/* Shows the day of appointment id and selects it (shell.open-appointment);
 * FALSE when there is no such appointment. */
gboolean   ax_calendar_page_show_appointment (AxCalendarPage *self,
                                              const char     *id);

G_END_DECLS
