#include "complaints/json.hpp"

namespace layan::complaints {
namespace {

using nlohmann::json;

json nullable(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json ref(std::optional<int64_t> id, const std::string& name) {
  if (!id) return nullptr;
  return {{"id", *id}, {"name", name}};
}

}  // namespace

json to_json(const Complaint& c) {
  json location = nullptr;
  if (c.location.latitude || !c.location.address.empty()) {
    location = {{"latitude", c.location.latitude ? json(*c.location.latitude) : json(nullptr)},
                {"longitude", c.location.longitude ? json(*c.location.longitude) : json(nullptr)},
                {"address", c.location.address}};
  }
  return {{"id", c.id},
          {"public_id", c.public_id},
          {"type", to_string(c.type)},
          {"privacy", to_string(c.privacy)},
          {"status", to_string(c.status)},
          {"title", c.title},
          {"description", c.description},
          {"service", ref(c.service_id, c.service_name)},
          {"agency", ref(c.agency_id, c.agency_name)},
          {"unit", ref(c.unit_id, c.unit_name)},
          {"location", location},
          {"event_date", nullable(c.event_date)},
          {"channel", c.channel},
          {"lapor_tracking_id", nullable(c.lapor_tracking_id)},
          {"duplicate_of", c.duplicate_of ? json(*c.duplicate_of) : json(nullptr)},
          {"submitted_at", c.submitted_at},
          {"verified_at", nullable(c.verified_at)},
          {"dispositioned_at", nullable(c.dispositioned_at)},
          {"first_response_at", nullable(c.first_response_at)},
          {"resolved_at", nullable(c.resolved_at)},
          {"closed_at", nullable(c.closed_at)},
          {"updated_at", c.updated_at},
          {"deadlines",
           {{"verify", nullable(c.verify_due_at)},
            {"follow_up", nullable(c.follow_up_due_at)},
            {"auto_close", nullable(c.auto_close_at)},
            {"complete", nullable(c.complete_due_at)}}},
          {"rating", c.rating ? json(*c.rating) : json(nullptr)},
          {"version", c.version}};
}

json to_json(const Event& e) {
  json j = {{"id", e.id},
            {"at", e.at},
            {"kind", to_string(e.kind)},
            {"actor", to_string(e.actor)},
            {"from_status", nullable(e.from_status)},
            {"to_status", nullable(e.to_status)},
            {"internal", e.internal},
            {"message", e.message}};
  if (!e.actor_label.empty()) j["actor_name"] = e.actor_label;
  if (e.related_id) j["related_id"] = *e.related_id;
  return j;
}

json with_tracking_code(const Complaint& c) {
  json j = to_json(c);
  j["tracking_code"] = c.tracking_code;
  return j;
}

json view_json(const ComplaintView& v, const std::string& attachment_base) {
  json j = with_tracking_code(v.complaint);
  json events = json::array();
  for (const auto& e : v.events) events.push_back(to_json(e));
  j["events"] = events;
  json attachments = json::array();
  for (const auto& a : v.attachments) {
    attachments.push_back({{"id", a.id},
                           {"filename", a.filename},
                           {"mime", a.mime},
                           {"size", a.size},
                           {"event_id", a.event_id ? json(*a.event_id) : json(nullptr)},
                           {"url", attachment_base + std::to_string(a.id)}});
  }
  j["attachments"] = attachments;
  json actions = json::array();
  for (Transition t : v.available) actions.push_back(to_string(t));
  j["available_actions"] = actions;
  if (v.escalations) j["escalations"] = v.escalations;
  if (v.overdue) j["overdue"] = {{"deadline", to_string(v.overdue->deadline)}, {"due_at", v.overdue->due_at}};
  if (v.reporter) {
    j["reporter"] = {{"name", v.reporter->name}, {"email", v.reporter->email}, {"phone", v.reporter->phone}};
  }
  if (!v.reporter_contact_masked.empty()) j["reporter_contact"] = v.reporter_contact_masked;
  if (v.text_withheld) j["text_withheld"] = true;
  return j;
}

}  // namespace layan::complaints
