-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 5: stock on hand per lot, kept by triggers (docs/pos.md, "Stock").
--
-- The movement ledger stays append-only and is the truth: on hand is the sum
-- of a lot's live movements. Summing it on every checkout and every dashboard
-- refresh grows with the history (a busy product has thousands of movements),
-- so this table carries the sum, maintained by triggers on the ledger. Being
-- triggers, they also keep it right for the demo seeder's bulk inserts, undo
-- (changesets applied backwards) and rows applied by sync. The table is
-- derived and device-local: never synced, never captured in changesets
-- (src/db/ax-db.c), rebuilt from the ledger here. Movements without a lot are
-- not in it (the till and the inventory always name a lot).

CREATE TABLE lot_balance (
  lot_id      TEXT PRIMARY KEY,
  product_id  TEXT NOT NULL,
  on_hand     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX lot_balance_product ON lot_balance (product_id, on_hand);

CREATE TRIGGER lot_balance_insert AFTER INSERT ON stock_movements
  WHEN new.lot_id IS NOT NULL AND new.deleted_at IS NULL
BEGIN
  INSERT INTO lot_balance (lot_id, product_id, on_hand) VALUES (new.lot_id, new.product_id, new.qty)
    ON CONFLICT (lot_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand;
END;

CREATE TRIGGER lot_balance_update AFTER UPDATE OF lot_id, qty, deleted_at ON stock_movements
BEGIN
  UPDATE lot_balance SET on_hand = on_hand - old.qty
   WHERE lot_id = old.lot_id AND old.deleted_at IS NULL;
  INSERT INTO lot_balance (lot_id, product_id, on_hand)
    SELECT new.lot_id, new.product_id, new.qty WHERE new.lot_id IS NOT NULL AND new.deleted_at IS NULL
    ON CONFLICT (lot_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand;
END;

CREATE TRIGGER lot_balance_delete AFTER DELETE ON stock_movements
  WHEN old.lot_id IS NOT NULL AND old.deleted_at IS NULL
BEGIN
  UPDATE lot_balance SET on_hand = on_hand - old.qty WHERE lot_id = old.lot_id;
END;

INSERT INTO lot_balance (lot_id, product_id, on_hand)
  SELECT lot_id, product_id, SUM (qty) FROM stock_movements
   WHERE lot_id IS NOT NULL AND deleted_at IS NULL GROUP BY lot_id;

-- The view of version 2 now reads the balance.
DROP VIEW lot_stock;
CREATE VIEW lot_stock AS
  SELECT l.id AS lot_id, l.product_id, l.lot_number, l.expiry_date,
         COALESCE (b.on_hand, 0) AS on_hand
    FROM lots l LEFT JOIN lot_balance b ON b.lot_id = l.id
   WHERE l.deleted_at IS NULL;
