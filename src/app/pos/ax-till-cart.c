/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Till page's cart: a row per line (quantity, unit price, discount,
 * providers, remove), the receipt discount and the totals. Every edit makes
 * a new AxCart; what is shown always comes from the cart's own totals. The
 * discount and providers popovers are ax-till-line-popovers.c. */

#include "ax-till-page-private.h"

#include <glib/gi18n.h>

#include "ax-money.h"

/* Helpers */

char *
ax_till_page_format_money (AxTillPage *self,
                           gint64      minor)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  return ax_money_format (minor, clinic != NULL ? clinic->currency : "THB", NULL);
}

gboolean
ax_till_page_parse_money (AxTillPage  *self,
                          const char  *text,
                          gint64      *minor,
                          GError     **error)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  return ax_money_parse (text, clinic != NULL ? clinic->currency : "THB", NULL, minor, error);
}

void
ax_till_page_show_error (AxTillPage *self,
                         const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

gboolean
ax_till_page_is_owner (AxTillPage *self)
{
  AxActor *actor = ax_context_get_actor (self->context);

  return actor != NULL && ax_actor_get_role (actor) == AX_ROLE_OWNER;
}

gboolean
ax_till_page_needs_approval (AxTillPage *self)
{
  guint threshold = self->catalogue != NULL ? self->catalogue->approval_bp : 2000;

  if (ax_till_page_is_owner (self) || self->approved_by != NULL)
    return FALSE;
  if (ax_cart_receipt_discount_above (self->cart, threshold))
    return TRUE;
  for (gsize i = 0; i < ax_cart_get_n_lines (self->cart); i++)
    if (ax_cart_line_discount_above (self->cart, i, threshold))
      return TRUE;
  return FALSE;
}

/* "−10 %" or "−฿100.00", or NULL without a discount. */
static char *
discount_text (AxTillPage       *self,
               const AxDiscount *discount)
{
  if (discount->kind == AX_DISCOUNT_PERCENT && discount->value > 0)
    {
      g_autofree char *pct = g_strdup_printf ("%.4g", discount->value / 100.0);

      /* Translators: a percentage off: "−10 %" */
      return g_strdup_printf (_("−%s %%"), pct);
    }
  if (discount->kind == AX_DISCOUNT_AMOUNT && discount->value > 0)
    {
      g_autofree char *amount = ax_till_page_format_money (self, discount->value);

      return g_strdup_printf ("−%s", amount);
    }
  return NULL;
}

static char *
providers_text (AxTillPage       *self,
                const AxCartLine *line)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (line->n_providers == 0)
    return g_strdup (_("No provider"));
  for (guint k = 0; k < line->n_providers; k++)
    for (guint i = 0; self->catalogue != NULL && i < self->catalogue->providers->len; i++)
      {
        const AxTillProvider *p = g_ptr_array_index (self->catalogue->providers, i);

        if (g_strcmp0 (p->id, line->providers[k].provider_id) != 0)
          continue;
        if (text->len > 0)
          g_string_append (text, ", ");
        if (line->n_providers == 1)
          g_string_append (text, p->name);
        else
          g_string_append_printf (text, "%s %u %%", p->name, line->providers[k].split_bp / 100);
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Rows */

static void
row_set_discount_popover (AxTillPage    *self,
                          GtkMenuButton *button,
                          int            line)
{
  gtk_menu_button_set_popover (button, ax_till_page_new_discount_popover (self, line));
}

static void
quantity_changed_cb (GtkSpinButton *spin,
                     GtkWidget     *row)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (row), "page");
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  g_autoptr (GError) error = NULL;
  AxCart *cart;

  if (index < 0)
    return;
  cart = ax_cart_set_quantity (self->cart, (gsize) index, gtk_spin_button_get_value_as_int (spin),
                               &error);
  if (cart == NULL)
    ax_till_page_show_error (self, error->message);
  else
    ax_till_page_set_cart (self, cart);
}

static void
remove_clicked_cb (GtkWidget *row)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (row), "page");

  gtk_list_box_select_row (self->cart_list, GTK_LIST_BOX_ROW (row));
  ax_till_page_remove_selected (self);
}

