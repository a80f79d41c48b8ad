#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace layan::crypto {

// Must be called once before any other function here (idempotent).
void init();

// `bytes` of cryptographically secure randomness, base64url without padding.
std::string random_token(size_t bytes = 32);

// `length` characters drawn uniformly from `alphabet` (at most 256
// characters): one-time codes, tracking codes.
std::string random_code(size_t length, std::string_view alphabet);
// Standard base64 (with or without padding) to bytes; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);
// Lower-case hex SHA-256 of `data`. Used to store session tokens and API keys:
// they carry 256 bits of entropy, so a fast hash is enough.
std::string sha256_hex(std::string_view data);

// argon2id (libsodium, "interactive" limits) in PHC string form.
std::string hash_password(std::string_view password);
// Constant-time check of `password` against a hash from hash_password().
bool verify_password(std::string_view password, const std::string& hash);

// Constant-time equality of two strings (length may leak).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace layan::crypto
