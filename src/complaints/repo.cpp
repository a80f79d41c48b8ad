#include "complaints/repo.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace layan::complaints::repo {
namespace {

// Nullable columns are read through COALESCE so that typed into() needs no
// indicators: 0 for "no id", '' for "no time".
constexpr const char* kComplaintSelect =
    "SELECT c.id, c.public_id, c.tracking_code, c.type, c.privacy, c.status, c.title, c.description, "
    "COALESCE(c.service_id, 0), COALESCE(c.target_agency_id, 0), COALESCE(c.agency_id, 0), COALESCE(c.unit_id, 0), "
    "c.latitude, c.longitude, c.address, c.event_date, c.channel, COALESCE(c.lapor_tracking_id, ''), "
    "COALESCE(c.duplicate_of, 0), c.submitted_at, COALESCE(c.verified_at, ''), COALESCE(c.dispositioned_at, ''), "
    "COALESCE(c.first_response_at, ''), COALESCE(c.resolved_at, ''), COALESCE(c.closed_at, ''), c.updated_at, "
    "COALESCE(c.verify_due_at, ''), COALESCE(c.follow_up_due_at, ''), COALESCE(c.auto_close_at, ''), "
    "COALESCE(c.complete_due_at, ''), COALESCE(c.rating, 0), c.rating_comment, c.version, c.contact_hash, "
    "COALESCE(s.name, ''), COALESCE(a.name, ''), COALESCE(u.name, '') "
    "FROM complaints c LEFT JOIN services s ON s.id = c.service_id LEFT JOIN agencies a ON a.id = c.agency_id "
    "LEFT JOIN units u ON u.id = c.unit_id ";

struct ComplaintRow {
  long long id = 0, service_id = 0, target_agency_id = 0, agency_id = 0, unit_id = 0, duplicate_of = 0;
  std::string public_id, tracking_code, type, privacy, status, title, description;
  double latitude = 0, longitude = 0;
  soci::indicator lat_ind = soci::i_null, long_ind = soci::i_null;
  std::string address, event_date, channel, lapor_tracking_id;
  std::string submitted_at, verified_at, dispositioned_at, first_response_at, resolved_at, closed_at, updated_at;
  std::string verify_due_at, follow_up_due_at, auto_close_at, complete_due_at;
  int rating = 0, version = 0;
  std::string rating_comment, contact_hash, service_name, agency_name, unit_name;

  static std::optional<int64_t> id_or_none(long long v) {
    if (v == 0) return std::nullopt;
    return v;
  }

  Complaint to_complaint() const {
    Complaint c;
    c.id = id;
    c.public_id = public_id;
    c.tracking_code = tracking_code;
    c.type = parse_type(type).value_or(Type::kPengaduan);
    c.privacy = parse_privacy(privacy).value_or(Privacy::kRahasia);
    c.status = parse_status(status).value_or(Status::kSubmitted);
    c.title = title;
    c.description = description;
    c.service_id = id_or_none(service_id);
    c.target_agency_id = id_or_none(target_agency_id);
    c.agency_id = id_or_none(agency_id);
    c.unit_id = id_or_none(unit_id);
    if (lat_ind == soci::i_ok && long_ind == soci::i_ok) {
      c.location.latitude = latitude;
      c.location.longitude = longitude;
    }
    c.location.address = address;
    c.event_date = event_date;
    c.channel = channel;
    c.lapor_tracking_id = lapor_tracking_id;
    c.duplicate_of = id_or_none(duplicate_of);
    c.submitted_at = submitted_at;
    c.verified_at = verified_at;
    c.dispositioned_at = dispositioned_at;
    c.first_response_at = first_response_at;
    c.resolved_at = resolved_at;
    c.closed_at = closed_at;
    c.updated_at = updated_at;
    c.verify_due_at = verify_due_at;
    c.follow_up_due_at = follow_up_due_at;
    c.auto_close_at = auto_close_at;
    c.complete_due_at = complete_due_at;
    if (rating > 0) c.rating = rating;
    c.rating_comment = rating_comment;
    c.version = version;
    c.contact_hash = contact_hash;
    c.service_name = service_name;
    c.agency_name = agency_name;
    c.unit_name = unit_name;
    return c;
  }
};

#define LAYAN_COMPLAINT_INTO(r)                                                                                        \
  soci::into((r).id), soci::into((r).public_id), soci::into((r).tracking_code), soci::into((r).type),                  \
      soci::into((r).privacy), soci::into((r).status), soci::into((r).title), soci::into((r).description),             \
      soci::into((r).service_id), soci::into((r).target_agency_id), soci::into((r).agency_id),                         \
      soci::into((r).unit_id), soci::into((r).latitude, (r).lat_ind), soci::into((r).longitude, (r).long_ind),         \
      soci::into((r).address), soci::into((r).event_date), soci::into((r).channel), soci::into((r).lapor_tracking_id), \
      soci::into((r).duplicate_of), soci::into((r).submitted_at), soci::into((r).verified_at),                         \
      soci::into((r).dispositioned_at), soci::into((r).first_response_at), soci::into((r).resolved_at),                \
      soci::into((r).closed_at), soci::into((r).updated_at), soci::into((r).verify_due_at),                            \
      soci::into((r).follow_up_due_at), soci::into((r).auto_close_at), soci::into((r).complete_due_at),                \
      soci::into((r).rating), soci::into((r).rating_comment), soci::into((r).version), soci::into((r).contact_hash),   \
      soci::into((r).service_name), soci::into((r).agency_name), soci::into((r).unit_name)

template <typename Key>
std::optional<Complaint> one_complaint(soci::session& sql, const char* where, const Key& key) {
  ComplaintRow r;
  sql << kComplaintSelect << where, soci::use(key), LAYAN_COMPLAINT_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_complaint();
}

// Binds an optional id as NULL when absent.
struct OptId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  explicit OptId(std::optional<int64_t> v) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
};

