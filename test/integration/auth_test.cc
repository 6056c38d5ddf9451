// Accounts, sign-in, sessions, throttling, lock-out and API tokens, on both backends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/wiring.h"
#include "common/random.h"
#include "storage/history.h"
#include "support/test_db.h"

namespace haven::test {
namespace {

using access::NewUser;
using access::UserStatus;

class AuthTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    OpenDatabase();
    if (HasFatalFailure()) return;
    services_ =
        std::make_unique<app::Services>(*store_, clock_, random_, access::HashStrength::kMinimum,
                                        access::AuthOptions{}, std::chrono::hours(12));
  }

  access::User AddUser(const std::string& name, const std::string& role = "social_worker") {
    auto u = services_->users.Create(
        admin_, {name, "Test " + name, std::nullopt, kPassword, {role}, std::nullopt},
        "test account");
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return u.ok() ? *u : access::User{};
  }

  static constexpr const char* kPassword = "a long enough password";
  FakeClock clock_{TimePoint(std::chrono::milliseconds(1'790'000'000'000))};
  SecureRandom random_;
  storage::Actor admin_{std::nullopt, "test"};
  std::unique_ptr<app::Services> services_;
};

TEST_P(AuthTest, CreatingAUserWritesAVersionWithoutThePasswordHash) {
  auto u = AddUser("alice");
  auto versions = storage::QueryOnce(*store_,
                                     "SELECT operation, reason, data FROM record_versions WHERE "
                                     "entity = 'users' AND record_id = ?",
                                     {u.id});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ(versions->rows[0].Text(0), "create");
  EXPECT_EQ(versions->rows[0].Text(1), "test account");
  auto data = nlohmann::json::parse(versions->rows[0].Text(2));
  EXPECT_EQ(data["username"], "alice");
  EXPECT_FALSE(data.contains("password_hash"));
  auto hash = storage::QueryOnce(*store_, "SELECT password_hash FROM users WHERE id = ?", {u.id});
  EXPECT_EQ(hash->rows[0].Text(0).rfind("$argon2id$", 0), 0u);
}

TEST_P(AuthTest, BadAccountInputNamesTheFieldAndStoresNothing) {
  struct Case {
    NewUser user;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{"Alice", "A", std::nullopt, kPassword, {"social_worker"}, std::nullopt}, "username"},
      {{"al", "A", std::nullopt, kPassword, {"social_worker"}, std::nullopt}, "username"},
      {{"alice", "", std::nullopt, kPassword, {"social_worker"}, std::nullopt}, "display_name"},
      {{"alice", "A", std::string("not-an-email"), kPassword, {"social_worker"}, std::nullopt},
       "email"},
      {{"alice", "A", std::nullopt, "short", {"social_worker"}, std::nullopt}, "password"},
      {{"alice", "A", std::nullopt, kPassword, {"wizard"}, std::nullopt}, "roles"},
      {{"alice", "A", std::nullopt, kPassword, {}, std::nullopt}, "roles"},
      {{"alice", "A", std::nullopt, kPassword, {"social_worker"}, int64_t{999}}, "team_id"},
  };
  for (const auto& c : cases) {
    auto r = services_->users.Create(admin_, c.user, "test");
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 0);
  AddUser("alice");
  auto dup = services_->users.Create(
      admin_, {"alice", "Another", std::nullopt, kPassword, {"director"}, std::nullopt}, "t");
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().field(), "username");
}

TEST_P(AuthTest, SignInIssuesASessionThatAuthenticates) {
  auto u = AddUser("bob");
  auto in = services_->auth.SignIn("bob", kPassword, "r1");
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->user.id, u.id);
  EXPECT_FALSE(in->csrf_token.empty());
  auto p = services_->auth.AuthenticateSession(in->token);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->user_id, u.id);
  EXPECT_EQ(p->csrf_token, in->csrf_token);
  // Only a digest of the token is stored.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {in->token}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {Sha256Hex(in->token)}), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM security_events WHERE event = 'sign_in'"), 1);
}

