#pragma once

#include <string>
#include <vector>

namespace layan {

// The kinds of expected failure. Each maps to exactly one problem+json `type`
// and one HTTP status (see web/problem.cpp).
enum class ErrorKind {
  kBadRequest,       // malformed syntax (JSON that does not parse, wrong types)
  kValidation,       // well-formed but breaks a rule; carries field errors
  kUnauthenticated,  // no or invalid credentials
  kForbidden,        // authenticated, but not allowed
  kCsrf,             // missing or wrong CSRF token
  kNotFound,
  kConflict,         // duplicate slug, stale version, ...
  kTooManyRequests,  // rate limited
  kPayloadTooLarge,
  kUriTooLong,
  kUnsupportedMediaType,
  kMethodNotAllowed,
  kUnavailable,  // a dependency (the database) failed; nothing was kept, retrying may succeed
};

// A problem with one input field. `message` is Indonesian, `message_en` English.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
  std::string message_en;
};

// An expected failure, returned as a value (never thrown).
struct Error {
  ErrorKind kind = ErrorKind::kBadRequest;
  std::string detail;  // human readable, English, no personal data
  std::vector<FieldError> fields;
  int retry_after_s = 0;  // kTooManyRequests: seconds to wait before trying again (0: not known)

  static Error bad_request(std::string detail) { return {ErrorKind::kBadRequest, std::move(detail), {}}; }
  static Error not_found(std::string detail) { return {ErrorKind::kNotFound, std::move(detail), {}}; }
  static Error forbidden(std::string detail) { return {ErrorKind::kForbidden, std::move(detail), {}}; }
  static Error unauthenticated(std::string detail) { return {ErrorKind::kUnauthenticated, std::move(detail), {}}; }
  static Error conflict(std::string detail) { return {ErrorKind::kConflict, std::move(detail), {}}; }
  static Error unavailable(std::string detail) { return {ErrorKind::kUnavailable, std::move(detail), {}}; }
  static Error too_many_requests(std::string detail, int retry_after_s) {
    return {ErrorKind::kTooManyRequests, std::move(detail), {}, retry_after_s};
  }
  static Error validation(std::vector<FieldError> fields) {
    return {ErrorKind::kValidation, "One or more fields are invalid.", std::move(fields)};
  }
};

}  // namespace layan
