/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The calendar page's actions: every change is a mutator run on the main
 * connection (they are short), refused ones get a dialog that can retry
 * ("Book Anyway", "Overbook…"), and each success goes on an undo stack
 * (Ctrl+Z, the toast's Undo). */

#include "ax-calendar-page-private.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ax-appointments.h"
#include "ax-booking-popover.h"
#include "ax-calendar-queries.h"
#include "ax-ics-export.h"
#include "ax-model-error.h"
#include "ax-pages.h"

/* A new appointment from the keyboard ("n") is this long until services say otherwise. */
#define NEW_MINUTES 30

typedef struct
{
  AxCalendarPage *self;
  char           *mutator;
  JsonNode       *args;
  char           *done;         /* the toast on success */
  gboolean        select_result;
} Attempt;

static void
attempt_free (Attempt *a)
{
  g_object_unref (a->self);
  g_free (a->mutator);
  json_node_unref (a->args);
  g_free (a->done);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

static Attempt *
attempt_new (AxCalendarPage *self,
             const char     *mutator,
             JsonNode       *args,
             const char     *done)
{
  Attempt *a = g_new0 (Attempt, 1);

  a->self = g_object_ref (self);
  a->mutator = g_strdup (mutator);
  a->args = json_node_ref (args);
  a->done = g_strdup (done);
  return a;
}

static void run_attempt (Attempt *a);

/* Helpers */

AxAppointment *
ax_calendar_page_selected (AxCalendarPage *self)
{
  return ax_view_get_selected (ax_calendar_page_get_view (self));
}

AxCalendarData *
ax_calendar_page_view_data (AxCalendarPage *self)
{
  return ax_view_get_data (ax_calendar_page_get_view (self));
}

GTimeZone *
ax_calendar_page_clinic_tz (AxCalendarPage *self)
{
  return ax_store_get_timezone (ax_context_get_store (self->context));
}

static char *
format_local (AxCalendarPage *self,
              gint64          ms,
              const char     *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_calendar_page_clinic_tz (self));

  return g_date_time_format (local, format);
}

/* "Mon 10 Mar, 10:00–10:30" */
char *
ax_calendar_page_format_slot (AxCalendarPage *self,
             gint64          start_ms,
             gint64          end_ms)
{
  /* Translators: a day in a sentence, see g_date_time_format(): "Mon 10 Mar" */
  g_autofree char *day = format_local (self, start_ms, _("%a %-d %b"));
  g_autofree char *from = format_local (self, start_ms, "%H:%M");
  g_autofree char *to = format_local (self, end_ms, "%H:%M");

  /* Translators: a day and a time span: "Mon 10 Mar, 10:00–10:30" */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to);
}

const char *
ax_calendar_page_patient_of (AxAppointment *appt)
{
  return appt->patient_name && *appt->patient_name ? appt->patient_name : _("No patient");
}

AdwMessageDialog *
ax_calendar_page_new_dialog (AxCalendarPage *self,
            const char     *heading,
            const char     *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                          : NULL,
                                                     heading, body));
}

static void
reason_changed_cb (AdwEntryRow      *row,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (row), "ax-response"),
                                           *text != '\0');
}

static void
reason_activated_cb (AdwEntryRow      *row,
                     AdwMessageDialog *dialog)
{
  const char *response = g_object_get_data (G_OBJECT (row), "ax-response");

  if (adw_message_dialog_get_response_enabled (dialog, response))
    {
      adw_message_dialog_response (dialog, response);
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

/* A "Reason" entry as the dialog's extra child; response stays disabled
 * until it holds something. */
AdwEntryRow *
ax_calendar_page_add_reason (AdwMessageDialog *dialog,
            const char       *response)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_entry_row_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason"));
  g_object_set_data_full (G_OBJECT (row), "ax-response", g_strdup (response), g_free);
  g_signal_connect (row, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect (row, "entry-activated", G_CALLBACK (reason_activated_cb), dialog);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);
  return ADW_ENTRY_ROW (row);
}

char *
ax_calendar_page_reason_of (AdwMessageDialog *dialog)
{
  GtkWidget *list = adw_message_dialog_get_extra_child (dialog);
  GtkListBoxRow *row = list ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0) : NULL;

  return row ? g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)))) : g_strdup ("");
}

