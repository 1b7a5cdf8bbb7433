/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The record overview's changes: reveal a masked number, edit the
 * demographics, record vitals, add and remove allergies, add medical notes,
 * set tags. Each runs one mutator; a refusal is shown where it was made
 * (under the field of a form, or as a toast). */

#include "ax-patient-record-view-private.h"

#include <glib/gi18n.h>

#include "ax-model-error.h"
#include "ax-patient-form.h"
#include "ax-patient-text.h"
#include "widgets/ax-form-dialog.h"

static const char *const severities[] = { "mild", "moderate", "severe" };
static const char *const note_kinds[] = { "note", "condition", "medication", "history" };

/* Helpers */

static char *
patient_name (AxPatientRecordView *self)
{
  return ax_patient_text_name (self->record->first_name, self->record->last_name);
}

/* A dialog acts on the patient it was opened for, whatever is shown when
 * it is answered. */
static void
set_patient (AxPatientRecordView *self,
             gpointer             dialog)
{
  g_object_set_data_full (G_OBJECT (dialog), "patient-id", g_strdup (self->record->id), g_free);
}

static const char *
patient_of (gpointer dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "patient-id");
}

static GtkWidget *
new_combo (const char        *title,
           const char *const *names,
           guint              selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (names);

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

/* Reveal */

static void
reveal_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    AxPatientRecordView *self)
{
  const char *field = g_object_get_data (G_OBJECT (dialog), "field");
  GtkListBox *list = GTK_LIST_BOX (adw_message_dialog_get_extra_child (dialog));
  GtkWidget *entry = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *value;

  if (!g_str_equal (response, "reveal") || *reason == '\0')
    return;
  json_object_set_string_member (args, "id", patient_of (dialog));
  json_object_set_string_member (args, "field", field);
  json_object_set_string_member (args, "reason", reason);
  result = ax_patient_record_view_mutate (self, "patient.reveal", args, &error);
  if (result == NULL)
    {
      ax_patient_record_view_toast_error (self, error);
      return;
    }
  value = json_object_get_string_member_with_default (json_node_get_object (result), "value", "");
  /* Shown only in this patient's view. */
  if (g_strcmp0 (self->patient_id, patient_of (dialog)) != 0)
    return;
  if (g_str_equal (field, "phone"))
    {
      g_free (self->revealed_phone);
      self->revealed_phone = g_strdup (value);
    }
  else
    {
      g_free (self->revealed_national_id);
      self->revealed_national_id = g_strdup (value);
    }
  if (self->record != NULL)
    ax_patient_record_view_fill (self);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reveal", *reason != '\0');
}

static void
reason_activated_cb (AdwEntryRow      *entry,
                     AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "reveal"))
    {
      adw_message_dialog_response (dialog, "reveal");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
reveal_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const char *field = g_variant_get_string (parameter, NULL);
  gboolean phone = g_str_equal (field, "phone");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  if (self->record == NULL || (!g_str_equal (field, "phone") && !g_str_equal (field, "national_id")))
    return;
  name = patient_name (self);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   phone ? _("Reveal Phone Number") : _("Reveal National ID"),
                                   NULL);
  /* Translators: the reveal dialog's text; %s is the patient's name */
  body = g_strdup_printf (_("The number of %s is masked for your role. Say why you need to see "
                            "it: the reason and your name are written to the audit log."), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reveal", _("_Reveal"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reveal",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "field", g_strdup (field), g_free);
  set_patient (self, dialog);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "entry-activated", G_CALLBACK (reason_activated_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reveal_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Edit */

static void
edit_done_cb (GObject             *owner,
              AxPatientFormResult  result,
              const char          *patient_id,
              const char          *message)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (owner);

  if (result == AX_PATIENT_FORM_STALE)
    {
      ax_patient_record_view_reload (self);
      ax_patient_record_view_toast (self, message);
    }
  else if (result == AX_PATIENT_FORM_SAVED)
    ax_patient_record_view_toast (self, message ? message : _("Details saved"));
}

static void
edit_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);

  if (self->record == NULL)
    return;
  ax_patient_form_edit (widget, self->context, self->record, self->revealed_phone,
                        self->revealed_national_id, G_OBJECT (self), edit_done_cb);
}

/* Vitals */

typedef struct
{
  const char *key;
  const char *title;   /* N_() */
  int         scale;   /* the stored unit in 1/scale of the typed one */
  const char *example;
} VitalField;

