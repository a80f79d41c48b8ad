// How the catalogue's pages write and read rupiah, item lists and dates.
#include <gtest/gtest.h>

#include "catalogue/page_form.hpp"
#include "catalogue/page_format.hpp"

namespace layan::catalogue {
namespace {

TEST(FormatRupiah, UsesDotsAsThousandsSeparators) {
  struct Case {
    int64_t amount;
    const char* text;
  } cases[] = {{0, "Rp 0"},
               {500, "Rp 500"},
               {1000, "Rp 1.000"},
               {30000, "Rp 30.000"},
               {350000, "Rp 350.000"},
               {1234567, "Rp 1.234.567"},
               {10000000, "Rp 10.000.000"}};
  for (const auto& c : cases) EXPECT_EQ(format_rupiah(c.amount), c.text) << c.amount;
}

TEST(ParseRupiah, AcceptsTheWaysPeopleTypeAmounts) {
  struct Case {
    const char* text;
    std::optional<int64_t> amount;
  } cases[] = {
      {"0", 0},
      {"30000", 30000},
      {"30.000", 30000},
      {"Rp 30.000", 30000},
      {"rp30.000", 30000},
      {" 1.234.567 ", 1234567},
      {"30.000,-", 30000},
      {"30.000,00", 30000},
      {"", std::nullopt},
      {"gratis", std::nullopt},
      {"-5000", std::nullopt},
      {"30.00", std::nullopt},  // not a thousands separator
      {".500", std::nullopt},
      {"1.2345", std::nullopt},
      {"30,5", std::nullopt},              // no cents
      {"1000000000000000", std::nullopt},  // 16 digits
  };
  for (const auto& c : cases) EXPECT_EQ(parse_rupiah(c.text), c.amount) << '"' << c.text << '"';
}

TEST(ParseCount, TakesWholeNonNegativeNumbersOnly) {
  EXPECT_EQ(parse_count("3"), 3);
  EXPECT_EQ(parse_count(" 12 "), 12);
  EXPECT_EQ(parse_count("0"), 0);
  EXPECT_EQ(parse_count(""), std::nullopt);
  EXPECT_EQ(parse_count("-1"), std::nullopt);
  EXPECT_EQ(parse_count("1.5"), std::nullopt);
  EXPECT_EQ(parse_count("tiga"), std::nullopt);
  EXPECT_EQ(parse_count("9999999999"), std::nullopt);
}

TEST(ItemLines, OneItemPerLineWithAnOptionalNote) {
  auto items = parse_item_lines("Kartu Keluarga | asli dan fotokopi\r\n\n  Surat pengantar RT/RW  \nPas foto|  3x4 ");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].text, "Kartu Keluarga");
  EXPECT_EQ(items[0].note, "asli dan fotokopi");
  EXPECT_EQ(items[1].text, "Surat pengantar RT/RW");
  EXPECT_EQ(items[1].note, "");
  EXPECT_EQ(items[2].text, "Pas foto");
  EXPECT_EQ(items[2].note, "3x4");
  EXPECT_TRUE(parse_item_lines("").empty());
  EXPECT_TRUE(parse_item_lines("\n \n").empty());
}

TEST(ItemLines, RoundTrip) {
  std::vector<Item> items = {{"Kartu Keluarga", "asli"}, {"Surat pengantar", ""}};
  EXPECT_EQ(item_lines(items), "Kartu Keluarga | asli\nSurat pengantar");
  auto back = parse_item_lines(item_lines(items));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].note, "asli");
  EXPECT_EQ(back[1].text, "Surat pengantar");
}

TEST(Paragraphs, KeepsWholeNonEmptyLines) {
  auto p = paragraphs("Satu | dua\n\n  Tiga  \n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "Satu | dua");
  EXPECT_EQ(p[1], "Tiga");
}

TEST(FormFieldId, MapsServiceFieldNamesOntoFormFields) {
  EXPECT_EQ(form_field_id("requirements[2].text"), "requirements");
  EXPECT_EQ(form_field_id("procedure"), "procedure");
  EXPECT_EQ(form_field_id("management.legal_basis"), "legal_basis");
  EXPECT_EQ(form_field_id("standard.management.staff_count"), "staff_count");
  EXPECT_EQ(form_field_id("fee.amount"), "fee_amount");
  EXPECT_EQ(form_field_id("fee.basis"), "fee_basis");
  EXPECT_EQ(form_field_id("fee"), "fee_amount");
  EXPECT_EQ(form_field_id("duration.value"), "duration_value");
  EXPECT_EQ(form_field_id("duration.unit"), "duration_unit");
  EXPECT_EQ(form_field_id("duration_unit"), "duration_unit");
  EXPECT_EQ(form_field_id("delivery_modes[1]"), "delivery_modes");
  EXPECT_EQ(form_field_id("signed_on"), "signed_on");
}

TEST(JoinDate, PadsPartsAndKeepsWhatDoesNotParse) {
  EXPECT_EQ(join_date("", "", ""), "");
  EXPECT_EQ(join_date("7", "3", "2026"), "2026-03-07");
  EXPECT_EQ(join_date("27", "12", "2026"), "2026-12-27");
  EXPECT_EQ(join_date("x", "3", "2026"), "2026-03-x");
  EXPECT_EQ(join_date("", "3", "2026"), "2026-03-");
}

}  // namespace
}  // namespace layan::catalogue
