/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-money.h"
#include "ax-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const AxCurrency currencies[] = {
  { "THB", "฿", 2 },
  { "BRL", "R$", 2 },
  { "USD", "$", 2 },
  { "EUR", "€", 2 },
  { "PHP", "₱", 2 },
  { "GBP", "£", 2 },
  { "JPY", "¥", 0 },
};

struct _AxMoney
{
  gint64 minor;
  char   currency[4];
};

typedef struct
{
  char     group;
  char     decimal;
  gboolean symbol_space; /* "R$ 10,00" against "฿10.00" */
} NumberStyle;

const AxCurrency *
ax_currency_lookup (const char *code)
{
  for (gsize i = 0; code != NULL && i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (code, currencies[i].code) == 0)
      return &currencies[i];
  return NULL;
}

/* Notes, then coins, largest first (minor units). */
static const gint64 thb_cash[] = { 100000, 50000, 10000, 5000, 2000,
                                   1000, 500, 200, 100, 50, 25 };
static const gint64 brl_cash[] = { 20000, 10000, 5000, 2000, 1000, 500, 200,
                                   100, 50, 25, 10, 5 };
static const gint64 usd_cash[] = { 10000, 5000, 2000, 1000, 500, 200, 100,
                                   25, 10, 5, 1 };
static const gint64 eur_cash[] = { 20000, 10000, 5000, 2000, 1000, 500,
                                   200, 100, 50, 20, 10, 5, 2, 1 };
static const gint64 php_cash[] = { 100000, 50000, 20000, 10000, 5000, 2000,
                                   1000, 500, 100, 25 };
static const gint64 gbp_cash[] = { 5000, 2000, 1000, 500,
                                   200, 100, 50, 20, 10, 5, 2, 1 };
static const gint64 jpy_cash[] = { 10000, 5000, 2000, 1000,
                                   500, 100, 50, 10, 5, 1 };

static const struct
{
  const char   *code;
  const gint64 *values;
  guint         n;
  guint         n_notes;
} cash[] = {
  { "THB", thb_cash, G_N_ELEMENTS (thb_cash), 5 },
  { "BRL", brl_cash, G_N_ELEMENTS (brl_cash), 7 },
  { "USD", usd_cash, G_N_ELEMENTS (usd_cash), 7 },
  { "EUR", eur_cash, G_N_ELEMENTS (eur_cash), 6 },
  { "PHP", php_cash, G_N_ELEMENTS (php_cash), 6 },
  { "GBP", gbp_cash, G_N_ELEMENTS (gbp_cash), 4 },
  { "JPY", jpy_cash, G_N_ELEMENTS (jpy_cash), 4 },
};

const gint64 *
ax_currency_denominations (const char *code,
                           guint      *n,
                           guint      *n_notes)
{
  for (gsize i = 0; code != NULL && i < G_N_ELEMENTS (cash); i++)
    if (g_ascii_strcasecmp (code, cash[i].code) == 0)
      {
        *n = cash[i].n;
        *n_notes = cash[i].n_notes;
        return cash[i].values;
      }
  *n = *n_notes = 0;
  return NULL;
}

AxMoney *
ax_money_new (gint64      minor,
              const char *currency)
{
  AxMoney *m = g_atomic_rc_box_new0 (AxMoney);

  m->minor = minor;
  g_strlcpy (m->currency, currency ? currency : "", sizeof m->currency);
  return m;
}

AxMoney *
ax_money_ref (AxMoney *money)
{
  return g_atomic_rc_box_acquire (money);
}

void
ax_money_unref (AxMoney *money)
{
  g_atomic_rc_box_release (money);
}

gint64
ax_money_minor (const AxMoney *money)
{
  return money->minor;
}

const char *
ax_money_currency (const AxMoney *money)
{
  return money->currency;
}

AxMoney *
ax_money_add (const AxMoney *a,
              const AxMoney *b)
{
  if (g_ascii_strcasecmp (a->currency, b->currency) != 0)
    return NULL;
  return ax_money_new (a->minor + b->minor, a->currency);
}

