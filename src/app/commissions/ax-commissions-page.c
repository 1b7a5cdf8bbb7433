/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-commissions-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-commission-rule-dialog.h"
#include "ax-commissions.h"
#include "ax-money.h"

struct _AxCommissionsPage
{
  GtkWidget            parent_instance;

  AxContext           *context;
  GCancellable        *rules_cancellable;
  GCancellable        *report_cancellable;
  AxCommissionRuleSet *set;
  char                *period;
  gboolean             rules_loading;
  gboolean             report_loading;
  gboolean             loaded;
  gboolean             failed;
  guint                n_providers;

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkListBox          *rules_list;
  GtkListBox          *report_list;
  GtkLabel            *month_label;
  GtkWidget           *compute_button;
};

G_DEFINE_FINAL_TYPE (AxCommissionsPage, ax_commissions_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
currency (AxCommissionsPage *self)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  return clinic ? clinic->currency : NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static void
show_state (AxCommissionsPage *self)
{
  if ((self->rules_loading || self->report_loading) && !self->loaded)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (self->failed)
    gtk_stack_set_visible_child_name (self->stack, "error");
  else if (self->loaded)
    gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
fail (AxCommissionsPage *self,
      const GError      *error)
{
  self->failed = TRUE;
  adw_status_page_set_description (self->error_page, error->message);
}

/* Rules */

static void
edit_clicked_cb (GtkButton         *button,
                 AxCommissionsPage *self)
{
  const AxCommissionRule *rule = g_object_get_data (G_OBJECT (button), "rule");

  ax_commission_rule_dialog_open (GTK_WIDGET (self), self->context, self->set, rule);
}

static void
deactivate_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        AxCommissionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "rule-id");
  g_autoptr (JsonObject) args = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "deactivate") != 0)
    return;
  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "commission_rule.deactivate",
                            node, &error);
  if (result == NULL)
    {
      GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
      GtkWidget *message = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   _("Could Not Deactivate the Rule"),
                                                   error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
}

static void
deactivate_clicked_cb (GtkButton         *button,
                       AxCommissionsPage *self)
{
  const AxCommissionRule *rule = g_object_get_data (G_OBJECT (button), "rule");
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *scope = ax_commission_text_scope (rule);
  /* Translators: %s is who and what the rule is for: "Dr Lee · Injectables" */
  g_autofree char *body = g_strdup_printf (_("“%s” stops paying commission from the next "
                                             "computation of this month. Commission already "
                                             "logged for earlier months stays as it is."), scope);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Deactivate This Rule?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "deactivate", _("_Deactivate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deactivate",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rule-id", g_strdup (rule->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (deactivate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
fill_rules (AxCommissionsPage *self)
{
  clear_list (self->rules_list);
  for (guint i = 0; i < self->set->rules->len; i++)
    {
      const AxCommissionRule *rule = self->set->rules->pdata[i];
      g_autofree char *scope = ax_commission_text_scope (rule);
      g_autofree char *rates = ax_commission_text_rates (rule, currency (self));
      /* Translators: accessible names of a rule's buttons; %s is "Dr Lee · Injectables" */
      g_autofree char *edit_label = g_strdup_printf (_("Edit rule %s"), scope);
      g_autofree char *deactivate_label = g_strdup_printf (_("Deactivate rule %s"), scope);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = row_button ("document-edit-symbolic", _("Edit this rule"), edit_label);
      GtkWidget *deactivate = row_button ("user-trash-symbolic", _("Deactivate this rule"),
                                          deactivate_label);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scope);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rates);
      g_object_set_data (G_OBJECT (edit), "rule", (gpointer) rule);
      g_object_set_data (G_OBJECT (deactivate), "rule", (gpointer) rule);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
      g_signal_connect_object (deactivate, "clicked", G_CALLBACK (deactivate_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), deactivate);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
      gtk_list_box_append (self->rules_list, row);
    }
}

static void
rules_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr (GError) error = NULL;
  AxCommissionRuleSet *set = ax_commission_rules_finish (AX_STORE (source), result, &error);
  AxCommissionsPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_COMMISSIONS_PAGE (data);
  self->rules_loading = FALSE;
  if (set == NULL)
    fail (self, error);
  else
    {
      g_clear_pointer (&self->set, ax_commission_rule_set_free);
      self->set = set;
      fill_rules (self);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.add-rule", TRUE);
    }
  self->loaded = !self->rules_loading && !self->report_loading && self->set != NULL;
  show_state (self);
}

/* The report */

static char *
month_title (AxCommissionsPage *self)
{
  int year = 0, month = 0;
  g_autoptr (GDateTime) first = NULL;

  if (sscanf (self->period, "%4d-%2d", &year, &month) != 2)
    return g_strdup (self->period);
  first = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  /* Translators: the month of the commission report, see g_date_time_format(): "March 2026" */
  return first ? g_date_time_format (first, _("%B %Y")) : g_strdup (self->period);
}

