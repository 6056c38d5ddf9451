#pragma once

// Secure randomness and digests for tokens (libsodium), injected so tests can make it repeatable
// where that matters.

#include <cstddef>
#include <string>
#include <string_view>

namespace haven {

class Random {
 public:
  virtual ~Random() = default;
  // `n` random bytes.
  virtual std::string Bytes(size_t n) = 0;
};

// Random bytes from the operating system via libsodium.
class SecureRandom final : public Random {
 public:
  SecureRandom();
  std::string Bytes(size_t n) override;
};

// A token of `n` random bytes, URL-safe base64 without padding.
std::string RandomToken(Random& random, size_t n);
// Lower-case hex of the bytes.
std::string HexEncode(std::string_view bytes);
// SHA-256 of the text, hex. Used to store tokens so a stolen database gives no live token.
std::string Sha256Hex(std::string_view text);
// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace haven
