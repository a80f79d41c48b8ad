-- The catalogue: where agencies sit in the mall, their services, each
-- service's versioned standard (PermenPANRB 15/2014, 14 components), each
-- unit's maklumat pelayanan, and the search index.

-- An agency's counters at an MPP location.
CREATE TABLE agency_presence (
  agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
  location_id BIGINT NOT NULL REFERENCES mpp_locations(id) ON DELETE CASCADE,
  counters TEXT NOT NULL DEFAULT '',
  floor TEXT NOT NULL DEFAULT '',
  service_hours TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (agency_id, location_id)
);

-- delivery_modes: comma-separated subset of in_person, online, self_service, mobile.
CREATE TABLE services (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
  unit_id BIGINT REFERENCES units(id) ON DELETE SET NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  delivery_modes TEXT NOT NULL DEFAULT 'in_person',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, slug)
);
CREATE INDEX services_agency ON services (agency_id);
-- The public list is ordered by name, then id (keyset pagination).
CREATE INDEX services_name ON services (name, id);

-- One row per version; never updated. The public sees the highest version.
-- requirements and procedure are JSON arrays of {"text", "note"} objects.
-- duration_unit: minutes, hours, working_days. fee_amount in rupiah, 0 = gratis.
CREATE TABLE service_standards (
  id @ID@,
  service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  requirements TEXT NOT NULL,
  procedure TEXT NOT NULL,
  duration_value INTEGER NOT NULL,
  duration_unit TEXT NOT NULL CHECK (duration_unit IN ('minutes', 'hours', 'working_days')),
  fee_amount BIGINT NOT NULL,
  fee_basis TEXT NOT NULL DEFAULT '',
  product TEXT NOT NULL,
  complaint_channel TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  facilities TEXT NOT NULL DEFAULT '',
  staff_competence TEXT NOT NULL DEFAULT '',
  internal_supervision TEXT NOT NULL DEFAULT '',
  staff_count INTEGER NOT NULL DEFAULT 0,
  service_guarantee TEXT NOT NULL DEFAULT '',
  safety_guarantee TEXT NOT NULL DEFAULT '',
  performance_evaluation TEXT NOT NULL DEFAULT '',
  change_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (service_id, version)
);

-- Each unit's maklumat pelayanan; the latest row is the current one.
CREATE TABLE maklumat (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  signer_name TEXT NOT NULL,
  signer_title TEXT NOT NULL DEFAULT '',
  signed_on TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX maklumat_unit ON maklumat (unit_id, id);

-- Full-text index of services. Text is folded (lower case, accents removed)
-- by the application before it is stored, so both databases match alike.
-- @sqlite
CREATE VIRTUAL TABLE service_search USING fts5(
  name, body, tokenize = 'unicode61 remove_diacritics 2'
);
-- @end
-- @postgresql
CREATE TABLE service_search (
  rowid BIGINT PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', body), 'B')
  ) STORED
);
CREATE INDEX service_search_document ON service_search USING GIN (document);
-- @end
