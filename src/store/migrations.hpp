#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace layan::store {

// One numbered migration, from migrations/NNNN_label.sql.
struct MigrationSource {
  int number;
  const char* label;
  const char* sql;
};

// All migrations compiled into the binary, in ascending order.
const std::vector<MigrationSource>& embedded_migrations();

// Turns portable migration SQL into one dialect's SQL:
//  - `@ID@` becomes the auto-increment primary key column type;
//  - lines between `-- @sqlite` / `-- @postgresql` and `-- @end` are kept only
//    for that dialect.
std::string render_migration(const std::string& sql, Dialect dialect);

// Applies every migration not yet recorded in schema_migrations, each in its
// own transaction. On PostgreSQL an advisory lock makes concurrent callers
// (several nodes starting at once) wait for each other. Returns the numbers
// applied. Throws soci::soci_error when a migration fails (nothing of that
// migration stays applied).
std::vector<int> migrate(Database& db, const std::vector<MigrationSource>& migrations);

// Highest applied migration number, 0 for an empty database.
int schema_version(Database& db);

}  // namespace layan::store
