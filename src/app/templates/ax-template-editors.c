/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Templates page's forms. A chart template: its name, service and areas
 * (rows added, removed and moved up or down), saved with chart_template.add
 * or .update carrying the values it was opened with (someone else's change
 * in between is refused, and the form says so). A consent template: title,
 * purpose and body, the allowed {{fields}} to insert, and the model's check
 * of the body as it is typed; saved with consent_template.add or .update
 * with the revision it was opened at. */

#include "ax-templates-page-private.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "widgets/ax-form-dialog.h"

static const char *const purposes[] = { "treatment", "photo_marketing", "data", "other" };

static GtkWidget *
combo_new (const char *title,
           GPtrArray  *names)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (model, names->pdata[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static void
saved (AxTemplatesPage *self,
       AxFormDialog    *dialog,
       const char      *name)
{
  /* Translators: a toast: "Saved “Upper face toxin”" */
  g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_templates_page_toast (self, text);
}

/* Chart templates: the areas */

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static void
move_row (GtkWidget *button,
          int        delta)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (row));
  int at = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + delta;

  if (at < 0 || gtk_list_box_get_row_at_index (list, at) == NULL)
    return;
  g_object_ref (row);
  gtk_list_box_remove (list, row);
  gtk_list_box_insert (list, row, at);
  g_object_unref (row);
  gtk_widget_grab_focus (button);
}

static void
up_clicked_cb (GtkWidget *button)
{
  move_row (button, -1);
}

static void
down_clicked_cb (GtkWidget *button)
{
  move_row (button, +1);
}

static void
remove_clicked_cb (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
}

static GtkWidget *
entry_new (const char *text,
           const char *placeholder,
           const char *accessible_name,
           int         width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  if (width_chars > 0)
    {
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width_chars);
    }
  else
    gtk_widget_set_hexpand (entry, TRUE);
  return entry;
}

/* One area: name, default units, unit, and up, down, remove. */
static GtkWidget *
area_row_new (const char *area,
              const char *units,
              const char *unit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *up = icon_button ("go-up-symbolic", _("Move area up"));
  GtkWidget *down = icon_button ("go-down-symbolic", _("Move area down"));
  GtkWidget *remove = icon_button ("user-trash-symbolic", _("Remove area"));
  GtkWidget *name = entry_new (area, _("Area, like Forehead"), _("Area"), 0);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "template-area");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), entry_new (units, _("Units"), _("Default units"), 6));
  gtk_box_append (GTK_BOX (box), entry_new (unit, _("Unit"), _("Unit"), 5));
  g_signal_connect (up, "clicked", G_CALLBACK (up_clicked_cb), NULL);
  g_signal_connect (down, "clicked", G_CALLBACK (down_clicked_cb), NULL);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), NULL);
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "area-entry", name);
  return row;
}

static void
add_area_clicked_cb (GtkButton  *button,
                     GtkListBox *list)
{
  GtkWidget *row = area_row_new (NULL, NULL, NULL);

  gtk_list_box_append (list, row);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "area-entry"));
}

