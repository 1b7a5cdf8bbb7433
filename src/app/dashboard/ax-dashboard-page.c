/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include <inttypes.h>
#include "ax-dashboard-page.h"

#include <stdio.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-dashboard.h"
#include "ax-dashboard-text.h"
#include "ax-money.h"
#include "widgets/ax-card-grid.h"
#include "widgets/ax-stat-card.h"
#include "ax-pages.h"

/* While shown, the figures are refreshed this often so that the greeting
 * and the next appointment keep up with the clock. */
#define REFRESH_SECONDS 60

struct _AxDashboardPage
{
  GtkWidget      parent_instance;

  AxContext     *context;
  GCancellable  *cancellable;
  guint          refresh_id;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkLabel      *greeting_label;
  GtkLabel      *summary_label;
  GtkLabel      *next_label;
  AxStatCard    *revenue_card;
  AxStatCard    *appointments_card;
  AxStatCard    *patients_card;
  AxStatCard    *stock_card;
  GtkListBox    *alerts_list;
  GtkListBox    *sales_list;
};

G_DEFINE_FINAL_TYPE (AxDashboardPage, ax_dashboard_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* A label whose text changes keeps a fixed accessible name, with the text
 * as its description, so that assistive technologies (and the UI tests)
 * find it by what it is rather than by what it says. */
static void
set_named_label (GtkLabel   *label,
                 const char *name,
                 const char *text)
{
  gtk_label_set_label (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static GtkWidget *
new_suffix_label (const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_tag (const char *text,
         const char *colour_class)
{
  GtkWidget *tag = new_suffix_label (text, "tag");

  gtk_widget_add_css_class (tag, colour_class);
  return tag;
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* A row is read out by its title; its description carries the rest of
 * what it shows: "10:23 · SAC-01-2025-000900 · Cash · ฿7,500.00 · Voided". */
static void
describe_row (GtkWidget  *row,
              const char *subtitle,
              const char *suffix,
              const char *tag)
{
  g_autofree char *description = g_strjoin (" · ", subtitle, suffix, tag, NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static char *
format_sale_time (gint64     sold_ms,
                  gint64     now_ms,
                  GTimeZone *tz)
{
  g_autoptr (GDateTime) sold_utc = g_date_time_new_from_unix_utc (sold_ms / 1000);
  g_autoptr (GDateTime) now_utc = g_date_time_new_from_unix_utc (now_ms / 1000);
  g_autoptr (GDateTime) sold = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (sold_utc == NULL || now_utc == NULL)
    return g_strdup ("");
  sold = g_date_time_to_timezone (sold_utc, tz);
  now = g_date_time_to_timezone (now_utc, tz);

  if (g_date_time_get_year (sold) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (sold) == g_date_time_get_day_of_year (now))
    return g_date_time_format (sold, "%H:%M");
  /* Translators: a sale's time when it was not today, see g_date_time_format() */
  return g_date_time_format (sold, _("%-d %b %H:%M"));
}

static char *
format_expiry_date (const char *iso_date)
{
  int y, m, d;
  g_autoptr (GDateTime) date = NULL;

  if (iso_date == NULL || sscanf (iso_date, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso_date ? iso_date : "");
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (date == NULL)
    return g_strdup (iso_date);
  /* Translators: a lot's expiry date, see g_date_time_format(): "12 Nov 2026" */
  return g_date_time_format (date, _("%-d %b %Y"));
}

static void
fill_stat_card (AxStatCard *card,
                const char *value,
                gint64      before,
                gint64      now,
                const char *since,
                const char *no_base)
{
  AxStatTrend trend = AX_STAT_TREND_NONE;
  g_autofree char *change = ax_dashboard_text_change (before, now, since, no_base, &trend);

  ax_stat_card_set_value (card, value);
  ax_stat_card_set_change (card, change);
  ax_stat_card_set_trend (card, trend);
}

static void
fill_alerts (AxDashboardPage   *self,
             const AxDashboard *dash)
{
  clear_list (self->alerts_list);

  for (guint i = 0; dash->low_stock != NULL && i < dash->low_stock->len; i++)
    {
      const AxDashboardLowStock *item = g_ptr_array_index (dash->low_stock, i);
      const char *unit = item->unit && *item->unit ? item->unit : _("units");
      const char *tag;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      /* Translators: "On hand: 3 syringe · reorder at 10"; the unit is the product's */
      subtitle = g_strdup_printf (_("On hand: %" PRId64 " %s · reorder at %"
                                    PRId64),
                                  item->on_hand, unit, item->threshold);
      tag = item->on_hand <= 0 ? _("Out of stock") : _("Low stock");
      row = new_row (item->name, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_tag (tag, item->on_hand <= 0 ? "error" : "warning"));
      describe_row (row, subtitle, tag, NULL);
      gtk_list_box_append (self->alerts_list, row);
    }

  for (guint i = 0; dash->near_expiry != NULL && i < dash->near_expiry->len; i++)
    {
      const AxDashboardExpiry *item = g_ptr_array_index (dash->near_expiry, i);
      g_autofree char *date = format_expiry_date (item->expiry_date);
      g_autofree char *subtitle = NULL;
      g_autofree char *left = ax_dashboard_text_days_left (item->days_left);
      GtkWidget *row;

      /* Translators: "Lot A1234 · expires 31/12/2025 · 4 on hand" */
      subtitle = g_strdup_printf (_("Lot %s · expires %s · %" PRId64 " on hand"),
                                  item->lot_number, date, item->on_hand);
      row = new_row (item->product_name, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_tag (left, item->days_left < 0 ? "error" : "warning"));
      describe_row (row, subtitle, left, NULL);
      gtk_list_box_append (self->alerts_list, row);
    }
}

static void
fill_sales (AxDashboardPage   *self,
            const AxDashboard *dash,
            const char        *locale,
            gint64             now_ms,
            GTimeZone         *tz)
{
  clear_list (self->sales_list);

  for (guint i = 0; dash->latest_sales != NULL && i < dash->latest_sales->len; i++)
    {
      const AxDashboardSale *sale = g_ptr_array_index (dash->latest_sales, i);
      const char *status = ax_dashboard_text_sale_status (sale->status);
      const char *patient = sale->patient_name && *sale->patient_name
                              ? sale->patient_name : _("Walk-in customer");
      g_autofree char *time = format_sale_time (sale->sold_at_ms, now_ms, tz);
      g_autofree char *total = ax_money_format (sale->total, dash->currency, locale);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *total_label;

      subtitle = g_strjoin (" · ", time, sale->number, ax_dashboard_text_tender (sale->tender),
                            NULL);
      row = new_row (patient, subtitle);
      if (status != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   new_tag (status, g_strcmp0 (sale->status, "voided") == 0
                                                      ? "error" : "warning"));
      total_label = new_suffix_label (total, "numeric");
      gtk_label_set_xalign (GTK_LABEL (total_label), 1);
      gtk_widget_add_css_class (total_label, "sale-total");
      if (g_strcmp0 (sale->status, "voided") == 0)
        gtk_widget_add_css_class (total_label, "voided");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), total_label);
      describe_row (row, subtitle, total, status);
      gtk_list_box_append (self->sales_list, row);
    }
}

static void
show_dashboard (AxDashboardPage   *self,
                const AxDashboard *dash)
{
  AxStore *store = ax_context_get_store (self->context);
  const AxClinicInfo *clinic = ax_store_get_clinic (store);
  AxActor *actor = ax_context_get_actor (self->context);
  GTimeZone *tz = ax_store_get_timezone (store);
  const char *locale = clinic != NULL ? clinic->locale : NULL;
  gint64 now_ms = ax_store_now_ms (store);
  g_autofree char *greeting = NULL;
  g_autofree char *summary = ax_dashboard_text_appointments (dash->appointments_today);
  g_autofree char *next = ax_dashboard_text_next (dash, tz);
  g_autofree char *vs_weekday = ax_dashboard_text_vs_last_weekday (now_ms, tz);
  g_autofree char *revenue = ax_money_format (dash->revenue_today, dash->currency, locale);
  g_autofree char *appointments = g_strdup_printf ("%d", dash->appointments_today);
  g_autofree char *patients = g_strdup_printf ("%d", dash->new_patients_month);
  g_autofree char *alerts = g_strdup_printf ("%u", dash->low_stock->len + dash->near_expiry->len);
  g_autofree char *stock_summary = ax_dashboard_text_stock_summary (dash);

  greeting = ax_dashboard_text_greeting (now_ms, tz,
                                         actor ? ax_actor_get_display_name (actor) : "");
  set_named_label (self->greeting_label, _("Greeting"), greeting);
  set_named_label (self->summary_label, _("Appointments today summary"), summary);
  set_named_label (self->next_label, _("Next appointment"), next);

  fill_stat_card (self->revenue_card, revenue, dash->revenue_last_week, dash->revenue_today,
                  vs_weekday, _("no sales last week"));
  fill_stat_card (self->appointments_card, appointments, dash->appointments_last_week,
                  dash->appointments_today, vs_weekday, _("none last week"));
  fill_stat_card (self->patients_card, patients, dash->new_patients_last_month,
                  dash->new_patients_month, _("vs last month"), _("none last month"));

  ax_stat_card_set_value (self->stock_card, alerts);
  ax_stat_card_set_change (self->stock_card, stock_summary);

  fill_alerts (self, dash);
  fill_sales (self, dash, locale, now_ms, tz);

  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
show_error (AxDashboardPage *self,
            const GError    *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Callbacks */

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (AxDashboardPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDashboard) dash = NULL;

  dash = ax_dashboard_query_finish (AX_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (dash == NULL)
    show_error (self, error);
  else
    show_dashboard (self, dash);
}

static void
store_changed_cb (AxDashboardPage *self,
                  const char      *mutator,
                  AxStore         *store)
{
  /* A hidden page reloads when it is shown again. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ax_dashboard_page_reload (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  ax_dashboard_page_reload (AX_DASHBOARD_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ax_dashboard_page_reload (AX_DASHBOARD_PAGE (widget));
}

/* Overrides */

static void
ax_dashboard_page_map (GtkWidget *widget)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (ax_dashboard_page_parent_class)->map (widget);

  ax_dashboard_page_reload (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
ax_dashboard_page_unmap (GtkWidget *widget)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (ax_dashboard_page_parent_class)->unmap (widget);
}

static void
ax_dashboard_page_constructed (GObject *object)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (object);

  G_OBJECT_CLASS (ax_dashboard_page_parent_class)->constructed (object);

  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
ax_dashboard_page_dispose (GObject *object)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_DASHBOARD_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_dashboard_page_parent_class)->dispose (object);
}

static void
ax_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (object);

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
ax_dashboard_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AxDashboardPage *self = AX_DASHBOARD_PAGE (object);

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
ax_dashboard_page_class_init (AxDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_dashboard_page_constructed;
  object_class->dispose = ax_dashboard_page_dispose;
  object_class->get_property = ax_dashboard_page_get_property;
  object_class->set_property = ax_dashboard_page_set_property;

  widget_class->map = ax_dashboard_page_map;
  widget_class->unmap = ax_dashboard_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "dashboard.reload", NULL, reload_action_cb);

  g_type_ensure (AX_TYPE_CARD_GRID);
  g_type_ensure (AX_TYPE_STAT_CARD);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/dashboard/ax-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, revenue_card);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, appointments_card);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, patients_card);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, stock_card);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, AxDashboardPage, sales_list);
  gtk_widget_class_set_css_name (widget_class, "dashboardpage");
}

static void
ax_dashboard_page_init (AxDashboardPage *self)
{
  static const AxPageShortcut keys[] = { { "F5|<Control>r", "dashboard.reload" } };

  gtk_widget_init_template (GTK_WIDGET (self));
  ax_page_add_shortcuts (GTK_WIDGET (self), keys, G_N_ELEMENTS (keys));
}

GtkWidget *
ax_dashboard_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_DASHBOARD_PAGE, "context", context, NULL);
}

AxContext *
ax_dashboard_page_get_context (AxDashboardPage *self)
{
  g_return_val_if_fail (AX_IS_DASHBOARD_PAGE (self), NULL);
  return self->context;
}

/* Starts a fresh query, dropping one still running. The figures on screen
 * stay until the new ones arrive; the spinner shows when there are none. */
void
ax_dashboard_page_reload (AxDashboardPage *self)
{
  g_return_if_fail (AX_IS_DASHBOARD_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "content") != 0)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  ax_dashboard_query_async (ax_context_get_store (self->context), self->cancellable,
                            query_done_cb, g_object_ref (self));
}
