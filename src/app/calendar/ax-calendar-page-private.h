/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ax-calendar-page.h"
#include "ax-appointment-details.h"
#include "ax-day-view.h"
#include "ax-week-view.h"

G_BEGIN_DECLS

/* Shared by ax-calendar-page.c (loading, navigation, filters, settings) and
 * ax-calendar-page-actions.c (the mutations, their dialogs, undo). */
struct _AxCalendarPage
{
  GtkWidget             parent_instance;

  AxContext            *context;
  GCancellable         *cancellable;
  guint                 load_serial;
  guint                 now_id;
  GDateTime            *date;           /* noon of the day shown, in the clinic's zone */
  char                 *view_name;      /* "day" or "week" */
  char                 *columns;        /* "providers" or "rooms" */
  int                   snap_minutes;
  gboolean              loaded;         /* something was shown once */
  AxCalendarData       *data;           /* what the visible view shows */
  GArray               *undo;           /* mut_ids (gint64) of this page's changes, newest last */
  char                 *select_after_load;
  GtkWidget            *booking;        /* the booking popover while it is open */

  AdwToastOverlay      *toast_overlay;
  GtkMenuButton        *date_button;
  GtkLabel             *date_label;
  GtkCalendar          *date_calendar;
  GtkDropDown          *week_provider_dropdown;
  GtkMenuButton        *filter_button;
  GtkBox               *filter_box;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwFlap              *flap;
  GtkStack             *view_stack;
  AxDayView            *day_view;
  AxWeekView           *week_view;
  AxAppointmentDetails *details;
  GtkBox               *legend_box;
};

/* The view shown. */
AxView  *ax_calendar_page_get_view          (AxCalendarPage *self);
/* Enables the page's actions from the selection and the role. */
void     ax_calendar_page_update_actions    (AxCalendarPage *self);
void     ax_calendar_page_install_actions   (GtkWidgetClass *widget_class);
void     ax_calendar_page_add_shortcuts     (AxCalendarPage *self);
void     ax_calendar_page_open_booking      (AxCalendarPage *self,
                                             guint           day,
                                             guint           column,
                                             gint64          start_ms,
                                             gint64          end_ms);
void     ax_calendar_page_move_requested    (AxCalendarPage *self,
                                             AxAppointment  *appt,
                                             gint64          start_ms,
                                             gint64          end_ms,
                                             const char     *provider_id,
                                             const char     *room_id);
void     ax_calendar_page_notes_changed     (AxCalendarPage *self,
                                             const char     *notes);
void     ax_calendar_page_toast             (AxCalendarPage *self,
                                             const char     *message);
/* Shows date (NULL: today) moved by days. */
void     ax_calendar_page_go                (AxCalendarPage *self,
                                             GDateTime      *date,
                                             int             days);

G_END_DECLS
