/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* What a receipt, a tax invoice and a Z report print (docs/receipts.md). */

#include "ax-receipt-doc.h"
#include "ax-money.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

const char *
ax_tender_display_name (const char *tender)
{
  if (g_strcmp0 (tender, "cash") == 0)
    return _("Cash");
  if (g_strcmp0 (tender, "card") == 0)
    return _("Card");
  if (g_strcmp0 (tender, "transfer") == 0)
    return _("Bank transfer");
  if (g_strcmp0 (tender, "qr") == 0)
    return _("QR payment");
  if (g_strcmp0 (tender, "package_credit") == 0)
    return _("Package credit");
  if (g_strcmp0 (tender, "wallet") == 0)
    return _("Membership wallet");
  return tender;
}

static char *
money (gint64      minor,
       const char *currency)
{
  return ax_money_format (minor, currency, NULL);
}

/* An amount without the currency's sign, for table columns. */
static char *
plain (gint64      minor,
       const char *currency)
{
  g_autofree char *text = ax_money_format (minor, currency, NULL);
  const char *start = text, *end = text + strlen (text);

  while (*start && !g_ascii_isdigit (*start))
    start = g_utf8_next_char (start);
  while (end > start && !g_ascii_isdigit (end[-1]))
    end--;
  return g_strdup_printf ("%s%.*s", minor < 0 ? "-" : "", (int) (end - start), start);
}

static char *
local_time (gint64      ms,
            const char *tz_name,
            GTimeZone  *tz,
            const char *format)
{
  g_autoptr (GTimeZone) own = NULL;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = NULL;

  if (tz == NULL)
    {
      own = g_time_zone_new_identifier (tz_name ? tz_name : "UTC");
      if (own == NULL)
        own = g_time_zone_new_utc ();
    }
  local = g_date_time_to_timezone (utc, tz ? tz : own);

  return g_date_time_format (local, format);
}

/* The clinic as the head of a document. */
static void
clinic_head (AxPrintDoc     *doc,
             AxReceipt      *r,
             PangoAlignment  align)
{
  AxPaper paper = ax_print_doc_get_paper (doc);
  g_autofree char *tax = NULL;

  ax_print_doc_text (doc, paper == AX_PAPER_A4 ? AX_DOC_TITLE : AX_DOC_HEADING, align, r->clinic_name);
  ax_print_doc_text (doc, AX_DOC_SMALL, align, r->clinic_legal_name);
  ax_print_doc_text (doc, AX_DOC_SMALL, align, r->clinic_address);
  if (r->clinic_tax_id != NULL)
    /* Translators: the clinic's tax id and branch on a receipt: "Tax ID 0105561234567 · Head office" */
    tax = g_strdup_printf (_("Tax ID %s%s%s"), r->clinic_tax_id, r->clinic_branch ? " · " : "",
                           r->clinic_branch ? r->clinic_branch : "");
  ax_print_doc_text (doc, AX_DOC_SMALL, align, tax);
  if (r->clinic_phone != NULL)
    {
      g_autofree char *phone = g_strdup_printf (_("Tel. %s"), r->clinic_phone);
      ax_print_doc_text (doc, AX_DOC_SMALL, align, phone);
    }
}

static const char *
document_title (AxReceipt     *r,
                AxReceiptKind  kind)
{
  if (g_strcmp0 (r->sale->kind, "credit_note") == 0)
    return _("CREDIT NOTE");
  return kind == AX_RECEIPT_KIND_INVOICE ? _("TAX INVOICE / RECEIPT")
                                         : _("RECEIPT / TAX INVOICE (ABB.)");
}

static char *
patient_text (AxReceipt *r)
{
  if (r->patient_name == NULL)
    return NULL;
  return r->patient_number ? g_strdup_printf ("%s (%s)", r->patient_name, r->patient_number)
                           : g_strdup (r->patient_name);
}

static char *
terminal_text (AxReceipt *r)
{
  return g_strdup_printf ("%s · %s", r->device_code ? r->device_code : "?",
                          r->device_name ? r->device_name : "");
}

static char *
tax_note (AxSale *s)
{
  g_autofree char *rate = s->vat_rate_bp % 100
    ? g_strdup_printf ("%u.%02u", s->vat_rate_bp / 100, s->vat_rate_bp % 100)
    : g_strdup_printf ("%u", s->vat_rate_bp / 100);

  return s->prices_include_tax
         ? g_strdup_printf (_("Prices include VAT at %s %%."), rate)
         : g_strdup_printf (_("VAT at %s %% is added to the prices."), rate);
}

