/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The till's payment dialog: its layout, the patient's credits that can pay,
 * and sale.checkout. The tender rows are ax-till-payment-tenders.c. */

#include "ax-till-payment-private.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (AxTillPayment, ax_till_payment, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_COMPLETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const kind_names[] = {
  [AX_TENDER_CASH] = "cash",
  [AX_TENDER_CARD] = "card",
  [AX_TENDER_TRANSFER] = "transfer",
  [AX_TENDER_QR] = "qr",
  [AX_TENDER_COURSE] = "package_credit",
  [AX_TENDER_WALLET] = "membership_wallet",
};

static JsonNode *
checkout_args (AxTillPayment *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const AxDiscount *rd = ax_cart_get_receipt_discount (self->cart);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->sale_id);
  if (self->patient_id != NULL)
    {
      json_builder_set_member_name (b, "patient_id");
      json_builder_add_string_value (b, self->patient_id);
    }
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (gsize i = 0; i < ax_cart_get_n_lines (self->cart); i++)
    {
      const AxCartLine *l = ax_cart_get_line (self->cart, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, ax_cart_item_kind_to_string (l->kind));
      json_builder_set_member_name (b, "item_id");
      json_builder_add_string_value (b, l->item_id);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_int_value (b, l->quantity);
      if (l->discount.kind == AX_DISCOUNT_PERCENT)
        {
          json_builder_set_member_name (b, "discount_bp");
          json_builder_add_int_value (b, l->discount.value);
        }
      else if (l->discount.kind == AX_DISCOUNT_AMOUNT)
        {
          json_builder_set_member_name (b, "discount_amount");
          json_builder_add_int_value (b, l->discount.value);
        }
      if (l->lot_id != NULL)
        {
          json_builder_set_member_name (b, "lot_id");
          json_builder_add_string_value (b, l->lot_id);
        }
      if (l->n_providers > 0)
        {
          json_builder_set_member_name (b, "providers");
          json_builder_begin_array (b);
          for (guint k = 0; k < l->n_providers; k++)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "provider_id");
              json_builder_add_string_value (b, l->providers[k].provider_id);
              json_builder_set_member_name (b, "split_bp");
              json_builder_add_int_value (b, l->providers[k].split_bp);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (rd->kind != AX_DISCOUNT_NONE && rd->value > 0)
    {
      json_builder_set_member_name (b, rd->kind == AX_DISCOUNT_PERCENT ? "receipt_discount_bp"
                                                                        : "receipt_discount_amount");
      json_builder_add_int_value (b, rd->value);
    }
  json_builder_set_member_name (b, "tenders");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->tenders->len; i++)
    {
      Tender *t = self->tenders->pdata[i];
      gint64 amount, given;
      g_autofree char *extra = t->extra != NULL
                                 ? g_strstrip (g_strdup (gtk_editable_get_text (t->extra))) : NULL;

      ax_till_payment_parse_field (self, t->amount, FALSE, &amount);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind_names[t->kind]);
      json_builder_set_member_name (b, "amount");
      json_builder_add_int_value (b, amount);
      if (t->kind == AX_TENDER_CASH)
        {
          ax_till_payment_parse_field (self, t->extra, TRUE, &given);
          json_builder_set_member_name (b, "given");
          json_builder_add_int_value (b, given > 0 ? given : amount);
        }
      else if (t->kind == AX_TENDER_COURSE || t->kind == AX_TENDER_WALLET)
        {
          json_builder_set_member_name (b, t->kind == AX_TENDER_COURSE ? "patient_package_id"
                                                                        : "membership_id");
          json_builder_add_string_value (b, t->credit_id);
        }
      else if (extra != NULL && *extra != '\0')
        {
          json_builder_set_member_name (b, "reference");
          json_builder_add_string_value (b, extra);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "expected_total");
  json_builder_add_int_value (b, ax_cart_get_total (self->cart));
  if (self->approved_by != NULL)
    {
      json_builder_set_member_name (b, "approved_by");
      json_builder_add_string_value (b, self->approved_by);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
show_error (AxTillPayment *self,
            const char    *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Runs sale.checkout once. The sale id is the till's: if an earlier attempt
 * went through (a lost reply, a second click), the model answers with that
 * sale and writes nothing. */
static void
complete_clicked_cb (AxTillPayment *self)
{
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *obj;

  if (self->running || !gtk_widget_get_sensitive (self->complete_button))
    return;
  self->running = TRUE;
  gtk_widget_set_sensitive (self->complete_button, FALSE);
  show_error (self, NULL);

  args = checkout_args (self);
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "sale.checkout", args, &error);
  if (result == NULL)
    {
      self->running = FALSE;
      show_error (self, error->message);
      ax_till_payment_recompute (self);
      return;
    }
  obj = json_node_get_object (result);
  g_signal_emit (self, signals[SIGNAL_COMPLETED], 0,
                 json_object_get_string_member_with_default (obj, "number", ""),
                 json_object_get_int_member_with_default (obj, "change_due", 0));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
course_copy_free (AxTillCourse *c)
{
  g_free (c->id);
  g_free (c->name);
  g_free (c->service_id);
  g_free (c);
}

static void
wallet_copy_free (AxTillWallet *w)
{
  g_free (w->id);
  g_free (w->name);
  g_free (w);
}

/* Only courses of a service on the cart and wallets with value left. */
static void
copy_credits (AxTillPayment       *self,
              const AxTillCredits *credits)
{
  self->credits = g_new0 (AxTillCredits, 1);
  self->credits->courses = g_ptr_array_new_with_free_func ((GDestroyNotify) course_copy_free);
  self->credits->wallets = g_ptr_array_new_with_free_func ((GDestroyNotify) wallet_copy_free);
  for (guint i = 0; credits != NULL && i < credits->courses->len; i++)
    {
      AxTillCourse *c = g_ptr_array_index (credits->courses, i);

      for (gsize k = 0; k < ax_cart_get_n_lines (self->cart); k++)
        if (ax_cart_get_line (self->cart, k)->kind == AX_CART_ITEM_SERVICE
            && g_strcmp0 (ax_cart_get_line (self->cart, k)->item_id, c->service_id) == 0)
          {
            AxTillCourse *copy = g_new0 (AxTillCourse, 1);

            *copy = *c;
            copy->id = g_strdup (c->id);
            copy->name = g_strdup (c->name);
            copy->service_id = g_strdup (c->service_id);
            g_ptr_array_add (self->credits->courses, copy);
            break;
          }
    }
  for (guint i = 0; credits != NULL && i < credits->wallets->len; i++)
    {
      AxTillWallet *w = g_ptr_array_index (credits->wallets, i);
      AxTillWallet *copy = g_new0 (AxTillWallet, 1);

      copy->id = g_strdup (w->id);
      copy->name = g_strdup (w->name);
      copy->wallet = w->wallet;
      g_ptr_array_add (self->credits->wallets, copy);
    }
}

static void
build (AxTillPayment *self)
{
  g_autofree char *total = ax_till_payment_format_money (self, ax_cart_get_total (self->cart));
  g_autofree char *heading = g_strdup_printf (_("Total %s"), total);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *total_label = gtk_label_new (heading);
  GtkWidget *adds = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remaining = gtk_label_new (NULL);
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *complete = gtk_button_new_with_mnemonic (_("_Complete Sale"));

  gtk_widget_add_css_class (total_label, "title-1");
  gtk_widget_add_css_class (total_label, "numeric");
  gtk_box_append (GTK_BOX (body), total_label);

  gtk_widget_add_css_class (adds, "linked");
  gtk_widget_set_halign (adds, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_add_button (self, _("Cash"), AX_TENDER_CASH, 0));
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_add_button (self, _("Card"), AX_TENDER_CARD, 0));
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_add_button (self, _("Transfer"), AX_TENDER_TRANSFER, 0));
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_add_button (self, _("QR"), AX_TENDER_QR, 0));
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_credit_menu (self, _("Package Credit"), AX_TENDER_COURSE));
  gtk_box_append (GTK_BOX (adds), ax_till_payment_new_credit_menu (self, _("Membership Wallet"), AX_TENDER_WALLET));
  gtk_box_append (GTK_BOX (body), adds);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payments"), -1);
  self->tender_list = GTK_LIST_BOX (list);
  gtk_box_append (GTK_BOX (body), list);

  gtk_widget_add_css_class (remaining, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remaining), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remaining"), -1);
  self->remaining_label = GTK_LABEL (remaining);
  gtk_box_append (GTK_BOX (body), remaining);

  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payment problem"), -1);
  self->error_label = GTK_LABEL (error_label);
  gtk_box_append (GTK_BOX (body), error_label);

  gtk_widget_add_css_class (complete, "suggested-action");
  gtk_widget_add_css_class (complete, "pill");
  gtk_widget_set_halign (complete, GTK_ALIGN_CENTER);
  self->complete_button = complete;
  g_signal_connect_object (complete, "clicked", G_CALLBACK (complete_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (body), complete);

  gtk_widget_add_css_class (body, "till-payment");
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), body);
  adw_window_set_content (ADW_WINDOW (self), content);
  gtk_window_set_default_widget (GTK_WINDOW (self), complete);

  ax_till_payment_add_tender (self, AX_TENDER_CASH, 0, ax_cart_get_total (self->cart));
}

