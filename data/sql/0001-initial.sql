-- SPDX-License-Identifier: GPL-3.0-or-later
-- Aesthetix schema, version 1: every module's tables.
--
-- Conventions (DESIGN.md §4). Every row that syncs has:
--   id          TEXT  UUIDv7, made where the row is born
--   clinic_id   TEXT  the tenant
--   created_at  INT   unix milliseconds (UTC)
--   updated_at  TEXT  HLC stamp of the mutation that last wrote it
--   version     INT   assigned by the clinic server (0 until synced)
--   deleted_at  INT   soft delete; clinical and financial rows are never hard-deleted
-- Money is INTEGER minor units of the clinic's currency. Tables are STRICT so
-- a money column can never hold a float or text.

CREATE TABLE clinics (
  id                  TEXT PRIMARY KEY,
  clinic_id           TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 0,
  deleted_at          INTEGER,
  name                TEXT NOT NULL,
  legal_name          TEXT,
  tax_id              TEXT,
  branch              TEXT,
  address             TEXT,
  phone               TEXT,
  email               TEXT,
  currency            TEXT NOT NULL DEFAULT 'THB',
  timezone            TEXT NOT NULL DEFAULT 'Asia/Bangkok',
  locale              TEXT NOT NULL DEFAULT 'th_TH.UTF-8',
  vat_rate_bp         INTEGER NOT NULL DEFAULT 700 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  prices_include_tax  INTEGER NOT NULL DEFAULT 1 CHECK (prices_include_tax IN (0, 1)),
  discount_approval_bp INTEGER NOT NULL DEFAULT 2000,
  code                TEXT NOT NULL DEFAULT 'AX'
) STRICT;

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  username       TEXT NOT NULL COLLATE NOCASE,
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('owner', 'provider', 'front_desk', 'billing',
                                               'medical_director', 'read_only')),
  password_hash  TEXT NOT NULL,
  provider_id    TEXT,
  email          TEXT,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  last_login_at  INTEGER
) STRICT;
CREATE UNIQUE INDEX users_username ON users (clinic_id, username) WHERE deleted_at IS NULL;

-- Workstations and till terminals. `code` is the short name used in
-- gapless number series (<clinic>-<code>-<year>-<seq>).
CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  name         TEXT NOT NULL,
  code         TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'desk' CHECK (kind IN ('desk', 'terminal', 'charting', 'server')),
  enrolled_at  INTEGER
) STRICT;
CREATE UNIQUE INDEX devices_code ON devices (clinic_id, code);

CREATE TABLE providers (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  title       TEXT,
  specialty   TEXT,
  color       TEXT NOT NULL DEFAULT '#3584e4',
  user_id     TEXT,
  license_no  TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE rooms (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  kind        TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Weekly working hours and breaks of a provider (or opening hours of a room
-- when room_id is set); minutes from local midnight.
CREATE TABLE working_hours (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  provider_id  TEXT REFERENCES providers (id),
  room_id      TEXT REFERENCES rooms (id),
  weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- ISO: 1 = Monday
  start_min    INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
  end_min      INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
  kind         TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'break')),
  valid_from   TEXT,
  valid_to     TEXT,
  CHECK (end_min > start_min)
) STRICT;
CREATE INDEX working_hours_provider ON working_hours (provider_id, weekday);

-- Days the clinic (or one provider) is closed.
CREATE TABLE closures (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  provider_id  TEXT REFERENCES providers (id),
  date         TEXT NOT NULL,
  reason       TEXT
) STRICT;

