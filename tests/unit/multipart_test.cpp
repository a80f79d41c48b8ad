// multipart/form-data parsing (RFC 7578, RFC 2046): what browsers and API
// clients send, and malformed or hostile bodies, which must be a 400 and
// never a crash.
#include "web/multipart.hpp"

#include <gtest/gtest.h>

#include <random>

#include "app/app.hpp"
#include "web/context.hpp"

namespace layan::web {
namespace {

constexpr const char* kType = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
constexpr const char* kDelim = "------WebKitFormBoundary7MA4YWxkTrZu0gW";

// A body as a browser builds it: each part is (headers, data).
std::string body_of(const std::vector<std::pair<std::string, std::string>>& parts, const std::string& delim = kDelim) {
  std::string b;
  for (const auto& [headers, data] : parts) b += delim + "\r\n" + headers + "\r\n\r\n" + data + "\r\n";
  return b + delim + "--\r\n";
}

std::string field_part(const std::string& name) {
  return "Content-Disposition: form-data; name=\"" + name + "\"";
}

std::string file_part(const std::string& name, const std::string& filename, const std::string& type) {
  return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type;
}

TEST(Multipart, BrowserFormWithFieldsAndFiles) {
  std::string png("\x89PNG\r\n\x1a\n\0\0binary\r\n--not-a-delimiter", 32);
  std::string body = body_of({{field_part("csrf_token"), "tok123"},
                              {field_part("description"), "Jalan rusak\r\ndi depan pasar"},
                              {file_part("attachments", "foto.png", "image/png"), png},
                              {file_part("attachments", "surat.pdf", "application/pdf"), "%PDF-1.4"}});
  auto mp = parse_multipart(kType, body);
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  ASSERT_EQ(mp->parts.size(), 4u);
  EXPECT_EQ(mp->field("csrf_token"), "tok123");
  EXPECT_EQ(mp->field("description"), "Jalan rusak\r\ndi depan pasar");
  EXPECT_EQ(mp->field("attachments"), std::nullopt) << "field() reads text parts only";
  EXPECT_EQ(mp->field("missing"), std::nullopt);
  auto files = mp->files("attachments");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0]->filename, "foto.png");
  EXPECT_EQ(files[0]->content_type, "image/png");
  EXPECT_EQ(files[0]->data, png) << "binary data with NUL, CRLF and dashes survives";
  EXPECT_TRUE(files[0]->is_file);
  EXPECT_EQ(files[1]->filename, "surat.pdf");
  EXPECT_EQ(mp->files("description").size(), 0u);
  Pairs expected{{"csrf_token", "tok123"}, {"description", "Jalan rusak\r\ndi depan pasar"}};
  EXPECT_EQ(mp->fields(), expected);
}

TEST(Multipart, PreambleEpiloguePaddingAndCaseInsensitiveHeaders) {
  std::string body = std::string("This is the preamble.\r\nIgnore it.\r\n") + kDelim +
                     " \t\r\ncontent-DISPOSITION: Form-Data; NAME=a\r\n\r\nA\r\n" + kDelim +
                     "--\r\nThis is the epilogue, with " + kDelim + " in it.\r\n";
  auto mp = parse_multipart("Multipart/Form-Data; Boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", body);
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  ASSERT_EQ(mp->parts.size(), 1u);
  EXPECT_EQ(mp->field("a"), "A");
}

TEST(Multipart, QuotedBoundaryWithSpecials) {
  std::string boundary = "a'()+_,-./:=?b c";
  std::string body = body_of({{field_part("x"), "1"}}, "--" + boundary);
  auto mp = parse_multipart("multipart/form-data; charset=utf-8; boundary=\"" + boundary + "\"", body);
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  EXPECT_EQ(mp->field("x"), "1");
  auto b = multipart_boundary("multipart/form-data;boundary=\"" + boundary + "\"");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, boundary);
}

