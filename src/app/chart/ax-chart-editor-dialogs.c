/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The chart editor's dialogs: an entry (area, product, lot, amount,
 * technique, note) in an AxFormDialog, the signature (exactly what is
 * signed, then one click), and the medical director's return to draft. */

#include "ax-chart-editor-private.h"

#include <glib/gi18n.h>

#include "ax-chart-text.h"
#include "patients/ax-patient-text.h"
#include "widgets/ax-form-dialog.h"

/* The entry form */

typedef struct
{
  AxChartEditor *editor;     /* weak: the dialog's signal handlers die with it */
  AxChart       *chart;
  AxChartEntry  *entry;      /* NULL for a new entry; owned by chart */
  GPtrArray     *products;   /* AxChartProduct */
  AxFormDialog  *dialog;
  GPtrArray     *shown_lots; /* AxChartLot (borrowed) in the lot combo's order */
} EntryForm;

static void
entry_form_free (EntryForm *form)
{
  if (form->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (form->editor), (gpointer *) &form->editor);
  g_clear_pointer (&form->chart, ax_chart_unref);
  g_clear_pointer (&form->products, g_ptr_array_unref);
  g_clear_pointer (&form->shown_lots, g_ptr_array_unref);
  g_free (form);
}

static AdwComboRow *
combo (EntryForm  *form,
       const char *key)
{
  return ADW_COMBO_ROW (ax_form_dialog_get_field (form->dialog, key));
}

static AxChartProduct *
selected_product (EntryForm *form)
{
  guint i = adw_combo_row_get_selected (combo (form, "product_id"));

  return i >= 1 && i <= form->products->len ? form->products->pdata[i - 1] : NULL;
}

static AxChartLot *
selected_lot (EntryForm *form)
{
  guint i = adw_combo_row_get_selected (combo (form, "lot_id"));

  return i >= 1 && i <= form->shown_lots->len ? form->shown_lots->pdata[i - 1] : NULL;
}

/* The lots of the product chosen; the entry's own lot stays listed even
 * when none of it is left. */
static void
fill_lots (EntryForm  *form,
           const char *select_lot_id)
{
  AxChartProduct *product = selected_product (form);
  AdwComboRow *lots = combo (form, "lot_id");
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (form->shown_lots, 0);
  gtk_string_list_append (model, product ? _("Choose the lot used") : _("No lot"));
  for (guint i = 0; product != NULL && i < product->lots->len; i++)
    {
      AxChartLot *lot = product->lots->pdata[i];
      g_autofree char *text = ax_chart_text_lot (lot);

      g_ptr_array_add (form->shown_lots, lot);
      gtk_string_list_append (model, text);
      if (g_strcmp0 (lot->id, select_lot_id) == 0)
        selected = form->shown_lots->len;
    }
  adw_combo_row_set_model (lots, G_LIST_MODEL (model));
  adw_combo_row_set_selected (lots, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (lots), product != NULL);
}

static void
product_changed_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    EntryForm   *form)
{
  AxChartProduct *product = selected_product (form);
  GtkWidget *unit = ax_form_dialog_get_field (form->dialog, "unit");
  g_autofree char *typed = ax_form_dialog_get_text (form->dialog, "unit");

  fill_lots (form, NULL);
  if (product != NULL && *typed == '\0')
    gtk_editable_set_text (GTK_EDITABLE (unit), product->unit);
}