/* Short, for a table column: "Standard 7 %" (a no-break space before the
 * sign), "Zero-rated", "Exempt". */
static char *
class_name (AxTaxClass c,
            guint      rate_bp)
{
  if (c == AX_TAX_CLASS_STANDARD)
    return rate_bp % 100 ? g_strdup_printf (_("Standard %u.%02u\u00a0%%"), rate_bp / 100, rate_bp % 100)
                         : g_strdup_printf (_("Standard %u\u00a0%%"), rate_bp / 100);
  return g_strdup (c == AX_TAX_CLASS_ZERO ? _("Zero-rated") : _("Exempt"));
}

/* The VAT class tables' columns (receipts, invoices, the Z report): room for
 * a day's totals on an 80 mm roll without wrapping a figure. */
static const double class_widths[] = { 0.3, 0.23, 0.2, 0.27 };

static void
class_table (AxPrintDoc *doc,
             AxSale     *s)
{
  const double *widths = class_widths;
  const char *head[] = { _("VAT class"), _("Net"), _("VAT"), _("Total") };
  gboolean roll = ax_print_doc_get_paper (doc) == AX_PAPER_ROLL_80;

  ax_print_doc_row (doc, roll ? AX_DOC_SMALL : AX_DOC_BOLD, 4, widths, "lrrr", head);
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      AxTaxClassResult *k = &s->classes[c];
      g_autofree char *net = NULL, *tax = NULL, *gross = NULL, *name = NULL;
      const char *cells[4];

      if (k->n_lines == 0)
        continue;
      name = class_name (c, k->rate_bp);
      net = plain (k->net, s->currency);
      tax = plain (k->tax, s->currency);
      gross = plain (k->gross, s->currency);
      cells[0] = name;
      cells[1] = net;
      cells[2] = tax;
      cells[3] = gross;
      ax_print_doc_row (doc, roll ? AX_DOC_SMALL : AX_DOC_NORMAL, 4, widths, "lrrr", cells);
    }
}

static void
payments (AxPrintDoc *doc,
          AxReceipt  *r)
{
  AxSale *s = r->sale;

  for (guint i = 0; i < s->payments->len; i++)
    {
      AxSalePayment *p = g_ptr_array_index (s->payments, i);
      g_autofree char *label = NULL, *amount = money (p->amount, s->currency);

      label = p->reference && g_strcmp0 (p->tender, "package_credit") != 0
                 && g_strcmp0 (p->tender, "wallet") != 0
              ? g_strdup_printf ("%s %s", ax_tender_display_name (p->tender), p->reference)
              : g_strdup (ax_tender_display_name (p->tender));
      if (p->amount < 0 && g_strcmp0 (s->kind, "sale") == 0)
        {
          g_free (label);
          label = g_strdup_printf (_("%s (voided)"), ax_tender_display_name (p->tender));
        }
      ax_print_doc_pair (doc, AX_DOC_NORMAL, label, amount);
      if (p->tendered > p->amount && p->amount > 0)
        {
          g_autofree char *given = money (p->tendered, s->currency);
          ax_print_doc_pair (doc, AX_DOC_SMALL, _("    Cash received"), given);
        }
    }
  if (r->change_due > 0)
    {
      g_autofree char *change = money (r->change_due, s->currency);
      ax_print_doc_pair (doc, AX_DOC_BOLD, _("Change"), change);
    }
}

static void
credit_note_refs (AxPrintDoc *doc,
                  AxReceipt  *r)
{
  if (r->refund_of_number != NULL)
    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Refund of"), r->refund_of_number);
  if (r->refund_reason != NULL)
    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Reason"), r->refund_reason);
}

static void
voided_mark (AxPrintDoc *doc,
             AxReceipt  *r)
{
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  if (g_strcmp0 (r->sale->status, "voided") != 0)
    return;
  ax_print_doc_box (doc, _("VOIDED"));
  when = local_time (r->sale->voided_at, r->timezone, NULL, "%d/%m/%Y %H:%M");
  text = g_strdup_printf (_("Voided %s: %s"), when, r->sale->void_reason ? r->sale->void_reason : "");
  ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_CENTER, text);
}

