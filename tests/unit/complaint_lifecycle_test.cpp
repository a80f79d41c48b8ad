// Every (status, transition, actor) triple: the allowed ones below, written
// out independently of lifecycle.cpp, and every other one forbidden.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "complaints/lifecycle.hpp"

namespace layan::complaints {
namespace {

using S = Status;
using T = Transition;
using A = ActorKind;

using Key = std::tuple<S, T, A>;

std::map<Key, S> allowed() {
  std::map<Key, S> m;
  auto allow = [&](std::initializer_list<S> from, T t, std::initializer_list<A> actors, std::optional<S> to) {
    for (S f : from) {
      for (A a : actors) m[{f, t, a}] = to ? *to : f;
    }
  };
  const auto handling = {S::kAtAgency, S::kAtUnit, S::kInProgress};
  // The verification desk.
  allow({S::kSubmitted}, T::kVerify, {A::kDesk}, S::kVerified);
  allow({S::kSubmitted}, T::kReturnForCompletion, {A::kDesk}, S::kReturned);
  allow({S::kSubmitted, S::kVerified, S::kNotOurAuthority}, T::kReject, {A::kDesk}, S::kRejected);
  allow({S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority}, T::kMarkDuplicate, {A::kDesk}, S::kDuplicate);
  allow({S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority}, T::kMarkAbuse, {A::kDesk}, S::kAbuse);
  allow({S::kVerified, S::kNotOurAuthority}, T::kDispositionToAgency, {A::kDesk}, S::kAtAgency);
  allow(handling, T::kForwardToAgency, {A::kDesk, A::kAgency}, S::kAtAgency);
  allow({S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority}, T::kReply, {A::kDesk}, std::nullopt);
  for (S s : kAllStatuses) {
    if (s != S::kArchived) allow({s}, T::kNote, {A::kDesk}, std::nullopt);
  }
  allow({S::kReturned, S::kRejected, S::kDuplicate, S::kAbuse, S::kClosed}, T::kArchive, {A::kDesk}, S::kArchived);
  // The responsible agency and its units.
  allow(handling, T::kDispositionToUnit, {A::kAgency}, S::kAtUnit);
  allow(handling, T::kNotOurAuthority, {A::kAgency}, S::kNotOurAuthority);
  allow({S::kAtAgency, S::kAtUnit}, T::kStartWork, {A::kAgency, A::kUnit}, S::kInProgress);
  allow(handling, T::kReply, {A::kAgency, A::kUnit}, S::kInProgress);
  allow({S::kAtAgency, S::kAtUnit, S::kInProgress, S::kResolved, S::kClosed}, T::kNote, {A::kAgency, A::kUnit},
        std::nullopt);
  allow(handling, T::kResolve, {A::kAgency, A::kUnit}, S::kResolved);
  allow(handling, T::kMarkAbuse, {A::kAgency, A::kUnit}, S::kAbuse);
  // The reporter.
  allow({S::kReturned}, T::kComplete, {A::kReporter}, S::kSubmitted);
  allow({S::kSubmitted, S::kVerified, S::kNotOurAuthority, S::kAtAgency, S::kAtUnit, S::kInProgress}, T::kReporterReply,
        {A::kReporter}, std::nullopt);
  allow({S::kResolved}, T::kConfirm, {A::kReporter}, S::kClosed);
  allow({S::kResolved, S::kClosed}, T::kReopen, {A::kReporter}, S::kInProgress);
  allow({S::kResolved, S::kClosed}, T::kRate, {A::kReporter}, std::nullopt);
  // Background jobs.
  allow({S::kResolved}, T::kAutoClose, {A::kSystem}, S::kClosed);
  return m;
}

TEST(ComplaintLifecycle, EveryTripleIsAllowedOrForbiddenAsSpecified) {
  const auto expected = allowed();
  int checked = 0;
  for (S from : kAllStatuses) {
    for (T t : kAllTransitions) {
      for (A a : kAllActors) {
        auto got = next_status(from, t, a);
        auto it = expected.find({from, t, a});
        SCOPED_TRACE(std::string(to_string(a)) + " " + to_string(t) + " from " + to_string(from));
        if (it == expected.end()) {
          EXPECT_FALSE(got.has_value()) << "allowed, to " << to_string(*got);
        } else {
          ASSERT_TRUE(got.has_value()) << "forbidden";
          EXPECT_EQ(*got, it->second) << "went to " << to_string(*got);
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 13 * 21 * 5);
}

TEST(ComplaintLifecycle, NothingLeavesArchived) {
  for (T t : kAllTransitions) {
    for (A a : kAllActors) EXPECT_FALSE(next_status(S::kArchived, t, a)) << to_string(t);
  }
}

TEST(ComplaintLifecycle, OpenAndFinalPartitionTheStatuses) {
  for (S s : kAllStatuses) {
    if (is_final(s)) {
      EXPECT_FALSE(is_open(s)) << to_string(s);
    }
  }
  EXPECT_TRUE(is_open(S::kSubmitted));
  EXPECT_TRUE(is_open(S::kInProgress));
  EXPECT_FALSE(is_open(S::kResolved));
  EXPECT_FALSE(is_open(S::kClosed));
  EXPECT_TRUE(is_at_desk(S::kNotOurAuthority));
  EXPECT_TRUE(is_at_agency(S::kAtUnit));
  EXPECT_FALSE(is_at_agency(S::kResolved));
}

TEST(ComplaintLifecycle, NamesRoundTrip) {
  for (S s : kAllStatuses) EXPECT_EQ(parse_status(to_string(s)), s);
  for (T t : kAllTransitions) EXPECT_EQ(parse_transition(to_string(t)), t);
  for (Type t : {Type::kAspirasi, Type::kPengaduan, Type::kPermintaanInformasi, Type::kWhistleblowing}) {
    EXPECT_EQ(parse_type(to_string(t)), t);
  }
  for (Privacy p : {Privacy::kBiasa, Privacy::kAnonim, Privacy::kRahasia}) EXPECT_EQ(parse_privacy(to_string(p)), p);
  EXPECT_FALSE(parse_status("SUBMITTED"));
  EXPECT_FALSE(parse_privacy(""));
}

TEST(ComplaintLifecycle, ReasonsAreRequiredWhereTheyExplainAChange) {
  for (T t : {T::kReturnForCompletion, T::kReject, T::kMarkAbuse, T::kForwardToAgency, T::kNotOurAuthority, T::kReopen,
              T::kReply, T::kNote, T::kResolve}) {
    EXPECT_TRUE(needs_message(t)) << to_string(t);
  }
  for (T t : {T::kVerify, T::kConfirm, T::kAutoClose, T::kArchive, T::kStartWork}) {
    EXPECT_FALSE(needs_message(t)) << to_string(t);
  }
  EXPECT_FALSE(is_public_event(T::kNote));
  EXPECT_FALSE(is_public_event(T::kMarkAbuse));
  EXPECT_TRUE(is_public_event(T::kReply));
  EXPECT_TRUE(is_public_event(T::kResolve));
}

}  // namespace
}  // namespace layan::complaints
