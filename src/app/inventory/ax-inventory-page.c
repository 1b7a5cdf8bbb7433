/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-inventory-page-private.h"
#include "ax-pages.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (AxInventoryPage, ax_inventory_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (AxInventoryPage *self);

/* Helpers */

char *
ax_inventory_format_qty (gint64      qty,
                         const char *unit)
{
  /* Translators: a stock quantity and its unit: "24 U", "3 box" */
  return g_strdup_printf (_("%'" PRId64 " %s"), qty, unit != NULL ? unit : "");
}

/* "30 Jun 2027" from "2027-06-30"; the text itself when it is no date. */
static char *
format_date (const char *iso)
{
  GDate date;
  char buf[64];
  int y = 0, m = 0, d = 0;

  if (iso == NULL)
    return g_strdup ("");
  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  /* Translators: an expiry date, see strftime(3): "30 Jun 2027" */
  if (g_date_strftime (buf, sizeof buf, _("%-d %b %Y"), &date) == 0)
    return g_strdup (iso);
  return g_strdup (buf);
}

static GtkWidget *
tag_new (const char *text,
         const char *css)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_add_css_class (tag, "tag");
  gtk_widget_add_css_class (tag, css);
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  return tag;
}

gboolean
ax_inventory_page_can_edit (AxInventoryPage *self)
{
  return ax_context_can (self->context, AX_PERM_INVENTORY_EDIT);
}

AxStockProduct *
ax_inventory_page_find_product (AxInventoryPage *self,
                                const char      *product_id)
{
  for (guint i = 0; self->overview != NULL && i < self->overview->products->len; i++)
    {
      AxStockProduct *p = self->overview->products->pdata[i];

      if (g_strcmp0 (p->product_id, product_id) == 0)
        return p;
    }
  return NULL;
}

AxStockLot *
ax_inventory_page_find_lot (AxInventoryPage *self,
                            const char      *lot_id)
{
  for (guint i = 0; self->overview != NULL && i < self->overview->lots->len; i++)
    {
      AxStockLot *l = self->overview->lots->pdata[i];

      if (g_strcmp0 (l->lot_id, lot_id) == 0)
        return l;
    }
  return NULL;
}