TEST_P(AuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  AddUser("carol");
  auto wrong = services_->auth.SignIn("carol", "not the password!", "r");
  auto unknown = services_->auth.SignIn("nobody", "not the password!", "r");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_EQ(services_->auth.SignIn("", kPassword, "r").status().field(), "username");
  EXPECT_EQ(services_->auth.SignIn("carol", "", "r").status().field(), "password");
}

TEST_P(AuthTest, SessionsExpireWhenIdleAndAtTheirMaximumAge) {
  AddUser("dave");
  auto in = services_->auth.SignIn("dave", kPassword, "r");
  ASSERT_TRUE(in.ok());
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(services_->auth.AuthenticateSession(in->token).ok());  // and this use renews idleness
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(services_->auth.AuthenticateSession(in->token).ok());
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(services_->auth.AuthenticateSession(in->token).status().code(),
            StatusCode::kUnauthenticated);

  auto again = services_->auth.SignIn("dave", kPassword, "r");
  ASSERT_TRUE(again.ok());
  for (int i = 0; i < 12 * 4; ++i) {  // busy all day, never idle for long
    clock_.Advance(std::chrono::minutes(15));
    auto p = services_->auth.AuthenticateSession(again->token);
    if (i < 12 * 4 - 1)
      ASSERT_TRUE(p.ok()) << "at step " << i;
    else
      EXPECT_FALSE(p.ok()) << "a session must end after 12 hours";
  }
}

TEST_P(AuthTest, SignInRenewsTheSessionAndSignOutEndsIt) {
  AddUser("erin");
  auto first = services_->auth.SignIn("erin", kPassword, "r");
  ASSERT_TRUE(first.ok());
  auto second = services_->auth.SignIn("erin", kPassword, "r", first->token);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->token, second->token);
  EXPECT_FALSE(services_->auth.AuthenticateSession(first->token).ok());
  auto p = services_->auth.AuthenticateSession(second->token);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(services_->auth.SignOut(*p, "r").ok());
  EXPECT_FALSE(services_->auth.AuthenticateSession(second->token).ok());
}

TEST_P(AuthTest, RepeatedFailuresAreThrottledThenTheAccountIsLocked) {
  auto u = AddUser("frank");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(services_->auth.SignIn("frank", "wrong password!", "r").status().code(),
              StatusCode::kUnauthenticated);
  }
  // Five failures: the next try must wait, even with the right password.
  auto throttled = services_->auth.SignIn("frank", kPassword, "r");
  EXPECT_EQ(throttled.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(throttled.status().message().find("try again in"), std::string::npos);
  for (int i = 5; i < 10; ++i) {
    clock_.Advance(std::chrono::minutes(6));  // past the longest wait
    EXPECT_FALSE(services_->auth.SignIn("frank", "wrong password!", "r").ok());
  }
  clock_.Advance(std::chrono::minutes(6));
  // A wrong password for a locked account gets the ordinary answer: nothing says it is locked.
  auto guess = services_->auth.SignIn("frank", "still guessing!!", "r");
  EXPECT_EQ(guess.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(guess.status().message().find("locked"), std::string::npos);
  clock_.Advance(std::chrono::minutes(6));
  auto locked = services_->auth.SignIn("frank", kPassword, "r");
  EXPECT_EQ(locked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(locked.status().message().find("locked"), std::string::npos);
  auto stored = services_->users.Get(u.id);
  EXPECT_EQ(stored->status, UserStatus::kLocked);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'users' AND record_id = ? "
                  "AND operation = 'lock'",
                  {u.id}),
            1);

  // An administrator unlocks; the count starts again.
  access::UserPatch unlock;
  unlock.status = UserStatus::kActive;
  ASSERT_TRUE(services_->users.Update(admin_, u.id, unlock, "identity confirmed by phone").ok());
  EXPECT_TRUE(services_->auth.SignIn("frank", kPassword, "r").ok());
}