static void
push_undo (AxCalendarPage *self,
           gint64          mut_id)
{
  g_array_append_val (self->undo, mut_id);
  ax_calendar_page_update_actions (self);
}

static void
toast_done (AxCalendarPage *self,
            const char     *message,
            gint64          mut_id)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "calendar.undo-mutation");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (mut_id));
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Running a mutator, and the dialogs that retry it */

static void
book_anyway_cb (AdwMessageDialog *dialog,
                const char       *response,
                Attempt          *a)
{
  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, a);
  if (g_str_equal (response, "book-anyway"))
    {
      json_object_set_boolean_member (json_node_get_object (a->args), "book_anyway", TRUE);
      run_attempt (a);
      return;
    }
  attempt_free (a);
}

static void
overbook_reason_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Attempt          *a)
{
  g_autofree char *reason = ax_calendar_page_reason_of (dialog);

  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, a);

  if (g_str_equal (response, "overbook") && *reason != '\0')
    {
      json_object_set_string_member (json_node_get_object (a->args), "overbook_reason", reason);
      run_attempt (a);
      return;
    }
  attempt_free (a);
}

static void
clash_cb (AdwMessageDialog *dialog,
          const char       *response,
          Attempt          *a)
{
  AdwMessageDialog *ask;
  AdwEntryRow *reason;

  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, a);

  if (!g_str_equal (response, "overbook"))
    {
      attempt_free (a);
      return;
    }
  ask = ax_calendar_page_new_dialog (a->self, _("Overbook"),
                    _("Say why this booking may overlap the other one. The reason is kept with "
                      "the appointment and shown on the calendar."));
  adw_message_dialog_add_responses (ask, "close", _("_Cancel"), "overbook", _("_Overbook"), NULL);
  adw_message_dialog_set_response_appearance (ask, "overbook", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "overbook");
  adw_message_dialog_set_close_response (ask, "close");
  reason = ax_calendar_page_add_reason (ask, "overbook");
  g_signal_connect (ask, "response", G_CALLBACK (overbook_reason_cb), a);
  gtk_window_present (GTK_WINDOW (ask));
  gtk_widget_grab_focus (GTK_WIDGET (reason));
}

