/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-cart.h"
#include "ax-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define BP_ONE 10000

/* A line's own copy of what was entered, shared between the carts that
 * contain it (an edit copies only the line it changes). */
typedef struct
{
  AxCartLine      line;      /* its strings point into this block's copies */
  char           *item_id;
  char           *name;
  char           *lot_id;
  AxCartProvider *providers;
} LineData;

struct _AxCart
{
  AxTaxConfig  config;
  char        *currency;
  AxDiscount   receipt_discount;
  AxTaxResult *tax;
  gsize        n_lines;
  LineData    *lines[];
};

G_DEFINE_BOXED_TYPE (AxCart, ax_cart, ax_cart_ref, ax_cart_unref)

static const char *const kind_ids[AX_N_CART_ITEM_KINDS] = {
  "service", "product", "package", "membership",
};

const char *
ax_cart_item_kind_to_string (AxCartItemKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < AX_N_CART_ITEM_KINDS, NULL);
  return kind_ids[kind];
}

AxCartItemKind
ax_cart_item_kind_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_CART_ITEM_KINDS; i++)
    if (strcmp (text, kind_ids[i]) == 0)
      return (AxCartItemKind) i;
  return AX_CART_ITEM_INVALID;
}

/* Lines */

static void
line_data_clear (gpointer data)
{
  LineData *d = data;

  for (guint i = 0; i < d->line.n_providers; i++)
    g_free ((char *) d->providers[i].provider_id);
  g_free (d->providers);
  g_free (d->item_id);
  g_free (d->name);
  g_free (d->lot_id);
}

static LineData *
line_data_ref (LineData *d)
{
  return g_atomic_rc_box_acquire (d);
}

static void
line_data_unref (LineData *d)
{
  g_atomic_rc_box_release_full (d, line_data_clear);
}

static LineData *
line_data_new (const AxCartLine *line)
{
  LineData *d = g_atomic_rc_box_new0 (LineData);

  d->line = *line;
  d->item_id = g_strdup (line->item_id);
  d->name = g_strdup (line->name);
  d->lot_id = g_strdup (line->lot_id);
  d->line.item_id = d->item_id;
  d->line.name = d->name;
  d->line.lot_id = d->lot_id;
  d->providers = g_new0 (AxCartProvider, MAX (line->n_providers, 1));
  for (guint i = 0; i < line->n_providers; i++)
    {
      d->providers[i].provider_id = g_strdup (line->providers[i].provider_id);
      d->providers[i].split_bp = line->providers[i].split_bp;
    }
  d->line.providers = d->providers;
  return d;
}

/* The checks the tax engine does not make: what a line is and who shares it. */
static gboolean
check_line (const AxCartLine *line,
            gsize             index,
            GError          **error)
{
  guint total = 0;

  if (line->kind < 0 || line->kind >= AX_N_CART_ITEM_KINDS)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("Line %u is neither a service, a product, a package nor a membership"),
                   (guint) index + 1);
      return FALSE;
    }
  if (line->quantity < 1)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("Line %u: the quantity is %d; enter 1 or more, or remove the line"),
                   (guint) index + 1, line->quantity);
      return FALSE;
    }
  if (line->lot_id != NULL && line->kind != AX_CART_ITEM_PRODUCT)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("Line %u: only a product line can take stock from a lot"), (guint) index + 1);
      return FALSE;
    }
  for (guint i = 0; i < line->n_providers; i++)
    {
      const AxCartProvider *p = &line->providers[i];

      if (p->provider_id == NULL || *p->provider_id == '\0')
        {
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("Line %u: a provider of the line is missing"), (guint) index + 1);
          return FALSE;
        }
      if (p->split_bp == 0 || p->split_bp > BP_ONE)
        {
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("Line %u: each provider’s share must be more than 0 %% and at most "
                         "100 %%"), (guint) index + 1);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (line->providers[j].provider_id, p->provider_id) == 0)
          {
            g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                         _("Line %u names the same provider twice; give them one share"),
                         (guint) index + 1);
            return FALSE;
          }
      total += p->split_bp;
    }
  if (line->n_providers > 0 && total != BP_ONE)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("Line %u: the providers’ shares add up to %u.%02u %%, not 100 %%"),
                   (guint) index + 1, total / 100, total % 100);
      return FALSE;
    }
  return TRUE;
}

/* Carts */

static void
cart_clear (gpointer data)
{
  AxCart *cart = data;

  for (gsize i = 0; i < cart->n_lines; i++)
    line_data_unref (cart->lines[i]);
  g_clear_pointer (&cart->tax, ax_tax_result_unref);
  g_free (cart->currency);
}