CREATE TABLE service_categories (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'treatment'
              CHECK (kind IN ('treatment', 'medication', 'retail', 'package', 'membership')),
  color       TEXT,
  sort_order  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE services (
  id                 TEXT PRIMARY KEY,
  clinic_id          TEXT NOT NULL REFERENCES clinics (id),
  created_at         INTEGER NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 0,
  deleted_at         INTEGER,
  category_id        TEXT REFERENCES service_categories (id),
  code               TEXT,
  name               TEXT NOT NULL,
  description        TEXT,
  duration_min       INTEGER NOT NULL DEFAULT 30 CHECK (duration_min > 0),
  price              INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
  tax_class          TEXT NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'zero', 'exempt')),
  needs_room         INTEGER NOT NULL DEFAULT 1 CHECK (needs_room IN (0, 1)),
  chart_template_id  TEXT,
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE patients (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  patient_number  TEXT NOT NULL,
  first_name      TEXT NOT NULL,
  last_name       TEXT NOT NULL DEFAULT '',
  nickname        TEXT,
  birth_date      TEXT,
  sex             TEXT CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  phone           TEXT,
  email           TEXT,
  national_id     TEXT,
  address         TEXT,
  line_id         TEXT,
  emergency_contact TEXT,
  blood_type      TEXT,
  medical_notes   TEXT,
  notes           TEXT,
  source          TEXT,
  marketing_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (marketing_opt_in IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX patients_number ON patients (clinic_id, patient_number);
CREATE INDEX patients_phone ON patients (phone);
CREATE INDEX patients_created ON patients (clinic_id, created_at);

CREATE TABLE allergies (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  patient_id   TEXT NOT NULL REFERENCES patients (id),
  substance    TEXT NOT NULL,
  reaction     TEXT,
  severity     TEXT NOT NULL DEFAULT 'moderate' CHECK (severity IN ('mild', 'moderate', 'severe'))
) STRICT;
CREATE INDEX allergies_patient ON allergies (patient_id);

-- Dated medical notes (history, conditions, medication the patient takes).
CREATE TABLE medical_notes (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  patient_id   TEXT NOT NULL REFERENCES patients (id),
  kind         TEXT NOT NULL DEFAULT 'note' CHECK (kind IN ('note', 'condition', 'medication', 'history')),
  body         TEXT NOT NULL,
  author_id    TEXT
) STRICT;
CREATE INDEX medical_notes_patient ON medical_notes (patient_id);

CREATE TABLE tags (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  color       TEXT
) STRICT;

CREATE TABLE patient_tags (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  tag_id      TEXT NOT NULL REFERENCES tags (id)
) STRICT;
CREATE INDEX patient_tags_patient ON patient_tags (patient_id);

CREATE TABLE vitals (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  patient_id     TEXT NOT NULL REFERENCES patients (id),
  recorded_at    INTEGER NOT NULL,
  recorded_by    TEXT,
  pulse_bpm      INTEGER,
  bp_systolic    INTEGER,
  bp_diastolic   INTEGER,
  temp_dc        INTEGER,   -- tenths of a degree Celsius
  weight_g       INTEGER,
  height_mm      INTEGER
) STRICT;
CREATE INDEX vitals_patient ON vitals (patient_id, recorded_at);

CREATE TABLE appointments (
  id               TEXT PRIMARY KEY,
  clinic_id        TEXT NOT NULL REFERENCES clinics (id),
  created_at       INTEGER NOT NULL,
  updated_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 0,
  deleted_at       INTEGER,
  patient_id       TEXT REFERENCES patients (id),
  provider_id      TEXT REFERENCES providers (id),
  room_id          TEXT REFERENCES rooms (id),
  start_at         INTEGER NOT NULL,
  end_at           INTEGER NOT NULL,
  status           TEXT NOT NULL DEFAULT 'booked'
                   CHECK (status IN ('booked', 'confirmed', 'checked_in', 'in_progress',
                                     'completed', 'no_show', 'cancelled')),
  notes            TEXT,
  overbook_reason  TEXT,
  outside_hours    INTEGER NOT NULL DEFAULT 0 CHECK (outside_hours IN (0, 1)),
  needs_rebooking  INTEGER NOT NULL DEFAULT 0 CHECK (needs_rebooking IN (0, 1)),
  cancel_reason    TEXT,
  series_id        TEXT,
  booked_by        TEXT,
  source           TEXT NOT NULL DEFAULT 'desk' CHECK (source IN ('desk', 'portal', 'import')),
  CHECK (end_at > start_at)
) STRICT;
CREATE INDEX appointments_start ON appointments (clinic_id, start_at);
CREATE INDEX appointments_provider ON appointments (provider_id, start_at);
CREATE INDEX appointments_room ON appointments (room_id, start_at);
CREATE INDEX appointments_patient ON appointments (patient_id, start_at);

CREATE TABLE appointment_services (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  appointment_id  TEXT NOT NULL REFERENCES appointments (id),
  service_id      TEXT NOT NULL REFERENCES services (id),
  duration_min    INTEGER NOT NULL,
  price           INTEGER NOT NULL DEFAULT 0,
  sort_order      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX appointment_services_appt ON appointment_services (appointment_id);

-- Ledger: every status change of an appointment.
CREATE TABLE appointment_events (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  appointment_id  TEXT NOT NULL REFERENCES appointments (id),
  status          TEXT NOT NULL,
  at              INTEGER NOT NULL,
  user_id         TEXT,
  reason          TEXT
) STRICT;
CREATE INDEX appointment_events_appt ON appointment_events (appointment_id, at);

CREATE TABLE treatment_plans (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  service_id      TEXT REFERENCES services (id),
  provider_id     TEXT REFERENCES providers (id),
  interval_weeks  INTEGER,
  sessions        INTEGER,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'stopped')),
  notes           TEXT
) STRICT;

CREATE TABLE chart_templates (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  name         TEXT NOT NULL,
  service_id   TEXT REFERENCES services (id),
  areas_json   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (areas_json))
) STRICT;

