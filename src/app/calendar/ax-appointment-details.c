/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-appointment-details.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-calendar-queries.h"

struct _AxAppointmentDetails
{
  GtkWidget      parent_instance;

  AxAppointment *appt;

  GtkStack      *stack;
  GtkLabel      *patient_label;
  GtkWidget     *allergy_box;
  GtkLabel      *allergy_label;
  AdwActionRow  *time_row;
  AdwActionRow  *services_row;
  AdwActionRow  *provider_row;
  AdwActionRow  *room_row;
  AdwActionRow  *status_row;
  GtkImage      *status_icon;
  AdwActionRow  *overbook_row;
  AdwActionRow  *warning_row;
  AdwEntryRow   *notes_row;
  GtkListBox    *history_list;
};

G_DEFINE_FINAL_TYPE (AxAppointmentDetails, ax_appointment_details, GTK_TYPE_WIDGET)

enum
{
  NOTES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static char *
format_local (gint64      ms,
              GTimeZone  *tz,
              const char *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_timezone (utc, tz) : NULL;

  return local ? g_date_time_format (local, format) : g_strdup ("");
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value && *value ? value : "—");
  /* The row reads as "Room: Treatment 2". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value && *value ? value : "", -1);
}

static char *
describe_allergies (GPtrArray *allergies)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < allergies->len; i++)
    {
      const AxAllergyInfo *a = allergies->pdata[i];

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, a->substance);
      if (g_strcmp0 (a->severity, "severe") == 0)
        /* Translators: after an allergy's substance: "Latex (severe)" */
        g_string_append_printf (text, " %s", _("(severe)"));
      if (a->reaction != NULL && *a->reaction != '\0')
        g_string_append_printf (text, " — %s", a->reaction);
    }
  return g_string_free (text, FALSE);
}

static void
clear_history (AxAppointmentDetails *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->history_list, 0)) != NULL)
    gtk_list_box_remove (self->history_list, GTK_WIDGET (row));
}

static void
fill_history (AxAppointmentDetails *self,
              GPtrArray            *history,
              GTimeZone            *tz)
{
  clear_history (self);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const AxAppointmentEvent *ev = history->pdata[i];
      /* Translators: when a status changed, see g_date_time_format(): "10 Mar 09:12" */
      g_autofree char *when = format_local (ev->at_ms, tz, _("%-d %b %H:%M"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (ax_appointment_status_icon_name (
                                                        CLAMP (ev->status, 0,
                                                               AX_N_APPT_STATUSES - 1)));

      subtitle = g_strjoin (" · ", when, ev->user_name && *ev->user_name ? ev->user_name : NULL,
                            NULL);
      if (ev->reason != NULL && *ev->reason != '\0')
        {
          char *with_reason = g_strdup_printf ("%s\n%s", subtitle, ev->reason);
          g_free (subtitle);
          subtitle = with_reason;
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ax_appointment_status_display_name (ev->status));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      subtitle, -1);
      gtk_list_box_append (self->history_list, row);
    }
}

/* Callbacks */

static void
notes_applied_cb (AxAppointmentDetails *self,
                  AdwEntryRow          *row)
{
  g_signal_emit (self, signals[NOTES_CHANGED], 0, gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* Overrides */

static void
ax_appointment_details_dispose (GObject *object)
{
  AxAppointmentDetails *self = AX_APPOINTMENT_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_APPOINTMENT_DETAILS);
  g_clear_pointer (&self->appt, ax_appointment_unref);

  G_OBJECT_CLASS (ax_appointment_details_parent_class)->dispose (object);
}

static void
ax_appointment_details_class_init (AxAppointmentDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_appointment_details_dispose;

  signals[NOTES_CHANGED] = g_signal_new ("notes-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/calendar/ax-appointment-details.ui");
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, patient_label);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, allergy_box);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, allergy_label);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, time_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, services_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, provider_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, room_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, status_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, overbook_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, warning_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, notes_row);
  gtk_widget_class_bind_template_child (widget_class, AxAppointmentDetails, history_list);
  gtk_widget_class_bind_template_callback (widget_class, notes_applied_cb);
  gtk_widget_class_set_css_name (widget_class, "appointmentdetails");
}

