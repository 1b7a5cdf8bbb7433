/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Charts tab of the patient record: the patient's charts (visit,
 * provider, status pill, amendment marker), New Chart (template,
 * appointment, provider) and the chart editor. */

#include "ax-charts-tab.h"

#include <glib/gi18n.h>

#include "ax-chart-text.h"
#include "patients/ax-record-tab.h"
#include "widgets/ax-form-dialog.h"
#include "widgets/ax-unsynced-marks.h"

struct _AxChartsTab
{
  GtkWidget      parent_instance;

  AxContext     *context;
  GCancellable  *cancellable;
  char          *patient_id;

  GtkStack      *pages;
  GtkWidget     *new_button;
  GtkStack      *list_stack;
  AdwStatusPage *error_page;
  GtkListBox    *list;
  GtkWidget     *editor_box;
  AxChartEditor *editor;
  gboolean       editing;   /* what patients.focus-record was last told */
  AxUnsyncedMarks *unsynced;   /* charts not yet synced */
};

static void record_tab_iface_init (AxRecordTabInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AxChartsTab, ax_charts_tab, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (AX_TYPE_RECORD_TAB, record_tab_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The list */

static GtkWidget *
new_chart_row (AxChartsTab          *self,
               const AxChartSummary *s)
{
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *visit = ax_chart_text_instant (s->visit_at, tz);
  g_autofree char *title = *s->template_name ? g_strdup_printf (_("%s — %s"), visit, s->template_name)
                                             : g_strdup (visit);
  g_autofree char *subtitle = NULL;
  g_autofree char *entries = g_strdup_printf (ngettext ("%d entry", "%d entries", s->n_entries),
                                              s->n_entries);
  g_autofree char *description = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill = gtk_label_new (ax_chart_status_display_name (s->status));

  if (s->status == AX_CHART_MD_SIGNED)
    {
      g_autofree char *when = ax_chart_text_instant (s->signed_at, tz);
      /* Translators: a chart in the list: provider · entries · who signed it when */
      subtitle = g_strdup_printf (_("%s · %s · signed by %s on %s"),
                                  *s->provider_name ? s->provider_name : _("no provider"), entries,
                                  s->signer_name, when);
    }
  else
    subtitle = g_strdup_printf ("%s · %s", *s->provider_name ? s->provider_name : _("no provider"),
                                entries);
  /* Returned by the medical director and not sent again yet: why. */
  if (s->status == AX_CHART_DRAFT && s->return_reason != NULL)
    {
      /* Translators: a chart's subtitle, then why the medical director returned it */
      g_autofree char *with_reason = g_strdup_printf (_("%s\nReturned: “%s”"), subtitle,
                                                      s->return_reason);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (s->amends_chart_id != NULL)
    {
      GtkWidget *marker = gtk_label_new (_("Amendment"));

      gtk_widget_add_css_class (marker, "tag");
      gtk_widget_add_css_class (marker, "status");
      gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), marker);
    }
  {
    GtkWidget *mark = ax_unsynced_mark_new ();

    gtk_widget_set_visible (mark, ax_unsynced_marks_contains (self->unsynced, s->id));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
  }
  gtk_widget_add_css_class (pill, "tag");
  gtk_widget_add_css_class (pill, ax_chart_text_status_style (s->status));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  description = g_strdup_printf ("%s · %s%s", subtitle, ax_chart_status_display_name (s->status),
                                 s->amends_chart_id ? _(" · amendment") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_object_set_data_full (G_OBJECT (row), "chart-id", g_strdup (s->id), g_free);
  return row;
}

static void
charts_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = ax_charts_of_patient_query_finish (AX_STORE (source), result, &error);
  AxChartsTab *self;
  GtkListBoxRow *row;

  if (charts == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_CHARTS_TAB (user_data);
  g_clear_object (&self->cancellable);
  if (charts == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  for (guint i = 0; i < charts->len; i++)
    gtk_list_box_append (self->list, new_chart_row (self, charts->pdata[i]));
  gtk_stack_set_visible_child_name (self->list_stack, charts->len > 0 ? "list" : "empty");
}

static void
reload (AxChartsTab *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->patient_id == NULL)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "list") != 0)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  self->cancellable = g_cancellable_new ();
  ax_charts_of_patient_query_async (ax_context_get_store (self->context), self->patient_id,
                                    self->cancellable, charts_loaded_cb, self);
}

