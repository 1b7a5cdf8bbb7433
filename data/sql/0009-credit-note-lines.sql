-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 6: a credit note's line names the sale line it refunds, so what is
-- left to refund of a line is its quantity less what credit notes took back
-- (docs/pos.md, "Refunds").

ALTER TABLE sale_lines ADD COLUMN refund_of_line_id TEXT REFERENCES sale_lines (id);
CREATE INDEX sale_lines_refund_of ON sale_lines (refund_of_line_id)
  WHERE refund_of_line_id IS NOT NULL;
CREATE INDEX sales_refund_of ON sales (refund_of_sale_id) WHERE refund_of_sale_id IS NOT NULL;
CREATE INDEX credit_ledger_sale ON credit_ledger (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX credit_ledger_membership ON credit_ledger (membership_id)
  WHERE membership_id IS NOT NULL;
CREATE INDEX stock_movements_sale_line ON stock_movements (sale_line_id)
  WHERE sale_line_id IS NOT NULL;
