/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-patient-form.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ax-model-error.h"
#include "ax-patient-search.h"
#include "ax-patient-text.h"

/* The fields a person types, by the patient.create / patient.update key. */
typedef struct
{
  const char *key;
  const char *title;   /* N_() */
  gboolean    create_only;
} TextField;

static const TextField name_fields[] = {
  { "first_name", N_("First name") },
  { "last_name", N_("Last name") },
  { "nickname", N_("Nickname") },
};

static const TextField contact_fields[] = {
  { "phone", N_("Phone") },
  { "email", N_("E-mail") },
  { "line_id", N_("LINE ID") },
  { "address", N_("Address") },
};

/* The sex combo's choices, in order; index 0 is "not recorded". */
static const char *const sexes[] = { NULL, "female", "male", "other", "unknown" };

typedef struct
{
  AxFormDialog      *dialog;     /* not a reference: the state lives on it */
  AxContext         *context;
  AxPatientRecord   *record;     /* NULL for a new patient */
  char              *phone;      /* the values editable in the form (revealed) */
  char              *national_id;
  GWeakRef           owner;
  AxPatientFormDone  done;
  GCancellable      *cancellable;
  GPtrArray         *similar;    /* AxPatientHit of the last check */
} PatientForm;

static void
patient_form_free (PatientForm *form)
{
  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  g_clear_object (&form->context);
  g_clear_pointer (&form->record, ax_patient_record_unref);
  g_free (form->phone);
  g_free (form->national_id);
  g_weak_ref_clear (&form->owner);
  g_clear_pointer (&form->similar, g_ptr_array_unref);
  g_free (form);
}

/* Helpers */

static void
finish (PatientForm         *form,
        AxPatientFormResult  result,
        const char          *patient_id,
        const char          *message)
{
  g_autoptr (GObject) owner = g_weak_ref_get (&form->owner);
  AxFormDialog *dialog = form->dialog;

  if (owner != NULL && form->done != NULL)
    form->done (owner, result, patient_id, message);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static const char *
sex_of (PatientForm *form)
{
  GtkWidget *row = ax_form_dialog_get_field (form->dialog, "sex");
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return i < G_N_ELEMENTS (sexes) ? sexes[i] : NULL;
}

static gboolean
marketing_of (PatientForm *form)
{
  GtkWidget *row = ax_form_dialog_get_field (form->dialog, "marketing_opt_in");
  GtkWidget *toggle = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  return gtk_switch_get_active (GTK_SWITCH (toggle));
}

static void
date_selected_cb (GtkCalendar *calendar,
                  GtkWidget   *entry)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_shown_cb (GtkPopover  *popover,
                   GtkCalendar *calendar)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (calendar), "entry");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr (GDateTime) date = NULL;

  if (ax_patient_text_is_date (text))
    {
      int y, m, d;

      if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
        date = g_date_time_new_local (y, m, d, 12, 0, 0);
    }
  else
    {
      /* Most patients are adults: open thirty years back. */
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      date = g_date_time_add_years (now, -30);
    }
  if (date != NULL)
    gtk_calendar_select_day (calendar, date);
}

static GtkWidget *
add_birth_date (PatientForm         *form,
                AdwPreferencesGroup *group,
                const char          *value)
{
  GtkWidget *entry = ax_form_dialog_add_entry (form->dialog, group, "birth_date",
                                               _("Date of birth"), value);
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *button = gtk_menu_button_new ();

  /* Translators: the hint of the date of birth field: the format it takes */
  gtk_widget_set_tooltip_text (entry, _("Year-month-day, like 1990-04-25"));
  g_object_set_data (G_OBJECT (calendar), "entry", entry);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (date_selected_cb), entry, 0);
  g_signal_connect_object (popover, "show", G_CALLBACK (calendar_shown_cb), calendar, 0);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose the date on a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the date of birth"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), button);
  return entry;
}