static void
toast (AxInventoryPage *self,
       const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL && text != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static GtkWidget *
product_row_new (AxStockProduct *p)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *qty = ax_inventory_format_qty (p->on_hand, p->unit);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  GString *flags = g_string_new (NULL);

  /* Translators: under a product: "24 U on hand · 2 lots" */
  subtitle = g_strdup_printf (ngettext ("%s on hand · %u lot", "%s on hand · %u lots", p->n_lots),
                              qty, p->n_lots);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (p->n_expired > 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("Expired"), "error"));
      g_string_append_printf (flags, ", %s", _("has expired lots"));
    }
  if (p->n_near_expiry > 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("Expiring"), "warning"));
      g_string_append_printf (flags, ", %s", _("has lots expiring soon"));
    }
  if (p->low)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 tag_new (p->on_hand <= 0 ? _("Out of stock") : _("Low stock"),
                                          p->on_hand <= 0 ? "error" : "warning"));
      g_string_append_printf (flags, ", %s", p->on_hand <= 0 ? _("out of stock") : _("low stock"));
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  description = g_strconcat (subtitle, flags->str, NULL);
  g_string_free (flags, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_object_set_data_full (G_OBJECT (row), "product-id", g_strdup (p->product_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "name-folded", g_utf8_casefold (p->name, -1), g_free);
  return row;
}

static GtkWidget *
lot_row_new (AxInventoryPage *self,
             AxStockLot      *l)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *qty = ax_inventory_format_qty (l->on_hand, l->unit);
  g_autofree char *expiry = format_date (l->expiry_date);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  GtkWidget *label;

  /* Translators: a lot in the Inventory page: its number */
  title = g_strdup_printf (_("Lot %s"), l->lot_number);
  if (l->expiry_date == NULL)
    subtitle = g_strdup (_("No expiry date"));
  else if (l->expired)
    /* Translators: %s is a date */
    subtitle = g_strdup_printf (_("Expired %s"), expiry);
  else
    /* Translators: %s is a date */
    subtitle = g_strdup_printf (_("Expires %s"), expiry);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (l->expired)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("Expired"), "error"));
  else if (l->near_expiry)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("Expiring"), "warning"));
  label = gtk_label_new (qty);
  gtk_widget_add_css_class (label, "numeric");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On hand"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (ax_inventory_page_can_edit (self))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Adjust…"));
      g_autofree char *name = g_strdup_printf (_("Adjust lot %s"), l->lot_number);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "inventory.adjust");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", l->lot_id);
      gtk_widget_set_tooltip_text (button, _("Add or take off stock of this lot, with a reason"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  {
    g_autofree char *description = g_strdup_printf ("%s, %s", subtitle, qty);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  }
  return row;
}

static void
clear_lots (AxInventoryPage *self)
{
  for (guint i = 0; i < self->lot_rows->len; i++)
    adw_preferences_group_remove (self->lots_group, self->lot_rows->pdata[i]);
  g_ptr_array_set_size (self->lot_rows, 0);
}

static void
show_lots (AxInventoryPage *self,
           AxStockProduct  *p)
{
  g_autofree char *qty = NULL;
  g_autofree char *description = NULL;
  guint n = 0;

  clear_lots (self);
  g_free (self->selected_id);
  self->selected_id = p ? g_strdup (p->product_id) : NULL;
  if (p == NULL)
    {
      gtk_stack_set_visible_child_name (self->lots_stack, "none");
      return;
    }
  qty = ax_inventory_format_qty (p->on_hand, p->unit);
  if (p->threshold > 0)
    {
      g_autofree char *threshold = ax_inventory_format_qty (p->threshold, p->unit);

      /* Translators: under the product's name: "24 U on hand; low at 10 U" */
      description = g_strdup_printf (_("%s on hand; low at %s"), qty, threshold);
    }
  else
    /* Translators: under the product's name */
    description = g_strdup_printf (_("%s on hand"), qty);
  adw_preferences_group_set_title (self->lots_group, p->name);
  adw_preferences_group_set_description (self->lots_group, description);
  for (guint i = 0; i < self->overview->lots->len; i++)
    {
      AxStockLot *l = self->overview->lots->pdata[i];
      GtkWidget *row;

      if (g_strcmp0 (l->product_id, p->product_id) != 0)
        continue;
      row = lot_row_new (self, l);
      adw_preferences_group_add (self->lots_group, row);
      g_ptr_array_add (self->lot_rows, row);
      n++;
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No stock"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   ax_inventory_page_can_edit (self)
                                   ? _("Receive a lot to put this product in stock.")
                                   : _("No lot of this product is in stock."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->lots_group, row);
      g_ptr_array_add (self->lot_rows, row);
    }
  gtk_stack_set_visible_child_name (self->lots_stack, "lots");
}

static gboolean
filter_row_cb (GtkListBoxRow *row,
               gpointer       user_data)
{
  AxInventoryPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  gboolean shown;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  shown = strstr (g_object_get_data (G_OBJECT (row), "name-folded"), g_strstrip (needle)) != NULL;
  return shown;
}

static void
update_count (AxInventoryPage *self)
{
  g_autofree char *text = NULL;
  guint total = self->overview ? self->overview->products->len : 0;
  guint n = 0;

  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->product_list, 0); row != NULL;
       row = gtk_list_box_get_row_at_index (self->product_list, gtk_list_box_row_get_index (row) + 1))
    if (filter_row_cb (row, self))
      n++;
  self->n_shown = n;
  /* Translators: above the product list: "12 of 30 products" */
  text = n == total ? g_strdup_printf (ngettext ("%u product", "%u products", total), total)
                    : g_strdup_printf (ngettext ("%u of %u product", "%u of %u products", total),
                                       n, total);
  gtk_label_set_label (self->count_label, text);
  gtk_widget_set_visible (self->no_match_label, n == 0 && total > 0);
}

static void
update_actions (AxInventoryPage *self)
{
  gboolean can = ax_inventory_page_can_edit (self);

  gtk_widget_set_visible (self->receive_button, can);
  gtk_widget_set_visible (self->receive_lot_button, can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.receive",
                                 can && self->overview != NULL
                                 && self->overview->products->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.adjust", can);
}

static void
fill (AxInventoryPage *self)
{
  g_autofree char *keep = g_strdup (self->select_after_load ? self->select_after_load
                                                            : self->selected_id);
  GtkListBoxRow *row;

  g_clear_pointer (&self->select_after_load, g_free);
  clear_lots (self);
  while ((row = gtk_list_box_get_row_at_index (self->product_list, 0)) != NULL)
    gtk_list_box_remove (self->product_list, GTK_WIDGET (row));
  for (guint i = 0; i < self->overview->products->len; i++)
    gtk_list_box_append (self->product_list, product_row_new (self->overview->products->pdata[i]));
  update_count (self);
  if (self->overview->products->len == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       _("There are no products in the catalogue yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  g_clear_pointer (&self->selected_id, g_free);
  if (keep == NULL || !ax_inventory_page_select_product (self, keep))
    show_lots (self, NULL);
}

/* Callbacks */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (AxInventoryPage) self = user_data;
  g_autoptr (GError) error = NULL;
  AxStockOverview *overview = ax_stock_overview_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (overview == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }
  self->loaded = TRUE;
  g_clear_pointer (&self->overview, ax_stock_overview_free);
  self->overview = overview;
  fill (self);
  update_actions (self);
}

static void
row_selected_cb (AxInventoryPage *self,
                 GtkListBoxRow   *row)
{
  if (row == NULL)
    return;
  show_lots (self, ax_inventory_page_find_product (self, g_object_get_data (G_OBJECT (row),
                                                                            "product-id")));
}

static void
search_changed_cb (AxInventoryPage *self)
{
  gtk_list_box_invalidate_filter (self->product_list);
  update_count (self);
}

static void
store_changed_cb (AxInventoryPage *self,
                  const char      *mutator,
                  AxStore         *store)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    self->loaded = FALSE;
}

static void
actor_changed_cb (AxInventoryPage *self)
{
  update_actions (self);
  if (self->overview != NULL)
    fill (self);
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load (AX_INVENTORY_PAGE (widget));
}

static void
receive_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (widget);

  ax_inventory_page_open_receive (self, self->selected_id);
}