static const VitalField vital_fields[] = {
  { "pulse_bpm", N_("Pulse (beats a minute)"), 1, "72" },
  { "bp_systolic", N_("Blood pressure, systolic (mmHg)"), 1, "120" },
  { "bp_diastolic", N_("Blood pressure, diastolic (mmHg)"), 1, "80" },
  { "temp_dc", N_("Temperature (°C)"), 10, "36.8" },
  { "weight_g", N_("Weight (kg)"), 1000, "58.5" },
  { "height_mm", N_("Height (cm)"), 10, "162" },
};

static void
vitals_submit_cb (AxFormDialog        *dialog,
                  AxPatientRecordView *self)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  ax_form_dialog_clear_errors (dialog);
  json_object_set_string_member (args, "patient_id", patient_of (dialog));
  for (gsize i = 0; i < G_N_ELEMENTS (vital_fields); i++)
    {
      g_autofree char *text = ax_form_dialog_get_text (dialog, vital_fields[i].key);
      gint64 value;

      if (*text == '\0')
        continue;
      if (!ax_patient_text_parse_fixed (text, vital_fields[i].scale, &value))
        {
          /* Translators: a vitals field holds something that is not a number */
          g_autofree char *message = g_strdup_printf (_("Type a number, like %s"),
                                                      vital_fields[i].example);
          ax_form_dialog_set_error (dialog, vital_fields[i].key, message);
          return;
        }
      json_object_set_int_member (args, vital_fields[i].key, value);
    }
  result = ax_patient_record_view_mutate (self, "vitals.record", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, _("Vitals recorded"));
}

static void
record_vitals_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  g_autofree char *name = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;

  if (self->record == NULL)
    return;
  name = patient_name (self);
  dialog = ax_form_dialog_new (widget, _("Record Vitals"), _("_Save"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 560);
  group = ax_form_dialog_add_group (dialog, name,
                                    _("Fill in what was measured; the rest can stay empty."));
  for (gsize i = 0; i < G_N_ELEMENTS (vital_fields); i++)
    {
      GtkWidget *entry = ax_form_dialog_add_entry (dialog, group, vital_fields[i].key,
                                                   _(vital_fields[i].title), NULL);
      g_object_set (entry, "input-purpose", GTK_INPUT_PURPOSE_NUMBER, NULL);
    }
  set_patient (self, dialog);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (vitals_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (dialog, "pulse_bpm"));
}

/* Allergies */

static void
allergy_submit_cb (AxFormDialog        *dialog,
                   AxPatientRecordView *self)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *substance = ax_form_dialog_get_text (dialog, "substance");
  g_autofree char *reaction = ax_form_dialog_get_text (dialog, "reaction");
  guint severity = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog,
                                                                                      "severity")));
  g_autofree char *message = NULL;

  ax_form_dialog_clear_errors (dialog);
  json_object_set_string_member (args, "patient_id", patient_of (dialog));
  json_object_set_string_member (args, "substance", substance);
  if (*reaction != '\0')
    json_object_set_string_member (args, "reaction", reaction);
  json_object_set_string_member (args, "severity", severities[MIN (severity, 2)]);
  result = ax_patient_record_view_mutate (self, "allergy.add", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Translators: a toast after an allergy was added */
  message = g_strdup_printf (_("Allergy to %s recorded"), substance);
  ax_patient_record_view_toast (self, message);
}

static void
add_allergy_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const char *names[] = { ax_patient_text_severity (AX_ALLERGY_MILD),
                          ax_patient_text_severity (AX_ALLERGY_MODERATE),
                          ax_patient_text_severity (AX_ALLERGY_SEVERE), NULL };
  g_autofree char *name = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;

  if (self->record == NULL)
    return;
  name = patient_name (self);
  dialog = ax_form_dialog_new (widget, _("Add Allergy"), _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 420);
  group = ax_form_dialog_add_group (dialog, name, NULL);
  ax_form_dialog_add_entry (dialog, group, "substance", _("Substance"), NULL);
  ax_form_dialog_add_entry (dialog, group, "reaction", _("Reaction"), NULL);
  ax_form_dialog_add_field (dialog, group, "severity", _("Severity"),
                            new_combo (_("Severity"), names, AX_ALLERGY_MODERATE));
  set_patient (self, dialog);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (allergy_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (dialog, "substance"));
}

static void
remove_allergy_response_cb (AdwMessageDialog    *dialog,
                            const char          *response,
                            AxPatientRecordView *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "allergy-id");
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  json_object_set_string_member (args, "id", id);
  result = ax_patient_record_view_mutate (self, "allergy.remove", args, &error);
  if (result == NULL)
    ax_patient_record_view_toast_error (self, error);
  else
    ax_patient_record_view_toast (self, _("Allergy removed"));
}

