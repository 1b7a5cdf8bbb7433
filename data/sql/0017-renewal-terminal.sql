-- SPDX-License-Identifier: GPL-3.0-or-later
-- The terminal a membership renewal was paid at: its money is in that
-- terminal's drawer or card batch, so the terminal's Z report counts it
-- (docs/receipts.md, "Day close and the Z report"). Renewals recorded before
-- this have none and are on no terminal's Z report.

ALTER TABLE membership_renewals ADD COLUMN device_id TEXT REFERENCES devices (id);
CREATE INDEX membership_renewals_device_at ON membership_renewals (device_id, at);
