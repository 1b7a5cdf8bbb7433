/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Till page's line popovers: a discount (percent or amount; Enter, or
 * leaving the popover, applies it; Escape cancels; one above the Owner's
 * threshold waits for an Owner's approval) and the providers with their
 * shares. */

#include "ax-till-page-private.h"

#include <glib/gi18n.h>

#include "ax-money.h"

static void set_discount_cb (AxTillPage *self);

/* In the popover while it is open; in a toast once it has closed. */
static void
discount_error (GtkWidget  *popover,
                const char *message)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (popover), "error-label");

  if (gtk_widget_get_mapped (popover))
    {
      gtk_label_set_text (error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
    }
  else
    ax_till_page_show_error (self, message);
}

/* A discount editor in a popover: a value, percent or amount, Apply and
 * Remove. line is the line's index, or -1 for the receipt. */
static void
apply_discount (AxTillPage       *self,
                GtkWidget        *popover,
                const AxDiscount *discount)
{
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (popover), "line"));
  g_autoptr (GError) error = NULL;
  AxCart *cart = line < 0
                   ? ax_cart_set_receipt_discount (self->cart, discount, &error)
                   : ax_cart_set_line_discount (self->cart, (gsize) line, discount, &error);
  guint threshold = self->catalogue != NULL ? self->catalogue->approval_bp : 2000;
  gboolean above;

  if (cart == NULL)
    {
      discount_error (popover, error->message);
      return;
    }
  /* Applied: closing the popover does not apply it again. */
  g_object_set_data (G_OBJECT (popover), "applied", GINT_TO_POINTER (TRUE));
  gtk_popover_popdown (GTK_POPOVER (popover));
  above = line < 0 ? ax_cart_receipt_discount_above (cart, threshold)
                   : ax_cart_line_discount_above (cart, (gsize) line, threshold);
  if (above && !ax_till_page_is_owner (self) && self->approved_by == NULL)
    {
      /* Kept aside until an Owner approves. */
      g_object_set_data_full (G_OBJECT (self), "pending-cart", cart, (GDestroyNotify) ax_cart_unref);
      ax_till_page_request_approval (self, set_discount_cb);
      return;
    }
  ax_till_page_set_cart (self, cart);
}

static void
set_discount_cb (AxTillPage *self)
{
  AxCart *cart = g_object_steal_data (G_OBJECT (self), "pending-cart");

  if (cart != NULL)
    ax_till_page_set_cart (self, cart);
}

static void
discount_apply_clicked_cb (GtkWidget *popover)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  GtkEditable *entry = g_object_get_data (G_OBJECT (popover), "entry");
  GtkCheckButton *percent = g_object_get_data (G_OBJECT (popover), "percent");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr (GError) error = NULL;
  AxDiscount discount = { AX_DISCOUNT_NONE, 0 };

  if (*text == '\0')
    ;
  else if (gtk_check_button_get_active (percent))
    {
      char *end = NULL;
      double pct = g_ascii_strtod (g_strdelimit (text, ",", '.'), &end);

      if (end == NULL || *end != '\0' || pct < 0 || pct > 100)
        {
          discount_error (popover, _("Enter a percentage from 0 to 100"));
          return;
        }
      discount.kind = AX_DISCOUNT_PERCENT;
      discount.value = (gint64) (pct * 100 + 0.5);
    }
  else if (!ax_till_page_parse_money (self, text, &discount.value, &error))
    {
      discount_error (popover, error->message);
      return;
    }
  else
    discount.kind = AX_DISCOUNT_AMOUNT;
  if (discount.value == 0)
    discount.kind = AX_DISCOUNT_NONE;
  apply_discount (self, popover, &discount);
}

/* Opened: the value is focused and selected, so that typing replaces it
 * and Enter applies it. */
static void
discount_popover_map_cb (GtkWidget *popover)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (popover), "entry");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_object_set_data (G_OBJECT (popover), "applied", GINT_TO_POINTER (FALSE));
  g_object_set_data (G_OBJECT (popover), "cancelled", GINT_TO_POINTER (FALSE));
  g_object_set_data_full (G_OBJECT (popover), "opened-text", g_strdup (text), g_free);
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

static gboolean
discount_popover_key_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkWidget             *popover)
{
  if (keyval == GDK_KEY_Escape)
    g_object_set_data (G_OBJECT (popover), "cancelled", GINT_TO_POINTER (TRUE));
  return GDK_EVENT_PROPAGATE;
}

/* Closed by leaving it (a click elsewhere, focus moved away) with a changed
 * value: the value applies as if Apply had been pressed; Escape cancels. */
static gboolean
discount_popover_apply_idle (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    discount_apply_clicked_cb (popover);
  return G_SOURCE_REMOVE;
}

static void
discount_popover_closed_cb (GtkWidget *popover)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (popover), "entry");
  const char *opened = g_object_get_data (G_OBJECT (popover), "opened-text");

  if (g_object_get_data (G_OBJECT (popover), "applied")
      || g_object_get_data (G_OBJECT (popover), "cancelled")
      || g_strcmp0 (opened, gtk_editable_get_text (GTK_EDITABLE (entry))) == 0)
    return;
  /* After the popover is down; a value the cart refuses shows in a toast. */
  g_object_set_data (G_OBJECT (popover), "applied", GINT_TO_POINTER (TRUE));
  g_idle_add_full (G_PRIORITY_DEFAULT, discount_popover_apply_idle, g_object_ref (popover),
                   g_object_unref);
}

static void
discount_remove_clicked_cb (GtkWidget *popover)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  AxDiscount none = { AX_DISCOUNT_NONE, 0 };

  apply_discount (self, popover, &none);
}