gint64
ax_money_mul_div_round (gint64 a,
                        gint64 b,
                        gint64 c)
{
  __int128 num = (__int128) a * b;
  __int128 q, r;
  gboolean negative;

  g_return_val_if_fail (c != 0, 0);
  negative = (num < 0) != (c < 0);
  if (num < 0)
    num = -num;
  if (c < 0)
    c = -c;
  q = num / c;
  r = num % c;
  if (2 * r >= c)
    q++;
  return (gint64) (negative ? -q : q);
}

static NumberStyle
style_for_locale (const char *locale)
{
  static const struct { const char *prefix; NumberStyle style; } styles[] = {
    { "pt", { '.', ',', TRUE } },
    { "de", { '.', ',', TRUE } },
    { "es", { '.', ',', TRUE } },
    { "fr", { ' ', ',', TRUE } },
  };

  if (locale == NULL)
    locale = g_get_language_names ()[0];
  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_str_has_prefix (locale, styles[i].prefix))
      return styles[i].style;
  return (NumberStyle) { ',', '.', FALSE };
}

char *
ax_money_format (gint64      minor,
                 const char *currency,
                 const char *locale)
{
  const AxCurrency *cur = ax_currency_lookup (currency);
  NumberStyle st = style_for_locale (locale);
  guint decimals = cur ? cur->decimals : 2;
  guint64 scale = 1, whole, frac, absval;
  g_autofree char *digits = NULL;
  GString *out = g_string_new (NULL);
  gsize len;

  for (guint i = 0; i < decimals; i++)
    scale *= 10;
  absval = minor < 0 ? (guint64) (-(minor + 1)) + 1 : (guint64) minor;
  whole = absval / scale;
  frac = absval % scale;

  if (minor < 0)
    g_string_append_c (out, '-');
  if (cur != NULL)
    {
      g_string_append (out, cur->symbol);
      if (st.symbol_space)
        g_string_append_c (out, ' ');
    }
  else
    {
      g_string_append (out, currency ? currency : "");
      g_string_append_c (out, ' ');
    }

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, st.group);
      g_string_append_c (out, digits[i]);
    }
  if (decimals > 0)
    g_string_append_printf (out, "%c%0*" G_GUINT64_FORMAT, st.decimal, (int) decimals, frac);

  return g_string_free (out, FALSE);
}

gboolean
ax_money_parse (const char *text,
                const char *currency,
                const char *locale,
                gint64     *minor_out,
                GError    **error)
{
  const AxCurrency *cur = ax_currency_lookup (currency);
  NumberStyle st = style_for_locale (locale);
  guint decimals = cur ? cur->decimals : 2;
  gboolean negative = FALSE, seen_digit = FALSE, in_frac = FALSE;
  guint frac_digits = 0;
  guint64 value = 0;

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' && !seen_digit)
        negative = TRUE;
      else if (g_unichar_isdigit (c) && c < 128)
        {
          if (in_frac && ++frac_digits > decimals)
            goto bad;
          if (value > G_MAXINT64 / 10 - 10)
            goto bad;
          value = value * 10 + (c - '0');
          seen_digit = TRUE;
        }
      else if (c == (gunichar) st.decimal && !in_frac)
        in_frac = TRUE;
      else if (c == (gunichar) st.group || c == ' ' || c == 0xA0)
        {
          if (in_frac)
            goto bad;
        }
      else if (!seen_digit && !g_unichar_isdigit (c))
        continue; /* a currency symbol or code before the number */
      else
        goto bad;
    }
  if (!seen_digit)
    goto bad;
  for (; frac_digits < decimals; frac_digits++)
    value *= 10;

  *minor_out = negative ? -(gint64) value : (gint64) value;
  return TRUE;

bad:
  g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
               _("“%s” is not an amount of money; type it like %s"),
               text ? text : "", st.decimal == ',' ? "1.234,50" : "1,234.50");
  return FALSE;
}
