-- Accounts: users with roles, sessions, login throttling, API keys, and the
-- hash-chained audit log. Agencies and units are referenced by staff users,
-- so they are created here; the rest of the catalogue is in 0002.

CREATE TABLE mpp_locations (
  id @ID@,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL DEFAULT 'Asia/Jakarta',
  opening_hours TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

-- kind: central (ministry/agency office), provincial, district,
-- soe (BUMN/BUMD), private.
CREATE TABLE agencies (
  id @ID@,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('central', 'provincial', 'district', 'soe', 'private')),
  description TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE units (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  head_name TEXT NOT NULL DEFAULT '',
  head_title TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, slug)
);
CREATE INDEX units_agency ON units (agency_id);

-- role: mpp_admin, agency_admin, officer, evaluator, citizen. Staff roles
-- (agency_admin, officer) carry an agency and optionally a unit.
CREATE TABLE users (
  id @ID@,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('mpp_admin', 'agency_admin', 'officer', 'evaluator', 'citizen')),
  agency_id BIGINT REFERENCES agencies(id) ON DELETE RESTRICT,
  unit_id BIGINT REFERENCES units(id) ON DELETE RESTRICT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  last_login_at TEXT
);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, keyed by a hash of the account email and of the client
-- address (no personal data in clear). Old rows are pruned on insert.
CREATE TABLE login_failures (
  id @ID@,
  key_hash TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, failed_at);

CREATE TABLE api_keys (
  id @ID@,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  agency_id BIGINT REFERENCES agencies(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

-- Every state change. hash = SHA-256(prev_hash | at | actor | action |
-- entity | entity_id | detail), so editing or deleting a row breaks the chain.
CREATE TABLE audit_events (
  id @ID@,
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  detail TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
