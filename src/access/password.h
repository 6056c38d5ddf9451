#pragma once

// Password hashing with argon2id (libsodium's crypto_pwhash_str), and the password rules.

#include <string>

#include "common/status.h"

namespace haven::access {

enum class HashStrength {
  kMinimum,      // libsodium's minimum cost: for tests only
  kInteractive,  // 64 MiB, 2 passes: the default for sign-in
  kModerate,     // 256 MiB, 3 passes
};

Result<HashStrength> ParseHashStrength(const std::string& name);

class PasswordHasher {
 public:
  explicit PasswordHasher(HashStrength strength);
  Result<std::string> Hash(const std::string& password) const;
  bool Verify(const std::string& hash, const std::string& password) const;
  // Burns the time of one verification, so an unknown username costs as much as a wrong password.
  void VerifyDummy(const std::string& password) const;

 private:
  unsigned long long ops_;
  size_t mem_;
  std::string dummy_hash_;
};

// A password must be 12 to 256 characters and not all one character.
Status CheckPasswordRules(const std::string& password, const std::string& field = "password");

}  // namespace haven::access
