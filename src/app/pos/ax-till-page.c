/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Till page: the catalogue grid, search and scanning, the page's
 * actions and the done state. The patient popover is ax-till-patient.c; the
 * cart's rows and totals are ax-till-cart.c, the line popovers
 * ax-till-line-popovers.c; payment is ax-till-payment.c. */

#include <inttypes.h>
#include "ax-till-page-private.h"

#include <glib/gi18n.h>

#include "ax-till-payment.h"
#include "ax-uuid.h"
#include "ax-pages.h"

G_DEFINE_FINAL_TYPE (AxTillPage, ax_till_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *title;
  const char *icon;
} tabs[AX_N_TILL_TABS] = {
  [AX_TILL_TAB_TREATMENTS] = { "treatments", N_("Treatments"), "starred-symbolic" },
  [AX_TILL_TAB_MEDICATIONS] = { "medications", N_("Medications"), "applications-science-symbolic" },
  [AX_TILL_TAB_RETAIL] = { "retail", N_("Retail"), "emblem-shared-symbolic" },
  [AX_TILL_TAB_PACKAGES] = { "packages", N_("Packages & Memberships"), "emblem-favorite-symbolic" },
};

/* Helpers */

static const AxTillItem *
child_item (GtkFlowBoxChild *child)
{
  return child != NULL ? g_object_get_data (G_OBJECT (child), "till-item") : NULL;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_card (AxTillPage       *self,
          const AxTillItem *item)
{
  g_autofree char *price = ax_till_page_format_money (self, item->price);
  g_autofree char *a11y = NULL;
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = new_label (item->name, "till-card-name");
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *price_label = new_label (price, "till-card-price");

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
  gtk_label_set_width_chars (GTK_LABEL (name), 18);
  gtk_widget_set_vexpand (name, TRUE);
  gtk_widget_set_valign (name, GTK_ALIGN_START);

  if (item->code != NULL)
    gtk_box_append (GTK_BOX (top), new_label (item->code, "till-card-code"));
  if (item->category != NULL || item->kind == AX_CART_ITEM_MEMBERSHIP
      || item->kind == AX_CART_ITEM_PACKAGE)
    {
      const char *badge = item->category != NULL ? item->category
                          : item->kind == AX_CART_ITEM_MEMBERSHIP ? _("Membership")
                                                                   : _("Course");
      GtkWidget *tag = new_label (badge, "tag");

      gtk_widget_set_hexpand (tag, TRUE);
      gtk_widget_set_halign (tag, GTK_ALIGN_END);
      gtk_label_set_ellipsize (GTK_LABEL (tag), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (top), tag);
    }
  gtk_widget_set_hexpand (price_label, TRUE);
  gtk_box_append (GTK_BOX (bottom), price_label);
  if (item->on_hand >= 0)
    {
      g_autofree char *stock = item->on_hand > 0
                                 ? g_strdup_printf (_("%" PRId64 " in stock"), item->on_hand)
                                 : g_strdup (_("Out of stock"));
      GtkWidget *label = new_label (stock, item->on_hand > 0 ? "dim-label" : "error");

      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (bottom), label);
    }

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "till-card");
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);

  /* What a screen reader says, and what UI tests click. */
  a11y = g_strdup_printf ("%s, %s", item->name, price);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  item->code != NULL ? item->code : "", -1);
  gtk_widget_set_tooltip_text (child, item->name);
  g_object_set_data (G_OBJECT (child), "till-item", (gpointer) item);
  return child;
}

static void
clear_grids (AxTillPage *self)
{
  for (guint t = 0; t < AX_N_TILL_TABS; t++)
    {
      GtkFlowBoxChild *child;

      while ((child = gtk_flow_box_get_child_at_index (self->grids[t], 0)) != NULL)
        gtk_flow_box_remove (self->grids[t], GTK_WIDGET (child));
    }
}

