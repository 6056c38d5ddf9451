#include "access/password.h"

#include <sodium.h>

#include <stdexcept>

namespace haven::access {

Result<HashStrength> ParseHashStrength(const std::string& name) {
  if (name == "minimum") return HashStrength::kMinimum;
  if (name == "interactive") return HashStrength::kInteractive;
  if (name == "moderate") return HashStrength::kModerate;
  return InvalidArgument("unknown password strength '" + name + "'", "password_strength");
}

PasswordHasher::PasswordHasher(HashStrength strength) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  switch (strength) {
    case HashStrength::kMinimum:
      ops_ = crypto_pwhash_OPSLIMIT_MIN;
      mem_ = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case HashStrength::kInteractive:
      ops_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      mem_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case HashStrength::kModerate:
      ops_ = crypto_pwhash_OPSLIMIT_MODERATE;
      mem_ = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
  }
  auto dummy = Hash("not a real password, only for timing");
  if (!dummy.ok()) throw std::runtime_error("argon2id hashing failed at start-up");
  dummy_hash_ = *dummy;
}

Result<std::string> PasswordHasher::Hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_, mem_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("not enough memory to hash the password");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(const std::string& hash, const std::string& password) const {
  if (hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyDummy(const std::string& password) const {
  (void)Verify(dummy_hash_, password);
}

Status CheckPasswordRules(const std::string& password, const std::string& field) {
  if (password.size() < 12) {
    return InvalidArgument("password must be at least 12 characters", field);
  }
  if (password.size() > 256)
    return InvalidArgument("password must be at most 256 characters", field);
  if (password.find_first_not_of(password[0]) == std::string::npos) {
    return InvalidArgument("password must not be one character repeated", field);
  }
  return Status::Ok();
}

}  // namespace haven::access
