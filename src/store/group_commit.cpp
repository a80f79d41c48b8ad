#include "store/group_commit.hpp"

#include <algorithm>

namespace layan::store {

GroupCommitter::GroupCommitter(Database& db, Options o) : db_(db), max_batch_(std::max<size_t>(1, o.max_batch)) {}

size_t GroupCommitter::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void GroupCommitter::execute(std::function<bool(soci::session&)> work) {
  Item item;
  item.work = std::move(work);
  std::unique_lock lock(mu_);
  queue_.push_back(&item);
  while (!item.done) {
    if (leading_) {
      finished_.wait(lock);
      continue;
    }
    // No batch in flight: lead one. Our own unit may not be in it when more
    // than max_batch units were queued before it; then we lead again.
    leading_ = true;
    std::vector<Item*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    run_batch(batch);
    lock.lock();
    for (Item* done : batch) done->done = true;
    leading_ = false;
    finished_.notify_all();
  }
  lock.unlock();
  if (item.own_failure) std::rethrow_exception(item.own_failure);
  // A new exception per caller: a soci_error builds its message lazily, so
  // one object must not be shared by several threads.
  if (item.batch_failure) throw soci::soci_error(*item.batch_failure);
}

void GroupCommitter::run_batch(std::vector<Item*>& batch) noexcept {
  batches_.fetch_add(1, std::memory_order_relaxed);
  items_.fetch_add(batch.size(), std::memory_order_relaxed);
  // Units that failed on their own keep that failure even when the batch
  // fails too: nothing of theirs was to be kept either way.
  std::vector<bool> failed_alone(batch.size(), false);
  std::string batch_failure;
  try {
    soci::session sql(db_.pool());
    Transaction tx(sql, db_.dialect(), Transaction::Mode::kWrite);
    for (size_t n = 0; n < batch.size(); ++n) {
      Item& item = *batch[n];
      const std::string savepoint = "s" + std::to_string(n);
      sql << "SAVEPOINT " + savepoint;
      try {
        if (item.work(sql)) {
          sql << "RELEASE SAVEPOINT " + savepoint;
          continue;
        }
      } catch (...) {
        item.own_failure = std::current_exception();
      }
      failed_alone[n] = true;
      // Undoes this unit only. It throws when the database has dropped the
      // whole transaction (SQLite may, after an I/O error, a full disk
      // or SQLITE_BUSY), which fails the batch below.
      sql << "ROLLBACK TO SAVEPOINT " + savepoint;
      sql << "RELEASE SAVEPOINT " + savepoint;
    }
    tx.commit();
    return;
  } catch (const std::exception& e) {
    batch_failure = "group commit failed: " + loggable_error(e);
  } catch (...) {
    batch_failure = "group commit failed: unknown error";
  }
  for (size_t n = 0; n < batch.size(); ++n) {
    if (!failed_alone[n]) batch[n]->batch_failure = batch_failure;
  }
}

}  // namespace layan::store
