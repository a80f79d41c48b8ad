#include "files/sweep.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "app/app.hpp"

namespace layan::files {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempPrefix = ".tmp-";     // Store::put's files being written
constexpr std::string_view kAsidePrefix = ".sweep-";  // taken aside by a sweep

bool recorded(soci::session& sql, const std::string& sha256) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM stored_files WHERE sha256 = :h", soci::use(sha256), soci::into(n);
  return n > 0;
}

// The file's modification time; nullopt when it is gone.
std::optional<TimePoint> modified(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return std::nullopt;
    throw std::system_error(ec, "cannot read the time of " + p.string());
  }
  return std::chrono::time_point_cast<TimePoint::duration>(std::chrono::file_clock::to_sys(t));
}

uint64_t size_of(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot rename " + from.string());
  }
}

bool remove_file(const fs::path& p, SweepResult& r) {
  const uint64_t n = size_of(p);
  std::error_code ec;
  if (!fs::remove(p, ec)) {
    if (ec) throw std::system_error(ec, "cannot remove " + p.string());
    return false;
  }
  r.removed += 1;
  r.bytes += n;
  return true;
}

}  // namespace

SweepResult sweep_orphans(const Store& store, soci::session& sql, TimePoint now, std::chrono::seconds grace) {
  SweepResult r;
  const TimePoint cutoff = now - grace;
  const auto is_old = [&](const fs::path& p) {
    auto t = modified(p);
    return t && *t < cutoff;
  };
  // Only the two levels of ab/cd directories are walked; nothing else is
  // ever touched (a symlink or a stray directory stays as it is).
  for (const auto& outer : fs::directory_iterator(store.root())) {
    if (!outer.is_directory() || outer.is_symlink() || outer.path().filename().string().size() != 2) continue;
    for (const auto& inner : fs::directory_iterator(outer.path())) {
      if (!inner.is_directory() || inner.is_symlink() || inner.path().filename().string().size() != 2) continue;
      for (const auto& entry : fs::directory_iterator(inner.path())) {
        if (!entry.is_regular_file() || entry.is_symlink()) continue;
        const fs::path& p = entry.path();
        const std::string name = p.filename().string();
        if (name.rfind(kTempPrefix, 0) == 0) {
          if (is_old(p)) remove_file(p, r);
          continue;
        }
        if (name.rfind(kAsidePrefix, 0) == 0) {
          // Left by a sweep that stopped half-way: back if recorded.
          const std::string sha = name.substr(kAsidePrefix.size());
          const fs::path home = p.parent_path() / sha;
          if (is_sha256_hex(sha) && recorded(sql, sha)) {
            if (!fs::exists(home))
              rename_or_throw(p, home);
            else
              remove_file(p, r);  // written again meanwhile: same bytes
            r.kept += 1;
          } else {
            remove_file(p, r);
          }
          continue;
        }
        if (!is_sha256_hex(name) || p != store.path_of(name)) continue;  // not the store's
        if (!is_old(p) || recorded(sql, name)) {
          r.kept += 1;
          continue;
        }
        // Taken aside, then judged again: a put() may have renewed it, and
        // its transaction may have committed, since the first look.
        const fs::path aside = p.parent_path() / (std::string(kAsidePrefix) + name);
        rename_or_throw(p, aside);
        if (is_old(aside) && !recorded(sql, name)) {
          remove_file(aside, r);
        } else {
          rename_or_throw(aside, p);
          r.kept += 1;
        }
      }
    }
  }
  return r;
}

void sweep_job(App& app, TimePoint now) {
  if (!app.files) return;
  soci::session sql(app.db->pool());
  auto r = sweep_orphans(*app.files, sql, now, std::chrono::hours(24));
  if (r.removed) spdlog::info("file store: removed {} unrecorded files ({} bytes)", r.removed, r.bytes);
}

}  // namespace layan::files
