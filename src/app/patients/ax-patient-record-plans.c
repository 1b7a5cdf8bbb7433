/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The record overview's treatment plans (New Plan…, Edit…, Mark as
 * Completed, Stop Plan), the vitals history and addenda to medical notes.
 * Each change runs one mutator; a refusal shows under the form's field or
 * as a toast. */

#include "ax-patient-record-view-private.h"
#include "ax-record-history.h"

#include <glib/gi18n.h>

#include "ax-calendar-queries.h"
#include "ax-model-error.h"
#include "ax-patient-text.h"
#include "widgets/ax-form-dialog.h"

static const char *const note_kinds[] = { "note", "condition", "medication", "history" };

/* Helpers */

static const AxRecordPlan *
find_plan (AxPatientRecordView *self,
           const char          *id)
{
  for (guint i = 0; self->record != NULL && i < self->record->plans->len; i++)
    {
      const AxRecordPlan *plan = self->record->plans->pdata[i];
      if (g_strcmp0 (plan->id, id) == 0)
        return plan;
    }
  return NULL;
}

static const AxRecordNote *
find_note (AxPatientRecordView *self,
           const char          *id)
{
  for (guint i = 0; self->record != NULL && i < self->record->medical_notes->len; i++)
    {
      const AxRecordNote *note = self->record->medical_notes->pdata[i];
      if (g_strcmp0 (note->id, id) == 0)
        return note;
    }
  return NULL;
}

/* The plan form */

typedef struct
{
  char      *patient_id;
  char      *plan_id;        /* NULL for a new plan */
  GPtrArray *service_ids;    /* of the service list */
  GPtrArray *provider_ids;   /* of the provider list, after "No provider" */
  /* What the form was opened with (the `from` of an edit). */
  char      *service_id;
  char      *provider_id;
  int        sessions;
  int        interval_weeks;
  char      *notes;
} PlanForm;

static void
plan_form_free (PlanForm *form)
{
  g_free (form->patient_id);
  g_free (form->plan_id);
  g_clear_pointer (&form->service_ids, g_ptr_array_unref);
  g_clear_pointer (&form->provider_ids, g_ptr_array_unref);
  g_free (form->service_id);
  g_free (form->provider_id);
  g_free (form->notes);
  g_free (form);
}