static void
update_row (AxTillPage *self,
            GtkWidget  *row,
            gsize       index)
{
  const AxCartLine *line = ax_cart_get_line (self->cart, index);
  const AxTaxLineResult *r = ax_tax_result_get_line (ax_cart_get_tax (self->cart), index);
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "spin");
  g_autofree char *total = ax_till_page_format_money (self, r->amount);
  g_autofree char *unit = ax_till_page_format_money (self, line->unit_price);
  g_autofree char *times = g_strdup_printf ("× %s", unit);
  g_autofree char *discount = discount_text (self, &line->discount);
  g_autofree char *providers = providers_text (self, line);
  g_autofree char *qty_label = g_strdup_printf (_("Quantity of %s"), line->name);
  g_autofree char *disc_label = g_strdup_printf (_("Discount on %s"), line->name);
  g_autofree char *prov_label = g_strdup_printf (_("Providers of %s"), line->name);
  g_autofree char *rm_label = g_strdup_printf (_("Remove %s"), line->name);
  GtkWidget *lot;

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "name"), line->name);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "name"), line->name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "total"), total);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "unit"), times);
  gtk_menu_button_set_label (g_object_get_data (G_OBJECT (row), "discount"),
                             discount != NULL ? discount : _("Discount"));
  gtk_menu_button_set_label (g_object_get_data (G_OBJECT (row), "providers"), providers);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  qty_label, -1);
  gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "discount"),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, disc_label, -1);
  gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "providers"),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, prov_label, -1);
  gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "remove"),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rm_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, line->name,
                                  -1);
  if (gtk_spin_button_get_value_as_int (spin) != line->quantity)
    {
      g_signal_handlers_block_by_func (spin, quantity_changed_cb, row);
      gtk_spin_button_set_value (spin, line->quantity);
      g_signal_handlers_unblock_by_func (spin, quantity_changed_cb, row);
    }
  row_set_discount_popover (self, g_object_get_data (G_OBJECT (row), "discount"), (int) index);
  gtk_menu_button_set_popover (g_object_get_data (G_OBJECT (row), "providers"),
                               ax_till_page_new_providers_popover (self, index));
  lot = g_object_get_data (G_OBJECT (row), "lot");
  gtk_widget_set_visible (lot, line->kind == AX_CART_ITEM_PRODUCT);
  if (line->kind == AX_CART_ITEM_PRODUCT)
    {
      g_autofree char *lot_text = ax_till_page_lot_text (self, line);
      g_autofree char *lot_label = g_strdup_printf (_("Lot of %s"), line->name);

      gtk_menu_button_set_label (GTK_MENU_BUTTON (lot), lot_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (lot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lot_label, -1);
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (lot), ax_till_page_new_lot_popover (self, index));
    }
}

static GtkWidget *
new_row (AxTillPage *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *total = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 999, 1);
  GtkWidget *unit = gtk_label_new (NULL);
  GtkWidget *discount = gtk_menu_button_new ();
  GtkWidget *providers = gtk_menu_button_new ();
  GtkWidget *lot = gtk_menu_button_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (total), 1);
  gtk_widget_add_css_class (total, "numeric");
  gtk_widget_add_css_class (total, "heading");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove line (Delete)"));
  gtk_label_set_xalign (GTK_LABEL (unit), 0);
  gtk_widget_add_css_class (unit, "dim-label");
  gtk_widget_add_css_class (unit, "numeric");
  gtk_widget_add_css_class (discount, "flat");
  gtk_widget_add_css_class (providers, "flat");
  gtk_widget_set_halign (providers, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (providers, _("Who performed or sold it, and their shares"));
  gtk_widget_set_tooltip_text (discount, _("A discount off this line"));

  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 3, 1);
  gtk_grid_attach (GTK_GRID (grid), total, 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), remove, 4, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), spin, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), unit, 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), discount, 3, 1, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), providers, 0, 2, 5, 1);
  gtk_widget_add_css_class (lot, "flat");
  gtk_widget_set_halign (lot, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (lot, _("The lot the stock is taken from"));
  gtk_widget_set_visible (lot, FALSE);
  gtk_grid_attach (GTK_GRID (grid), lot, 0, 3, 5, 1);
  gtk_widget_add_css_class (grid, "till-line");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  g_object_set_data (G_OBJECT (row), "page", self);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "total", total);
  g_object_set_data (G_OBJECT (row), "unit", unit);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  g_object_set_data (G_OBJECT (row), "discount", discount);
  g_object_set_data (G_OBJECT (row), "providers", providers);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  g_object_set_data (G_OBJECT (row), "lot", lot);
  g_signal_connect (spin, "value-changed", G_CALLBACK (quantity_changed_cb), row);
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  return row;
}