struct OptDouble {
  double value = 0;
  soci::indicator ind = soci::i_null;
  explicit OptDouble(std::optional<double> v) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
};

// Empty strings are stored as NULL for the nullable time columns.
struct OptText {
  std::string value;
  soci::indicator ind = soci::i_null;
  explicit OptText(const std::string& v) : value(v) {
    if (!v.empty()) ind = soci::i_ok;
  }
};

// Adds each into/use element to a statement built piece by piece.
template <typename... Elements>
void exchange_all(soci::statement& st, Elements&&... elements) {
  (st.exchange(std::forward<Elements>(elements)), ...);
}

std::string join_quoted_list_placeholders(size_t n, const char* prefix) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", :" : ":") + std::string(prefix) + std::to_string(i);
  return out;
}

}  // namespace

int64_t insert_complaint(soci::session& sql, const NewComplaintRow& row) {
  const Complaint& c = row.complaint;
  long long id = 0;
  OptId service(c.service_id), target(c.target_agency_id), agency(c.agency_id), unit(c.unit_id);
  OptDouble lat(c.location.latitude), lon(c.location.longitude);
  OptText lapor(c.lapor_tracking_id), idem(row.idempotency_hash), verify_due(c.verify_due_at),
      complete_due(c.complete_due_at), verified(c.verified_at), dispositioned(c.dispositioned_at),
      follow_up_due(c.follow_up_due_at);
  std::string type = to_string(c.type), privacy = to_string(c.privacy), status = to_string(c.status);
  sql << "INSERT INTO complaints (public_id, tracking_code, type, privacy, status, title, description, service_id, "
         "target_agency_id, agency_id, unit_id, latitude, longitude, address, event_date, channel, lapor_tracking_id, "
         "idempotency_hash, contact_hash, submitted_at, verified_at, dispositioned_at, updated_at, verify_due_at, "
         "follow_up_due_at, complete_due_at, search_text) VALUES (:public_id, :code, :type, :privacy, :status, :title, "
         ":descr, "
         ":service, :target, :agency, :unit, :lat, :lon, :addr, :event, :channel, :lapor, :idem, :contact, :sub, "
         ":ver, :disp, :upd, :vdue, :fdue, :cdue, :search) RETURNING id",
      soci::use(c.public_id), soci::use(c.tracking_code), soci::use(type), soci::use(privacy), soci::use(status),
      soci::use(c.title), soci::use(c.description), soci::use(service.value, service.ind),
      soci::use(target.value, target.ind), soci::use(agency.value, agency.ind), soci::use(unit.value, unit.ind),
      soci::use(lat.value, lat.ind), soci::use(lon.value, lon.ind), soci::use(c.location.address),
      soci::use(c.event_date), soci::use(c.channel), soci::use(lapor.value, lapor.ind), soci::use(idem.value, idem.ind),
      soci::use(row.contact_hash), soci::use(c.submitted_at), soci::use(verified.value, verified.ind),
      soci::use(dispositioned.value, dispositioned.ind), soci::use(c.submitted_at),
      soci::use(verify_due.value, verify_due.ind), soci::use(follow_up_due.value, follow_up_due.ind),
      soci::use(complete_due.value, complete_due.ind), soci::use(row.search_text), soci::into(id);
  OptId user(row.reporter.user_id);
  sql << "INSERT INTO complaint_reporters (complaint_id, user_id, name, email, phone) VALUES (:c, :u, :n, :e, :p)",
      soci::use(id), soci::use(user.value, user.ind), soci::use(row.reporter.name), soci::use(row.reporter.email),
      soci::use(row.reporter.phone);
  return id;
}

