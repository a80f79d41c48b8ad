#include "web/problem.hpp"

namespace layan::web {

const ProblemInfo& problem_info(ErrorKind kind) {
  static const ProblemInfo kBad{400, "bad-request", "Permintaan tidak valid", "Bad request"};
  static const ProblemInfo kValidation{422, "validation", "Data yang dikirim tidak valid",
                                       "The submitted data is invalid"};
  static const ProblemInfo kUnauth{401, "unauthenticated", "Silakan masuk terlebih dahulu", "Authentication required"};
  static const ProblemInfo kForbidden{403, "forbidden", "Anda tidak berwenang", "Forbidden"};
  static const ProblemInfo kCsrf{403, "csrf", "Token keamanan formulir tidak valid", "Missing or invalid CSRF token"};
  static const ProblemInfo kNotFound{404, "not-found", "Tidak ditemukan", "Not found"};
  static const ProblemInfo kConflict{409, "conflict", "Terjadi konflik data", "Conflict"};
  static const ProblemInfo kTooMany{429, "too-many-requests", "Terlalu banyak permintaan", "Too many requests"};
  static const ProblemInfo kTooLarge{413, "payload-too-large", "Data yang dikirim terlalu besar", "Payload too large"};
  static const ProblemInfo kUriTooLong{414, "uri-too-long", "Alamat (URL) terlalu panjang", "URI too long"};
  static const ProblemInfo kMedia{415, "unsupported-media-type", "Jenis konten tidak didukung",
                                  "Unsupported media type"};
  static const ProblemInfo kMethod{405, "method-not-allowed", "Metode tidak diizinkan", "Method not allowed"};
  static const ProblemInfo kUnavailable{503, "unavailable", "Layanan sedang tidak tersedia",
                                        "Service temporarily unavailable"};
  switch (kind) {
    case ErrorKind::kBadRequest:
      return kBad;
    case ErrorKind::kValidation:
      return kValidation;
    case ErrorKind::kUnauthenticated:
      return kUnauth;
    case ErrorKind::kForbidden:
      return kForbidden;
    case ErrorKind::kCsrf:
      return kCsrf;
    case ErrorKind::kNotFound:
      return kNotFound;
    case ErrorKind::kConflict:
      return kConflict;
    case ErrorKind::kTooManyRequests:
      return kTooMany;
    case ErrorKind::kPayloadTooLarge:
      return kTooLarge;
    case ErrorKind::kUriTooLong:
      return kUriTooLong;
    case ErrorKind::kUnsupportedMediaType:
      return kMedia;
    case ErrorKind::kMethodNotAllowed:
      return kMethod;
    case ErrorKind::kUnavailable:
      return kUnavailable;
  }
  return kBad;
}

Response problem_response(const Error& error, const std::string& instance) {
  const auto& info = problem_info(error.kind);
  nlohmann::json body = {
      {"type", std::string("/problems/") + info.slug},
      {"title", info.title_id},
      {"title_en", info.title_en},
      {"status", info.status},
      {"detail", error.detail},
      {"instance", instance},
  };
  if (error.retry_after_s > 0) body["retry_after"] = error.retry_after_s;
  if (!error.fields.empty()) {
    auto& errs = body["errors"] = nlohmann::json::array();
    for (const auto& f : error.fields) {
      errs.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}, {"message_en", f.message_en}});
    }
  }
  Response r = Response::json(info.status, body);
  r.set_header("Content-Type", "application/problem+json; charset=utf-8");
  if (error.kind == ErrorKind::kUnauthenticated) r.set_header("WWW-Authenticate", "Bearer realm=\"layan\"");
  if (error.retry_after_s > 0) {
    r.set_header("Retry-After", std::to_string(error.retry_after_s));
  } else if (error.kind == ErrorKind::kUnavailable) {
    r.set_header("Retry-After", "5");
  }
  return r;
}

Response internal_error_problem(const std::string& instance) {
  nlohmann::json body = {{"type", "/problems/internal"},
                         {"title", "Terjadi kesalahan pada server"},
                         {"title_en", "Internal server error"},
                         {"status", 500},
                         {"instance", instance}};
  Response r = Response::json(500, body);
  r.set_header("Content-Type", "application/problem+json; charset=utf-8");
  return r;
}

}  // namespace layan::web
