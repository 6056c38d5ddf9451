#pragma once

// The clock is injected everywhere time matters (sessions, throttling, versions), so tests can
// move time forward without sleeping.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace haven {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock that only moves when told to. Safe to read from several threads.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(ms_.load())); }
  void Advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_;
};

// "2026-11-22T07:05:47.123Z": UTC, fixed width, so the text sorts in time order in any database.
std::string FormatTimestamp(TimePoint t);
// Parses the form FormatTimestamp writes; returns false on anything else.
bool ParseTimestamp(const std::string& text, TimePoint* out);

}  // namespace haven