static void
set_text_member (JsonObject *o,
                 const char *name,
                 const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

/* Puts name into set (and its old value into from) when it changed. */
static void
changed_text (JsonObject *set,
              JsonObject *from,
              const char *name,
              const char *now,
              const char *before)
{
  if (g_strcmp0 (now && *now ? now : NULL, before) == 0)
    return;
  set_text_member (set, name, now);
  set_text_member (from, name, before);
}

static void
entry_submit_cb (AxFormDialog *dialog,
                 EntryForm    *form)
{
  AxChartEditor *self = form->editor;
  g_autofree char *area = ax_form_dialog_get_text (dialog, "area");
  g_autofree char *units_text = ax_form_dialog_get_text (dialog, "units_milli");
  g_autofree char *unit = ax_form_dialog_get_text (dialog, "unit");
  g_autofree char *technique = ax_form_dialog_get_text (dialog, "technique");
  g_autofree char *body = ax_form_dialog_get_text (dialog, "body");
  AxChartProduct *product = selected_product (form);
  AxChartLot *lot = selected_lot (form);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  gboolean has_units = *units_text != '\0';
  gint64 units = 0;

  ax_form_dialog_clear_errors (dialog);
  if (self == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (has_units && (!ax_patient_text_parse_fixed (units_text, 1000, &units) || units <= 0))
    {
      ax_form_dialog_set_error (dialog, "units_milli", _("Type an amount, like 20 or 0.5"));
      return;
    }
  if (form->entry == NULL)
    {
      json_object_set_string_member (args, "chart_id", form->chart->id);
      if (*area)
        json_object_set_string_member (args, "area", area);
      if (product)
        json_object_set_string_member (args, "product_id", product->id);
      if (lot)
        json_object_set_string_member (args, "lot_id", lot->id);
      if (has_units)
        json_object_set_int_member (args, "units_milli", units);
      if (*unit)
        json_object_set_string_member (args, "unit", unit);
      if (*technique)
        json_object_set_string_member (args, "technique", technique);
      if (*body)
        json_object_set_string_member (args, "body", body);
      result = ax_chart_editor_mutate (self, "chart_entry.add", args, &error);
    }
  else
    {
      AxChartEntry *e = form->entry;
      JsonObject *set = json_object_new ();
      JsonObject *from = json_object_new ();

      json_object_set_string_member (args, "id", e->id);
      json_object_set_object_member (args, "set", set);
      json_object_set_object_member (args, "from", from);
      changed_text (set, from, "area", area, e->area);
      changed_text (set, from, "product_id", product ? product->id : NULL, e->product_id);
      changed_text (set, from, "lot_id", lot ? lot->id : NULL, e->lot_id);
      if (has_units != e->has_units || units != e->units_milli)
        {
          if (has_units)
            json_object_set_int_member (set, "units_milli", units);
          else
            json_object_set_null_member (set, "units_milli");
          if (e->has_units)
            json_object_set_int_member (from, "units_milli", e->units_milli);
          else
            json_object_set_null_member (from, "units_milli");
        }
      changed_text (set, from, "unit", unit, e->unit);
      changed_text (set, from, "technique", technique, e->technique);
      changed_text (set, from, "body", body, e->body);
      if (json_object_get_size (set) == 0)
        {
          gtk_window_destroy (GTK_WINDOW (dialog));
          return;
        }
      result = ax_chart_editor_mutate (self, "chart_entry.update", args, &error);
    }
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_chart_editor_toast (self, form->entry ? _("Entry saved") : _("Entry added"));
}

static GtkWidget *
new_combo (const char *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static void
open_entry_form (AxChartEditor *self,
                 EntryForm     *form)
{
  AxChartEntry *e = form->entry;
  AdwPreferencesGroup *group;
  GtkWidget *product_row = new_combo (_("Product"));
  GtkWidget *lot_row = new_combo (_("Lot"));
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *units = e ? ax_chart_text_units (e->has_units, e->units_milli, NULL) : NULL;
  guint selected = 0;

  form->dialog = ax_form_dialog_new (GTK_WIDGET (self), e ? _("Edit Entry") : _("Add Entry"),
                                     e ? _("_Save") : _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (form->dialog), 520, 640);
  g_object_set_data_full (G_OBJECT (form->dialog), "entry-form", form,
                          (GDestroyNotify) entry_form_free);
  group = ax_form_dialog_add_group (form->dialog, _("What Was Done"),
                                    _("A product always needs the lot it came from; expired lots "
                                      "are listed but cannot be used."));
  ax_form_dialog_add_entry (form->dialog, group, "area", _("Area"), e ? e->area : NULL);

  gtk_string_list_append (names, _("No product"));
  for (guint i = 0; i < form->products->len; i++)
    {
      AxChartProduct *p = form->products->pdata[i];

      gtk_string_list_append (names, p->name);
      if (e && g_strcmp0 (e->product_id, p->id) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (product_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (product_row), selected);
  ax_form_dialog_add_field (form->dialog, group, "product_id", _("Product"), product_row);
  ax_form_dialog_add_field (form->dialog, group, "lot_id", _("Lot"), lot_row);
  ax_form_dialog_add_entry (form->dialog, group, "units_milli", _("Amount"), units);
  ax_form_dialog_add_entry (form->dialog, group, "unit", _("Unit (U, ml…)"), e ? e->unit : NULL);
  ax_form_dialog_add_entry (form->dialog, group, "technique", _("Technique"),
                            e ? e->technique : NULL);
  ax_form_dialog_add_entry (form->dialog, group, "body", _("Note"), e ? e->body : NULL);
  fill_lots (form, e ? e->lot_id : NULL);
  g_signal_connect (product_row, "notify::selected", G_CALLBACK (product_changed_cb), form);
  g_signal_connect (form->dialog, "submit", G_CALLBACK (entry_submit_cb), form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (form->dialog, "area"));
}

/* The entry's own lot, when none of it is left in stock, is still listed. */
static void
keep_entry_lot (EntryForm *form)
{
  AxChartEntry *e = form->entry;

  if (e == NULL || e->lot_id == NULL)
    return;
  for (guint i = 0; i < form->products->len; i++)
    {
      AxChartProduct *p = form->products->pdata[i];

      if (g_strcmp0 (p->id, e->product_id) != 0)
        continue;
      for (guint k = 0; k < p->lots->len; k++)
        if (g_strcmp0 (((AxChartLot *) p->lots->pdata[k])->id, e->lot_id) == 0)
          return;
      {
        AxChartLot *lot = g_new0 (AxChartLot, 1);

        lot->id = g_strdup (e->lot_id);
        lot->lot_number = g_strdup (e->lot_number);
        lot->expiry_date = g_strdup (e->lot_expiry);
        g_ptr_array_add (p->lots, lot);
      }
    }
}

static void
products_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EntryForm *form = user_data;
  g_autoptr (GError) error = NULL;

  form->products = ax_chart_products_query_finish (AX_STORE (source), result, &error);
  if (form->editor == NULL || form->products == NULL)
    {
      if (form->editor != NULL)
        ax_chart_editor_toast_error (form->editor, error);
      entry_form_free (form);
      return;
    }
  keep_entry_lot (form);
  open_entry_form (form->editor, form);
}

void
ax_chart_editor_entry_dialog (AxChartEditor *self,
                              const char    *entry_id)
{
  EntryForm *form;
  g_autofree char *day = NULL;

  if (self->chart == NULL)
    return;
  form = g_new0 (EntryForm, 1);
  form->editor = self;
  form->chart = ax_chart_ref (self->chart);
  form->shown_lots = g_ptr_array_new ();
  for (guint i = 0; entry_id != NULL && i < self->chart->entries->len; i++)
    if (g_strcmp0 (((AxChartEntry *) self->chart->entries->pdata[i])->id, entry_id) == 0)
      form->entry = self->chart->entries->pdata[i];
  if (entry_id != NULL && form->entry == NULL)
    {
      entry_form_free (form);
      return;
    }
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &form->editor);
  day = ax_chart_day_of (self->chart->visit_at,
                         ax_store_get_timezone (ax_context_get_store (self->context)));
  ax_chart_products_query_async (ax_context_get_store (self->context), day, NULL,
                                 products_loaded_cb, form);
}

/* Signing */

static void
sign_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  AxChartEditor    *self)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "sign"))
    return;
  json_object_set_string_member (args, "id", g_object_get_data (G_OBJECT (dialog), "chart-id"));
  json_object_set_string_member (args, "content_sha256", g_object_get_data (G_OBJECT (dialog), "sha256"));
  json_object_set_string_member (args, "meaning", _("Reviewed and approved as medical director"));
  result = ax_chart_editor_mutate (self, "chart.sign", args, &error);
  if (result == NULL)
    ax_chart_editor_toast_error (self, error);
  else
    ax_chart_editor_toast (self, _("Chart signed"));
}