static void
ax_till_payment_dispose (GObject *object)
{
  AxTillPayment *self = AX_TILL_PAYMENT (object);

  g_clear_pointer (&self->cart, ax_cart_unref);
  g_clear_pointer (&self->tenders, g_ptr_array_unref);
  g_clear_pointer (&self->credits, ax_till_credits_free);
  g_clear_object (&self->extra_sizes);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_till_payment_parent_class)->dispose (object);
}

static void
ax_till_payment_finalize (GObject *object)
{
  AxTillPayment *self = AX_TILL_PAYMENT (object);

  g_free (self->sale_id);
  g_free (self->patient_id);
  g_free (self->approved_by);
  g_free (self->error);
  G_OBJECT_CLASS (ax_till_payment_parent_class)->finalize (object);
}

static void
ax_till_payment_class_init (AxTillPaymentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_till_payment_dispose;
  object_class->finalize = ax_till_payment_finalize;

  signals[SIGNAL_COMPLETED] =
    g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ax_till_payment_init (AxTillPayment *self)
{
  self->tenders = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_till_payment_tender_free);
  self->extra_sizes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

/* Public API */

GtkWidget *
ax_till_payment_new (AxContext           *context,
                     AxCart              *cart,
                     const char          *sale_id,
                     const char          *patient_id,
                     const AxTillCredits *credits,
                     const char          *approved_by)
{
  AxTillPayment *self;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (cart != NULL && sale_id != NULL, NULL);

  self = g_object_new (AX_TYPE_TILL_PAYMENT, "modal", TRUE, "title", _("Payment"),
                       "default-width", 680, NULL);
  self->context = g_object_ref (context);
  self->cart = ax_cart_ref (cart);
  self->sale_id = g_strdup (sale_id);
  self->patient_id = g_strdup (patient_id);
  self->approved_by = g_strdup (approved_by);
  copy_credits (self, patient_id != NULL ? credits : NULL);
  build (self);
  return GTK_WIDGET (self);
}

void
ax_till_payment_set_tender (AxTillPayment *self,
                            guint          index,
                            const char    *amount,
                            const char    *extra)
{
  Tender *t;

  g_return_if_fail (AX_IS_TILL_PAYMENT (self));
  g_return_if_fail (index < self->tenders->len);

  t = self->tenders->pdata[index];
  if (amount != NULL)
    gtk_editable_set_text (t->amount, amount);
  if (extra != NULL && t->extra != NULL)
    gtk_editable_set_text (t->extra, extra);
}

gint64
ax_till_payment_get_remaining (AxTillPayment *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAYMENT (self), 0);

  return ax_cart_get_total (self->cart) - ax_till_payment_paid_so_far (self);
}

GtkWidget *
ax_till_payment_get_complete_button (AxTillPayment *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAYMENT (self), NULL);

  return self->complete_button;
}

const char *
ax_till_payment_get_error (AxTillPayment *self)
{
  g_return_val_if_fail (AX_IS_TILL_PAYMENT (self), NULL);

  return self->error;
}
