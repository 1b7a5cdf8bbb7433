/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The payment dialog's tenders: a row per tender (amount, cash given and
 * change, or a reference), the buttons and credit menus that add them, and
 * what is left to pay. */

#include "ax-till-payment-private.h"

#include <glib/gi18n.h>

#include "ax-money.h"

void
ax_till_payment_tender_free (Tender *t)
{
  g_free (t->credit_id);
  g_free (t->credit_name);
  g_free (t);
}

const char *
ax_till_payment_currency (AxTillPayment *self)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);

  return clinic != NULL ? clinic->currency : "THB";
}

char *
ax_till_payment_format_money (AxTillPayment *self,
              gint64         minor)
{
  return ax_money_format (minor, ax_till_payment_currency (self), NULL);
}

/* A field's amount; an empty field is 0 when empty_ok. */
gboolean
ax_till_payment_parse_field (AxTillPayment *self,
             GtkEditable   *field,
             gboolean       empty_ok,
             gint64        *minor)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (field)));

  *minor = 0;
  if (*text == '\0')
    return empty_ok;
  return ax_money_parse (text, ax_till_payment_currency (self), NULL, minor, NULL) && *minor >= 0;
}

/* Works out what is left to pay, each cash tender's change, and whether the
 * tenders add up so that the sale can be completed. */
void
ax_till_payment_recompute (AxTillPayment *self)
{
  gint64 total = ax_cart_get_total (self->cart);
  gint64 paid = 0;
  gboolean valid = self->tenders->len > 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->tenders->len; i++)
    {
      Tender *t = self->tenders->pdata[i];
      gint64 amount, given;
      gboolean ok = ax_till_payment_parse_field (self, t->amount, FALSE, &amount) && amount > 0;

      gtk_widget_remove_css_class (GTK_WIDGET (t->amount), "error");
      if (!ok)
        {
          gtk_widget_add_css_class (GTK_WIDGET (t->amount), "error");
          valid = FALSE;
          continue;
        }
      paid += amount;
      if (t->kind == AX_TENDER_CASH)
        {
          g_autofree char *change = NULL;
          gboolean given_ok = ax_till_payment_parse_field (self, t->extra, TRUE, &given);

          if (given == 0)
            given = amount;
          gtk_widget_remove_css_class (GTK_WIDGET (t->extra), "error");
          if (!given_ok || given < amount)
            {
              gtk_widget_add_css_class (GTK_WIDGET (t->extra), "error");
              gtk_label_set_text (t->change, _("Less than the amount"));
              valid = FALSE;
              continue;
            }
          change = ax_till_payment_format_money (self, given - amount);
          gtk_label_set_text (t->change, change);
        }
    }

  if (paid == total)
    text = g_strdup (_("Paid in full"));
  else if (paid < total)
    {
      g_autofree char *left = ax_till_payment_format_money (self, total - paid);

      /* Translators: what is still to be paid */
      text = g_strdup_printf (_("Remaining %s"), left);
      valid = FALSE;
    }
  else
    {
      g_autofree char *over = ax_till_payment_format_money (self, paid - total);

      /* Translators: the tenders come to more than the total */
      text = g_strdup_printf (_("Over by %s: only cash can be handed over in excess"), over);
      valid = FALSE;
    }
  gtk_label_set_text (self->remaining_label, text);
  gtk_widget_set_sensitive (self->complete_button, valid && !self->running);
}

gint64
ax_till_payment_paid_so_far (AxTillPayment *self)
{
  gint64 paid = 0;

  for (guint i = 0; i < self->tenders->len; i++)
    {
      Tender *t = self->tenders->pdata[i];
      gint64 amount;

      if (ax_till_payment_parse_field (self, t->amount, FALSE, &amount))
        paid += amount;
    }
  return paid;
}

static void
remove_tender_cb (GtkWidget *button,
                  gpointer   user_data)
{
  AxTillPayment *self = user_data;
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  for (guint i = 0; i < self->tenders->len; i++)
    if (((Tender *) self->tenders->pdata[i])->row == row)
      {
        g_ptr_array_remove_index (self->tenders, i);
        break;
      }
  gtk_list_box_remove (self->tender_list, row);
  ax_till_payment_recompute (self);
}

