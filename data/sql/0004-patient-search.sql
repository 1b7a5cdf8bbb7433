-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 4: patient search as you type (accent- and case-insensitive
-- substrings of names, numbers, phone and national id, in Thai and Latin
-- script). ax_search_fold() and ax_search_body() are SQL functions the store
-- registers on every connection (src/db/ax-db-search.c). The index tables are
-- derived from patients by triggers; they are device-local and never synced
-- or captured in changesets.

-- Substrings of three characters or more: a trigram index.
CREATE VIRTUAL TABLE patient_search USING fts5 (body, tokenize = 'trigram');

-- One or two characters: prefixes of the first and last name.
CREATE TABLE patient_search_names (
  rowid  INTEGER PRIMARY KEY,
  first  TEXT NOT NULL,
  last   TEXT NOT NULL
) STRICT;
CREATE INDEX patient_search_names_first ON patient_search_names (first);
CREATE INDEX patient_search_names_last ON patient_search_names (last);

CREATE TRIGGER patient_search_insert AFTER INSERT ON patients
BEGIN
  INSERT INTO patient_search (rowid, body)
  VALUES (new.rowid, ax_search_body (new.first_name, new.last_name, new.nickname,
                                     new.patient_number, new.phone, new.national_id, new.email));
  INSERT INTO patient_search_names (rowid, first, last)
  VALUES (new.rowid, ax_search_fold (new.first_name), ax_search_fold (new.last_name));
END;

CREATE TRIGGER patient_search_update AFTER UPDATE OF first_name, last_name, nickname,
  patient_number, phone, national_id, email ON patients
BEGIN
  UPDATE patient_search
     SET body = ax_search_body (new.first_name, new.last_name, new.nickname,
                                new.patient_number, new.phone, new.national_id, new.email)
   WHERE rowid = new.rowid;
  UPDATE patient_search_names
     SET first = ax_search_fold (new.first_name), last = ax_search_fold (new.last_name)
   WHERE rowid = new.rowid;
END;

CREATE TRIGGER patient_search_delete AFTER DELETE ON patients
BEGIN
  DELETE FROM patient_search WHERE rowid = old.rowid;
  DELETE FROM patient_search_names WHERE rowid = old.rowid;
END;

INSERT INTO patient_search (rowid, body)
  SELECT rowid, ax_search_body (first_name, last_name, nickname, patient_number, phone,
                                national_id, email) FROM patients;
INSERT INTO patient_search_names (rowid, first, last)
  SELECT rowid, ax_search_fold (first_name), ax_search_fold (last_name) FROM patients;
