-- SPDX-License-Identifier: GPL-3.0-or-later
-- lot_balance (0008-lot-balance.sql) holds a row for a lot while it has live
-- movements. Undoing a movement (a desk's rebase takes back a lot it received
-- offline that the server merged into another desk's lot of the same number)
-- left a row at 0 for a lot that no longer exists: the desk's derived table
-- then differed from the server's. The row goes with the lot's last movement.

DROP TRIGGER lot_balance_update;
CREATE TRIGGER lot_balance_update AFTER UPDATE OF lot_id, qty, deleted_at ON stock_movements
BEGIN
  UPDATE lot_balance SET on_hand = on_hand - old.qty
   WHERE lot_id = old.lot_id AND old.deleted_at IS NULL;
  INSERT INTO lot_balance (lot_id, product_id, on_hand)
    SELECT new.lot_id, new.product_id, new.qty WHERE new.lot_id IS NOT NULL AND new.deleted_at IS NULL
    ON CONFLICT (lot_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand;
  DELETE FROM lot_balance
   WHERE lot_id = old.lot_id
     AND NOT EXISTS (SELECT 1 FROM stock_movements m
                      WHERE m.lot_id = old.lot_id AND m.deleted_at IS NULL);
END;

DROP TRIGGER lot_balance_delete;
CREATE TRIGGER lot_balance_delete AFTER DELETE ON stock_movements
  WHEN old.lot_id IS NOT NULL AND old.deleted_at IS NULL
BEGIN
  UPDATE lot_balance SET on_hand = on_hand - old.qty WHERE lot_id = old.lot_id;
  DELETE FROM lot_balance
   WHERE lot_id = old.lot_id
     AND NOT EXISTS (SELECT 1 FROM stock_movements m
                      WHERE m.lot_id = old.lot_id AND m.deleted_at IS NULL);
END;

DELETE FROM lot_balance
 WHERE NOT EXISTS (SELECT 1 FROM stock_movements m
                    WHERE m.lot_id = lot_balance.lot_id AND m.deleted_at IS NULL);
