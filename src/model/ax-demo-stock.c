/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-demo-private.h"

/* Stock: each product receives a new lot every lot_period_days; a sale or a
 * treatment takes from the lot on the shelf at the time. The lots are
 * planned before the history is generated and written after it, when what
 * each one gave out is known: a lot receives what it gave out plus what is
 * left of it today, so stock never goes below zero and ends where the table
 * says (some products low, some lots near or past their expiry). */

void
demo_plan_stock (DemoSeeder *s)
{
  gint64 first_ms = demo_day_start_ms (s, s->first_day);

  for (guint p = 0; p < demo_products_len; p++)
    {
      const DemoProduct *d = &demo_products[p];
      DemoStock *st = &s->stock[p];
      guint n_lots;

      st->period_ms = d->lot_period_days * DEMO_DAY_MS;
      st->newest_received_at = s->today_start_ms - (7 + (p * 5) % 30) * DEMO_DAY_MS
                               + 10 * DEMO_HOUR_MS;
      n_lots = 2;
      while (st->newest_received_at - (gint64) (n_lots - 1) * st->period_ms > first_ms)
        n_lots++;
      st->lots = g_array_sized_new (FALSE, TRUE, sizeof (DemoLot), n_lots);
      g_array_set_size (st->lots, n_lots);

      for (guint k = n_lots; k > 0; k--)
        {
          DemoLot *lot = &g_array_index (st->lots, DemoLot, k - 1);
          g_autoptr (GDateTime) received = NULL;

          lot->received_at = st->newest_received_at - (gint64) (k - 1) * st->period_ms;
          received = demo_local_time (s, lot->received_at);
          g_snprintf (lot->lot_number, sizeof lot->lot_number, "%s%02d%02d-%03d", d->lot_prefix,
                      g_date_time_get_year (received) % 100, g_date_time_get_month (received),
                      demo_rand (s, 100, 1000));
          if (k - 1 == 1 && d->old_on_hand > 0)
            {
              demo_format_date (s->today + d->old_expiry_days, lot->expiry);
              lot->remaining = d->old_on_hand;
            }
          else
            {
              demo_format_date (demo_julian_of (s, lot->received_at) + d->shelf_days, lot->expiry);
              lot->remaining = k - 1 == 0 ? d->on_hand : 0;
            }
        }
    }
}

DemoLot *
demo_stock_take (DemoSeeder *s,
                 int         product,
                 gint64      at,
                 gint64      qty)
{
  DemoStock *st = &s->stock[product];
  guint k = 0;
  DemoLot *lot;

  if (at < st->newest_received_at)
    k = MIN ((guint) ((st->newest_received_at - at + st->period_ms - 1) / st->period_ms),
             st->lots->len - 1);
  lot = &g_array_index (st->lots, DemoLot, k);
  lot->consumed += qty;
  lot->referenced = TRUE;
  return lot;
}

gboolean
demo_write_stock (DemoSeeder  *s,
                  GError     **error)
{
  sqlite3_stmt *lot_stmt, *move_stmt;

  lot_stmt = ax_db_prepare (s->db,
    "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date, "
    "                  unit_cost, supplier_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (lot_stmt == NULL)
    return FALSE;
  move_stmt = ax_db_prepare (s->db,
    "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, "
    "                             kind, reason, at, user_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'receive', 'Received from supplier', ?, ?)", error);
  if (move_stmt == NULL)
    return FALSE;

  for (guint p = 0; p < demo_products_len; p++)
    {
      DemoStock *st = &s->stock[p];

      for (guint k = st->lots->len; k > 0; k--)
        {
          DemoLot *lot = &g_array_index (st->lots, DemoLot, k - 1);
          gint64 received = lot->consumed + lot->remaining;
          char mid[AX_UUID_STRLEN];

          if (!lot->referenced && received <= 0)
            continue;
          demo_bind_base (s, lot_stmt, lot->id, lot->received_at);
          demo_bind_text (lot_stmt, 5, st->id);
          demo_bind_text (lot_stmt, 6, lot->lot_number);
          demo_bind_text (lot_stmt, 7, lot->expiry);
          demo_bind_int (lot_stmt, 8, demo_products[p].unit_cost);
          demo_bind_text (lot_stmt, 9, st->supplier_id);
          demo_bind_int (lot_stmt, 10, lot->received_at);
          if (!demo_step (s, lot_stmt, error))
            return FALSE;
          if (received <= 0)
            continue;
          demo_new_id (s->stock_ids, lot->received_at, mid);
          demo_bind_base (s, move_stmt, mid, lot->received_at);
          demo_bind_text (move_stmt, 5, st->id);
          demo_bind_text (move_stmt, 6, lot->id);
          demo_bind_int (move_stmt, 7, received);
          demo_bind_int (move_stmt, 8, lot->received_at);
          demo_bind_text (move_stmt, 9, s->owner_id);
          if (!demo_step (s, move_stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

void
demo_make_lot_ids (DemoSeeder *s)
{
  /* Oldest first, so the ids follow the lots' receipt order. */
  guint most = 0;

  for (guint p = 0; p < demo_products_len; p++)
    most = MAX (most, s->stock[p].lots->len);
  for (guint k = most; k > 0; k--)
    for (guint p = 0; p < demo_products_len; p++)
      if (k <= s->stock[p].lots->len)
        {
          DemoLot *lot = &g_array_index (s->stock[p].lots, DemoLot, k - 1);
          demo_new_id (s->stock_ids, lot->received_at, lot->id);
        }
}

