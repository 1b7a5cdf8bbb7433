-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 3: stock on hand is a sum over the movement ledger; cover it so the
-- dashboard's low-stock and near-expiry checks read the index alone.

CREATE INDEX stock_movements_product_qty ON stock_movements (product_id, deleted_at, qty);
CREATE INDEX stock_movements_lot_qty ON stock_movements (lot_id, deleted_at, qty);
