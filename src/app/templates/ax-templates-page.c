/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-templates-page-private.h"
#include "ax-pages.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (AxTemplatesPage, ax_templates_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (AxTemplatesPage *self);

/* Helpers */

JsonNode *
ax_templates_page_mutate (AxTemplatesPage *self,
                          const char      *name,
                          JsonObject      *args,
                          GError         **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);

  json_object_unref (args);   /* the node holds it now */

  return ax_store_mutate (ax_context_get_store (self->context),
                          ax_context_get_actor (self->context), name, node, error);
}

void
ax_templates_page_toast (AxTemplatesPage *self,
                         const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL && text != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static const AxChartTemplate *
find_chart (AxTemplatesPage *self,
            const char      *id)
{
  for (guint i = 0; self->templates != NULL && i < self->templates->chart_templates->len; i++)
    {
      const AxChartTemplate *t = self->templates->chart_templates->pdata[i];

      if (g_strcmp0 (t->id, id) == 0)
        return t;
    }
  return NULL;
}

static const AxConsentTemplate *
find_consent (AxTemplatesPage *self,
              const char      *id)
{
  for (guint i = 0; self->templates != NULL && i < self->templates->consent_templates->len; i++)
    {
      const AxConsentTemplate *t = self->templates->consent_templates->pdata[i];

      if (g_strcmp0 (t->id, id) == 0)
        return t;
    }
  return NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static gboolean switch_state_set_cb (GtkSwitch       *sw,
                                     gboolean         state,
                                     AxTemplatesPage *self);

/* A row: name, what it is, "Not in use", the in-use switch and Edit…. */
static GtkWidget *
template_row_new (AxTemplatesPage *self,
                  const char      *id,
                  const char      *name,
                  const char      *subtitle,
                  gboolean         active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();
  GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));
  g_autofree char *sw_name = g_strdup_printf (_("%s in use"), name);
  g_autofree char *edit_name = g_strdup_printf (_("Edit %s"), name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!active)
    {
      GtkWidget *tag = gtk_label_new (_("Not in use"));

      gtk_widget_add_css_class (tag, "tag");
      gtk_widget_add_css_class (tag, "status");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
      gtk_widget_add_css_class (row, "inactive");
    }
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (sw, active ? _("In use: offered when charting or asking for consent")
                                          : _("Not in use: kept, but no longer offered"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, sw_name, -1);
  g_object_set_data_full (G_OBJECT (sw), "template-id", g_strdup (id), g_free);
  g_signal_connect_object (sw, "state-set", G_CALLBACK (switch_state_set_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "templates.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_name,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  g_hash_table_insert (self->switches, g_strdup (id), sw);
  return row;
}

static void
fill_counts (GtkLabel *label,
             guint     n,
             guint     n_active)
{
  g_autofree char *text = NULL;

  if (n == n_active)
    text = g_strdup_printf (ngettext ("%u template, in use", "%u templates, all in use", n), n);
  else
    /* Translators: above a list of templates: "5 templates, 4 in use" */
    text = g_strdup_printf (ngettext ("%u template, %u in use", "%u templates, %u in use", n), n,
                            n_active);
  gtk_label_set_label (label, text);
}

static void
fill (AxTemplatesPage *self)
{
  guint n_active = 0;

  g_hash_table_remove_all (self->switches);
  clear_list (self->chart_list);
  clear_list (self->consent_list);
  for (guint i = 0; i < self->templates->chart_templates->len; i++)
    {
      const AxChartTemplate *t = self->templates->chart_templates->pdata[i];
      g_autofree char *areas = g_strdup_printf (ngettext ("%d area", "%d areas", t->n_areas),
                                                t->n_areas);
      g_autofree char *subtitle = g_strjoin (" · ", *t->service_name ? t->service_name
                                                                     : _("No service"),
                                             areas, NULL);

      gtk_list_box_append (self->chart_list,
                           template_row_new (self, t->id, t->name, subtitle, t->active));
      n_active += t->active;
    }
  fill_counts (self->chart_count_label, self->templates->chart_templates->len, n_active);
  gtk_stack_set_visible_child_name (self->chart_stack,
                                    self->templates->chart_templates->len ? "list" : "empty");
  n_active = 0;
  for (guint i = 0; i < self->templates->consent_templates->len; i++)
    {
      const AxConsentTemplate *t = self->templates->consent_templates->pdata[i];
      /* Translators: under a consent template: "Treatment · revision 2" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · revision %d"),
                                                   ax_consent_purpose_display_name (t->purpose),
                                                   t->revision);

      gtk_list_box_append (self->consent_list,
                           template_row_new (self, t->id, t->name, subtitle, t->active));
      n_active += t->active;
    }
  fill_counts (self->consent_count_label, self->templates->consent_templates->len, n_active);
  gtk_stack_set_visible_child_name (self->consent_stack,
                                    self->templates->consent_templates->len ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->stack, "content");
}

/* Callbacks */

static gboolean
switch_state_set_cb (GtkSwitch       *sw,
                     gboolean         state,
                     AxTemplatesPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (sw), "template-id");
  const AxChartTemplate *chart = find_chart (self, id);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *mutator;

  if (state == gtk_switch_get_state (sw))
    return FALSE;
  json_object_set_string_member (args, "id", id);
  if (chart != NULL)
    {
      JsonObject *set = json_object_new ();
      JsonObject *from = json_object_new ();

      json_object_set_boolean_member (set, "active", state);
      json_object_set_boolean_member (from, "active", chart->active);
      json_object_set_object_member (args, "set", set);
      json_object_set_object_member (args, "from", from);
      mutator = "chart_template.update";
    }
  else
    mutator = state ? "consent_template.restore" : "consent_template.retire";
  result = ax_templates_page_mutate (self, mutator, json_object_ref (args), &error);
  if (result == NULL)
    {
      g_autofree char *text = g_strdup (error->message);
      const char *colon = strstr (text, ": ");

      /* The model's words, without the mutator's name. */
      ax_templates_page_toast (self, colon != NULL && g_str_has_prefix (text, mutator)
                                     ? colon + 2 : text);
      /* Back where it was: the state never changed. */
      gtk_switch_set_active (sw, gtk_switch_get_state (sw));
      return TRUE;
    }
  gtk_switch_set_state (sw, state);
  return TRUE;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (AxTemplatesPage) self = user_data;
  g_autoptr (GError) error = NULL;
  AxTemplates *templates = ax_templates_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (templates == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->loaded = TRUE;
  g_clear_pointer (&self->templates, ax_templates_free);
  self->templates = templates;
  fill (self);
}

static void
store_changed_cb (AxTemplatesPage *self,
                  const char      *mutator,
                  AxStore         *store)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    self->loaded = FALSE;
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load (AX_TEMPLATES_PAGE (widget));
}

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (widget);

  if (self->templates == NULL)
    return;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "consent") == 0)
    ax_templates_page_edit_consent (self, NULL);
  else
    ax_templates_page_edit_chart (self, NULL);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ax_templates_page_edit (AX_TEMPLATES_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
load (AxTemplatesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->templates == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  ax_templates_query_async (ax_context_get_store (self->context), self->cancellable, loaded_cb,
                            g_object_ref (self));
}

/* Overrides */

static void
ax_templates_page_map (GtkWidget *widget)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (widget);

  GTK_WIDGET_CLASS (ax_templates_page_parent_class)->map (widget);
  if (!self->loaded && !self->loading)
    load (self);
}

static void
ax_templates_page_constructed (GObject *object)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (object);

  G_OBJECT_CLASS (ax_templates_page_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
ax_templates_page_dispose (GObject *object)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_TEMPLATES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->switches, g_hash_table_unref);
  g_clear_pointer (&self->templates, ax_templates_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_templates_page_parent_class)->dispose (object);
}

static void
ax_templates_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_templates_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AxTemplatesPage *self = AX_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_templates_page_class_init (AxTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_templates_page_constructed;
  object_class->dispose = ax_templates_page_dispose;
  object_class->get_property = ax_templates_page_get_property;
  object_class->set_property = ax_templates_page_set_property;
  widget_class->map = ax_templates_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "templates.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "templates.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "templates.edit", "s", edit_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/templates/ax-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, chart_count_label);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, chart_list);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, consent_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, consent_count_label);
  gtk_widget_class_bind_template_child (widget_class, AxTemplatesPage, consent_list);
  gtk_widget_class_set_css_name (widget_class, "templatespage");
}

