/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's sales, one day at a time: most pay for one of the day's
 * completed appointments, the rest are retail, walk-in treatments, packages
 * and memberships. Totals come from the tax engine (VAT 7 %, prices include
 * it); numbers from the receipt series; product lines take stock from the
 * lot on the shelf; a few sales are voided and reversed. */

#include "ax-demo-private.h"
#include "ax-tax.h"

#include <string.h>

typedef enum { LINE_SERVICE, LINE_PRODUCT, LINE_PACKAGE, LINE_PLAN } LineKind;

typedef struct
{
  LineKind   kind;
  int        item;
  int        qty;
  int        provider;
  AxDiscount discount;
} DayLine;

typedef struct
{
  gint64     sold_at;
  guint      order;
  int        patient;        /* -1: walk-in */
  int        appt;           /* index into the day's appointments, or -1 */
  int        n_lines;
  DayLine    lines[DEMO_MAX_SALE_LINES];
  AxDiscount receipt_discount;
  gboolean   voided;
  gint64     voided_at;
  int        void_reason;
} DaySale;

struct _DemoSales
{
  DemoSeeder   *s;
  GArray       *appts;        /* DemoAppt of the day, borrowed */
  GArray       *sales;        /* DaySale of the day */
  guint         avail;        /* patients registered by the end of the day */
  int           walk_in_services[8];
  int           n_walk_in;
  int           retail_total;
  int           packages_category;
  guint64       written;

  sqlite3_stmt *movement;
  sqlite3_stmt *sale;
  sqlite3_stmt *sale_line;
  sqlite3_stmt *line_provider;
  sqlite3_stmt *payment;
  sqlite3_stmt *patient_package;
  sqlite3_stmt *membership;
  sqlite3_stmt *credit;
};

/* Choosing */

static int
pick_product (DemoSales *d)
{
  int r = demo_rand (d->s, 0, d->retail_total);

  for (guint i = 0; i < demo_products_len; i++)
    {
      r -= demo_products[i].retail_weight;
      if (r < 0)
        return (int) i;
    }
  g_assert_not_reached ();
}

static int
pick_provider_for (DemoSales *d,
                   int        service)
{
  DemoSeeder *s = d->s;
  int able[64], n = 0;

  for (guint p = 0; p < s->providers->len && n < (int) G_N_ELEMENTS (able); p++)
    if (demo_services[service].weight[g_array_index (s->providers, DemoProviderRow, p).role] > 0)
      able[n++] = (int) p;
  return n > 0 ? able[demo_rand (s, 0, n)] : 0;
}

static guint
pick_patient (DemoSales *d)
{
  return (guint) demo_rand (d->s, 0, (int) d->avail);
}
static void
add_line (DaySale  *sale,
          LineKind  kind,
          int       item,
          int       qty,
          int       provider)
{
  DayLine *l;

  if (sale->n_lines >= DEMO_MAX_SALE_LINES)
    return;
  l = &sale->lines[sale->n_lines++];
  l->kind = kind;
  l->item = item;
  l->qty = qty;
  l->provider = provider;
  l->discount.kind = AX_DISCOUNT_NONE;
  l->discount.value = 0;
}

static gboolean
sale_has_product (const DaySale *sale,
                  int            product)
{
  for (int i = 0; i < sale->n_lines; i++)
    if (sale->lines[i].kind == LINE_PRODUCT && sale->lines[i].item == product)
      return TRUE;
  return FALSE;
}

static void
add_retail (DemoSales *d,
            DaySale   *sale,
            int        n)
{
  for (int i = 0; i < n; i++)
    {
      int product = pick_product (d);

      if (!sale_has_product (sale, product))
        add_line (sale, LINE_PRODUCT, product, demo_chance (d->s, 150) ? 2 : 1, -1);
    }
}

