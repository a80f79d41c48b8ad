#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace layan::notify {

// An email to be turned into RFC 5322 text. Pure data.
struct Email {
  std::string from;        // "address" or "Display Name <address>"
  std::string to;          // a bare address (see is_valid_email_address)
  std::string subject;     // UTF-8
  std::string body;        // UTF-8 plain text, any line endings
  std::string message_id;  // "unique@domain", without angle brackets
  TimePoint date;
};

// The whole message as sent over SMTP: CRLF line endings; headers Date,
// From, To, Subject (RFC 2047 encoded when not plain ASCII), Message-ID,
// MIME-Version, Content-Type text/plain; charset=UTF-8,
// Content-Transfer-Encoding: quoted-printable and Auto-Submitted (RFC 3834,
// so that auto-responders stay quiet); then the quoted-printable body.
// No line is longer than 78 characters and none starts with "." (so SMTP
// dot-stuffing never alters it). Callers must pass a valid `to`.
std::string build_email(const Email& e);

// A header value for a header whose name and ": " take `used` characters:
// unchanged when it is printable ASCII, holds no "=?" and fits on the line;
// otherwise RFC 2047 encoded-words (=?UTF-8?B?...?=) that never split a
// UTF-8 character, folded onto continuation lines (CRLF SP). Control
// characters (CR, LF) cannot survive, so the value cannot inject headers.
std::string encode_header_text(std::string_view text, size_t used);

// RFC 2045 quoted-printable with CRLF hard line breaks (any input line
// ending becomes one) and soft breaks keeping every line within 76
// characters. Also encodes a "." that would start a line.
std::string quoted_printable(std::string_view text);

// RFC 5322 date-time in UTC, e.g. "Tue, 01 Dec 2026 00:00:00 +0000".
std::string rfc5322_date(TimePoint t);

// The address in "Name <address>", or the whole value trimmed.
std::string address_of(std::string_view mailbox);

// A From/To value with a non-ASCII display name RFC 2047 encoded.
std::string format_mailbox(std::string_view mailbox);

// True for a plausible addr-spec "local@domain": printable ASCII without
// spaces, angle brackets, quotes, commas or control characters, one "@",
// a domain with a dot or "localhost", at most 254 characters. Stricter than
// RFC 5321 on purpose: an address layan cannot quote safely is rejected.
bool is_valid_email_address(std::string_view addr);

// True for a phone number as SMS gateways take it: an optional "+" then
// 6 to 20 digits; spaces, dots and dashes between digits are allowed.
bool is_valid_phone_number(std::string_view number);

}  // namespace layan::notify