static void
add_sex (PatientForm         *form,
         AdwPreferencesGroup *group,
         const char          *value)
{
  const char *names[G_N_ELEMENTS (sexes) + 1] = { _("Not recorded") };
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = NULL;

  for (gsize i = 1; i < G_N_ELEMENTS (sexes); i++)
    names[i] = ax_patient_text_sex (sexes[i]);
  model = gtk_string_list_new (names);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Sex"));
  for (gsize i = 1; i < G_N_ELEMENTS (sexes); i++)
    if (g_strcmp0 (value, sexes[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) i);
  ax_form_dialog_add_field (form->dialog, group, "sex", _("Sex"), row);
}

static void
add_marketing (PatientForm         *form,
               AdwPreferencesGroup *group,
               gboolean             value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Marketing messages"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The patient agrees to receive offers and news"));
  gtk_switch_set_active (GTK_SWITCH (toggle), value);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  ax_form_dialog_add_field (form->dialog, group, "marketing_opt_in", _("Marketing messages"), row);
}

/* A masked number the form may not change (it is not known here). */
static void
add_masked (AdwPreferencesGroup *group,
            const char          *title,
            const char          *masked)
{
  GtkWidget *row = adw_action_row_new ();
  /* Translators: under a masked phone or national id in the edit form */
  g_autofree char *subtitle = g_strdup_printf (_("%s — reveal it in the record to change it"),
                                               masked);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
build (PatientForm *form)
{
  const AxPatientRecord *r = form->record;
  AdwPreferencesGroup *group;

  group = ax_form_dialog_add_group (form->dialog, _("Name"), NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (name_fields); i++)
    {
      const char *key = name_fields[i].key;
      const char *value = r == NULL ? NULL
                          : g_str_equal (key, "first_name") ? r->first_name
                          : g_str_equal (key, "last_name") ? r->last_name : r->nickname;
      ax_form_dialog_add_entry (form->dialog, group, key, _(name_fields[i].title), value);
    }

  group = ax_form_dialog_add_group (form->dialog, _("Personal"), NULL);
  add_birth_date (form, group, r ? r->birth_date : NULL);
  add_sex (form, group, r ? r->sex : NULL);
  if (r != NULL && r->national_id_masked && form->national_id == NULL)
    add_masked (group, _("National ID or passport"), r->national_id);
  else
    ax_form_dialog_add_entry (form->dialog, group, "national_id", _("National ID or passport"),
                              form->national_id);

  group = ax_form_dialog_add_group (form->dialog, _("Contact"), NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      const char *key = contact_fields[i].key;
      const char *value = NULL;
      GtkWidget *entry;

      if (g_str_equal (key, "phone"))
        {
          if (r != NULL && r->phone_masked && form->phone == NULL)
            {
              add_masked (group, _("Phone"), r->phone);
              continue;
            }
          value = form->phone;
        }
      else if (r != NULL)
        value = g_str_equal (key, "email") ? r->email
                : g_str_equal (key, "line_id") ? r->line_id : r->address;
      entry = ax_form_dialog_add_entry (form->dialog, group, key, _(contact_fields[i].title), value);
      if (g_str_equal (key, "phone"))
        g_object_set (entry, "input-purpose", GTK_INPUT_PURPOSE_PHONE, NULL);
      else if (g_str_equal (key, "email"))
        g_object_set (entry, "input-purpose", GTK_INPUT_PURPOSE_EMAIL, NULL);
    }

  group = ax_form_dialog_add_group (form->dialog, _("At the Clinic"), NULL);
  if (r == NULL)
    {
      ax_form_dialog_add_entry (form->dialog, group, "allergies",
                                _("Allergies, separated by commas"), NULL);
      ax_form_dialog_add_entry (form->dialog, group, "tags", _("Tags, separated by commas"), NULL);
    }
  ax_form_dialog_add_entry (form->dialog, group, "notes", _("Notes"), r ? r->notes : NULL);
  add_marketing (form, group, r ? r->marketing_opt_in : FALSE);
}

/* What the form holds for key, trimmed; NULL when empty. */
static char *
value_of (PatientForm *form,
          const char  *key)
{
  g_autofree char *text = ax_form_dialog_get_text (form->dialog, key);

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* Checks the model would make anyway, made before the look-alike check so
 * that it is not asked about a form that cannot be saved. */
static gboolean
check_locally (PatientForm *form)
{
  g_autofree char *first = value_of (form, "first_name");
  g_autofree char *birth = value_of (form, "birth_date");

  if (first == NULL)
    {
      ax_form_dialog_set_error (form->dialog, "first_name", _("Type the patient's first name"));
      return FALSE;
    }
  if (birth != NULL && !ax_patient_text_is_date (birth))
    {
      ax_form_dialog_set_error (form->dialog, "birth_date",
                                _("Type the date of birth as year-month-day, like 1990-04-25, "
                                  "or choose it on the calendar"));
      return FALSE;
    }
  return TRUE;
}

static AxActor *
actor_of (PatientForm *form)
{
  return ax_context_get_actor (form->context);
}

/* Creating */

static void
create (PatientForm *form)
{
  static const char *const keys[] = {
    "first_name", "last_name", "nickname", "birth_date", "national_id", "phone", "email",
    "line_id", "address", "notes",
  };
  AxStore *store = ax_context_get_store (form->context);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *allergies_text = ax_form_dialog_get_text (form->dialog, "allergies");
  g_autofree char *tags_text = ax_form_dialog_get_text (form->dialog, "tags");
  g_auto (GStrv) allergies = ax_patient_text_split_list (allergies_text);
  g_auto (GStrv) tags = ax_patient_text_split_list (tags_text);
  g_autofree char *id = NULL;
  const char *sex = sex_of (form);

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = value_of (form, keys[i]);

      if (value != NULL)
        json_object_set_string_member (args, keys[i], value);
    }
  if (sex != NULL)
    json_object_set_string_member (args, "sex", sex);
  if (marketing_of (form))
    json_object_set_boolean_member (args, "marketing_opt_in", TRUE);
  if (allergies[0] != NULL)
    {
      JsonArray *list = json_array_new ();

      for (guint i = 0; allergies[i] != NULL; i++)
        json_array_add_string_element (list, allergies[i]);
      json_object_set_array_member (args, "allergies", list);
    }

  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (store, actor_of (form), "patient.create", node, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (form->dialog, error);
      return;
    }
  id = g_strdup (json_object_get_string_member (json_node_get_object (result), "id"));

  if (tags[0] != NULL)
    {
      g_autoptr (JsonObject) tag_args = json_object_new ();
      g_autoptr (JsonNode) tag_node = NULL;
      g_autoptr (JsonNode) tag_result = NULL;
      JsonArray *list = json_array_new ();

      json_object_set_string_member (tag_args, "patient_id", id);
      for (guint i = 0; tags[i] != NULL; i++)
        json_array_add_string_element (list, tags[i]);
      json_object_set_array_member (tag_args, "tags", list);
      tag_node = json_node_init_object (json_node_alloc (), tag_args);
      tag_result = ax_store_mutate (store, actor_of (form), "tag.set", tag_node, &error);
      if (tag_result == NULL)
        {
          g_autofree char *why = ax_form_error_text (error->message);
          /* Translators: the patient was created, its tags were refused */
          g_autofree char *message = g_strdup_printf (_("The patient was created, but not the "
                                                        "tags: %s"), why);
          finish (form, AX_PATIENT_FORM_SAVED, id, message);
          return;
        }
    }
  finish (form, AX_PATIENT_FORM_SAVED, id, NULL);
}

static GtkWidget *
new_similar_list (PatientForm *form)
{
  AxStore *store = ax_context_get_store (form->context);
  gboolean unmasked = ax_context_can (form->context, AX_PERM_PATIENT_UNMASKED);
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Existing patients"), -1);
  for (guint i = 0; i < form->similar->len; i++)
    {
      const AxPatientHit *hit = form->similar->pdata[i];
      g_autofree char *name = ax_patient_text_name (hit->first_name, hit->last_name);
      g_autofree char *line = ax_patient_text_hit (hit, unmasked, ax_store_now_ms (store),
                                                   ax_store_get_timezone (store));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      line, -1);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  return list;
}

static void
similar_response_cb (AdwMessageDialog *message,
                     const char       *response,
                     AxFormDialog     *dialog)
{
  PatientForm *form = g_object_get_data (G_OBJECT (dialog), "ax-patient-form");
  GtkListBox *list = GTK_LIST_BOX (adw_message_dialog_get_extra_child (message));
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);

  if (form == NULL)
    return;
  if (g_str_equal (response, "create"))
    create (form);
  else if (g_str_equal (response, "open"))
    {
      int i = row != NULL ? gtk_list_box_row_get_index (row) : 0;
      const AxPatientHit *hit = form->similar->pdata[CLAMP (i, 0, (int) form->similar->len - 1)];
      g_autofree char *id = g_strdup (hit->id);

      finish (form, AX_PATIENT_FORM_OPEN_EXISTING, id, NULL);
    }
}