TEST(Multipart, EmptyFieldAndEmptyFileInput) {
  // A browser sends a file input left empty as a part with filename="".
  std::string body =
      body_of({{field_part("note"), ""}, {file_part("attachments", "", "application/octet-stream"), ""}});
  auto mp = parse_multipart(kType, body);
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  EXPECT_EQ(mp->field("note"), "");
  ASSERT_EQ(mp->parts.size(), 2u);
  EXPECT_TRUE(mp->parts[1].is_file);
  EXPECT_TRUE(mp->files("attachments").empty()) << "no file was chosen";
}

TEST(Multipart, FileNames) {
  struct Case {
    std::string disposition_params;
    std::string filename;
  };
  std::vector<Case> cases{
      {"filename=\"C:\\Users\\Siti\\foto.jpg\"", "C:\\Users\\Siti\\foto.jpg"},  // old IE: a full path
      {"filename=\"a\\\"b.png\"", "a\"b.png"},                                  // RFC quoted-pair
      {"filename=\"a%22b.png\"", "a%22b.png"},                                  // HTML's encoding, kept as sent
      {"filename=\"Ümit ğüzel.png\"", "Ümit ğüzel.png"},                        // raw UTF-8 (browsers)
      {"filename=plain.pdf", "plain.pdf"},                                      // a token
      {"filename=\"fallback.png\"; filename*=UTF-8''%E2%82%AC%20rates.png", "€ rates.png"},
      {"filename*=utf-8'id'laporan%20akhir.pdf", "laporan akhir.pdf"},
      {"filename*=ISO-8859-1''%FCber.png", "über.png"},
      {"filename=\"fallback.png\"; filename*=KOI8-R''%C1.png", "fallback.png"},  // charset not understood
      {"filename=\"x.png\";", "x.png"},                                          // trailing semicolon
  };
  for (const auto& c : cases) {
    std::string headers = "Content-Disposition: form-data; name=\"f\"; " + c.disposition_params;
    auto mp = parse_multipart(kType, body_of({{headers, "data"}}));
    ASSERT_TRUE(mp.ok()) << c.disposition_params << ": " << mp.error().detail;
    ASSERT_EQ(mp->parts.size(), 1u);
    EXPECT_TRUE(mp->parts[0].is_file);
    EXPECT_EQ(mp->parts[0].filename, c.filename) << c.disposition_params;
  }
}

TEST(Multipart, SixtyFourPartsAreAllowed) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (int i = 0; i < 64; ++i) parts.emplace_back(field_part("f" + std::to_string(i)), std::to_string(i));
  auto mp = parse_multipart(kType, body_of(parts));
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  EXPECT_EQ(mp->parts.size(), 64u);
  EXPECT_EQ(mp->field("f63"), "63");
}

TEST(Multipart, LargeFileIsReadWhole) {
  std::string data(6 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 131) % 251);
  auto mp = parse_multipart(kType, body_of({{file_part("f", "big.bin", "application/octet-stream"), data}}));
  ASSERT_TRUE(mp.ok()) << mp.error().detail;
  ASSERT_EQ(mp->files("f").size(), 1u);
  EXPECT_EQ(mp->files("f")[0]->data, data);
}

struct Malformed {
  const char* label;
  std::string content_type;
  std::string body;
  ErrorKind kind = ErrorKind::kBadRequest;
};