void
ax_chart_editor_sign_dialog (AxChartEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *content = NULL;
  g_autofree char *body = NULL;
  g_autofree char *hash = NULL;
  GtkWidget *dialog, *box, *meaning, *scroller, *label, *hash_label;

  if (self->chart == NULL)
    return;
  content = ax_chart_text_signed_content (self->chart, tz);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign Chart"), NULL);
  /* Translators: the sign dialog's text; %s is the signer's name */
  body = g_strdup_printf (_("You sign as %s. The signature records your name, the time, its "
                            "meaning and the SHA-256 of exactly the content below; after signing "
                            "the chart cannot be changed."),
                          ax_actor_get_display_name (ax_context_get_actor (self->context)));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  meaning = gtk_label_new (_("Meaning: Reviewed and approved as medical director"));
  gtk_label_set_xalign (GTK_LABEL (meaning), 0);
  gtk_label_set_wrap (GTK_LABEL (meaning), TRUE);
  gtk_widget_add_css_class (meaning, "heading");
  gtk_box_append (GTK_BOX (box), meaning);
  label = gtk_label_new (content);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A short content starts at the top of its card, not in its middle. */
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "signed-content");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What is signed"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, content,
                                  -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), scroller);
  hash = g_strdup_printf (_("SHA-256 of this content:\n%s"), self->chart->current_sha256);
  hash_label = gtk_label_new (hash);
  gtk_label_set_xalign (GTK_LABEL (hash_label), 0);
  gtk_label_set_wrap (GTK_LABEL (hash_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (hash_label), PANGO_WRAP_CHAR);
  gtk_label_set_selectable (GTK_LABEL (hash_label), TRUE);
  gtk_widget_add_css_class (hash_label, "chart-hash");
  gtk_accessible_update_property (GTK_ACCESSIBLE (hash_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Content hash"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hash, -1);
  gtk_box_append (GTK_BOX (box), hash_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign", _("_Sign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "chart-id", g_strdup (self->chart->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "sha256", g_strdup (self->chart->current_sha256),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Return to draft */

static GtkEditable *
reason_entry (AdwMessageDialog *dialog)
{
  GtkListBox *list = GTK_LIST_BOX (adw_message_dialog_get_extra_child (dialog));

  return GTK_EDITABLE (gtk_list_box_get_row_at_index (list, 0));
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AxChartEditor    *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (reason_entry (dialog))));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "return") || *reason == '\0')
    return;
  json_object_set_string_member (args, "id", g_object_get_data (G_OBJECT (dialog), "chart-id"));
  json_object_set_string_member (args, "reason", reason);
  result = ax_chart_editor_mutate (self, "chart.return", args, &error);
  if (result == NULL)
    ax_chart_editor_toast_error (self, error);
  else
    ax_chart_editor_toast (self, _("Returned to the provider as a draft"));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "return", *reason != '\0');
}

void
ax_chart_editor_return_dialog (AxChartEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *list, *entry;

  if (self->chart == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Return to Draft"),
                                   _("The provider gets the chart back as a draft to correct it. "
                                     "Say what needs changing: the reason is written to the audit "
                                     "log."));
  list = gtk_list_box_new ();
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "return", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "chart-id", g_strdup (self->chart->id), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
