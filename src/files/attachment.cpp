#include "files/attachment.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "files/sniff.hpp"

namespace layan::files {
namespace {

constexpr size_t kMaxFilenameBytes = 120;
constexpr size_t kMaxExtensionBytes = 16;

struct AllowedType {
  std::string_view mime;
  std::array<std::string_view, 4> extensions;  // the first is the usual one
  std::array<std::string_view, 2> aliases;     // other names clients declare it by
};

constexpr std::array<AllowedType, 4> kAllowed{{
    {"image/jpeg", {"jpg", "jpeg", "jpe", "jfif"}, {"image/jpg", "image/pjpeg"}},
    {"image/png", {"png", "", "", ""}, {"image/x-png", ""}},
    {"image/webp", {"webp", "", "", ""}, {"", ""}},
    {"application/pdf", {"pdf", "", "", ""}, {"application/x-pdf", ""}},
}};

const AllowedType* find_allowed(std::string_view mime) {
  for (const auto& t : kAllowed) {
    if (t.mime == mime) return &t;
  }
  return nullptr;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "image/PNG; name=x" -> "image/png"; aliases to their canonical type.
std::string normalize_declared(std::string_view declared) {
  std::string mt = ascii_lower(declared.substr(0, declared.find(';')));
  mt.erase(0, mt.find_first_not_of(" \t"));
  mt.erase(mt.find_last_not_of(" \t") + 1);
  for (const auto& t : kAllowed) {
    for (auto alias : t.aliases) {
      if (!alias.empty() && alias == mt) return std::string(t.mime);
    }
  }
  return mt;
}

// Characters that change how a name reads without being seen: C0/C1
// controls, zero-width and bidirectional formatting (U+202E turns
// "gpj.exe" around), the byte-order mark and interlinear annotations.
bool is_hidden_code_point(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void trim_name(std::string& s) {
  size_t start = s.find_first_not_of(" .");
  s.erase(0, start == std::string::npos ? s.size() : start);
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
}

// The longest prefix of `s` of at most `max` bytes that ends on a code point.
std::string utf8_prefix(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string size_text(size_t bytes, bool indonesian) {
  constexpr size_t kMiB = 1 << 20;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MB";
  if (bytes >= kMiB) {
    size_t tenths = (bytes * 10 + kMiB / 2) / kMiB;
    return std::to_string(tenths / 10) + (indonesian ? "," : ".") + std::to_string(tenths % 10) + " MB";
  }
  return std::to_string((bytes + 512) / 1024) + " KB";
}

Error attachment_error(const std::string& code, const std::string& id, const std::string& en) {
  return Error::validation({{"attachments", code, id, en}});
}

}  // namespace

bool is_allowed_mime(std::string_view mime) {
  return find_allowed(mime) != nullptr;
}

std::string_view extension_for(std::string_view mime) {
  const AllowedType* t = find_allowed(mime);
  return t ? t->extensions[0] : std::string_view{};
}

AttachmentLimits attachment_limits(const Config& cfg) {
  return {cfg.max_attachment_bytes};
}

std::string sanitize_filename(std::string_view filename, std::string_view mime) {
  size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string name;
  for (size_t i = 0; i < filename.size();) {
    char32_t cp = next_code_point(filename, i);
    if (cp == kInvalidCodePoint || is_hidden_code_point(cp)) continue;
    append_utf8(name, cp);
  }
  trim_name(name);

  const AllowedType* type = find_allowed(mime);
  if (name.empty()) return type ? "lampiran." + std::string(type->extensions[0]) : "lampiran";
  size_t dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : ascii_lower(name.substr(dot + 1));
  if (type && !ext.empty() &&
      std::find(type->extensions.begin(), type->extensions.end(), ext) != type->extensions.end()) {
    type = nullptr;  // the extension already fits
  }
  if (type) {
    dot = name.size();
    name += '.';
    name += type->extensions[0];
  }
  if (name.size() > kMaxFilenameBytes) {
    std::string suffix =
        dot != std::string::npos && name.size() - dot <= kMaxExtensionBytes + 1 ? name.substr(dot) : "";
    std::string stem = utf8_prefix(name.substr(0, name.size() - suffix.size()), kMaxFilenameBytes - suffix.size());
    trim_name(stem);
    name = stem.empty() ? "lampiran" + suffix : stem + suffix;
  }
  return name;
}

Result<AcceptedFile> accept_attachment(std::string_view filename, std::string_view declared_type,
                                       std::string_view bytes, const AttachmentLimits& limits) {
  std::string shown = sanitize_filename(filename, "");
  if (bytes.empty()) {
    return attachment_error("empty", "Berkas \"" + shown + "\" kosong.", "File \"" + shown + "\" is empty.");
  }
  if (bytes.size() > limits.max_bytes) {
    return attachment_error("too_large",
                            "Berkas \"" + shown + "\" lebih besar dari " + size_text(limits.max_bytes, true) + ".",
                            "File \"" + shown + "\" is larger than " + size_text(limits.max_bytes, false) + ".");
  }
  std::string mime = sniff_mime(bytes);
  if (!is_allowed_mime(mime)) {
    return attachment_error("type_not_allowed", "Berkas \"" + shown + "\" bukan foto JPEG, PNG, WebP atau dokumen PDF.",
                            "File \"" + shown + "\" is not a JPEG, PNG or WebP photo or a PDF document.");
  }
  std::string declared = normalize_declared(declared_type);
  if (!declared.empty() && declared != "application/octet-stream" && declared != mime) {
    return attachment_error("type_mismatch", "Jenis berkas \"" + shown + "\" tidak sesuai dengan isinya.",
                            "The type given for file \"" + shown + "\" does not match its content.");
  }
  return AcceptedFile{crypto::sha256_hex(bytes), mime, sanitize_filename(filename, mime),
                      static_cast<int64_t>(bytes.size())};
}

Status check_attachment_count(size_t count, size_t max) {
  if (count <= max) return ok_status();
  return attachment_error("too_many", "Lampiran paling banyak " + std::to_string(max) + " berkas.",
                          "At most " + std::to_string(max) + " files can be attached.");
}

}  // namespace layan::files