static AxCart *
cart_alloc (const AxTaxConfig *config,
            gsize              n_lines)
{
  AxCart *cart = g_atomic_rc_box_alloc0 (sizeof (AxCart) + n_lines * sizeof (LineData *));

  cart->config = *config;
  cart->currency = g_strdup (config->currency);
  cart->config.currency = cart->currency;
  cart->n_lines = n_lines;
  return cart;
}

/* Computes the totals of a freshly filled cart; frees it and returns NULL
 * when the tax engine refuses it. */
static AxCart *
cart_finish (AxCart  *cart,
             GError **error)
{
  AxTaxLine stack_lines[64];
  g_autofree AxTaxLine *heap_lines = NULL;
  AxTaxLine *tax_lines = stack_lines;

  if (cart->n_lines > G_N_ELEMENTS (stack_lines))
    tax_lines = heap_lines = g_new (AxTaxLine, cart->n_lines);
  for (gsize i = 0; i < cart->n_lines; i++)
    {
      const AxCartLine *l = &cart->lines[i]->line;

      tax_lines[i].unit_price = l->unit_price;
      tax_lines[i].quantity = l->quantity;
      tax_lines[i].discount = l->discount;
      tax_lines[i].tax_class = l->tax_class;
    }
  cart->tax = ax_tax_compute (&cart->config, tax_lines, cart->n_lines, &cart->receipt_discount,
                              error);
  if (cart->tax == NULL)
    {
      ax_cart_unref (cart);
      return NULL;
    }
  return cart;
}

/* A copy of cart with line `replace` (if < n_lines) replaced by `with`
 * (NULL: dropped) or, when replace == n_lines, `with` appended. */
static AxCart *
cart_derive (const AxCart *cart,
             gsize         replace,
             LineData     *with,
             GError      **error)
{
  gsize n = cart->n_lines + (replace == cart->n_lines ? 1 : 0) - (with == NULL ? 1 : 0);
  AxCart *copy = cart_alloc (&cart->config, n);
  gsize k = 0;

  copy->receipt_discount = cart->receipt_discount;
  for (gsize i = 0; i < cart->n_lines; i++)
    {
      if (i == replace)
        {
          if (with != NULL)
            copy->lines[k++] = line_data_ref (with);
        }
      else
        copy->lines[k++] = line_data_ref (cart->lines[i]);
    }
  if (replace == cart->n_lines && with != NULL)
    copy->lines[k++] = line_data_ref (with);
  g_assert (k == n);
  return cart_finish (copy, error);
}

static gboolean
check_index (const AxCart *cart,
             gsize         index,
             GError      **error)
{
  if (index >= cart->n_lines)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("There is no line %u in the cart"), (guint) index + 1);
      return FALSE;
    }
  return TRUE;
}

/* A new line like line `index` of cart with changes applied by the caller;
 * checked and swapped in. */
static AxCart *
cart_replace_line (AxCart           *cart,
                   gsize             index,
                   const AxCartLine *line,
                   GError          **error)
{
  LineData *d;
  AxCart *result;

  if (!check_line (line, index, error))
    return NULL;
  d = line_data_new (line);
  result = cart_derive (cart, index, d, error);
  line_data_unref (d);
  return result;
}

AxCart *
ax_cart_new (const AxTaxConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return cart_finish (cart_alloc (config, 0), NULL);
}

AxCart *
ax_cart_new_with_lines (const AxTaxConfig *config,
                        const AxCartLine  *lines,
                        gsize              n_lines,
                        const AxDiscount  *receipt_discount,
                        GError           **error)
{
  AxCart *cart;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);

  for (gsize i = 0; i < n_lines; i++)
    if (!check_line (&lines[i], i, error))
      return NULL;
  cart = cart_alloc (config, n_lines);
  if (receipt_discount != NULL)
    cart->receipt_discount = *receipt_discount;
  for (gsize i = 0; i < n_lines; i++)
    cart->lines[i] = line_data_new (&lines[i]);
  return cart_finish (cart, error);
}

AxCart *
ax_cart_ref (AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);
  return g_atomic_rc_box_acquire (cart);
}

void
ax_cart_unref (AxCart *cart)
{
  g_return_if_fail (cart != NULL);
  g_atomic_rc_box_release_full (cart, cart_clear);
}

AxCart *
ax_cart_add_line (AxCart           *cart,
                  const AxCartLine *line,
                  GError          **error)
{
  g_return_val_if_fail (cart != NULL && line != NULL, NULL);
  if (!check_line (line, cart->n_lines, error))
    return NULL;
  {
    LineData *d = line_data_new (line);
    AxCart *result = cart_derive (cart, cart->n_lines, d, error);

    line_data_unref (d);
    return result;
  }
}