static void
run_attempt (Attempt *a)
{
  AxCalendarPage *self = a->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = NULL;
  AdwMessageDialog *dialog;

  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), a->mutator, a->args, &error);
  if (result != NULL)
    {
      JsonObject *out = json_node_get_object (result);
      gint64 mut_id = json_object_get_int_member_with_default (out, "mut_id", 0);

      if (a->select_result && json_object_has_member (out, "id"))
        {
          g_free (self->select_after_load);
          self->select_after_load = g_strdup (json_object_get_string_member (out, "id"));
        }
      if (mut_id > 0)
        {
          push_undo (self, mut_id);
          toast_done (self, a->done, mut_id);
        }
      attempt_free (a);
      return;
    }

  if (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_OUTSIDE_HOURS))
    {
      dialog = ax_calendar_page_new_dialog (self, _("Outside Working Hours"), error->message);
      adw_message_dialog_add_responses (dialog, "close", _("_Cancel"), "book-anyway",
                                        _("_Book Anyway"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "book-anyway", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_close_response (dialog, "close");
      g_signal_connect (dialog, "response", G_CALLBACK (book_anyway_cb), a);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CLASH))
    {
      dialog = ax_calendar_page_new_dialog (self, _("Time Not Free"), error->message);
      adw_message_dialog_add_response (dialog, "close", _("_OK"));
      if (ax_context_can (self->context, AX_PERM_CALENDAR_OVERBOOK))
        adw_message_dialog_add_response (dialog, "overbook", _("_Overbook…"));
      adw_message_dialog_set_close_response (dialog, "close");
      g_signal_connect (dialog, "response", G_CALLBACK (clash_cb), a);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  ax_calendar_page_toast (self, error->message);
  attempt_free (a);
}

void
ax_calendar_page_mutate (AxCalendarPage *self,
        const char     *mutator,
        JsonNode       *args,
        const char     *done,
        gboolean        select_result)
{
  Attempt *a = attempt_new (self, mutator, args, done);

  a->select_result = select_result;
  run_attempt (a);
}

JsonNode *
ax_calendar_page_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* What the client saw, so that the server can tell a clean move from a concurrent one. */
static JsonObject *
seen_placement (AxAppointment *appt)
{
  JsonObject *from = json_object_new ();

  json_object_set_int_member (from, "start_at", appt->start_ms);
  json_object_set_int_member (from, "end_at", appt->end_ms);
  set_nullable_string (from, "provider_id", appt->provider_id);
  set_nullable_string (from, "room_id", appt->room_id);
  return from;
}

void
ax_calendar_page_move (AxCalendarPage *self,
                  AxAppointment  *appt,
                  gint64          start_ms,
                  gint64          end_ms,
                  const char     *provider_id,
                  const char     *room_id,
                  const char     *done)
{
  JsonObject *args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;

  json_object_set_string_member (args, "id", appt->id);
  json_object_set_int_member (args, "start_at", start_ms);
  json_object_set_int_member (args, "end_at", end_ms);
  if (provider_id != NULL)
    json_object_set_string_member (args, "provider_id", provider_id);
  if (g_strcmp0 (room_id, appt->room_id) != 0)
    set_nullable_string (args, "room_id", room_id);
  json_object_set_object_member (args, "from", seen_placement (appt));
  node = ax_calendar_page_object_node (args);
  ax_calendar_page_mutate (self, "appointment.move", node, done, FALSE);
}

void
ax_calendar_page_set_status (AxCalendarPage      *self,
            AxAppointmentStatus  status,
            const char          *reason)
{
  AxAppointment *appt = ax_calendar_page_selected (self);
  JsonObject *args;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *done = NULL;

  if (appt == NULL)
    return;
  args = json_object_new ();
  json_object_set_string_member (args, "id", appt->id);
  json_object_set_string_member (args, "status", ax_appointment_status_to_string (status));
  if (reason != NULL)
    json_object_set_string_member (args, "reason", reason);
  node = ax_calendar_page_object_node (args);
  /* Translators: a toast after a status change: "Checked in: Anong Srisuk" */
  done = g_strdup_printf (_("%s: %s"), ax_appointment_status_display_name (status),
                          ax_calendar_page_patient_of (appt));
  ax_calendar_page_mutate (self, "appointment.set_status", node, done, FALSE);
}

/* The booking popover */

static gboolean
unparent_idle_cb (gpointer user_data)
{
  GtkWidget *popover = user_data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
booking_closed_cb (AxCalendarPage *self,
                   GtkPopover     *popover)
{
  AxView *view = AX_VIEW (gtk_widget_get_parent (GTK_WIDGET (popover)));

  if (view != NULL)
    ax_view_clear_ghost (view);
  if (self->booking == GTK_WIDGET (popover))
    self->booking = NULL;
  /* Not while it is still closing. */
  g_idle_add (unparent_idle_cb, g_object_ref (popover));
}

static void
booking_book_cb (AxCalendarPage   *self,
                 JsonNode         *args,
                 AxBookingPopover *popover)
{
  g_autoptr (JsonNode) copy = json_node_copy (args);

  gtk_popover_popdown (GTK_POPOVER (popover));
  ax_calendar_page_mutate (self, "appointment.book", copy, _("Appointment booked"), TRUE);
}

static void
booking_slot_changed_cb (AxCalendarPage   *self,
                         gint64            start_ms,
                         gint64            end_ms,
                         AxBookingPopover *popover)
{
  AxView *view = AX_VIEW (gtk_widget_get_parent (GTK_WIDGET (popover)));
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (popover), "ax-day"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (popover), "ax-column"));
  GdkRectangle rect;

  ax_view_show_ghost (view, day, column, start_ms, end_ms);
  if (ax_view_slot_rect (view, day, column, start_ms, end_ms, &rect))
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
}