static GtkWidget *
report_row (AxCommissionsPage           *self,
            const AxCommissionReportRow *r)
{
  const char *cur = currency (self);
  g_autofree char *sales = ax_money_format (r->sales, cur, NULL);
  g_autofree char *base = ax_money_format (r->base, cur, NULL);
  g_autofree char *amount = ax_money_format (r->commission, cur, NULL);
  g_autofree char *low = ax_commission_text_percent (r->min_rate_bp);
  g_autofree char *high = ax_commission_text_percent (r->max_rate_bp);
  g_autofree char *rate = r->n_lines == 0 ? g_strdup ("—")
                          : r->min_rate_bp == r->max_rate_bp ? g_strdup (low)
                          /* Translators: the range of rates of a provider's month: "5 %–12 %" */
                          : g_strdup_printf (_("%s–%s"), low, high);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  /* Translators: a provider's month: sales, the part a rule pays on, the rate */
  subtitle = g_strdup_printf (_("Sales %s · commission on %s at %s"), sales, base, rate);
  if (!r->up_to_date)
    {
      /* Translators: after a provider's month whose commission is not up to date with the
       * sales and rules (the app catches up by itself for this month and last) */
      g_autofree char *more = g_strdup_printf (_("%s · not up to date"), subtitle);
      g_free (subtitle);
      subtitle = g_steal_pointer (&more);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->provider_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  /* Translators: what a screen reader says of a provider's commission */
  description = g_strdup_printf (_("%s; commission %s"), subtitle, amount);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  return row;
}

static void
report_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = ax_commission_report_finish (AX_STORE (source), result, &error);
  AxCommissionsPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_COMMISSIONS_PAGE (data);
  self->report_loading = FALSE;
  if (rows == NULL)
    fail (self, error);
  else
    {
      gint64 total = 0;
      gboolean stale = FALSE;

      clear_list (self->report_list);
      self->n_providers = rows->len;
      for (guint i = 0; i < rows->len; i++)
        {
          const AxCommissionReportRow *r = rows->pdata[i];

          total += r->commission;
          stale |= !r->up_to_date;
          gtk_list_box_append (self->report_list, report_row (self, r));
        }
      gtk_widget_set_visible (self->compute_button, stale);
      if (rows->len > 1)
        {
          g_autofree char *amount = ax_money_format (total, currency (self), NULL);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *label = gtk_label_new (amount);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Total"));
          gtk_widget_add_css_class (label, "heading");
          gtk_widget_add_css_class (label, "numeric");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          gtk_list_box_append (self->report_list, row);
        }
    }
  self->loaded = !self->rules_loading && !self->report_loading && self->set != NULL;
  show_state (self);
}

static void
load_report (AxCommissionsPage *self)
{
  g_autofree char *title = month_title (self);
  g_autofree char *empty = NULL;

  gtk_label_set_text (self->month_label, title);
  /* Translators: the report is empty; %s is "March 2026" */
  empty = g_strdup_printf (_("No sales by a provider in %s"), title);
  gtk_list_box_set_placeholder (self->report_list, placeholder (empty));
  /* A newer month or a newer change: the read under way is of no use. */
  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);
  self->report_cancellable = g_cancellable_new ();
  self->report_loading = TRUE;
  ax_commission_report_async (ax_context_get_store (self->context), self->period,
                              self->report_cancellable, report_loaded_cb, self);
}

static void
load (AxCommissionsPage *self,
      gboolean           rules)
{
  if (ax_context_get_clinic (self->context) == NULL)
    return;
  self->failed = FALSE;
  if (rules)
    {
      g_cancellable_cancel (self->rules_cancellable);
      g_clear_object (&self->rules_cancellable);
      self->rules_cancellable = g_cancellable_new ();
      self->rules_loading = TRUE;
      ax_commission_rules_async (ax_context_get_store (self->context), self->rules_cancellable,
                                 rules_loaded_cb, self);
    }
  load_report (self);
  show_state (self);
}

static void
shift_month (AxCommissionsPage *self,
             int                months)
{
  int year = 0, month = 0;

  if (sscanf (self->period, "%4d-%2d", &year, &month) != 2)
    return;
  month += months;
  while (month < 1)
    month += 12, year--;
  while (month > 12)
    month -= 12, year++;
  g_free (self->period);
  self->period = g_strdup_printf ("%04d-%02d", year, month);
  load (self, FALSE);
}

static void
store_changed_cb (AxStore           *store,
                  const char        *what,
                  AxCommissionsPage *self)
{
  if (what == NULL)
    return;
  if (g_str_has_prefix (what, "commission_rule.") || g_str_has_prefix (what, "provider.")
      || g_str_has_prefix (what, "category."))
    load (self, TRUE);
  else if (g_str_has_prefix (what, "commission.") || g_str_has_prefix (what, "sale."))
    load (self, FALSE);
}

