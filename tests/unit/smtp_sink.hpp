#pragma once

// A small SMTP server on 127.0.0.1 for tests: one connection at a time,
// just enough of RFC 5321 for libcurl, and it keeps what it receives.
// Given a reply code for RCPT TO ("550 5.1.1", "452 4.2.2"), it refuses every
// recipient with it, echoing the address as real servers do.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace layan::testing {

class SmtpSink {
 public:
  struct Mail {
    std::string mail_from;
    std::vector<std::string> rcpt_to;
    std::string data;  // as received, dot-stuffing undone, without the final "."
  };

  explicit SmtpSink(std::string refuse_recipients_with = "") : refusal_(std::move(refuse_recipients_with)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 4) != 0) {
      ::close(listen_fd_);
      throw std::runtime_error("bind/listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~SmtpSink() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  std::vector<Mail> mails() {
    std::lock_guard<std::mutex> lk(mu_);
    return mails_;
  }

 private:
  // Waits up to 100 ms for `fd` to be readable; false on timeout or stop.
  bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 100) > 0;
  }

  void serve() {
    while (!stop_) {
      if (!readable(listen_fd_)) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      converse(fd);
      ::close(fd);
    }
  }

  void send(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }

  // One line without its CRLF; false when the peer went away or we stop.
  bool read_line(int fd, std::string& buf, std::string& line) {
    for (;;) {
      auto pos = buf.find("\r\n");
      if (pos != std::string::npos) {
        line = buf.substr(0, pos);
        buf.erase(0, pos + 2);
        return true;
      }
      if (stop_) return false;
      if (!readable(fd)) continue;
      char chunk[4096];
      ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      buf.append(chunk, static_cast<size_t>(n));
    }
  }

  static std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  static std::string between_brackets(const std::string& s) {
    auto a = s.find('<'), b = s.rfind('>');
    return a == std::string::npos || b == std::string::npos ? s : s.substr(a + 1, b - a - 1);
  }

  void converse(int fd) {
    std::string buf, line;
    Mail mail;
    send(fd, "220 sink.test ESMTP\r\n");
    while (read_line(fd, buf, line)) {
      std::string cmd = upper(line.substr(0, 4));
      if (cmd == "EHLO") {
        send(fd, "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
      } else if (cmd == "HELO") {
        send(fd, "250 sink.test\r\n");
      } else if (cmd == "MAIL") {
        mail = Mail{};
        mail.mail_from = between_brackets(line);
        send(fd, "250 2.1.0 OK\r\n");
      } else if (cmd == "RCPT") {
        std::string rcpt = between_brackets(line);
        if (!refusal_.empty()) {
          send(fd, refusal_ + " <" + rcpt + ">: Recipient address rejected\r\n");
        } else {
          mail.rcpt_to.push_back(rcpt);
          send(fd, "250 2.1.5 OK\r\n");
        }
      } else if (cmd == "DATA") {
        send(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
        std::string data;
        while (read_line(fd, buf, line) && line != ".") {
          if (!line.empty() && line[0] == '.') line.erase(0, 1);
          data += line + "\r\n";
        }
        mail.data = data;
        {
          std::lock_guard<std::mutex> lk(mu_);
          mails_.push_back(mail);
        }
        send(fd, "250 2.0.0 queued\r\n");
      } else if (cmd == "QUIT") {
        send(fd, "221 2.0.0 bye\r\n");
        return;
      } else if (cmd == "RSET" || cmd == "NOOP") {
        send(fd, "250 OK\r\n");
      } else {
        send(fd, "502 5.5.2 not implemented\r\n");
      }
    }
  }

  std::string refusal_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<Mail> mails_;
};

// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
inline uint16_t closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace layan::testing