static void
store_changed_cb (AxChartsTab *self,
                  const char  *mutator)
{
  if (g_strcmp0 (mutator, "chart.open") == 0 || g_strcmp0 (mutator, "chart.export") == 0)
    return;
  reload (self);
}

static void
unsynced_changed_cb (AxChartsTab *self)
{
  ax_unsynced_marks_apply (self->unsynced, GTK_WIDGET (self->list), "chart-id");
}

static void
open_chart (AxChartsTab *self,
            const char  *chart_id)
{
  ax_chart_editor_show_chart (self->editor, chart_id);
  gtk_stack_set_visible_child_name (self->pages, "editor");
}

static void
row_activated_cb (AxChartsTab   *self,
                  GtkListBoxRow *row)
{
  open_chart (self, g_object_get_data (G_OBJECT (row), "chart-id"));
}

/* New Chart */

static void
new_chart_submit_cb (AxFormDialog *dialog,
                     AxChartsTab  *self)
{
  AxChartChoices *choices = g_object_get_data (G_OBJECT (dialog), "choices");
  guint t = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "template_id")));
  guint a = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "appointment_id")));
  guint p = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "provider_id")));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  ax_form_dialog_clear_errors (dialog);
  json_object_set_string_member (args, "patient_id", g_object_get_data (G_OBJECT (dialog), "patient-id"));
  if (t >= 1 && t <= choices->templates->len)
    json_object_set_string_member (args, "template_id",
                                   ((AxChartTemplate *) choices->templates->pdata[t - 1])->id);
  if (a >= 1 && a <= choices->appointments->len)
    json_object_set_string_member (args, "appointment_id",
                                   ((AxChartAppointment *) choices->appointments->pdata[a - 1])->id);
  if (p >= 1 && p <= choices->providers->len)
    json_object_set_string_member (args, "provider_id",
                                   ((AxChartProvider *) choices->providers->pdata[p - 1])->id);
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (self->context), ax_context_get_actor (self->context),
                            "chart.create", node, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  open_chart (self, json_object_get_string_member (json_node_get_object (result), "id"));
}

/* Choosing an appointment chooses its service's template. */
static void
appointment_chosen_cb (AdwComboRow  *row,
                       GParamSpec   *pspec,
                       AxFormDialog *dialog)
{
  AxChartChoices *choices = g_object_get_data (G_OBJECT (dialog), "choices");
  guint a = adw_combo_row_get_selected (row);
  AxChartAppointment *appt;

  if (a < 1 || a > choices->appointments->len)
    return;
  appt = choices->appointments->pdata[a - 1];
  for (guint i = 0; appt->template_id != NULL && i < choices->templates->len; i++)
    if (g_strcmp0 (((AxChartTemplate *) choices->templates->pdata[i])->id, appt->template_id) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "template_id")),
                                  i + 1);
}

static GtkWidget *
new_combo (const char    *title,
           GtkStringList *model,
           guint          selected)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static void
