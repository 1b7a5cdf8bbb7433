/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-conflict-edit.h"

#include <glib/gi18n.h>

#include "widgets/ax-conflicts-button.h"

typedef struct
{
  AxContext *context;
  char      *id;
  char      *field;
  char      *theirs_json;
} Edit;

static void
edit_free (gpointer  data,
           GClosure *closure)
{
  Edit *e = data;

  g_object_unref (e->context);
  g_free (e->id);
  g_free (e->field);
  g_free (e->theirs_json);
  g_free (e);
}

static void
submit_cb (AxFormDialog *dialog,
           Edit         *e)
{
  g_autofree char *text = ax_form_dialog_get_text (dialog, e->field);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *from = e->theirs_json ? json_from_string (e->theirs_json, NULL) : NULL;

  ax_form_dialog_clear_errors (dialog);
  json_object_set_string_member (args, "id", e->id);
  json_object_set_string_member (args, "keep", "edit");
  /* An emptied field is cleared (the model says when it may not be). */
  if (*text == '\0')
    json_object_set_null_member (args, "value");
  else
    json_object_set_string_member (args, "value", text);
  /* What the person saw stored: changed since, the edit is refused. */
  json_object_set_member (args, "from", from ? from : json_node_new (JSON_NODE_NULL));
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (e->context), ax_context_get_actor (e->context),
                            "conflict.resolve", node, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
value_row (const char *title,
           const char *json)
{
  g_autofree char *value = ax_conflicts_value_label (json);
  GtkWidget *row = adw_action_row_new ();

  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
  return row;
}

AxFormDialog *
ax_conflict_edit_dialog_new (GtkWidget        *parent,
                             AxContext        *context,
                             const AxConflict *conflict)
{
  g_autofree char *field = ax_conflicts_field_label (conflict->field);
  g_autofree char *title = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *heading = NULL;
  const char *subject = conflict->subject && *conflict->subject ? conflict->subject : _("A record");
  g_autoptr (JsonNode) stored = conflict->theirs_json ? json_from_string (conflict->theirs_json, NULL) : NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  GtkWidget *entry;
  Edit *e;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  /* The entry's title: "First name". */
  title = g_strdup (field);
  if (*title != '\0')
    *title = g_ascii_toupper (*title);
  if (stored != NULL && JSON_NODE_HOLDS_VALUE (stored) && json_node_get_value_type (stored) == G_TYPE_STRING)
    theirs = g_strdup (json_node_get_string (stored));

  dialog = ax_form_dialog_new (parent, _("Edit Conflict"), _("Save"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 460, -1);
  /* Translators: the Edit dialog's group: "Kanya — first name changed on two desks" */
  heading = g_strdup_printf (_("%s — %s changed on two desks"), subject, field);
  group = ax_form_dialog_add_group (dialog, heading,
                                    _("Type the value it should have; saving replaces both changes."));
  adw_preferences_group_add (group, value_row (_("Before"), conflict->base_json));
  adw_preferences_group_add (group, value_row (_("Mine (not applied)"), conflict->mine_json));
  adw_preferences_group_add (group, value_row (_("Theirs (kept)"), conflict->theirs_json));
  group = ax_form_dialog_add_group (dialog, NULL, NULL);
  entry = ax_form_dialog_add_entry (dialog, group, conflict->field, title, theirs);
  if (g_strcmp0 (conflict->field, "birth_date") == 0)
    gtk_widget_set_tooltip_text (entry, _("A date like 1990-04-25"));

  e = g_new0 (Edit, 1);
  e->context = g_object_ref (context);
  e->id = g_strdup (conflict->id);
  e->field = g_strdup (conflict->field);
  e->theirs_json = g_strdup (conflict->theirs_json);
  g_signal_connect_data (dialog, "submit", G_CALLBACK (submit_cb), e, edit_free, 0);
  return dialog;
}