static void
plan_sales (DemoSales *d,
            guint32    day,
            gint64     day_start,
            int        quota)
{
  DemoSeeder *s = d->s;
  gint64 open_from = day_start + DEMO_OPEN_MIN * DEMO_MINUTE_MS;
  gint64 open_to = day_start + (DEMO_CLOSE_MIN + 30) * DEMO_MINUTE_MS;
  g_autoptr (GArray) unsold = g_array_new (FALSE, FALSE, sizeof (int));

  if (day == s->today)
    {
      open_to = MIN (open_to, s->now_ms);
      if (open_to <= open_from)
        open_from = day_start;  /* early: online purchases since midnight */
    }
  for (guint i = 0; i < d->appts->len; i++)
    {
      DemoAppt *a = &g_array_index (d->appts, DemoAppt, i);

      if (strcmp (a->status, "completed") == 0 && a->end_ms + 3 * DEMO_MINUTE_MS <= s->now_ms)
        g_array_append_val (unsold, i);
    }

  g_array_set_size (d->sales, 0);
  for (int i = 0; i < quota; i++)
    {
      DaySale sale;
      int r;

      memset (&sale, 0, sizeof sale);
      sale.order = (guint) i;
      sale.appt = -1;
      if (unsold->len > 0 && demo_chance (s, 750))
        {
          guint k = (guint) demo_rand (s, 0, (int) unsold->len);
          int idx = g_array_index (unsold, int, k);
          DemoAppt *a = &g_array_index (d->appts, DemoAppt, idx);

          g_array_remove_index_fast (unsold, k);
          a->sold = TRUE;
          sale.appt = idx;
          sale.patient = (int) a->patient;
          sale.sold_at = a->end_ms + demo_rand (s, 3, 26) * DEMO_MINUTE_MS + demo_rand (s, 0, 60000);
          if (sale.sold_at > s->now_ms)
            sale.sold_at = s->now_ms - demo_rand (s, 0, 60000);
          sale.sold_at = MAX (sale.sold_at, a->end_ms);
          for (int k2 = 0; k2 < a->n_services; k2++)
            add_line (&sale, LINE_SERVICE, a->services[k2], 1, a->provider);
          if (demo_chance (s, 250))
            add_retail (d, &sale, 1);
        }
      else
        {
          r = demo_rand (s, 0, 1000);
          sale.sold_at = open_from + (gint64) (g_rand_double (s->rand) * (double) (open_to - open_from));
          sale.patient = (int) pick_patient (d);
          if (r < 620)
            {
              add_retail (d, &sale, demo_rand (s, 1, 4));
              if (demo_chance (s, 150))
                sale.patient = -1;   /* a walk-in buying sunscreen */
            }
          else if (r < 880)
            {
              int service = d->walk_in_services[demo_rand (s, 0, d->n_walk_in)];
              add_line (&sale, LINE_SERVICE, service, 1, pick_provider_for (d, service));
            }
          else if (r < 965)
            add_line (&sale, LINE_PACKAGE, demo_rand (s, 0, (int) demo_packages_len), 1, -1);
          else
            add_line (&sale, LINE_PLAN, demo_chance (s, 800) ? 0 : 1, 1, -1);
        }

      /* Discounts: a promotion on a treatment now and then, a receipt
       * discount for a loyal patient more rarely. */
      for (int l = 0; l < sale.n_lines; l++)
        if (sale.lines[l].kind == LINE_SERVICE && demo_chance (s, 70))
          {
            sale.lines[l].discount.kind = demo_chance (s, 700) ? AX_DISCOUNT_PERCENT
                                                               : AX_DISCOUNT_AMOUNT;
            sale.lines[l].discount.value = sale.lines[l].discount.kind == AX_DISCOUNT_PERCENT
                                           ? 1000 : 20000;
            if (sale.lines[l].discount.kind == AX_DISCOUNT_AMOUNT
                && demo_services[sale.lines[l].item].price < 100000)
              sale.lines[l].discount.kind = AX_DISCOUNT_NONE;
          }
      if (sale.lines[0].kind != LINE_PACKAGE && sale.lines[0].kind != LINE_PLAN)
        {
          if (sale.patient >= 0 && demo_chance (s, 40))
            {
              sale.receipt_discount.kind = AX_DISCOUNT_PERCENT;
              sale.receipt_discount.value = demo_chance (s, 500) ? 500 : 1000;
            }
          if (demo_chance (s, 12))
            {
              sale.voided_at = sale.sold_at + demo_rand (s, 2, 41) * DEMO_MINUTE_MS;
              sale.void_reason = demo_rand (s, 0, (int) demo_void_reasons_len);
              sale.voided = sale.voided_at <= s->now_ms;
            }
        }
      g_array_append_val (d->sales, sale);
    }
}