choices_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AxChartChoices *choices = ax_chart_choices_query_finish (AX_STORE (source), result, &error);
  g_autoptr (AxChartsTab) self = user_data;
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autoptr (GtkStringList) templates = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) appointments = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) providers = gtk_string_list_new (NULL);
  AdwPreferencesGroup *group;
  AxFormDialog *dialog;
  guint own = 0;

  if (choices == NULL || self->patient_id == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      g_clear_pointer (&choices, ax_chart_choices_free);
      return;
    }
  gtk_string_list_append (templates, _("No template"));
  for (guint i = 0; i < choices->templates->len; i++)
    gtk_string_list_append (templates, ((AxChartTemplate *) choices->templates->pdata[i])->name);
  gtk_string_list_append (appointments, _("No appointment"));
  for (guint i = 0; i < choices->appointments->len; i++)
    {
      AxChartAppointment *a = choices->appointments->pdata[i];
      g_autofree char *when = ax_chart_text_instant (a->start_ms, tz);
      g_autofree char *text = g_strdup_printf ("%s · %s · %s", when,
                                               *a->services ? a->services : _("no service"),
                                               a->provider_name);
      gtk_string_list_append (appointments, text);
    }
  gtk_string_list_append (providers, _("The appointment's provider, or yours"));
  for (guint i = 0; i < choices->providers->len; i++)
    {
      AxChartProvider *p = choices->providers->pdata[i];

      gtk_string_list_append (providers, p->name);
      if (g_strcmp0 (p->id, choices->own_provider_id) == 0)
        own = i + 1;
    }

  dialog = ax_form_dialog_new (GTK_WIDGET (self), _("New Chart"), _("_Create"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 680, 420);
  g_object_set_data_full (G_OBJECT (dialog), "choices", choices, (GDestroyNotify) ax_chart_choices_free);
  g_object_set_data_full (G_OBJECT (dialog), "patient-id", g_strdup (self->patient_id), g_free);
  group = ax_form_dialog_add_group (dialog, NULL,
                                    _("A template fills in the usual areas and amounts; change "
                                      "them in the chart."));
  ax_form_dialog_add_field (dialog, group, "appointment_id", _("Appointment"),
                            new_combo (_("Appointment"), appointments, 0));
  ax_form_dialog_add_field (dialog, group, "template_id", _("Template"),
                            new_combo (_("Template"), templates, 0));
  ax_form_dialog_add_field (dialog, group, "provider_id", _("Provider"),
                            new_combo (_("Provider"), providers, own));
  g_signal_connect (ax_form_dialog_get_field (dialog, "appointment_id"), "notify::selected",
                    G_CALLBACK (appointment_chosen_cb), dialog);
  /* The latest appointment (and so its template) to begin with. */
  if (choices->appointments->len > 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "appointment_id")), 1);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (new_chart_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
new_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  AxChartsTab *self = AX_CHARTS_TAB (widget);

  if (self->patient_id == NULL)
    return;
  ax_chart_choices_query_async (ax_context_get_store (self->context), self->patient_id,
                                ax_actor_get_user_id (ax_context_get_actor (self->context)), NULL,
                                choices_loaded_cb, g_object_ref (self));
}

/* A chart open for editing wants the room: while it is shown, the record
 * and the Patients page around it give it theirs (record.focus-chart; outside
 * a record, e.g. in a test window, there is no such action and nothing
 * happens). */
static void
update_focus (AxChartsTab *self)
{
  gboolean editing = gtk_widget_get_mapped (GTK_WIDGET (self))
                     && g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "editor") == 0;

  if (editing == self->editing)
    return;
  self->editing = editing;
  gtk_widget_activate_action (GTK_WIDGET (self), "record.focus-chart", "b", editing);
}

static void
ax_charts_tab_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ax_charts_tab_parent_class)->map (widget);
  update_focus (AX_CHARTS_TAB (widget));
}

static void
ax_charts_tab_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ax_charts_tab_parent_class)->unmap (widget);
  update_focus (AX_CHARTS_TAB (widget));
}

static void
back_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  AxChartsTab *self = AX_CHARTS_TAB (widget);

  gtk_stack_set_visible_child_name (self->pages, "list");
  ax_chart_editor_show_chart (self->editor, NULL);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  reload (AX_CHARTS_TAB (widget));
}

/* AxRecordTab */

