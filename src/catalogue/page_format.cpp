#include "catalogue/page_format.hpp"

#include <cstdio>

#include "core/clock.hpp"
#include "core/time_zone.hpp"

namespace layan::catalogue {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "2026-11-23" into its numbers; false when it is not that shape.
bool split_date(const std::string& s, int& y, int& m, int& d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
  y = std::stoi(s.substr(0, 4));
  m = std::stoi(s.substr(5, 2));
  d = std::stoi(s.substr(8, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

}  // namespace

std::string format_rupiah(int64_t amount) {
  bool negative = amount < 0;
  std::string digits = std::to_string(negative ? -amount : amount);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return std::string(negative ? "-Rp " : "Rp ") + out;
}

std::optional<int64_t> parse_rupiah(const std::string& text) {
  std::string s = trim(text);
  if (s.size() >= 2 && (s[0] == 'R' || s[0] == 'r') && (s[1] == 'p' || s[1] == 'P')) s = trim(s.substr(2));
  // "30.000,-" and "30.000,00" are common ways of writing whole rupiah.
  for (const char* tail : {",-", ",00"}) {
    std::string t = tail;
    if (s.size() > t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0) s.resize(s.size() - t.size());
  }
  // Dots only as thousands separators: "30.000" yes, "30.00" and ".500" no.
  std::string digits;
  size_t group = 0;
  bool dotted = false;
  for (char c : s) {
    if (c == '.') {
      if (group == 0 || (dotted && group != 3) || (!dotted && group > 3)) return std::nullopt;
      dotted = true;
      group = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
    ++group;
  }
  if (dotted && group != 3) return std::nullopt;
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  return std::stoll(digits);
}

std::optional<int> parse_count(const std::string& text) {
  std::string s = trim(text);
  if (!all_digits(s) || s.size() > 9) return std::nullopt;
  return std::stoi(s);
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::vector<Item> parse_item_lines(const std::string& text) {
  std::vector<Item> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() + 1 : nl + 1;
    line = trim(line);
    if (line.empty()) continue;
    Item item;
    if (size_t bar = line.find('|'); bar != std::string::npos) {
      item.text = trim(line.substr(0, bar));
      item.note = trim(line.substr(bar + 1));
    } else {
      item.text = line;
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string item_lines(const std::vector<Item>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item.text;
    if (!item.note.empty()) out += " | " + item.note;
  }
  return out;
}

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = trim(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    start = nl == std::string::npos ? text.size() + 1 : nl + 1;
    if (!line.empty()) out.push_back(std::move(line));
  }
  return out;
}

std::string format_duration(const web::RequestContext& ctx, int value, DurationUnit unit) {
  // English needs the singular ("1 working day"); Indonesian words are the same.
  std::string key = std::string("duration_unit_") + to_string(unit) + (value == 1 ? "_one" : "");
  return std::to_string(value) + " " + ctx.t(key);
}

std::string format_date_text(const web::RequestContext& ctx, const std::string& yyyy_mm_dd) {
  int y = 0, m = 0, d = 0;
  if (!split_date(yyyy_mm_dd, y, m, d)) return yyyy_mm_dd;
  return std::to_string(d) + " " + ctx.t("month_" + std::to_string(m)) + " " + std::to_string(y);
}

std::string format_timestamp(const web::RequestContext& ctx, const std::string& utc, const std::string& timezone) {
  TimePoint t;
  if (!parse_utc(utc, t)) return utc;
  std::string local = format_utc(t + std::chrono::hours(utc_offset_hours(timezone)));  // shifted, still "…Z"
  // Indonesian writes the time with a dot (11.05); English with a colon.
  std::string time = local.substr(11, 2) + (ctx.lang == "en" ? ":" : ".") + local.substr(14, 2);
  return format_date_text(ctx, local.substr(0, 10)) + ", " + time + " " + zone_abbreviation(timezone);
}

nlohmann::json fee_json(const web::RequestContext& ctx, int64_t amount) {
  if (amount == 0) return {{"free", true}, {"text", ctx.t("fee_free")}};
  return {{"free", false}, {"text", format_rupiah(amount)}};
}

std::string agency_kind_label(const web::RequestContext& ctx, AgencyKind kind) {
  return ctx.t(std::string("agency_kind_") + to_string(kind));
}

std::string delivery_mode_label(const web::RequestContext& ctx, const std::string& mode) {
  return ctx.t("mode_" + mode);
}

nlohmann::json summary_json(const web::RequestContext& ctx, const ServiceSummary& s) {
  nlohmann::json j = {{"id", s.id},
                      {"agency_id", s.agency_id},
                      {"agency_name", s.agency_name},
                      {"name", s.name},
                      {"summary", s.summary.empty() ? nlohmann::json(false) : nlohmann::json(s.summary)},
                      {"category", s.category.empty() ? nlohmann::json(false) : nlohmann::json(s.category)},
                      {"fee", false},
                      {"duration", false}};
  if (s.fee_amount) j["fee"] = fee_json(ctx, *s.fee_amount);
  if (s.duration_value && s.duration_unit) j["duration"] = format_duration(ctx, *s.duration_value, *s.duration_unit);
  return j;
}

nlohmann::json standard_json(const web::RequestContext& ctx, const Standard& s, const std::string& timezone) {
  auto items = [](const std::vector<Item>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : list)
      out.push_back({{"text", i.text}, {"note", i.note.empty() ? nlohmann::json(false) : nlohmann::json(i.note)}});
    return out;
  };
  // The first paragraph of the product is shown large in its summary card.
  std::vector<std::string> product = paragraphs(s.product);
  nlohmann::json j = {
      {"version", s.version},
      {"requirements", items(s.requirements)},
      {"has_requirements", !s.requirements.empty()},
      {"procedure", items(s.procedure)},
      {"has_procedure", !s.procedure.empty()},
      {"duration", format_duration(ctx, s.duration_value, s.duration_unit)},
      {"fee", fee_json(ctx, s.fee_amount)},
      {"fee_basis", s.fee_basis.empty() ? nlohmann::json(false) : nlohmann::json(s.fee_basis)},
      {"product_lead", product.empty() ? std::string() : product.front()},
      {"product_more", product.size() > 1 ? nlohmann::json(std::vector<std::string>(product.begin() + 1, product.end()))
                                          : nlohmann::json::array()},
      {"complaint_channel", paragraphs(s.complaint_channel)},
      {"change_note", s.change_note.empty() ? nlohmann::json(false) : nlohmann::json(s.change_note)},
      {"created_at", format_timestamp(ctx, s.created_at, timezone)},
      {"management", false}};
  if (s.management) {
    const auto& m = *s.management;
    auto row = [&](const char* key, const std::string& value) {
      nlohmann::json paras = paragraphs(value);
      return nlohmann::json{{"label", ctx.t(key)}, {"paragraphs", paras}, {"empty", paras.empty()}};
    };
    j["management"] = {
        {"rows",
         {row("legal_basis", m.legal_basis), row("facilities", m.facilities),
          row("staff_competence", m.staff_competence), row("internal_supervision", m.internal_supervision),
          row("staff_count", std::to_string(m.staff_count)), row("service_guarantee", m.service_guarantee),
          row("safety_guarantee", m.safety_guarantee), row("performance_evaluation", m.performance_evaluation)}}};
  }
  return j;
}

nlohmann::json agency_json(const web::RequestContext& ctx, const Agency& a) {
  nlohmann::json presence = nlohmann::json::array();
  for (const auto& p : a.presence) {
    presence.push_back(
        {{"location_name", p.location_name},
         {"counters", p.counters.empty() ? nlohmann::json(false) : nlohmann::json(p.counters)},
         {"floor", p.floor.empty() ? nlohmann::json(false) : nlohmann::json(p.floor)},
         {"service_hours", p.service_hours.empty() ? nlohmann::json(false) : nlohmann::json(p.service_hours)}});
  }
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(false) : nlohmann::json(s); };
  return {{"id", a.id},
          {"name", a.name},
          {"short_name", opt(a.short_name)},
          {"kind", agency_kind_label(ctx, a.kind)},
          {"description", paragraphs(a.description)},
          {"website", opt(a.website)},
          {"phone", opt(a.phone)},
          {"email", opt(a.email)},
          {"has_contacts", !a.website.empty() || !a.phone.empty() || !a.email.empty()},
          {"presence", presence},
          {"has_presence", !presence.empty()},
          {"service_count", a.service_count},
          {"service_count_text", std::to_string(a.service_count) + " " +
                                     ctx.t(a.service_count == 1 ? "service_count_one" : "service_count_suffix")}};
}

nlohmann::json maklumat_json(const web::RequestContext& ctx, const Maklumat& m) {
  return {{"paragraphs", paragraphs(m.body)},
          {"signer_name", m.signer_name},
          {"signer_title", m.signer_title.empty() ? nlohmann::json(false) : nlohmann::json(m.signer_title)},
          {"signed_on", m.signed_on},
          {"signed_on_text", format_date_text(ctx, m.signed_on)}};
}

}  // namespace layan::catalogue