static void
remove_allergy_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const AxRecordAllergy *allergy = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; self->record != NULL && i < self->record->allergies->len; i++)
    if (g_str_equal (((AxRecordAllergy *) self->record->allergies->pdata[i])->id, id))
      allergy = self->record->allergies->pdata[i];
  if (allergy == NULL)
    return;
  name = patient_name (self);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove Allergy?"), NULL);
  /* Translators: the allergy, then the patient's name */
  body = g_strdup_printf (_("Remove the %s allergy from the record of %s? Only do this if it was "
                            "recorded by mistake."), allergy->substance, name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "allergy-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_allergy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Medical notes */

static void
note_submit_cb (AxFormDialog        *dialog,
                AxPatientRecordView *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "body");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "kind")));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  ax_form_dialog_clear_errors (dialog);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  json_object_set_string_member (args, "patient_id", patient_of (dialog));
  json_object_set_string_member (args, "kind", note_kinds[MIN (kind, 3)]);
  json_object_set_string_member (args, "body", body);
  result = ax_patient_record_view_mutate (self, "medical_note.add", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, _("Note added"));
}

static void
add_note_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const char *names[] = { ax_patient_text_note_kind ("note"), ax_patient_text_note_kind ("condition"),
                          ax_patient_text_note_kind ("medication"),
                          ax_patient_text_note_kind ("history"), NULL };
  g_autofree char *name = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *text = gtk_text_view_new ();

  if (self->record == NULL)
    return;
  name = patient_name (self);
  dialog = ax_form_dialog_new (widget, _("Add Medical Note"), _("_Add"));
  group = ax_form_dialog_add_group (dialog, name, NULL);
  ax_form_dialog_add_field (dialog, group, "kind", _("Kind"), new_combo (_("Kind"), names, 0));
  group = ax_form_dialog_add_group (dialog, _("Note"), NULL);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (text), FALSE);
  gtk_widget_add_css_class (text, "note-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note text"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), text);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  adw_preferences_group_add (group, frame);
  g_object_set_data (G_OBJECT (dialog), "body", text);
  set_patient (self, dialog);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (note_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (text);
}

/* Tags */

void
ax_patient_record_view_set_tags (AxPatientRecordView *self,
                                 const char *const   *tags)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *list = json_array_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_array_add_string_element (list, tags[i]);
  json_object_set_string_member (args, "patient_id", self->record->id);
  json_object_set_array_member (args, "tags", list);
  result = ax_patient_record_view_mutate (self, "tag.set", args, &error);
  if (result == NULL)
    ax_patient_record_view_toast_error (self, error);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
}

void
ax_patient_record_view_add_tags_cb (AxPatientRecordView *self,
                                        AdwEntryRow         *entry)
{
  g_auto (GStrv) added = ax_patient_text_split_list (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autoptr (GStrvBuilder) tags = g_strv_builder_new ();
  g_auto (GStrv) all = NULL;

  if (self->record == NULL || added[0] == NULL
      || !ax_context_can (self->context, AX_PERM_PATIENT_EDIT))
    return;
  g_strv_builder_addv (tags, (const char **) self->record->tags);
  g_strv_builder_addv (tags, (const char **) added);
  all = g_strv_builder_end (tags);
  ax_patient_record_view_set_tags (self, (const char *const *) all);
}

static void
add_tags_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);

  ax_patient_record_view_add_tags_cb (self, self->tag_entry);
}

static void
remove_tag_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const char *tag = g_variant_get_string (parameter, NULL);
  g_autoptr (GStrvBuilder) tags = g_strv_builder_new ();
  g_auto (GStrv) kept = NULL;

  if (self->record == NULL)
    return;
  for (guint i = 0; self->record->tags[i] != NULL; i++)
    if (!g_str_equal (self->record->tags[i], tag))
      g_strv_builder_add (tags, self->record->tags[i]);
  kept = g_strv_builder_end (tags);
  ax_patient_record_view_set_tags (self, (const char *const *) kept);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  ax_patient_record_view_reload (AX_PATIENT_RECORD_VIEW (widget));
}

static void
open_item_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *tab_name;
  const char *item_id;

  g_variant_get (parameter, "(&s&s)", &tab_name, &item_id);
  if (!ax_patient_record_view_open_item (AX_PATIENT_RECORD_VIEW (widget), tab_name, item_id))
    ax_patient_record_view_toast (AX_PATIENT_RECORD_VIEW (widget),
                                  _("That item is no longer in this record"));
}

