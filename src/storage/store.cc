#include "storage/store.h"

#include <charconv>
#include <stdexcept>

namespace haven::storage {

const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

int64_t Row::Int(size_t i) const { return OptInt(i).value_or(0); }

std::optional<int64_t> Row::OptInt(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), v);
  if (ec != std::errc() || p != c->data() + c->size()) {
    throw std::logic_error("column " + std::to_string(i) + " is not an integer: " + *c);
  }
  return v;
}

double Row::Real(size_t i) const {
  const auto& c = cells_.at(i);
  return c ? std::stod(*c) : 0.0;
}

Result<Rows> QueryOnce(Store& store, std::string_view sql, const Params& params) {
  Rows out;
  Status s = store.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, tx.Query(sql, params));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace haven::storage