static void
fill_areas (GtkListBox *list,
            const char *areas_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *areas;

  if (areas_json == NULL || !json_parser_load_from_data (parser, areas_json, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return;
  areas = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (areas); i++)
    {
      JsonObject *o = json_array_get_object_element (areas, i);
      JsonNode *units = o ? json_object_get_member (o, "default_units") : NULL;
      g_autofree char *units_text = NULL;

      if (o == NULL)
        continue;
      if (units != NULL && JSON_NODE_HOLDS_VALUE (units))
        {
          double v = json_node_get_double (units);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          units_text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", v));
        }
      gtk_list_box_append (list, area_row_new (json_object_get_string_member_with_default (o, "area", ""),
                                               units_text,
                                               json_object_get_string_member_with_default (o, "unit", "")));
    }
}

/* The areas as areas_json, or NULL with *problem set. */
static char *
collect_areas (GtkListBox *list,
               char      **problem)
{
  g_autoptr (JsonArray) out = json_array_new ();
  g_autoptr (JsonNode) node = NULL;
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkWidget *box = gtk_list_box_row_get_child (row);
      GtkWidget *name = gtk_widget_get_first_child (box);
      GtkWidget *units = gtk_widget_get_next_sibling (name);
      GtkWidget *unit = gtk_widget_get_next_sibling (units);
      g_autofree char *area = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (name))));
      g_autofree char *units_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (units))));
      g_autofree char *unit_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (unit))));
      JsonObject *o;

      if (*area == '\0' && *units_text == '\0' && *unit_text == '\0')
        continue;   /* a blank row added and left */
      o = json_object_new ();
      json_object_set_string_member (o, "area", area);
      if (*units_text != '\0')
        {
          char *end = NULL;
          double v;

          g_strdelimit (units_text, ",", '.');
          v = g_ascii_strtod (units_text, &end);
          if (end == NULL || *end != '\0' || !isfinite (v))
            {
              /* Translators: %s is an area: "Forehead" */
              *problem = g_strdup_printf (_("The default units of %s must be a number, like 10 "
                                            "or 2.5"), *area ? area : _("an area"));
              json_object_unref (o);
              return NULL;
            }
          if (v == floor (v) && fabs (v) < 1e9)
            json_object_set_int_member (o, "default_units", (gint64) v);
          else
            json_object_set_double_member (o, "default_units", v);
        }
      if (*unit_text != '\0')
        json_object_set_string_member (o, "unit", unit_text);
      json_array_add_object_element (out, o);
    }
  node = json_node_init_array (json_node_alloc (), out);
  return json_to_string (node, FALSE);
}

/* Chart templates: the form */

static void
chart_submit_cb (AxFormDialog    *dialog,
                 AxTemplatesPage *self)
{
  GObject *d = G_OBJECT (dialog);
  const char *id = g_object_get_data (d, "id");
  GPtrArray *service_ids = g_object_get_data (d, "service-ids");
  GtkListBox *areas_list = g_object_get_data (d, "areas-list");
  g_autofree char *name = ax_form_dialog_get_text (dialog, "name");
  guint s = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "service_id")));
  const char *service_id = s > 0 && s <= service_ids->len ? service_ids->pdata[s - 1] : NULL;
  g_autofree char *problem = NULL;
  g_autofree char *areas = collect_areas (areas_list, &problem);
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *args = json_object_new ();

  ax_form_dialog_clear_errors (dialog);
  if (areas == NULL)
    {
      ax_form_dialog_set_error (dialog, "areas_json", problem);
      json_object_unref (args);
      return;
    }
  if (id == NULL)
    {
      json_object_set_string_member (args, "name", name);
      if (service_id != NULL)
        json_object_set_string_member (args, "service_id", service_id);
      json_object_set_string_member (args, "areas_json", areas);
      result = ax_templates_page_mutate (self, "chart_template.add", args, &error);
    }
  else
    {
      const char *from_name = g_object_get_data (d, "from-name");
      const char *from_service = g_object_get_data (d, "from-service");
      const char *from_areas = g_object_get_data (d, "from-areas");
      JsonObject *set = json_object_new ();
      JsonObject *from = json_object_new ();

      json_object_set_string_member (args, "id", id);
      if (g_strcmp0 (name, from_name) != 0)
        {
          json_object_set_string_member (set, "name", name);
          json_object_set_string_member (from, "name", from_name);
        }
      if (g_strcmp0 (service_id, from_service) != 0)
        {
          json_object_set_string_member (set, "service_id", service_id);
          json_object_set_string_member (from, "service_id", from_service);
        }
      if (g_strcmp0 (areas, from_areas) != 0)
        {
          json_object_set_string_member (set, "areas_json", areas);
          json_object_set_string_member (from, "areas_json", from_areas);
        }
      json_object_set_object_member (args, "set", set);
      json_object_set_object_member (args, "from", from);
      if (json_object_get_size (set) == 0)
        {
          json_object_unref (args);
          gtk_window_destroy (GTK_WINDOW (dialog));
          return;
        }
      result = ax_templates_page_mutate (self, "chart_template.update", args, &error);
    }
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  saved (self, dialog, name);
}

