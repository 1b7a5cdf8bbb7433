/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-sales-page-private.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <inttypes.h>
#include <string.h>

#include "ax-money.h"
#include "ax-receipt-doc.h"
#include "ax-sale-print.h"

G_DEFINE_FINAL_TYPE (AxSalesPage, ax_sales_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (AxSalesPage *self);

/* Helpers */

static char *
money (AxSalesPage *self,
       gint64       minor)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  return ax_money_format (minor, clinic ? clinic->currency : "THB", NULL);
}

static GDateTime *
local (AxSalesPage *self,
       gint64       ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_to_timezone (utc, ax_store_get_timezone (ax_context_get_store (self->context)));
}

char *
ax_sales_page_today (AxSalesPage *self)
{
  g_autoptr (GDateTime) now = local (self, ax_store_now_ms (ax_context_get_store (self->context)));

  return g_date_time_format (now, "%Y-%m-%d");
}

static const char *
status_text (AxSale *s)
{
  if (g_strcmp0 (s->kind, "credit_note") == 0)
    return _("Credit note");
  if (g_strcmp0 (s->status, "voided") == 0)
    return _("Voided");
  if (g_strcmp0 (s->status, "refunded") == 0)
    return _("Refunded");
  return NULL;
}

static char *
tenders_text (AxSale *s)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < s->payments->len; i++)
    {
      AxSalePayment *p = g_ptr_array_index (s->payments, i);
      const char *name = ax_tender_display_name (p->tender);

      if ((p->amount < 0) != (s->total < 0) || strstr (out->str, name) != NULL)
        continue;
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

AxReceipt *
ax_sales_page_get_selected (AxSalesPage *self)
{
  for (guint i = 0; self->day && self->selected_id && i < self->day->receipts->len; i++)
    {
      AxReceipt *r = g_ptr_array_index (self->day->receipts, i);

      if (g_str_equal (r->sale->id, self->selected_id))
        return r;
    }
  return NULL;
}

void
ax_sales_page_update_actions (AxSalesPage *self)
{
  AxReceipt *r = ax_sales_page_get_selected (self);
  gboolean sale = r && g_strcmp0 (r->sale->kind, "sale") == 0;
  gboolean live = sale && g_strcmp0 (r->sale->status, "completed") == 0;
  g_autofree char *now = ax_sales_page_today (self);
  gboolean same_day = g_strcmp0 (self->date, now) == 0;
  gboolean closed = self->day && self->day->report->closed;
  gboolean can_sell = ax_context_can (self->context, AX_PERM_POS_SELL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.reprint", r != NULL && can_sell);
  /* A credit note has an A4 form too (its own number, the sale it refunds). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.invoice",
                                 r != NULL && g_strcmp0 (r->sale->status, "voided") != 0 && can_sell);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.void",
                                 live && same_day && ax_context_can (self->context, AX_PERM_POS_VOID));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.refund",
                                 live && ax_context_can (self->context, AX_PERM_POS_REFUND));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.close-day",
                                 self->day != NULL && !closed && can_sell && g_strcmp0 (self->date, now) <= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.z-report", self->day != NULL && can_sell);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.next-day", g_strcmp0 (self->date, now) < 0);
}

void
ax_sales_page_set_dialog (AxSalesPage *self,
                          GtkWidget   *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = GTK_WINDOW (dialog);
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
}

JsonNode *
ax_sales_page_mutate (AxSalesPage *self,
                      const char  *name,
                      JsonNode    *args,
                      const char  *failure_heading)
{
  g_autoptr (GError) error = NULL;
  JsonNode *result = ax_store_mutate (ax_context_get_store (self->context),
                                      ax_context_get_actor (self->context), name, args, &error);

  if (result == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      ax_sale_print_show_error (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, failure_heading, error);
    }
  return result;
}

static GtkWidget *
label_new (const char *text,
           const char *css,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
sale_row_new (AxSalesPage *self,
              AxReceipt   *r)
{
  AxSale *s = r->sale;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr (GDateTime) at = local (self, s->sold_at);
  g_autofree char *time = g_date_time_format (at, "%H:%M");
  g_autofree char *total = money (self, s->total);
  g_autofree char *tenders = tenders_text (s);
  g_autofree char *sub = g_strdup_printf ("%s · %s", time, r->patient_name ? r->patient_name : _("No patient"));
  g_autofree char *a11y = NULL;
  const char *status = status_text (s);
  GtkWidget *number = label_new (s->number, "heading", 0);
  GtkWidget *amount = label_new (total, "heading", 1);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_widget_set_margin_start (grid, 6);
  gtk_widget_set_margin_end (grid, 6);
  gtk_widget_set_hexpand (number, TRUE);
  if (g_strcmp0 (s->status, "voided") == 0)
    gtk_widget_add_css_class (amount, "dim-label");
  {
    /* The number, and after it the "not yet synced" mark (the amounts stay aligned). */
    GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *mark = ax_unsynced_mark_new ();

    gtk_widget_set_hexpand (number, FALSE);
    gtk_widget_set_hexpand (title, TRUE);
    gtk_widget_set_visible (mark, ax_unsynced_marks_contains (self->unsynced, s->id));
    gtk_box_append (GTK_BOX (title), number);
    gtk_box_append (GTK_BOX (title), mark);
    gtk_grid_attach (GTK_GRID (grid), title, 0, 0, 1, 1);
  }
  gtk_grid_attach (GTK_GRID (grid), amount, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), label_new (sub, "dim-label", 0), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), label_new (tenders, "dim-label", 1), 1, 1, 1, 1);
  if (status != NULL)
    {
      GtkWidget *badge = label_new (status, "caption", 0);

      gtk_widget_add_css_class (badge, g_strcmp0 (s->status, "voided") == 0 ? "error" : "warning");
      gtk_grid_attach (GTK_GRID (grid), badge, 0, 2, 2, 1);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  a11y = g_strdup_printf ("%s %s %s %s", s->number, total, sub, status ? status : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (row), "sale-id", g_strdup (s->id), g_free);
  return row;
}

