/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Inventory page's forms: Receive Stock (stock.receive) and Adjust
 * (stock.adjust). What a person types is parsed here (whole numbers, money
 * in the clinic's currency); the rules (an expiry date, a lot already in
 * stock, no stock below zero, a reason) are the model's, and its refusal
 * shows under the field it names or at the top of the form. */

#include "ax-inventory-page-private.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ax-money.h"
#include "widgets/ax-form-dialog.h"

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
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), FALSE);
  return row;
}

/* A whole number typed by a person: "12", "+5", "−3" (a real minus sign too). */
static gboolean
parse_count (const char *text,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  g_autofree char *clean = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (g_str_has_prefix (text, "−"))
    clean = g_strconcat ("-", text + strlen ("−"), NULL);
  else if (text[0] == '+')
    clean = g_strdup (text + 1);
  else
    clean = g_strdup (text);
  g_strstrip (clean);
  return g_ascii_string_to_signed (clean, 10, min, max, out, NULL);
}

/* Runs mutator name with args (taken). */
static JsonNode *
mutate (AxInventoryPage *self,
        const char      *name,
        JsonObject      *args,
        GError         **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);

  json_object_unref (args);   /* the node holds it now */

  return ax_store_mutate (ax_context_get_store (self->context),
                          ax_context_get_actor (self->context), name, node, error);
}

/* Receive Stock */

