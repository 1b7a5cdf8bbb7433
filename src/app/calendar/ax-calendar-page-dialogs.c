/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The calendar page's actions that ask first: cancel (with a reason),
 * reschedule to the next free time, book a series, and export the days
 * shown as iCalendar. The rest are in ax-calendar-page-actions.c. */

#include "ax-calendar-page-private.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ax-appointments.h"
#include "ax-calendar-queries.h"
#include "ax-ics-export.h"
#include "ax-model-error.h"

typedef struct
{
  AxCalendarPage *self;
  char           *id;
} Pending;

static void
pending_free (Pending *p)
{
  g_object_unref (p->self);
  g_free (p->id);
  g_free (p);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Pending          *p)
{
  g_autofree char *reason = ax_calendar_page_reason_of (dialog);
  AxAppointment *appt = ax_calendar_page_selected (p->self);

  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, p);

  if (g_str_equal (response, "cancel-appointment") && *reason != '\0' && appt != NULL
      && g_strcmp0 (appt->id, p->id) == 0)
    ax_calendar_page_set_status (p->self, AX_APPT_CANCELLED, reason);
  pending_free (p);
}

void
ax_calendar_page_cancel_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = ax_calendar_page_selected (self);
  AdwMessageDialog *dialog;
  AdwEntryRow *reason;
  g_autofree char *slot = NULL;
  g_autofree char *body = NULL;
  Pending *p;

  if (appt == NULL || !ax_appointment_status_can_change (appt->status, AX_APPT_CANCELLED))
    return;
  slot = ax_calendar_page_format_slot (self, appt->start_ms, appt->end_ms);
  /* Translators: the cancel dialog's text: "Anong Srisuk, Mon 10 Mar, 10:00–10:30 (Botox)." */
  body = g_strdup_printf (_("%s, %s (%s). Say why it is cancelled."), ax_calendar_page_patient_of (appt), slot,
                          appt->services ? appt->services : "");
  dialog = ax_calendar_page_new_dialog (self, _("Cancel Appointment?"), body);
  adw_message_dialog_add_responses (dialog, "close", _("_Keep"), "cancel-appointment",
                                    _("_Cancel Appointment"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-appointment",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "close");
  reason = ax_calendar_page_add_reason (dialog, "cancel-appointment");
  p = g_new0 (Pending, 1);
  p->self = g_object_ref (self);
  p->id = g_strdup (appt->id);
  g_signal_connect (dialog, "response", G_CALLBACK (cancel_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (reason));
}

typedef struct
{
  AxCalendarPage *self;
  AxAppointment  *appt;
  AxSlot          slot;
} Reschedule;

static void
reschedule_free (Reschedule *r)
{
  g_object_unref (r->self);
  ax_appointment_unref (r->appt);
  ax_slot_clear (&r->slot);
  g_free (r);
}

static void
reschedule_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Reschedule       *r)
{
  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, r);
  if (g_str_equal (response, "move"))
    {
      gint64 length = r->appt->end_ms - r->appt->start_ms;
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (r->slot.start_ms / 1000);
      g_autoptr (GDateTime) day = g_date_time_to_timezone (utc, ax_calendar_page_clinic_tz (r->self));

      g_free (r->self->select_after_load);
      r->self->select_after_load = g_strdup (r->appt->id);
      ax_calendar_page_move (r->self, r->appt, r->slot.start_ms, r->slot.start_ms + length,
                        r->slot.provider_id,
                        r->slot.room_id ? r->slot.room_id : r->appt->room_id,
                        _("Appointment rescheduled"));
      ax_calendar_page_go (r->self, day, 0);
    }
  reschedule_free (r);
}

static gboolean
slot_free_for (AxCalendarPage *self,
               AxAppointment  *appt,
               GArray         *hours,
               gint64          start_ms,
               gint64          end_ms,
               const char     *room_id)
{
  AxDb *db = ax_store_get_db (ax_context_get_store (self->context));
  g_autoptr (GPtrArray) around = ax_appointments_query (db, start_ms, end_ms, NULL, NULL);
  g_autoptr (GDateTime) start_utc = g_date_time_new_from_unix_utc (start_ms / 1000);
  g_autoptr (GDateTime) end_utc = g_date_time_new_from_unix_utc (end_ms / 1000);
  g_autoptr (GDateTime) start = g_date_time_to_timezone (start_utc, ax_calendar_page_clinic_tz (self));
  g_autoptr (GDateTime) end = g_date_time_to_timezone (end_utc, ax_calendar_page_clinic_tz (self));

  if (around == NULL || hours == NULL
      || !ax_schedule_within_hours ((const AxWorkBlock *) hours->data, hours->len, start, end))
    return FALSE;
  for (guint i = 0; i < around->len; i++)
    {
      AxAppointment *other = around->pdata[i];

      if (g_strcmp0 (other->id, appt->id) == 0 || !ax_appointment_status_is_live (other->status)
          || !ax_intervals_overlap (other->start_ms, other->end_ms, start_ms, end_ms))
        continue;
      if (g_strcmp0 (other->provider_id, appt->provider_id) == 0
          || (room_id != NULL && g_strcmp0 (other->room_id, room_id) == 0))
        return FALSE;
    }
  return TRUE;
}

