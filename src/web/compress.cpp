#include "web/compress.hpp"

#include <zlib.h>

namespace layan::web {
namespace {

bool compressible(const std::string& content_type) {
  for (const char* t :
       {"text/", "application/json", "application/problem+json", "image/svg+xml", "application/manifest+json"}) {
    if (content_type.rfind(t, 0) == 0) return true;
  }
  return false;
}

bool accepts_gzip(const Request& req) {
  auto ae = req.header("accept-encoding");
  return ae && ae->find("gzip") != std::string::npos;
}

}  // namespace

void maybe_gzip(const Request& req, Response& resp) {
  if (resp.body.size() < 1024 || resp.header("content-encoding")) return;
  if (!compressible(resp.header("content-type").value_or(""))) return;
  resp.set_header("Vary", "Accept-Encoding");
  if (!accepts_gzip(req)) return;
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
  std::string out(deflateBound(&zs, resp.body.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(resp.body.data());
  zs.avail_in = static_cast<uInt>(resp.body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return;
  out.resize(zs.total_out);
  resp.body = std::move(out);
  resp.set_header("Content-Encoding", "gzip");
}

}  // namespace layan::web