static void
receive_submit_cb (AxFormDialog    *dialog,
                   AxInventoryPage *self)
{
  GPtrArray *product_ids = g_object_get_data (G_OBJECT (dialog), "product-ids");
  GPtrArray *supplier_ids = g_object_get_data (G_OBJECT (dialog), "supplier-ids");
  guint p = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "product_id")));
  guint s = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "supplier_id")));
  g_autofree char *lot = ax_form_dialog_get_text (dialog, "lot_number");
  g_autofree char *expiry = ax_form_dialog_get_text (dialog, "expiry_date");
  g_autofree char *qty_text = ax_form_dialog_get_text (dialog, "quantity");
  g_autofree char *cost_text = ax_form_dialog_get_text (dialog, "unit_cost");
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  JsonObject *args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *product_id = NULL;
  gint64 qty = 0, cost = 0;
  gboolean ok = TRUE;

  ax_form_dialog_clear_errors (dialog);
  if (p >= product_ids->len)
    {
      ax_form_dialog_set_error (dialog, "product_id", _("Choose the product received"));
      ok = FALSE;
    }
  if (!parse_count (qty_text, 1, 1000000, &qty))
    {
      ax_form_dialog_set_error (dialog, "quantity",
                                _("Enter how many units arrived, a whole number like 10"));
      ok = FALSE;
    }
  if (*cost_text != '\0'
      && !ax_money_parse (cost_text, clinic ? clinic->currency : NULL, clinic ? clinic->locale : NULL,
                          &cost, &error))
    {
      ax_form_dialog_set_error (dialog, "unit_cost", error->message);
      ok = FALSE;
    }
  if (!ok)
    {
      json_object_unref (args);
      return;
    }
  product_id = g_strdup (product_ids->pdata[p]);
  json_object_set_string_member (args, "product_id", product_id);
  json_object_set_string_member (args, "lot_number", lot);
  if (*expiry != '\0')
    json_object_set_string_member (args, "expiry_date", expiry);
  json_object_set_int_member (args, "quantity", qty);
  json_object_set_int_member (args, "unit_cost", cost);
  /* The first choice is "None". */
  if (s > 0 && s <= supplier_ids->len)
    json_object_set_string_member (args, "supplier_id", supplier_ids->pdata[s - 1]);
  result = mutate (self, "stock.receive", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  {
    AxStockProduct *product = ax_inventory_page_find_product (self, product_id);
    g_autofree char *amount = ax_inventory_format_qty (qty, product ? product->unit : "");

    /* Translators: a toast: "Received 10 U of Botox 100 U, lot C4512" */
    message = g_strdup_printf (_("Received %s of %s, lot %s"), amount,
                               product ? product->name : "", lot);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_inventory_page_changed (self, product_id, message);
}

void
ax_inventory_page_open_receive (AxInventoryPage *self,
                                const char      *product_id)
{
  g_autoptr (GPtrArray) product_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) supplier_names = g_ptr_array_new ();
  GPtrArray *product_ids = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *supplier_ids = g_ptr_array_new_with_free_func (g_free);
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  g_autofree char *cost_title = NULL;
  AdwPreferencesGroup *group;
  AxFormDialog *dialog;
  guint chosen = 0;

  if (self->overview == NULL || !ax_inventory_page_can_edit (self))
    return;
  for (guint i = 0; i < self->overview->products->len; i++)
    {
      AxStockProduct *p = self->overview->products->pdata[i];

      if (g_strcmp0 (p->product_id, product_id) == 0)
        chosen = i;
      g_ptr_array_add (product_names, p->name);
      g_ptr_array_add (product_ids, g_strdup (p->product_id));
    }
  g_ptr_array_add (supplier_names, _("None"));
  for (guint i = 0; i < self->overview->suppliers->len; i++)
    {
      AxStockSupplier *s = self->overview->suppliers->pdata[i];

      g_ptr_array_add (supplier_names, s->name);
      g_ptr_array_add (supplier_ids, g_strdup (s->id));
    }

  dialog = ax_form_dialog_new (GTK_WIDGET (self), _("Receive Stock"), _("_Receive"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 620);
  g_object_set_data_full (G_OBJECT (dialog), "product-ids", product_ids,
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "supplier-ids", supplier_ids,
                          (GDestroyNotify) g_ptr_array_unref);
  group = ax_form_dialog_add_group (dialog, NULL,
                                    _("A delivery is one lot: its number and expiry date as "
                                      "printed on the box, the date written like 2027-06-30."));
  ax_form_dialog_add_field (dialog, group, "product_id", _("Product"),
                            combo_new (_("Product"), product_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "product_id")),
                              chosen);
  ax_form_dialog_add_entry (dialog, group, "lot_number", _("Lot number"), NULL);
  ax_form_dialog_add_entry (dialog, group, "expiry_date", _("Expiry date"), NULL);
  group = ax_form_dialog_add_group (dialog, NULL, NULL);
  ax_form_dialog_add_entry (dialog, group, "quantity", _("Quantity"), NULL);
  /* Translators: a form field; %s is the clinic's currency code, "THB" */
  cost_title = g_strdup_printf (_("Unit cost (%s)"), clinic ? clinic->currency : "");
  ax_form_dialog_add_entry (dialog, group, "unit_cost", cost_title, NULL);
  ax_form_dialog_add_field (dialog, group, "supplier_id", _("Supplier"),
                            combo_new (_("Supplier"), supplier_names));
  g_signal_connect_object (dialog, "submit", G_CALLBACK (receive_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (dialog, "lot_number"));
}

/* Adjust */

static void
adjust_submit_cb (AxFormDialog    *dialog,
                  AxInventoryPage *self)
{
  const char *lot_id = g_object_get_data (G_OBJECT (dialog), "lot-id");
  const char *product_id = g_object_get_data (G_OBJECT (dialog), "product-id");
  g_autofree char *qty_text = ax_form_dialog_get_text (dialog, "quantity");
  g_autofree char *reason = ax_form_dialog_get_text (dialog, "reason");
  g_autofree char *message = NULL;
  g_autofree char *keep_product = g_strdup (product_id);
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *args;
  gint64 qty = 0;
  gboolean ok = TRUE;

  ax_form_dialog_clear_errors (dialog);
  if (!parse_count (qty_text, -1000000, 1000000, &qty) || qty == 0)
    {
      ax_form_dialog_set_error (dialog, "quantity",
                                _("Enter what to add, like 5, or take off, like −2"));
      ok = FALSE;
    }
  if (*reason == '\0')
    {
      ax_form_dialog_set_error (dialog, "reason",
                                _("Say why the stock changes: counted, damaged, expired, returned…"));
      ok = FALSE;
    }
  if (!ok)
    return;
  args = json_object_new ();
  json_object_set_string_member (args, "lot_id", lot_id);
  json_object_set_int_member (args, "quantity", qty);
  json_object_set_string_member (args, "reason", reason);
  result = mutate (self, "stock.adjust", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  /* Translators: a toast; %s is a lot number */
  message = g_strdup_printf (_("Stock of lot %s adjusted"),
                             (const char *) g_object_get_data (G_OBJECT (dialog), "lot-number"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_inventory_page_changed (self, keep_product, message);
}

void
ax_inventory_page_open_adjust (AxInventoryPage *self,
                               const char      *lot_id)
{
  AxStockLot *lot = ax_inventory_page_find_lot (self, lot_id);
  g_autofree char *qty = NULL;
  g_autofree char *description = NULL;
  AdwPreferencesGroup *group;
  AxFormDialog *dialog;

  if (lot == NULL || !ax_inventory_page_can_edit (self))
    return;
  qty = ax_inventory_format_qty (lot->on_hand, lot->unit);
  /* Translators: the Adjust form: "Lot C4512 of Botox 100 U: 24 U on hand." */
  description = g_strdup_printf (_("Lot %s of %s: %s on hand. A positive number adds stock, a "
                                   "negative one takes it off; the reason is kept with the change."),
                                 lot->lot_number, lot->product_name, qty);
  dialog = ax_form_dialog_new (GTK_WIDGET (self), _("Adjust Stock"), _("_Adjust"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 380);
  g_object_set_data_full (G_OBJECT (dialog), "lot-id", g_strdup (lot->lot_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "lot-number", g_strdup (lot->lot_number), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "product-id", g_strdup (lot->product_id), g_free);
  group = ax_form_dialog_add_group (dialog, NULL, description);
  ax_form_dialog_add_entry (dialog, group, "quantity", _("Change (+ adds, − takes off)"), NULL);
  ax_form_dialog_add_entry (dialog, group, "reason", _("Reason"), NULL);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (adjust_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ax_form_dialog_get_field (dialog, "quantity"));
}