static void
show_patient (AxRecordTab *tab,
              const char  *patient_id)
{
  AxChartsTab *self = AX_CHARTS_TAB (tab);

  if (g_strcmp0 (patient_id, self->patient_id) != 0)
    {
      g_free (self->patient_id);
      self->patient_id = g_strdup (patient_id);
      gtk_stack_set_visible_child_name (self->pages, "list");
      ax_chart_editor_show_chart (self->editor, NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
    }
  reload (self);
}

static gboolean
open_item (AxRecordTab *tab,
           const char  *item_id)
{
  AxChartsTab *self = AX_CHARTS_TAB (tab);

  if (item_id == NULL)
    return FALSE;
  open_chart (self, item_id);
  return TRUE;
}

static void
record_tab_iface_init (AxRecordTabInterface *iface)
{
  iface->show_patient = show_patient;
  iface->open_item = open_item;
}

/* Overrides */

static void
ax_charts_tab_constructed (GObject *object)
{
  AxChartsTab *self = AX_CHARTS_TAB (object);

  G_OBJECT_CLASS (ax_charts_tab_parent_class)->constructed (object);
  self->editor = AX_CHART_EDITOR (ax_chart_editor_new (self->context));
  gtk_widget_set_vexpand (GTK_WIDGET (self->editor), TRUE);
  gtk_box_append (GTK_BOX (self->editor_box), GTK_WIDGET (self->editor));
  gtk_widget_set_visible (self->new_button, ax_context_can (self->context, AX_PERM_CLINICAL_EDIT));
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->unsynced = ax_unsynced_marks_new (self->context, "charts");
  g_signal_connect_object (self->unsynced, "changed", G_CALLBACK (unsynced_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ax_charts_tab_dispose (GObject *object)
{
  AxChartsTab *self = AX_CHARTS_TAB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->unsynced);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CHARTS_TAB);
  G_OBJECT_CLASS (ax_charts_tab_parent_class)->dispose (object);
}

static void
ax_charts_tab_finalize (GObject *object)
{
  AxChartsTab *self = AX_CHARTS_TAB (object);

  g_free (self->patient_id);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_charts_tab_parent_class)->finalize (object);
}

static void
ax_charts_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxChartsTab *self = AX_CHARTS_TAB (object);

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
ax_charts_tab_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxChartsTab *self = AX_CHARTS_TAB (object);

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
ax_charts_tab_class_init (AxChartsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_charts_tab_constructed;
  object_class->dispose = ax_charts_tab_dispose;
  object_class->finalize = ax_charts_tab_finalize;
  object_class->get_property = ax_charts_tab_get_property;
  object_class->set_property = ax_charts_tab_set_property;
  widget_class->map = ax_charts_tab_map;
  widget_class->unmap = ax_charts_tab_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "charts.new", NULL, new_cb);
  gtk_widget_class_install_action (widget_class, "charts.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "charts.reload", NULL, reload_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "charts.new", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/chart/ax-charts-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, pages);
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, new_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, list_stack);
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, list);
  gtk_widget_class_bind_template_child (widget_class, AxChartsTab, editor_box);
  gtk_widget_class_set_css_name (widget_class, "chartstab");
}

static void
ax_charts_tab_init (AxChartsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->pages, "notify::visible-child", G_CALLBACK (update_focus), self);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
}

/* Public API */

GtkWidget *
ax_charts_tab_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  return g_object_new (AX_TYPE_CHARTS_TAB, "context", context, NULL);
}

AxChartEditor *
ax_charts_tab_get_editor (AxChartsTab *self)
{
  g_return_val_if_fail (AX_IS_CHARTS_TAB (self), NULL);
  return self->editor;
}

GtkListBox *
ax_charts_tab_get_list (AxChartsTab *self)
{
  g_return_val_if_fail (AX_IS_CHARTS_TAB (self), NULL);
  return self->list;
}

gboolean
ax_charts_tab_is_loading (AxChartsTab *self)
{
  g_return_val_if_fail (AX_IS_CHARTS_TAB (self), FALSE);
  return self->cancellable != NULL;
}

const char *
ax_charts_tab_get_state (AxChartsTab *self)
{
  g_return_val_if_fail (AX_IS_CHARTS_TAB (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "editor") == 0)
    return "editor";
  return gtk_stack_get_visible_child_name (self->list_stack);
}