static int
compare_sales (gconstpointer a,
               gconstpointer b)
{
  const DaySale *x = a, *y = b;

  if (x->sold_at != y->sold_at)
    return x->sold_at < y->sold_at ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static gboolean
write_movement (DemoSales   *d,
                const char  *product_id,
                const char  *lot_id,
                gint64       qty,
                const char  *kind,
                const char  *sale_line_id,
                gint64       at,
                GError     **error)
{
  DemoSeeder *s = d->s;
  char id[AX_UUID_STRLEN];

  demo_new_id (s->sale_ids, at, id);
  demo_bind_base (s, d->movement, id, at);
  demo_bind_text (d->movement, 5, product_id);
  demo_bind_text (d->movement, 6, lot_id);
  demo_bind_int (d->movement, 7, qty);
  demo_bind_text (d->movement, 8, kind);
  demo_bind_text (d->movement, 9, NULL);
  demo_bind_text (d->movement, 10, sale_line_id);
  demo_bind_int (d->movement, 11, at);
  demo_bind_text (d->movement, 12, s->billing_id);
  return demo_step (s, d->movement, error);
}

static gboolean
write_credit (DemoSales   *d,
              const char  *patient_id,
              const char  *package_id,
              const char  *membership_id,
              const char  *kind,
              const char  *service_id,
              gint64       sessions,
              gint64       amount,
              const char  *sale_id,
              gint64       at,
              GError     **error)
{
  DemoSeeder *s = d->s;
  sqlite3_stmt *st = d->credit;
  char id[AX_UUID_STRLEN];

  demo_new_id (s->sale_ids, at, id);
  demo_bind_base (s, st, id, at);
  demo_bind_text (st, 5, patient_id);
  demo_bind_text (st, 6, package_id);
  demo_bind_text (st, 7, membership_id);
  demo_bind_text (st, 8, kind);
  demo_bind_text (st, 9, service_id);
  demo_bind_int (st, 10, sessions);
  demo_bind_int (st, 11, amount);
  demo_bind_text (st, 12, sale_id);
  demo_bind_int (st, 13, at);
  demo_bind_text (st, 14, sale_id ? s->billing_id : NULL);
  return demo_step (s, st, error);
}

static gboolean
write_entitlement (DemoSales   *d,
                   DaySale     *sale,
                   DayLine     *line,
                   const char  *sale_id,
                   const char  *line_id,
                   GError     **error)
{
  DemoSeeder *s = d->s;
  const char *patient_id = s->patient_id[sale->patient];
  char id[AX_UUID_STRLEN];

  if (line->kind == LINE_PACKAGE)
    {
      const DemoPackage *pkg = &demo_packages[line->item];
      gint64 expires = sale->sold_at + pkg->validity_days * DEMO_DAY_MS;
      gboolean expired = expires <= s->now_ms;
      sqlite3_stmt *st = d->patient_package;

      demo_new_id (s->sale_ids, sale->sold_at, id);
      demo_bind_base (s, st, id, sale->sold_at);
      demo_bind_text (st, 5, patient_id);
      demo_bind_text (st, 6, s->package_ids[line->item]);
      demo_bind_text (st, 7, s->service_ids[pkg->service]);
      demo_bind_text (st, 8, line_id);
      demo_bind_int (st, 9, pkg->sessions);
      demo_bind_int (st, 10, expires);
      demo_bind_text (st, 11, expired ? "expired" : "active");
      if (!demo_step (s, st, error)
          || !write_credit (d, patient_id, id, NULL, "grant", s->service_ids[pkg->service],
                            pkg->sessions, 0, sale_id, sale->sold_at, error))
        return FALSE;
      if (expired
          && !write_credit (d, patient_id, id, NULL, "expire", s->service_ids[pkg->service],
                            -pkg->sessions, 0, NULL, expires, error))
        return FALSE;
    }
  else if (line->kind == LINE_PLAN)
    {
      const DemoPlan *plan = &demo_plans[line->item];
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (sale->sold_at / 1000);
      g_autoptr (GDateTime) started = g_date_time_to_timezone (utc, s->tz);
      g_autoptr (GDateTime) renews = g_date_time_add_months (started, plan->period_months);
      gint64 renews_ms = g_date_time_to_unix (renews) * 1000;
      sqlite3_stmt *st = d->membership;

      demo_new_id (s->sale_ids, sale->sold_at, id);
      demo_bind_base (s, st, id, sale->sold_at);
      demo_bind_text (st, 5, patient_id);
      demo_bind_text (st, 6, s->plan_ids[line->item]);
      demo_bind_text (st, 7, renews_ms > s->now_ms ? "active" : "lapsed");
      demo_bind_int (st, 8, sale->sold_at);
      demo_bind_int (st, 9, renews_ms);
      if (!demo_step (s, st, error)
          || !write_credit (d, patient_id, NULL, id, "grant", s->service_ids[plan->service],
                            plan->sessions, plan->wallet, sale_id, sale->sold_at, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_payment (DemoSales   *d,
               const char  *sale_id,
               const char  *tender,
               gint64       amount,
               gint64       at,
               gboolean     reversal,
               GError     **error)
{
  static const char *const brands[] = { "VISA", "Mastercard", "JCB", "UnionPay" };
  DemoSeeder *s = d->s;
  sqlite3_stmt *st = d->payment;
  char id[AX_UUID_STRLEN], reference[48];
  const char *ref = NULL;
  gboolean has_cash = FALSE;
  gint64 tendered = 0;

  if (reversal)
    ref = "Void";
  else if (strcmp (tender, "cash") == 0)
    {
      gint64 note = amount > 100000 ? 100000 : 10000;  /* ฿1,000 or ฿100 notes */

      has_cash = TRUE;
      tendered = demo_chance (s, 300) ? amount : (amount + note - 1) / note * note;
    }
  else if (strcmp (tender, "card") == 0)
    {
      g_snprintf (reference, sizeof reference, "%s •••• %04d", brands[demo_rand (s, 0, 4)],
                  demo_rand (s, 0, 10000));
      ref = reference;
    }
  else if (strcmp (tender, "transfer") == 0)
    {
      g_snprintf (reference, sizeof reference, "Transfer %08d", demo_rand (s, 0, 100000000));
      ref = reference;
    }
  else
    {
      g_snprintf (reference, sizeof reference, "PromptPay %06X", demo_rand (s, 0, 0x1000000));
      ref = reference;
    }

  demo_new_id (s->sale_ids, at, id);
  demo_bind_base (s, st, id, at);
  demo_bind_text (st, 5, sale_id);
  demo_bind_text (st, 6, tender);
  demo_bind_int (st, 7, reversal ? -amount : amount);
  demo_bind_opt_int (st, 8, has_cash, tendered);
  demo_bind_opt_int (st, 9, has_cash, tendered - amount);
  demo_bind_text (st, 10, ref);
  demo_bind_int (st, 11, at);
  return demo_step (s, st, error);
}

static gboolean
write_sale (DemoSales  *d,
            DaySale    *sale,
            GError    **error)
{
  static const char *const line_kinds[] = { "service", "product", "package", "membership" };
  DemoSeeder *s = d->s;
  AxTaxConfig config = { 700, TRUE, "THB" };
  AxTaxLine tax_lines[DEMO_MAX_SALE_LINES];
  g_autoptr (AxTaxResult) tax = NULL;
  char sale_id[AX_UUID_STRLEN], number[32];
  const char *tenders[2];
  gint64 amounts[2];
  int n_tenders = 1, r;
  sqlite3_stmt *st = d->sale;
  gboolean has_rd = sale->receipt_discount.kind != AX_DISCOUNT_NONE;

  for (int i = 0; i < sale->n_lines; i++)
    {
      DayLine *l = &sale->lines[i];
      const char *tax_class = l->kind == LINE_SERVICE ? demo_services[l->item].tax_class : "standard";

      tax_lines[i].unit_price = l->kind == LINE_SERVICE ? demo_services[l->item].price
                                : l->kind == LINE_PRODUCT ? demo_products[l->item].price
                                : l->kind == LINE_PACKAGE ? demo_packages[l->item].price
                                : demo_plans[l->item].price;
      tax_lines[i].quantity = l->qty;
      tax_lines[i].discount = l->discount;
      tax_lines[i].tax_class = ax_tax_class_from_string (tax_class);
    }
  tax = ax_tax_compute (&config, tax_lines, sale->n_lines, has_rd ? &sale->receipt_discount : NULL,
                        error);
  if (tax == NULL)
    return FALSE;

  demo_receipt_number (s, sale->sold_at, number);
  demo_new_id (s->sale_ids, sale->sold_at, sale_id);
  demo_bind_base (s, st, sale_id, sale->sold_at);
  demo_bind_text (st, 5, number);
  demo_bind_text (st, 6, s->device_id);
  demo_bind_text (st, 7, sale->patient >= 0 ? s->patient_id[sale->patient] : NULL);
  demo_bind_text (st, 8, sale->appt >= 0 ? g_array_index (d->appts, DemoAppt, sale->appt).id : NULL);
  demo_bind_text (st, 9, s->billing_id);
  demo_bind_int (st, 10, sale->sold_at);
  demo_bind_text (st, 11, sale->voided ? "voided" : "completed");
  demo_bind_int (st, 12, ax_tax_result_get_subtotal (tax));
  demo_bind_int (st, 13, ax_tax_result_get_discount (tax));
  demo_bind_int (st, 14, ax_tax_result_get_net (tax));
  demo_bind_int (st, 15, ax_tax_result_get_tax (tax));
  demo_bind_int (st, 16, ax_tax_result_get_total (tax));
  demo_bind_opt_int (st, 17, has_rd, sale->receipt_discount.value);
  demo_bind_opt_int (st, 18, has_rd, ax_tax_result_get_discount (tax));
  demo_bind_opt_int (st, 19, sale->voided, sale->voided_at);
  demo_bind_text (st, 20, sale->voided ? demo_void_reasons[sale->void_reason] : NULL);
  demo_bind_text (st, 21, sale->voided ? s->owner_id : NULL);
  if (!demo_step (s, st, error))
    return FALSE;

  for (int i = 0; i < sale->n_lines; i++)
    {
      DayLine *l = &sale->lines[i];
      const AxTaxLineResult *lr = ax_tax_result_get_line (tax, i);
      sqlite3_stmt *ls = d->sale_line;
      char line_id[AX_UUID_STRLEN];
      const char *code, *name, *category, *tax_class = "standard";
      DemoLot *lot = NULL;

      switch (l->kind)
        {
        case LINE_SERVICE:
          code = demo_services[l->item].code;
          name = demo_services[l->item].name;
          category = s->category_ids[demo_services[l->item].category];
          tax_class = demo_services[l->item].tax_class;
          break;
        case LINE_PRODUCT:
          code = demo_products[l->item].code;
          name = demo_products[l->item].name;
          category = s->category_ids[demo_products[l->item].category];
          lot = demo_stock_take (s, l->item, sale->sold_at, l->qty);
          break;
        case LINE_PACKAGE:
          code = demo_packages[l->item].code;
          name = demo_packages[l->item].name;
          category = s->category_ids[d->packages_category];
          break;
        default:
          code = NULL;
          name = demo_plans[l->item].name;
          category = s->category_ids[d->packages_category];
          break;
        }

      demo_new_id (s->sale_ids, sale->sold_at, line_id);
      demo_bind_base (s, ls, line_id, sale->sold_at);
      demo_bind_text (ls, 5, sale_id);
      demo_bind_text (ls, 6, line_kinds[l->kind]);
      demo_bind_text (ls, 7, l->kind == LINE_SERVICE ? s->service_ids[l->item] : NULL);
      demo_bind_text (ls, 8, l->kind == LINE_PRODUCT ? s->stock[l->item].id : NULL);
      demo_bind_text (ls, 9, l->kind == LINE_PACKAGE ? s->package_ids[l->item] : NULL);
      demo_bind_text (ls, 10, l->kind == LINE_PLAN ? s->plan_ids[l->item] : NULL);
      demo_bind_text (ls, 11, lot ? lot->id : NULL);
      demo_bind_text (ls, 12, code);
      demo_bind_text (ls, 13, name);
      demo_bind_text (ls, 14, category);
      demo_bind_int (ls, 15, l->qty);
      demo_bind_int (ls, 16, tax_lines[i].unit_price);
      demo_bind_opt_int (ls, 17, l->discount.kind == AX_DISCOUNT_PERCENT, l->discount.value);
      demo_bind_opt_int (ls, 18, l->discount.kind != AX_DISCOUNT_NONE, lr->line_discount);
      demo_bind_text (ls, 19, tax_class);
      demo_bind_int (ls, 20, lr->discounted);
      demo_bind_int (ls, 21, i);
      if (!demo_step (s, ls, error))
        return FALSE;

      if (l->provider >= 0)
        {
          char id[AX_UUID_STRLEN];

          demo_new_id (s->sale_ids, sale->sold_at, id);
          demo_bind_base (s, d->line_provider, id, sale->sold_at);
          demo_bind_text (d->line_provider, 5, line_id);
          demo_bind_text (d->line_provider, 6,
                          g_array_index (s->providers, DemoProviderRow, l->provider).id);
          demo_bind_int (d->line_provider, 7, 10000);
          if (!demo_step (s, d->line_provider, error))
            return FALSE;
        }
      if (lot != NULL)
        {
          if (!write_movement (d, s->stock[l->item].id, lot->id, -l->qty, "sale", line_id,
                               sale->sold_at, error))
            return FALSE;
          if (sale->voided)
            {
              demo_stock_take (s, l->item, sale->sold_at, -l->qty);
              if (!write_movement (d, s->stock[l->item].id, lot->id, l->qty, "void", line_id,
                                   sale->voided_at, error))
                return FALSE;
            }
        }
      if ((l->kind == LINE_PACKAGE || l->kind == LINE_PLAN) && !sale->voided
          && !write_entitlement (d, sale, l, sale_id, line_id, error))
        return FALSE;
    }

  /* Tenders: mostly one, now and then card plus cash. */
  r = demo_rand (s, 0, 1000);
  tenders[0] = r < 300 ? "cash" : r < 650 ? "card" : r < 800 ? "transfer" : "qr";
  amounts[0] = ax_tax_result_get_total (tax);
  if (amounts[0] >= 200000 && demo_chance (s, 80))
    {
      tenders[0] = "card";
      tenders[1] = "cash";
      amounts[1] = amounts[0] / 2 / 10000 * 10000;
      amounts[0] -= amounts[1];
      n_tenders = 2;
    }
  for (int i = 0; i < n_tenders; i++)
    {
      if (!write_payment (d, sale_id, tenders[i], amounts[i], sale->sold_at, FALSE, error))
        return FALSE;
      if (sale->voided
          && !write_payment (d, sale_id, tenders[i], amounts[i], sale->voided_at, TRUE, error))
        return FALSE;
    }
  d->written++;
  return TRUE;
}

gboolean
demo_sales_write_day (DemoSales  *d,
                      GArray     *appts,
                      guint       avail,
                      guint32     day,
                      gint64      day_start,
                      int         quota,
                      GError    **error)
{
  d->appts = appts;
  d->avail = avail;
  plan_sales (d, day, day_start, quota);
  g_array_sort (d->sales, compare_sales);
  for (guint i = 0; i < d->sales->len; i++)
    if (!write_sale (d, &g_array_index (d->sales, DaySale, i), error))
      return FALSE;
  return TRUE;
}

guint64
demo_sales_written (DemoSales *d)
{
  return d->written;
}

void
demo_sales_free (DemoSales *d)
{
  sqlite3_stmt *stmts[] = {
    d->movement, d->sale, d->sale_line, d->line_provider, d->payment, d->patient_package,
    d->membership, d->credit,
  };

  if (d == NULL)
    return;
  /* Bound texts point into buffers of this run: unbind them. */
  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    if (stmts[i] != NULL)
      sqlite3_clear_bindings (stmts[i]);
  g_clear_pointer (&d->sales, g_array_unref);
  g_free (d);
}

DemoSales *
demo_sales_new (DemoSeeder  *s,
                GError     **error)
{
  DemoSales *d = g_new0 (DemoSales, 1);
  AxDb *db = s->db;

  d->s = s;
  d->sales = g_array_new (FALSE, TRUE, sizeof (DaySale));
  for (guint i = 0; i < demo_services_len; i++)
    if (demo_services[i].walk_in && d->n_walk_in < (int) G_N_ELEMENTS (d->walk_in_services))
      d->walk_in_services[d->n_walk_in++] = (int) i;
  for (guint i = 0; i < demo_products_len; i++)
    d->retail_total += demo_products[i].retail_weight;
  d->packages_category = demo_category_index ("Packages");

#define PREP(field, sql)                                    \
  if ((d->field = ax_db_prepare (db, sql, error)) == NULL) \
    {                                                       \
      demo_sales_free (d);                                  \
      return NULL;                                          \
    }

  PREP (movement,
        "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, "
        "  qty, kind, reason, sale_line_id, at, user_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (sale,
        "INSERT INTO sales (id, clinic_id, created_at, updated_at, number, kind, device_id, "
        "  patient_id, appointment_id, user_id, sold_at, status, currency, subtotal, discount, "
        "  net, tax, total, receipt_discount_bp, receipt_discount, prices_include_tax, "
        "  vat_rate_bp, voided_at, void_reason, approved_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 'sale', ?6, ?7, ?8, ?9, ?10, ?11, 'THB', ?12, ?13, ?14, ?15, "
        "        ?16, ?17, ?18, 1, 700, ?19, ?20, ?21)")
  PREP (sale_line,
        "INSERT INTO sale_lines (id, clinic_id, created_at, updated_at, sale_id, kind, service_id, "
        "  product_id, package_id, plan_id, lot_id, code, description, category_id, qty, "
        "  unit_price, discount_bp, discount_amount, tax_class, amount, sort_order) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (line_provider,
        "INSERT INTO sale_line_providers (id, clinic_id, created_at, updated_at, sale_line_id, "
        "  provider_id, split_bp) VALUES (?, ?, ?, ?, ?, ?, ?)")
  PREP (payment,
        "INSERT INTO payments (id, clinic_id, created_at, updated_at, sale_id, tender, amount, "
        "  tendered, change_due, reference, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (patient_package,
        "INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, "
        "  package_id, service_id, sale_line_id, sessions, expires_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (membership,
        "INSERT INTO memberships (id, clinic_id, created_at, updated_at, patient_id, plan_id, "
        "  status, started_at, renews_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (credit,
        "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
        "  patient_package_id, membership_id, kind, service_id, sessions, amount, sale_id, at, "
        "  user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#undef PREP
  return d;
}
