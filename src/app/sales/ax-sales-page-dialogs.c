/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Sales page's dialogs: Void (with an Owner's password when the cashier
 * is not an Owner), Refund (quantities per line) and Close Day (the cash
 * count, then the Z report). The model decides; its refusals are shown. */

#include "ax-sales-page-private.h"

#include <glib/gi18n.h>

#include "ax-auth.h"
#include "ax-money.h"
#include "ax-uuid.h"
#include "ax-sale-print.h"

static GtkWindow *
parent_window (AxSalesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkWidget *
dialog_new (AxSalesPage *self,
            const char  *heading,
            const char  *body,
            const char  *response,
            const char  *response_label,
            gboolean     destructive,
            GtkWidget   *extra)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    response, response_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  ax_sales_page_set_dialog (self, dialog);
  return dialog;
}

static GtkWidget *
entry_new (GtkWidget  *box,
           const char *name,
           const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

/* Void */

typedef struct
{
  AxSalesPage *self;
  char        *sale_id;
  char        *reason;
  GtkWidget   *reason_entry;
  GtkWidget   *owner_dropdown;
  GtkWidget   *password_entry;
  GPtrArray   *owners;
} VoidRequest;

static void
void_request_free (gpointer data,
                   GClosure *closure)
{
  VoidRequest *req = data;

  g_object_unref (req->self);
  g_free (req->sale_id);
  g_free (req->reason);
  g_clear_pointer (&req->owners, g_ptr_array_unref);
  g_free (req);
}

static void
run_void (AxSalesPage *self,
          const char  *sale_id,
          const char  *reason,
          const char  *approver)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sale_id");
  json_builder_add_string_value (b, sale_id);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  if (approver != NULL)
    {
      json_builder_set_member_name (b, "approved_by");
      json_builder_add_string_value (b, approver);
    }
  json_builder_end_object (b);
  args = json_builder_get_root (b);
  result = ax_sales_page_mutate (self, "sale.void", args, _("The sale was not voided"));
}

static void
owner_login_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  VoidRequest *req = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) owner = ax_auth_login_finish (AX_STORE (source), result, &error);

  if (owner == NULL)
    ax_sale_print_show_error (parent_window (req->self), _("The owner’s password was not accepted"), error);
  else
    run_void (req->self, req->sale_id, req->reason, ax_actor_get_user_id (owner));
  void_request_free (req, NULL);
}

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VoidRequest      *req)
{
  AxStore *store = ax_context_get_store (req->self->context);
  VoidRequest *login;
  AxUserInfo *owner;
  guint pos;

  if (g_strcmp0 (response, "void") != 0)
    return;
  g_free (req->reason);
  req->reason = g_strdup (text_of (req->reason_entry));
  if (req->owner_dropdown == NULL)
    {
      run_void (req->self, req->sale_id, req->reason, NULL);
      return;
    }
  pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (req->owner_dropdown));
  if (pos >= req->owners->len)
    return;
  owner = g_ptr_array_index (req->owners, pos);
  /* The owner's password is checked off the main thread (argon2id). */
  login = g_new0 (VoidRequest, 1);
  login->self = g_object_ref (req->self);
  login->sale_id = g_strdup (req->sale_id);
  login->reason = g_strdup (req->reason);
  ax_auth_login_async (store, owner->username, text_of (req->password_entry), NULL, owner_login_cb, login);
}

