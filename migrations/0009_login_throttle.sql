-- Sign-in throttling by (account, address) pair, with progressive delays
-- instead of lock-outs (accounts/throttle.hpp, docs/api.md).
--
-- login_failures (0001) now also holds pair keys, and an attempt is recorded
-- before its password is checked; the prune on every attempt needs an index
-- on the time.
CREATE INDEX login_failures_time ON login_failures (failed_at);

-- Pairs that signed in successfully, keyed by a hash of the account email and
-- the client address (no personal data in clear). A known pair is slowed down
-- by its own failures only, not by strangers failing at the same address or
-- against the same account. Rows older than 30 days are pruned.
CREATE TABLE login_known_pairs (
  key_hash TEXT PRIMARY KEY,
  signed_in_at TEXT NOT NULL
);
CREATE INDEX login_known_pairs_time ON login_known_pairs (signed_in_at);
