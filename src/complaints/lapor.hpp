#pragma once

// The bridge to SP4N-LAPOR!, the national complaint channel (KepmenPANRB
// 680/2020 made it the single national channel; a mall works alongside it):
// the desk forwards a report out as a documented export and records LAPOR!'s
// tracking number; LAPOR! sends dispositions in through an API key. See
// docs/lapor.md for the document and the field mapping.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "complaints/service.hpp"

namespace layan::complaints {

// The export document's format name; a consumer checks it before reading.
inline constexpr const char* kLaporExportFormat = "layan-lapor-export/1";

// ---- Pure mapping rules

// LAPOR!'s classification (kategori) of a report: "aspirasi", "pengaduan" or
// "permintaan_informasi". Whistle-blowing is a pengaduan (sent as rahasia).
const char* lapor_category(Type t);

// LAPOR!'s two privacy flags. anonim: the reporter's identity is hidden;
// rahasia: the report is not public. A rahasia report (and whistle-blowing)
// is both, because layan never lets a confidential reporter's identity out.
struct LaporFlags {
  bool anonim = false;
  bool rahasia = false;
};
LaporFlags lapor_flags(const Complaint& c);

// Whether `id` can be a LAPOR! tracking number: 1 to 64 characters of
// letters, digits and - _ . / #, starting with a letter, digit or #.
bool valid_lapor_tracking_id(const std::string& id);

// ---- Export (the verification desk forwards a report)

struct LaporExport {
  ComplaintView view;       // the desk's view; its reporter is present only for privacy biasa
  std::string agency_name;  // the responsible agency, else the one the reporter named; empty: none
  std::optional<int64_t> agency_id;
  std::string public_url;  // Config::public_url, for absolute attachment URLs
  std::string generated_at;
};

// The document for `id` (kVerifyComplaints: the desk only). Attachments are
// those of the report and of the reporter's later additions, never staff
// files. The reporter is included only when the privacy is biasa (and it is
// not whistle-blowing); otherwise the document holds no identity at all.
Result<LaporExport> lapor_export(App& app, const Principal& who, int64_t id);
// The export as JSON ("layan-lapor-export/1", see docs/lapor.md). Pure.
nlohmann::json to_json(const LaporExport& e);

// Records that the desk forwarded complaint `id` to LAPOR! under
// `lapor_tracking_id`: sets it, adds an internal timeline note and an audit
// event, in one transaction. kConflict when the complaint has a LAPOR!
// number already, or another complaint has this one; kValidation for a
// malformed number.
Result<Complaint> mark_forwarded(App& app, const Principal& who, int64_t id, const std::string& lapor_tracking_id);

// ---- Incoming dispositions

struct LaporDisposition {
  std::string lapor_tracking_id;
  std::string title, description;
  std::string type = "pengaduan";
  std::string privacy = "rahasia";  // privacy by default
  std::optional<int64_t> agency_id;
  std::string agency_slug;  // instead of agency_id
  std::optional<int64_t> service_id;
  std::optional<double> latitude, longitude;
  std::string address, event_date;
  std::string reporter_name, reporter_email, reporter_phone;
  std::string submitted_at;  // when LAPOR! received it (UTC "YYYY-MM-DDTHH:MM:SSZ"), optional
};

struct Received {
  Complaint complaint;
  bool replayed = false;  // the LAPOR! number was known: the existing complaint
};

// Creates the complaint that LAPOR! dispositioned to an agency of this mall:
// channel "lapor", already verified and at_agency with the follow-up deadline
// running, with timeline and audit events; the agency's admins are told.
// Needs kReceiveDispositions (an API key; a key tied to an agency only for
// that agency). Idempotent on lapor_tracking_id: a repeat returns the first
// complaint (replayed) when a disposition for the same agency created it, of
// which the caller may show only the id and status; kConflict, telling
// nothing of it, when the number belongs to any other report (one the desk
// forwarded to LAPOR!, or one for another agency).
Result<Received> receive_disposition(App& app, const Principal& who, LaporDisposition in);

}  // namespace layan::complaints