static void
totals (AxPrintDoc *doc,
        AxSale     *s,
        AxDocStyle  style)
{
  g_autofree char *subtotal = money (s->subtotal, s->currency);
  g_autofree char *total = money (s->total, s->currency);

  ax_print_doc_pair (doc, style, _("Subtotal"), subtotal);
  if (s->discount != 0)
    {
      g_autofree char *discount = money (-s->discount, s->currency);
      ax_print_doc_pair (doc, style, _("Receipt discount"), discount);
    }
  if (!s->prices_include_tax)
    {
      g_autofree char *tax = money (s->tax, s->currency);
      ax_print_doc_pair (doc, style, _("VAT"), tax);
    }
  ax_print_doc_pair (doc, AX_DOC_TOTAL, _("TOTAL"), total);
}

static AxPrintDoc *
roll_receipt (AxReceipt *r,
              gboolean   copy)
{
  AxSale *s = r->sale;
  AxPrintDoc *doc = ax_print_doc_new (AX_PAPER_ROLL_80, s->number);
  g_autofree char *when = local_time (s->sold_at, r->timezone, NULL, "%d/%m/%Y %H:%M");
  g_autofree char *terminal = terminal_text (r);
  g_autofree char *patient = patient_text (r);
  g_autofree char *note = tax_note (s);

  if (copy)
    ax_print_doc_box (doc, _("COPY"));
  clinic_head (doc, r, PANGO_ALIGN_CENTER);
  ax_print_doc_gap (doc, 4);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_CENTER, document_title (r, AX_RECEIPT_KIND_RECEIPT));
  voided_mark (doc, r);
  ax_print_doc_gap (doc, 2);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("No."), s->number);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Date"), when);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Terminal"), terminal);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Cashier"), r->cashier_name);
  if (patient != NULL)
    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Patient"), patient);
  if (r->buyer_name != NULL)
    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Buyer"), r->buyer_name);
  credit_note_refs (doc, r);
  ax_print_doc_rule (doc, FALSE);

  for (guint i = 0; i < s->lines->len; i++)
    {
      AxSaleLine *l = g_ptr_array_index (s->lines, i);
      gint64 price_total = l->unit_price * l->qty * (l->amount < 0 ? -1 : 1);
      g_autofree char *unit = money (l->unit_price, s->currency);
      g_autofree char *qty = g_strdup_printf ("  %" G_GINT64_FORMAT " × %s", l->qty, unit);
      g_autofree char *gross = money (price_total, s->currency);

      ax_print_doc_text (doc, AX_DOC_NORMAL, PANGO_ALIGN_LEFT, l->description);
      ax_print_doc_pair (doc, AX_DOC_SMALL, qty, gross);
      if (l->discount_amount > 0 && l->amount > 0)
        {
          g_autofree char *off = money (-l->discount_amount, s->currency);
          g_autofree char *label = l->discount_bp > 0
            ? g_strdup_printf (_("  Discount %" PRId64 " %%"), l->discount_bp / 100)
            : g_strdup (_("  Discount"));
          ax_print_doc_pair (doc, AX_DOC_SMALL, label, off);
        }
    }
  ax_print_doc_rule (doc, FALSE);
  totals (doc, s, AX_DOC_NORMAL);
  ax_print_doc_rule (doc, FALSE);
  class_table (doc, s);
  ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_LEFT, note);
  ax_print_doc_rule (doc, FALSE);
  payments (doc, r);
  ax_print_doc_rule (doc, FALSE);
  ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_CENTER,
                     g_strcmp0 (s->kind, "credit_note") == 0 ? _("Amount refunded to the original payment.")
                                                              : _("Thank you for your visit."));
  if (copy)
    ax_print_doc_box (doc, _("COPY"));
  return doc;
}

