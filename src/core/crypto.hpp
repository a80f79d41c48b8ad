#pragma once

#include <string>
#include <string_view>

namespace layan::crypto {

// Must be called once before any other function here (idempotent).
void init();

// `bytes` of cryptographically secure randomness, base64url without padding.
std::string random_token(size_t bytes = 32);

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