static GtkWidget *
line_row_new (AxSalesPage *self,
              AxSaleLine  *l)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *unit = money (self, l->unit_price);
  g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", l->qty, unit);
  g_autofree char *amount = money (self, l->amount);
  GtkWidget *name = label_new (l->description, NULL, 0);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), label_new (qty, "dim-label", 1));
  gtk_box_append (GTK_BOX (box), label_new (amount, "numeric", 1));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_detail (AxSalesPage *self)
{
  AxReceipt *r = ax_sales_page_get_selected (self);
  AxSale *s;
  g_autoptr (GDateTime) at = NULL;
  g_autofree char *when = NULL, *sub = NULL, *totals = NULL, *subtotal = NULL, *tax = NULL;
  g_autofree char *total = NULL;
  g_autoptr (GString) pays = g_string_new (NULL);
  GtkWidget *child;

  ax_sales_page_update_actions (self);
  if (r == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  s = r->sale;
  at = local (self, s->sold_at);
  when = g_date_time_format (at, "%d/%m/%Y %H:%M");
  sub = g_strdup_printf (_("%s · %s · cashier %s%s%s%s%s"), status_text (s) ? status_text (s) : _("Sale"),
                         when, r->cashier_name ? r->cashier_name : "?",
                         r->patient_name ? " · " : "", r->patient_name ? r->patient_name : "",
                         r->refund_of_number ? _(" · refund of ") : "",
                         r->refund_of_number ? r->refund_of_number : "");
  gtk_label_set_label (self->detail_title, s->number);
  gtk_label_set_label (self->detail_subtitle, sub);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);
  for (guint i = 0; i < s->lines->len; i++)
    gtk_list_box_append (self->lines_list, line_row_new (self, g_ptr_array_index (s->lines, i)));
  subtotal = money (self, s->subtotal - s->discount);
  tax = money (self, s->tax);
  total = money (self, s->total);
  totals = g_markup_printf_escaped (_("VAT %s\n<b><big>Total %s</big></b>"), tax, total);
  gtk_label_set_markup (self->detail_totals, totals);
  for (guint i = 0; i < s->payments->len; i++)
    {
      AxSalePayment *p = g_ptr_array_index (s->payments, i);
      g_autofree char *amount = money (self, p->amount);

      g_string_append_printf (pays, "%s%s %s%s%s", pays->len ? "\n" : "", ax_tender_display_name (p->tender),
                              amount, p->reference ? " · " : "", p->reference ? p->reference : "");
    }
  if (s->void_reason != NULL)
    g_string_append_printf (pays, _("\nVoided: %s"), s->void_reason);
  gtk_label_set_label (self->detail_payments, pays->str);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
show_day (AxSalesPage *self)
{
  AxZReport *z = self->day->report;
  g_autofree char *net = money (self, z->net_total);
  g_autofree char *summary = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected = NULL;

  summary = g_strdup_printf (_("Sales %" PRId64 " · net %s · voids %" PRId64 " · "
                               "refunds %" PRId64 "%s"),
                             z->n_sales, net, z->n_voids, z->n_refunds,
                             z->closed ? _(" · day closed") : "");
  gtk_label_set_label (self->summary_label, summary);
  /* Nothing chosen yet: the newest, the one the cashier most likely wants. */
  if (self->selected_id == NULL && self->day->receipts->len > 0)
    self->selected_id = g_strdup (((AxReceipt *) g_ptr_array_index (self->day->receipts,
                                                                     self->day->receipts->len - 1))->sale->id);
  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sales_list))) != NULL)
    gtk_list_box_remove (self->sales_list, child);
  /* Newest first. */
  for (guint i = self->day->receipts->len; i-- > 0;)
    {
      AxReceipt *r = g_ptr_array_index (self->day->receipts, i);
      GtkWidget *row = sale_row_new (self, r);

      gtk_list_box_append (self->sales_list, row);
      if (g_strcmp0 (self->selected_id, r->sale->id) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }
  gtk_stack_set_visible_child_name (self->list_stack, self->day->receipts->len ? "list" : "empty");
  if (selected != NULL)
    gtk_list_box_select_row (self->sales_list, selected);
  self->rebuilding = FALSE;
  show_detail (self);
}

