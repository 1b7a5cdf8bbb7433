-- SPDX-License-Identifier: GPL-3.0-or-later
-- A membership's renewals: each a recorded payment (amount, tender,
-- reference) for one period, and the grants it made in the credit ledger
-- name it (docs/pos.md, "Memberships"). A ledger: rows are only added.

CREATE TABLE membership_renewals (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  membership_id  TEXT NOT NULL REFERENCES memberships (id),
  patient_id     TEXT NOT NULL REFERENCES patients (id),
  amount         INTEGER NOT NULL CHECK (amount > 0),
  tender         TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'transfer', 'qr')),
  reference      TEXT,
  period_start   INTEGER NOT NULL,
  period_end     INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  user_id        TEXT,
  CHECK (period_end > period_start)
) STRICT;
CREATE INDEX membership_renewals_membership ON membership_renewals (membership_id);

ALTER TABLE credit_ledger ADD COLUMN renewal_id TEXT REFERENCES membership_renewals (id);
