// Attachments: type sniffing on real file bytes, the checks an upload must
// pass, file names, the content-addressed store on disk, the stored_files
// repository on both databases, and the download response.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "files/attachment.hpp"
#include "files/download.hpp"
#include "files/repo.hpp"
#include "files/sniff.hpp"
#include "files/store.hpp"
#include "test_db.hpp"

namespace layan::files {
namespace {

namespace fs = std::filesystem;

void put_be32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xff);
}

void put_le32(std::string& s, uint32_t v) {
  for (int shift = 0; shift <= 24; shift += 8) s += static_cast<char>((v >> shift) & 0xff);
}

void png_chunk(std::string& png, const std::string& type, const std::string& data) {
  put_be32(png, static_cast<uint32_t>(data.size()));
  std::string td = type + data;
  png += td;
  put_be32(png,
           static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()), static_cast<uInt>(td.size()))));
}

// A valid 2x2 RGB PNG.
std::string png_bytes() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_be32(ihdr, 2);
  put_be32(ihdr, 2);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  png_chunk(png, "IHDR", ihdr);
  std::string raw;
  for (int row = 0; row < 2; ++row) raw += std::string("\x00\xff\x00\x00\x00\x00\xff", 7);  // filter 0, two pixels
  std::string z(compressBound(static_cast<uLong>(raw.size())), '\0');
  uLongf zlen = z.size();
  compress(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(raw.data()),
           static_cast<uLong>(raw.size()));
  z.resize(zlen);
  png_chunk(png, "IDAT", z);
  png_chunk(png, "IEND", "");
  return png;
}