void
ax_calendar_page_open_booking (AxCalendarPage *self,
                               guint           day,
                               guint           column,
                               gint64          start_ms,
                               gint64          end_ms)
{
  AxView *view = ax_calendar_page_get_view (self);
  AxCalendarData *data = ax_calendar_page_view_data (self);
  const char *column_id = ax_view_get_column_id (view, column);
  gboolean by_room = !AX_IS_WEEK_VIEW (view) && g_strcmp0 (self->columns, "rooms") == 0;
  GtkWidget *popover;
  GdkRectangle rect;

  if (data == NULL || !ax_context_can (self->context, AX_PERM_CALENDAR_BOOK))
    return;
  if (self->booking != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->booking));

  ax_calendar_canvas_scroll_to (ax_view_get_canvas (view), day, column, start_ms, end_ms);
  ax_view_show_ghost (view, day, column, start_ms, end_ms);
  popover = ax_booking_popover_new (self->context, data, start_ms, end_ms,
                                    by_room ? NULL : column_id, by_room ? column_id : NULL);
  g_object_set_data (G_OBJECT (popover), "ax-day", GUINT_TO_POINTER (day));
  g_object_set_data (G_OBJECT (popover), "ax-column", GUINT_TO_POINTER (column));
  gtk_widget_set_parent (popover, GTK_WIDGET (view));
  if (ax_view_slot_rect (view, day, column, start_ms, end_ms, &rect))
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
  g_signal_connect_object (popover, "book", G_CALLBACK (booking_book_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "slot-changed", G_CALLBACK (booking_slot_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "closed", G_CALLBACK (booking_closed_cb), self,
                           G_CONNECT_SWAPPED);
  self->booking = popover;
  gtk_popover_popup (GTK_POPOVER (popover));
}

void
ax_calendar_page_move_requested (AxCalendarPage *self,
                                 AxAppointment  *appt,
                                 gint64          start_ms,
                                 gint64          end_ms,
                                 const char     *provider_id,
                                 const char     *room_id)
{
  gboolean resized = start_ms == appt->start_ms && g_strcmp0 (provider_id, appt->provider_id) == 0
                     && g_strcmp0 (room_id, appt->room_id) == 0;

  ax_calendar_page_move (self, appt, start_ms, end_ms, provider_id, room_id,
                    resized ? _("Appointment resized") : _("Appointment moved"));
}

void
ax_calendar_page_notes_changed (AxCalendarPage *self,
                                const char     *notes)
{
  AxAppointment *appt = ax_appointment_details_get_appointment (self->details);
  JsonObject *args, *set, *from;
  g_autoptr (JsonNode) node = NULL;

  if (appt == NULL || g_strcmp0 (notes, appt->notes ? appt->notes : "") == 0)
    return;
  args = json_object_new ();
  set = json_object_new ();
  from = json_object_new ();
  json_object_set_string_member (args, "id", appt->id);
  json_object_set_string_member (set, "notes", notes);
  set_nullable_string (from, "notes", appt->notes);
  json_object_set_object_member (args, "set", set);
  json_object_set_object_member (args, "from", from);
  node = ax_calendar_page_object_node (args);
  ax_calendar_page_mutate (self, "appointment.update", node, _("Notes saved"), FALSE);
}

/* Actions */

static void
today_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  ax_calendar_page_go (AX_CALENDAR_PAGE (widget), NULL, 0);
}