CREATE TABLE charts (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  appointment_id  TEXT REFERENCES appointments (id),
  provider_id     TEXT REFERENCES providers (id),
  template_id     TEXT REFERENCES chart_templates (id),
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'needs_signoff', 'md_signed')),
  amends_chart_id TEXT REFERENCES charts (id),
  visit_at        INTEGER NOT NULL,
  notes           TEXT,
  aftercare       TEXT,
  submitted_at    INTEGER,
  signed_at       INTEGER,
  signature_id    TEXT,
  content_sha256  TEXT
) STRICT;
CREATE INDEX charts_patient ON charts (patient_id, visit_at);
CREATE INDEX charts_status ON charts (clinic_id, status);

CREATE TABLE chart_entries (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  chart_id      TEXT NOT NULL REFERENCES charts (id),
  kind          TEXT NOT NULL DEFAULT 'treatment' CHECK (kind IN ('treatment', 'note')),
  area          TEXT,
  product_id    TEXT REFERENCES products (id),
  lot_id        TEXT REFERENCES lots (id),
  units_milli   INTEGER,    -- units or dosage ×1000 (2.5 U = 2500)
  unit          TEXT,
  technique     TEXT,
  body          TEXT,
  sort_order    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX chart_entries_chart ON chart_entries (chart_id);

-- Local index of content-addressed blobs (photos, signatures, documents).
CREATE TABLE blobs (
  sha256        TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL,
  size          INTEGER NOT NULL,
  mime          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  uploaded_at   INTEGER,
  have_local    INTEGER NOT NULL DEFAULT 1 CHECK (have_local IN (0, 1))
) STRICT;

CREATE TABLE photos (
  id                 TEXT PRIMARY KEY,
  clinic_id          TEXT NOT NULL REFERENCES clinics (id),
  created_at         INTEGER NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 0,
  deleted_at         INTEGER,
  patient_id         TEXT NOT NULL REFERENCES patients (id),
  chart_id           TEXT REFERENCES charts (id),
  blob_sha256        TEXT NOT NULL,
  mime               TEXT NOT NULL,
  width              INTEGER NOT NULL,
  height             INTEGER NOT NULL,
  view_tag           TEXT CHECK (view_tag IN ('front', 'left', 'right', 'left45', 'right45', 'other')),
  taken_at           INTEGER,
  marketing_consent  INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  caption            TEXT
) STRICT;
CREATE INDEX photos_patient ON photos (patient_id, taken_at);

-- Vector annotations (JSON, in the photo's pixel coordinates, or on the
-- built-in face diagram when photo_id is NULL).
CREATE TABLE photo_overlays (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  chart_id      TEXT REFERENCES charts (id),
  photo_id      TEXT REFERENCES photos (id),
  diagram       TEXT CHECK (diagram IN ('front', 'profile')),
  overlay_json  TEXT NOT NULL DEFAULT '{"items":[]}' CHECK (json_valid (overlay_json))
) STRICT;
CREATE INDEX photo_overlays_chart ON photo_overlays (chart_id);

-- Write-once signatures of charts and consents.
CREATE TABLE signatures (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  subject_type    TEXT NOT NULL CHECK (subject_type IN ('chart', 'consent')),
  subject_id      TEXT NOT NULL,
  signer_user_id  TEXT,
  signer_name     TEXT NOT NULL,
  signed_at       INTEGER NOT NULL,
  meaning         TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  strokes_json    TEXT CHECK (strokes_json IS NULL OR json_valid (strokes_json))
) STRICT;
CREATE INDEX signatures_subject ON signatures (subject_type, subject_id);

CREATE TABLE consent_templates (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  purpose     TEXT NOT NULL CHECK (purpose IN ('treatment', 'photo_marketing', 'data', 'other')),
  body        TEXT NOT NULL,
  revision    INTEGER NOT NULL DEFAULT 1,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE consents (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  template_id     TEXT NOT NULL REFERENCES consent_templates (id),
  appointment_id  TEXT REFERENCES appointments (id),
  purpose         TEXT NOT NULL,
  body            TEXT NOT NULL,   -- the template filled in, exactly as shown
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'withdrawn')),
  signed_at       INTEGER,
  signature_id    TEXT
) STRICT;
CREATE INDEX consents_patient ON consents (patient_id);

