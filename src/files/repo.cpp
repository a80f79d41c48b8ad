#include "files/repo.hpp"

namespace layan::files::repo {

bool record_file(soci::session& sql, const StoredFile& file) {
  long long size = file.size;
  soci::statement st = (sql.prepare << "INSERT INTO stored_files (sha256, mime, size, created_at) "
                                       "VALUES (:h, :m, :s, :t) ON CONFLICT (sha256) DO NOTHING",
                        soci::use(file.sha256), soci::use(file.mime), soci::use(size), soci::use(file.created_at));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<StoredFile> find_file(soci::session& sql, const std::string& sha256) {
  StoredFile f;
  long long size = 0;
  sql << "SELECT sha256, mime, size, created_at FROM stored_files WHERE sha256 = :h", soci::use(sha256),
      soci::into(f.sha256), soci::into(f.mime), soci::into(size), soci::into(f.created_at);
  if (!sql.got_data()) return std::nullopt;
  f.size = size;
  return f;
}

}  // namespace layan::files::repo