std::optional<Complaint> find_complaint(soci::session& sql, int64_t id) {
  long long key = id;
  return one_complaint(sql, "WHERE c.id = :id", key);
}

std::optional<Complaint> find_by_code(soci::session& sql, const std::string& tracking_code) {
  return one_complaint(sql, "WHERE c.tracking_code = :code", tracking_code);
}

std::optional<Complaint> find_by_public_id(soci::session& sql, const std::string& public_id) {
  return one_complaint(sql, "WHERE c.public_id = :public_id", public_id);
}

std::optional<Complaint> find_by_idempotency(soci::session& sql, const std::string& idempotency_hash) {
  return one_complaint(sql, "WHERE c.idempotency_hash = :h", idempotency_hash);
}

std::optional<Complaint> find_by_lapor_id(soci::session& sql, const std::string& lapor_tracking_id) {
  return one_complaint(sql, "WHERE c.lapor_tracking_id = :l", lapor_tracking_id);
}

bool update_complaint(soci::session& sql, const Complaint& c) {
  OptId agency(c.agency_id), unit(c.unit_id), dup(c.duplicate_of);
  OptText verified(c.verified_at), dispositioned(c.dispositioned_at), first_response(c.first_response_at),
      resolved(c.resolved_at), closed(c.closed_at), verify_due(c.verify_due_at), follow_up_due(c.follow_up_due_at),
      auto_close(c.auto_close_at), complete_due(c.complete_due_at);
  int rating = c.rating.value_or(0);
  soci::indicator rating_ind = c.rating ? soci::i_ok : soci::i_null;
  std::string status = to_string(c.status), privacy = to_string(c.privacy);
  long long id = c.id;
  int version = c.version;
  soci::statement st =
      (sql.prepare << "UPDATE complaints SET status = :status, privacy = :privacy, agency_id = :agency, "
                      "unit_id = :unit, duplicate_of = :dup, verified_at = :ver, dispositioned_at = :disp, "
                      "first_response_at = :first, resolved_at = :res, closed_at = :closed, updated_at = :upd, "
                      "verify_due_at = :vdue, follow_up_due_at = :fdue, auto_close_at = :adue, "
                      "complete_due_at = :cdue, rating = :rating, rating_comment = :rc, version = version + 1 "
                      "WHERE id = :id AND version = :version",
       soci::use(status), soci::use(privacy), soci::use(agency.value, agency.ind), soci::use(unit.value, unit.ind),
       soci::use(dup.value, dup.ind), soci::use(verified.value, verified.ind),
       soci::use(dispositioned.value, dispositioned.ind), soci::use(first_response.value, first_response.ind),
       soci::use(resolved.value, resolved.ind), soci::use(closed.value, closed.ind), soci::use(c.updated_at),
       soci::use(verify_due.value, verify_due.ind), soci::use(follow_up_due.value, follow_up_due.ind),
       soci::use(auto_close.value, auto_close.ind), soci::use(complete_due.value, complete_due.ind),
       soci::use(rating, rating_ind), soci::use(c.rating_comment), soci::use(id), soci::use(version));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Reporter find_reporter(soci::session& sql, int64_t complaint_id) {
  long long key = complaint_id, user = 0;
  Reporter r;
  sql << "SELECT COALESCE(user_id, 0), name, email, phone FROM complaint_reporters WHERE complaint_id = :c",
      soci::use(key), soci::into(user), soci::into(r.name), soci::into(r.email), soci::into(r.phone);
  if (user) r.user_id = user;
  return r;
}

void update_search_text(soci::session& sql, int64_t complaint_id, const std::string& search_text) {
  long long key = complaint_id;
  sql << "UPDATE complaints SET search_text = :s WHERE id = :id", soci::use(search_text), soci::use(key);
}

namespace {

// The filter as fixed placeholders: "(:flag = 0 OR condition)" keeps one
// statement text per filter shape, and values are always bound.
struct FilterBinds {
  int has_agency = 0, has_unit = 0, has_user = 0, has_type = 0, public_only = 0, has_service = 0, has_overdue = 0;
  long long agency = 0, unit = 0, user = 0, service = 0;
  std::string type, overdue_at, overdue_at2, overdue_at3, from, from2, to, to2;
  std::vector<std::string> patterns;  // LIKE patterns of the terms
  std::string where;

  explicit FilterBinds(const ListFilter& f) {
    has_agency = f.agency_id ? 1 : 0;
    agency = f.agency_id.value_or(0);
    has_unit = f.unit_id ? 1 : 0;
    unit = f.unit_id.value_or(0);
    has_user = f.reporter_user_id ? 1 : 0;
    user = f.reporter_user_id.value_or(0);
    has_type = f.type ? 1 : 0;
    type = f.type.value_or("");
    public_only = f.public_only ? 1 : 0;
    has_service = f.service_id ? 1 : 0;
    service = f.service_id.value_or(0);
    has_overdue = f.overdue_at.empty() ? 0 : 1;
    overdue_at = overdue_at2 = overdue_at3 = f.overdue_at;
    from = from2 = f.submitted_from;
    to = to2 = f.submitted_to;
    where =
        "WHERE (:has_agency = 0 OR c.agency_id = :agency) AND (:has_unit = 0 OR c.unit_id = :unit) "
        "AND (:has_user = 0 OR c.id IN (SELECT complaint_id FROM complaint_reporters WHERE user_id = :user)) "
        "AND (:has_type = 0 OR c.type = :type) AND (:has_service = 0 OR c.service_id = :service) "
        "AND (:public_only = 0 OR (c.privacy <> 'rahasia' AND c.type <> 'whistleblowing' AND c.status IN "
        "('verified', 'at_agency', 'at_unit', 'in_progress', 'resolved', 'closed'))) "
        "AND (:has_overdue = 0 OR (c.status IN ('submitted', 'verified', 'not_our_authority', 'at_agency', "
        "'at_unit', 'in_progress') AND (c.verify_due_at < :od1 OR c.follow_up_due_at < :od2 OR "
        "c.complete_due_at < :od3))) "
        "AND (:from = '' OR c.submitted_at >= :from2) AND (:to = '' OR c.submitted_at < :to2) ";
    if (!f.statuses.empty())
      where += "AND c.status IN (" + join_quoted_list_placeholders(f.statuses.size(), "st") + ") ";
    for (size_t i = 0; i < f.terms.size(); ++i) {
      where += "AND c.search_text LIKE :term" + std::to_string(i) + " ";
      // Terms hold only letters and digits (search_terms()): no LIKE wildcards.
      patterns.push_back("%" + f.terms[i] + "%");
    }
  }

  void bind(soci::statement& st, const ListFilter& f) {
    st.exchange(soci::use(has_agency));
    st.exchange(soci::use(agency));
    st.exchange(soci::use(has_unit));
    st.exchange(soci::use(unit));
    st.exchange(soci::use(has_user));
    st.exchange(soci::use(user));
    st.exchange(soci::use(has_type));
    st.exchange(soci::use(type));
    st.exchange(soci::use(has_service));
    st.exchange(soci::use(service));
    st.exchange(soci::use(public_only));
    st.exchange(soci::use(has_overdue));
    st.exchange(soci::use(overdue_at));
    st.exchange(soci::use(overdue_at2));
    st.exchange(soci::use(overdue_at3));
    st.exchange(soci::use(from));
    st.exchange(soci::use(from2));
    st.exchange(soci::use(to));
    st.exchange(soci::use(to2));
    for (const auto& s : f.statuses) st.exchange(soci::use(s));
    for (const auto& p : patterns) st.exchange(soci::use(p));
  }
};

}  // namespace

std::vector<Complaint> list_complaints(soci::session& sql, const ListFilter& f,
                                       const std::optional<std::pair<std::string, int64_t>>& before, int limit) {
  FilterBinds b(f);
  int has_before = before ? 1 : 0;
  std::string before_at = before ? before->first : "", before_at2 = before_at;
  long long before_id = before ? before->second : 0;
  std::string text = std::string(kComplaintSelect) + b.where +
                     "AND (:has_before = 0 OR c.submitted_at < :bat OR (c.submitted_at = :bat2 AND c.id < :bid)) "
                     "ORDER BY c.submitted_at DESC, c.id DESC LIMIT :lim";
  ComplaintRow r;
  soci::statement st(sql);
  st.alloc();
  st.prepare(text);
  exchange_all(st, LAYAN_COMPLAINT_INTO(r));
  b.bind(st, f);
  st.exchange(soci::use(has_before));
  st.exchange(soci::use(before_at));
  st.exchange(soci::use(before_at2));
  st.exchange(soci::use(before_id));
  st.exchange(soci::use(limit));
  st.define_and_bind();
  std::vector<Complaint> out;
  st.execute(false);
  while (st.fetch()) out.push_back(r.to_complaint());
  return out;
}

int64_t count_complaints(soci::session& sql, const ListFilter& f) {
  FilterBinds b(f);
  long long n = 0;
  soci::statement st(sql);
  st.alloc();
  st.prepare("SELECT COUNT(*) FROM complaints c " + b.where);
  st.exchange(soci::into(n));
  b.bind(st, f);
  st.define_and_bind();
  st.execute(true);
  return n;
}

std::vector<Complaint> similar_candidates(soci::session& sql, const Complaint& c, const std::string& since, int limit) {
  long long id = c.id, service = c.service_id.value_or(-1), agency = c.target_agency_id.value_or(-1),
            unit = c.unit_id.value_or(-1);
  std::vector<Complaint> out;
  ComplaintRow r;
  soci::statement st =
      (sql.prepare << kComplaintSelect
                   << "WHERE c.id <> :id AND c.submitted_at >= :since AND c.status NOT IN ('abuse', 'archived') "
                      "AND (c.service_id = :service OR c.target_agency_id = :agency OR c.unit_id = :unit) "
                      "ORDER BY c.submitted_at DESC, c.id DESC LIMIT :lim",
       soci::use(id), soci::use(since), soci::use(service), soci::use(agency), soci::use(unit), soci::use(limit),
       LAYAN_COMPLAINT_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_complaint());
  return out;
}

int64_t insert_event(soci::session& sql, const Event& e) {
  long long id = 0;
  OptId user(e.actor_user_id), agency(e.agency_id), unit(e.unit_id), related(e.related_id);
  std::string kind = to_string(e.kind), actor = to_string(e.actor);
  int internal = e.internal ? 1 : 0;
  long long complaint = e.complaint_id;
  sql << "INSERT INTO complaint_events (complaint_id, at, kind, actor, actor_user_id, actor_label, from_status, "
         "to_status, internal, message, agency_id, unit_id, related_id) VALUES (:c, :at, :kind, :actor, :user, "
         ":label, :from, :to, :internal, :msg, :agency, :unit, :rel) RETURNING id",
      soci::use(complaint), soci::use(e.at), soci::use(kind), soci::use(actor), soci::use(user.value, user.ind),
      soci::use(e.actor_label), soci::use(e.from_status), soci::use(e.to_status), soci::use(internal),
      soci::use(e.message), soci::use(agency.value, agency.ind), soci::use(unit.value, unit.ind),
      soci::use(related.value, related.ind), soci::into(id);
  return id;
}

namespace {

// The events matching `where` (one bound parameter :p), oldest first per
// complaint.
template <class Bound>
std::vector<Event> events_where(soci::session& sql, const std::string& where, const Bound& bound) {
  long long complaint = 0, id = 0, user = 0, agency = 0, unit = 0, related = 0;
  std::string at, kind, actor, label, from, to, message;
  int internal = 0;
  soci::statement st =
      (sql.prepare << "SELECT complaint_id, id, at, kind, actor, COALESCE(actor_user_id, 0), actor_label, from_status, "
                      "to_status, internal, message, COALESCE(agency_id, 0), COALESCE(unit_id, 0), "
                      "COALESCE(related_id, 0) FROM complaint_events WHERE "
                   << where << " ORDER BY complaint_id, id",
       soci::use(bound, "p"), soci::into(complaint), soci::into(id), soci::into(at), soci::into(kind),
       soci::into(actor), soci::into(user), soci::into(label), soci::into(from), soci::into(to), soci::into(internal),
       soci::into(message), soci::into(agency), soci::into(unit), soci::into(related));
  st.execute();
  std::vector<Event> out;
  while (st.fetch()) {
    Event e;
    e.id = id;
    e.complaint_id = complaint;
    e.at = at;
    e.kind = parse_transition(kind).value_or(Transition::kNote);
    for (ActorKind a : kAllActors) {
      if (actor == to_string(a)) e.actor = a;
    }
    if (user) e.actor_user_id = user;
    e.actor_label = label;
    e.from_status = from;
    e.to_status = to;
    e.internal = internal != 0;
    e.message = message;
    if (agency) e.agency_id = agency;
    if (unit) e.unit_id = unit;
    if (related) e.related_id = related;
    out.push_back(std::move(e));
  }
  return out;
}

std::string json_ids(const std::vector<int64_t>& ids) {
  return nlohmann::json(ids).dump();
}

}  // namespace

std::vector<Event> list_events(soci::session& sql, int64_t complaint_id) {
  const long long key = complaint_id;
  return events_where(sql, "complaint_id = :p", key);
}

std::vector<Event> list_events_of(soci::session& sql, store::Dialect dialect, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  return events_where(sql, store::in_json_array(dialect, "complaint_id", "p", true), json_ids(ids));
}

int64_t insert_attachment(soci::session& sql, const Attachment& a) {
  long long id = 0, complaint = a.complaint_id, size = a.size;
  OptId event(a.event_id);
  sql << "INSERT INTO complaint_attachments (complaint_id, event_id, sha256, filename, mime, size, created_at) "
         "VALUES (:c, :e, :h, :f, :m, :s, :at) RETURNING id",
      soci::use(complaint), soci::use(event.value, event.ind), soci::use(a.sha256), soci::use(a.filename),
      soci::use(a.mime), soci::use(size), soci::use(a.created_at), soci::into(id);
  return id;
}

namespace {
struct AttachmentRow {
  long long id = 0, complaint_id = 0, event_id = 0, size = 0;
  std::string sha256, filename, mime, created_at;
  Attachment to_attachment() const {
    Attachment a;
    a.id = id;
    a.complaint_id = complaint_id;
    if (event_id) a.event_id = event_id;
    a.sha256 = sha256;
    a.filename = filename;
    a.mime = mime;
    a.size = size;
    a.created_at = created_at;
    return a;
  }
};
#define LAYAN_ATTACHMENT_INTO(r)                                                                      \
  soci::into((r).id), soci::into((r).complaint_id), soci::into((r).event_id), soci::into((r).sha256), \
      soci::into((r).filename), soci::into((r).mime), soci::into((r).size), soci::into((r).created_at)
constexpr const char* kAttachmentSelect =
    "SELECT id, complaint_id, COALESCE(event_id, 0), sha256, filename, mime, size, created_at "
    "FROM complaint_attachments ";
}  // namespace

namespace {

// The attachments matching `where` (one bound parameter :p), by complaint.
template <class Bound>
std::vector<Attachment> attachments_where(soci::session& sql, const std::string& where, const Bound& bound) {
  AttachmentRow r;
  soci::statement st = (sql.prepare << kAttachmentSelect << "WHERE " << where << " ORDER BY complaint_id, id",
                        soci::use(bound, "p"), LAYAN_ATTACHMENT_INTO(r));
  st.execute();
  std::vector<Attachment> out;
  while (st.fetch()) out.push_back(r.to_attachment());
  return out;
}

}  // namespace

std::vector<Attachment> list_attachments(soci::session& sql, int64_t complaint_id) {
  const long long key = complaint_id;
  return attachments_where(sql, "complaint_id = :p", key);
}

std::vector<Attachment> list_attachments_of(soci::session& sql, store::Dialect dialect,
                                            const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  return attachments_where(sql, store::in_json_array(dialect, "complaint_id", "p", true), json_ids(ids));
}

std::vector<Complaint> find_by_public_ids(soci::session& sql, store::Dialect dialect,
                                          const std::vector<std::string>& public_ids) {
  if (public_ids.empty()) return {};
  const std::string list = nlohmann::json(public_ids).dump();
  ComplaintRow r;
  soci::statement st =
      (sql.prepare << kComplaintSelect << "WHERE " << store::in_json_array(dialect, "c.public_id", "p", false),
       soci::use(list, "p"), LAYAN_COMPLAINT_INTO(r));
  st.execute();
  std::vector<Complaint> out;
  while (st.fetch()) out.push_back(r.to_complaint());
  return out;
}

std::optional<Attachment> find_attachment(soci::session& sql, int64_t id) {
  long long key = id;
  AttachmentRow r;
  sql << kAttachmentSelect << "WHERE id = :id", soci::use(key), LAYAN_ATTACHMENT_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_attachment();
}

std::vector<Complaint> overdue(soci::session& sql, const std::string& now, int limit) {
  std::string a = now, b = now, c = now;
  ComplaintRow r;
  soci::statement st =
      (sql.prepare << kComplaintSelect
                   << "WHERE c.status IN ('submitted', 'verified', 'not_our_authority', 'at_agency', 'at_unit', "
                      "'in_progress') AND (c.verify_due_at < :a OR c.follow_up_due_at < :b OR "
                      "c.complete_due_at < :c) ORDER BY c.id LIMIT :lim",
       soci::use(a), soci::use(b), soci::use(c), soci::use(limit), LAYAN_COMPLAINT_INTO(r));
  st.execute();
  std::vector<Complaint> out;
  while (st.fetch()) out.push_back(r.to_complaint());
  return out;
}

bool record_escalation(soci::session& sql, int64_t complaint_id, Deadline d, const std::string& due_at, int level,
                       const std::string& at) {
  long long key = complaint_id;
  std::string deadline = to_string(d);
  // Portable "insert if absent": the primary key makes a concurrent second
  // insert fail, and the count tells this caller whether it won.
  soci::statement st = (sql.prepare << "INSERT INTO complaint_escalations (complaint_id, deadline, due_at, level, at) "
                                       "SELECT :c, :d, :due, :l, :at WHERE NOT EXISTS (SELECT 1 FROM "
                                       "complaint_escalations WHERE complaint_id = :c2 AND deadline = :d2 AND "
                                       "due_at = :due2 AND level = :l2)",
                        soci::use(key), soci::use(deadline), soci::use(due_at), soci::use(level), soci::use(at),
                        soci::use(key), soci::use(deadline), soci::use(due_at), soci::use(level));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

int reporter_additions_since(soci::session& sql, int64_t complaint_id, const std::string& since) {
  long long key = complaint_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaint_events WHERE complaint_id = :c AND actor = 'reporter' AND at >= :s AND "
         "kind IN ('reporter_reply', 'complete', 'reopen')",
      soci::use(key), soci::use(since), soci::into(n);
  return n;
}

int count_attachments(soci::session& sql, int64_t complaint_id) {
  long long key = complaint_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaint_attachments WHERE complaint_id = :c", soci::use(key), soci::into(n);
  return n;
}

int count_escalations(soci::session& sql, int64_t complaint_id) {
  long long key = complaint_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaint_escalations WHERE complaint_id = :c", soci::use(key), soci::into(n);
  return n;
}

std::vector<int64_t> due_for_auto_close(soci::session& sql, const std::string& now, int limit) {
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM complaints WHERE status = 'resolved' AND auto_close_at < :now "
                                       "ORDER BY id LIMIT :lim",
                        soci::use(now), soci::use(limit), soci::into(id));
  st.execute();
  std::vector<int64_t> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<std::pair<std::string, std::string>> escalation_recipients(soci::session& sql, int level,
                                                                       std::optional<int64_t> agency_id,
                                                                       std::optional<int64_t> unit_id) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string email, name;
  auto run = [&](const std::string& where, long long key) {
    soci::statement st =
        (sql.prepare << "SELECT email, name FROM users WHERE active = 1 AND " << where << " ORDER BY id",
         soci::use(key), soci::into(email), soci::into(name));
    st.execute();
    while (st.fetch()) out.emplace_back(email, name);
  };
  if (level == 1 && unit_id) {
    run("role = 'agency_admin' AND unit_id = :u", *unit_id);
    if (out.empty()) run("role = 'officer' AND unit_id = :u", *unit_id);
  }
  if (level == 2 || (level == 1 && out.empty() && agency_id)) {
    if (agency_id) run("role = 'agency_admin' AND unit_id IS NULL AND agency_id = :a", *agency_id);
  }
  if (level >= 3 || out.empty()) run("role = 'mpp_admin' AND id > :z", 0);
  return out;
}

int64_t insert_confirmation(soci::session& sql, const ContactConfirmation& c) {
  long long id = 0;
  sql << "INSERT INTO contact_confirmations (contact_hash, channel, contact, code_hash, client_hash, created_at, "
         "expires_at) VALUES (:h, :ch, :c, :code, :client, :at, :exp) RETURNING id",
      soci::use(c.contact_hash), soci::use(c.channel), soci::use(c.contact), soci::use(c.code_hash),
      soci::use(c.client_hash), soci::use(c.created_at), soci::use(c.expires_at), soci::into(id);
  return id;
}

namespace {
constexpr const char* kConfirmationSelect =
    "SELECT id, contact_hash, channel, contact, code_hash, client_hash, created_at, expires_at, "
    "COALESCE(confirmed_at, ''), attempts FROM contact_confirmations ";
template <typename Key>
std::optional<ContactConfirmation> one_confirmation(soci::session& sql, const char* where, const Key& key) {
  ContactConfirmation c;
  long long id = 0;
  sql << kConfirmationSelect << where, soci::use(key), soci::into(id), soci::into(c.contact_hash),
      soci::into(c.channel), soci::into(c.contact), soci::into(c.code_hash), soci::into(c.client_hash),
      soci::into(c.created_at), soci::into(c.expires_at), soci::into(c.confirmed_at), soci::into(c.attempts);
  if (!sql.got_data()) return std::nullopt;
  c.id = id;
  return c;
}
}  // namespace

std::optional<ContactConfirmation> find_confirmation(soci::session& sql, int64_t id) {
  long long key = id;
  return one_confirmation(sql, "WHERE id = :id", key);
}

std::optional<ContactConfirmation> find_confirmation_by_token(soci::session& sql, const std::string& token_hash) {
  return one_confirmation(sql, "WHERE token_hash = :t", token_hash);
}

void count_attempt(soci::session& sql, int64_t id) {
  long long key = id;
  sql << "UPDATE contact_confirmations SET attempts = attempts + 1 WHERE id = :id", soci::use(key);
}

void confirm(soci::session& sql, int64_t id, const std::string& token_hash, const std::string& at) {
  long long key = id;
  sql << "UPDATE contact_confirmations SET confirmed_at = :at, token_hash = :t WHERE id = :id", soci::use(at),
      soci::use(token_hash), soci::use(key);
}

int confirmations_since(soci::session& sql, const std::string& contact_hash, const std::string& client_hash,
                        const std::string& since, bool by_contact) {
  int n = 0;
  if (by_contact) {
    sql << "SELECT COUNT(*) FROM contact_confirmations WHERE contact_hash = :h AND created_at >= :s",
        soci::use(contact_hash), soci::use(since), soci::into(n);
  } else {
    sql << "SELECT COUNT(*) FROM contact_confirmations WHERE client_hash = :h AND created_at >= :s",
        soci::use(client_hash), soci::use(since), soci::into(n);
  }
  return n;
}

int submissions_by_contact_since(soci::session& sql, const std::string& contact_hash, const std::string& since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaints WHERE contact_hash = :h AND submitted_at >= :s", soci::use(contact_hash),
      soci::use(since), soci::into(n);
  return n;
}

int abuse_by_contact_since(soci::session& sql, const std::string& contact_hash, const std::string& since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaints WHERE contact_hash = :h AND status = 'abuse' AND updated_at >= :s",
      soci::use(contact_hash), soci::use(since), soci::into(n);
  return n;
}

int submissions_by_client_since(soci::session& sql, const std::string& client_hash, const std::string& since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM complaint_intake_log WHERE client_hash = :h AND at >= :s", soci::use(client_hash),
      soci::use(since), soci::into(n);
  return n;
}

void log_submission(soci::session& sql, const std::string& client_hash, const std::string& at) {
  sql << "INSERT INTO complaint_intake_log (client_hash, at) VALUES (:h, :at)", soci::use(client_hash), soci::use(at);
}

void prune_intake(soci::session& sql, const std::string& before) {
  sql << "DELETE FROM contact_confirmations WHERE created_at < :b", soci::use(before);
  sql << "DELETE FROM complaint_intake_log WHERE at < :b", soci::use(before);
}

std::vector<StatusCount> count_by_status(soci::session& sql, const std::string& from, const std::string& to) {
  std::string status;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT status, COUNT(*) FROM complaints WHERE submitted_at >= :f AND "
                                       "submitted_at < :t GROUP BY status ORDER BY status",
                        soci::use(from), soci::use(to), soci::into(status), soci::into(n));
  st.execute();
  std::vector<StatusCount> out;
  while (st.fetch()) out.push_back({status, n});
  return out;
}