// A baseline JFIF JPEG header: SOI, APP0 JFIF, a quantisation table, EOI.
std::string jpeg_bytes() {
  std::string j("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  j += std::string("\xff\xdb\x00\x43\x00", 5);
  for (int i = 0; i < 64; ++i) j += static_cast<char>(1 + i % 16);
  j += std::string("\xff\xd9", 2);
  return j;
}

// A one-page PDF with a correct cross-reference table.
std::string pdf_bytes() {
  std::vector<std::string> objects{
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// A lossless WebP (RIFF container, VP8L chunk) of one pixel.
std::string webp_bytes() {
  std::string vp8l("\x2f\x00\x00\x00\x00\x88\x88\x08\x08\x00", 10);
  std::string w = "RIFF";
  put_le32(w, static_cast<uint32_t>(4 + 8 + vp8l.size()));
  w += "WEBPVP8L";
  put_le32(w, static_cast<uint32_t>(vp8l.size()));
  return w + vp8l;
}

const AttachmentLimits kLimits{5 << 20};

TEST(Sniff, RecognisesRealFileBytes) {
  EXPECT_EQ(sniff_mime(png_bytes()), "image/png");
  EXPECT_EQ(sniff_mime(jpeg_bytes()), "image/jpeg");
  EXPECT_EQ(sniff_mime(pdf_bytes()), "application/pdf");
  EXPECT_EQ(sniff_mime(webp_bytes()), "image/webp");
  EXPECT_EQ(sniff_mime("Jalan rusak di depan pasar.\n"), "text/plain");
  EXPECT_EQ(sniff_mime("<!DOCTYPE html><html><script>alert(1)</script></html>"), "text/html");
}

TEST(Sniff, WorksOnManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        right += sniff_mime(i % 2 ? png_bytes() : pdf_bytes()) == (i % 2 ? "image/png" : "application/pdf");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(right.load(), 200);
}

TEST(AcceptAttachment, AcceptsAllowedTypesSniffedFromBytes) {
  struct Case {
    std::string bytes, filename, declared, mime, stored_name;
  };
  std::vector<Case> cases{
      {png_bytes(), "foto.png", "image/png", "image/png", "foto.png"},
      {jpeg_bytes(), "IMG_0001.JPG", "image/jpeg", "image/jpeg", "IMG_0001.JPG"},
      {jpeg_bytes(), "kamera.jpeg", "image/jpg", "image/jpeg", "kamera.jpeg"},  // a common alias
      {pdf_bytes(), "surat.pdf", "application/pdf", "application/pdf", "surat.pdf"},
      {webp_bytes(), "layar.webp", "", "image/webp", "layar.webp"},                // nothing declared
      {png_bytes(), "scan", "application/octet-stream", "image/png", "scan.png"},  // unknown to the client
      {pdf_bytes(), "C:\\Dokumen\\KTP.pdf", "Application/PDF; name=KTP.pdf", "application/pdf", "KTP.pdf"},
  };
  for (const auto& c : cases) {
    auto a = accept_attachment(c.filename, c.declared, c.bytes, kLimits);
    ASSERT_TRUE(a.ok()) << c.filename << ": " << (a.ok() ? "" : a.error().fields.at(0).message_en);
    EXPECT_EQ(a->mime, c.mime);
    EXPECT_EQ(a->filename, c.stored_name);
    EXPECT_EQ(a->sha256, crypto::sha256_hex(c.bytes));
    EXPECT_EQ(a->size, static_cast<int64_t>(c.bytes.size()));
  }
}

void expect_rejected(const Result<AcceptedFile>& a, const std::string& code) {
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kValidation);
  ASSERT_EQ(a.error().fields.size(), 1u);
  const auto& f = a.error().fields[0];
  EXPECT_EQ(f.field, "attachments");
  EXPECT_EQ(f.code, code);
  EXPECT_FALSE(f.message.empty());
  EXPECT_FALSE(f.message_en.empty());
  EXPECT_NE(f.message, f.message_en) << "Indonesian and English messages";
}

TEST(AcceptAttachment, RejectsWhatIsNotAPhotoOrPdf) {
  expect_rejected(accept_attachment("foto.png", "image/png", "Ini bukan gambar, hanya teks.\n", kLimits),
                  "type_not_allowed");
  expect_rejected(accept_attachment("x.png", "image/png", "<html><script>alert(1)</script></html>", kLimits),
                  "type_not_allowed");
  expect_rejected(
      accept_attachment("x.svg", "image/svg+xml",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", kLimits),
      "type_not_allowed");
  expect_rejected(
      accept_attachment("a.zip", "", std::string("PK\x03\x04\x14\x00\x00\x00", 8) + std::string(40, '\0'), kLimits),
      "type_not_allowed");
  expect_rejected(accept_attachment("a.exe", "", std::string("MZ\x90\x00", 4) + std::string(200, '\0'), kLimits),
                  "type_not_allowed");
}

TEST(AcceptAttachment, RejectsALyingContentType) {
  expect_rejected(accept_attachment("foto.pdf", "application/pdf", png_bytes(), kLimits), "type_mismatch");
  expect_rejected(accept_attachment("surat.png", "image/png", pdf_bytes(), kLimits), "type_mismatch");
  expect_rejected(accept_attachment("foto.jpg", "text/html", jpeg_bytes(), kLimits), "type_mismatch");
}

TEST(AcceptAttachment, RejectsEmptyAndOversize) {
  expect_rejected(accept_attachment("kosong.png", "image/png", "", kLimits), "empty");
  std::string png = png_bytes();
  auto a = accept_attachment("besar.png", "image/png", png, AttachmentLimits{png.size() - 1});
  expect_rejected(a, "too_large");
  EXPECT_TRUE(accept_attachment("pas.png", "image/png", png, AttachmentLimits{png.size()}).ok()) << "the limit itself";
  // Padding a real PDF past 5 MiB: the size is checked before anything else.
  std::string big = pdf_bytes() + std::string((5 << 20), ' ');
  auto b = accept_attachment("besar.pdf", "application/pdf", big, kLimits);
  expect_rejected(b, "too_large");
  EXPECT_NE(b.error().fields[0].message.find("5 MB"), std::string::npos) << b.error().fields[0].message;
  EXPECT_NE(b.error().fields[0].message.find("besar.pdf"), std::string::npos) << "names the file";
}

TEST(AcceptAttachment, CountLimit) {
  EXPECT_TRUE(check_attachment_count(0, 5).ok());
  EXPECT_TRUE(check_attachment_count(5, 5).ok());
  auto s = check_attachment_count(6, 5);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.at(0).field, "attachments");
  EXPECT_EQ(s.error().fields.at(0).code, "too_many");
  Config cfg;
  EXPECT_EQ(attachment_limits(cfg).max_bytes, 5u << 20);
  EXPECT_EQ(cfg.max_attachments, 5u);
  EXPECT_EQ(cfg.max_upload_bytes, 27u << 20);
}

TEST(SanitizeFilename, Table) {
  struct Case {
    std::string in, mime, out;
  };
  std::vector<Case> cases{
      {"foto.png", "image/png", "foto.png"},
      {"C:\\Users\\Siti\\Desktop\\foto.jpg", "image/jpeg", "foto.jpg"},
      {"../../etc/passwd", "image/png", "passwd.png"},
      {"/var/www/index.html", "application/pdf", "index.html.pdf"},
      {"laporan.exe", "application/pdf", "laporan.exe.pdf"},
      {"foto.JPEG", "image/jpeg", "foto.JPEG"},
      {"scan", "application/pdf", "scan.pdf"},
      {"", "image/webp", "lampiran.webp"},
      {"...", "application/pdf", "lampiran.pdf"},
      {"  .hidden.pdf  ", "application/pdf", "hidden.pdf"},
      {"trailing.pdf. . ", "application/pdf", "trailing.pdf"},
      {"a\x01\x1f\x7f"
       "b.png",
       "image/png", "ab.png"},
      {"line\r\nbreak.png", "image/png", "linebreak.png"},
      {"\xe2\x80\xae"
       "gnp.exe",
       "image/png", "gnp.exe.png"},  // U+202E RIGHT-TO-LEFT OVERRIDE
      {"zero\xe2\x80\x8bwidth.png", "image/png", "zerowidth.png"},
      {"bad\xff\xfe utf8.png", "image/png", "bad utf8.png"},
      {"Surat Keterangan Domisili – Kelurahan Cempaka Putih.pdf", "application/pdf",
       "Surat Keterangan Domisili – Kelurahan Cempaka Putih.pdf"},
      {"name-only", "", "name-only"},
      {"", "", "lampiran"},
  };
  for (const auto& c : cases) EXPECT_EQ(sanitize_filename(c.in, c.mime), c.out) << c.in;
}

TEST(SanitizeFilename, LongNamesKeepTheExtensionAndWholeCharacters) {
  std::string stem;
  for (int i = 0; i < 100; ++i) stem += "é";  // 200 bytes
  std::string out = sanitize_filename(stem + ".pdf", "application/pdf");
  EXPECT_LE(out.size(), 120u);
  EXPECT_TRUE(is_valid_utf8(out)) << "never cut inside a character";
  EXPECT_EQ(out.substr(out.size() - 4), ".pdf");
  EXPECT_EQ(out.size(), 120u) << "58 two-byte characters and .pdf";

  std::string ascii(300, 'a');
  out = sanitize_filename(ascii, "image/png");
  EXPECT_EQ(out, std::string(116, 'a') + ".png");
  out = sanitize_filename(ascii + "." + std::string(40, 'x'), "");
  EXPECT_EQ(out.size(), 120u) << "an overlong 'extension' is not kept whole";
}

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    dir_ = fs::temp_directory_path() / ("layan-files-" + crypto::random_token(6));
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST_F(FileStoreTest, PutStoresByContentAndGetReadsBack) {
  auto store = Store::open(dir_);
  ASSERT_TRUE(store.ok()) << store.error().detail;
  EXPECT_EQ(store->root(), dir_ / "files");
  EXPECT_EQ(mode_of(dir_ / "files"), 0750u);

  std::string png = png_bytes();
  std::string sha = crypto::sha256_hex(png);
  ASSERT_TRUE(store->put(sha, png).ok());
  fs::path p = dir_ / "files" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  EXPECT_EQ(store->path_of(sha), p);
  ASSERT_TRUE(fs::is_regular_file(p));
  EXPECT_EQ(mode_of(p), 0640u);
  EXPECT_EQ(mode_of(p.parent_path()), 0750u);
  EXPECT_EQ(mode_of(p.parent_path().parent_path()), 0750u);
  std::ifstream in(p, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), png);

  auto back = store->get(sha);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, png);
}

