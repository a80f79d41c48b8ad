-- Notifications (a transactional outbox) and background-job leases.
--
-- A message is inserted in the same transaction as the change it reports,
-- so it exists exactly when that change committed; `layan serve`'s outbox
-- job delivers it later, outside any transaction, retrying with backoff.
-- recipient is an email address or a phone number: personal data that must
-- never reach the logs. entity/entity_id name what the message is about
-- (e.g. 'complaint', 42). attempts counts attempts started; a message is
-- 'failed' after the last one.
CREATE TABLE outbox (
  id @ID@,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT,
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT
);
-- The delivery job's query: pending rows whose next attempt is due.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_entity ON outbox (entity, entity_id);

-- Leases that keep a background job on one process at a time where
-- PostgreSQL advisory locks are not available (SQLite). until is UTC text
-- (wall-clock time); an expired lease may be taken over.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until TEXT NOT NULL
);