static GtkWidget *
new_list_combo (const char *title,
                GPtrArray  *names,
                guint       selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (model, names->pdata[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

/* A whole number typed in a field: 0 when empty; FALSE when not a number. */
static gboolean
read_count (AxFormDialog *dialog,
            const char   *key,
            const char   *title,
            int          *out)
{
  g_autofree char *text = ax_form_dialog_get_text (dialog, key);
  gint64 value = 0;

  if (*text == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (!ax_patient_text_parse_fixed (text, 1, &value) || value < 0 || value > G_MAXINT)
    {
      /* Translators: under a form field that needs a whole number */
      g_autofree char *message = g_strdup_printf (_("%s must be a whole number"), title);
      ax_form_dialog_set_error (dialog, key, message);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

static void
set_int_or_null (JsonObject *o,
                 const char *name,
                 int         value)
{
  if (value > 0)
    json_object_set_int_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static void
set_text_or_null (JsonObject *o,
                  const char *name,
                  const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static void
plan_submit_cb (AxFormDialog        *dialog,
                AxPatientRecordView *self)
{
  PlanForm *form = g_object_get_data (G_OBJECT (dialog), "plan-form");
  guint service = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog,
                                                                                     "service_id")));
  guint provider = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog,
                                                                                      "provider_id")));
  const char *service_id = service < form->service_ids->len ? form->service_ids->pdata[service]
                                                            : NULL;
  const char *provider_id = provider > 0 && provider - 1 < form->provider_ids->len
                              ? form->provider_ids->pdata[provider - 1] : NULL;
  g_autofree char *notes = ax_form_dialog_get_text (dialog, "notes");
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  int sessions, interval;

  ax_form_dialog_clear_errors (dialog);
  if (!read_count (dialog, "sessions", _("Sessions"), &sessions)
      || !read_count (dialog, "interval_weeks", _("Every (weeks)"), &interval))
    return;

  if (form->plan_id == NULL)
    {
      json_object_set_string_member (args, "patient_id", form->patient_id);
      if (service_id != NULL)
        json_object_set_string_member (args, "service_id", service_id);
      if (provider_id != NULL)
        json_object_set_string_member (args, "provider_id", provider_id);
      if (sessions > 0)
        json_object_set_int_member (args, "sessions", sessions);
      if (interval > 0)
        json_object_set_int_member (args, "interval_weeks", interval);
      if (*notes != '\0')
        json_object_set_string_member (args, "notes", notes);
      result = ax_patient_record_view_mutate (self, "treatment_plan.create", args, &error);
    }
  else
    {
      /* Only what changed, each with what it was. */
      JsonObject *set = json_object_new ();
      JsonObject *from = json_object_new ();

      json_object_set_string_member (args, "id", form->plan_id);
      if (g_strcmp0 (service_id, form->service_id) != 0)
        {
          set_text_or_null (set, "service_id", service_id);
          set_text_or_null (from, "service_id", form->service_id);
        }
      if (g_strcmp0 (provider_id, form->provider_id) != 0)
        {
          set_text_or_null (set, "provider_id", provider_id);
          set_text_or_null (from, "provider_id", form->provider_id);
        }
      if (sessions != form->sessions)
        {
          set_int_or_null (set, "sessions", sessions);
          set_int_or_null (from, "sessions", form->sessions);
        }
      if (interval != form->interval_weeks)
        {
          set_int_or_null (set, "interval_weeks", interval);
          set_int_or_null (from, "interval_weeks", form->interval_weeks);
        }
      if (g_strcmp0 (notes, form->notes ? form->notes : "") != 0)
        {
          set_text_or_null (set, "notes", notes);
          set_text_or_null (from, "notes", form->notes);
        }
      if (json_object_get_size (set) == 0)
        {
          json_object_unref (set);
          json_object_unref (from);
          gtk_window_destroy (GTK_WINDOW (dialog));
          return;
        }
      json_object_set_object_member (args, "set", set);
      json_object_set_object_member (args, "from", from);
      result = ax_patient_record_view_mutate (self, "treatment_plan.update", args, &error);
    }
  if (result == NULL)
    {
      if (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE))
        {
          gtk_window_destroy (GTK_WINDOW (dialog));
          ax_patient_record_view_toast_error (self, error);
          return;
        }
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, form->plan_id ? _("Plan changed") : _("Plan added"));
}

static void
open_plan_form (AxPatientRecordView *self,
                const AxRecordPlan  *plan)
{
  AxDb *db = ax_store_get_db (ax_context_get_store (self->context));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) services = ax_calendar_list_services (db, &error);
  g_autoptr (GPtrArray) providers = services ? ax_schedule_list_providers (db, &error) : NULL;
  g_autoptr (GPtrArray) service_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) provider_names = g_ptr_array_new ();
  g_autofree char *name = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *interval = NULL;
  PlanForm *form;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  guint service_at = 0, provider_at = 0;

  if (self->record == NULL)
    return;
  if (providers == NULL)
    {
      ax_patient_record_view_toast_error (self, error);
      return;
    }

  form = g_new0 (PlanForm, 1);
  form->patient_id = g_strdup (self->record->id);
  form->service_ids = g_ptr_array_new_with_free_func (g_free);
  form->provider_ids = g_ptr_array_new_with_free_func (g_free);
  if (plan != NULL)
    {
      form->plan_id = g_strdup (plan->id);
      form->service_id = g_strdup (plan->service_id);
      form->provider_id = g_strdup (plan->provider_id);
      form->sessions = plan->sessions;
      form->interval_weeks = plan->interval_weeks;
      form->notes = g_strdup (plan->notes);
    }
  for (guint i = 0; i < services->len; i++)
    {
      const AxServiceInfo *s = services->pdata[i];

      g_ptr_array_add (service_names, s->name);
      g_ptr_array_add (form->service_ids, g_strdup (s->id));
      if (g_strcmp0 (s->id, form->service_id) == 0)
        service_at = i;
    }
  g_ptr_array_add (provider_names, _("No provider"));
  for (guint i = 0; i < providers->len; i++)
    {
      const AxResource *p = providers->pdata[i];

      g_ptr_array_add (provider_names, p->name);
      g_ptr_array_add (form->provider_ids, g_strdup (p->id));
      if (g_strcmp0 (p->id, form->provider_id) == 0)
        provider_at = i + 1;
    }

  name = ax_patient_text_name (self->record->first_name, self->record->last_name);
  dialog = ax_form_dialog_new (GTK_WIDGET (self), plan ? _("Edit Treatment Plan")
                                                       : _("New Treatment Plan"),
                               plan ? _("_Save") : _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 520);
  group = ax_form_dialog_add_group (dialog, name, _("A course of sessions of one service."));
  ax_form_dialog_add_field (dialog, group, "service_id", _("Service"),
                            new_list_combo (_("Service"), service_names, service_at));
  ax_form_dialog_add_field (dialog, group, "provider_id", _("Provider"),
                            new_list_combo (_("Provider"), provider_names, provider_at));
  sessions = form->sessions > 0 ? g_strdup_printf ("%d", form->sessions) : NULL;
  interval = form->interval_weeks > 0 ? g_strdup_printf ("%d", form->interval_weeks) : NULL;
  g_object_set (ax_form_dialog_add_entry (dialog, group, "sessions", _("Sessions"), sessions),
                "input-purpose", GTK_INPUT_PURPOSE_DIGITS, NULL);
  g_object_set (ax_form_dialog_add_entry (dialog, group, "interval_weeks", _("Every (weeks)"),
                                          interval),
                "input-purpose", GTK_INPUT_PURPOSE_DIGITS, NULL);
  ax_form_dialog_add_entry (dialog, group, "notes", _("Notes"), form->notes);
  g_object_set_data_full (G_OBJECT (dialog), "plan-form", form, (GDestroyNotify) plan_form_free);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (plan_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_plan_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_plan_form (AX_PATIENT_RECORD_VIEW (widget), NULL);
}