static void
step_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  int days = (int) ax_view_get_n_days (ax_calendar_page_get_view (self));

  ax_calendar_page_go (self, self->date,
                       g_str_equal (action_name, "calendar.previous") ? -days : days);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  ax_calendar_page_reload (AX_CALENDAR_PAGE (widget));
}

static void
new_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxView *view = ax_calendar_page_get_view (self);
  AxCalendarData *data = ax_calendar_page_view_data (self);
  guint day, column, slot_day;
  gint64 start, after;

  if (data == NULL || !ax_view_get_focus_cell (view, &day, &column))
    return;
  after = MAX (ax_store_now_ms (ax_context_get_store (self->context)), data->day_start_ms[day]);
  if (!ax_view_find_free_slot (view, column, after, NEW_MINUTES, &slot_day, &start))
    {
      ax_calendar_page_toast (self, _("No free time left in this column on the days shown"));
      return;
    }
  ax_calendar_page_open_booking (self, slot_day, column, start,
                                 start + NEW_MINUTES * G_GINT64_CONSTANT (60000));
}

static void
undo_id (AxCalendarPage *self,
         gint64          mut_id)
{
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->undo->len; i++)
    if (g_array_index (self->undo, gint64, i) == mut_id)
      {
        g_array_remove_index (self->undo, i);
        break;
      }
  ax_calendar_page_update_actions (self);
  if (!ax_store_undo (ax_context_get_store (self->context), ax_context_get_actor (self->context),
                      mut_id, &error))
    {
      ax_calendar_page_toast (self, error->message);
      return;
    }
  ax_calendar_page_toast (self, _("Undone"));
}

static void
undo_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);

  if (self->undo->len > 0)
    undo_id (self, g_array_index (self->undo, gint64, self->undo->len - 1));
}

static void
undo_mutation_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  gint64 mut_id = g_variant_get_int64 (parameter);

  for (guint i = 0; i < self->undo->len; i++)
    if (g_array_index (self->undo, gint64, i) == mut_id)
      {
        undo_id (self, mut_id);
        return;
      }
}

static void
status_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  static const struct
  {
    const char          *action;
    AxAppointmentStatus  status;
  } map[] = {
    { "calendar.confirm", AX_APPT_CONFIRMED },
    { "calendar.check-in", AX_APPT_CHECKED_IN },
    { "calendar.start", AX_APPT_IN_PROGRESS },
    { "calendar.complete", AX_APPT_COMPLETED },
    { "calendar.no-show", AX_APPT_NO_SHOW },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (action_name, map[i].action))
      ax_calendar_page_set_status (AX_CALENDAR_PAGE (widget), map[i].status, NULL);
}

static void
show_details_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  adw_flap_set_reveal_flap (AX_CALENDAR_PAGE (widget)->flap, TRUE);
}

static void
open_patient_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AxAppointment *appt = ax_calendar_page_selected (AX_CALENDAR_PAGE (widget));

  /* The shell shows the Patients page at the record. */
  if (appt != NULL && appt->patient_id != NULL)
    gtk_widget_activate_action (widget, "shell.open-patient", "s", appt->patient_id);
}