std::vector<MonthRow> monthly_by_agency(soci::session& sql, store::Dialect dialect, const std::string& from,
                                        const std::string& to, int utc_offset_hours) {
  // Every complaint once, under its current agency (0: none). Closed = closed,
  // or archived after closing (closed_at stays; reopening clears it). The
  // offset is a small integer from the configuration, never request input.
  const std::string hours = std::to_string(std::clamp(utc_offset_hours, -12, 14));
  const std::string month_expr =
      dialect == store::Dialect::kSqlite
          ? "strftime('%Y-%m', c.submitted_at, '" + hours + " hours')"
          : "to_char(CAST(c.submitted_at AS timestamp) + interval '" + hours + " hours', 'YYYY-MM')";
  std::string month, agency_name;
  long long agency_id = 0, received = 0, closed = 0, in_time = 0;
  soci::statement st =
      (sql.prepare << "SELECT " << month_expr
                   << " AS month, COALESCE(c.agency_id, 0) AS agency, "
                      "COALESCE(a.name, '') AS agency_name, COUNT(*), "
                      "SUM(CASE WHEN c.status IN ('closed', 'archived') AND c.closed_at IS NOT NULL THEN 1 ELSE 0 "
                      "END), SUM(CASE WHEN c.status IN ('closed', 'archived') AND c.closed_at IS NOT NULL AND "
                      "c.complete_due_at IS NOT NULL AND c.closed_at <= c.complete_due_at THEN 1 ELSE 0 END) "
                      "FROM complaints c LEFT JOIN agencies a ON a.id = c.agency_id "
                      "WHERE c.submitted_at >= :f AND c.submitted_at < :t "
                      "GROUP BY "
                   << month_expr
                   << ", COALESCE(c.agency_id, 0), COALESCE(a.name, '') "
                      "ORDER BY month, agency_name, agency",
       soci::use(from), soci::use(to), soci::into(month), soci::into(agency_id), soci::into(agency_name),
       soci::into(received), soci::into(closed), soci::into(in_time));
  st.execute();
  std::vector<MonthRow> out;
  while (st.fetch()) out.push_back({month, agency_id, agency_name, received, closed, in_time});
  return out;
}

bool set_lapor_tracking_id(soci::session& sql, int64_t complaint_id, const std::string& lapor_tracking_id,
                           const std::string& at) {
  long long id = complaint_id;
  soci::statement st = (sql.prepare << "UPDATE complaints SET lapor_tracking_id = :l, updated_at = :at, "
                                       "version = version + 1 WHERE id = :id AND lapor_tracking_id IS NULL",
                        soci::use(lapor_tracking_id), soci::use(at), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace layan::complaints::repo