/* The provider's next free time for the whole appointment: the model's
 * search finds room for its first service, which may be shorter, so each
 * slot it offers is checked for the appointment's full length. */
static gboolean
find_free_time (AxCalendarPage *self,
                AxAppointment  *appt,
                const char     *service_id,
                AxSlot         *slot,
                GError        **error)
{
  AxStore *store = ax_context_get_store (self->context);
  g_autoptr (GArray) hours = ax_schedule_working_blocks (ax_store_get_db (store),
                                                         appt->provider_id, error);
  gint64 length = appt->end_ms - appt->start_ms;
  gint64 after = MAX (ax_store_now_ms (store), appt->start_ms + 60000);

  if (hours == NULL)
    return FALSE;
  for (int tries = 0; tries < 200; tries++)
    {
      ax_slot_clear (slot);
      if (!ax_appointments_find_slot (store, service_id, appt->provider_id, after, slot, error))
        return FALSE;
      if (slot_free_for (self, appt, hours, slot->start_ms, slot->start_ms + length,
                         slot->room_id ? slot->room_id : appt->room_id))
        return TRUE;
      after = slot->start_ms + 60000;
    }
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
               _("No free time long enough found for this appointment; move it by hand"));
  return FALSE;
}

void
ax_calendar_page_reschedule_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = ax_calendar_page_selected (self);
  AxStore *store = ax_context_get_store (self->context);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) services = NULL;
  g_autofree char *slot_text = NULL;
  g_autofree char *body = NULL;
  const AxResource *provider;
  AdwMessageDialog *dialog;
  Reschedule *r;

  if (appt == NULL)
    return;
  services = ax_calendar_appointment_services (ax_store_get_db (store), appt->id, &error);
  if (services == NULL || services[0] == NULL)
    {
      ax_calendar_page_toast (self, error ? error->message
                                          : _("This appointment has no service to find a time for"));
      return;
    }
  r = g_new0 (Reschedule, 1);
  r->self = g_object_ref (self);
  r->appt = ax_appointment_ref (appt);
  if (!find_free_time (self, appt, services[0], &r->slot, &error))
    {
      ax_calendar_page_toast (self, error->message);
      reschedule_free (r);
      return;
    }
  slot_text = ax_calendar_page_format_slot (self, r->slot.start_ms,
                           r->slot.start_ms + (appt->end_ms - appt->start_ms));
  provider = ax_calendar_page_view_data (self) ? ax_calendar_data_find_provider (ax_calendar_page_view_data (self),
                                                                r->slot.provider_id) : NULL;
  /* Translators: "Move Anong Srisuk to Tue 11 Mar, 10:00–10:30 with Dr Lee?" */
  body = g_strdup_printf (_("Move %s to %s with %s?"), ax_calendar_page_patient_of (appt), slot_text,
                          provider ? provider->name : "");
  dialog = ax_calendar_page_new_dialog (self, _("Reschedule to the Next Free Time?"), body);
  adw_message_dialog_add_responses (dialog, "close", _("_Cancel"), "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "move");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect (dialog, "response", G_CALLBACK (reschedule_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
spin_row (const char *title,
          const char *unit,
          int         min,
          int         max,
          int         value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), unit);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (row), "ax-spin", spin);
  return row;
}

static int
spin_value (GtkWidget *row)
{
  return gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "ax-spin"));
}

typedef struct
{
  AxCalendarPage *self;
  AxAppointment  *appt;
  GtkWidget      *every_row;
  GtkWidget      *times_row;
} Series;

static void
series_free (Series *s)
{
  g_object_unref (s->self);
  ax_appointment_unref (s->appt);
  g_free (s);
}