static void
ask_about_similar (PatientForm *form)
{
  GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (form->dialog),
                                               _("This looks like an existing patient"), NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (message),
                               ngettext ("A patient with the same phone number, or the same name "
                                         "and date of birth, is already registered. Open that "
                                         "record instead of making a second one?",
                                         "Patients with the same phone number, or the same name "
                                         "and date of birth, are already registered. Open one of "
                                         "them instead of making another record?",
                                         form->similar->len));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message), new_similar_list (form));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message),
                                    "back", _("_Back"),
                                    "create", _("Create _Anyway"),
                                    "open", _("_Open Existing"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message), "back");
  /* Its answer may close the form: it must not take this dialog with it
   * while it is still answering. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (message), FALSE);
  g_signal_connect_object (message, "response", G_CALLBACK (similar_response_cb), form->dialog, 0);
  gtk_window_present (GTK_WINDOW (message));
}

static void
similar_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) similar = ax_patients_find_similar_finish (AX_STORE (source), result,
                                                                   &error);
  PatientForm *form = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the form is gone */
  ax_form_dialog_set_busy (form->dialog, FALSE);
  g_clear_object (&form->cancellable);
  if (similar == NULL)
    {
      ax_form_dialog_show_error (form->dialog, error);
      return;
    }
  g_clear_pointer (&form->similar, g_ptr_array_unref);
  form->similar = g_steal_pointer (&similar);
  if (form->similar->len > 0)
    ask_about_similar (form);
  else
    create (form);
}

