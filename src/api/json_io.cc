#include "api/json_io.h"

#include <limits>

namespace haven::api {

Result<Json> ParseObject(const http::Request& req) {
  Json j = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return InvalidArgument("the request body is not valid JSON", "body");
  }
  if (!j.is_object()) return InvalidArgument("the request body must be a JSON object", "body");
  return j;
}

Result<std::optional<std::string>> StringField(const Json& j, const std::string& name,
                                               bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return InvalidArgument(name + " is required", name);
    return std::optional<std::string>();
  }
  if (!it->is_string()) return InvalidArgument(name + " must be a string", name);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<int64_t>> IntField(const Json& j, const std::string& name, bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return InvalidArgument(name + " is required", name);
    return std::optional<int64_t>();
  }
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() &&
       it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    return InvalidArgument(name + " must be a whole number", name);
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<std::optional<std::vector<std::string>>> StringListField(const Json& j,
                                                                const std::string& name,
                                                                bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return InvalidArgument(name + " is required", name);
    return std::optional<std::vector<std::string>>();
  }
  if (!it->is_array()) return InvalidArgument(name + " must be a list of strings", name);
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return InvalidArgument(name + " must be a list of strings", name);
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::string> NumberText(const Json& j, const std::string& name) {
  if (!j.contains(name) || j[name].is_null()) return InvalidArgument(name + " is required", name);
  const Json& v = j[name];
  if (v.is_number()) return v.dump();
  if (v.is_string()) return v.get<std::string>();
  return InvalidArgument(name + " must be a number", name);
}

Status OnlyFields(const Json& j, const std::vector<std::string>& allowed) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == it.key();
    if (!ok) return InvalidArgument("unknown field '" + it.key() + "'", it.key());
  }
  return Status::Ok();
}

namespace {
Json Opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
Json Opt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }
}  // namespace

Json ToJson(const access::User& u) {
  Json roles = Json::array();
  for (auto r : u.roles) roles.push_back(std::string(access::RoleName(r)));
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"email", Opt(u.email)},
          {"roles", roles},
          {"team_id", Opt(u.team_id)},
          {"status", std::string(access::UserStatusName(u.status))},
          {"employment",
           {{"type", Opt(u.employment.type)},
            {"fte", u.employment.fte ? Json(*u.employment.fte) : Json(nullptr)},
            {"start_date", Opt(u.employment.start_date)},
            {"end_date", Opt(u.employment.end_date)}}},
          {"version", u.version},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

Json ToJson(const access::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", t.created_at},
          {"last_used_at", Opt(t.last_used_at)},
          {"revoked_at", Opt(t.revoked_at)}};
}

Json ToJson(const org::Organisation& o) {
  return {{"id", o.id},
          {"code", o.code},
          {"name", o.name},
          {"kind", std::string(org::KindName(o.kind))},
          {"active", o.active}};
}

Json ToJson(const org::ServiceArea& a) {
  return {{"id", a.id},
          {"code", a.code},
          {"name", a.name},
          {"parent_id", Opt(a.parent_id)},
          {"active", a.active}};
}

Json ToJson(const org::Team& t) {
  return {{"id", t.id},
          {"code", t.code},
          {"name", t.name},
          {"service_area_id", t.service_area_id},
          {"active", t.active}};
}

Json ToJson(const domain::Person& p) {
  return {{"id", p.id},
          {"service_area_id", p.service_area_id},
          {"kind", std::string(domain::PersonKindName(p.kind))},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"date_of_birth", Opt(p.date_of_birth)},
          {"sex", p.sex},
          {"gender", Opt(p.gender)},
          {"ethnicity", Opt(p.ethnicity)},
          {"disabilities", p.disabilities},
          {"la_child_id", Opt(p.la_child_id)},
          {"upn", Opt(p.upn)},
          {"former_upn", Opt(p.former_upn)},
          {"upn_unknown", Opt(p.upn_unknown)},
          {"nhs_number", Opt(p.nhs_number)},
          {"merged_into", Opt(p.merged_into)},
          {"restricted", p.restricted},
          {"version", p.version},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

namespace {
Json Base(const domain::DetailBase& d) {
  return {{"id", d.id},
          {"person_id", d.person_id},
          {"start_date", Opt(d.start_date)},
          {"end_date", Opt(d.end_date)},
          {"version", d.version}};
}
template <typename T>
Json List(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& i : items) out.push_back(ToJson(i));
  return out;
}
}  // namespace

