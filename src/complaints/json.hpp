#pragma once

#include <nlohmann/json.hpp>

#include "complaints/service.hpp"

namespace layan::complaints {

// A complaint as the JSON API shows it in lists and answers to actions. Never
// holds the reporter (added by view_json() only when the view carries it),
// nor the tracking code: no list shows the reporter's secret.
nlohmann::json to_json(const Complaint& c);
// to_json() with `tracking_code`: for the answer to the reporter's own
// submission and for single-report views (whose viewer holds the code or may
// read the whole report).
nlohmann::json with_tracking_code(const Complaint& c);
// A view: the complaint, its timeline, attachments (with download paths under
// `attachment_base`), the actions the viewer may take, and the reporter when
// the viewer may see it.
nlohmann::json view_json(const ComplaintView& v, const std::string& attachment_base);
nlohmann::json to_json(const Event& e);

}  // namespace layan::complaints
