/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-tax.h"
#include "ax-error.h"
#include "ax-money.h"

#include <glib/gi18n-lib.h>

#define BP_ONE 10000 /* 100 % in basis points */

/* The largest amount one line or one receipt may come to, in minor units
 * (10 trillion baht): far above any sale, and low enough that sums, and
 * net + tax, can never overflow a gint64. */
#define AMOUNT_MAX G_GINT64_CONSTANT (1000000000000000)

struct _AxTaxResult
{
  gboolean         prices_include_tax;
  gint64           subtotal;
  gint64           discount;
  gint64           net;
  gint64           tax;
  gint64           total;
  AxTaxClassResult classes[AX_N_TAX_CLASSES];
  gsize            n_lines;
  AxTaxLineResult  lines[];
};

G_DEFINE_BOXED_TYPE (AxTaxResult, ax_tax_result, ax_tax_result_ref, ax_tax_result_unref)

static const char *const class_ids[AX_N_TAX_CLASSES] = {
  [AX_TAX_CLASS_STANDARD] = "standard",
  [AX_TAX_CLASS_ZERO] = "zero",
  [AX_TAX_CLASS_EXEMPT] = "exempt",
};

/* "7", "12.5", "0.01": basis points as a percentage, for messages. */
static char *
format_percent (gint64 bp)
{
  guint64 abs_bp = bp < 0 ? (guint64) (-(bp + 1)) + 1 : (guint64) bp;
  guint64 whole = abs_bp / 100, frac = abs_bp % 100;
  const char *sign = bp < 0 ? "-" : "";

  if (frac == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, sign, whole);
  if (frac % 10 == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT, sign, whole, frac / 10);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02" G_GUINT64_FORMAT, sign, whole, frac);
}

static char *
format_amount (const AxTaxConfig *config,
               gint64             minor)
{
  return ax_money_format (minor, config->currency, NULL);
}

/* Checks a discount and turns it into minor units off base. what names what
 * the discount is on, for messages ("Line 2", "The receipt"). */
static gboolean
resolve_discount (const AxTaxConfig *config,
                  const AxDiscount  *discount,
                  gint64             base,
                  const char        *what,
                  gint64            *minor_out,
                  GError           **error)
{
  switch (discount->kind)
    {
    case AX_DISCOUNT_NONE:
      *minor_out = 0;
      return TRUE;

    case AX_DISCOUNT_PERCENT:
      if (discount->value < 0 || discount->value > BP_ONE)
        {
          g_autofree char *pct = format_percent (discount->value);

          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       /* Translators: the first %s is "Line 2" or "The receipt" */
                       _("%s: a discount of %s %% is not possible; "
                         "enter a percentage from 0 to 100"),
                       what, pct);
          return FALSE;
        }
      *minor_out = ax_money_mul_div_round (base, discount->value, BP_ONE);
      return TRUE;

    case AX_DISCOUNT_AMOUNT:
      if (discount->value < 0)
        {
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("%s: a discount can’t be negative; enter the amount to take off"),
                       what);
          return FALSE;
        }
      if (discount->value > base)
        {
          g_autofree char *d = format_amount (config, discount->value);
          g_autofree char *b = format_amount (config, base);

          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("%s: the discount of %s is more than the amount of %s; "
                         "lower the discount"),
                       what, d, b);
          return FALSE;
        }
      *minor_out = discount->value;
      return TRUE;

    default:
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("%s: the discount is neither a percentage nor an amount; "
                     "enter it again"),
                   what);
      return FALSE;
    }
}

