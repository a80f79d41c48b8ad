#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "complaints/model.hpp"
#include "complaints/repo.hpp"
#include "core/result.hpp"

namespace layan {
struct App;
}

namespace layan::complaints {

// Public complaint statistics: counts only, never a report or a person.
// Months are months of submission in UTC ("YYYY-MM").

inline constexpr int kMaxStatisticsMonths = 24;

// An inclusive range of months, "YYYY-MM".
struct MonthRange {
  std::string from, to;
};

// Checks a range: both months "YYYY-MM" (years 2000 to 2100), from <= to, at
// most kMaxStatisticsMonths months. kValidation with errors on "from" / "to".
Result<MonthRange> check_month_range(const std::string& from, const std::string& to);
// Every month of a checked range, in order.
std::vector<std::string> months_of(const MonthRange& r);
// The month `n` months after "YYYY-MM" (n may be negative).
std::string add_months(const std::string& month, int n);

// How a set of complaints ended up. `closed` counts closed reports (also
// archived after closing); `closed_in_time` those closed no later than their
// completion deadline (complete_due_at).
struct Outcome {
  int64_t received = 0, closed = 0, closed_in_time = 0;
  // closed_in_time / closed in [0, 1]; nullopt when nothing is closed.
  std::optional<double> share_in_time() const;
  void add(const Outcome& o);
};

struct StatusCount {
  Status status = Status::kSubmitted;
  int64_t count = 0;
};
struct MonthOutcome {
  std::string month;
  Outcome outcome;
};
// One agency (agency_id 0: reports not, or no longer, with an agency),
// with its months (every month of the range, zeros included).
struct AgencyOutcome {
  int64_t agency_id = 0;
  std::string agency_name;
  Outcome outcome;
  std::vector<MonthOutcome> months;
};

struct Statistics {
  MonthRange range;
  std::vector<StatusCount> by_status;  // every status, in lifecycle order, zeros included
  Outcome overall;
  std::vector<MonthOutcome> months;     // every month of the range, all agencies
  std::vector<AgencyOutcome> agencies;  // by name; agency 0 first when present
};

// Builds the statistics of a checked range from the repository's rows (pure).
Statistics summarize(const MonthRange& range, const std::vector<repo::StatusCount>& statuses,
                     const std::vector<repo::MonthRow>& rows);

// The statistics of the months from `from_month` to `to_month` (inclusive;
// see check_month_range()). Public: no authorization, no personal data.
Result<Statistics> statistics(App& app, const std::string& from_month, const std::string& to_month);

}  // namespace layan::complaints