static void
adjust_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ax_inventory_page_open_adjust (AX_INVENTORY_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
focus_search_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (AX_INVENTORY_PAGE (widget)->search_entry));
}

static void
load (AxInventoryPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->overview == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  ax_stock_overview_query_async (ax_context_get_store (self->context), self->cancellable,
                                 loaded_cb, g_object_ref (self));
}

void
ax_inventory_page_changed (AxInventoryPage *self,
                           const char      *product_id,
                           const char      *message)
{
  g_free (self->select_after_load);
  self->select_after_load = g_strdup (product_id);
  toast (self, message);
  /* The store's ::changed reloads a mapped page; an unmapped one reloads on map. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
}

/* Overrides */

static void
ax_inventory_page_map (GtkWidget *widget)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (widget);

  GTK_WIDGET_CLASS (ax_inventory_page_parent_class)->map (widget);
  if (!self->loaded && !self->loading)
    load (self);
}

static void
ax_inventory_page_constructed (GObject *object)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (object);

  G_OBJECT_CLASS (ax_inventory_page_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::actor", G_CALLBACK (actor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_inventory_page_dispose (GObject *object)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_INVENTORY_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->lot_rows, g_ptr_array_unref);
  g_clear_pointer (&self->overview, ax_stock_overview_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->select_after_load, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_inventory_page_parent_class)->dispose (object);
}

static void
ax_inventory_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (object);

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
ax_inventory_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AxInventoryPage *self = AX_INVENTORY_PAGE (object);

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
ax_inventory_page_class_init (AxInventoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_inventory_page_constructed;
  object_class->dispose = ax_inventory_page_dispose;
  object_class->get_property = ax_inventory_page_get_property;
  object_class->set_property = ax_inventory_page_set_property;
  widget_class->map = ax_inventory_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "inventory.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "inventory.receive", NULL, receive_action_cb);
  gtk_widget_class_install_action (widget_class, "inventory.adjust", "s", adjust_action_cb);
  gtk_widget_class_install_action (widget_class, "inventory.focus-search", NULL,
                                   focus_search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "inventory.focus-search", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/inventory/ax-inventory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, receive_button);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, product_list);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, lots_stack);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, lots_group);
  gtk_widget_class_bind_template_child (widget_class, AxInventoryPage, receive_lot_button);
  gtk_widget_class_set_css_name (widget_class, "inventorypage");
}

static void
ax_inventory_page_init (AxInventoryPage *self)
{
  static const AxPageShortcut keys[] = {
    { "F5|<Control>r", "inventory.reload" },
    { "<Control>n", "inventory.receive" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  ax_page_add_shortcuts (GTK_WIDGET (self), keys, G_N_ELEMENTS (keys));
  self->lot_rows = g_ptr_array_new ();
  gtk_list_box_set_filter_func (self->product_list, filter_row_cb, self, NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->product_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Public API */

GtkWidget *
ax_inventory_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_INVENTORY_PAGE, "context", context, NULL);
}

void
ax_inventory_page_reload (AxInventoryPage *self)
{
  g_return_if_fail (AX_IS_INVENTORY_PAGE (self));
  load (self);
}

const char *
ax_inventory_page_get_state (AxInventoryPage *self)
{
  g_return_val_if_fail (AX_IS_INVENTORY_PAGE (self), NULL);
  return self->loading && self->overview == NULL ? "loading"
                                                 : gtk_stack_get_visible_child_name (self->stack);
}

AxStockOverview *
ax_inventory_page_get_overview (AxInventoryPage *self)
{
  g_return_val_if_fail (AX_IS_INVENTORY_PAGE (self), NULL);
  return self->overview;
}

gboolean
ax_inventory_page_select_product (AxInventoryPage *self,
                                  const char      *product_id)
{
  g_return_val_if_fail (AX_IS_INVENTORY_PAGE (self), FALSE);

  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->product_list, 0); row != NULL;
       row = gtk_list_box_get_row_at_index (self->product_list, gtk_list_box_row_get_index (row) + 1))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "product-id"), product_id) == 0)
      {
        gtk_list_box_select_row (self->product_list, row);
        show_lots (self, ax_inventory_page_find_product (self, product_id));
        return TRUE;
      }
  return FALSE;
}

guint
ax_inventory_page_get_n_shown (AxInventoryPage *self)
{
  g_return_val_if_fail (AX_IS_INVENTORY_PAGE (self), 0);
  return self->n_shown;
}