/* Editing */

static const char *
old_text (const AxPatientRecord *r,
          PatientForm           *form,
          const char            *key)
{
  if (g_str_equal (key, "first_name")) return r->first_name;
  if (g_str_equal (key, "last_name")) return r->last_name;
  if (g_str_equal (key, "nickname")) return r->nickname;
  if (g_str_equal (key, "birth_date")) return r->birth_date;
  if (g_str_equal (key, "national_id")) return form->national_id;
  if (g_str_equal (key, "phone")) return form->phone;
  if (g_str_equal (key, "email")) return r->email;
  if (g_str_equal (key, "line_id")) return r->line_id;
  if (g_str_equal (key, "address")) return r->address;
  if (g_str_equal (key, "notes")) return r->notes;
  return NULL;
}

static void
set_text_change (JsonObject *set,
                 JsonObject *from,
                 const char *key,
                 const char *old_value,
                 const char *new_value)
{
  if (new_value != NULL)
    json_object_set_string_member (set, key, new_value);
  else
    json_object_set_null_member (set, key);
  if (old_value != NULL && *old_value != '\0')
    json_object_set_string_member (from, key, old_value);
  else
    json_object_set_null_member (from, key);
}

static void
update (PatientForm *form)
{
  static const char *const keys[] = {
    "first_name", "last_name", "nickname", "birth_date", "national_id", "phone", "email",
    "line_id", "address", "notes",
  };
  const AxPatientRecord *r = form->record;
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) from = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *sex = sex_of (form);

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = NULL;
      const char *old;

      if (ax_form_dialog_get_field (form->dialog, keys[i]) == NULL)
        continue;   /* a masked number, not editable here */
      value = value_of (form, keys[i]);
      old = old_text (r, form, keys[i]);
      if (g_strcmp0 (value, old != NULL && *old != '\0' ? old : NULL) != 0)
        set_text_change (set, from, keys[i], old, value);
    }
  if (g_strcmp0 (sex, r->sex) != 0)
    set_text_change (set, from, "sex", r->sex, sex);
  if (marketing_of (form) != r->marketing_opt_in)
    {
      json_object_set_boolean_member (set, "marketing_opt_in", marketing_of (form));
      json_object_set_boolean_member (from, "marketing_opt_in", r->marketing_opt_in);
    }
  if (json_object_get_size (set) == 0)
    {
      gtk_window_destroy (GTK_WINDOW (form->dialog));   /* nothing changed */
      return;
    }

  json_object_set_string_member (args, "id", r->id);
  json_object_set_object_member (args, "set", json_object_ref (set));
  json_object_set_object_member (args, "from", json_object_ref (from));
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (form->context), actor_of (form),
                            "patient.update", node, &error);
  if (result != NULL)
    finish (form, AX_PATIENT_FORM_SAVED, r->id, NULL);
  else if (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE))
    {
      g_autofree char *name = ax_patient_text_name (r->first_name, r->last_name);
      g_autofree char *id = g_strdup (r->id);
      /* Translators: a stale edit; %s is the patient's name */
      g_autofree char *message = g_strdup_printf (_("%s was changed on another desk while you "
                                                    "were editing, so nothing was saved. The "
                                                    "record has been reloaded: make your change "
                                                    "again."), name);
      finish (form, AX_PATIENT_FORM_STALE, id, message);
    }
  else
    ax_form_dialog_show_error (form->dialog, error);
}