TEST_P(AuthTest, ConcurrentFailuresAreAllCounted) {
  AddUser("kim");
  // Fewer than the throttle's threshold, so every attempt reaches the count whatever the timing.
  constexpr int kThreads = 4;
  static_assert(kThreads < access::AuthOptions{}.throttle_after);
  std::vector<std::thread> threads;
  std::atomic<int> unexpected{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto r = services_->auth.SignIn("kim", "wrong password!", "r");
      if (r.status().code() != StatusCode::kUnauthenticated) ++unexpected;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(Count("SELECT failures FROM sign_in_failures WHERE subject = 'kim'"), kThreads);
}

TEST_P(AuthTest, APasswordResetRevokesApiTokens) {
  auto u = AddUser("lena");
  auto in = services_->auth.SignIn("lena", kPassword, "r");
  auto who = services_->auth.AuthenticateSession(in->token);
  ASSERT_TRUE(who.ok());
  auto token = services_->auth.CreateApiToken(*who, "script", "r");
  ASSERT_TRUE(token.ok());
  access::UserPatch reset;
  reset.password = "a brand new password";
  ASSERT_TRUE(services_->users.Update(admin_, u.id, reset, "password reset on request").ok());
  EXPECT_FALSE(services_->auth.AuthenticateApiToken(token->second).ok());
  EXPECT_FALSE(services_->auth.AuthenticateSession(in->token).ok());
  EXPECT_TRUE(services_->auth.SignIn("lena", "a brand new password", "r").ok());
}

TEST_P(AuthTest, UnknownUsernamesAreThrottledToo) {
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(services_->auth.SignIn("ghost", "whatever password", "r").ok());
  EXPECT_EQ(services_->auth.SignIn("ghost", "whatever password", "r").status().code(),
            StatusCode::kResourceExhausted);
}

TEST_P(AuthTest, DisablingAnAccountEndsItsSessionsAndBlocksSignIn) {
  auto u = AddUser("gina");
  auto in = services_->auth.SignIn("gina", kPassword, "r");
  ASSERT_TRUE(in.ok());
  access::UserPatch off;
  off.status = UserStatus::kDisabled;
  ASSERT_TRUE(services_->users.Update(admin_, u.id, off, "left the authority").ok());
  EXPECT_FALSE(services_->auth.AuthenticateSession(in->token).ok());
  auto again = services_->auth.SignIn("gina", kPassword, "r");
  EXPECT_EQ(again.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = ?", {u.id}), 1) << "never deleted";
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM record_versions WHERE entity = 'users' AND record_id = ? AND "
            "operation = 'disable' AND reason = 'left the authority'",
            {u.id}),
      1);
}

TEST_P(AuthTest, AnUpdateNeedsAReason) {
  auto u = AddUser("hana");
  access::UserPatch p;
  p.display_name = "Hana B";
  EXPECT_EQ(services_->users.Update(admin_, u.id, p, "").status().field(), "reason");
  EXPECT_EQ(services_->users.Get(u.id)->display_name, "Test hana");
}

TEST_P(AuthTest, ApiTokensAuthenticateUntilRevoked) {
  AddUser("ivan");
  auto in = services_->auth.SignIn("ivan", kPassword, "r");
  auto who = services_->auth.AuthenticateSession(in->token);
  ASSERT_TRUE(who.ok());
  auto created = services_->auth.CreateApiToken(*who, "nightly export", "r");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string token = created->second;
  EXPECT_EQ(token.rfind("hvn_", 0), 0u);
  auto p = services_->auth.AuthenticateApiToken(token);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->via, access::Principal::Via::kApiToken);
  EXPECT_FALSE(services_->auth.AuthenticateApiToken(token + "x").ok());
  EXPECT_FALSE(services_->auth.AuthenticateApiToken("not-a-token").ok());
  auto list = services_->auth.ListApiTokens(*who);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "nightly export");
  ASSERT_TRUE(services_->auth.RevokeApiToken(*who, created->first.id, "r").ok());
  EXPECT_FALSE(services_->auth.AuthenticateApiToken(token).ok());
  EXPECT_EQ(services_->auth.RevokeApiToken(*who, created->first.id, "r").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(services_->auth.CreateApiToken(*who, "", "r").status().field(), "name");
}

HAVEN_INSTANTIATE_BACKENDS(AuthTest);

}  // namespace
}  // namespace haven::test
