#include "accounts/authz.hpp"

#include <gtest/gtest.h>

namespace layan::accounts {
namespace {

Principal make(Role role, std::optional<int64_t> agency = std::nullopt, std::optional<int64_t> unit = std::nullopt) {
  Principal p;
  p.role = role;
  p.user_id = role == Role::kAnonymous ? 0 : 1;
  p.agency_id = agency;
  p.unit_id = unit;
  return p;
}

struct Case {
  const char* name;
  Principal who;
  Action action;
  Scope scope;
  bool allowed;
  ErrorKind denial = ErrorKind::kForbidden;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class AuthorizeTable : public ::testing::TestWithParam<Case> {};

TEST_P(AuthorizeTable, Decides) {
  const Case& c = GetParam();
  Status s = authorize(c.who, c.action, c.scope);
  EXPECT_EQ(s.ok(), c.allowed) << c.name;
  if (!c.allowed && !s.ok()) {
    EXPECT_EQ(s.error().kind, c.denial) << c.name;
  }
}

const Scope kAgency7{7, std::nullopt};
const Scope kAgency7Unit3{7, 3};
const Scope kAgency7Unit4{7, 4};
const Scope kAgency8{8, std::nullopt};

INSTANTIATE_TEST_SUITE_P(
    Rules, AuthorizeTable,
    ::testing::Values(
        Case{"anyone reads public", make(Role::kAnonymous), Action::kReadPublic, {}, true},
        Case{"anonymous cannot edit", make(Role::kAnonymous), Action::kEditCatalogue, kAgency7, false,
             ErrorKind::kUnauthenticated},
        Case{"anonymous cannot read management", make(Role::kAnonymous), Action::kReadManagement, kAgency7, false,
             ErrorKind::kUnauthenticated},
        Case{"citizen cannot read management", make(Role::kCitizen), Action::kReadManagement, kAgency7, false},
        Case{"citizen cannot edit", make(Role::kCitizen), Action::kEditCatalogue, kAgency7, false},
        Case{"mpp admin edits any agency", make(Role::kMppAdmin), Action::kEditCatalogue, kAgency8, true},
        Case{"mpp admin manages agencies", make(Role::kMppAdmin), Action::kManageAgencies, {}, true},
        Case{"agency admin edits own agency", make(Role::kAgencyAdmin, 7), Action::kEditCatalogue, kAgency7, true},
        Case{"agency admin edits own agency's unit", make(Role::kAgencyAdmin, 7), Action::kEditCatalogue, kAgency7Unit3,
             true},
        Case{"agency admin cannot edit another agency", make(Role::kAgencyAdmin, 7), Action::kEditCatalogue, kAgency8,
             false},
        Case{"agency admin cannot create agencies", make(Role::kAgencyAdmin, 7), Action::kManageAgencies, {}, false},
        Case{"agency admin edits own agency record", make(Role::kAgencyAdmin, 7), Action::kEditAgency, kAgency7, true},
        Case{"unit admin edits own unit", make(Role::kAgencyAdmin, 7, 3), Action::kEditCatalogue, kAgency7Unit3, true},
        Case{"unit admin cannot edit sibling unit", make(Role::kAgencyAdmin, 7, 3), Action::kEditCatalogue,
             kAgency7Unit4, false},
        Case{"unit admin cannot edit agency-wide things", make(Role::kAgencyAdmin, 7, 3), Action::kEditCatalogue,
             kAgency7, false},
        Case{"unit admin cannot edit the agency record", make(Role::kAgencyAdmin, 7, 3), Action::kEditAgency, kAgency7,
             false},
        Case{"officer cannot edit", make(Role::kOfficer, 7), Action::kEditCatalogue, kAgency7, false},
        Case{"officer reads own agency's management data", make(Role::kOfficer, 7), Action::kReadManagement, kAgency7,
             true},
        Case{"officer cannot read another agency's management data", make(Role::kOfficer, 7), Action::kReadManagement,
             kAgency8, false},
        Case{"evaluator reads all management data", make(Role::kEvaluator), Action::kReadManagement, kAgency8, true},
        Case{"evaluator cannot edit", make(Role::kEvaluator), Action::kEditCatalogue, kAgency8, false},
        Case{"integration cannot edit the catalogue", make(Role::kIntegration, 7), Action::kEditCatalogue, kAgency7,
             false},
        Case{"only mpp admin manages users", make(Role::kAgencyAdmin, 7), Action::kManageUsers, {}, false},
        Case{"mpp admin manages the calendar", make(Role::kMppAdmin), Action::kManageCalendar, {}, true},
        Case{"anonymous cannot manage the calendar",
             make(Role::kAnonymous),
             Action::kManageCalendar,
             {},
             false,
             ErrorKind::kUnauthenticated},
        Case{"citizen cannot manage the calendar", make(Role::kCitizen), Action::kManageCalendar, {}, false},
        Case{"officer cannot manage the calendar", make(Role::kOfficer, 7), Action::kManageCalendar, {}, false},
        Case{
            "agency admin cannot manage the calendar", make(Role::kAgencyAdmin, 7), Action::kManageCalendar, {}, false},
        Case{"evaluator cannot manage the calendar", make(Role::kEvaluator), Action::kManageCalendar, {}, false},
        Case{"integration cannot manage the calendar", make(Role::kIntegration), Action::kManageCalendar, {}, false},
        // Complaints.
        Case{"citizen cannot read staff complaint views", make(Role::kCitizen), Action::kReadComplaints, kAgency7,
             false},
        Case{"officer reads own agency's complaint", make(Role::kOfficer, 7), Action::kReadComplaints, kAgency7, true},
        Case{"officer cannot read another agency's complaint", make(Role::kOfficer, 7), Action::kReadComplaints,
             kAgency8, false},
        Case{"unit officer cannot read a sibling unit's complaint", make(Role::kOfficer, 7, 3), Action::kReadComplaints,
             Scope{7, 4}, false},
        Case{"evaluator reads every complaint", make(Role::kEvaluator), Action::kReadComplaints, kAgency8, true},
        Case{"evaluator cannot handle complaints", make(Role::kEvaluator), Action::kHandleComplaints, kAgency8, false},
        Case{"officer handles own agency's complaint", make(Role::kOfficer, 7), Action::kHandleComplaints, kAgency7,
             true},
        Case{"mpp admin does not handle for an agency", make(Role::kMppAdmin), Action::kHandleComplaints, kAgency7,
             false},
        Case{"officer cannot route", make(Role::kOfficer, 7), Action::kRouteComplaints, kAgency7, false},
        Case{"agency admin routes own agency's complaint", make(Role::kAgencyAdmin, 7), Action::kRouteComplaints,
             kAgency7, true},
        Case{"agency admin cannot route another agency's", make(Role::kAgencyAdmin, 7), Action::kRouteComplaints,
             kAgency8, false},
        Case{"only the desk verifies", make(Role::kAgencyAdmin, 7), Action::kVerifyComplaints, kAgency7, false},
        Case{"mpp admin is the desk", make(Role::kMppAdmin), Action::kVerifyComplaints, {}, true},
        Case{"evaluator cannot reveal a reporter", make(Role::kEvaluator), Action::kRevealReporter, {}, false},
        Case{"integration cannot reveal a reporter", make(Role::kIntegration), Action::kRevealReporter, {}, false},
        // SP4N-LAPOR! dispositions.
        Case{"an untied key receives dispositions for any agency", make(Role::kIntegration),
             Action::kReceiveDispositions, kAgency8, true},
        Case{"a tied key receives dispositions for its agency", make(Role::kIntegration, 7),
             Action::kReceiveDispositions, kAgency7, true},
        Case{"a tied key cannot send to another agency", make(Role::kIntegration, 7), Action::kReceiveDispositions,
             kAgency8, false},
        Case{"the desk does not receive dispositions as a person", make(Role::kMppAdmin), Action::kReceiveDispositions,
             kAgency7, false},
        Case{"a visitor cannot send dispositions", make(Role::kAnonymous), Action::kReceiveDispositions, kAgency7,
             false, ErrorKind::kUnauthenticated}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n = info.param.name;
      for (auto& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

}  // namespace
}  // namespace layan::accounts
