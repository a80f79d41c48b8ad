-- Responses to POST requests that carried an Idempotency-Key, so that a
-- retried submission gets the first answer instead of creating a second
-- record. scope_hash = SHA-256(caller identity, key); status 0 = in progress.
-- Rows older than a day are pruned.
CREATE TABLE idempotency_keys (
  id @ID@,
  scope_hash TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  content_type TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