static void
ax_appointment_details_init (AxAppointmentDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
ax_appointment_details_new (void)
{
  return g_object_new (AX_TYPE_APPOINTMENT_DETAILS, NULL);
}

void
ax_appointment_details_show (AxAppointmentDetails *self,
                             AxAppointment        *appt,
                             const char           *provider_name,
                             const char           *room_name,
                             GPtrArray            *history,
                             GPtrArray            *allergies,
                             GTimeZone            *tz)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *when = NULL;
  gboolean same_appt;
  const char *warning = NULL;
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (AX_IS_APPOINTMENT_DETAILS (self));
  g_return_if_fail (appt != NULL);

  same_appt = self->appt != NULL && g_strcmp0 (self->appt->id, appt->id) == 0;
  g_clear_pointer (&self->appt, ax_appointment_unref);
  self->appt = ax_appointment_ref (appt);

  gtk_label_set_label (self->patient_label,
                       appt->patient_name && *appt->patient_name ? appt->patient_name
                                                                 : _("No patient"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->patient_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (self->patient_label), -1);

  if (appt->patient_has_allergy && allergies != NULL && allergies->len > 0)
    {
      g_autofree char *list = describe_allergies (allergies);
      /* Translators: the allergy warning of the appointment details: "Allergies: Latex, Lidocaine" */
      g_autofree char *text = g_strdup_printf (_("Allergies: %s"), list);

      gtk_label_set_label (self->allergy_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->allergy_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Allergy warning"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
      gtk_widget_set_visible (self->allergy_box, TRUE);
    }
  else if (appt->patient_has_allergy)
    {
      gtk_label_set_label (self->allergy_label, _("Has allergies"));
      gtk_widget_set_visible (self->allergy_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->allergy_box, FALSE);

  /* Translators: an appointment's date and start, see g_date_time_format(): "Mon 10 Mar 2025, 10:00" */
  start = format_local (appt->start_ms, tz, _("%a %-d %b %Y, %H:%M"));
  end = format_local (appt->end_ms, tz, "%H:%M");
  /* Translators: an appointment's time: "Mon 10 Mar 2025, 10:00–10:30 (30 min)" */
  when = g_strdup_printf (_("%s–%s (%d min)"), start, end,
                          (int) ((appt->end_ms - appt->start_ms) / 60000));
  set_row (self->time_row, when);
  set_row (self->services_row, appt->services);
  set_row (self->provider_row, provider_name);
  set_row (self->room_row, room_name ? room_name : _("No room"));
  set_row (self->status_row, ax_appointment_status_display_name (appt->status));
  gtk_image_set_from_icon_name (self->status_icon, ax_appointment_status_icon_name (appt->status));

  gtk_widget_set_visible (GTK_WIDGET (self->overbook_row), appt->overbook_reason != NULL);
  if (appt->overbook_reason != NULL)
    set_row (self->overbook_row, appt->overbook_reason);
  if (appt->needs_rebooking)
    warning = _("Needs rebooking: another desk booked this time first");
  else if (appt->outside_hours)
    warning = _("Booked outside working hours");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_row), warning != NULL);
  if (warning != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->warning_row), warning);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->warning_row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, warning, -1);
    }

  /* Keep what is being typed when the same appointment is shown again. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (!same_appt || focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->notes_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->notes_row), appt->notes ? appt->notes : "");

  fill_history (self, history, tz);
  gtk_stack_set_visible_child_name (self->stack, "appointment");
}

void
ax_appointment_details_clear (AxAppointmentDetails *self)
{
  g_return_if_fail (AX_IS_APPOINTMENT_DETAILS (self));

  g_clear_pointer (&self->appt, ax_appointment_unref);
  clear_history (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

AxAppointment *
ax_appointment_details_get_appointment (AxAppointmentDetails *self)
{
  g_return_val_if_fail (AX_IS_APPOINTMENT_DETAILS (self), NULL);
  return self->appt;
}
