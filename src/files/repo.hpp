#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "files/model.hpp"

namespace layan::files::repo {

// The SQL of stored_files. Callers own transactions and authorization.

// Records a stored file unless a row for its sha256 exists already (the
// first row wins: identical bytes have identical type and size). True when a
// row was inserted. Portable: INSERT ... ON CONFLICT DO NOTHING (SQLite 3.24+,
// PostgreSQL 9.5+).
bool record_file(soci::session& sql, const StoredFile& file);

// The row for `sha256`, or nullopt.
std::optional<StoredFile> find_file(soci::session& sql, const std::string& sha256);

}  // namespace layan::files::repo
