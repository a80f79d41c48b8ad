-- Files in the content-addressed store (<data_dir>/files/ab/cd/<sha256>):
-- one row per distinct content, whatever records refer to it. `mime` is the
-- type sniffed from the bytes when first stored, `size` is in bytes.
CREATE TABLE stored_files (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