static void
ax_templates_page_init (AxTemplatesPage *self)
{
  static const AxPageShortcut keys[] = {
    { "F5|<Control>r", "templates.reload" },
    { "<Control>n", "templates.new" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  ax_page_add_shortcuts (GTK_WIDGET (self), keys, G_N_ELEMENTS (keys));
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Public API */

GtkWidget *
ax_templates_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_TEMPLATES_PAGE, "context", context, NULL);
}

void
ax_templates_page_reload (AxTemplatesPage *self)
{
  g_return_if_fail (AX_IS_TEMPLATES_PAGE (self));
  load (self);
}

const char *
ax_templates_page_get_state (AxTemplatesPage *self)
{
  g_return_val_if_fail (AX_IS_TEMPLATES_PAGE (self), NULL);
  return self->loading && self->templates == NULL ? "loading"
                                                  : gtk_stack_get_visible_child_name (self->stack);
}

AxTemplates *
ax_templates_page_get_templates (AxTemplatesPage *self)
{
  g_return_val_if_fail (AX_IS_TEMPLATES_PAGE (self), NULL);
  return self->templates;
}

void
ax_templates_page_show_kind (AxTemplatesPage *self,
                             const char      *kind)
{
  g_return_if_fail (AX_IS_TEMPLATES_PAGE (self));
  adw_view_stack_set_visible_child_name (self->view_stack, kind);
}

gboolean
ax_templates_page_edit (AxTemplatesPage *self,
                        const char      *id)
{
  const AxChartTemplate *chart;
  const AxConsentTemplate *consent;

  g_return_val_if_fail (AX_IS_TEMPLATES_PAGE (self), FALSE);
  if ((chart = find_chart (self, id)) != NULL)
    ax_templates_page_edit_chart (self, chart);
  else if ((consent = find_consent (self, id)) != NULL)
    ax_templates_page_edit_consent (self, consent);
  else
    return FALSE;
  return TRUE;
}

GtkSwitch *
ax_templates_page_get_switch (AxTemplatesPage *self,
                              const char      *id)
{
  g_return_val_if_fail (AX_IS_TEMPLATES_PAGE (self), NULL);
  return g_hash_table_lookup (self->switches, id);
}