void
ax_templates_page_edit_chart (AxTemplatesPage       *self,
                              const AxChartTemplate *tmpl)
{
  AxTemplates *t = ax_templates_page_get_templates (self);
  g_autoptr (GPtrArray) service_names = g_ptr_array_new ();
  GPtrArray *service_ids = g_ptr_array_new_with_free_func (g_free);
  AdwPreferencesGroup *group;
  AxFormDialog *dialog;
  GtkWidget *list, *add;
  guint chosen = 0;

  g_ptr_array_add (service_names, _("None"));
  for (guint i = 0; i < t->services->len; i++)
    {
      AxServiceInfo *s = t->services->pdata[i];

      g_ptr_array_add (service_names, s->name);
      g_ptr_array_add (service_ids, g_strdup (s->id));
      if (tmpl != NULL && g_strcmp0 (tmpl->service_id, s->id) == 0)
        chosen = i + 1;
    }
  dialog = ax_form_dialog_new (GTK_WIDGET (self),
                               tmpl ? _("Edit Chart Template") : _("New Chart Template"),
                               tmpl ? _("_Save") : _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 640);
  g_object_set_data_full (G_OBJECT (dialog), "service-ids", service_ids,
                          (GDestroyNotify) g_ptr_array_unref);
  if (tmpl != NULL)
    {
      /* What the form was opened with: the update's "from". */
      g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (tmpl->id), g_free);
      g_object_set_data_full (G_OBJECT (dialog), "from-name", g_strdup (tmpl->name), g_free);
      g_object_set_data_full (G_OBJECT (dialog), "from-service", g_strdup (tmpl->service_id), g_free);
      g_object_set_data_full (G_OBJECT (dialog), "from-areas", g_strdup (tmpl->areas_json), g_free);
    }
  group = ax_form_dialog_add_group (dialog, NULL,
                                    _("New Chart offers the template for its service and fills "
                                      "in its areas with their usual units."));
  ax_form_dialog_add_entry (dialog, group, "name", _("Name"), tmpl ? tmpl->name : NULL);
  ax_form_dialog_add_field (dialog, group, "service_id", _("Service"),
                            combo_new (_("Service"), service_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "service_id")),
                              chosen);

  group = ax_form_dialog_add_group (dialog, _("Areas"),
                                    _("In the order the chart lists them; default units may be "
                                      "left empty."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Areas"),
                                  -1);
  ax_form_dialog_add_field (dialog, group, "areas_json", _("Areas"), list);
  add = gtk_button_new_with_mnemonic (_("Add _Area"));
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_widget_set_margin_top (add, 12);
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_area_clicked_cb), list, 0);
  adw_preferences_group_add (group, add);
  g_object_set_data (G_OBJECT (dialog), "areas-list", list);
  if (tmpl != NULL)
    fill_areas (GTK_LIST_BOX (list), tmpl->areas_json);
  else
    gtk_list_box_append (GTK_LIST_BOX (list), area_row_new (NULL, NULL, NULL));

  g_signal_connect_object (dialog, "submit", G_CALLBACK (chart_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Consent templates */

static char *
body_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
body_changed_cb (GtkTextBuffer *buffer,
                 GtkLabel      *check)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (check), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (check), "dim-label");
  if (!ax_consent_template_check (text, &error))
    {
      gtk_label_set_label (check, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (check), "error");
    }
  else
    {
      gtk_label_set_label (check, _("Every field is known."));
      gtk_widget_add_css_class (GTK_WIDGET (check), "dim-label");
    }
}