static gboolean
compute_line (const AxTaxConfig *config,
              const AxTaxLine   *line,
              gsize              index,
              AxTaxLineResult   *out,
              GError           **error)
{
  /* Translators: the position of a line on the receipt, counted from 1 */
  g_autofree char *what = g_strdup_printf (_("Line %u"), (guint) index + 1);
  guint64 price_total;

  if (line->tax_class < 0 || line->tax_class >= AX_N_TAX_CLASSES)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("%s has no tax class; set the item’s tax class in the catalogue"), what);
      return FALSE;
    }
  if (line->quantity < 1)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("%s: the quantity is %d; enter 1 or more, or remove the line"),
                   what, line->quantity);
      return FALSE;
    }
  if (line->unit_price < 0)
    {
      g_autofree char *p = format_amount (config, line->unit_price);

      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("%s: the price %s is negative; enter a price of 0 or more "
                     "and give a discount instead"),
                   what, p);
      return FALSE;
    }
  if (!g_uint64_checked_mul (&price_total, (guint64) line->unit_price, (guint64) line->quantity)
      || price_total > (guint64) AMOUNT_MAX)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("%s is too large for one receipt; check the price and the quantity"),
                   what);
      return FALSE;
    }

  out->tax_class = line->tax_class;
  out->price_total = (gint64) price_total;
  if (!resolve_discount (config, &line->discount, out->price_total, what,
                         &out->line_discount, error))
    return FALSE;
  out->amount = out->price_total - out->line_discount;
  return TRUE;
}

static int
compare_by_amount_desc (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const AxTaxLineResult *lines = user_data;
  gsize ia = *(const gsize *) a, ib = *(const gsize *) b;

  if (lines[ia].amount != lines[ib].amount)
    return lines[ia].amount > lines[ib].amount ? -1 : 1;
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

/* Spreads the receipt discount over the lines in proportion to their amounts,
 * each share rounded half up; the rounding remainder (positive or negative)
 * goes to the largest line, the earliest of equally large lines. A share stays
 * within 0 … the line's amount: should the largest line not take the whole
 * remainder (only with lines of a few satang), the rest goes to the next
 * largest, and so on. The shares always add up to the discount exactly. */
static void
allocate_receipt_discount (AxTaxLineResult *lines,
                           gsize            n_lines,
                           gint64           subtotal,
                           gint64           discount)
{
  g_autofree gsize *order = NULL;
  gint64 remainder = discount;

  for (gsize i = 0; i < n_lines; i++)
    {
      lines[i].receipt_discount =
        subtotal > 0 ? ax_money_mul_div_round (discount, lines[i].amount, subtotal) : 0;
      remainder -= lines[i].receipt_discount;
    }
  if (remainder == 0)
    return;

  order = g_new (gsize, n_lines);
  for (gsize i = 0; i < n_lines; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n_lines, sizeof *order, compare_by_amount_desc, lines);

  for (gsize k = 0; k < n_lines && remainder != 0; k++)
    {
      AxTaxLineResult *line = &lines[order[k]];
      gint64 take;

      if (remainder > 0)
        take = MIN (remainder, line->amount - line->receipt_discount);
      else
        take = MAX (remainder, -line->receipt_discount);
      line->receipt_discount += take;
      remainder -= take;
    }
  g_assert (remainder == 0);
}

static void
compute_class (const AxTaxConfig *config,
               AxTaxClass         tax_class,
               gint64             sum,
               AxTaxClassResult  *out)
{
  out->rate_bp = tax_class == AX_TAX_CLASS_STANDARD ? config->vat_rate_bp : 0;
  if (config->prices_include_tax)
    {
      out->gross = sum;
      out->tax = ax_money_mul_div_round (sum, out->rate_bp, BP_ONE + out->rate_bp);
      out->net = out->gross - out->tax;
    }
  else
    {
      out->net = sum;
      out->tax = ax_money_mul_div_round (sum, out->rate_bp, BP_ONE);
      out->gross = out->net + out->tax;
    }
}

AxTaxResult *
ax_tax_compute (const AxTaxConfig *config,
                const AxTaxLine   *lines,
                gsize              n_lines,
                const AxDiscount  *receipt_discount,
                GError           **error)
{
  g_autoptr (AxTaxResult) result = NULL;
  gint64 sums[AX_N_TAX_CLASSES] = { 0 };

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->vat_rate_bp > BP_ONE)
    {
      g_autofree char *pct = format_percent (config->vat_rate_bp);

      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The VAT rate of %s %% is out of range; set a rate from 0 to 100 %% "
                     "in the clinic’s settings"),
                   pct);
      return NULL;
    }

  result = g_atomic_rc_box_alloc0 (sizeof (AxTaxResult) + n_lines * sizeof (AxTaxLineResult));
  result->prices_include_tax = config->prices_include_tax != FALSE;
  result->n_lines = n_lines;

  for (gsize i = 0; i < n_lines; i++)
    {
      if (!compute_line (config, &lines[i], i, &result->lines[i], error))
        return NULL;
      result->subtotal += result->lines[i].amount;
      if (result->subtotal > AMOUNT_MAX)
        {
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("The receipt is too large; split the sale over several receipts"));
          return NULL;
        }
    }

  if (receipt_discount != NULL
      && !resolve_discount (config, receipt_discount, result->subtotal, _("The receipt"),
                            &result->discount, error))
    return NULL;
  allocate_receipt_discount (result->lines, n_lines, result->subtotal, result->discount);

  for (gsize i = 0; i < n_lines; i++)
    {
      AxTaxLineResult *line = &result->lines[i];

      line->discounted = line->amount - line->receipt_discount;
      sums[line->tax_class] += line->discounted;
      result->classes[line->tax_class].n_lines++;
    }

  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      AxTaxClassResult *cls = &result->classes[c];

      compute_class (config, (AxTaxClass) c, sums[c], cls);
      result->net += cls->net;
      result->tax += cls->tax;
      result->total += cls->gross;
    }

  return g_steal_pointer (&result);
}