/* Actions */

static void
add_rule_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (widget);

  if (self->set != NULL)
    ax_commission_rule_dialog_open (widget, self->context, self->set, NULL);
}

static void
previous_month_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  shift_month (AX_COMMISSIONS_PAGE (widget), -1);
}

static void
next_month_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  shift_month (AX_COMMISSIONS_PAGE (widget), 1);
}

/* A month the worker does not look at (before last month): the Owner
 * brings it up to date here. */
static void
compute_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (widget);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (args, "period", self->period);
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "commission.compute", node,
                            &error);
  if (result == NULL)
    {
      GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
      GtkWidget *message = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   _("Could Not Compute the Commissions"),
                                                   error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
      return;
    }
  load (self, FALSE);
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ax_commissions_page_reload (AX_COMMISSIONS_PAGE (widget));
}

/* Overrides */

static void
ax_commissions_page_constructed (GObject *object)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (object);
  AxStore *store = ax_context_get_store (self->context);

  G_OBJECT_CLASS (ax_commissions_page_parent_class)->constructed (object);

  self->period = ax_commission_period_of (ax_store_now_ms (store), ax_store_get_timezone (store));
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  load (self, TRUE);
}

static void
ax_commissions_page_dispose (GObject *object)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (object);

  g_cancellable_cancel (self->rules_cancellable);
  g_cancellable_cancel (self->report_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_COMMISSIONS_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_commissions_page_parent_class)->dispose (object);
}

static void
ax_commissions_page_finalize (GObject *object)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (object);

  g_clear_object (&self->rules_cancellable);
  g_clear_object (&self->report_cancellable);
  g_clear_pointer (&self->set, ax_commission_rule_set_free);
  g_free (self->period);
  G_OBJECT_CLASS (ax_commissions_page_parent_class)->finalize (object);
}

static void
ax_commissions_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (object);

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
ax_commissions_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AxCommissionsPage *self = AX_COMMISSIONS_PAGE (object);

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
ax_commissions_page_class_init (AxCommissionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_commissions_page_constructed;
  object_class->dispose = ax_commissions_page_dispose;
  object_class->finalize = ax_commissions_page_finalize;
  object_class->get_property = ax_commissions_page_get_property;
  object_class->set_property = ax_commissions_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "commissions.add-rule", NULL, add_rule_action_cb);
  gtk_widget_class_install_action (widget_class, "commissions.previous-month", NULL,
                                   previous_month_action_cb);
  gtk_widget_class_install_action (widget_class, "commissions.next-month", NULL,
                                   next_month_action_cb);
  gtk_widget_class_install_action (widget_class, "commissions.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "commissions.compute", NULL, compute_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "commissions.add-rule", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "commissions.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "commissions.previous-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "commissions.next-month", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/commissions/ax-commissions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, rules_list);
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, report_list);
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, AxCommissionsPage, compute_button);
  gtk_widget_class_set_css_name (widget_class, "commissionspage");
}

static void
ax_commissions_page_init (AxCommissionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->rules_list,
                                placeholder (_("No rules yet: nobody earns commission until you "
                                               "add one. Start with a clinic-wide rule.")));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.add-rule", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Public API */

GtkWidget *
ax_commissions_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_COMMISSIONS_PAGE, "context", context, NULL);
}

void
ax_commissions_page_reload (AxCommissionsPage *self)
{
  g_return_if_fail (AX_IS_COMMISSIONS_PAGE (self));
  load (self, TRUE);
}

const char *
ax_commissions_page_get_period (AxCommissionsPage *self)
{
  g_return_val_if_fail (AX_IS_COMMISSIONS_PAGE (self), NULL);
  return self->period;
}

void
ax_commissions_page_set_period (AxCommissionsPage *self,
                                const char        *period)
{
  g_return_if_fail (AX_IS_COMMISSIONS_PAGE (self));
  g_return_if_fail (period != NULL);

  g_free (self->period);
  self->period = g_strdup (period);
  load (self, FALSE);
}

gboolean
ax_commissions_page_is_loading (AxCommissionsPage *self)
{
  g_return_val_if_fail (AX_IS_COMMISSIONS_PAGE (self), FALSE);
  return self->rules_loading || self->report_loading;
}

guint
ax_commissions_page_get_n_rules (AxCommissionsPage *self)
{
  g_return_val_if_fail (AX_IS_COMMISSIONS_PAGE (self), 0);
  return self->set != NULL ? self->set->rules->len : 0;
}

guint
ax_commissions_page_get_n_providers (AxCommissionsPage *self)
{
  g_return_val_if_fail (AX_IS_COMMISSIONS_PAGE (self), 0);
  return self->n_providers;
}

GtkWidget *
ax_commissions_page_get_compute_button (AxCommissionsPage *self)
{
  g_return_val_if_fail (AX_IS_COMMISSIONS_PAGE (self), NULL);
  return self->compute_button;
}
