/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-form-dialog.h"

#include <string.h>
#include <glib/gi18n.h>

typedef struct
{
  char      *key;
  char      *title;
  GtkWidget *row;
  GtkWidget *error_row;   /* shown under row with the field's error */
} Field;

struct _AxFormDialog
{
  AdwWindow          parent_instance;

  GPtrArray         *fields;   /* Field */

  AdwWindowTitle    *window_title;
  GtkButton         *submit_button;
  GtkSpinner        *spinner;
  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_label;
  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (AxFormDialog, ax_form_dialog, ADW_TYPE_WINDOW)

enum
{
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
field_free (Field *field)
{
  g_free (field->key);
  g_free (field->title);
  g_free (field);
}

static Field *
find_field (AxFormDialog *self,
            const char   *key)
{
  for (guint i = 0; key != NULL && i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];

      if (g_str_equal (field->key, key))
        return field;
    }
  return NULL;
}

static GtkWidget *
new_error_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "field-error");
  gtk_widget_set_visible (row, FALSE);
  return row;
}

/* Callbacks */

static void
entry_activated_cb (AxFormDialog *self,
                    AdwEntryRow  *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "form.submit", NULL);
}

static void
submit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[SUBMIT], 0);
}

/* Overrides */

static void
ax_form_dialog_dispose (GObject *object)
{
  AxFormDialog *self = AX_FORM_DIALOG (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_FORM_DIALOG);

  G_OBJECT_CLASS (ax_form_dialog_parent_class)->dispose (object);
}

static void
ax_form_dialog_class_init (AxFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_form_dialog_dispose;

  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "form.submit", NULL, submit_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/widgets/ax-form-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, banner_label);
  gtk_widget_class_bind_template_child (widget_class, AxFormDialog, page);
}

