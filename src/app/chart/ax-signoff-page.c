/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Sign-off page: the clinic's charts waiting for the medical
 * director, oldest submission first (patient, provider, when sent), and
 * the chosen chart in a read-only AxChartEditor with Sign…. */

#include "ax-signoff-page.h"

#include <glib/gi18n.h>

#include "ax-chart-text.h"

struct _AxSignoffPage
{
  GtkWidget      parent_instance;

  AxContext     *context;
  GCancellable  *cancellable;

  AdwLeaflet    *leaflet;
  GtkWidget     *queue_pane;
  GtkStack      *queue_stack;
  AdwStatusPage *error_page;
  GtkListBox    *queue_list;
  GtkWidget     *editor_pane;
  AxChartEditor *editor;
};

G_DEFINE_FINAL_TYPE (AxSignoffPage, ax_signoff_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
new_queue_row (AxSignoffPage        *self,
               const AxChartSummary *s)
{
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *sent = ax_chart_text_instant (s->submitted_at, tz);
  /* Translators: a chart waiting for sign-off: provider · when it was sent */
  g_autofree char *subtitle = g_strdup_printf (_("%s · sent %s%s"),
                                               *s->provider_name ? s->provider_name : _("no provider"),
                                               sent, s->amends_chart_id ? _(" · amendment") : "");
  GtkWidget *row = adw_action_row_new ();

  /* Sent again after it was returned: what was asked for. */
  if (s->return_reason != NULL)
    {
      /* Translators: a chart's subtitle, then why the director returned it before */
      g_autofree char *with_reason = g_strdup_printf (_("%s\nReturned before: “%s”"), subtitle,
                                                      s->return_reason);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->patient_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  g_object_set_data_full (G_OBJECT (row), "chart-id", g_strdup (s->id), g_free);
  return row;
}

static void
queue_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) queue = ax_chart_signoff_queue_query_finish (AX_STORE (source), result, &error);
  AxSignoffPage *self;
  GtkListBoxRow *row;
  const char *shown;

  if (queue == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_SIGNOFF_PAGE (user_data);
  g_clear_object (&self->cancellable);
  if (queue == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->queue_stack, "error");
      return;
    }
  while ((row = gtk_list_box_get_row_at_index (self->queue_list, 0)) != NULL)
    gtk_list_box_remove (self->queue_list, GTK_WIDGET (row));
  shown = ax_chart_editor_get_chart_id (self->editor);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *r = new_queue_row (self, queue->pdata[i]);

      gtk_list_box_append (self->queue_list, r);
      if (g_strcmp0 (shown, ((AxChartSummary *) queue->pdata[i])->id) == 0)
        gtk_list_box_select_row (self->queue_list, GTK_LIST_BOX_ROW (r));
    }
  gtk_stack_set_visible_child_name (self->queue_stack, queue->len > 0 ? "list" : "empty");
}

static void
reload (AxSignoffPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ax_chart_signoff_queue_query_async (ax_context_get_store (self->context), self->cancellable,
                                      queue_loaded_cb, self);
}

static void
store_changed_cb (AxSignoffPage *self,
                  const char    *mutator)
{
  if (g_strcmp0 (mutator, "chart.open") == 0 || g_strcmp0 (mutator, "chart.export") == 0
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  reload (self);
}

static void
row_activated_cb (AxSignoffPage *self,
                  GtkListBoxRow *row)
{
  ax_chart_editor_show_chart (self->editor, g_object_get_data (G_OBJECT (row), "chart-id"));
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  reload (AX_SIGNOFF_PAGE (widget));
}

static void
ax_signoff_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ax_signoff_page_parent_class)->map (widget);
  reload (AX_SIGNOFF_PAGE (widget));
}

static void
ax_signoff_page_constructed (GObject *object)
{
  AxSignoffPage *self = AX_SIGNOFF_PAGE (object);

  G_OBJECT_CLASS (ax_signoff_page_parent_class)->constructed (object);
  self->editor = AX_CHART_EDITOR (ax_chart_editor_new (self->context));
  gtk_widget_set_vexpand (GTK_WIDGET (self->editor), TRUE);
  gtk_box_append (GTK_BOX (self->editor_pane), GTK_WIDGET (self->editor));
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
ax_signoff_page_dispose (GObject *object)
{
  AxSignoffPage *self = AX_SIGNOFF_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_SIGNOFF_PAGE);
  G_OBJECT_CLASS (ax_signoff_page_parent_class)->dispose (object);
}

static void
ax_signoff_page_finalize (GObject *object)
{
  AxSignoffPage *self = AX_SIGNOFF_PAGE (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_signoff_page_parent_class)->finalize (object);
}

static void
ax_signoff_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AxSignoffPage *self = AX_SIGNOFF_PAGE (object);

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
ax_signoff_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AxSignoffPage *self = AX_SIGNOFF_PAGE (object);

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
ax_signoff_page_class_init (AxSignoffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_signoff_page_constructed;
  object_class->dispose = ax_signoff_page_dispose;
  object_class->finalize = ax_signoff_page_finalize;
  object_class->get_property = ax_signoff_page_get_property;
  object_class->set_property = ax_signoff_page_set_property;
  widget_class->map = ax_signoff_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "signoff.reload", NULL, reload_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "signoff.reload", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/chart/ax-signoff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, queue_pane);
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, AxSignoffPage, editor_pane);
  gtk_widget_class_set_css_name (widget_class, "signoffpage");
}

static void
ax_signoff_page_init (AxSignoffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->queue_list, "row-activated", G_CALLBACK (row_activated_cb), self);
}

GtkWidget *
ax_signoff_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  return g_object_new (AX_TYPE_SIGNOFF_PAGE, "context", context, NULL);
}

AxChartEditor *
ax_signoff_page_get_editor (AxSignoffPage *self)
{
  g_return_val_if_fail (AX_IS_SIGNOFF_PAGE (self), NULL);
  return self->editor;
}

GtkListBox *
ax_signoff_page_get_queue (AxSignoffPage *self)
{
  g_return_val_if_fail (AX_IS_SIGNOFF_PAGE (self), NULL);
  return self->queue_list;
}

gboolean
ax_signoff_page_is_loading (AxSignoffPage *self)
{
  g_return_val_if_fail (AX_IS_SIGNOFF_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

const char *
ax_signoff_page_get_state (AxSignoffPage *self)
{
  g_return_val_if_fail (AX_IS_SIGNOFF_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->queue_stack);
}