static const char *
search_text (AxTillPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/* Filters every tab by what is typed; a tab's badge counts its matches, and
 * when the tab shown has none the first tab that has some is shown. */
static void
apply_filter (AxTillPage *self)
{
  const char *query = search_text (self);
  guint counts[AX_N_TILL_TABS] = { 0 };
  int shown = -1;

  if (self->catalogue == NULL)
    return;
  for (guint i = 0; i < self->catalogue->items->len; i++)
    {
      const AxTillItem *item = g_ptr_array_index (self->catalogue->items, i);

      if (ax_till_item_matches (item, query))
        counts[item->tab]++;
    }
  for (guint t = 0; t < AX_N_TILL_TABS; t++)
    {
      gtk_flow_box_invalidate_filter (self->grids[t]);
      if (*query != '\0')
        {
          /* Translators: a catalogue tab and how many items match: "Retail (3)" */
          g_autofree char *label = g_strdup_printf (_("%s (%u)"), _(tabs[t].title), counts[t]);

          gtk_button_set_label (GTK_BUTTON (self->tab_buttons[t]), label);
        }
      else
        gtk_button_set_label (GTK_BUTTON (self->tab_buttons[t]), _(tabs[t].title));
      if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (
            gtk_widget_get_ancestor (GTK_WIDGET (self->grids[t]), GTK_TYPE_SCROLLED_WINDOW)))
        shown = (int) t;
    }
  if (shown >= 0 && counts[shown] == 0)
    for (guint t = 0; t < AX_N_TILL_TABS; t++)
      if (counts[t] > 0)
        {
          adw_view_stack_set_visible_child_name (self->view_stack, tabs[t].name);
          break;
        }
}

static gboolean
filter_cb (GtkFlowBoxChild *child,
           gpointer         user_data)
{
  AxTillPage *self = user_data;

  return ax_till_item_matches (child_item (child), search_text (self));
}

static void
show_catalogue (AxTillPage *self)
{
  clear_grids (self);
  for (guint i = 0; i < self->catalogue->items->len; i++)
    {
      const AxTillItem *item = g_ptr_array_index (self->catalogue->items, i);

      gtk_flow_box_append (self->grids[item->tab], new_card (self, item));
    }
  apply_filter (self);
  gtk_stack_set_visible_child_name (self->catalogue_stack, "ready");
}

static void catalogue_done_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
load_catalogue (AxTillPage *self)
{
  if (self->catalogue == NULL)
    gtk_stack_set_visible_child_name (self->catalogue_stack, "loading");
  g_object_set_data (G_OBJECT (self), "catalogue-stale", NULL);
  g_object_set_data (G_OBJECT (self), "catalogue-loading", GINT_TO_POINTER (TRUE));
  ax_till_catalogue_query_async (ax_context_get_store (self->context), self->cancellable,
                                 catalogue_done_cb, g_object_ref (self));
}

static void
update_sale_label (AxTillPage *self)
{
  /* Translators: the sale being rung up, by the end of its id: "Sale 4F2A9C1B" */
  g_autofree char *tail = g_ascii_strup (self->sale_id + strlen (self->sale_id) - 8, -1);
  g_autofree char *text = g_strdup_printf (_("Sale %s"), tail);

  gtk_label_set_text (self->sale_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sale_label), self->sale_id);
}

static void
start_new_sale (AxTillPage *self)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  AxTaxConfig config = {
    .vat_rate_bp = clinic != NULL ? clinic->vat_rate_bp : 0,
    .prices_include_tax = clinic != NULL ? clinic->prices_include_tax : TRUE,
    .currency = clinic != NULL ? clinic->currency : NULL,
  };

  g_free (self->sale_id);
  self->sale_id = ax_uuid_v7_new ();
  g_clear_pointer (&self->approved_by, g_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->patient_name, g_free);
  g_clear_pointer (&self->credits, ax_till_credits_free);
  update_sale_label (self);
  ax_till_page_update_patient_button (self);
  ax_till_page_set_cart (self, ax_cart_new (&config));
  gtk_stack_set_visible_child_name (self->main_stack, "till");
}

/* Callbacks */