std::vector<Malformed> malformed_cases() {
  std::string ok_part = field_part("a");
  std::vector<std::pair<std::string, std::string>> too_many;
  for (int i = 0; i < 65; ++i) too_many.emplace_back(field_part("f"), "x");
  return {
      {"not multipart", "application/x-www-form-urlencoded", "a=1", ErrorKind::kUnsupportedMediaType},
      {"no content type", "", "", ErrorKind::kUnsupportedMediaType},
      {"multipart/mixed", "multipart/mixed; boundary=x", "--x\r\n\r\n--x--", ErrorKind::kUnsupportedMediaType},
      {"no boundary", "multipart/form-data", body_of({{ok_part, "1"}})},
      {"empty boundary", "multipart/form-data; boundary=\"\"", "--\r\n"},
      {"boundary over 70", "multipart/form-data; boundary=" + std::string(71, 'b'), ""},
      {"boundary with a bad char", "multipart/form-data; boundary=\"a\\\\b\"", ""},
      {"boundary ends in space", "multipart/form-data; boundary=\"ab \"", ""},
      {"unterminated quoted boundary", "multipart/form-data; boundary=\"abc", ""},
      {"duplicate boundary", std::string(kType) + "; boundary=other", body_of({{ok_part, "1"}})},
      {"control character in type", std::string(kType) + "\r\nX-Injected: 1", body_of({{ok_part, "1"}})},
      {"empty body", kType, ""},
      {"no delimiter", kType, "just text"},
      {"delimiter then nothing", kType, kDelim},
      {"delimiter without CRLF", kType, std::string(kDelim) + "junk\r\n" + ok_part + "\r\n\r\n1\r\n" + kDelim + "--"},
      {"unterminated part", kType, std::string(kDelim) + "\r\n" + ok_part + "\r\n\r\nno end"},
      {"unterminated headers", kType, std::string(kDelim) + "\r\n" + ok_part + "\r\n"},
      {"no close delimiter", kType, std::string(kDelim) + "\r\n" + ok_part + "\r\n\r\n1\r\n" + kDelim},
      {"LF line endings", kType, std::string(kDelim) + "\n" + ok_part + "\n\n1\n" + kDelim + "--\n"},
      {"no headers", kType, std::string(kDelim) + "\r\n\r\nbody\r\n" + kDelim + "--"},
      {"no disposition", kType, body_of({{"Content-Type: text/plain", "1"}})},
      {"disposition not form-data", kType, body_of({{"Content-Disposition: attachment; name=a", "1"}})},
      {"no name", kType, body_of({{"Content-Disposition: form-data; filename=\"a.png\"", "1"}})},
      {"empty name", kType, body_of({{"Content-Disposition: form-data; name=\"\"", "1"}})},
      {"two dispositions", kType, body_of({{ok_part + "\r\n" + ok_part, "1"}})},
      {"duplicate parameter", kType, body_of({{"Content-Disposition: form-data; name=a; name=b", "1"}})},
      {"parameter without value", kType, body_of({{"Content-Disposition: form-data; name", "1"}})},
      {"unterminated quote", kType, body_of({{"Content-Disposition: form-data; name=\"a", "1"}})},
      {"text after quote", kType, body_of({{"Content-Disposition: form-data; name=\"a\"b", "1"}})},
      {"folded header", kType, body_of({{ok_part + "\r\n ; filename=x", "1"}})},
      {"header without colon", kType, body_of({{ok_part + "\r\nbroken header", "1"}})},
      {"control character in header", kType, body_of({{"Content-Disposition: form-data; name=\"a\x01\"", "1"}})},
      {"NUL in header", kType, body_of({{std::string("Content-Disposition: form-data; name=\"a") + '\0' + "\"", "1"}})},
      {"bad filename* escape", kType,
       body_of({{"Content-Disposition: form-data; name=a; filename*=UTF-8''%G1.png", "1"}})},
      {"filename* without quotes", kType, body_of({{"Content-Disposition: form-data; name=a; filename*=x.png", "1"}})},
      {"filename* not UTF-8", kType,
       body_of({{"Content-Disposition: form-data; name=a; filename*=UTF-8''%FF.png", "1"}})},
      {"header block too long", kType, body_of({{ok_part + "\r\nX-Pad: " + std::string(9000, 'p'), "1"}})},
      {"endless header", kType, std::string(kDelim) + "\r\n" + ok_part + std::string(100000, 'p')},
      {"65 parts", kType, body_of(too_many)},
      {"boundary inside content", kType, std::string(kDelim) + "\r\n" + ok_part + "\r\n\r\nx\r\n" + kDelim + "xyz\r\n"},
  };
}

TEST(Multipart, MalformedBodiesAreRejected) {
  for (const auto& c : malformed_cases()) {
    auto mp = parse_multipart(c.content_type, c.body);
    ASSERT_FALSE(mp.ok()) << c.label;
    EXPECT_EQ(mp.error().kind, c.kind) << c.label << ": " << mp.error().detail;
  }
}