CREATE TABLE suppliers (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  contact     TEXT,
  phone       TEXT,
  email       TEXT,
  tax_id      TEXT,
  address     TEXT
) STRICT;

CREATE TABLE products (
  id                   TEXT PRIMARY KEY,
  clinic_id            TEXT NOT NULL REFERENCES clinics (id),
  created_at           INTEGER NOT NULL,
  updated_at           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 0,
  deleted_at           INTEGER,
  category_id          TEXT REFERENCES service_categories (id),
  code                 TEXT,
  barcode              TEXT,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL DEFAULT 'retail' CHECK (kind IN ('medication', 'retail', 'consumable')),
  unit                 TEXT NOT NULL DEFAULT 'pcs',
  price                INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
  tax_class            TEXT NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'zero', 'exempt')),
  low_stock_threshold  INTEGER NOT NULL DEFAULT 0,
  near_expiry_days     INTEGER NOT NULL DEFAULT 60,
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX products_barcode ON products (barcode);

CREATE TABLE lots (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  product_id   TEXT NOT NULL REFERENCES products (id),
  lot_number   TEXT NOT NULL,
  expiry_date  TEXT,
  unit_cost    INTEGER NOT NULL DEFAULT 0,
  supplier_id  TEXT REFERENCES suppliers (id),
  received_at  INTEGER
) STRICT;
CREATE INDEX lots_product ON lots (product_id, expiry_date);

-- Ledger: stock moves in and out; on hand is the sum of qty.
CREATE TABLE stock_movements (
  id              TEXT PRIMARY KEY,
  clinic_id       TEXT NOT NULL REFERENCES clinics (id),
  created_at      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 0,
  deleted_at      INTEGER,
  product_id      TEXT NOT NULL REFERENCES products (id),
  lot_id          TEXT REFERENCES lots (id),
  qty             INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('receive', 'sale', 'treatment', 'adjust', 'refund',
                                                'void', 'transfer', 'return')),
  reason          TEXT,
  sale_line_id    TEXT,
  chart_entry_id  TEXT,
  po_line_id      TEXT,
  at              INTEGER NOT NULL,
  user_id         TEXT,
  flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1))
) STRICT;
CREATE INDEX stock_movements_product ON stock_movements (product_id, lot_id);