GtkWidget *
ax_till_page_new_discount_popover (AxTillPage *self,
                      int         line)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  const AxCurrency *currency = ax_currency_lookup (clinic != NULL ? clinic->currency : "THB");
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *kinds = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *percent = gtk_check_button_new_with_label (_("Percent"));
  GtkWidget *amount = gtk_check_button_new_with_label (currency ? currency->symbol : _("Amount"));
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkEventController *key;

  gtk_check_button_set_group (GTK_CHECK_BUTTON (amount), GTK_CHECK_BUTTON (percent));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (percent), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (amount), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Amount"), -1);
  gtk_box_append (GTK_BOX (kinds), percent);
  gtk_box_append (GTK_BOX (kinds), amount);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  if (line >= 0)
    {
      g_autofree char *label = g_strdup_printf (_("Discount off %s"),
                                                ax_cart_get_line (self->cart, (gsize) line)->name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Receipt discount"), -1);
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_widget_set_hexpand (apply, TRUE);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_box_append (GTK_BOX (buttons), apply);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 30);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);

  gtk_box_append (GTK_BOX (box), kinds);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), apply);

  g_object_set_data (G_OBJECT (popover), "page", self);
  g_object_set_data (G_OBJECT (popover), "line", GINT_TO_POINTER (line));
  g_object_set_data (G_OBJECT (popover), "entry", entry);
  g_object_set_data (G_OBJECT (popover), "percent", percent);
  g_object_set_data (G_OBJECT (popover), "apply", apply);
  g_object_set_data (G_OBJECT (popover), "error-label", error_label);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (discount_apply_clicked_cb), popover);
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (discount_remove_clicked_cb), popover);
  g_signal_connect_after (popover, "map", G_CALLBACK (discount_popover_map_cb), NULL);
  g_signal_connect (popover, "closed", G_CALLBACK (discount_popover_closed_cb), NULL);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (discount_popover_key_cb), popover);
  gtk_widget_add_controller (popover, key);
  return popover;
}

/* Providers: a check and a share (whole percent) for each; ticking one
 * splits evenly among the ticked. */

static void
split_evenly (GtkWidget *popover)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (popover), "checks");
  GPtrArray *spins = g_object_get_data (G_OBJECT (popover), "spins");
  guint n = 0, given = 0;

  for (guint i = 0; i < checks->len; i++)
    n += gtk_check_button_get_active (checks->pdata[i]);
  for (guint i = 0, k = 0; i < checks->len; i++)
    {
      guint share = 0;

      if (gtk_check_button_get_active (checks->pdata[i]))
        {
          share = ++k == n ? 100 - given : 100 / n;
          given += share;
        }
      gtk_spin_button_set_value (spins->pdata[i], share);
      gtk_widget_set_sensitive (spins->pdata[i], share > 0);
    }
}

static void
providers_apply_clicked_cb (GtkWidget *popover)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (popover), "line"));
  GPtrArray *checks = g_object_get_data (G_OBJECT (popover), "checks");
  GPtrArray *spins = g_object_get_data (G_OBJECT (popover), "spins");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (popover), "error-label");
  g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (AxCartProvider));
  g_autoptr (GError) error = NULL;
  AxCart *cart;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      {
        const AxTillProvider *p = g_ptr_array_index (self->catalogue->providers, i);
        AxCartProvider share = {
          p->id, (guint) gtk_spin_button_get_value_as_int (spins->pdata[i]) * 100,
        };

        g_array_append_val (chosen, share);
      }
  cart = ax_cart_set_providers (self->cart, (gsize) line, (AxCartProvider *) chosen->data,
                                chosen->len, &error);
  if (cart == NULL)
    {
      gtk_label_set_text (error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (popover));
  ax_till_page_set_cart (self, cart);
}

GtkWidget *
ax_till_page_new_providers_popover (AxTillPage *self,
                       gsize       line)
{
  const AxCartLine *l = ax_cart_get_line (self->cart, line);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *error_label = gtk_label_new (NULL);
  GPtrArray *checks = g_ptr_array_new ();
  GPtrArray *spins = g_ptr_array_new ();
  GtkWidget *heading = gtk_label_new (_("Providers and Shares"));

  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint i = 0; self->catalogue != NULL && i < self->catalogue->providers->len; i++)
    {
      const AxTillProvider *p = g_ptr_array_index (self->catalogue->providers, i);
      GtkWidget *check = gtk_check_button_new_with_label (p->name);
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 5);
      g_autofree char *a11y = g_strdup_printf (_("Share of %s (%%)"), p->name);
      guint share = 0;

      for (guint k = 0; k < l->n_providers; k++)
        if (g_strcmp0 (l->providers[k].provider_id, p->id) == 0)
          share = l->providers[k].split_bp / 100;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), share > 0);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), share);
      gtk_widget_set_sensitive (spin, share > 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      gtk_widget_set_hexpand (check, TRUE);
      gtk_grid_attach (GTK_GRID (grid), check, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), spin, 1, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), gtk_label_new ("%"), 2, (int) i, 1, 1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (split_evenly), popover);
      g_ptr_array_add (checks, check);
      g_ptr_array_add (spins, spin);
    }
  gtk_box_append (GTK_BOX (box), grid);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 30);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_box_append (GTK_BOX (box), apply);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  g_object_set_data (G_OBJECT (popover), "page", self);
  g_object_set_data (G_OBJECT (popover), "line", GINT_TO_POINTER ((int) line));
  g_object_set_data_full (G_OBJECT (popover), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (popover), "spins", spins, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (popover), "error-label", error_label);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (providers_apply_clicked_cb), popover);
  return popover;
}