static GtkWidget *
new_entry (const char *placeholder,
           const char *a11y,
           int         width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return entry;
}

/* A field with a small caption above it ("Amount", "Given", "Change"), so
 * that a filled-in field still says what it is; the caption labels it for
 * assistive technologies too. Appended to row. */
static void
append_captioned (GtkWidget  *row,
                  const char *caption,
                  GtkWidget  *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), GTK_IS_LABEL (field) ? 1 : 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (row), box);
}

guint
ax_till_payment_add_tender (AxTillPayment *self,
                            AxTenderKind   kind,
                            guint          credit_index,
                            gint64         amount)
{
  Tender *t = g_new0 (Tender, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *entry, *extra;
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *amount_text = NULL;
  g_autofree char *label = NULL;
  g_autofree char *a11y = NULL;

  g_return_val_if_fail (AX_IS_TILL_PAYMENT (self), 0);

  t->kind = kind;
  switch (kind)
    {
    case AX_TENDER_CASH:
      label = g_strdup (_("Cash"));
      break;
    case AX_TENDER_CARD:
      label = g_strdup (_("Card"));
      break;
    case AX_TENDER_TRANSFER:
      label = g_strdup (_("Bank transfer"));
      break;
    case AX_TENDER_QR:
      label = g_strdup (_("QR payment"));
      break;
    case AX_TENDER_COURSE:
      {
        const AxTillCourse *c = g_ptr_array_index (self->credits->courses, credit_index);

        t->credit_id = g_strdup (c->id);
        /* Translators: a course paying: "Hydra Facial x5 (4 left)" */
        label = g_strdup_printf (g_dngettext (NULL, "%s (%d session left)", "%s (%d sessions left)",
                                              c->sessions_left), c->name, c->sessions_left);
        break;
      }
    case AX_TENDER_WALLET:
    default:
      {
        const AxTillWallet *w = g_ptr_array_index (self->credits->wallets, credit_index);
        g_autofree char *left = ax_till_payment_format_money (self, w->wallet);

        t->credit_id = g_strdup (w->id);
        /* Translators: a membership wallet paying: "Glow Club (฿3,000.00 left)" */
        label = g_strdup_printf (_("%s (%s left)"), w->name, left);
        break;
      }
    }
  t->credit_name = g_strdup (label);
  gtk_label_set_text (GTK_LABEL (title), label);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (title), 14);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), title);

  if (amount < 0)
    amount = MAX (ax_cart_get_total (self->cart) - ax_till_payment_paid_so_far (self), 0);
  amount_text = amount > 0 ? ax_till_payment_format_money (self, amount) : g_strdup ("");
  a11y = g_strdup_printf (_("%s amount"), label);
  entry = new_entry (NULL, a11y, 10);
  gtk_editable_set_text (GTK_EDITABLE (entry), amount_text);
  t->amount = GTK_EDITABLE (entry);
  /* Translators: the caption above a payment's amount */
  append_captioned (box, _("Amount"), entry);

  /* Given and change, or a reference, or nothing: as wide in every row, so
   * that the amounts make a column. */
  extra = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (extra, FALSE);   /* the reference fills it, it takes no more */
  gtk_size_group_add_widget (self->extra_sizes, extra);
  gtk_box_append (GTK_BOX (box), extra);
  if (kind == AX_TENDER_CASH)
    {
      GtkWidget *change = gtk_label_new (NULL);

      /* Translators: an empty "Given" field means the exact amount was handed over */
      entry = new_entry (_("Exact"), _("Cash given"), 10);
      t->extra = GTK_EDITABLE (entry);
      /* Translators: the caption above the cash handed over */
      append_captioned (extra, _("Given"), entry);
      gtk_label_set_width_chars (GTK_LABEL (change), 12);
      gtk_label_set_xalign (GTK_LABEL (change), 1);
      gtk_widget_add_css_class (change, "numeric");
      gtk_widget_add_css_class (change, "heading");
      gtk_accessible_update_property (GTK_ACCESSIBLE (change), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Change due"), -1);
      t->change = GTK_LABEL (change);
      /* Translators: the caption above the cash to hand back */
      append_captioned (extra, _("Change"), change);
    }
  else if (kind != AX_TENDER_COURSE && kind != AX_TENDER_WALLET)
    {
      g_autofree char *ref = g_strdup_printf (_("%s reference"), label);

      entry = new_entry (NULL, ref, 16);
      t->extra = GTK_EDITABLE (entry);
      /* Translators: the caption above a card's or transfer's reference */
      append_captioned (extra, _("Reference"), entry);
      gtk_widget_set_hexpand (gtk_widget_get_parent (entry), TRUE);
    }

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this payment"));
  {
    g_autofree char *rm = g_strdup_printf (_("Remove %s"), label);

    gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, rm, -1);
  }
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_tender_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_add_css_class (box, "till-tender");

  t->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (t->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (t->row), box);
  gtk_list_box_append (self->tender_list, t->row);
  g_ptr_array_add (self->tenders, t);

  g_signal_connect_swapped (t->amount, "changed", G_CALLBACK (ax_till_payment_recompute), self);
  if (t->extra != NULL && kind == AX_TENDER_CASH)
    g_signal_connect_swapped (t->extra, "changed", G_CALLBACK (ax_till_payment_recompute), self);
  ax_till_payment_recompute (self);
  return self->tenders->len - 1;
}

