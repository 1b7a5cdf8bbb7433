-- SPDX-License-Identifier: GPL-3.0-or-later
-- The patient timeline (docs/patients.md) reads each table newest first on
-- the patient's index; these two had only (patient_id).
CREATE INDEX medical_notes_patient_created ON medical_notes (patient_id, created_at);
CREATE INDEX consents_patient_created ON consents (patient_id, created_at);

-- A medical note is never edited: a correction is an addendum, a new note
-- that names the note it adds to.
ALTER TABLE medical_notes ADD COLUMN addendum_of TEXT REFERENCES medical_notes (id);