TEST_F(FileStoreTest, SameBytesAreStoredOnce) {
  auto store = Store::open(dir_);
  ASSERT_TRUE(store.ok());
  std::string pdf = pdf_bytes();
  std::string sha = crypto::sha256_hex(pdf);
  ASSERT_TRUE(store->put(sha, pdf).ok());
  struct stat first {
  }, again{};
  ASSERT_EQ(::stat(store->path_of(sha).c_str(), &first), 0);
  ASSERT_TRUE(store->put(sha, pdf).ok()) << "storing again succeeds";
  ASSERT_EQ(::stat(store->path_of(sha).c_str(), &again), 0);
  EXPECT_EQ(again.st_ino, first.st_ino) << "and does not rewrite the file (a rewrite renames a new one in)";
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(store->root())) files += e.is_regular_file();
  EXPECT_EQ(files, 1u) << "one file, no temporary files left behind";
}

TEST_F(FileStoreTest, ConcurrentPutsOfTheSameAndOtherFiles) {
  auto store = Store::open(dir_);
  ASSERT_TRUE(store.ok());
  std::vector<std::string> contents{png_bytes(), pdf_bytes(), jpeg_bytes()};
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      const auto& c = contents[t % contents.size()];
      for (int i = 0; i < 10; ++i) ok += store->put(crypto::sha256_hex(c), c).ok();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 60);
  for (const auto& c : contents) EXPECT_EQ(*store->get(crypto::sha256_hex(c)), c);
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(store->root())) files += e.is_regular_file();
  EXPECT_EQ(files, contents.size());
}