AxTaxResult *
ax_tax_result_ref (AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
ax_tax_result_unref (AxTaxResult *result)
{
  g_return_if_fail (result != NULL);
  g_atomic_rc_box_release (result);
}

gboolean
ax_tax_result_get_prices_include_tax (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  return result->prices_include_tax;
}

gsize
ax_tax_result_get_n_lines (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_lines;
}

const AxTaxLineResult *
ax_tax_result_get_line (const AxTaxResult *result,
                        gsize              index)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (index < result->n_lines, NULL);
  return &result->lines[index];
}

const AxTaxClassResult *
ax_tax_result_get_class (const AxTaxResult *result,
                         AxTaxClass         tax_class)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (tax_class >= 0 && tax_class < AX_N_TAX_CLASSES, NULL);
  return &result->classes[tax_class];
}

gint64
ax_tax_result_get_subtotal (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->subtotal;
}

gint64
ax_tax_result_get_discount (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->discount;
}

gint64
ax_tax_result_get_net (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->net;
}

gint64
ax_tax_result_get_tax (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->tax;
}

gint64
ax_tax_result_get_total (const AxTaxResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->total;
}

const char *
ax_tax_class_to_string (AxTaxClass tax_class)
{
  g_return_val_if_fail (tax_class >= 0 && tax_class < AX_N_TAX_CLASSES, NULL);
  return class_ids[tax_class];
}

AxTaxClass
ax_tax_class_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_TAX_CLASSES; i++)
    if (g_ascii_strcasecmp (text, class_ids[i]) == 0)
      return (AxTaxClass) i;
  return AX_TAX_CLASS_INVALID;
}

const char *
ax_tax_class_display_name (AxTaxClass tax_class)
{
  switch (tax_class)
    {
    case AX_TAX_CLASS_STANDARD: return _("Standard rate");
    case AX_TAX_CLASS_ZERO: return _("Zero-rated");
    case AX_TAX_CLASS_EXEMPT: return _("Exempt");
    case AX_N_TAX_CLASSES:
    case AX_TAX_CLASS_INVALID:
    default:
      return _("Unknown tax class");
    }
}
