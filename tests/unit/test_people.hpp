#pragma once

// Principals backed by real accounts, for service tests that record who did
// what (standards, complaint timelines, audit events).

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>

#include "accounts/service.hpp"
#include "app/app.hpp"

namespace layan::testing {

inline accounts::Principal person(App& app, accounts::Role role, std::optional<int64_t> agency = std::nullopt,
                                  std::optional<int64_t> unit = std::nullopt) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  accounts::Principal p;
  p.role = role;
  p.agency_id = agency;
  p.unit_id = unit;
  p.name = "Pengguna " + std::to_string(n);
  auto id = accounts::create_user(app, accounts::system_principal(),
                                  {"u" + std::to_string(n) + "@example.org", p.name, "long enough password",
                                   accounts::role_name(role), agency, unit});
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail);
  p.user_id = id.ok() ? *id : 0;
  return p;
}

}  // namespace layan::testing
