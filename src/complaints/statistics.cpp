#include "complaints/statistics.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "app/app.hpp"
#include "calendar/service.hpp"
#include "core/validation.hpp"

namespace layan::complaints {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

// "YYYY-MM" as a month count (year * 12 + month - 1); nullopt when malformed.
std::optional<int> month_index(const std::string& s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int year = std::stoi(s.substr(0, 4));
  const int month = std::stoi(s.substr(5, 2));
  if (year < kFirstYear || year > kLastYear || month < 1 || month > 12) return std::nullopt;
  return year * 12 + month - 1;
}

std::string month_text(int index) {
  const int year = index / 12, month = index % 12 + 1;
  std::string out = std::to_string(year) + "-";
  if (month < 10) out += "0";
  return out + std::to_string(month);
}

}  // namespace

Result<MonthRange> check_month_range(const std::string& from, const std::string& to) {
  validation::Errors e;
  auto f = month_index(from);
  auto t = month_index(to);
  if (!f) {
    e.add("from", "invalid", "Bulan awal harus berbentuk TTTT-BB (contoh 2026-01), tahun 2000 sampai 2100",
          "from must be a month YYYY-MM (e.g. 2026-01), years 2000 to 2100");
  }
  if (!t) {
    e.add("to", "invalid", "Bulan akhir harus berbentuk TTTT-BB (contoh 2026-12), tahun 2000 sampai 2100",
          "to must be a month YYYY-MM (e.g. 2026-12), years 2000 to 2100");
  }
  if (f && t && *t < *f) {
    e.add("to", "before_from", "Bulan akhir tidak boleh sebelum bulan awal", "to must not be before from");
  } else if (f && t && *t - *f + 1 > kMaxStatisticsMonths) {
    e.add("to", "too_long", "Rentang paling lama " + std::to_string(kMaxStatisticsMonths) + " bulan",
          "The range may span at most " + std::to_string(kMaxStatisticsMonths) + " months");
  }
  if (auto s = e.result(); !s) return s.error();
  return MonthRange{from, to};
}

std::vector<std::string> months_of(const MonthRange& r) {
  std::vector<std::string> out;
  auto f = month_index(r.from), t = month_index(r.to);
  if (!f || !t) return out;
  for (int i = *f; i <= *t; ++i) out.push_back(month_text(i));
  return out;
}

std::string add_months(const std::string& month, int n) {
  auto i = month_index(month);
  return i ? month_text(*i + n) : "";
}

std::optional<double> Outcome::share_in_time() const {
  if (closed <= 0) return std::nullopt;
  return static_cast<double>(closed_in_time) / static_cast<double>(closed);
}

void Outcome::add(const Outcome& o) {
  received += o.received;
  closed += o.closed;
  closed_in_time += o.closed_in_time;
}

Statistics summarize(const MonthRange& range, const std::vector<repo::StatusCount>& statuses,
                     const std::vector<repo::MonthRow>& rows) {
  Statistics s;
  s.range = range;
  for (Status st : kAllStatuses) {
    StatusCount c{st, 0};
    for (const auto& row : statuses) {
      if (row.status == to_string(st)) c.count += row.count;
    }
    s.by_status.push_back(c);
  }
  const auto months = months_of(range);
  std::map<std::string, size_t> month_pos;
  for (const auto& m : months) {
    month_pos[m] = s.months.size();
    s.months.push_back({m, {}});
  }
  std::map<int64_t, size_t> agency_pos;
  for (const auto& row : rows) {
    auto m = month_pos.find(row.month);
    if (m == month_pos.end()) continue;  // outside the range: the caller's query is wider
    const Outcome o{row.received, row.closed, row.closed_in_time};
    s.overall.add(o);
    s.months[m->second].outcome.add(o);
    auto a = agency_pos.find(row.agency_id);
    if (a == agency_pos.end()) {
      AgencyOutcome fresh{row.agency_id, row.agency_name, {}, {}};
      for (const auto& name : months) fresh.months.push_back({name, {}});
      a = agency_pos.emplace(row.agency_id, s.agencies.size()).first;
      s.agencies.push_back(std::move(fresh));
    }
    auto& agency = s.agencies[a->second];
    agency.outcome.add(o);
    agency.months[m->second].outcome.add(o);
  }
  std::stable_sort(s.agencies.begin(), s.agencies.end(), [](const AgencyOutcome& x, const AgencyOutcome& y) {
    if ((x.agency_id == 0) != (y.agency_id == 0)) return x.agency_id == 0;
    if (x.agency_name != y.agency_name) return x.agency_name < y.agency_name;
    return x.agency_id < y.agency_id;
  });
  return s;
}

Result<Statistics> statistics(App& app, const std::string& from_month, const std::string& to_month) {
  auto range = check_month_range(from_month, to_month);
  if (!range) return range.error();
  // Months are the mall's: local midnight of the first day, in UTC.
  const int offset = calendar::working_days(app)->utc_offset_hours();
  auto utc_start_of = [&](const std::string& month) {
    TimePoint local;
    parse_utc(month + "-01T00:00:00Z", local);
    return format_utc(local - std::chrono::hours(offset));
  };
  const std::string from = utc_start_of(range->from);
  const std::string to = utc_start_of(add_months(range->to, 1));
  soci::session sql(app.db->pool());
  // One snapshot, so that the status counts and the monthly rows agree.
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  auto statuses = repo::count_by_status(sql, from, to);
  auto rows = repo::monthly_by_agency(sql, app.db->dialect(), from, to, offset);
  tx.commit();
  return summarize(*range, statuses, rows);
}

}  // namespace layan::complaints
