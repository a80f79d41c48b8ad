#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/model.hpp"
#include "web/context.hpp"

namespace layan::catalogue {

// How the catalogue's pages show and read values. The pure functions are
// unit-tested (tests/unit/catalogue_page_format_test.cpp); the ones taking a
// RequestContext only add the page language's words.

// "Rp 30.000": dots as thousands separators, as Indonesians write rupiah.
std::string format_rupiah(int64_t amount);

// Reads a rupiah amount as people type it: "30000", "30.000", "Rp 30.000".
// nullopt when it is not a whole, non-negative number of rupiah.
std::optional<int64_t> parse_rupiah(const std::string& text);

// Reads a non-negative whole number ("12"); nullopt otherwise or above 1e9.
std::optional<int> parse_count(const std::string& text);

// One item per line, an optional note after " | ": the textarea form of
// requirements and procedure, so editing works without JavaScript. Blank
// lines are skipped; text and note are trimmed.
std::vector<Item> parse_item_lines(const std::string& text);
std::string item_lines(const std::vector<Item>& items);

// Leading and trailing spaces, tabs and line breaks removed.
std::string trim(const std::string& s);

// Non-empty lines of a text, trimmed: long texts are shown as paragraphs.
std::vector<std::string> paragraphs(const std::string& text);

// ---- Words in the page language.

// "1 hari kerja", "30 menit", "2 hours".
std::string format_duration(const web::RequestContext& ctx, int value, DurationUnit unit);
// "23 November 2026" from "2026-11-23"; other text is returned unchanged.
std::string format_date_text(const web::RequestContext& ctx, const std::string& yyyy_mm_dd);
// "23 November 2026, 11.05 WIB" from "2026-11-23T04:05:06Z".
std::string format_timestamp(const web::RequestContext& ctx, const std::string& utc, const std::string& timezone);
// {"free": bool, "text": "Gratis" | "Rp 30.000"}.
nlohmann::json fee_json(const web::RequestContext& ctx, int64_t amount);
std::string agency_kind_label(const web::RequestContext& ctx, AgencyKind kind);
std::string delivery_mode_label(const web::RequestContext& ctx, const std::string& mode);

// A search result or list entry for templates.
nlohmann::json summary_json(const web::RequestContext& ctx, const ServiceSummary& s);
// The standard for templates: the six public components, and `management`
// (the eight internal ones as label/value rows) only when the service layer
// returned them, so a public page can never show them.
nlohmann::json standard_json(const web::RequestContext& ctx, const Standard& s, const std::string& timezone);
nlohmann::json agency_json(const web::RequestContext& ctx, const Agency& a);
nlohmann::json maklumat_json(const web::RequestContext& ctx, const Maklumat& m);

}  // namespace layan::catalogue
