// The pure rules of the complaints module: deadlines, escalation levels,
// similarity, tracking codes and contacts. No I/O.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "catalogue/service.hpp"
#include "complaints/lifecycle.hpp"
#include "complaints/service.hpp"
#include "core/crypto.hpp"
#include "core/working_days.hpp"

namespace layan::complaints {
namespace {

std::string at(TimePoint t) {
  return format_utc(t);
}

// Crockford base32 without I, L, O, U.
constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kCodeLength = 12;
// Public ids: "LAP-" and 10 characters (50 bits: unguessable, so that the
// status of a report that is not public cannot be looked up by counting).
// The prefix keeps them from ever reading as a tracking code.
constexpr std::string_view kPublicIdPrefix = "LAP";
constexpr size_t kPublicIdLength = 10;

}  // namespace

int complete_days(const DeadlinePolicy& p, Type t) {
  switch (t) {
    case Type::kAspirasi:
      return p.complete_days_aspirasi;
    case Type::kPengaduan:
      return p.complete_days_pengaduan;
    case Type::kPermintaanInformasi:
      return p.complete_days_informasi;
    case Type::kWhistleblowing:
      return p.complete_days_whistleblowing;
  }
  return p.complete_days_pengaduan;
}

void start_deadlines(Complaint& c, TimePoint now, const WorkingDayCalendar& cal, const DeadlinePolicy& p) {
  c.submitted_at = c.updated_at = at(now);
  c.verify_due_at = at(cal.deadline_after(now, p.verify_working_days));
  c.complete_due_at = at(now + std::chrono::days(complete_days(p, c.type)));
}

void apply_transition(Complaint& c, Transition t, Status to, TimePoint now, const WorkingDayCalendar& cal,
                      const DeadlinePolicy& p) {
  const Status from = c.status;
  const std::string now_s = at(now);
  c.status = to;
  c.updated_at = now_s;
  switch (t) {
    case Transition::kVerify:
      c.verified_at = now_s;
      break;
    case Transition::kReturnForCompletion:
      c.verify_due_at.clear();  // the clock stops while the reporter completes it
      break;
    case Transition::kComplete:
      c.verify_due_at = at(cal.deadline_after(now, p.verify_working_days));
      break;
    case Transition::kDispositionToAgency:
    case Transition::kForwardToAgency:
      c.dispositioned_at = now_s;
      c.verify_due_at.clear();
      c.follow_up_due_at = at(cal.deadline_after(now, p.follow_up_working_days));
      break;
    case Transition::kNotOurAuthority:
      c.follow_up_due_at.clear();
      c.verify_due_at = at(cal.deadline_after(now, p.verify_working_days));
      break;
    case Transition::kReply:
      if (is_at_agency(from)) {
        if (c.first_response_at.empty()) c.first_response_at = now_s;
        c.follow_up_due_at.clear();
      }
      break;
    case Transition::kResolve:
      if (c.first_response_at.empty()) c.first_response_at = now_s;
      c.resolved_at = now_s;
      c.follow_up_due_at.clear();
      c.auto_close_at = at(cal.deadline_after(now, p.auto_close_working_days));
      break;
    case Transition::kConfirm:
    case Transition::kAutoClose:
      c.closed_at = now_s;
      c.auto_close_at.clear();
      break;
    case Transition::kReopen:
      c.resolved_at.clear();
      c.closed_at.clear();
      c.auto_close_at.clear();
      c.follow_up_due_at = at(cal.deadline_after(now, p.follow_up_working_days));
      break;
    default:
      break;
  }
  if (is_final(to)) {
    c.verify_due_at.clear();
    c.follow_up_due_at.clear();
    c.auto_close_at.clear();
  }
}

std::optional<Missed> missed_deadline(const Complaint& c, TimePoint now) {
  if (!is_open(c.status)) return std::nullopt;
  const std::string now_s = at(now);
  std::optional<Missed> best;
  auto consider = [&](Deadline d, const std::string& due) {
    if (due.empty() || due >= now_s) return;  // due at the end of its last second
    if (!best || due < best->due_at) best = Missed{d, due};
  };
  consider(Deadline::kVerify, c.verify_due_at);
  consider(Deadline::kFollowUp, c.follow_up_due_at);
  consider(Deadline::kComplete, c.complete_due_at);
  return best;
}

int escalation_level(Deadline d, TimePoint due, TimePoint now, const WorkingDayCalendar& cal, const DeadlinePolicy& p) {
  if (now <= due) return 0;
  if (d == Deadline::kVerify) return 3;
  const int step = std::max(1, p.escalation_step_working_days);
  const int late = cal.working_days_between(due, now);
  return 1 + std::min(2, late / step);
}

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371000.0;
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

double similarity(const Complaint& a, const Complaint& b) {
  auto terms = [](const Complaint& c) {
    auto v = catalogue::search_terms(c.title + " " + c.description);
    std::set<std::string> out;
    // Very short words ("di", "ke", "yg") say nothing about the subject.
    for (auto& t : v) {
      if (t.size() >= 3) out.insert(std::move(t));
    }
    return out;
  };
  const auto ta = terms(a), tb = terms(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t shared = 0;
  for (const auto& t : ta) shared += tb.count(t);
  double score = static_cast<double>(shared) / static_cast<double>(ta.size() + tb.size() - shared);
  const auto& la = a.location;
  const auto& lb = b.location;
  if (la.latitude && la.longitude && lb.latitude && lb.longitude) {
    const double d = distance_m(*la.latitude, *la.longitude, *lb.latitude, *lb.longitude);
    if (d <= 500) {
      score = std::min(1.0, score + 0.3);
    } else if (d > 5000) {
      score *= 0.5;
    }
  }
  return score;
}

std::string new_tracking_code() {
  std::string raw = crypto::random_code(kCodeLength, kCodeAlphabet);
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::optional<std::string> normalize_tracking_code(const std::string& text) {
  std::string raw;
  for (char ch : text) {
    if (ch == '-' || ch == ' ') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (u == 'I' || u == 'L') u = '1';
    if (u == 'O') u = '0';
    if (kCodeAlphabet.find(u) == std::string_view::npos) return std::nullopt;
    raw += u;
    if (raw.size() > kCodeLength) return std::nullopt;
  }
  if (raw.size() != kCodeLength) return std::nullopt;
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::string new_public_id() {
  std::string raw = crypto::random_code(kPublicIdLength, kCodeAlphabet);
  return std::string(kPublicIdPrefix) + "-" + raw.substr(0, 5) + "-" + raw.substr(5, 5);
}

std::optional<std::string> normalize_public_id(const std::string& text) {
  std::string raw;
  for (char ch : text) {
    if (ch == '-' || ch == ' ') continue;
    raw += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (raw.size() > kPublicIdPrefix.size() + kPublicIdLength) return std::nullopt;
  }
  if (raw.size() != kPublicIdPrefix.size() + kPublicIdLength || raw.rfind(kPublicIdPrefix, 0) != 0) {
    return std::nullopt;
  }
  std::string id = raw.substr(kPublicIdPrefix.size());
  for (char& u : id) {
    if (u == 'I' || u == 'L') u = '1';
    if (u == 'O') u = '0';
    if (kCodeAlphabet.find(u) == std::string_view::npos) return std::nullopt;
  }
  return std::string(kPublicIdPrefix) + "-" + id.substr(0, 5) + "-" + id.substr(5, 5);
}

std::optional<Contact> parse_contact(const std::string& text) {
  std::string s;
  for (char ch : text) {
    if (!std::isspace(static_cast<unsigned char>(ch))) s += ch;
  }
  if (s.empty() || s.size() > 254) return std::nullopt;
  if (auto atpos = s.find('@'); atpos != std::string::npos) {
    const std::string local = s.substr(0, atpos), domain = s.substr(atpos + 1);
    if (local.empty() || domain.find('@') != std::string::npos || domain.find('.') == std::string::npos ||
        domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos) {
      return std::nullopt;
    }
    for (char ch : s) {
      if (static_cast<unsigned char>(ch) < 0x21 || ch == '<' || ch == '>' || ch == ',' || ch == ';' || ch == '"') {
        return std::nullopt;
      }
    }
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return Contact{"email", s};
  }
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '+' && i == 0) continue;
    if (ch == '-' || ch == '.' || ch == '(' || ch == ')') continue;
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    digits += ch;
  }
  std::string national;
  if (digits.rfind("62", 0) == 0) {
    national = digits.substr(2);
  } else if (digits.rfind("0", 0) == 0) {
    national = digits.substr(1);
  } else {
    return std::nullopt;
  }
  // Indonesian mobile numbers: 8xx, 9 to 12 digits after the country code.
  if (national.size() < 9 || national.size() > 12 || national[0] != '8') return std::nullopt;
  return Contact{"sms", "+62" + national};
}

std::string mask_contact(const std::string& contact) {
  if (auto atpos = contact.find('@'); atpos != std::string::npos) {
    return contact.substr(0, std::min<size_t>(1, atpos)) + "***" + contact.substr(atpos);
  }
  if (contact.size() < 9) return "***";
  return contact.substr(0, 6) + "****" + contact.substr(contact.size() - 3);
}

}  // namespace layan::complaints