static AxPrintDoc *
a4_invoice (AxReceipt *r,
            gboolean   copy)
{
  static const double widths[] = { 0.05, 0.40, 0.07, 0.15, 0.15, 0.18 };
  static const double meta_w[] = { 0.5, 0.5 };
  static const double total_w[] = { 0.4, 0.32, 0.28 };
  AxSale *s = r->sale;
  AxPrintDoc *doc = ax_print_doc_new (AX_PAPER_A4, s->number);
  g_autofree char *when = local_time (s->sold_at, r->timezone, NULL, "%d/%m/%Y %H:%M");
  g_autofree char *terminal = terminal_text (r);
  g_autofree char *patient = patient_text (r);
  g_autofree char *note = tax_note (s);
  g_autofree char *footer = g_strdup_printf ("%s %s", document_title (r, AX_RECEIPT_KIND_INVOICE),
                                             s->number);
  g_autofree char *title = g_strdup_printf ("%s — %s", document_title (r, AX_RECEIPT_KIND_INVOICE),
                                            copy ? _("COPY") : _("ORIGINAL"));
  const char *head[] = { _("#"), _("Description"), _("Qty"), _("Unit price"), _("Discount"),
                         _("Amount") };

  if (copy)
    ax_print_doc_set_watermark (doc, _("COPY"));
  ax_print_doc_set_footer (doc, footer);
  clinic_head (doc, r, PANGO_ALIGN_LEFT);
  ax_print_doc_gap (doc, 10);
  ax_print_doc_rule (doc, TRUE);
  ax_print_doc_text (doc, AX_DOC_HEADING, PANGO_ALIGN_CENTER, title);
  voided_mark (doc, r);
  ax_print_doc_rule (doc, TRUE);
  ax_print_doc_gap (doc, 6);

  {
    g_autofree char *no = g_strdup_printf (_("No. %s"), s->number);
    g_autofree char *date = g_strdup_printf (_("Date %s"), when);
    const char *row1[] = { no, date };
    g_autofree char *cashier = g_strdup_printf (_("Cashier %s"), r->cashier_name ? r->cashier_name : "");
    g_autofree char *term = g_strdup_printf (_("Terminal %s"), terminal);
    const char *row2[] = { term, cashier };

    ax_print_doc_row (doc, AX_DOC_BOLD, 2, meta_w, "lr", row1);
    ax_print_doc_row (doc, AX_DOC_NORMAL, 2, meta_w, "lr", row2);
  }
  credit_note_refs (doc, r);
  ax_print_doc_gap (doc, 8);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_LEFT, _("Buyer"));
  ax_print_doc_text (doc, AX_DOC_NORMAL, PANGO_ALIGN_LEFT,
                     r->buyer_name ? r->buyer_name : (r->patient_name ? r->patient_name : _("Walk-in customer")));
  if (r->buyer_tax_id != NULL)
    {
      g_autofree char *t = g_strdup_printf (_("Tax ID %s"), r->buyer_tax_id);
      ax_print_doc_text (doc, AX_DOC_NORMAL, PANGO_ALIGN_LEFT, t);
    }
  ax_print_doc_text (doc, AX_DOC_NORMAL, PANGO_ALIGN_LEFT, r->buyer_address);
  if (patient != NULL && r->buyer_name != NULL)
    {
      g_autofree char *p = g_strdup_printf (_("Patient %s"), patient);
      ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_LEFT, p);
    }
  ax_print_doc_gap (doc, 10);

  ax_print_doc_rule (doc, TRUE);
  ax_print_doc_row (doc, AX_DOC_BOLD, 6, widths, "llrrrr", head);
  ax_print_doc_rule (doc, FALSE);
  for (guint i = 0; i < s->lines->len; i++)
    {
      AxSaleLine *l = g_ptr_array_index (s->lines, i);
      gint64 sign = l->amount < 0 ? -1 : 1;
      gint64 line_amount = sign * (l->unit_price * l->qty - (sign > 0 ? l->discount_amount : 0));
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, l->qty);
      g_autofree char *unit = plain (l->unit_price, s->currency);
      g_autofree char *off = l->discount_amount > 0 && sign > 0 ? plain (-l->discount_amount, s->currency)
                                                                 : g_strdup ("");
      g_autofree char *amount = plain (sign > 0 ? line_amount : l->amount, s->currency);
      g_autofree char *desc = l->code ? g_strdup_printf ("%s (%s)", l->description, l->code)
                                      : g_strdup (l->description);
      const char *cells[] = { n, desc, qty, unit, off, amount };

      ax_print_doc_row (doc, AX_DOC_NORMAL, 6, widths, "llrrrr", cells);
    }
  ax_print_doc_rule (doc, TRUE);

  {
    g_autofree char *subtotal = money (s->subtotal, s->currency);
    g_autofree char *discount = money (-s->discount, s->currency);
    g_autofree char *net = money (s->net, s->currency);
    g_autofree char *tax = money (s->tax, s->currency);
    g_autofree char *total = money (s->total, s->currency);
    const char *r1[] = { "", _("Subtotal"), subtotal };
    const char *r2[] = { "", _("Receipt discount"), discount };
    const char *r3[] = { "", _("Net"), net };
    const char *r4[] = { "", _("VAT"), tax };
    const char *r5[] = { "", _("TOTAL"), total };

    ax_print_doc_row (doc, AX_DOC_NORMAL, 3, total_w, "lrr", r1);
    if (s->discount != 0)
      ax_print_doc_row (doc, AX_DOC_NORMAL, 3, total_w, "lrr", r2);
    ax_print_doc_row (doc, AX_DOC_NORMAL, 3, total_w, "lrr", r3);
    ax_print_doc_row (doc, AX_DOC_NORMAL, 3, total_w, "lrr", r4);
    ax_print_doc_row (doc, AX_DOC_TOTAL, 3, total_w, "lrr", r5);
  }
  ax_print_doc_gap (doc, 8);
  class_table (doc, s);
  ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_LEFT, note);
  ax_print_doc_gap (doc, 8);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_LEFT, _("Payment"));
  payments (doc, r);
  ax_print_doc_gap (doc, 24);
  {
    const char *sign[] = { _("Received by ____________________"), _("Issued by ____________________") };
    ax_print_doc_row (doc, AX_DOC_NORMAL, 2, meta_w, "lr", sign);
  }
  return doc;
}

