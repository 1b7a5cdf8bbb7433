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

/* Shared by ax-calendar-page-actions.c and ax-calendar-page-dialogs.c. */
AxAppointment * ax_calendar_page_selected (AxCalendarPage *self);
AxCalendarData * ax_calendar_page_view_data (AxCalendarPage *self);
GTimeZone * ax_calendar_page_clinic_tz (AxCalendarPage *self);
char * ax_calendar_page_format_slot (AxCalendarPage *self,
    gint64          start_ms,
    gint64          end_ms);
const char * ax_calendar_page_patient_of (AxAppointment *appt);
AdwMessageDialog * ax_calendar_page_new_dialog (AxCalendarPage *self,
    const char     *heading,
    const char     *body);
AdwEntryRow * ax_calendar_page_add_reason (AdwMessageDialog *dialog,
    const char       *response);
char * ax_calendar_page_reason_of (AdwMessageDialog *dialog);
void ax_calendar_page_mutate (AxCalendarPage *self,
    const char     *mutator,
    JsonNode       *args,
    const char     *done,
    gboolean        select_result);
JsonNode * ax_calendar_page_object_node (JsonObject *object);
void ax_calendar_page_move (AxCalendarPage *self,
    AxAppointment  *appt,
    gint64          start_ms,
    gint64          end_ms,
    const char     *provider_id,
    const char     *room_id,
    const char     *done);
void ax_calendar_page_set_status (AxCalendarPage      *self,
    AxAppointmentStatus  status,
    const char          *reason);

/* The actions that ask first (ax-calendar-page-dialogs.c). */
void ax_calendar_page_cancel_action      (GtkWidget *widget, const char *action_name, GVariant *parameter);
void ax_calendar_page_reschedule_action  (GtkWidget *widget, const char *action_name, GVariant *parameter);
void ax_calendar_page_book_series_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void ax_calendar_page_export_action      (GtkWidget *widget, const char *action_name, GVariant *parameter);

G_END_DECLS