static void
catalogue_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (AxTillPage) self = user_data;
  g_autoptr (GError) error = NULL;
  AxTillCatalogue *catalogue = ax_till_catalogue_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_object_set_data (G_OBJECT (self), "catalogue-loading", NULL);
  if (catalogue == NULL)
    {
      if (self->catalogue == NULL)
        {
          adw_status_page_set_description (self->catalogue_error, error->message);
          gtk_stack_set_visible_child_name (self->catalogue_stack, "error");
        }
      else
        ax_till_page_show_error (self, error->message);
      return;
    }
  clear_grids (self);
  g_clear_pointer (&self->catalogue, ax_till_catalogue_free);
  self->catalogue = catalogue;
  show_catalogue (self);
}

static void
search_changed_cb (AxTillPage     *self,
                   GtkSearchEntry *entry)
{
  apply_filter (self);
}

/* Enter in the search entry: an exact code or barcode (a scanner), else the
 * one item that matches what is typed. */
static void
search_activated_cb (AxTillPage     *self,
                     GtkSearchEntry *entry)
{
  const char *text = search_text (self);
  const AxTillItem *item = NULL;
  guint n = 0;

  if (self->catalogue == NULL || *text == '\0')
    return;
  item = ax_till_catalogue_lookup_code (self->catalogue, text);
  for (guint i = 0; item == NULL && i < self->catalogue->items->len; i++)
    if (ax_till_item_matches (g_ptr_array_index (self->catalogue->items, i), text) && n++ == 0)
      item = g_ptr_array_index (self->catalogue->items, i);
  if (item == NULL || (n > 1 && ax_till_catalogue_lookup_code (self->catalogue, text) == NULL))
    {
      g_autofree char *message = n > 1
        ? g_strdup_printf (_("%u items match “%s”: choose one"), n, text)
        : g_strdup_printf (_("No item has the code “%s”"), text);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
      return;
    }
  ax_till_page_add_line (self, item);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  apply_filter (self);
}

static void
card_activated_cb (AxTillPage      *self,
                   GtkFlowBoxChild *child,
                   GtkFlowBox      *grid)
{
  const AxTillItem *item = child_item (child);

  if (item != NULL)
    ax_till_page_add_line (self, item);
}

static void
tab_toggled_cb (GtkToggleButton *button,
                AxTillPage      *self)
{
  if (gtk_toggle_button_get_active (button))
    adw_view_stack_set_visible_child_name (self->view_stack,
                                           g_object_get_data (G_OBJECT (button), "tab-name"));
}

static void
visible_tab_cb (AxTillPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  for (guint t = 0; t < AX_N_TILL_TABS; t++)
    if (g_strcmp0 (name, tabs[t].name) == 0)
      gtk_toggle_button_set_active (self->tab_buttons[t], TRUE);
}

static void
payment_completed_cb (AxTillPage *self,
                      const char *number,
                      gint64      change_due,
                      GtkWidget  *dialog)
{
  g_autofree char *change = ax_till_page_format_money (self, change_due);
  /* Translators: the done state: the receipt number and the change to give */
  g_autofree char *text = change_due > 0
    ? g_strdup_printf (_("Receipt %s\nChange due: %s"), number, change)
    : g_strdup_printf (_("Receipt %s"), number);

  adw_status_page_set_description (self->done_page, text);
  /* The action is named with its target: sale.print takes (ss). */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->print_button), "(ss)", self->sale_id,
                                    "receipt");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->print_button), "sale.print");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->invoice_button), "(ss)", self->sale_id,
                                    "invoice");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->invoice_button), "sale.print");
  gtk_stack_set_visible_child_name (self->main_stack, "done");
  gtk_widget_grab_focus (GTK_WIDGET (self->print_button));
  g_object_set_data (G_OBJECT (self), "catalogue-stale", GINT_TO_POINTER (TRUE));
  load_catalogue (self);  /* stock on hand changed */
}

static void
open_payment (AxTillPage *self)
{
  GtkWidget *dialog = ax_till_payment_new (self->context, self->cart, self->sale_id,
                                           self->patient_id, self->credits, self->approved_by);

  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "completed", G_CALLBACK (payment_completed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pay_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  if (ax_cart_get_n_lines (self->cart) == 0
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "till") != 0)
    return;
  if (ax_till_page_needs_approval (self))
    ax_till_page_request_approval (self, open_payment);
  else
    open_payment (self);
}