TEST_F(FileStoreTest, BadNamesAreNotFoundAndNeverLeaveTheStore) {
  auto store = Store::open(dir_);
  ASSERT_TRUE(store.ok());
  std::ofstream(dir_ / "secret.txt") << "not yours";
  std::string sha = crypto::sha256_hex("x");
  for (std::string bad :
       {std::string("../secret.txt"), std::string("../../etc/passwd"), std::string(""), sha.substr(0, 63), sha + "0",
        std::string(64, 'A'), std::string(64, 'g'), std::string("../../") + sha.substr(6), std::string("/etc/passwd"),
        std::string(62, 'a') + "/.", std::string(63, 'a') + std::string(1, '\0')}) {
    auto r = store->get(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kNotFound) << bad;
  }
  auto missing = store->get(sha);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_F(FileStoreTest, PutRefusesANameThatIsNotTheHashOfTheBytes) {
  auto store = Store::open(dir_);
  ASSERT_TRUE(store.ok());
  std::string png = png_bytes();
  EXPECT_EQ(store->put(crypto::sha256_hex("other"), png).error().kind, ErrorKind::kBadRequest);
  EXPECT_EQ(store->put("../../evil", png).error().kind, ErrorKind::kBadRequest);
  std::string upper = crypto::sha256_hex(png);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(store->put(upper, png).error().kind, ErrorKind::kBadRequest);
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(store->root())) files += e.is_regular_file();
  EXPECT_EQ(files, 0u);
}

TEST_F(FileStoreTest, OpenFailsClearlyWhenTheDirectoryIsUnusable) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "a-file") << "x";
  auto under_file = Store::open(dir_ / "a-file");
  ASSERT_FALSE(under_file.ok());
  EXPECT_NE(under_file.error().detail.find("a-file"), std::string::npos) << under_file.error().detail;

  std::ofstream(dir_ / "files") << "x";  // <data_dir>/files is a file, not a directory
  auto not_dir = Store::open(dir_);
  ASSERT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.error().detail.find("files"), std::string::npos);
}

