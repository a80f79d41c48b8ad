#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace layan::files {

// Files kept on disk by content: a file's name is the SHA-256 of its bytes,
// at <data_dir>/files/ab/cd/<sha256> (ab and cd: the first two pairs of hex
// digits, so no directory grows beyond 256 entries per level). Identical
// uploads are stored once. Writes are atomic and durable: a temporary file in
// the target directory, fsync, rename, fsync of the directory. Directories are
// created 0750 and files 0640. Thread-safe (no state beyond the root path);
// several processes may share the directory (the same bytes always land under
// the same name).
//
// Authorization is not the store's business: callers check who may read or
// write a record's files before calling.
class Store {
 public:
  // The store under `data_dir`, creating <data_dir>/files when missing.
  // kBadRequest with a message naming the directory when it cannot be created
  // or is not writable (main() refuses to start then).
  static Result<Store> open(const std::filesystem::path& data_dir);

  // Stores `bytes` under `sha256`, which must be the lower-case hex SHA-256 of
  // the bytes (kBadRequest otherwise: a caller's bug that must not poison the
  // store). When the file is already there (dedupe) it only renews the file's
  // modification time, which sweep_orphans() reads as "in use". Throws
  // std::system_error when the disk fails (full, read-only, I/O error).
  Status put(const std::string& sha256, std::string_view bytes) const;

  // The bytes stored under `sha256`. kNotFound when there are none, and when
  // `sha256` is not 64 lower-case hex digits (so no name reaches outside the
  // store). Throws std::system_error when a stored file cannot be read.
  Result<std::string> get(const std::string& sha256) const;

  // <data_dir>/files
  const std::filesystem::path& root() const { return root_; }
  // Where the file with this (valid) hash lives.
  std::filesystem::path path_of(const std::string& sha256) const;

 private:
  explicit Store(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

// True when `s` is 64 lower-case hex digits.
bool is_sha256_hex(std::string_view s);

}  // namespace layan::files
