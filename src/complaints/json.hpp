#pragma once

#include <nlohmann/json.hpp>

#include "complaints/service.hpp"

namespace layan::complaints {

// A complaint as the JSON API shows it. Never holds the reporter: that is
// added by view_json() only when the view carries it.
nlohmann::json to_json(const Complaint& c);
// A view: the complaint, its timeline, attachments (with download paths under
// `attachment_base`), the actions the viewer may take, and the reporter when
// the viewer may see it.
nlohmann::json view_json(const ComplaintView& v, const std::string& attachment_base);
nlohmann::json to_json(const Event& e);

}  // namespace layan::complaints