void
ax_sales_page_void_dialog (AxSalesPage *self)
{
  AxReceipt *r = ax_sales_page_get_selected (self);
  g_autofree char *body = NULL;
  GtkWidget *box, *dialog;
  VoidRequest *req;

  if (r == NULL)
    return;
  req = g_new0 (VoidRequest, 1);
  req->self = g_object_ref (self);
  req->sale_id = g_strdup (r->sale->id);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  req->reason_entry = entry_new (box, "reason", _("Reason"));
  if (!ax_context_can (self->context, AX_PERM_POS_APPROVE))
    {
      g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
      g_autoptr (GPtrArray) users = ax_auth_list_users (ax_context_get_store (self->context), NULL);

      req->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_user_info_free);
      for (guint i = 0; users && i < users->len; i++)
        {
          AxUserInfo *u = g_ptr_array_index (users, i);

          if (ax_role_has (u->role, AX_PERM_POS_APPROVE))
            {
              gtk_string_list_append (names, u->display_name);
              g_ptr_array_add (req->owners, g_steal_pointer (&users->pdata[i]));
            }
        }
      gtk_box_append (GTK_BOX (box), gtk_label_new (_("An owner approves the void:")));
      req->owner_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
      gtk_widget_set_name (req->owner_dropdown, "owner");
      gtk_accessible_update_property (GTK_ACCESSIBLE (req->owner_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Approving owner"), -1);
      gtk_box_append (GTK_BOX (box), req->owner_dropdown);
      req->password_entry = gtk_password_entry_new ();
      gtk_widget_set_name (req->password_entry, "password");
      gtk_accessible_update_property (GTK_ACCESSIBLE (req->password_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Owner’s password"), -1);
      gtk_box_append (GTK_BOX (box), req->password_entry);
    }
  body = g_strdup_printf (_("Voiding %s takes back its payments, stock and credits. The receipt "
                            "number stays used."), r->sale->number);
  dialog = dialog_new (self, _("Void the Sale?"), body, "void", _("_Void Sale"), TRUE, box);
  g_signal_connect_data (dialog, "response", G_CALLBACK (void_response_cb), req, void_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Refund */

typedef struct
{
  AxSalesPage *self;
  char        *sale_id;
  GPtrArray   *line_ids;
  GPtrArray   *spins;
  GtkWidget   *reason_entry;
} RefundRequest;

static void
refund_request_free (gpointer  data,
                     GClosure *closure)
{
  RefundRequest *req = data;

  g_object_unref (req->self);
  g_free (req->sale_id);
  g_ptr_array_unref (req->line_ids);
  g_ptr_array_unref (req->spins);
  g_free (req);
}

/* The credit note is made today: a sale of another day is refunded from
 * that day's list, so the page moves to today, where the credit note is
 * chosen (its receipt and A4 form a click away), and a toast offers to
 * print it at once. */
static void
refunded (AxSalesPage *self,
          const char  *credit_id,
          JsonObject  *result)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  const char *number = json_object_get_string_member (result, "number");
  g_autofree char *amount = ax_money_format (-json_object_get_int_member (result, "total"),
                                             clinic->currency, NULL);
  g_autofree char *text = NULL;
  g_autofree char *date = ax_sales_page_today (self);
  AdwToast *toast;

  ax_sales_page_set_date (self, date);
  g_free (self->selected_id);
  self->selected_id = g_strdup (credit_id);

  /* Translators: a toast after a refund: "Credit note LOTCN-D1-2026-000001 recorded: ฿590.00 refunded" */
  text = g_strdup_printf (_("Credit note %s recorded: %s refunded"), number, amount);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Print"));
  adw_toast_set_action_name (toast, "sale.print");
  adw_toast_set_action_target_value (toast, g_variant_new ("(ss)", credit_id, "receipt"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RefundRequest    *req)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;
  char id[AX_UUID_STRLEN];
  guint n = 0;

  if (g_strcmp0 (response, "refund") != 0)
    return;
  ax_uuid_v7 (id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "sale_id");
  json_builder_add_string_value (b, req->sale_id);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, text_of (req->reason_entry));
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < req->spins->len; i++)
    {
      int qty = gtk_spin_button_get_value_as_int (req->spins->pdata[i]);

      if (qty <= 0)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sale_line_id");
      json_builder_add_string_value (b, req->line_ids->pdata[i]);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_int_value (b, qty);
      json_builder_end_object (b);
      n++;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  if (n == 0)
    {
      g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                      _("Choose how many of a line to take back."));
      ax_sale_print_show_error (parent_window (req->self), _("Nothing was refunded"), error);
      return;
    }
  args = json_builder_get_root (b);
  result = ax_sales_page_mutate (req->self, "sale.refund", args, _("Nothing was refunded"));
  if (result != NULL)
    refunded (req->self, id, json_node_get_object (result));
}

void
ax_sales_page_refund_dialog (AxSalesPage *self)
{
  AxReceipt *r = ax_sales_page_get_selected (self);
  GtkWidget *box, *grid, *dialog;
  g_autofree char *body = NULL;
  RefundRequest *req;

  if (r == NULL)
    return;
  req = g_new0 (RefundRequest, 1);
  req->self = g_object_ref (self);
  req->sale_id = g_strdup (r->sale->id);
  req->line_ids = g_ptr_array_new_with_free_func (g_free);
  req->spins = g_ptr_array_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < r->sale->lines->len; i++)
    {
      AxSaleLine *l = g_ptr_array_index (r->sale->lines, i);
      GtkWidget *label = gtk_label_new (l->description);
      GtkWidget *spin = gtk_spin_button_new_with_range (0, (double) l->qty, 1);
      g_autofree char *name = g_strdup_printf ("qty-%u", i);
      g_autofree char *a11y = g_strdup_printf (_("Quantity of %s to refund"), l->description);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_name (spin, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), spin, 1, i, 1, 1);
      g_ptr_array_add (req->line_ids, g_strdup (l->id));
      g_ptr_array_add (req->spins, spin);
    }
  gtk_box_append (GTK_BOX (box), grid);
  req->reason_entry = entry_new (box, "reason", _("Reason"));
  body = g_strdup_printf (_("A credit note from its own series pays %s’s chosen lines back to the "
                            "payments they were made with, the last one first."), r->sale->number);
  dialog = dialog_new (self, _("Refund"), body, "refund", _("_Refund"), TRUE, box);
  g_signal_connect_data (dialog, "response", G_CALLBACK (refund_response_cb), req,
                         refund_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Close Day */

typedef struct
{
  AxSalesPage  *self;
  GtkWidget    *float_entry;
  GtkWidget    *counted_entry;
  GtkWidget    *note_entry;
  const gint64 *values;        /* the currency's notes and coins */
  guint         n_values;
  GPtrArray    *spins;         /* a count per value */
  GtkWidget    *sum_label;
} CloseRequest;

static void
close_request_free (gpointer  data,
                    GClosure *closure)
{
  CloseRequest *req = data;

  g_object_unref (req->self);
  g_clear_pointer (&req->spins, g_ptr_array_unref);
  g_free (req);
}

/* Σ value × count of the denominations, and whether any was counted. */
static gint64
denominations_sum (CloseRequest *req,
                   gboolean     *any)
{
  gint64 sum = 0;

  *any = FALSE;
  for (guint i = 0; req->spins != NULL && i < req->spins->len; i++)
    {
      int count = gtk_spin_button_get_value_as_int (req->spins->pdata[i]);

      *any |= count > 0;
      sum += req->values[i] * count;
    }
  return sum;
}

/* A count changed: the total is computed and put in the counted field,
 * which stays editable (a cashier may count a bag of coins by weight). */
static void
count_changed_cb (CloseRequest *req)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (req->self->context);
  gboolean any;
  gint64 sum = denominations_sum (req, &any);
  g_autofree char *text = ax_money_format (sum, clinic->currency, NULL);
  g_autofree char *label = g_strdup_printf (_("Counted by denomination: %s"), text);

  gtk_label_set_text (GTK_LABEL (req->sum_label), label);
  gtk_editable_set_text (GTK_EDITABLE (req->counted_entry), any ? text : "");
}

/* Two columns, notes and coins: each value and its count. */
static GtkWidget *
denominations_new (CloseRequest *req)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (req->self->context);
  guint n_notes = 0;
  GtkWidget *grid = gtk_grid_new ();

  req->values = ax_currency_denominations (clinic->currency, &req->n_values, &n_notes);
  req->spins = g_ptr_array_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  for (guint i = 0; i < req->n_values; i++)
    {
      gboolean note = i < n_notes;
      int col = note ? 0 : 3, row = (int) (note ? i : i - n_notes) + 1;
      g_autofree char *value = ax_money_format (req->values[i], clinic->currency, NULL);
      g_autofree char *name = g_strdup_printf ("count-%" G_GINT64_FORMAT, req->values[i]);
      /* Translators: the accessible name of a count: "Notes of ฿1,000.00" */
      g_autofree char *a11y = g_strdup_printf (note ? _("Notes of %s") : _("Coins of %s"), value);
      GtkWidget *label = gtk_label_new (value);
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100000, 1);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_name (spin, name);
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (count_changed_cb), req);
      gtk_grid_attach (GTK_GRID (grid), label, col, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), spin, col + 1, row, 1, 1);
      g_ptr_array_add (req->spins, spin);
    }
  if (req->n_values > 0)
    {
      GtkWidget *notes = gtk_label_new (_("Notes"));
      GtkWidget *coins = gtk_label_new (_("Coins"));
      GtkWidget *gap = gtk_label_new (NULL);

      gtk_widget_add_css_class (notes, "heading");
      gtk_widget_add_css_class (coins, "heading");
      gtk_widget_set_size_request (gap, 12, -1);
      gtk_grid_attach (GTK_GRID (grid), notes, 0, 0, 2, 1);
      gtk_grid_attach (GTK_GRID (grid), gap, 2, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), coins, 3, 0, 2, 1);
    }
  return grid;
}