AxCart *
ax_cart_remove_line (AxCart  *cart,
                     gsize    index,
                     GError **error)
{
  g_return_val_if_fail (cart != NULL, NULL);
  if (!check_index (cart, index, error))
    return NULL;
  return cart_derive (cart, index, NULL, error);
}

AxCart *
ax_cart_set_quantity (AxCart  *cart,
                      gsize    index,
                      gint     quantity,
                      GError **error)
{
  AxCartLine line;

  g_return_val_if_fail (cart != NULL, NULL);
  if (!check_index (cart, index, error))
    return NULL;
  line = cart->lines[index]->line;
  line.quantity = quantity;
  return cart_replace_line (cart, index, &line, error);
}

AxCart *
ax_cart_set_line_discount (AxCart           *cart,
                           gsize             index,
                           const AxDiscount *discount,
                           GError          **error)
{
  AxCartLine line;

  g_return_val_if_fail (cart != NULL, NULL);
  if (!check_index (cart, index, error))
    return NULL;
  line = cart->lines[index]->line;
  line.discount = discount ? *discount : (AxDiscount) { AX_DISCOUNT_NONE, 0 };
  return cart_replace_line (cart, index, &line, error);
}

AxCart *
ax_cart_set_providers (AxCart               *cart,
                       gsize                 index,
                       const AxCartProvider *providers,
                       guint                 n_providers,
                       GError              **error)
{
  AxCartLine line;

  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (providers != NULL || n_providers == 0, NULL);
  if (!check_index (cart, index, error))
    return NULL;
  line = cart->lines[index]->line;
  line.providers = providers;
  line.n_providers = n_providers;
  return cart_replace_line (cart, index, &line, error);
}

AxCart *
ax_cart_set_lot (AxCart     *cart,
                 gsize       index,
                 const char *lot_id,
                 GError    **error)
{
  AxCartLine line;

  g_return_val_if_fail (cart != NULL, NULL);
  if (!check_index (cart, index, error))
    return NULL;
  line = cart->lines[index]->line;
  line.lot_id = lot_id;
  return cart_replace_line (cart, index, &line, error);
}

AxCart *
ax_cart_set_receipt_discount (AxCart           *cart,
                              const AxDiscount *discount,
                              GError          **error)
{
  AxCart *copy;

  g_return_val_if_fail (cart != NULL, NULL);
  copy = cart_alloc (&cart->config, cart->n_lines);
  for (gsize i = 0; i < cart->n_lines; i++)
    copy->lines[i] = line_data_ref (cart->lines[i]);
  if (discount != NULL)
    copy->receipt_discount = *discount;
  return cart_finish (copy, error);
}

const AxTaxConfig *
ax_cart_get_config (const AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);
  return &cart->config;
}

gsize
ax_cart_get_n_lines (const AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, 0);
  return cart->n_lines;
}

const AxCartLine *
ax_cart_get_line (const AxCart *cart,
                  gsize         index)
{
  g_return_val_if_fail (cart != NULL, NULL);
  g_return_val_if_fail (index < cart->n_lines, NULL);
  return &cart->lines[index]->line;
}

const AxDiscount *
ax_cart_get_receipt_discount (const AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);
  return &cart->receipt_discount;
}

AxTaxResult *
ax_cart_get_tax (const AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, NULL);
  return cart->tax;
}

gint64
ax_cart_get_total (const AxCart *cart)
{
  g_return_val_if_fail (cart != NULL, 0);
  return ax_tax_result_get_total (cart->tax);
}

gboolean
ax_cart_line_discount_above (const AxCart *cart,
                             gsize         index,
                             guint         threshold_bp)
{
  const AxTaxLineResult *r;

  g_return_val_if_fail (cart != NULL && index < cart->n_lines, FALSE);
  r = ax_tax_result_get_line (cart->tax, index);
  /* Exactly: discount ÷ price total > threshold. Amounts are at most 10^15
   * and the threshold at most 10^4, so the products fit in 64 bits unsigned. */
  return (guint64) r->line_discount * BP_ONE > (guint64) r->price_total * threshold_bp;
}

gboolean
ax_cart_receipt_discount_above (const AxCart *cart,
                                guint         threshold_bp)
{
  g_return_val_if_fail (cart != NULL, FALSE);
  return (guint64) ax_tax_result_get_discount (cart->tax) * BP_ONE
         > (guint64) ax_tax_result_get_subtotal (cart->tax) * threshold_bp;
}