Json ToJson(const domain::OtherName& n) {
  Json j = Base(n);
  j.update({{"kind", n.kind}, {"given_name", n.given_name}, {"family_name", n.family_name}});
  return j;
}

Json ToJson(const domain::Address& a) {
  Json j = Base(a);
  j.update({{"line1", a.line1},
            {"line2", Opt(a.line2)},
            {"town", Opt(a.town)},
            {"postcode", a.postcode}});
  return j;
}

Json ToJson(const domain::Alert& a) {
  Json j = Base(a);
  j.update({{"kind", a.kind}, {"detail", a.detail}});
  return j;
}

Json ToJson(const record::RelationshipView& r) {
  Json j = Base(r.relationship);
  j.update({{"kind", r.relationship.kind},
            {"related_person_id", r.relationship.related_person_id},
            {"related_name", r.related_name}});
  return j;
}

Json ToJson(const record::PersonRecord& r) {
  Json j = ToJson(r.person);
  j["current_alerts"] = List(r.current_alerts);
  j["alerts"] = List(r.alerts);
  j["other_names"] = List(r.names);
  j["addresses"] = List(r.addresses);
  j["relationships"] = List(r.relationships);
  return j;
}

Json ToJson(const record::SearchHit& h) {
  return {{"id", h.person.id},
          {"kind", std::string(domain::PersonKindName(h.person.kind))},
          {"given_name", h.person.given_name},
          {"family_name", h.person.family_name},
          {"date_of_birth", Opt(h.person.date_of_birth)},
          {"sex", h.person.sex},
          {"upn", Opt(h.person.upn)},
          {"nhs_number", Opt(h.person.nhs_number)},
          {"score", static_cast<double>(static_cast<int>(h.score * 1000)) / 1000},
          {"matched_on", h.matched_on},
          {"current_alerts", List(h.current_alerts)}};
}

Json ToJson(const record::ContactView& v) {
  const auto& c = v.contact;
  return {{"id", c.id},
          {"person_id", c.person_id},
          {"received_at", c.received_at},
          {"source", c.source},
          {"referrer_name", c.referrer_name},
          {"referrer_agency", Opt(c.referrer_agency)},
          {"concerns", c.concerns},
          {"decision", Opt(c.decision)},
          {"threshold_reason", Opt(c.threshold_reason)},
          {"decided_at", Opt(c.decided_at)},
          {"decided_by", Opt(c.decided_by)},
          {"feedback_at", Opt(c.feedback_at)},
          {"feedback", Opt(c.feedback)},
          {"version", c.version},
          {"decision_due", v.decision_clock.due.ToString()},
          {"decision_state", std::string(clocks::ClockStateName(v.decision_clock.state))},
          {"working_days_left", v.decision_clock.working_days_left}};
}

Json ToJson(const record::ContactRecord& r) {
  Json j = ToJson(r.contact);
  j["person"] = ToJson(r.person);
  j["previous_contacts"] = List(r.previous_contacts);
  Json involvement = Json::array();
  for (const auto& i : r.involvement) {
    involvement.push_back({{"kind", i.kind},
                           {"id", i.id},
                           {"start_date", i.start_date},
                           {"end_date", Opt(i.end_date)},
                           {"open", !i.end_date.has_value()},
                           {"team", Opt(i.team)}});
  }
  j["involvement"] = involvement;
  return j;
}

Json ToJson(const storage::Version& v) {
  return {{"version", v.version},        {"operation", v.operation},
          {"actor_id", Opt(v.actor_id)}, {"at", v.at},
          {"reason", v.reason},          {"data", Json::parse(v.data, nullptr, false)}};
}

Json ToJson(const storage::AccessEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor_id", e.actor_id},
          {"action", e.action},
          {"purpose", e.purpose.empty() ? Json(nullptr) : Json(e.purpose)},
          {"request_id", e.request_id}};
}

http::Response JsonOk(int status, const Json& body) {
  return http::JsonResponse(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace haven::api
