#include "accounts/authz.hpp"

namespace layan::accounts {
namespace {

bool same_agency(const Principal& who, const Scope& scope) {
  return who.agency_id && scope.agency_id && *who.agency_id == *scope.agency_id;
}

// A unit-scoped staff member reaches only resources of that unit; an
// agency-wide one reaches every unit of the agency.
bool unit_allows(const Principal& who, const Scope& scope) {
  if (!who.unit_id) return true;
  return scope.unit_id && *scope.unit_id == *who.unit_id;
}

Status deny(const Principal& who, const char* what) {
  if (!who.authenticated()) return Error::unauthenticated(std::string("sign in to ") + what);
  return Error::forbidden(std::string("not allowed to ") + what);
}

}  // namespace

const char* role_name(Role r) {
  switch (r) {
    case Role::kAnonymous:
      return "anonymous";
    case Role::kCitizen:
      return "citizen";
    case Role::kOfficer:
      return "officer";
    case Role::kAgencyAdmin:
      return "agency_admin";
    case Role::kEvaluator:
      return "evaluator";
    case Role::kMppAdmin:
      return "mpp_admin";
    case Role::kIntegration:
      return "integration";
  }
  return "anonymous";
}

std::optional<Role> parse_role(const std::string& s) {
  for (Role r : {Role::kCitizen, Role::kOfficer, Role::kAgencyAdmin, Role::kEvaluator, Role::kMppAdmin}) {
    if (s == role_name(r)) return r;
  }
  return std::nullopt;
}

Status authorize(const Principal& who, Action action, const Scope& scope) {
  switch (action) {
    case Action::kReadPublic:
      return ok_status();
    case Action::kReadManagement:
      if (who.role == Role::kMppAdmin || who.role == Role::kEvaluator) return ok_status();
      if ((who.role == Role::kAgencyAdmin || who.role == Role::kOfficer) &&
          (!scope.agency_id || same_agency(who, scope))) {
        return ok_status();
      }
      return deny(who, "read management data");
    case Action::kEditCatalogue:
      if (who.role == Role::kMppAdmin) return ok_status();
      if (who.role == Role::kAgencyAdmin && same_agency(who, scope) && unit_allows(who, scope)) {
        return ok_status();
      }
      return deny(who, "edit this agency's catalogue");
    case Action::kEditAgency:
      if (who.role == Role::kMppAdmin) return ok_status();
      if (who.role == Role::kAgencyAdmin && !who.unit_id && same_agency(who, scope)) return ok_status();
      return deny(who, "edit this agency");
    case Action::kReadComplaints:
      if (who.role == Role::kMppAdmin || who.role == Role::kEvaluator) return ok_status();
      if ((who.role == Role::kAgencyAdmin || who.role == Role::kOfficer) && same_agency(who, scope) &&
          unit_allows(who, scope)) {
        return ok_status();
      }
      return deny(who, "read this complaint");
    case Action::kHandleComplaints:
      if ((who.role == Role::kAgencyAdmin || who.role == Role::kOfficer) && same_agency(who, scope) &&
          unit_allows(who, scope)) {
        return ok_status();
      }
      return deny(who, "handle this complaint");
    case Action::kRouteComplaints:
      if (who.role == Role::kAgencyAdmin && same_agency(who, scope) && unit_allows(who, scope)) return ok_status();
      return deny(who, "route this complaint");
    case Action::kVerifyComplaints:
    case Action::kRevealReporter:
      if (who.role == Role::kMppAdmin) return ok_status();
      return deny(who, "act as the verification desk");
    case Action::kReceiveDispositions:
      if (who.role == Role::kIntegration && (!who.agency_id || same_agency(who, scope))) return ok_status();
      return deny(who, "send dispositions to this agency");
    case Action::kManageAgencies:
    case Action::kManageUsers:
      if (who.role == Role::kMppAdmin) return ok_status();
      return deny(who, "manage the mall");
    case Action::kManageCalendar:
      if (who.role == Role::kMppAdmin) return ok_status();
      return deny(who, "manage the working-day calendar");
  }
  return deny(who, "do this");
}

}  // namespace layan::accounts