/* Totals: subtotal, receipt discount, tax per class, total. */

static void
add_total_row (AxTillPage *self,
               int         y,
               const char *title,
               gint64      amount,
               const char *css_class)
{
  g_autofree char *text = ax_till_page_format_money (self, amount);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_add_css_class (value, "numeric");
  if (css_class != NULL)
    {
      gtk_widget_add_css_class (label, css_class);
      gtk_widget_add_css_class (value, css_class);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_grid_attach (self->totals_grid, label, 0, y, 1, 1);
  gtk_grid_attach (self->totals_grid, value, 1, y, 1, 1);
}

static void
update_totals (AxTillPage *self)
{
  AxTaxResult *tax = ax_cart_get_tax (self->cart);
  const AxTaxConfig *config = ax_cart_get_config (self->cart);
  g_autofree char *discount = discount_text (self, ax_cart_get_receipt_discount (self->cart));
  GtkWidget *child;
  int y = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->totals_grid))) != NULL)
    gtk_grid_remove (self->totals_grid, child);

  add_total_row (self, y++, _("Subtotal"), ax_tax_result_get_subtotal (tax), NULL);
  if (ax_tax_result_get_discount (tax) > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Receipt discount %s"), discount);

      add_total_row (self, y++, title, -ax_tax_result_get_discount (tax), NULL);
    }
  for (AxTaxClass c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      const AxTaxClassResult *r = ax_tax_result_get_class (tax, c);
      g_autofree char *net = NULL;
      g_autofree char *title = NULL;

      if (r->n_lines == 0)
        continue;
      net = ax_till_page_format_money (self, r->net);
      if (c == AX_TAX_CLASS_STANDARD)
        {
          g_autofree char *rate = g_strdup_printf ("%.4g", config->vat_rate_bp / 100.0);

          /* Translators: tax of a class: "VAT 7 % on ฿1,401.87" */
          title = g_strdup_printf (_("VAT %s %% on %s"), rate, net);
        }
      else
        /* Translators: a class without tax: "Exempt: ฿800.00" */
        title = g_strdup_printf (_("%s: %s"), ax_tax_class_display_name (c), net);
      add_total_row (self, y++, title, r->tax, "dim-label");
    }
  add_total_row (self, y++, _("Total"), ax_cart_get_total (self->cart), "till-total");
  gtk_menu_button_set_label (self->receipt_discount_button,
                             discount != NULL ? discount : _("Receipt Discount"));
}

void
ax_till_page_update_actions (AxTillPage *self)
{
  gboolean can_sell = ax_context_can (self->context, AX_PERM_POS_SELL);
  gboolean lines = ax_cart_get_n_lines (self->cart) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "till.pay", can_sell && lines);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "till.remove-line", lines);
  gtk_widget_set_sensitive (GTK_WIDGET (self->receipt_discount_button), lines);
}

void
ax_till_page_rebuild_rows (AxTillPage *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->cart_list, 0)) != NULL)
    gtk_list_box_remove (self->cart_list, GTK_WIDGET (row));
  for (gsize i = 0; i < ax_cart_get_n_lines (self->cart); i++)
    {
      GtkWidget *new = new_row (self);

      gtk_list_box_append (self->cart_list, new);
      update_row (self, new, i);
    }
}