/* Callbacks */

static void
submit_cb (AxFormDialog *dialog,
           PatientForm  *form)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *phone = NULL;

  ax_form_dialog_clear_errors (dialog);
  if (!check_locally (form))
    return;
  if (form->record != NULL)
    {
      update (form);
      return;
    }

  first = value_of (form, "first_name");
  last = value_of (form, "last_name");
  birth = value_of (form, "birth_date");
  phone = value_of (form, "phone");
  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  form->cancellable = g_cancellable_new ();
  ax_form_dialog_set_busy (dialog, TRUE);
  ax_patients_find_similar_async (ax_context_get_store (form->context), first, last, birth,
                                  phone, form->cancellable, similar_done_cb, form);
}

static AxFormDialog *
present (GtkWidget         *parent,
         AxContext         *context,
         AxPatientRecord   *record,
         const char        *phone,
         const char        *national_id,
         GObject           *owner,
         AxPatientFormDone  done)
{
  PatientForm *form = g_new0 (PatientForm, 1);

  form->dialog = ax_form_dialog_new (parent, record ? _("Edit Patient") : _("New Patient"),
                                     record ? _("_Save") : _("C_reate"));
  form->context = g_object_ref (context);
  form->record = record ? ax_patient_record_ref (record) : NULL;
  form->phone = g_strdup (phone);
  form->national_id = g_strdup (national_id);
  g_weak_ref_init (&form->owner, owner);
  form->done = done;
  g_object_set_data_full (G_OBJECT (form->dialog), "ax-patient-form", form,
                          (GDestroyNotify) patient_form_free);
  build (form);
  g_signal_connect (form->dialog, "submit", G_CALLBACK (submit_cb), form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (form->dialog, "first_name"));
  return form->dialog;
}

/* Public API */

AxFormDialog *
ax_patient_form_new_patient (GtkWidget         *parent,
                             AxContext         *context,
                             GObject           *owner,
                             AxPatientFormDone  done)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return present (parent, context, NULL, NULL, NULL, owner, done);
}

AxFormDialog *
ax_patient_form_edit (GtkWidget         *parent,
                      AxContext         *context,
                      AxPatientRecord   *record,
                      const char        *revealed_phone,
                      const char        *revealed_national_id,
                      GObject           *owner,
                      AxPatientFormDone  done)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  /* A number the role sees in full is editable as it is. */
  return present (parent, context, record,
                  record->phone_masked ? revealed_phone : record->phone,
                  record->national_id_masked ? revealed_national_id : record->national_id,
                  owner, done);
}