TEST(Download, ImageInlineWithSafeHeaders) {
  auto r = download_response(png_bytes(), "image/png", "foto.png", true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, png_bytes());
  EXPECT_EQ(r.header("content-type"), "image/png");
  EXPECT_EQ(r.header("content-disposition"), "inline; filename=\"foto.png\"; filename*=UTF-8''foto.png");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("cache-control"), "private, no-store");
  auto csp = r.header("content-security-policy").value_or("");
  EXPECT_EQ(csp.rfind("sandbox; default-src 'none'", 0), 0u) << csp;
}

TEST(Download, PdfAndUnknownTypesAreAlwaysAttachments) {
  auto pdf = download_response(pdf_bytes(), "application/pdf", "surat.pdf", true);
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.header("content-disposition")->rfind("attachment;", 0), 0u);
  auto html = download_response("<script>alert(1)</script>", "text/html", "x.html", true);
  EXPECT_EQ(html.header("content-type"), "application/octet-stream") << "only the allowed types are named";
  EXPECT_EQ(html.header("content-disposition")->rfind("attachment;", 0), 0u);
  auto image = download_response(png_bytes(), "image/png", "foto.png", false);
  EXPECT_EQ(image.header("content-disposition")->rfind("attachment;", 0), 0u);
}

TEST(Download, FileNamesCannotBreakTheHeader) {
  EXPECT_EQ(content_disposition("Foto Ümit \"1\".png", false),
            "attachment; filename=\"Foto __mit _1_.png\"; filename*=UTF-8''Foto%20%C3%9Cmit%20%221%22.png");
  std::string cd = content_disposition("a\r\nSet-Cookie: x=1;\\%.pdf", false);
  EXPECT_EQ(cd.find('\r'), std::string::npos);
  EXPECT_EQ(cd.find('\n'), std::string::npos);
  EXPECT_EQ(
      cd,
      "attachment; filename=\"a__Set-Cookie: x=1;__.pdf\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1%3B%5C%25.pdf");
  EXPECT_EQ(content_disposition("", true), "inline; filename=\"lampiran\"; filename*=UTF-8''lampiran");
}

using StoredFilesDb = layan::testing::BothDatabases;

TEST_P(StoredFilesDb, RecordOnceAndRead) {
  soci::session sql(db_->pool());
  std::string sha = crypto::sha256_hex(png_bytes());
  EXPECT_FALSE(repo::find_file(sql, sha).has_value());
  StoredFile f{sha, "image/png", 6000000000LL, "2026-01-05T01:00:00Z"};  // beyond 32 bits
  EXPECT_TRUE(repo::record_file(sql, f));
  StoredFile again{sha, "image/png", 6000000000LL, "2026-02-01T00:00:00Z"};
  EXPECT_FALSE(repo::record_file(sql, again)) << "the same content is recorded once";
  auto row = repo::find_file(sql, sha);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->sha256, sha);
  EXPECT_EQ(row->mime, "image/png");
  EXPECT_EQ(row->size, 6000000000LL);
  EXPECT_EQ(row->created_at, "2026-01-05T01:00:00Z") << "the first row wins";
  EXPECT_FALSE(repo::find_file(sql, crypto::sha256_hex("other")).has_value());
}

TEST_P(StoredFilesDb, RecordInsideARolledBackTransactionLeavesNoRow) {
  soci::session sql(db_->pool());
  std::string sha = crypto::sha256_hex(pdf_bytes());
  {
    store::Transaction tx(sql, db_->dialect());
    EXPECT_TRUE(repo::record_file(sql, {sha, "application/pdf", 10, "2026-01-05T01:00:00Z"}));
  }
  EXPECT_FALSE(repo::find_file(sql, sha).has_value());
}

INSTANTIATE_TEST_SUITE_P(Db, StoredFilesDb, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::files