static gboolean
parse_money (AxSalesPage *self,
             const char  *text,
             gint64      *out,
             GError     **error)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  if (text == NULL || *text == '\0')
    {
      *out = 0;
      return TRUE;
    }
  return ax_money_parse (text, clinic->currency, NULL, out, error);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CloseRequest     *req)
{
  AxSalesPage *self = req->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;
  gint64 flt = 0, counted = 0, by_count;
  gboolean any;

  if (g_strcmp0 (response, "close") != 0)
    return;
  if (*text_of (req->counted_entry) == '\0')
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("Count the cash in the drawer and enter the total."));
      ax_sale_print_show_error (parent_window (self), _("The day was not closed"), error);
      return;
    }
  if (!parse_money (self, text_of (req->float_entry), &flt, &error)
      || !parse_money (self, text_of (req->counted_entry), &counted, &error))
    {
      ax_sale_print_show_error (parent_window (self), _("The day was not closed"), error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, self->date);
  json_builder_set_member_name (b, "opening_float");
  json_builder_add_int_value (b, flt);
  json_builder_set_member_name (b, "counted_cash");
  json_builder_add_int_value (b, counted);
  /* The counts go with the total they add up to; a total typed over them
   * goes alone. */
  by_count = denominations_sum (req, &any);
  if (any && by_count == counted)
    {
      json_builder_set_member_name (b, "denominations");
      json_builder_begin_array (b);
      for (guint i = 0; i < req->spins->len; i++)
        {
          int count = gtk_spin_button_get_value_as_int (req->spins->pdata[i]);

          if (count == 0)
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "value");
          json_builder_add_int_value (b, req->values[i]);
          json_builder_set_member_name (b, "count");
          json_builder_add_int_value (b, count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (*text_of (req->note_entry) != '\0')
    {
      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, text_of (req->note_entry));
    }
  json_builder_end_object (b);
  args = json_builder_get_root (b);
  result = ax_sales_page_mutate (self, "day.close", args, _("The day was not closed"));
  if (result == NULL)
    return;
  if (!ax_z_report_print (self->context, parent_window (self),
                          ax_store_get_device_id (ax_context_get_store (self->context)), self->date,
                          &error))
    ax_sale_print_show_error (parent_window (self), _("The Z report was not printed"), error);
}

void
ax_sales_page_close_dialog (AxSalesPage *self)
{
  CloseRequest *req;
  GtkWidget *box, *dialog;
  g_autofree char *expected = NULL, *body = NULL;
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  if (self->day == NULL)
    return;
  req = g_new0 (CloseRequest, 1);
  req->self = g_object_ref (self);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  req->float_entry = entry_new (box, "float", _("Opening float (cash put in at the start)"));
  gtk_box_append (GTK_BOX (box), denominations_new (req));
  req->sum_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (req->sum_label, "dim-label");
  gtk_widget_set_visible (req->sum_label, req->n_values > 0);
  gtk_box_append (GTK_BOX (box), req->sum_label);
  req->counted_entry = entry_new (box, "counted", _("Cash counted in the drawer"));
  req->note_entry = entry_new (box, "note", _("Note (optional)"));
  count_changed_cb (req);
  expected = ax_money_format (self->day->report->cash_net, clinic->currency, NULL);
  body = g_strdup_printf (_("Cash taken on this terminal on %s, net of refunds: %s. Count the drawer "
                            "by notes and coins, or enter the total; the Z report shows what is "
                            "over or short. A day is closed once."), self->date, expected);
  dialog = dialog_new (self, _("Close the Day"), body, "close", _("_Close Day"), FALSE, box);
  g_signal_connect_data (dialog, "response", G_CALLBACK (close_response_cb), req,
                         close_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