static void
focus_search_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
new_sale_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  start_new_sale (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
remove_line_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ax_till_page_remove_selected (AX_TILL_PAGE (widget));
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load_catalogue (AX_TILL_PAGE (widget));
}

static void
store_changed_cb (AxTillPage *self,
                  const char *mutator,
                  AxStore    *store)
{
  /* Prices, items and stock: read again when next shown. */
  if (!g_str_has_prefix (mutator, "patient.") && !g_str_has_prefix (mutator, "appointment.")
      && !g_str_has_prefix (mutator, "chart") && !g_str_has_prefix (mutator, "session."))
    g_object_set_data (G_OBJECT (self), "catalogue-stale", GINT_TO_POINTER (TRUE));
}

/* Overrides */

static gboolean
ax_till_page_grab_focus (GtkWidget *widget)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ax_till_page_map (GtkWidget *widget)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  GTK_WIDGET_CLASS (ax_till_page_parent_class)->map (widget);
  if (g_object_get_data (G_OBJECT (self), "catalogue-stale") != NULL
      && g_object_get_data (G_OBJECT (self), "catalogue-loading") == NULL)
    load_catalogue (self);
}

static void
ax_till_page_constructed (GObject *object)
{
  AxTillPage *self = AX_TILL_PAGE (object);

  G_OBJECT_CLASS (ax_till_page_parent_class)->constructed (object);

  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  start_new_sale (self);
  load_catalogue (self);
}

static void
ax_till_page_dispose (GObject *object)
{
  AxTillPage *self = AX_TILL_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_TILL_PAGE);
  g_clear_pointer (&self->cart, ax_cart_unref);
  g_clear_pointer (&self->catalogue, ax_till_catalogue_free);
  g_clear_pointer (&self->credits, ax_till_credits_free);
  g_clear_pointer (&self->sale_id, g_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->patient_name, g_free);
  g_clear_pointer (&self->approved_by, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->lot_titles, g_hash_table_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_till_page_parent_class)->dispose (object);
}

static void
ax_till_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AxTillPage *self = AX_TILL_PAGE (object);

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
ax_till_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AxTillPage *self = AX_TILL_PAGE (object);

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
ax_till_page_class_init (AxTillPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_till_page_constructed;
  object_class->dispose = ax_till_page_dispose;
  object_class->get_property = ax_till_page_get_property;
  object_class->set_property = ax_till_page_set_property;
  widget_class->grab_focus = ax_till_page_grab_focus;
  widget_class->map = ax_till_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "till.pay", NULL, pay_action_cb);
  gtk_widget_class_install_action (widget_class, "till.focus-search", NULL, focus_search_action_cb);
  gtk_widget_class_install_action (widget_class, "till.attach-patient", NULL,
                                   ax_till_page_attach_patient_action);
  gtk_widget_class_install_action (widget_class, "till.detach-patient", NULL,
                                   ax_till_page_detach_patient_action);
  gtk_widget_class_install_action (widget_class, "till.new-sale", NULL, new_sale_action_cb);
  gtk_widget_class_install_action (widget_class, "till.remove-line", NULL, remove_line_action_cb);
  gtk_widget_class_install_action (widget_class, "till.reload", NULL, reload_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/pos/ax-till-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, catalogue_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, catalogue_error);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, sale_label);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, patient_button);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, patient_search);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, patient_results);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, detach_button);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, cart_list);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, totals_grid);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, receipt_discount_button);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, pay_button);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, done_page);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, AxTillPage, invoice_button);
  gtk_widget_class_set_css_name (widget_class, "tillpage");
}

