-- Complaints (pengaduan), SP4N-LAPOR! style: the report, its reporter kept
-- apart, its timeline, attachments, escalations, and guest contact
-- confirmation. Statuses and transitions: src/complaints/lifecycle.hpp.

CREATE TABLE complaints (
  id @ID@,
  tracking_code TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('aspirasi', 'pengaduan', 'permintaan_informasi', 'whistleblowing')),
  privacy TEXT NOT NULL CHECK (privacy IN ('biasa', 'anonim', 'rahasia')),
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  service_id BIGINT REFERENCES services(id) ON DELETE SET NULL,
  target_agency_id BIGINT REFERENCES agencies(id) ON DELETE SET NULL,
  agency_id BIGINT REFERENCES agencies(id) ON DELETE SET NULL,
  unit_id BIGINT REFERENCES units(id) ON DELETE SET NULL,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  address TEXT NOT NULL DEFAULT '',
  event_date TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT 'web',
  lapor_tracking_id TEXT UNIQUE,
  duplicate_of BIGINT REFERENCES complaints(id) ON DELETE SET NULL,
  -- SHA-256 of (caller, Idempotency-Key): a retried submission finds its
  -- first record instead of creating a second one.
  idempotency_hash TEXT UNIQUE,
  -- SHA-256 of the normalised contact, for rate limits and abuse counts
  -- without reading the contact itself.
  contact_hash TEXT NOT NULL DEFAULT '',
  submitted_at TEXT NOT NULL,
  verified_at TEXT,
  dispositioned_at TEXT,
  first_response_at TEXT,
  resolved_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  verify_due_at TEXT,
  follow_up_due_at TEXT,
  auto_close_at TEXT,
  complete_due_at TEXT,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  rating_comment TEXT NOT NULL DEFAULT '',
  -- Folded search terms of title and description (catalogue::search_terms).
  search_text TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_status ON complaints (status, submitted_at);
CREATE INDEX complaints_agency ON complaints (agency_id, status);
CREATE INDEX complaints_service ON complaints (service_id, submitted_at);
CREATE INDEX complaints_contact ON complaints (contact_hash, submitted_at);

-- The reporter, apart from the report so that no query of complaints can
-- return an identity by accident. Read only by the service layer's
-- privacy-checked paths.
CREATE TABLE complaint_reporters (
  complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_reporters_user ON complaint_reporters (user_id);

-- The timeline: one row per transition, reply or note. internal = 1 rows are
-- never shown to the reporter or the public.
CREATE TABLE complaint_events (
  id @ID@,
  complaint_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  actor_label TEXT NOT NULL DEFAULT '',
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  internal INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  agency_id BIGINT REFERENCES agencies(id) ON DELETE SET NULL,
  unit_id BIGINT REFERENCES units(id) ON DELETE SET NULL,
  related_id BIGINT REFERENCES complaints(id) ON DELETE SET NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Files are stored content-addressed (stored_files, src/files/).
CREATE TABLE complaint_attachments (
  id @ID@,
  complaint_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  event_id BIGINT REFERENCES complaint_events(id) ON DELETE SET NULL,
  sha256 TEXT NOT NULL REFERENCES stored_files(sha256),
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments (complaint_id);

-- Escalations of a missed deadline: exactly one row per (complaint,
-- deadline, level), whichever node's job gets there first.
CREATE TABLE complaint_escalations (
  complaint_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  deadline TEXT NOT NULL,
  due_at TEXT NOT NULL,
  level INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (complaint_id, deadline, due_at, level)
);

-- A guest's contact, confirmed by a one-time code. Only hashes of the code
-- and of the token are stored; the contact itself is copied to the reporter
-- row on submission, and the row is deleted two days later (the deadline job).
CREATE TABLE contact_confirmations (
  id @ID@,
  contact_hash TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  contact TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  client_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  confirmed_at TEXT,
  token_hash TEXT UNIQUE
);
CREATE INDEX contact_confirmations_contact ON contact_confirmations (contact_hash, created_at);
CREATE INDEX contact_confirmations_client ON contact_confirmations (client_hash, created_at);

-- Submissions per client address (hashed), for the intake rate limit.
CREATE TABLE complaint_intake_log (
  client_hash TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX complaint_intake_log_client ON complaint_intake_log (client_hash, at);
CREATE INDEX complaint_intake_log_at ON complaint_intake_log (at);
CREATE INDEX contact_confirmations_created ON contact_confirmations (created_at);