static void
ax_form_dialog_init (AxFormDialog *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter saves from anywhere, a multi-line text included. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            "<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("form.submit")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

/* Public API */

AxFormDialog *
ax_form_dialog_new (GtkWidget  *parent,
                    const char *title,
                    const char *submit_label)
{
  AxFormDialog *self = g_object_new (AX_TYPE_FORM_DIALOG, "title", title, NULL);
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  adw_window_title_set_title (self->window_title, title);
  gtk_button_set_label (self->submit_button, submit_label);
  return self;
}

AdwPreferencesGroup *
ax_form_dialog_add_group (AxFormDialog *self,
                          const char   *title,
                          const char   *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  g_return_val_if_fail (AX_IS_FORM_DIALOG (self), NULL);

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

GtkWidget *
ax_form_dialog_add_entry (AxFormDialog        *self,
                          AdwPreferencesGroup *group,
                          const char          *key,
                          const char          *title,
                          const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  g_return_val_if_fail (AX_IS_FORM_DIALOG (self), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (entry_activated_cb), self,
                           G_CONNECT_SWAPPED);
  ax_form_dialog_add_field (self, group, key, title, row);
  return row;
}

void
ax_form_dialog_add_field (AxFormDialog        *self,
                          AdwPreferencesGroup *group,
                          const char          *key,
                          const char          *title,
                          GtkWidget           *row)
{
  Field *field = g_new0 (Field, 1);

  g_return_if_fail (AX_IS_FORM_DIALOG (self));
  g_return_if_fail (find_field (self, key) == NULL);

  field->key = g_strdup (key);
  field->title = g_strdup (title);
  field->row = row;
  field->error_row = new_error_row ();
  if (ADW_IS_PREFERENCES_ROW (row))
    {
      adw_preferences_group_add (group, row);
      adw_preferences_group_add (group, field->error_row);
    }
  else
    {
      /* Any other widget (a list, a text view) goes below the group's rows:
       * its error is a list of its own above it, shown only with the error. */
      GtkWidget *errors = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (errors), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (errors, "boxed-list");
      gtk_widget_set_margin_bottom (errors, 12);
      gtk_list_box_append (GTK_LIST_BOX (errors), field->error_row);
      g_object_bind_property (field->error_row, "visible", errors, "visible", G_BINDING_SYNC_CREATE);
      adw_preferences_group_add (group, errors);
      adw_preferences_group_add (group, row);
    }
  g_ptr_array_add (self->fields, field);
}

GtkWidget *
ax_form_dialog_get_field (AxFormDialog *self,
                          const char   *key)
{
  Field *field;

  g_return_val_if_fail (AX_IS_FORM_DIALOG (self), NULL);
  field = find_field (self, key);
  return field != NULL ? field->row : NULL;
}

char *
ax_form_dialog_get_text (AxFormDialog *self,
                         const char   *key)
{
  GtkWidget *row = ax_form_dialog_get_field (self, key);

  if (row == NULL || !GTK_IS_EDITABLE (row))
    return g_strdup ("");
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

void
ax_form_dialog_set_error (AxFormDialog *self,
                          const char   *key,
                          const char   *message)
{
  Field *field;

  g_return_if_fail (AX_IS_FORM_DIALOG (self));

  field = find_field (self, key);
  if (field == NULL)
    {
      gtk_label_set_label (self->banner_label, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Form error"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
      return;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->error_row), message);
  gtk_widget_set_visible (field->error_row, TRUE);
  gtk_widget_add_css_class (field->row, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  gtk_widget_grab_focus (field->row);
}

const char *
ax_form_dialog_show_error (AxFormDialog *self,
                           const GError *error)
{
  g_return_val_if_fail (AX_IS_FORM_DIALOG (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];
      g_autofree char *text = ax_form_error_for_field (error->message, field->key, field->title);

      if (text != NULL)
        {
          ax_form_dialog_set_error (self, field->key, text);
          return field->key;
        }
    }
  {
    g_autofree char *text = ax_form_error_text (error->message);
    ax_form_dialog_set_error (self, NULL, text);
  }
  return NULL;
}

const char *
ax_form_dialog_get_error (AxFormDialog *self,
                          const char   *key)
{
  Field *field;

  g_return_val_if_fail (AX_IS_FORM_DIALOG (self), NULL);

  if (key == NULL || *key == '\0')
    return gtk_revealer_get_reveal_child (self->banner_revealer)
             ? gtk_label_get_label (self->banner_label) : NULL;
  field = find_field (self, key);
  if (field == NULL || !gtk_widget_get_visible (field->error_row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (field->error_row));
}

void
ax_form_dialog_clear_errors (AxFormDialog *self)
{
  g_return_if_fail (AX_IS_FORM_DIALOG (self));

  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];

      gtk_widget_set_visible (field->error_row, FALSE);
      gtk_widget_remove_css_class (field->row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field->row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

void
ax_form_dialog_set_busy (AxFormDialog *self,
                         gboolean      busy)
{
  g_return_if_fail (AX_IS_FORM_DIALOG (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.submit", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

char *
ax_form_error_text (const char *message)
{
  const char *colon = message != NULL ? strstr (message, ": ") : NULL;
  const char *p;

  if (message == NULL)
    return g_strdup ("");
  /* "patient.create: …": a mutator's name is lower case, with a dot. */
  for (p = message; colon != NULL && p < colon; p++)
    if (!(g_ascii_islower (*p) || *p == '.' || *p == '_'))
      break;
  if (colon != NULL && p == colon && memchr (message, '.', colon - message) != NULL)
    return g_strdup (colon + 2);
  return g_strdup (message);
}

char *
ax_form_error_for_field (const char *message,
                         const char *key,
                         const char *title)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", key);
  g_autofree char *bare = NULL;
  g_autofree char *joined = NULL;
  g_auto (GStrv) parts = NULL;
  gsize title_len = strlen (title);

  if (message == NULL || strstr (message, quoted) == NULL)
    return NULL;
  bare = ax_form_error_text (message);
  parts = g_strsplit (bare, quoted, -1);
  joined = g_strjoinv (title, parts);
  /* "Pulse: a pulse of 300 …" reads twice: keep what follows, capitalised. */
  if (g_str_has_prefix (joined, title) && g_str_has_prefix (joined + title_len, ": "))
    {
      const char *rest = joined + title_len + 2;
      g_autofree char *first = g_utf8_substring (rest, 0, 1);
      g_autofree char *upper = g_utf8_strup (first, -1);

      return g_strconcat (upper, g_utf8_offset_to_pointer (rest, 1), NULL);
    }
  return g_steal_pointer (&joined);
}