CREATE TABLE purchase_orders (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  supplier_id  TEXT NOT NULL REFERENCES suppliers (id),
  number       TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'draft'
               CHECK (status IN ('draft', 'ordered', 'partial', 'received', 'cancelled')),
  ordered_at   INTEGER,
  expected_at  INTEGER,
  notes        TEXT
) STRICT;

CREATE TABLE purchase_order_lines (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  po_id         TEXT NOT NULL REFERENCES purchase_orders (id),
  product_id    TEXT NOT NULL REFERENCES products (id),
  qty           INTEGER NOT NULL CHECK (qty > 0),
  unit_cost     INTEGER NOT NULL DEFAULT 0,
  received_qty  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Gapless human-facing number series, one per device, kind and year, so two
-- offline terminals never hand out the same number.
CREATE TABLE number_series (
  id          TEXT PRIMARY KEY,
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  device_id   TEXT NOT NULL REFERENCES devices (id),
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'credit_note', 'tax_invoice', 'patient',
                                            'purchase_order')),
  year        INTEGER NOT NULL,
  prefix      TEXT NOT NULL,
  last_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX number_series_key ON number_series (device_id, kind, year);

CREATE TABLE sales (
  id                   TEXT PRIMARY KEY,
  clinic_id            TEXT NOT NULL REFERENCES clinics (id),
  created_at           INTEGER NOT NULL,
  updated_at           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 0,
  deleted_at           INTEGER,
  number               TEXT NOT NULL,
  kind                 TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'credit_note')),
  device_id            TEXT REFERENCES devices (id),
  patient_id           TEXT REFERENCES patients (id),
  appointment_id       TEXT REFERENCES appointments (id),
  user_id              TEXT,
  sold_at              INTEGER NOT NULL,
  status               TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'voided', 'refunded')),
  currency             TEXT NOT NULL,
  subtotal             INTEGER NOT NULL,
  discount             INTEGER NOT NULL DEFAULT 0,
  net                  INTEGER NOT NULL,
  tax                  INTEGER NOT NULL,
  total                INTEGER NOT NULL,
  receipt_discount_bp  INTEGER,
  receipt_discount     INTEGER,
  prices_include_tax   INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
  vat_rate_bp          INTEGER NOT NULL,
  buyer_name           TEXT,
  buyer_tax_id         TEXT,
  buyer_address        TEXT,
  refund_of_sale_id    TEXT REFERENCES sales (id),
  voided_at            INTEGER,
  void_reason          TEXT,
  approved_by          TEXT
) STRICT;
CREATE UNIQUE INDEX sales_number ON sales (clinic_id, number);
CREATE INDEX sales_sold_at ON sales (clinic_id, sold_at);
CREATE INDEX sales_patient ON sales (patient_id, sold_at);

CREATE TABLE sale_lines (
  id                 TEXT PRIMARY KEY,
  clinic_id          TEXT NOT NULL REFERENCES clinics (id),
  created_at         INTEGER NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 0,
  deleted_at         INTEGER,
  sale_id            TEXT NOT NULL REFERENCES sales (id),
  kind               TEXT NOT NULL CHECK (kind IN ('service', 'product', 'package', 'membership', 'other')),
  service_id         TEXT REFERENCES services (id),
  product_id         TEXT REFERENCES products (id),
  package_id         TEXT REFERENCES packages (id),
  plan_id            TEXT REFERENCES membership_plans (id),
  lot_id             TEXT REFERENCES lots (id),
  code               TEXT,
  description        TEXT NOT NULL,
  category_id        TEXT,
  qty                INTEGER NOT NULL CHECK (qty > 0),
  unit_price         INTEGER NOT NULL,
  discount_bp        INTEGER,
  discount_amount    INTEGER,
  tax_class          TEXT NOT NULL CHECK (tax_class IN ('standard', 'zero', 'exempt')),
  amount             INTEGER NOT NULL,   -- after line and receipt discounts, as charged
  sort_order         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);