static void
series_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Series           *s)
{
  AxCalendarPage *self = s->self;
  AxAppointment *appt = s->appt;
  int every = spin_value (s->every_row), times = spin_value (s->times_row);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (appt->start_ms / 1000);
  g_autoptr (GDateTime) start = g_date_time_to_timezone (utc, ax_calendar_page_clinic_tz (self));
  g_autoptr (GDateTime) next = g_date_time_add_weeks (start, every);
  g_auto (GStrv) services = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *done = NULL;
  JsonObject *args;

  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, s);

  if (!g_str_equal (response, "book"))
    {
      series_free (s);
      return;
    }
  services = ax_calendar_appointment_services (ax_store_get_db (ax_context_get_store (self->context)),
                                               appt->id, NULL);
  args = json_object_new ();
  json_object_set_string_member (args, "patient_id", appt->patient_id);
  json_object_set_string_member (args, "provider_id", appt->provider_id);
  if (appt->room_id != NULL)
    json_object_set_string_member (args, "room_id", appt->room_id);
  /* The series starts the chosen number of weeks after this appointment, at
   * the same local time. */
  json_object_set_int_member (args, "start_at", g_date_time_to_unix (next) * 1000);
  if (services != NULL && services[0] != NULL)
    {
      JsonArray *list = json_array_new ();
      for (guint i = 0; services[i] != NULL; i++)
        json_array_add_string_element (list, services[i]);
      json_object_set_array_member (args, "services", list);
    }
  else
    json_object_set_int_member (args, "end_at", g_date_time_to_unix (next) * 1000
                                                  + (appt->end_ms - appt->start_ms));
  json_object_set_int_member (args, "every_weeks", every);
  json_object_set_int_member (args, "times", times);
  if (appt->notes != NULL)
    json_object_set_string_member (args, "notes", appt->notes);
  node = ax_calendar_page_object_node (args);
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d appointment booked",
                                       "%d appointments booked", times), times);
  ax_calendar_page_mutate (self, "appointment.book_series", node, done, FALSE);
  series_free (s);
}

void
ax_calendar_page_book_series_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = ax_calendar_page_selected (self);
  AdwMessageDialog *dialog;
  GtkWidget *list;
  g_autofree char *body = NULL;
  Series *s;

  if (appt == NULL || appt->patient_id == NULL)
    return;
  /* Translators: the series dialog's text, with the patient's name */
  body = g_strdup_printf (_("Book %s again at the same time and with the same provider. "
                            "Every date is checked first: if one is taken, nothing is booked "
                            "and its date is named."), ax_calendar_page_patient_of (appt));
  dialog = ax_calendar_page_new_dialog (self, _("Book a Series"), body);
  s = g_new0 (Series, 1);
  s->self = g_object_ref (self);
  s->appt = ax_appointment_ref (appt);
  s->every_row = spin_row (_("Every"), _("weeks"), 1, 52, 4);
  s->times_row = spin_row (_("Times"), _("appointments"), 2, 52, 4);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), s->every_row);
  gtk_list_box_append (GTK_LIST_BOX (list), s->times_row);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "close", _("_Cancel"), "book", _("_Book Series"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "book", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect (dialog, "response", G_CALLBACK (series_response_cb), s);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The iCalendar export of the days shown: of the one provider shown (the
 * week view's, or a filter of one), else of everyone. */
typedef struct
{
  AxCalendarPage *self;
  char           *provider_id;
  gint64          from_ms;
  gint64          to_ms;
} Export;

static void
export_free (Export *e)
{
  g_object_unref (e->self);
  g_free (e->provider_id);
  g_free (e);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Export          *e)
{
  AxCalendarPage *self = e->self;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *done = NULL;
  g_autofree char *name = NULL;
  gsize n_events = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    goto out;
  text = ax_ics_export_audited (ax_context_get_store (self->context),
                                ax_context_get_actor (self->context), e->provider_id, e->from_ms,
                                e->to_ms, &n_events, &error);
  if (text == NULL
      || !g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                   G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      ax_calendar_page_toast (self, error->message);
      goto out;
    }
  name = g_file_get_basename (file);
  /* Translators: a toast after the export: "Exported 42 appointments to week.ics" */
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %d appointment to %s",
                                       "Exported %d appointments to %s", n_events),
                          (int) n_events, name);
  ax_calendar_page_toast (self, done);
out:
  g_object_unref (chooser);
  export_free (e);
}

void
ax_calendar_page_export_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxView *view = ax_calendar_page_get_view (self);
  AxCalendarData *data = ax_calendar_page_view_data (self);
  const AxCalendarLayout *layout = ax_calendar_canvas_get_layout (ax_view_get_canvas (view));
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;
  Export *e;

  if (data == NULL)
    return;
  e = g_new0 (Export, 1);
  e->self = g_object_ref (self);
  e->from_ms = data->day_start_ms[0];
  e->to_ms = data->day_start_ms[data->n_days];
  if (layout != NULL && layout->mode == AX_CAL_BY_PROVIDER && layout->n_columns == 1)
    e->provider_id = g_strdup (layout->columns[0].id);
  /* Translators: the file name the export suggests: "appointments-2026-03-09.ics" */
  file_name = g_strdup_printf (_("appointments-%s.ics"), data->date[0]);

  chooser = gtk_file_chooser_native_new (_("Export Appointments"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), e);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