/* Tabs: by name, and the next or previous one. */

static void
show_tab_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  GtkWidget *tab = adw_view_stack_get_child_by_name (self->tabs, g_variant_get_string (parameter,
                                                                                        NULL));

  if (tab != NULL)
    adw_view_stack_set_visible_child (self->tabs, tab);
}

static void
step_tab_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (self->tabs);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  int step = g_str_equal (action_name, "record.next-tab") ? 1 : -1;
  guint at = 0;

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (pages, i))
      at = i;
  gtk_selection_model_select_item (pages, (at + n + step) % n, TRUE);
}

/* Ctrl+1 the overview, Ctrl+2… the tabs after it in order, Ctrl+Page Down
 * and Ctrl+Page Up the next and previous tab. Managed by the window: they
 * work wherever the focus is while the record is on screen. */
void
ax_patient_record_view_add_tab_shortcuts (AxPatientRecordView *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (self->tabs);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < MIN (n, 9); i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkShortcutAction *action = gtk_named_action_new ("record.show-tab");
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i,
                                                                        GDK_CONTROL_MASK),
                                                action);

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (adw_view_stack_page_get_name (page)));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, GDK_CONTROL_MASK),
                      gtk_named_action_new ("record.next-tab")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, GDK_CONTROL_MASK),
                      gtk_named_action_new ("record.previous-tab")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* A chart being edited (the Charts tab) wants the room: the name and the
 * avatar go (the chart names the patient; the allergy banner stays), and the
 * page around is told too, to put its search list away. */
static void
focus_chart_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  gtk_widget_set_visible (self->identity_row, !g_variant_get_boolean (parameter));
  if (parent != NULL)
    gtk_widget_activate_action_variant (parent, "patients.focus-record", parameter);
}

void
ax_patient_record_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "record.focus-chart", "b", focus_chart_cb);
  gtk_widget_class_install_action (widget_class, "record.show-tab", "s", show_tab_cb);
  gtk_widget_class_install_action (widget_class, "record.next-tab", NULL, step_tab_cb);
  gtk_widget_class_install_action (widget_class, "record.previous-tab", NULL, step_tab_cb);
  gtk_widget_class_install_action (widget_class, "record.reload", NULL, reload_cb);
  gtk_widget_class_install_action (widget_class, "record.open-item", "(ss)", open_item_cb);
  gtk_widget_class_install_action (widget_class, "record.edit", NULL, edit_cb);
  gtk_widget_class_install_action (widget_class, "record.reveal", "s", reveal_cb);
  gtk_widget_class_install_action (widget_class, "record.record-vitals", NULL, record_vitals_cb);
  gtk_widget_class_install_action (widget_class, "record.add-allergy", NULL, add_allergy_cb);
  gtk_widget_class_install_action (widget_class, "record.remove-allergy", "s", remove_allergy_cb);
  gtk_widget_class_install_action (widget_class, "record.add-note", NULL, add_note_cb);
  gtk_widget_class_install_action (widget_class, "record.add-tags", NULL, add_tags_cb);
  gtk_widget_class_install_action (widget_class, "record.remove-tag", "s", remove_tag_cb);
}

void
ax_patient_record_view_update_actions (AxPatientRecordView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean loaded = self->record != NULL;
  gboolean can_edit = loaded && ax_context_can (self->context, AX_PERM_PATIENT_EDIT);

  gtk_widget_action_set_enabled (widget, "record.reload", self->patient_id != NULL);
  gtk_widget_action_set_enabled (widget, "record.edit", can_edit);
  gtk_widget_action_set_enabled (widget, "record.reveal",
                                 loaded && ax_context_can (self->context, AX_PERM_PATIENT_REVEAL));
  gtk_widget_action_set_enabled (widget, "record.record-vitals", can_edit);
  gtk_widget_action_set_enabled (widget, "record.add-allergy", can_edit);
  gtk_widget_action_set_enabled (widget, "record.remove-allergy", can_edit);
  gtk_widget_action_set_enabled (widget, "record.add-tags", can_edit);
  gtk_widget_action_set_enabled (widget, "record.remove-tag", can_edit);
  gtk_widget_action_set_enabled (widget, "record.add-note",
                                 loaded && ax_context_can (self->context, AX_PERM_CLINICAL_EDIT));
  ax_patient_record_view_update_plan_actions (self);
  ax_patient_record_view_update_credit_actions (self);
}