void
ax_till_page_set_cart (AxTillPage *self,
                       AxCart     *cart)
{
  gsize n = ax_cart_get_n_lines (cart);
  gsize shown = 0;
  GtkListBoxRow *row;

  g_clear_pointer (&self->cart, ax_cart_unref);
  self->cart = cart;

  while (gtk_list_box_get_row_at_index (self->cart_list, (int) shown) != NULL)
    shown++;
  /* Added lines go at the end; a removed line's row is removed by the caller. */
  for (; shown < n; shown++)
    gtk_list_box_append (self->cart_list, new_row (self));
  while (shown > n && (row = gtk_list_box_get_row_at_index (self->cart_list, (int) --shown)) != NULL)
    gtk_list_box_remove (self->cart_list, GTK_WIDGET (row));
  for (gsize i = 0; i < n; i++)
    update_row (self, GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, (int) i)), i);

  gtk_stack_set_visible_child_name (self->cart_stack, n > 0 ? "lines" : "empty");
  row_set_discount_popover (self, self->receipt_discount_button, -1);
  update_totals (self);
  ax_till_page_update_actions (self);
}

void
ax_till_page_add_line (AxTillPage       *self,
                       const AxTillItem *item)
{
  AxActor *actor = ax_context_get_actor (self->context);
  AxCartProvider mine = { NULL, 10000 };
  AxCartLine line = {
    .kind = item->kind,
    .item_id = item->id,
    .name = item->name,
    .tax_class = item->tax_class,
    .unit_price = item->price,
    .quantity = 1,
  };
  g_autoptr (GError) error = NULL;
  AxCart *cart;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "till") != 0)
    return;
  /* The same item again adds one to its line. */
  for (gsize i = 0; i < ax_cart_get_n_lines (self->cart); i++)
    {
      const AxCartLine *l = ax_cart_get_line (self->cart, i);

      if (g_str_equal (l->item_id, item->id) && l->kind == item->kind
          && item->kind != AX_CART_ITEM_PACKAGE && item->kind != AX_CART_ITEM_MEMBERSHIP)
        {
          cart = ax_cart_set_quantity (self->cart, i, l->quantity + 1, &error);
          if (cart == NULL)
            ax_till_page_show_error (self, error->message);
          else
            ax_till_page_set_cart (self, cart);
          gtk_list_box_select_row (self->cart_list, gtk_list_box_get_row_at_index (self->cart_list,
                                                                                  (int) i));
          return;
        }
    }
  /* The logged-in user's provider, if they are one. */
  for (guint i = 0; actor != NULL && i < self->catalogue->providers->len; i++)
    {
      const AxTillProvider *p = g_ptr_array_index (self->catalogue->providers, i);

      if (g_strcmp0 (p->user_id, ax_actor_get_user_id (actor)) == 0)
        {
          mine.provider_id = p->id;
          line.providers = &mine;
          line.n_providers = 1;
          break;
        }
    }
  cart = ax_cart_add_line (self->cart, &line, &error);
  if (cart == NULL)
    {
      ax_till_page_show_error (self, error->message);
      return;
    }
  ax_till_page_set_cart (self, cart);
  gtk_list_box_select_row (self->cart_list,
                           gtk_list_box_get_row_at_index (self->cart_list,
                                                          (int) ax_cart_get_n_lines (cart) - 1));
}

void
ax_till_page_remove_selected (AxTillPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->cart_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  g_autoptr (GError) error = NULL;
  AxCart *cart;
  GtkListBoxRow *next;

  if (index < 0)
    return;
  cart = ax_cart_remove_line (self->cart, (gsize) index, &error);
  if (cart == NULL)
    {
      ax_till_page_show_error (self, error->message);
      return;
    }
  gtk_list_box_remove (self->cart_list, GTK_WIDGET (row));
  ax_till_page_set_cart (self, cart);
  next = gtk_list_box_get_row_at_index (self->cart_list, MIN (index, (int) ax_cart_get_n_lines (cart) - 1));
  if (next != NULL)
    {
      gtk_list_box_select_row (self->cart_list, next);
      gtk_widget_grab_focus (GTK_WIDGET (next));
    }
}
