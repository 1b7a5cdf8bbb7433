/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is an integer count of the currency's minor unit (satang, centavos,
 * cents); never a double. */

typedef struct
{
  const char *code;     /* ISO 4217: "THB" */
  const char *symbol;   /* "฿" */
  guint       decimals; /* minor units per major unit = 10^decimals */
} AxCurrency;

const AxCurrency *ax_currency_lookup (const char *code);
/* The notes and coins in circulation for code, largest first, in minor
 * units: the first *n_notes are notes, the rest coins (a cash count). NULL
 * (and 0, 0) for a currency without a list. */
const gint64     *ax_currency_denominations (const char *code,
                                             guint      *n,
                                             guint      *n_notes);

/* An immutable, refcounted amount in one currency. */
typedef struct _AxMoney AxMoney;

AxMoney    *ax_money_new      (gint64         minor,
                               const char    *currency);
AxMoney    *ax_money_ref      (AxMoney       *money);
void        ax_money_unref    (AxMoney       *money);
gint64      ax_money_minor    (const AxMoney *money);
const char *ax_money_currency (const AxMoney *money);
/* NULL when the currencies differ. */
AxMoney    *ax_money_add      (const AxMoney *a,
                               const AxMoney *b);

/* a × b / c rounded half away from zero, without intermediate overflow.
 * The one rounding rule money uses (DESIGN.md §7: half-up). */
gint64      ax_money_mul_div_round (gint64 a,
                                    gint64 b,
                                    gint64 c);

/* Formats for people: "฿1,234.50" (en, th), "R$ 1.234,50" (pt_BR).
 * locale is a POSIX locale name ("pt_BR.UTF-8"); NULL uses the user's. */
char       *ax_money_format   (gint64         minor,
                               const char    *currency,
                               const char    *locale);
/* Parses what a person typed ("1,234.5", "1.234,50", "R$ 10") in that
 * locale's convention into minor units. */
gboolean    ax_money_parse    (const char    *text,
                               const char    *currency,
                               const char    *locale,
                               gint64        *minor_out,
                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxMoney, ax_money_unref)

G_END_DECLS