static void
update_date_button (AxSalesPage *self)
{
  int y, m, d;
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *label = NULL;

  if (sscanf (self->date, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  dt = g_date_time_new_local (y, m, d, 12, 0, 0);
  label = g_date_time_format (dt, "%a %-d %B %Y");
  gtk_menu_button_set_label (self->date_button, label);
  gtk_calendar_select_day (self->calendar, dt);
}

/* Callbacks */

static void
day_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (AxSalesPage) self = user_data;
  g_autoptr (GError) error = NULL;
  AxSalesDay *day = ax_sales_day_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->list_stack == NULL)
    {
      /* Disposed while reading. */
      ax_sales_day_free (day);
      return;
    }
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (day == NULL)
    {
      adw_status_page_set_description (self->error_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }
  g_clear_pointer (&self->day, ax_sales_day_free);
  self->day = day;
  show_day (self);
}

static void
load (AxSalesPage *self)
{
  AxStore *store = ax_context_get_store (self->context);

  if (ax_context_get_clinic (self->context) == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->day == NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  ax_sales_day_query_async (store, ax_store_get_device_id (store), self->date, self->cancellable,
                            day_loaded_cb, g_object_ref (self));
}

static void
store_changed_cb (AxSalesPage *self)
{
  load (self);
}

static void
unsynced_changed_cb (AxSalesPage *self)
{
  ax_unsynced_marks_apply (self->unsynced, GTK_WIDGET (self->sales_list), "sale-id");
}

static void
row_selected_cb (AxSalesPage   *self,
                 GtkListBoxRow *row,
                 GtkListBox    *box)
{
  /* Rows go away while the list is rebuilt and when the page is disposed. */
  if (self->rebuilding || self->detail_stack == NULL)
    return;
  g_free (self->selected_id);
  self->selected_id = row ? g_strdup (g_object_get_data (G_OBJECT (row), "sale-id")) : NULL;
  show_detail (self);
}

static void
day_selected_cb (AxSalesPage *self,
                 GtkCalendar *calendar)
{
  g_autoptr (GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d");

  gtk_menu_button_popdown (self->date_button);
  ax_sales_page_set_date (self, date);
}

static void
print_selected (AxSalesPage *self,
                const char  *kind)
{
  AxReceipt *r = ax_sales_page_get_selected (self);

  if (r != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "sale.print", "(ss)", r->sale->id, kind);
}

static void
reprint_action_cb (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  print_selected (AX_SALES_PAGE (widget), "receipt");
}

static void
invoice_action_cb (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  print_selected (AX_SALES_PAGE (widget), "invoice");
}

static void
void_action_cb (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ax_sales_page_void_dialog (AX_SALES_PAGE (widget));
}

static void
refund_action_cb (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  ax_sales_page_refund_dialog (AX_SALES_PAGE (widget));
}

static void
close_day_action_cb (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ax_sales_page_close_dialog (AX_SALES_PAGE (widget));
}

static void
z_report_action_cb (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  AxSalesPage *self = AX_SALES_PAGE (widget);
  AxStore *store = ax_context_get_store (self->context);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GError) error = NULL;

  if (!ax_z_report_print (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                          ax_store_get_device_id (store), self->date, &error))
    ax_sale_print_show_error (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("The Z report was not printed"), error);
}

static void
today_action_cb (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  AxSalesPage *self = AX_SALES_PAGE (widget);
  g_autofree char *date = ax_sales_page_today (self);

  ax_sales_page_set_date (self, date);
}

/* The day before or after the one shown; no day after today. */
static void
step_day (AxSalesPage *self,
          int          days)
{
  int y, m, d;
  g_autoptr (GDateTime) dt = NULL, next = NULL;
  g_autofree char *date = NULL;

  if (sscanf (self->date, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  dt = g_date_time_new_utc (y, m, d, 12, 0, 0);
  next = g_date_time_add_days (dt, days);
  date = g_date_time_format (next, "%Y-%m-%d");
  ax_sales_page_set_date (self, date);
}

static void
previous_day_action_cb (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  step_day (AX_SALES_PAGE (widget), -1);
}

static void
next_day_action_cb (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  step_day (AX_SALES_PAGE (widget), 1);
}

/* Overrides */

static void
ax_sales_page_constructed (GObject *object)
{
  AxSalesPage *self = AX_SALES_PAGE (object);

  G_OBJECT_CLASS (ax_sales_page_parent_class)->constructed (object);
  self->date = ax_sales_page_today (self);
  update_date_button (self);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->unsynced = ax_unsynced_marks_new (self->context, "sales");
  g_signal_connect_object (self->unsynced, "changed", G_CALLBACK (unsynced_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ax_sales_page_update_actions (self);
  load (self);
}

static void
ax_sales_page_dispose (GObject *object)
{
  AxSalesPage *self = AX_SALES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ax_sales_page_set_dialog (self, NULL);
  g_clear_object (&self->unsynced);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_SALES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ax_sales_page_parent_class)->dispose (object);
}

static void
ax_sales_page_finalize (GObject *object)
{
  AxSalesPage *self = AX_SALES_PAGE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->day, ax_sales_day_free);
  g_free (self->date);
  g_free (self->selected_id);
  G_OBJECT_CLASS (ax_sales_page_parent_class)->finalize (object);
}

static void
ax_sales_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxSalesPage *self = AX_SALES_PAGE (object);

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
ax_sales_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxSalesPage *self = AX_SALES_PAGE (object);

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
ax_sales_page_class_init (AxSalesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_sales_page_constructed;
  object_class->dispose = ax_sales_page_dispose;
  object_class->finalize = ax_sales_page_finalize;
  object_class->get_property = ax_sales_page_get_property;
  object_class->set_property = ax_sales_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "sales.reprint", NULL, reprint_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.invoice", NULL, invoice_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.void", NULL, void_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.refund", NULL, refund_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.close-day", NULL, close_day_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.z-report", NULL, z_report_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.today", NULL, today_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.previous-day", NULL, previous_day_action_cb);
  gtk_widget_class_install_action (widget_class, "sales.next-day", NULL, next_day_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "sales.reprint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "sales.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "sales.next-day", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/sales/ax-sales-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, sales_list);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, lines_list);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, detail_totals);
  gtk_widget_class_bind_template_child (widget_class, AxSalesPage, detail_payments);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
}

static void
ax_sales_page_init (AxSalesPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
ax_sales_page_new (AxContext *context)
{
  return g_object_new (AX_TYPE_SALES_PAGE, "context", context, NULL);
}

void
ax_sales_page_reload (AxSalesPage *self)
{
  g_return_if_fail (AX_IS_SALES_PAGE (self));
  load (self);
}

void
ax_sales_page_set_date (AxSalesPage *self,
                        const char  *date)
{
  g_return_if_fail (AX_IS_SALES_PAGE (self));
  if (g_strcmp0 (self->date, date) == 0)
    return;
  g_free (self->date);
  self->date = g_strdup (date);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->day, ax_sales_day_free);
  update_date_button (self);
  g_clear_object (&self->unsynced);
  self->unsynced = ax_unsynced_marks_new (self->context, "sales");
  g_signal_connect_object (self->unsynced, "changed", G_CALLBACK (unsynced_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ax_sales_page_update_actions (self);
  load (self);
}

const char *
ax_sales_page_get_date (AxSalesPage *self)
{
  return self->date;
}

guint
ax_sales_page_get_n_sales (AxSalesPage *self)
{
  return self->day ? self->day->receipts->len : 0;
}

gboolean
ax_sales_page_is_loading (AxSalesPage *self)
{
  return self->loading;
}

gboolean
ax_sales_page_select (AxSalesPage *self,
                      const char  *sale_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sales_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "sale-id"), sale_id) == 0)
      {
        gtk_list_box_select_row (self->sales_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

GtkWindow *
ax_sales_page_get_dialog (AxSalesPage *self)
{
  return self->dialog;
}
