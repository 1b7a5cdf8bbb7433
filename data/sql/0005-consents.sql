-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 5: consents (docs/consents.md). A consent remembers the revision
-- of the template it was filled from, and a withdrawal is a state of its
-- own, with when and why; the signed body and the signature stay.

ALTER TABLE consents ADD COLUMN template_revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE consents ADD COLUMN withdrawn_at INTEGER;
ALTER TABLE consents ADD COLUMN withdraw_reason TEXT;

CREATE INDEX consent_templates_active ON consent_templates (clinic_id, active, name);