static void
edit_plan_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordPlan *plan = find_plan (self, g_variant_get_string (parameter, NULL));

  if (plan != NULL)
    open_plan_form (self, plan);
}

static void
set_plan_status (AxPatientRecordView *self,
                 const char          *id,
                 const char          *status)
{
  const AxRecordPlan *plan = find_plan (self, id);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (plan == NULL)
    return;
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "status", status);
  json_object_set_string_member (args, "from", plan->status);
  result = ax_patient_record_view_mutate (self, "treatment_plan.set_status", args, &error);
  if (result == NULL)
    ax_patient_record_view_toast_error (self, error);
  else
    ax_patient_record_view_toast (self, g_str_equal (status, "completed") ? _("Plan completed")
                                                                          : _("Plan stopped"));
}

static void
complete_plan_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_plan_status (AX_PATIENT_RECORD_VIEW (widget), g_variant_get_string (parameter, NULL),
                   "completed");
}

static void
stop_plan_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  set_plan_status (AX_PATIENT_RECORD_VIEW (widget), g_variant_get_string (parameter, NULL),
                   "stopped");
}

/* The vitals history */

static GtkWidget *
history_row (const AxVitalsReading *v,
             GTimeZone             *tz,
             gint64                 now_ms)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *when = ax_patient_text_when (v->recorded_ms, now_ms, tz);
  g_autofree char *values = NULL;
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (v->pulse_bpm > 0)
    g_ptr_array_add (parts, ax_patient_text_pulse (v->pulse_bpm));
  if (v->bp_systolic > 0)
    g_ptr_array_add (parts, ax_patient_text_pressure (v->bp_systolic, v->bp_diastolic));
  if (v->temp_dc > 0)
    g_ptr_array_add (parts, ax_patient_text_temperature (v->temp_dc));
  if (v->weight_g > 0)
    g_ptr_array_add (parts, ax_patient_text_weight (v->weight_g));
  if (v->height_mm > 0)
    g_ptr_array_add (parts, ax_patient_text_height (v->height_mm));
  g_ptr_array_add (parts, NULL);
  values = g_strjoinv (" · ", (char **) parts->pdata);
  title = *v->recorder_name ? g_strdup_printf ("%s · %s", when, v->recorder_name)
                            : g_strdup (when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), values);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  values, -1);
  return row;
}

static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GtkWidget) window = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) readings = ax_patient_vitals_history_finish (AX_STORE (source), result,
                                                                     &error);
  GTimeZone *tz = ax_store_get_timezone (AX_STORE (source));
  gint64 now_ms = ax_store_now_ms (AX_STORE (source));
  GtkListBox *list = ax_record_history_loaded (window, error, readings ? readings->len : 0,
                                               _("Cannot Read the Vitals"),
                                               _("No Vitals Recorded Yet"));

  if (list == NULL)
    return;
  for (guint i = 0; i < readings->len; i++)
    gtk_list_box_append (list, history_row (readings->pdata[i], tz, now_ms));
  ax_record_history_show_list (window);
}