-- Who performed or sold a line, with their share (basis points) for commissions.
CREATE TABLE sale_line_providers (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  sale_line_id  TEXT NOT NULL REFERENCES sale_lines (id),
  provider_id   TEXT NOT NULL REFERENCES providers (id),
  split_bp      INTEGER NOT NULL CHECK (split_bp BETWEEN 0 AND 10000)
) STRICT;
CREATE INDEX sale_line_providers_line ON sale_line_providers (sale_line_id);

-- Ledger: tenders received or paid back.
CREATE TABLE payments (
  id           TEXT PRIMARY KEY,
  clinic_id    TEXT NOT NULL REFERENCES clinics (id),
  created_at   INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted_at   INTEGER,
  sale_id      TEXT NOT NULL REFERENCES sales (id),
  tender       TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'transfer', 'qr', 'package_credit',
                                               'wallet')),
  amount       INTEGER NOT NULL,
  tendered     INTEGER,   -- cash handed over
  change_due   INTEGER,
  reference    TEXT,
  at           INTEGER NOT NULL
) STRICT;
CREATE INDEX payments_sale ON payments (sale_id);

-- Courses on sale: N sessions of a service, valid for a number of days.
CREATE TABLE packages (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  code           TEXT,
  name           TEXT NOT NULL,
  service_id     TEXT NOT NULL REFERENCES services (id),
  sessions       INTEGER NOT NULL CHECK (sessions > 0),
  price          INTEGER NOT NULL CHECK (price >= 0),
  tax_class      TEXT NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'zero', 'exempt')),
  validity_days  INTEGER NOT NULL DEFAULT 365,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- A course a patient bought.
CREATE TABLE patient_packages (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  patient_id    TEXT NOT NULL REFERENCES patients (id),
  package_id    TEXT NOT NULL REFERENCES packages (id),
  service_id    TEXT NOT NULL REFERENCES services (id),
  sale_line_id  TEXT REFERENCES sale_lines (id),
  sessions      INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'used', 'expired', 'refunded'))
) STRICT;
CREATE INDEX patient_packages_patient ON patient_packages (patient_id);

CREATE TABLE membership_plans (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  name           TEXT NOT NULL,
  price          INTEGER NOT NULL CHECK (price >= 0),
  tax_class      TEXT NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'zero', 'exempt')),
  period_months  INTEGER NOT NULL DEFAULT 1 CHECK (period_months > 0),
  wallet_amount  INTEGER NOT NULL DEFAULT 0,
  credits_json   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (credits_json)),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE memberships (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  patient_id    TEXT NOT NULL REFERENCES patients (id),
  plan_id       TEXT NOT NULL REFERENCES membership_plans (id),
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'cancelled', 'lapsed')),
  started_at    INTEGER NOT NULL,
  renews_at     INTEGER,
  paused_at     INTEGER,
  cancelled_at  INTEGER
) STRICT;
CREATE INDEX memberships_patient ON memberships (patient_id);

-- Ledger: package sessions and membership credits or wallet value granted
-- and used; a balance is the sum.
CREATE TABLE credit_ledger (
  id                  TEXT PRIMARY KEY,
  clinic_id           TEXT NOT NULL REFERENCES clinics (id),
  created_at          INTEGER NOT NULL,
  updated_at          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 0,
  deleted_at          INTEGER,
  patient_id          TEXT NOT NULL REFERENCES patients (id),
  patient_package_id  TEXT REFERENCES patient_packages (id),
  membership_id       TEXT REFERENCES memberships (id),
  kind                TEXT NOT NULL CHECK (kind IN ('grant', 'redeem', 'expire', 'refund', 'adjust')),
  service_id          TEXT REFERENCES services (id),
  sessions            INTEGER NOT NULL DEFAULT 0,
  amount              INTEGER NOT NULL DEFAULT 0,
  sale_id             TEXT REFERENCES sales (id),
  appointment_id      TEXT REFERENCES appointments (id),
  at                  INTEGER NOT NULL,
  user_id             TEXT,
  flagged             INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1))
) STRICT;
CREATE INDEX credit_ledger_patient ON credit_ledger (patient_id);
CREATE INDEX credit_ledger_package ON credit_ledger (patient_package_id);