static void
add_clicked_cb (GtkWidget *button,
                gpointer   user_data)
{
  AxTillPayment *self = user_data;
  AxTenderKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "credit-index"));
  GtkWidget *popover = gtk_widget_get_ancestor (button, GTK_TYPE_POPOVER);
  gint64 amount = -1;

  if (kind == AX_TENDER_COURSE)
    {
      /* A session pays for one unit of its service, at most what is left. */
      const AxTillCourse *c = g_ptr_array_index (self->credits->courses, index);
      gint64 left = MAX (ax_cart_get_total (self->cart) - ax_till_payment_paid_so_far (self), 0);

      for (gsize i = 0; i < ax_cart_get_n_lines (self->cart); i++)
        {
          const AxCartLine *l = ax_cart_get_line (self->cart, i);

          if (l->kind == AX_CART_ITEM_SERVICE && g_strcmp0 (l->item_id, c->service_id) == 0)
            {
              const AxTaxLineResult *r = ax_tax_result_get_line (ax_cart_get_tax (self->cart), i);

              amount = MIN (left, r->discounted / l->quantity);
              break;
            }
        }
    }
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  ax_till_payment_add_tender (self, kind, index, amount);
}

GtkWidget *
ax_till_payment_new_add_button (AxTillPayment *self,
                const char    *label,
                AxTenderKind   kind,
                guint          index)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data (G_OBJECT (button), "kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (button), "credit-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  return button;
}

GtkWidget *
ax_till_payment_new_credit_menu (AxTillPayment *self,
                 const char    *label,
                 AxTenderKind   kind)
{
  GPtrArray *list = kind == AX_TENDER_COURSE ? self->credits->courses : self->credits->wallets;
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label);
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = NULL;

      if (kind == AX_TENDER_COURSE)
        {
          AxTillCourse *c = list->pdata[i];

          text = g_strdup_printf (g_dngettext (NULL, "%s (%d session left)",
                                               "%s (%d sessions left)", c->sessions_left),
                                  c->name, c->sessions_left);
        }
      else
        {
          AxTillWallet *w = list->pdata[i];
          g_autofree char *left = ax_till_payment_format_money (self, w->wallet);

          text = g_strdup_printf (_("%s (%s left)"), w->name, left);
        }
      gtk_box_append (GTK_BOX (box), ax_till_payment_new_add_button (self, text, kind, i));
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_sensitive (button, list->len > 0);
  return button;
}