// Random edits of valid bodies and content types: every outcome is a parse
// or an error value; no exception, no crash (run under ASan to see more).
TEST(Multipart, RandomMutationsNeverCrash) {
  std::mt19937 rng(20260105);
  std::vector<std::string> seeds{
      body_of({{field_part("csrf_token"), "tok"}, {file_part("attachments", "a.png", "image/png"), "\x89PNG\r\n"}}),
      body_of({{"Content-Disposition: form-data; name=f; filename*=UTF-8''%C3%BC.pdf", "%PDF"}}),
      std::string("pre\r\n") + kDelim + "\r\n" + field_part("a") + "\r\n\r\n\r\n" + kDelim + "--\r\nepi",
  };
  std::vector<std::string> tokens{
      "\r\n", "\r\n\r\n", kDelim,       std::string(kDelim) + "--", "\"",   "\\", ";", "=", "%",
      "*",    "'",        "filename*=", std::string(1, '\0'),       "\xff", " ",  ":"};
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int parsed = 0;
  for (int iter = 0; iter < 30000; ++iter) {
    std::string body = seeds[pick(seeds.size())];
    std::string type = kType;
    int edits = 1 + static_cast<int>(pick(6));
    for (int e = 0; e < edits; ++e) {
      std::string& target = pick(8) == 0 ? type : body;
      size_t at = target.empty() ? 0 : pick(target.size() + 1);
      switch (pick(5)) {
        case 0:  // flip a byte
          if (!target.empty()) target[std::min(at, target.size() - 1)] ^= static_cast<char>(1 + pick(255));
          break;
        case 1:  // insert a token that matters to the grammar
          target.insert(at, tokens[pick(tokens.size())]);
          break;
        case 2:  // delete a range
          target.erase(at, pick(40));
          break;
        case 3:  // duplicate a range
          if (at < target.size()) target.insert(at, target.substr(at, pick(60)));
          break;
        default:  // truncate
          target.resize(at);
      }
    }
    Result<Multipart> mp = Error::bad_request("");
    ASSERT_NO_THROW(mp = parse_multipart(type, body)) << "iteration " << iter;
    if (mp.ok()) {
      ++parsed;
      EXPECT_LE(mp->parts.size(), 64u);
      for (const auto& p : mp->parts) EXPECT_FALSE(p.name.empty());
    } else {
      EXPECT_TRUE(mp.error().kind == ErrorKind::kBadRequest || mp.error().kind == ErrorKind::kUnsupportedMediaType);
    }
  }
  EXPECT_GT(parsed, 100) << "some mutations keep the body valid";
}

TEST(Multipart, RequestContextReadsFormFieldsFromEitherEncoding) {
  App app;
  Request req;
  req.method = "POST";
  req.headers = {{"content-type", kType}};
  req.body = body_of({{field_part("name"), "Siti"}, {file_part("attachments", "a.png", "image/png"), "PNG"}});
  RequestContext ctx{req, app, {}, {}, "id", "", {}};
  EXPECT_TRUE(req.is_multipart());
  Pairs expected{{"name", "Siti"}};
  EXPECT_EQ(ctx.form(), expected) << "form() gives the text parts of a multipart body";
  const auto& mp = ctx.multipart();
  ASSERT_TRUE(mp.ok());
  EXPECT_EQ(mp->files("attachments").size(), 1u);
  EXPECT_EQ(&ctx.multipart(), &mp) << "parsed once per request";

  req.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  req.body = "name=Budi&x=1";
  RequestContext form_ctx{req, app, {}, {}, "id", "", {}};
  EXPECT_EQ(find_pair(form_ctx.form(), "name"), "Budi");
  EXPECT_EQ(form_ctx.multipart().error().kind, ErrorKind::kUnsupportedMediaType);

  req.headers = {{"content-type", kType}};
  req.body = "garbage";
  RequestContext bad_ctx{req, app, {}, {}, "id", "", {}};
  EXPECT_TRUE(bad_ctx.form().empty()) << "a malformed multipart body has no fields";
  EXPECT_EQ(bad_ctx.multipart().error().kind, ErrorKind::kBadRequest);
}

}  // namespace
}  // namespace layan::web
