// The return path after sign-in and the contact step (M3 of the security
// probe: "/masuk?next=/%09/evil.example" went to another origin).
#include "web/safe_next.hpp"

#include <gtest/gtest.h>

namespace layan::web {
namespace {

struct Case {
  const char* name;
  std::string next;
  bool kept;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class SafeNextTable : public ::testing::TestWithParam<Case> {};

TEST_P(SafeNextTable, KeepsOnlySameOriginPaths) {
  const Case& c = GetParam();
  EXPECT_EQ(safe_next(c.next, "/fallback"), c.kept ? c.next : "/fallback") << c.name;
}

const std::string kLongest = "/" + std::string(kMaxNextBytes - 1, 'a');

INSTANTIATE_TEST_SUITE_P(
    Rules, SafeNextTable,
    ::testing::Values(
        // Paths of this site, as browsers send them.
        Case{"root", "/", true}, Case{"a page", "/kelola/pengguna", true},
        Case{"a query", "/kelola/pengguna?peran=agency_admin&instansi=2", true},
        Case{"an encoded query", "/cari?q=kartu%20keluarga&lang=en", true},
        Case{"encoded UTF-8", "/cari?q=caf%C3%A9", true},
        Case{"a fragment", "/pengaduan/lacak?kode=AB12#riwayat", true},
        Case{"a URL in the query", "/cari?q=http%3A%2F%2Fevil.example", true},
        Case{"a percent sign in the query", "/cari?q=100%25", true},
        Case{"a double slash later on", "/layanan//3", true},
        Case{"a loop back to sign-in", "/masuk?next=%2Fkelola", true}, Case{"the longest", kLongest, true},
        // Another origin, or no path at all.
        Case{"empty", "", false}, Case{"relative", "kelola", false}, Case{"a host", "evil.example", false},
        Case{"an absolute URL", "https://evil.example/", false}, Case{"http", "http://evil.example", false},
        Case{"javascript", "javascript:alert(1)", false}, Case{"mixed-case javascript", "JaVaScRiPt:alert(1)", false},
        Case{"data", "data:text/html,<script>alert(1)</script>", false}, Case{"network path", "//evil.example", false},
        Case{"three slashes", "///evil.example", false}, Case{"slash backslash", "/\\evil.example", false},
        Case{"backslashes", "\\\\evil.example", false}, Case{"backslash slash", "\\/evil.example", false},
        Case{"a backslash later on", "/a\\b", false},
        // Characters browsers drop or trim, anywhere.
        Case{"tab", "/\t/evil.example", false}, Case{"LF", "/\n/evil.example", false},
        Case{"CR", "/\r/evil.example", false}, Case{"CRLF", "/\r\n/evil.example", false},
        Case{"a leading tab", "\t//evil.example", false}, Case{"a leading space", " /kelola", false},
        Case{"a space", "/kelola /x", false}, Case{"a trailing tab", "/kelola\t", false},
        Case{"NUL", std::string("/kelola\0x", 9), false}, Case{"escape", "/kelola\x1b[0m", false},
        Case{"form feed", "/\f/evil.example", false}, Case{"DEL", "/kelola\x7f", false},
        Case{"raw UTF-8", "/caf\xc3\xa9", false},
        // The same behind percent-encoding, once or twice.
        Case{"encoded tab", "/%09/evil.example", false}, Case{"encoded CRLF", "/%0d%0a/evil.example", false},
        Case{"encoded LF in the query", "/kelola?x=%0A", false}, Case{"encoded NUL", "/kelola%00", false},
        Case{"encoded DEL", "/kelola%7F", false}, Case{"encoded slash", "/%2F/evil.example", false},
        Case{"encoded slashes", "/%2f%2fevil.example", false}, Case{"encoded backslash", "/%5Cevil.example", false},
        Case{"all encoded", "%2F%2Fevil.example", false}, Case{"twice encoded slash", "/%252F/evil.example", false},
        Case{"twice encoded tab", "/%2509/evil.example", false},
        Case{"deeply nested escapes", "/%2525252525252541", false},
        // Too long to be a page of this site.
        Case{"one byte too long", kLongest + "a", false}, Case{"very long", "/" + std::string(100000, 'a'), false}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

TEST(SafeNext, GivesTheFallbackAsItIs) {
  EXPECT_EQ(safe_next("//evil.example", "/pengaduan/baru"), "/pengaduan/baru");
  EXPECT_EQ(safe_next("/kelola", "/pengaduan/baru"), "/kelola");
}

}  // namespace
}  // namespace layan::web
