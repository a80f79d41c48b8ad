#pragma once

#include <string>

#include "core/error.hpp"
#include "web/http.hpp"

namespace layan::web {

// The fixed facts of one kind of error: HTTP status, the stable `type` URI of
// its problem+json body, and its title in both languages.
struct ProblemInfo {
  int status;
  const char* slug;  // type is "/problems/<slug>"
  const char* title_id;
  const char* title_en;
};

const ProblemInfo& problem_info(ErrorKind kind);

// RFC 9457 application/problem+json: type, title (Indonesian), title_en,
// status, detail, instance, and `errors` [{field, code, message, message_en}]
// for validation failures. An error with a wait (retry_after_s) carries it as
// the Retry-After header and the `retry_after` member, in seconds; a 503
// without one says 5 seconds. The one renderer of API errors.
Response problem_response(const Error& error, const std::string& instance);

// A 500 without any detail of the failure (which is logged instead).
Response internal_error_problem(const std::string& instance);

}  // namespace layan::web
