#include "jobs/repo.hpp"

namespace layan::jobs::repo {

bool try_advisory_lock(soci::session& sql, int64_t key) {
  long long k = key;
  int got = 0;
  sql << "SELECT CASE WHEN pg_try_advisory_lock(:k) THEN 1 ELSE 0 END", soci::use(k), soci::into(got);
  return got == 1;
}

void advisory_unlock(soci::session& sql, int64_t key) {
  long long k = key;
  int released = 0;
  sql << "SELECT CASE WHEN pg_advisory_unlock(:k) THEN 1 ELSE 0 END", soci::use(k), soci::into(released);
}

bool take_lease(soci::session& sql, store::Dialect d, const std::string& name, const std::string& holder,
                const std::string& now, const std::string& until) {
  store::Transaction tx(sql, d);
  sql << "INSERT INTO job_leases (name, holder, until) VALUES (:n, :h, :u) "
         "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until "
         "WHERE job_leases.until <= :now",
      soci::use(name), soci::use(holder), soci::use(until), soci::use(now);
  std::string current;
  sql << "SELECT holder FROM job_leases WHERE name = :n", soci::use(name), soci::into(current);
  tx.commit();
  return current == holder;
}

void release_lease(soci::session& sql, const std::string& name, const std::string& holder) {
  sql << "DELETE FROM job_leases WHERE name = :n AND holder = :h", soci::use(name), soci::use(holder);
}

}  // namespace layan::jobs::repo