static void
field_clicked_cb (GtkButton   *button,
                  GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = g_strdup_printf ("{{%s}}", (const char *) g_object_get_data (G_OBJECT (button), "field"));

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
consent_submit_cb (AxFormDialog    *dialog,
                   AxTemplatesPage *self)
{
  GObject *d = G_OBJECT (dialog);
  const char *id = g_object_get_data (d, "id");
  g_autofree char *name = ax_form_dialog_get_text (dialog, "name");
  g_autofree char *body = body_text (g_object_get_data (d, "body-view"));
  guint p = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "purpose")));
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *args = json_object_new ();

  ax_form_dialog_clear_errors (dialog);
  if (id != NULL)
    {
      json_object_set_string_member (args, "id", id);
      json_object_set_int_member (args, "revision", GPOINTER_TO_INT (g_object_get_data (d, "revision")));
    }
  json_object_set_string_member (args, "name", name);
  json_object_set_string_member (args, "purpose", purposes[MIN (p, G_N_ELEMENTS (purposes) - 1)]);
  json_object_set_string_member (args, "body", body);
  result = ax_templates_page_mutate (self, id ? "consent_template.update" : "consent_template.add",
                                     args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  saved (self, dialog, name);
}

void
ax_templates_page_edit_consent (AxTemplatesPage         *self,
                                const AxConsentTemplate *tmpl)
{
  g_autoptr (GPtrArray) purpose_names = g_ptr_array_new ();
  const char *const *fields = ax_consent_fields ();
  AdwPreferencesGroup *group;
  AxFormDialog *dialog;
  GtkWidget *scroller, *view, *flow, *check;
  GtkTextBuffer *buffer;
  guint chosen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (purposes); i++)
    {
      g_ptr_array_add (purpose_names, (gpointer) ax_consent_purpose_display_name (purposes[i]));
      if (tmpl != NULL && g_strcmp0 (tmpl->purpose, purposes[i]) == 0)
        chosen = i;
    }
  dialog = ax_form_dialog_new (GTK_WIDGET (self),
                               tmpl ? _("Edit Consent Template") : _("New Consent Template"),
                               tmpl ? _("_Save") : _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 720, 760);
  if (tmpl != NULL)
    {
      g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (tmpl->id), g_free);
      g_object_set_data (G_OBJECT (dialog), "revision", GINT_TO_POINTER (tmpl->revision));
    }
  group = ax_form_dialog_add_group (dialog, NULL,
                                    tmpl ? _("Saving makes a new revision; consents already made "
                                             "keep the text they were made with.")
                                         : _("The consent a patient signs is this text, filled "
                                             "in from the record."));
  ax_form_dialog_add_entry (dialog, group, "name", _("Title"), tmpl ? tmpl->name : NULL);
  ax_form_dialog_add_field (dialog, group, "purpose", _("Purpose"),
                            combo_new (_("Purpose"), purpose_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "purpose")), chosen);

  group = ax_form_dialog_add_group (dialog, _("Text"),
                                    _("Fields in double braces are filled in from the patient's "
                                      "record and the appointment. Click one to insert it."));
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Consent text"), -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, -1, 220);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "template-body");
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_widget_set_margin_bottom (flow, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fields to insert"), -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("{{%s}}", fields[i]);
      g_autofree char *name = g_strdup_printf (_("Insert %s"), label);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "monospace");
      gtk_widget_add_css_class (button, "template-field");
      g_object_set_data_full (G_OBJECT (button), "field", g_strdup (fields[i]), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (field_clicked_cb), view, 0);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  adw_preferences_group_add (group, flow);
  ax_form_dialog_add_field (dialog, group, "body", _("Text"), scroller);
  g_object_set_data (G_OBJECT (dialog), "body-view", view);

  check = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (check), 0);
  gtk_label_set_wrap (GTK_LABEL (check), TRUE);
  gtk_widget_set_margin_top (check, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Check of the fields"), -1);
  g_object_set_data (G_OBJECT (dialog), "check-label", check);
  adw_preferences_group_add (group, check);


  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_changed_cb), check, 0);
  gtk_text_buffer_set_text (buffer, tmpl ? tmpl->body : "", -1);
  body_changed_cb (buffer, GTK_LABEL (check));
  g_signal_connect_object (dialog, "submit", G_CALLBACK (consent_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
