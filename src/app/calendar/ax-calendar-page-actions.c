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

static AxAppointment *
selected (AxCalendarPage *self)
{
  return ax_view_get_selected (ax_calendar_page_get_view (self));
}

static AxCalendarData *
view_data (AxCalendarPage *self)
{
  return ax_view_get_data (ax_calendar_page_get_view (self));
}

static GTimeZone *
clinic_tz (AxCalendarPage *self)
{
  return ax_store_get_timezone (ax_context_get_store (self->context));
}

static char *
format_local (AxCalendarPage *self,
              gint64          ms,
              const char     *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, clinic_tz (self));

  return g_date_time_format (local, format);
}

/* "Mon 10 Mar, 10:00–10:30" */
static char *
format_slot (AxCalendarPage *self,
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

static const char *
patient_of (AxAppointment *appt)
{
  return appt->patient_name && *appt->patient_name ? appt->patient_name : _("No patient");
}

static AdwMessageDialog *
new_dialog (AxCalendarPage *self,
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
static AdwEntryRow *
add_reason (AdwMessageDialog *dialog,
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

static char *
reason_of (AdwMessageDialog *dialog)
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
  g_autofree char *reason = reason_of (dialog);

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
  ask = new_dialog (a->self, _("Overbook"),
                    _("Say why this booking may overlap the other one. The reason is kept with "
                      "the appointment and shown on the calendar."));
  adw_message_dialog_add_responses (ask, "close", _("_Cancel"), "overbook", _("_Overbook"), NULL);
  adw_message_dialog_set_response_appearance (ask, "overbook", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "overbook");
  adw_message_dialog_set_close_response (ask, "close");
  reason = add_reason (ask, "overbook");
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
      dialog = new_dialog (self, _("Outside Working Hours"), error->message);
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
      dialog = new_dialog (self, _("Time Not Free"), error->message);
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

static void
mutate (AxCalendarPage *self,
        const char     *mutator,
        JsonNode       *args,
        const char     *done,
        gboolean        select_result)
{
  Attempt *a = attempt_new (self, mutator, args, done);

  a->select_result = select_result;
  run_attempt (a);
}

static JsonNode *
object_node (JsonObject *object)
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

static void
move_appointment (AxCalendarPage *self,
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
  node = object_node (args);
  mutate (self, "appointment.move", node, done, FALSE);
}

static void
set_status (AxCalendarPage      *self,
            AxAppointmentStatus  status,
            const char          *reason)
{
  AxAppointment *appt = selected (self);
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
  node = object_node (args);
  /* Translators: a toast after a status change: "Checked in: Anong Srisuk" */
  done = g_strdup_printf (_("%s: %s"), ax_appointment_status_display_name (status),
                          patient_of (appt));
  mutate (self, "appointment.set_status", node, done, FALSE);
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
  mutate (self, "appointment.book", copy, _("Appointment booked"), TRUE);
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
  AxCalendarData *data = view_data (self);
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

  move_appointment (self, appt, start_ms, end_ms, provider_id, room_id,
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
  node = object_node (args);
  mutate (self, "appointment.update", node, _("Notes saved"), FALSE);
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
  AxCalendarData *data = view_data (self);
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
      set_status (AX_CALENDAR_PAGE (widget), map[i].status, NULL);
}

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
  g_autofree char *reason = reason_of (dialog);
  AxAppointment *appt = selected (p->self);

  /* Closing the dialog after a response answers its close response too. */
  g_signal_handlers_disconnect_by_data (dialog, p);

  if (g_str_equal (response, "cancel-appointment") && *reason != '\0' && appt != NULL
      && g_strcmp0 (appt->id, p->id) == 0)
    set_status (p->self, AX_APPT_CANCELLED, reason);
  pending_free (p);
}

static void
cancel_appointment_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = selected (self);
  AdwMessageDialog *dialog;
  AdwEntryRow *reason;
  g_autofree char *slot = NULL;
  g_autofree char *body = NULL;
  Pending *p;

  if (appt == NULL || !ax_appointment_status_can_change (appt->status, AX_APPT_CANCELLED))
    return;
  slot = format_slot (self, appt->start_ms, appt->end_ms);
  /* Translators: the cancel dialog's text: "Anong Srisuk, Mon 10 Mar, 10:00–10:30 (Botox)." */
  body = g_strdup_printf (_("%s, %s (%s). Say why it is cancelled."), patient_of (appt), slot,
                          appt->services ? appt->services : "");
  dialog = new_dialog (self, _("Cancel Appointment?"), body);
  adw_message_dialog_add_responses (dialog, "close", _("_Keep"), "cancel-appointment",
                                    _("_Cancel Appointment"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-appointment",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "close");
  reason = add_reason (dialog, "cancel-appointment");
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
      g_autoptr (GDateTime) day = g_date_time_to_timezone (utc, clinic_tz (r->self));

      g_free (r->self->select_after_load);
      r->self->select_after_load = g_strdup (r->appt->id);
      move_appointment (r->self, r->appt, r->slot.start_ms, r->slot.start_ms + length,
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
  g_autoptr (GDateTime) start = g_date_time_to_timezone (start_utc, clinic_tz (self));
  g_autoptr (GDateTime) end = g_date_time_to_timezone (end_utc, clinic_tz (self));

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

static void
reschedule_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = selected (self);
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
  slot_text = format_slot (self, r->slot.start_ms,
                           r->slot.start_ms + (appt->end_ms - appt->start_ms));
  provider = view_data (self) ? ax_calendar_data_find_provider (view_data (self),
                                                                r->slot.provider_id) : NULL;
  /* Translators: "Move Anong Srisuk to Tue 11 Mar, 10:00–10:30 with Dr Lee?" */
  body = g_strdup_printf (_("Move %s to %s with %s?"), patient_of (appt), slot_text,
                          provider ? provider->name : "");
  dialog = new_dialog (self, _("Reschedule to the Next Free Time?"), body);
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
  g_autoptr (GDateTime) start = g_date_time_to_timezone (utc, clinic_tz (self));
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
  node = object_node (args);
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d appointment booked",
                                       "%d appointments booked", times), times);
  mutate (self, "appointment.book_series", node, done, FALSE);
  series_free (s);
}

static void
book_series_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxAppointment *appt = selected (self);
  AdwMessageDialog *dialog;
  GtkWidget *list;
  g_autofree char *body = NULL;
  Series *s;

  if (appt == NULL || appt->patient_id == NULL)
    return;
  /* Translators: the series dialog's text, with the patient's name */
  body = g_strdup_printf (_("Book %s again at the same time and with the same provider. "
                            "Every date is checked first: if one is taken, nothing is booked "
                            "and its date is named."), patient_of (appt));
  dialog = new_dialog (self, _("Book a Series"), body);
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

static void
show_details_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  adw_flap_set_reveal_flap (AX_CALENDAR_PAGE (widget)->flap, TRUE);
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

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);
  AxView *view = ax_calendar_page_get_view (self);
  AxCalendarData *data = view_data (self);
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

static void
open_patient_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AxAppointment *appt = selected (AX_CALENDAR_PAGE (widget));

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
                                   cancel_appointment_cb);
  gtk_widget_class_install_action (widget_class, "calendar.reschedule", NULL, reschedule_cb);
  gtk_widget_class_install_action (widget_class, "calendar.book-series", NULL, book_series_cb);
  gtk_widget_class_install_action (widget_class, "calendar.show-details", NULL, show_details_cb);
  gtk_widget_class_install_action (widget_class, "calendar.open-patient", NULL, open_patient_cb);
  gtk_widget_class_install_action (widget_class, "calendar.export", NULL, export_cb);
  gtk_widget_class_install_property_action (widget_class, "calendar.view", "view");
  gtk_widget_class_install_property_action (widget_class, "calendar.columns", "columns");
  gtk_widget_class_install_property_action (widget_class, "calendar.snap-minutes", "snap-minutes");
}

/* Keys that work wherever the focus is while the page is shown (the
 * views bind their own: arrows, t, n, Delete). */
void
ax_calendar_page_add_shortcuts (AxCalendarPage *self)
{
  static const struct
  {
    const char *trigger;
    const char *action;
  } keys[] = {
    { "<Control>z", "calendar.undo" },
    { "Page_Up", "calendar.previous" },
    { "Page_Down", "calendar.next" },
    { "F5|<Control>r", "calendar.reload" },
    { "<Control>n", "calendar.new" },
  };
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

void
ax_calendar_page_update_actions (AxCalendarPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AxAppointment *appt = self->context ? selected (self) : NULL;
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