CREATE TABLE commission_rules (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL REFERENCES clinics (id),
  created_at    INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  deleted_at    INTEGER,
  provider_id   TEXT REFERENCES providers (id),       -- NULL: every provider
  category_id   TEXT REFERENCES service_categories (id), -- NULL: every category
  base_rate_bp  INTEGER NOT NULL CHECK (base_rate_bp BETWEEN 0 AND 10000),
  tiers_json    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (tiers_json)),  -- [{"above":N,"rate_bp":R}]
  period        TEXT NOT NULL DEFAULT 'month' CHECK (period IN ('month'))
) STRICT;

-- Ledger: commission per sale line and provider; a recomputation writes reversals.
CREATE TABLE commission_log (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  sale_line_id   TEXT NOT NULL REFERENCES sale_lines (id),
  provider_id    TEXT NOT NULL REFERENCES providers (id),
  rule_id        TEXT REFERENCES commission_rules (id),
  period         TEXT NOT NULL,   -- YYYY-MM
  base           INTEGER NOT NULL,
  rate_bp        INTEGER NOT NULL,
  amount         INTEGER NOT NULL,
  reversal_of    TEXT REFERENCES commission_log (id),
  computed_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX commission_log_provider ON commission_log (provider_id, period);

-- Insert-only, hash-chained (DESIGN.md §7).
CREATE TABLE audit_log (
  id            TEXT PRIMARY KEY,
  clinic_id     TEXT NOT NULL,
  seq           INTEGER NOT NULL UNIQUE,
  at            INTEGER NOT NULL,
  user_id       TEXT,
  user_name     TEXT,
  action        TEXT NOT NULL,
  subject_type  TEXT,
  subject_id    TEXT,
  detail_json   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (detail_json)),
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is insert-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is insert-only');
END;

-- Mutations waiting for (or acknowledged by) the clinic server.
CREATE TABLE outbox (
  mut_id      INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,   -- UUIDv7, the server's idempotency key
  name        TEXT NOT NULL,
  args_json   TEXT NOT NULL CHECK (json_valid (args_json)),
  hlc         TEXT NOT NULL,
  user_id     TEXT,
  state       TEXT NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'sent', 'applied', 'merged', 'rejected')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_state ON outbox (state, mut_id);

CREATE TABLE outbox_effect (
  mut_id     INTEGER PRIMARY KEY REFERENCES outbox (mut_id) ON DELETE CASCADE,
  changeset  BLOB NOT NULL
) STRICT;

-- Device-local state: this device's id, the HLC, sync cursors.
CREATE TABLE sync_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

-- Conflicts found by sync, shown to a person; they sync to every desk.
CREATE TABLE conflicts (
  id             TEXT PRIMARY KEY,
  clinic_id      TEXT NOT NULL REFERENCES clinics (id),
  created_at     INTEGER NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted_at     INTEGER,
  kind           TEXT NOT NULL CHECK (kind IN ('field', 'booking', 'ledger', 'signed')),
  table_name     TEXT NOT NULL,
  row_id         TEXT NOT NULL,
  field          TEXT,
  base_json      TEXT,
  mine_json      TEXT,
  theirs_json    TEXT,
  mutation_id    TEXT,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution     TEXT,
  resolved_by    TEXT,
  resolved_at    INTEGER
) STRICT;
CREATE INDEX conflicts_open ON conflicts (clinic_id, status);

-- Device-local: failed logins per user name, for the lockout.
CREATE TABLE login_throttle (
  username      TEXT PRIMARY KEY COLLATE NOCASE,
  failures      INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0
) STRICT;
