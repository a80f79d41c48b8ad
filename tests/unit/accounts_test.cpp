// Account management: the validation rules and the last-admin rules as pure
// functions (table-driven), and the service layer on SQLite and PostgreSQL:
// listing without hashes, updates, deactivation ending sessions, own password
// changes, API key revocation, authorization and the audit trail.
#include <gtest/gtest.h>

#include <algorithm>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalogue/service.hpp"
#include "test_db.hpp"

namespace layan::accounts {
namespace {

template <typename T>
std::vector<std::string> fields_of(const Result<T>& s) {
  std::vector<std::string> out;
  if (s.ok()) return out;
  for (const auto& f : s.error().fields) out.push_back(f.field + ":" + f.code);
  return out;
}

// ---- validate_new_user

struct NewUserCase {
  const char* label;
  NewUser user;
  std::vector<std::string> errors;  // field:code, in order
};

NewUser base_user(std::string role = "citizen", std::optional<int64_t> agency = std::nullopt,
                  std::optional<int64_t> unit = std::nullopt) {
  return {"Siti@Example.org", "Siti Aminah", "panjang sekali", std::move(role), agency, unit};
}

class NewUserValidation : public ::testing::TestWithParam<NewUserCase> {};

TEST_P(NewUserValidation, ReportsEachBrokenRule) {
  const auto& c = GetParam();
  EXPECT_EQ(fields_of(validate_new_user(c.user)), c.errors) << c.label;
}

NewUser with(NewUser u, void (*edit)(NewUser&)) {
  edit(u);
  return u;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NewUserValidation,
    ::testing::Values(
        NewUserCase{"citizen", base_user(), {}}, NewUserCase{"mpp_admin", base_user("mpp_admin"), {}},
        NewUserCase{"evaluator", base_user("evaluator"), {}},
        NewUserCase{"agency admin with agency", base_user("agency_admin", 3), {}},
        NewUserCase{"officer with agency and unit", base_user("officer", 3, 7), {}},
        NewUserCase{"agency admin without agency", base_user("agency_admin"), {"agency_id:required"}},
        NewUserCase{"officer with unit only", base_user("officer", std::nullopt, 7), {"agency_id:required"}},
        NewUserCase{"mpp_admin with agency", base_user("mpp_admin", 3), {"agency_id:not_allowed"}},
        NewUserCase{"citizen with unit", base_user("citizen", std::nullopt, 7), {"unit_id:not_allowed"}},
        NewUserCase{"evaluator with agency and unit",
                    base_user("evaluator", 3, 7),
                    {"agency_id:not_allowed", "unit_id:not_allowed"}},
        NewUserCase{"unknown role", base_user("root"), {"role:invalid"}},
        NewUserCase{"integration is not an account role", base_user("integration"), {"role:invalid"}},
        NewUserCase{"empty role", base_user(""), {"role:invalid"}},
        NewUserCase{
            "bad email", with(base_user(), [](NewUser& u) { u.email = "siti.example.org"; }), {"email:invalid"}},
        NewUserCase{"two @", with(base_user(), [](NewUser& u) { u.email = "a@b@c.org"; }), {"email:invalid"}},
        NewUserCase{"blank name", with(base_user(), [](NewUser& u) { u.name = "   "; }), {"name:required"}},
        NewUserCase{
            "long name", with(base_user(), [](NewUser& u) { u.name = std::string(201, 'a'); }), {"name:too_long"}},
        NewUserCase{"9-character password",
                    with(base_user(), [](NewUser& u) { u.password = "123456789"; }),
                    {"password:too_short"}},
        NewUserCase{"10-character password", with(base_user(), [](NewUser& u) { u.password = "1234567890"; }), {}},
        NewUserCase{"huge password",
                    with(base_user(), [](NewUser& u) { u.password = std::string(1025, 'x'); }),
                    {"password:too_long"}},
        NewUserCase{"everything wrong",
                    NewUser{"", "", "", "", 3, 7},
                    {"email:invalid", "name:required", "password:too_short", "role:invalid"}}),
    [](const auto& info) {
      std::string n = info.param.label;
      for (auto& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

// ---- validate_user_update

struct UpdateCase {
  UserUpdate update;
  std::vector<std::string> errors;
};

class UserUpdateValidation : public ::testing::TestWithParam<UpdateCase> {};

TEST_P(UserUpdateValidation, UsesTheSameRulesAsNewAccounts) {
  EXPECT_EQ(fields_of(validate_user_update(GetParam().update)), GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(Cases, UserUpdateValidation,
                         ::testing::Values(UpdateCase{{"Budi", "citizen", {}, {}, true}, {}},
                                           UpdateCase{{"Budi", "officer", 2, 5, false}, {}},
                                           UpdateCase{{"", "officer", 2, {}, true}, {"name:required"}},
                                           UpdateCase{{"Budi", "officer", {}, {}, true}, {"agency_id:required"}},
                                           UpdateCase{{"Budi", "mpp_admin", 2, {}, true}, {"agency_id:not_allowed"}},
                                           UpdateCase{{"Budi", "evaluator", {}, 5, true}, {"unit_id:not_allowed"}},
                                           UpdateCase{{"Budi", "boss", {}, {}, true}, {"role:invalid"}}));

// ---- check_user_change (last admin, self-deactivation)

struct ChangeCase {
  const char* label;
  int64_t actor_id;
  Role before_role;
  bool before_active;
  std::string after_role;
  bool after_active;
  int active_admins;
  std::vector<std::string> errors;
};

class UserChangeRules : public ::testing::TestWithParam<ChangeCase> {};

TEST_P(UserChangeRules, KeepAManagerAndDoNotLockYourselfOut) {
  const auto& c = GetParam();
  Principal actor;
  actor.role = Role::kMppAdmin;
  actor.user_id = c.actor_id;
  User before;
  before.id = 10;
  before.role = c.before_role;
  before.active = c.before_active;
  UserUpdate after{"Nama", c.after_role, {}, {}, c.after_active};
  EXPECT_EQ(fields_of(check_user_change(actor, before, after, c.active_admins)), c.errors) << c.label;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, UserChangeRules,
    ::testing::Values(
        ChangeCase{"rename the last admin", 1, Role::kMppAdmin, true, "mpp_admin", true, 1, {}},
        ChangeCase{"deactivate the last admin", 1, Role::kMppAdmin, true, "mpp_admin", false, 1, {"active:last_admin"}},
        ChangeCase{"demote the last admin", 1, Role::kMppAdmin, true, "evaluator", true, 1, {"role:last_admin"}},
        ChangeCase{"demote an admin when another remains", 1, Role::kMppAdmin, true, "evaluator", true, 2, {}},
        ChangeCase{"deactivate an admin when another remains", 1, Role::kMppAdmin, true, "mpp_admin", false, 2, {}},
        ChangeCase{"deactivate yourself", 10, Role::kMppAdmin, true, "mpp_admin", false, 3, {"active:self"}},
        ChangeCase{"demote yourself when another admin remains", 10, Role::kMppAdmin, true, "citizen", true, 2, {}},
        ChangeCase{
            "demote yourself as the last admin", 10, Role::kMppAdmin, true, "citizen", true, 1, {"role:last_admin"}},
        ChangeCase{"deactivate a citizen", 1, Role::kCitizen, true, "citizen", false, 1, {}},
        ChangeCase{"an inactive admin is not counted", 1, Role::kMppAdmin, false, "citizen", false, 1, {}},
        ChangeCase{"the command line (no user) may deactivate anyone but the last admin",
                   0,
                   Role::kMppAdmin,
                   true,
                   "mpp_admin",
                   false,
                   2,
                   {}}),
    [](const auto& info) {
      std::string n = info.param.label;
      for (auto& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

// ---- On both databases

TimePoint start_time() {
  TimePoint t;
  parse_utc("2026-02-02T02:00:00Z", t);
  return t;
}

class AccountsDb : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    auto a = catalogue::create_agency(app_, system_,
                                      {"disdukcapil", "Dinas Kependudukan", "Disdukcapil", "district", "", "", "", ""});
    ASSERT_TRUE(a.ok());
    agency_ = a->id;
    auto b = catalogue::create_agency(app_, system_,
                                      {"dpmptsp", "Dinas Penanaman Modal", "DPMPTSP", "district", "", "", "", ""});
    ASSERT_TRUE(b.ok());
    other_agency_ = b->id;
    auto u = catalogue::create_unit(app_, system_, agency_, {"pendaftaran", "Bidang Pendaftaran", "", ""});
    ASSERT_TRUE(u.ok());
    unit_ = u->id;
    auto ou = catalogue::create_unit(app_, system_, other_agency_, {"perizinan", "Bidang Perizinan", "", ""});
    ASSERT_TRUE(ou.ok());
    other_unit_ = ou->id;
    admin_ = account("admin@example.org", "Ani Admin", "mpp_admin");
  }

  // Creates an account and returns a principal acting as it.
  Principal account(const std::string& email, const std::string& name, const std::string& role,
                    std::optional<int64_t> agency = std::nullopt, std::optional<int64_t> unit = std::nullopt) {
    auto id = create_user(app_, system_, {email, name, kPassword, role, agency, unit});
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail);
    Principal p;
    p.role = *parse_role(role);
    p.user_id = id.ok() ? *id : 0;
    p.agency_id = agency;
    p.unit_id = unit;
    p.name = name;
    return p;
  }

  std::string sign_in(const std::string& email, const std::string& password = kPassword) {
    auto s = login(app_, email, password, kHere);
    EXPECT_TRUE(s.ok()) << email;
    return s.ok() ? s->token : "";
  }

  bool session_works(const std::string& token) {
    auto p = authenticate(app_, token, std::nullopt);
    return p.ok() && p->authenticated();
  }

  static constexpr const char* kPassword = "kata sandi panjang";
  static constexpr const char* kHere = "192.0.2.1";  // the client address of sign_in()
  ManualClock clock_{start_time()};
  App app_;
  Principal system_ = system_principal();
  Principal admin_;
  int64_t agency_ = 0, other_agency_ = 0, unit_ = 0, other_unit_ = 0;
};

TEST_P(AccountsDb, ListsByNameWithFiltersAndNeverReturnsHashes) {
  account("zaki@example.org", "Zaki Petugas", "officer", agency_);
  account("budi@example.org", "Budi Admin", "agency_admin", agency_);
  account("cici@example.org", "Cici Admin", "agency_admin", other_agency_);
  auto all = list_users(app_, admin_, {});
  ASSERT_TRUE(all.ok());
  std::vector<std::string> names;
  for (const auto& u : *all) {
    names.push_back(u.name);
    EXPECT_TRUE(u.password_hash.empty()) << u.email;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Ani Admin", "Budi Admin", "Cici Admin", "Zaki Petugas"}));

  auto admins = list_users(app_, admin_, {Role::kAgencyAdmin, std::nullopt});
  ASSERT_TRUE(admins.ok());
  EXPECT_EQ(admins->size(), 2u);
  auto of_agency = list_users(app_, admin_, {std::nullopt, agency_});
  ASSERT_TRUE(of_agency.ok());
  EXPECT_EQ(of_agency->size(), 2u);
  auto both = list_users(app_, admin_, {Role::kAgencyAdmin, other_agency_});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 1u);
  EXPECT_EQ(both->front().email, "cici@example.org");

  auto one = get_user(app_, admin_, both->front().id);
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->password_hash.empty());
  EXPECT_EQ(get_user(app_, admin_, 999999).error().kind, ErrorKind::kNotFound);
}

TEST_P(AccountsDb, OnlyTheMallManagerManagesAccounts) {
  Principal agency_admin = account("budi@example.org", "Budi", "agency_admin", agency_);
  Principal officer = account("ola@example.org", "Ola", "officer", agency_);
  Principal evaluator = account("eva@example.org", "Eva", "evaluator");
  Principal citizen = account("wati@example.org", "Wati", "citizen");
  Principal integration;
  integration.role = Role::kIntegration;
  integration.api_key_id = 1;
  for (const Principal& who : {agency_admin, officer, evaluator, citizen, integration}) {
    SCOPED_TRACE(role_name(who.role));
    EXPECT_EQ(list_users(app_, who, {}).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(get_user(app_, who, admin_.user_id).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(update_user(app_, who, citizen.user_id, {"X", "citizen", {}, {}, true}).error().kind,
              ErrorKind::kForbidden);
    EXPECT_EQ(create_user(app_, who, base_user()).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(list_api_keys(app_, who).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(create_api_key(app_, who, "k", std::nullopt).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(revoke_api_key(app_, who, 1).error().kind, ErrorKind::kForbidden);
  }
  EXPECT_EQ(list_users(app_, Principal{}, {}).error().kind, ErrorKind::kUnauthenticated);
  auto wati = get_user(app_, admin_, citizen.user_id);
  ASSERT_TRUE(wati.ok());
  EXPECT_EQ(wati->name, "Wati") << "nothing was changed by the refused calls";
}

TEST_P(AccountsDb, UpdatesAnAccountAndChecksItsAgencyAndUnit) {
  Principal budi = account("budi@example.org", "Budi", "officer", agency_);
  auto saved = update_user(app_, admin_, budi.user_id, {"  Budi Santoso ", "agency_admin", agency_, unit_, true});
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  EXPECT_EQ(saved->name, "Budi Santoso");
  EXPECT_EQ(saved->role, Role::kAgencyAdmin);
  EXPECT_EQ(saved->unit_id, unit_);
  EXPECT_TRUE(saved->password_hash.empty());

  // The new role and unit apply to the account's next request.
  std::string token = sign_in("budi@example.org");
  auto p = authenticate(app_, token, std::nullopt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, Role::kAgencyAdmin);
  EXPECT_EQ(p->unit_id, unit_);

  EXPECT_EQ(fields_of(update_user(app_, admin_, budi.user_id, {"Budi", "officer", agency_, other_unit_, true})),
            std::vector<std::string>{"unit_id:unknown"});
  EXPECT_EQ(fields_of(update_user(app_, admin_, budi.user_id, {"Budi", "officer", 999999, {}, true})),
            std::vector<std::string>{"agency_id:unknown"});
  EXPECT_EQ(fields_of(update_user(app_, admin_, budi.user_id, {"Budi", "citizen", agency_, {}, true})),
            std::vector<std::string>{"agency_id:not_allowed"});
  EXPECT_EQ(update_user(app_, admin_, 999999, {"X", "citizen", {}, {}, true}).error().kind, ErrorKind::kNotFound);
  auto after = get_user(app_, admin_, budi.user_id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->unit_id, unit_) << "refused updates change nothing";
}

TEST_P(AccountsDb, DeactivatingEndsSessionsAndSignInAndReactivatingAllowsIt) {
  Principal wati = account("wati@example.org", "Wati", "citizen");
  std::string token = sign_in("wati@example.org");
  ASSERT_TRUE(session_works(token));
  ASSERT_TRUE(update_user(app_, admin_, wati.user_id, {"Wati", "citizen", {}, {}, false}).ok());
  EXPECT_FALSE(session_works(token));
  EXPECT_FALSE(login(app_, "wati@example.org", kPassword, kHere).ok());
  ASSERT_TRUE(update_user(app_, admin_, wati.user_id, {"Wati", "citizen", {}, {}, true}).ok());
  EXPECT_TRUE(session_works(sign_in("wati@example.org")));
}

TEST_P(AccountsDb, TheMallKeepsAnActiveManager) {
  // The only admin can neither leave nor be demoted.
  EXPECT_EQ(fields_of(update_user(app_, admin_, admin_.user_id, {"Ani", "mpp_admin", {}, {}, false})),
            std::vector<std::string>{"active:self"});
  EXPECT_EQ(fields_of(update_user(app_, system_, admin_.user_id, {"Ani", "mpp_admin", {}, {}, false})),
            std::vector<std::string>{"active:last_admin"});
  EXPECT_EQ(fields_of(update_user(app_, admin_, admin_.user_id, {"Ani", "evaluator", {}, {}, true})),
            std::vector<std::string>{"role:last_admin"});

  // With a second admin, one may demote the other, and then not the reverse.
  Principal second = account("dua@example.org", "Dua", "mpp_admin");
  ASSERT_TRUE(update_user(app_, second, admin_.user_id, {"Ani", "evaluator", {}, {}, true}).ok());
  EXPECT_EQ(fields_of(update_user(app_, system_, second.user_id, {"Dua", "citizen", {}, {}, true})),
            std::vector<std::string>{"role:last_admin"});
  // An inactive admin does not count.
  Principal third = account("tiga@example.org", "Tiga", "mpp_admin");
  ASSERT_TRUE(update_user(app_, second, third.user_id, {"Tiga", "mpp_admin", {}, {}, false}).ok());
  EXPECT_EQ(fields_of(update_user(app_, system_, second.user_id, {"Dua", "mpp_admin", {}, {}, false})),
            std::vector<std::string>{"active:last_admin"});
}

TEST_P(AccountsDb, ChangingYourPasswordEndsYourOtherSessions) {
  Principal wati = account("wati@example.org", "Wati", "citizen");
  std::string here = sign_in("wati@example.org"), elsewhere = sign_in("wati@example.org");
  Principal other = account("lain@example.org", "Lain", "citizen");
  std::string someone_else = sign_in("lain@example.org");

  EXPECT_EQ(fields_of(change_own_password(app_, wati, here, "bukan sandinya", "sandi baru yang panjang", kHere)),
            std::vector<std::string>{"current_password:wrong"});
  EXPECT_EQ(fields_of(change_own_password(app_, wati, here, kPassword, "pendek", kHere)),
            std::vector<std::string>{"new_password:too_short"});
  EXPECT_EQ(fields_of(change_own_password(app_, wati, here, kPassword, kPassword, kHere)),
            std::vector<std::string>{"new_password:unchanged"});
  EXPECT_TRUE(session_works(elsewhere)) << "failed changes end nothing";

  ASSERT_TRUE(change_own_password(app_, wati, here, kPassword, "sandi baru yang panjang", kHere).ok());
  EXPECT_TRUE(session_works(here));
  EXPECT_FALSE(session_works(elsewhere));
  EXPECT_TRUE(session_works(someone_else));
  EXPECT_FALSE(login(app_, "wati@example.org", kPassword, kHere).ok());
  EXPECT_TRUE(login(app_, "wati@example.org", "sandi baru yang panjang", kHere).ok());

  EXPECT_EQ(change_own_password(app_, Principal{}, "", "a", "b", kHere).error().kind, ErrorKind::kUnauthenticated);
  Principal integration;
  integration.role = Role::kIntegration;
  integration.api_key_id = 1;
  EXPECT_EQ(change_own_password(app_, integration, "", "a", "b", kHere).error().kind, ErrorKind::kForbidden);
}

// The wait of a refused sign-in attempt, or -1 when it was not refused.
int wait_of(const Result<NewSession>& r) {
  return !r.ok() && r.error().kind == ErrorKind::kTooManyRequests ? r.error().retry_after_s : -1;
}
int wait_of(const Status& r) {
  return !r.ok() && r.error().kind == ErrorKind::kTooManyRequests ? r.error().retry_after_s : -1;
}

TEST_P(AccountsDb, FailuresOfOnePairSlowItDownProgressivelyAndTheOwnerElsewhereStillSignsIn) {
  account("wati@example.org", "Wati", "citizen");
  const char* attacker = "198.51.100.7";
  auto guess = [&](int i) { return login(app_, "wati@example.org", "tebakan " + std::to_string(i), attacker); };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(guess(i).error().kind, ErrorKind::kUnauthenticated) << i;
  EXPECT_EQ(wait_of(login(app_, "wati@example.org", kPassword, attacker)), 2) << "even the right password waits";
  EXPECT_FALSE(sign_in("wati@example.org").empty()) << "the owner at another address is not slowed down";

  // Each failure after the third doubles the wait, up to 15 minutes.
  int expected = 2;
  for (int i = 3; i < 14; ++i) {
    clock_.advance(std::chrono::seconds(expected - 1));
    EXPECT_EQ(wait_of(guess(i)), 1) << "one second before the wait is over";
    clock_.advance(std::chrono::seconds(1));
    EXPECT_EQ(guess(i).error().kind, ErrorKind::kUnauthenticated) << i;
    expected = std::min(expected * 2, 900);
    EXPECT_EQ(wait_of(guess(i)), expected) << "after failure " << i + 1;
  }
  EXPECT_EQ(expected, 900);

  // Refused attempts do not count; the right password after the wait clears
  // the pair, so the next typing errors are free again.
  clock_.advance(std::chrono::seconds(900));
  EXPECT_TRUE(login(app_, "wati@example.org", kPassword, attacker).ok());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(guess(i).error().kind, ErrorKind::kUnauthenticated) << i;
  EXPECT_EQ(wait_of(guess(3)), 2);

  // A day later the failures are forgotten.
  clock_.advance(std::chrono::hours(24));
  EXPECT_EQ(guess(4).error().kind, ErrorKind::kUnauthenticated);
}

TEST_P(AccountsDb, ManyAccountsFailingFromOneAddressSlowNewPairsThereButNotKnownOnes) {
  account("wati@example.org", "Wati", "citizen");
  account("baru@example.org", "Baru", "citizen");
  const char* mall = "203.0.113.5";
  ASSERT_TRUE(login(app_, "admin@example.org", kPassword, mall).ok()) << "the manager signed in here before";
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(login(app_, "orang" + std::to_string(i) + "@example.org", "salah", mall).error().kind,
              ErrorKind::kUnauthenticated)
        << i;
  }
  EXPECT_EQ(wait_of(login(app_, "baru@example.org", kPassword, mall)), 2) << "a new pair at the address waits";
  EXPECT_TRUE(login(app_, "admin@example.org", kPassword, mall).ok()) << "the manager does not";
  EXPECT_TRUE(login(app_, "baru@example.org", kPassword, "192.0.2.99").ok()) << "nor anyone elsewhere";

  // At most 5 minutes, and an hour later the address is free again.
  for (int i = 20; i < 29; ++i) {
    clock_.advance(std::chrono::seconds(300));
    EXPECT_EQ(login(app_, "orang" + std::to_string(i) + "@example.org", "salah", mall).error().kind,
              ErrorKind::kUnauthenticated)
        << i;
  }
  EXPECT_EQ(wait_of(login(app_, "wati@example.org", kPassword, mall)), 300);
  clock_.advance(std::chrono::hours(1));
  EXPECT_TRUE(login(app_, "wati@example.org", kPassword, mall).ok());
}

TEST_P(AccountsDb, AnAccountGuessedFromManyAddressesDoesNotLockItsOwnerOut) {
  account("wati@example.org", "Wati", "citizen");
  ASSERT_FALSE(sign_in("wati@example.org").empty()) << "Wati's usual address is known";
  auto from = [](int i) { return "198.51.100." + std::to_string(i); };
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(login(app_, "wati@example.org", "tebakan", from(i)).error().kind, ErrorKind::kUnauthenticated) << i;
  }
  EXPECT_EQ(wait_of(login(app_, "wati@example.org", "tebakan", from(100))), 2) << "a new address waits";
  EXPECT_FALSE(sign_in("wati@example.org").empty()) << "the owner at a known address does not";
  for (int i = 20; i < 29; ++i) {
    clock_.advance(std::chrono::seconds(300));
    EXPECT_EQ(login(app_, "wati@example.org", "tebakan", from(i)).error().kind, ErrorKind::kUnauthenticated) << i;
  }
  EXPECT_EQ(wait_of(login(app_, "wati@example.org", kPassword, from(200))), 300)
      << "the owner at a new address waits 5 minutes at most";
  clock_.advance(std::chrono::seconds(300));
  EXPECT_TRUE(login(app_, "wati@example.org", kPassword, from(200)).ok());
}

TEST_P(AccountsDb, GuessingTheCurrentPasswordIsThrottled) {
  Principal wati = account("wati@example.org", "Wati", "citizen");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(change_own_password(app_, wati, "", "tebakan " + std::to_string(i), "sandi baru yang panjang", kHere)
                  .error()
                  .kind,
              ErrorKind::kValidation);
  }
  EXPECT_EQ(wait_of(change_own_password(app_, wati, "", kPassword, "sandi baru yang panjang", kHere)), 2);
  EXPECT_EQ(wait_of(login(app_, "wati@example.org", kPassword, kHere)), 2) << "it is one pair with signing in";
  EXPECT_TRUE(login(app_, "wati@example.org", kPassword, "192.0.2.2").ok()) << "another address is not slowed";
  clock_.advance(std::chrono::seconds(2));
  EXPECT_TRUE(change_own_password(app_, wati, "", kPassword, "sandi baru yang panjang", kHere).ok());
}

TEST_P(AccountsDb, RevokedApiKeysStopWorkingAtOnce) {
  auto first = create_api_key(app_, admin_, "SP4N-LAPOR", agency_);
  auto second = create_api_key(app_, admin_, "Dashboard", std::nullopt);
  ASSERT_TRUE(first.ok() && second.ok());
  auto keys = list_api_keys(app_, admin_);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->front().name, "Dashboard") << "newest first";
  EXPECT_EQ(keys->back().agency_id, agency_);
  EXPECT_EQ(first->key.find("lyn_" + keys->back().prefix + "_"), 0u);
  EXPECT_FALSE(keys->back().revoked_at);

  ASSERT_TRUE(authenticate(app_, std::nullopt, first->key).ok());
  ASSERT_TRUE(revoke_api_key(app_, admin_, first->id).ok());
  EXPECT_EQ(authenticate(app_, std::nullopt, first->key).error().kind, ErrorKind::kUnauthenticated);
  EXPECT_TRUE(authenticate(app_, std::nullopt, second->key).ok());
  EXPECT_TRUE(revoke_api_key(app_, admin_, first->id).ok()) << "revoking twice is fine";
  EXPECT_EQ(revoke_api_key(app_, admin_, 999999).error().kind, ErrorKind::kNotFound);
  auto revoked = get_api_key(app_, admin_, first->id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->revoked_at, format_utc(start_time()));
}

TEST_P(AccountsDb, ApiKeyLastUseIsRecordedToTheMinuteWithoutAWritePerRequest) {
  auto key = create_api_key(app_, admin_, "SP4N-LAPOR", std::nullopt);
  ASSERT_TRUE(key.ok());
  auto last_used = [&] { return get_api_key(app_, admin_, key->id)->last_used_at; };
  EXPECT_FALSE(last_used()) << "never used yet";

  ASSERT_TRUE(authenticate(app_, std::nullopt, key->key).ok());
  EXPECT_EQ(last_used(), format_utc(start_time()));
  clock_.advance(std::chrono::seconds(59));
  ASSERT_TRUE(authenticate(app_, std::nullopt, key->key).ok());
  EXPECT_EQ(last_used(), format_utc(start_time())) << "within the minute: not rewritten";
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(authenticate(app_, std::nullopt, key->key).ok());
  EXPECT_EQ(last_used(), format_utc(start_time() + std::chrono::minutes(1)));
}

TEST_P(AccountsDb, EveryChangeIsAuditedAndTheChainHolds) {
  Principal wati = account("wati@example.org", "Wati", "citizen");
  ASSERT_TRUE(update_user(app_, admin_, wati.user_id, {"Wati", "citizen", {}, {}, false}).ok());
  ASSERT_TRUE(change_own_password(app_, admin_, "", kPassword, "sandi baru yang panjang", kHere).ok());
  auto key = create_api_key(app_, admin_, "k", std::nullopt);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(revoke_api_key(app_, admin_, key->id).ok());
  soci::session sql(app_.db->pool());
  for (std::string action : {"user.update", "user.password_change", "api_key.revoke"}) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM audit_events WHERE action = :a", soci::use(action), soci::into(n);
    EXPECT_EQ(n, 1) << action;
  }
  std::string detail;
  sql << "SELECT detail FROM audit_events WHERE action = 'user.password_change'", soci::into(detail);
  EXPECT_EQ(detail.find("sandi"), std::string::npos) << "no password in the audit log";
  EXPECT_EQ(audit::verify(sql).first_bad_id, 0);
}

INSTANTIATE_TEST_SUITE_P(Db, AccountsDb, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::accounts
