/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Till page's lot picker for a product line: first expiry first out
 * (the default, the model picks the lots at checkout), or one lot chosen
 * from those in stock, each with its expiry and what is on hand. An expired
 * lot is listed, marked, and refused with the reason; the model refuses it
 * too (docs/pos.md, "Stock"). */

#include "ax-till-page-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "ax-stock.h"

/* "30 Jun 2027", or iso itself when it is not a date. */
static char *
format_expiry (const char *iso)
{
  GDate date;
  char buf[64];
  int y = 0, m = 0, d = 0;

  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  /* Translators: an expiry date, see strftime(3): "30 Jun 2027" */
  if (g_date_strftime (buf, sizeof buf, _("%-d %b %Y"), &date) == 0)
    return g_strdup (iso);
  return g_strdup (buf);
}

/* "Lot S1 · expires 1 Jan 2027" (the button's label once chosen). */
static char *
lot_title (const AxStockLot *lot)
{
  g_autofree char *expiry = NULL;

  if (lot->expiry_date == NULL)
    /* Translators: a lot without an expiry date */
    return g_strdup_printf (_("Lot %s · no expiry"), lot->lot_number);
  expiry = format_expiry (lot->expiry_date);
  if (lot->expired)
    /* Translators: a lot and the date it expired on */
    return g_strdup_printf (_("Lot %s · expired %s"), lot->lot_number, expiry);
  /* Translators: a lot and its expiry date */
  return g_strdup_printf (_("Lot %s · expires %s"), lot->lot_number, expiry);
}

char *
ax_till_page_lot_text (AxTillPage       *self,
                       const AxCartLine *line)
{
  const char *title;

  if (line->lot_id == NULL)
    return g_strdup (_("Lot: first to expire"));
  title = g_hash_table_lookup (self->lot_titles, line->lot_id);
  return g_strdup (title != NULL ? title : _("Lot chosen"));
}

static void
lot_error (GtkWidget  *popover,
           const char *message)
{
  GtkLabel *error_label = g_object_get_data (G_OBJECT (popover), "error-label");

  gtk_label_set_text (error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), message != NULL);
}

/* A lot (or first to expire, without "lot-id") chosen. */
static void
lot_clicked_cb (GtkWidget *button,
                GtkWidget *popover)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (popover), "line"));
  const char *lot_id = g_object_get_data (G_OBJECT (button), "lot-id");
  const char *title = g_object_get_data (G_OBJECT (button), "lot-title");
  g_autoptr (GError) error = NULL;
  AxCart *cart;

  if (g_object_get_data (G_OBJECT (button), "expired") != NULL)
    {
      g_autofree char *message =
        /* Translators: an expired lot chosen at the till */
        g_strdup_printf (_("%s: an expired lot can’t be sold or used. Choose another lot, "
                           "or first to expire."), title);

      lot_error (popover, message);
      return;
    }
  cart = ax_cart_set_lot (self->cart, (gsize) line, lot_id, &error);
  if (cart == NULL)
    {
      lot_error (popover, error->message);
      return;
    }
  if (lot_id != NULL)
    g_hash_table_insert (self->lot_titles, g_strdup (lot_id), g_strdup (title));
  gtk_popover_popdown (GTK_POPOVER (popover));
  ax_till_page_set_cart (self, cart);
}

static GtkWidget *
new_choice (GtkWidget  *popover,
            const char *text,
            const char *a11y)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  a11y != NULL ? a11y : text, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (lot_clicked_cb), popover);
  return button;
}

static void
lots_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GtkWidget) popover = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) lots = ax_stock_lots_query_finish (AX_STORE (source), result, &error);
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (popover), "line"));
  GtkBox *list = g_object_get_data (G_OBJECT (popover), "list");
  GtkWidget *spinner = g_object_get_data (G_OBJECT (popover), "spinner");
  const char *chosen;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (GTK_SPINNER (spinner));
  gtk_widget_set_visible (spinner, FALSE);
  if (lots == NULL)
    {
      lot_error (popover, error->message);
      return;
    }
  if ((gsize) line >= ax_cart_get_n_lines (self->cart))
    return;
  chosen = ax_cart_get_line (self->cart, (gsize) line)->lot_id;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_box_remove (list, child);

  child = new_choice (popover, _("First to expire (automatic)"), NULL);
  g_object_set_data_full (G_OBJECT (child), "lot-title", g_strdup (_("Lot: first to expire")),
                          g_free);
  if (chosen == NULL)
    gtk_widget_add_css_class (child, "till-lot-chosen");
  gtk_box_append (list, child);
  for (guint i = 0; i < lots->len; i++)
    {
      const AxStockLot *lot = lots->pdata[i];
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;

      if (lot->on_hand <= 0)
        continue;
      title = lot_title (lot);
      /* Translators: a lot in the picker: "Lot S1 · expires 1 Jan 2027 · 12 in stock" */
      text = g_strdup_printf (_("%s · %" PRId64 " in stock"), title, lot->on_hand);
      child = new_choice (popover, text, text);
      g_object_set_data_full (G_OBJECT (child), "lot-id", g_strdup (lot->lot_id), g_free);
      g_object_set_data_full (G_OBJECT (child), "lot-title", g_steal_pointer (&title), g_free);
      if (lot->expired)
        {
          g_object_set_data (G_OBJECT (child), "expired", GINT_TO_POINTER (TRUE));
          gtk_widget_add_css_class (gtk_button_get_child (GTK_BUTTON (child)), "error");
        }
      if (g_strcmp0 (chosen, lot->lot_id) == 0)
        gtk_widget_add_css_class (child, "till-lot-chosen");
      gtk_box_append (list, child);
    }
  if (lots->len == 0)
    {
      child = gtk_label_new (_("No lot of it is in stock"));
      gtk_widget_add_css_class (child, "dim-label");
      gtk_box_append (list, child);
    }
}

/* Opened: the lots are read afresh (stock moves). */
static void
lot_popover_map_cb (GtkWidget *popover)
{
  AxTillPage *self = g_object_get_data (G_OBJECT (popover), "page");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (popover), "line"));
  GtkWidget *spinner = g_object_get_data (G_OBJECT (popover), "spinner");

  if ((gsize) line >= ax_cart_get_n_lines (self->cart))
    return;
  lot_error (popover, NULL);
  gtk_widget_set_visible (spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  ax_stock_lots_query_async (ax_context_get_store (self->context),
                             ax_cart_get_line (self->cart, (gsize) line)->item_id,
                             self->cancellable, lots_done_cb, g_object_ref (popover));
}

GtkWidget *
ax_till_page_new_lot_popover (AxTillPage *self,
                              gsize       line)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Take Stock From"));
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *error_label = gtk_label_new (NULL);
  g_autofree char *a11y = g_strdup_printf (_("Lots of %s"),
                                           ax_cart_get_line (self->cart, line)->name);

  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_box_append (GTK_BOX (box), list);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 36);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lot problem"), -1);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  g_object_set_data (G_OBJECT (popover), "page", self);
  g_object_set_data (G_OBJECT (popover), "line", GINT_TO_POINTER ((int) line));
  g_object_set_data (G_OBJECT (popover), "list", list);
  g_object_set_data (G_OBJECT (popover), "spinner", spinner);
  g_object_set_data (G_OBJECT (popover), "error-label", error_label);
  g_signal_connect_after (popover, "map", G_CALLBACK (lot_popover_map_cb), NULL);
  return popover;
}