static void
vitals_history_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  GCancellable *cancellable;
  GtkWidget *window;

  if (self->record == NULL)
    return;
  name = ax_patient_text_name (self->record->first_name, self->record->last_name);
  /* Translators: the vitals history window: "Vitals of Anong Srisuk" */
  title = g_strdup_printf (_("Vitals of %s"), name);
  window = ax_record_history_new (widget, title, NULL, _("Loading the vitals"), _("Vitals history"),
                                  520, &cancellable);
  ax_patient_vitals_history_async (ax_context_get_store (self->context), self->record->id,
                                   cancellable, history_loaded_cb, g_object_ref (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Addenda */

static void
addendum_submit_cb (AxFormDialog        *dialog,
                    AxPatientRecordView *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "body");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  ax_form_dialog_clear_errors (dialog);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  json_object_set_string_member (args, "patient_id", g_object_get_data (G_OBJECT (dialog),
                                                                        "patient-id"));
  json_object_set_string_member (args, "kind", g_object_get_data (G_OBJECT (dialog), "kind"));
  json_object_set_string_member (args, "body", body);
  json_object_set_string_member (args, "addendum_of", g_object_get_data (G_OBJECT (dialog),
                                                                         "note-id"));
  result = ax_patient_record_view_mutate (self, "medical_note.add", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, _("Addendum added"));
}

static void
add_addendum_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordNote *note = find_note (self, g_variant_get_string (parameter, NULL));
  AxStore *store = ax_context_get_store (self->context);
  g_autofree char *when = NULL;
  g_autofree char *original = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *text = gtk_text_view_new ();
  const char *kind = "note";

  if (note == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (note_kinds); i++)
    if (g_str_equal (note->kind, note_kinds[i]))
      kind = note_kinds[i];
  when = ax_patient_text_when (note->created_ms, ax_store_now_ms (store),
                               ax_store_get_timezone (store));
  /* Translators: the note an addendum adds to: "Medication · 3 Mar 2026 10:30: Warfarin" */
  original = g_strdup_printf (_("%s · %s: %s"), ax_patient_text_note_kind (note->kind), when,
                              note->body);
  dialog = ax_form_dialog_new (widget, _("Add Addendum"), _("_Add"));
  group = ax_form_dialog_add_group (dialog, _("Adds to"), original);
  group = ax_form_dialog_add_group (dialog, _("Addendum"),
                                    _("Notes are never changed; an addendum is kept beside the "
                                      "note it adds to."));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (text), FALSE);
  gtk_widget_add_css_class (text, "note-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Addendum text"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), text);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 140);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  adw_preferences_group_add (group, frame);
  g_object_set_data (G_OBJECT (dialog), "body", text);
  g_object_set_data (G_OBJECT (dialog), "kind", (gpointer) kind);
  g_object_set_data_full (G_OBJECT (dialog), "patient-id", g_strdup (self->record->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "note-id", g_strdup (note->id), g_free);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (addendum_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (text);
}

/* Shared with ax-patient-record-view.c */

void
ax_patient_record_view_install_plan_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "record.new-plan", NULL, new_plan_cb);
  gtk_widget_class_install_action (widget_class, "record.edit-plan", "s", edit_plan_cb);
  gtk_widget_class_install_action (widget_class, "record.complete-plan", "s", complete_plan_cb);
  gtk_widget_class_install_action (widget_class, "record.stop-plan", "s", stop_plan_cb);
  gtk_widget_class_install_action (widget_class, "record.vitals-history", NULL, vitals_history_cb);
  gtk_widget_class_install_action (widget_class, "record.add-addendum", "s", add_addendum_cb);
}

void
ax_patient_record_view_update_plan_actions (AxPatientRecordView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean loaded = self->record != NULL;
  gboolean clinical = loaded && ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);

  gtk_widget_action_set_enabled (widget, "record.new-plan", clinical);
  gtk_widget_action_set_enabled (widget, "record.edit-plan", clinical);
  gtk_widget_action_set_enabled (widget, "record.complete-plan", clinical);
  gtk_widget_action_set_enabled (widget, "record.stop-plan", clinical);
  gtk_widget_action_set_enabled (widget, "record.vitals-history", loaded);
  gtk_widget_action_set_enabled (widget, "record.add-addendum", clinical);
}
