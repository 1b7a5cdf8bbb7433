-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 2: what the dashboard and the calendar read often.

CREATE INDEX appointments_live_start ON appointments (clinic_id, start_at)
  WHERE deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show');
CREATE INDEX stock_movements_lot ON stock_movements (lot_id);
CREATE INDEX sales_device ON sales (device_id, sold_at);

-- Stock on hand per lot, a sum over the ledger.
CREATE VIEW lot_stock AS
  SELECT l.id AS lot_id, l.product_id, l.lot_number, l.expiry_date,
         COALESCE (SUM (m.qty), 0) AS on_hand
    FROM lots l
    LEFT JOIN stock_movements m ON m.lot_id = l.id AND m.deleted_at IS NULL
   WHERE l.deleted_at IS NULL
   GROUP BY l.id;