static void
ax_till_page_init (AxTillPage *self)
{
  static const AxPageShortcut keys[] = {
    { "<Control>f", "till.focus-search" },
    { "<Control>Return|<Control>KP_Enter", "till.pay" },
    { "F2", "till.attach-patient" },
    { "F5|<Control>r", "till.reload" },
  };
  GtkEventController *line_keys = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->lot_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint t = 0; t < AX_N_TILL_TABS; t++)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *grid = gtk_flow_box_new ();

      self->grids[t] = GTK_FLOW_BOX (grid);
      gtk_flow_box_set_selection_mode (self->grids[t], GTK_SELECTION_NONE);
      gtk_flow_box_set_activate_on_single_click (self->grids[t], TRUE);
      gtk_flow_box_set_homogeneous (self->grids[t], TRUE);
      gtk_flow_box_set_max_children_per_line (self->grids[t], 8);
      gtk_flow_box_set_column_spacing (self->grids[t], 12);
      gtk_flow_box_set_row_spacing (self->grids[t], 12);
      gtk_flow_box_set_filter_func (self->grids[t], filter_cb, self, NULL);
      gtk_widget_set_valign (grid, GTK_ALIGN_START);
      gtk_widget_add_css_class (grid, "till-grid");
      gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(tabs[t].title), -1);
      g_signal_connect_swapped (grid, "child-activated", G_CALLBACK (card_activated_cb), self);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
      self->tab_pages[t] = adw_view_stack_add_titled (self->view_stack, scrolled, tabs[t].name,
                                                      _(tabs[t].title));
      adw_view_stack_page_set_icon_name (self->tab_pages[t], tabs[t].icon);

      self->tab_buttons[t] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_(tabs[t].title)));
      if (t > 0)
        gtk_toggle_button_set_group (self->tab_buttons[t], self->tab_buttons[0]);
      g_object_set_data (G_OBJECT (self->tab_buttons[t]), "tab-name", (gpointer) tabs[t].name);
      g_signal_connect (self->tab_buttons[t], "toggled", G_CALLBACK (tab_toggled_cb), self);
      gtk_box_append (self->tab_bar, GTK_WIDGET (self->tab_buttons[t]));
    }
  gtk_toggle_button_set_active (self->tab_buttons[0], TRUE);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (visible_tab_cb),
                            self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activated_cb), self);
  ax_till_page_init_patient (self);

  /* Managed by the window in the capture phase: they work wherever the
   * focus is on the page, in an entry too. */
  gtk_event_controller_set_propagation_phase (ax_page_add_shortcuts (GTK_WIDGET (self), keys,
                                                                     G_N_ELEMENTS (keys)),
                                              GTK_PHASE_CAPTURE);

  /* Delete removes the selected line, on the cart only (in an entry it
   * deletes text). */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (line_keys),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            "Delete|KP_Delete"),
                                                          gtk_named_action_new ("till.remove-line")));
  gtk_widget_add_controller (GTK_WIDGET (self->cart_list), line_keys);
}

/* Public API */

GtkWidget *
ax_till_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_TILL_PAGE, "context", context, NULL);
}

gboolean
ax_till_page_is_loading (AxTillPage *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), FALSE);

  return g_object_get_data (G_OBJECT (self), "catalogue-loading") != NULL;
}

void
ax_till_page_scan (AxTillPage *self,
                   const char *text)
{
  g_return_if_fail (AX_IS_TILL_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_emit_by_name (self->search_entry, "activate");
}

gboolean
ax_till_page_add_item (AxTillPage *self,
                       const char *item_id)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), FALSE);

  for (guint t = 0; t < AX_N_TILL_TABS; t++)
    {
      GtkFlowBoxChild *child;

      for (int i = 0; (child = gtk_flow_box_get_child_at_index (self->grids[t], i)) != NULL; i++)
        if (g_strcmp0 (child_item (child)->id, item_id) == 0)
          {
            adw_view_stack_set_visible_child_name (self->view_stack, tabs[t].name);
            g_signal_emit_by_name (child, "activate");
            return TRUE;
          }
    }
  return FALSE;
}

AxCart *
ax_till_page_get_cart (AxTillPage *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), NULL);

  return self->cart;
}

const char *
ax_till_page_get_sale_id (AxTillPage *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), NULL);

  return self->sale_id;
}

const char *
ax_till_page_get_patient_id (AxTillPage *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), NULL);

  return self->patient_id;
}

const char *
ax_till_page_get_state (AxTillPage *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}
