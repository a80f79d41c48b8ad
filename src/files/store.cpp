#include "files/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/crypto.hpp"

namespace layan::files {
namespace {

constexpr mode_t kDirMode = 0750;
constexpr mode_t kFileMode = 0640;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& p) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

// Closes the descriptor on every path out of a scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close() may be the first to see.
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

void fsync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) fail("cannot open directory", dir);
  if (::fsync(fd.get()) != 0) fail("cannot fsync directory", dir);
}

// Creates `dir` (one level) with kDirMode unless it exists; a new directory's
// entry is made durable in its parent.
void ensure_dir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), kDirMode) == 0) {
    if (::chmod(dir.c_str(), kDirMode) != 0) fail("cannot set the mode of", dir);
    fsync_dir(dir.parent_path());
  } else if (errno != EEXIST) {
    fail("cannot create directory", dir);
  }
}

void write_all(int fd, std::string_view bytes, const std::filesystem::path& p) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", p);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<Store> Store::open(const std::filesystem::path& data_dir) {
  std::filesystem::path root = data_dir / "files";
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Error::bad_request("cannot create data directory " + data_dir.string() + ": " + ec.message());
  if (::mkdir(root.c_str(), kDirMode) == 0) {
    ::chmod(root.c_str(), kDirMode);
  } else if (errno != EEXIST) {
    return Error::bad_request("cannot create file store " + root.string() + ": " + std::strerror(errno));
  }
  if (!std::filesystem::is_directory(root, ec)) {
    return Error::bad_request("file store " + root.string() + " is not a directory");
  }
  // Writable: what put() needs, tried once at start rather than on the first upload.
  std::filesystem::path probe = root / (".probe-" + crypto::random_token(9));
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode);
  if (fd < 0) {
    return Error::bad_request("file store " + root.string() + " is not writable: " + std::strerror(errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return Store(root);
}

std::filesystem::path Store::path_of(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Status Store::put(const std::string& sha256, std::string_view bytes) const {
  if (!is_sha256_hex(sha256) || crypto::sha256_hex(bytes) != sha256) {
    return Error::bad_request("file store: the name is not the SHA-256 of the bytes");
  }
  std::filesystem::path target = path_of(sha256);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == bytes.size()) {
    // Stored before: same name, same bytes. Its time is renewed, so that
    // sweep_orphans() leaves it alone until the caller's record commits; if
    // the sweeper took it away meanwhile, it is written again below.
    if (::utimensat(AT_FDCWD, target.c_str(), nullptr, 0) == 0) return ok_status();
    if (errno != ENOENT) fail("cannot renew the time of", target);
  }
  ensure_dir(target.parent_path().parent_path());
  ensure_dir(target.parent_path());

  std::filesystem::path tmp = target.parent_path() / (".tmp-" + crypto::random_token(12));
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode));
  if (fd.get() < 0) fail("cannot create", tmp);
  try {
    if (::fchmod(fd.get(), kFileMode) != 0) fail("cannot set the mode of", tmp);
    write_all(fd.get(), bytes, tmp);
    if (::fsync(fd.get()) != 0) fail("cannot fsync", tmp);
    if (fd.close() != 0) fail("cannot close", tmp);
    if (::rename(tmp.c_str(), target.c_str()) != 0) fail("cannot rename into", target);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  fsync_dir(target.parent_path());
  return ok_status();
}

Result<std::string> Store::get(const std::string& sha256) const {
  if (!is_sha256_hex(sha256)) return Error::not_found("no such file");
  std::filesystem::path p = path_of(sha256);
  Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Error::not_found("no such file");
    fail("cannot open", p);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("cannot stat", p);
  if (!S_ISREG(st.st_mode)) return Error::not_found("no such file");
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read", p);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace layan::files