void
ax_calendar_page_install_actions (GtkWidgetClass *widget_class)
{
  static const char *const statuses[] = {
    "calendar.confirm", "calendar.check-in", "calendar.start", "calendar.complete",
    "calendar.no-show",
  };

  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_cb);
  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, step_cb);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, step_cb);
  gtk_widget_class_install_action (widget_class, "calendar.reload", NULL, reload_cb);
  gtk_widget_class_install_action (widget_class, "calendar.new", NULL, new_cb);
  gtk_widget_class_install_action (widget_class, "calendar.undo", NULL, undo_cb);
  gtk_widget_class_install_action (widget_class, "calendar.undo-mutation", "x", undo_mutation_cb);
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_widget_class_install_action (widget_class, statuses[i], NULL, status_cb);
  gtk_widget_class_install_action (widget_class, "calendar.cancel-appointment", NULL,
                                   ax_calendar_page_cancel_action);
  gtk_widget_class_install_action (widget_class, "calendar.reschedule", NULL, ax_calendar_page_reschedule_action);
  gtk_widget_class_install_action (widget_class, "calendar.book-series", NULL, ax_calendar_page_book_series_action);
  gtk_widget_class_install_action (widget_class, "calendar.show-details", NULL, show_details_cb);
  gtk_widget_class_install_action (widget_class, "calendar.open-patient", NULL, open_patient_cb);
  gtk_widget_class_install_action (widget_class, "calendar.export", NULL, ax_calendar_page_export_action);
  gtk_widget_class_install_property_action (widget_class, "calendar.view", "view");
  gtk_widget_class_install_property_action (widget_class, "calendar.columns", "columns");
  gtk_widget_class_install_property_action (widget_class, "calendar.snap-minutes", "snap-minutes");
}

/* Keys that work wherever the focus is while the page is shown (the
 * views bind their own: arrows, t, n, Delete). */
void
ax_calendar_page_add_shortcuts (AxCalendarPage *self)
{
  static const AxPageShortcut keys[] = {
    { "<Control>z", "calendar.undo" },
    { "Page_Up", "calendar.previous" },
    { "Page_Down", "calendar.next" },
    { "F5|<Control>r", "calendar.reload" },
    { "<Control>n", "calendar.new" },
  };

  ax_page_add_shortcuts (GTK_WIDGET (self), keys, G_N_ELEMENTS (keys));
}

void
ax_calendar_page_update_actions (AxCalendarPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AxAppointment *appt = self->context ? ax_calendar_page_selected (self) : NULL;
  gboolean can_book = self->context != NULL
                      && ax_context_can (self->context, AX_PERM_CALENDAR_BOOK);
  AxAppointmentStatus s = appt ? appt->status : AX_APPT_INVALID;

  gtk_widget_action_set_enabled (widget, "calendar.new", can_book);
  gtk_widget_action_set_enabled (widget, "calendar.undo", can_book && self->undo->len > 0);
  gtk_widget_action_set_enabled (widget, "calendar.confirm",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_CONFIRMED));
  gtk_widget_action_set_enabled (widget, "calendar.check-in",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_CHECKED_IN));
  gtk_widget_action_set_enabled (widget, "calendar.start",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_IN_PROGRESS));
  gtk_widget_action_set_enabled (widget, "calendar.complete",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_COMPLETED));
  gtk_widget_action_set_enabled (widget, "calendar.no-show",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_NO_SHOW));
  gtk_widget_action_set_enabled (widget, "calendar.cancel-appointment",
                                 can_book && ax_appointment_status_can_change (s, AX_APPT_CANCELLED));
  gtk_widget_action_set_enabled (widget, "calendar.reschedule",
                                 can_book && appt != NULL && ax_appointment_status_is_movable (s));
  gtk_widget_action_set_enabled (widget, "calendar.book-series",
                                 can_book && appt != NULL && appt->patient_id != NULL
                                 && ax_appointment_status_is_live (s));
  gtk_widget_action_set_enabled (widget, "calendar.show-details", appt != NULL);
  gtk_widget_action_set_enabled (widget, "calendar.open-patient",
                                 appt != NULL && appt->patient_id != NULL
                                 && ax_context_can (self->context, AX_PERM_PATIENT_VIEW));
  gtk_widget_action_set_enabled (widget, "calendar.export",
                                 self->context != NULL && self->data != NULL
                                 && ax_context_can (self->context, AX_PERM_CALENDAR_VIEW));
}