AxPrintDoc *
ax_receipt_doc_new (AxReceipt     *receipt,
                    AxReceiptKind  kind,
                    gboolean       copy)
{
  g_return_val_if_fail (receipt != NULL && receipt->sale != NULL, NULL);
  return kind == AX_RECEIPT_KIND_INVOICE ? a4_invoice (receipt, copy) : roll_receipt (receipt, copy);
}

AxPrintDoc *
ax_z_report_doc_new (AxZReport          *z,
                     const AxClinicInfo *clinic,
                     GTimeZone          *tz,
                     gint64              printed_at_ms)
{
  static const double tw[] = { 0.31, 0.23, 0.23, 0.23 };
  const double *cw = class_widths;
  g_autofree char *title = g_strdup_printf (_("Z report %s %s"), z->device_code, z->date);
  AxPrintDoc *doc = ax_print_doc_new (AX_PAPER_ROLL_80, title);
  const char *cur = z->currency;
  g_autofree char *terminal = g_strdup_printf ("%s · %s", z->device_code, z->device_name);
  g_autofree char *day = local_time (z->from_ms, NULL, tz, "%a %d/%m/%Y");
  g_autofree char *printed = local_time (printed_at_ms, NULL, tz, "%d/%m/%Y %H:%M");
  const char *thead[] = { _("Tender"), _("Taken"), _("Paid back"), _("Net") };
  const char *chead[] = { _("VAT class"), _("Net"), _("VAT"), _("Total") };

  ax_print_doc_text (doc, AX_DOC_HEADING, PANGO_ALIGN_CENTER, clinic ? clinic->name : "");
  ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_CENTER, clinic ? clinic->address : NULL);
  ax_print_doc_gap (doc, 4);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_CENTER, _("Z REPORT — END OF DAY"));
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Terminal"), terminal);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Business day"), day);
  ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Printed"), printed);
  ax_print_doc_rule (doc, TRUE);

  {
    g_autofree char *sales_l = g_strdup_printf (_("Sales (%" PRId64 ")"), z->n_sales);
    g_autofree char *sales = money (z->sales_total, cur);
    g_autofree char *disc = money (-z->sales_discount, cur);
    g_autofree char *refunds_l = g_strdup_printf (_("Refunds (%" PRId64 ")"), z->n_refunds);
    g_autofree char *refunds = money (z->refunds_total, cur);
    g_autofree char *net = money (z->net_total, cur);
    g_autofree char *voids_l = g_strdup_printf (_("Voided (%" PRId64 "), not counted"), z->n_voids);
    g_autofree char *voids = money (z->voids_total, cur);

    ax_print_doc_pair (doc, AX_DOC_NORMAL, sales_l, sales);
    ax_print_doc_pair (doc, AX_DOC_SMALL, _("    of which receipt discounts"), disc);
    ax_print_doc_pair (doc, AX_DOC_NORMAL, refunds_l, refunds);
    ax_print_doc_pair (doc, AX_DOC_TOTAL, _("Net sales"), net);
    ax_print_doc_pair (doc, AX_DOC_SMALL, voids_l, voids);
    if (z->n_renewals > 0)
      {
        g_autofree char *renewals_l = g_strdup_printf (_("Membership renewals (%" PRId64 ")"),
                                                       z->n_renewals);
        g_autofree char *renewals = money (z->renewals_total, cur);
        g_autofree char *takings = money (z->takings, cur);

        ax_print_doc_pair (doc, AX_DOC_NORMAL, renewals_l, renewals);
        ax_print_doc_pair (doc, AX_DOC_TOTAL, _("Takings"), takings);
      }
  }
  ax_print_doc_rule (doc, FALSE);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_LEFT, _("By tender"));
  ax_print_doc_row (doc, AX_DOC_SMALL, 4, tw, "lrrr", thead);
  for (guint i = 0; i < z->tenders->len; i++)
    {
      AxZTender *t = g_ptr_array_index (z->tenders, i);
      g_autofree char *taken = plain (t->taken, cur), *back = plain (t->paid_back, cur);
      g_autofree char *net = plain (t->net, cur);
      const char *cells[] = { ax_tender_display_name (t->tender), taken, back, net };

      ax_print_doc_row (doc, AX_DOC_SMALL, 4, tw, "lrrr", cells);
    }
  if (z->tenders->len == 0)
    ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_LEFT, _("No payments."));
  ax_print_doc_rule (doc, FALSE);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_LEFT, _("By tax class"));
  ax_print_doc_row (doc, AX_DOC_SMALL, 4, cw, "lrrr", chead);
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      AxTaxClassResult *k = &z->classes[c];
      g_autofree char *net = plain (k->net, cur), *tax = plain (k->tax, cur);
      g_autofree char *gross = plain (k->gross, cur), *name = class_name (c, k->rate_bp);
      const char *cells[] = { name, net, tax, gross };

      if (k->n_lines > 0)
        ax_print_doc_row (doc, AX_DOC_SMALL, 4, cw, "lrrr", cells);
    }
  {
    g_autofree char *net = plain (z->net, cur), *tax = plain (z->tax, cur);
    g_autofree char *gross = plain (z->net + z->tax, cur);
    const char *cells[] = { _("All"), net, tax, gross };

    ax_print_doc_row (doc, AX_DOC_SMALL_BOLD, 4, cw, "lrrr", cells);
  }
  ax_print_doc_rule (doc, FALSE);
  ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_LEFT, _("Cash drawer"));
  {
    g_autofree char *flt = money (z->opening_float, cur);
    g_autofree char *cash = money (z->cash_net, cur);
    g_autofree char *expected = money (z->expected_cash, cur);

    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Opening float"), flt);
    ax_print_doc_pair (doc, AX_DOC_NORMAL, _("Cash taken, net"), cash);
    ax_print_doc_pair (doc, AX_DOC_BOLD, _("Expected in drawer"), expected);
  }
  if (z->closed)
    {
      g_autofree char *counted = money (z->counted_cash, cur);
      g_autofree char *diff = money (z->over_short, cur);
      g_autofree char *at = local_time (z->closed_at, NULL, tz, "%H:%M");
      g_autofree char *by = g_strdup_printf (_("Closed at %s by %s"), at, z->closed_by_name);

      ax_print_doc_pair (doc, AX_DOC_BOLD, _("Counted"), counted);
      ax_print_doc_pair (doc, AX_DOC_TOTAL,
                         z->over_short > 0 ? _("Over") : z->over_short < 0 ? _("Short") : _("Over / short"),
                         diff);
      if (z->denominations_json != NULL)
        {
          g_autoptr (JsonNode) node = json_from_string (z->denominations_json, NULL);
          JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          for (guint i = 0; list && i < json_array_get_length (list); i++)
            {
              JsonObject *o = json_array_get_object_element (list, i);
              gint64 value = json_object_get_int_member_with_default (o, "value", 0);
              gint64 count = json_object_get_int_member_with_default (o, "count", 0);
              g_autofree char *v = money (value, cur), *sum = money (value * count, cur);
              g_autofree char *label = g_strdup_printf ("    %" G_GINT64_FORMAT " × %s", count, v);

              ax_print_doc_pair (doc, AX_DOC_SMALL, label, sum);
            }
        }
      ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_LEFT, z->note);
      ax_print_doc_rule (doc, FALSE);
      ax_print_doc_text (doc, AX_DOC_SMALL, PANGO_ALIGN_CENTER, by);
    }
  else
    {
      ax_print_doc_rule (doc, FALSE);
      ax_print_doc_text (doc, AX_DOC_BOLD, PANGO_ALIGN_CENTER, _("NOT CLOSED — no cash counted yet"));
    }
  return doc;
}
