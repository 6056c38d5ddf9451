// Routes for casework (every step in domain::Steps(), generically), the child's case view and
// chronology, allocation and caseloads, merges, restriction, and the OpenAPI document. Handlers
// only translate between JSON and the services.

#include <cmath>
#include <cstdio>
#include <sstream>

#include "api/api.h"
#include "api/handler_support.h"
#include "api/json_io.h"
#include "api/openapi.h"
#include "domain/casework.h"
#include "domain/codes.h"

namespace haven::api {
namespace {

using access::Principal;
using domain::FieldType;
using http::Method;
using http::Request;
using http::Response;

// ---- JSON <-> step values -------------------------------------------------------------------

Json ValueJson(const domain::FieldSpec& f, const std::optional<std::string>& v) {
  if (!v) return nullptr;
  switch (f.type) {
    case FieldType::kFlag:
      return *v == "1";
    case FieldType::kRef:
    case FieldType::kCount:
      return std::stoll(*v);
    case FieldType::kCodes: {
      Json list = Json::array();
      std::stringstream in(*v);
      std::string code;
      while (std::getline(in, code, ',')) {
        if (!code.empty()) list.push_back(code);
      }
      return list;
    }
    default:
      return *v;
  }
}

Json StepJson(const domain::StepRecord& r) {
  const domain::StepSpec& spec = *domain::FindStep(r.kind);
  Json j = {{"kind", r.kind}, {"id", r.id}, {"person_id", r.person_id}};
  if (spec.under_referral) j["referral_id"] = r.referral_id ? Json(*r.referral_id) : Json(nullptr);
  for (const auto& f : spec.fields) j[f.name] = ValueJson(f, r.Get(f.name));
  j["recorded_by"] = r.recorded_by ? Json(*r.recorded_by) : Json(nullptr);
  if (spec.needs_authorisation) {
    j["authorised_by"] = r.authorised_by ? Json(*r.authorised_by) : Json(nullptr);
    j["authorised_at"] = r.authorised_at ? Json(*r.authorised_at) : Json(nullptr);
  }
  j["version"] = r.version;
  j["created_at"] = r.created_at;
  return j;
}

Json ResultJson(const record::StepResult& r) {
  Json j = StepJson(r.record);
  j["warnings"] = r.warnings;
  return j;
}

// Reads the step's fields from a body; `control` names the other keys the route accepts.
Result<domain::Values> ValuesFrom(const domain::StepSpec& spec, const Json& body,
                                  const std::vector<std::string>& control) {
  domain::Values out;
  for (const auto& [key, value] : body.items()) {
    if (std::find(control.begin(), control.end(), key) != control.end()) continue;
    const domain::FieldSpec* f = domain::FindField(spec, key);
    if (f == nullptr || f->derived) {
      return InvalidArgument("a " + spec.title + " has no field '" + key + "' that can be set",
                             key);
    }
    if (value.is_null()) {
      out[key] = std::nullopt;
      continue;
    }
    switch (f->type) {
      case FieldType::kFlag:
        if (!value.is_boolean()) return InvalidArgument(key + " must be true or false", key);
        out[key] = value.get<bool>() ? "1" : "0";
        break;
      case FieldType::kRef:
        if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
          return InvalidArgument(key + " must be a record id (a positive whole number)", key);
        }
        out[key] = std::to_string(value.get<int64_t>());
        break;
      case FieldType::kCount:
        if (!value.is_number_integer() || value.get<int64_t>() < 0) {
          return InvalidArgument(key + " must be a whole number", key);
        }
        out[key] = std::to_string(value.get<int64_t>());
        break;
      case FieldType::kMoney:
        // Pounds as a string ("650.50") or a number with at most two decimals.
        if (value.is_number_integer()) {
          out[key] = std::to_string(value.get<int64_t>());
        } else if (value.is_number()) {
          const double pence = value.get<double>() * 100;
          if (pence < 0 || std::abs(pence - std::round(pence)) > 1e-6) {
            return InvalidArgument(key + " must be pounds with at most two decimals", key);
          }
          char text[32];
          std::snprintf(text, sizeof text, "%.2f", value.get<double>());
          out[key] = text;
        } else if (value.is_string()) {
          out[key] = value.get<std::string>();
        } else {
          return InvalidArgument(key + " must be an amount in pounds", key);
        }
        break;
      case FieldType::kCodes: {
        if (!value.is_array()) return InvalidArgument(key + " must be a list of codes", key);
        std::string joined;
        for (const auto& c : value) {
          if (!c.is_string()) return InvalidArgument(key + " must be a list of codes", key);
          joined += (joined.empty() ? "" : ",") + c.get<std::string>();
        }
        out[key] = joined;
        break;
      }
      default:
        if (!value.is_string()) return InvalidArgument(key + " must be text", key);
        out[key] = value.get<std::string>();
    }
  }
  return out;
}

Result<int64_t> VersionOf(const Json& body) {
  ASSIGN_OR_RETURN(auto v, IntField(body, "version", true));
  return *v;
}

// ---- other JSON shapes ----------------------------------------------------------------------

Json ClockJson(const domain::DueAction& a) {
  return {{"timescale", a.timescale_id},
          {"step", a.step},
          {"kind", a.kind},
          {"record_id", a.record_id},
          {"person_id", a.person_id},
          {"started", a.clock.started.ToString()},
          {"due", a.clock.due.ToString()},
          {"completed", a.clock.completed ? Json(a.clock.completed->ToString()) : Json(nullptr)},
          {"state", std::string(clocks::ClockStateName(a.clock.state))},
          {"working_days_left", a.clock.working_days_left}};
}

Json WorkItems(const std::vector<record::WorkItem>& items) {
  Json out = Json::array();
  for (const auto& w : items) {
    Json j = ClockJson(w.action);
    j["name"] = w.name;
    out.push_back(j);
  }
  return out;
}

Json AllocationJson(const record::Allocation& a) {
  return {{"id", a.id},
          {"person_id", a.person_id},
          {"team_id", a.team_id},
          {"worker_id", a.worker_id ? Json(*a.worker_id) : Json(nullptr)},
          {"start_date", a.start_date},
          {"end_date", a.end_date ? Json(*a.end_date) : Json(nullptr)},
          {"reason", a.reason ? Json(*a.reason) : Json(nullptr)},
          {"change_reason", a.change_reason ? Json(*a.change_reason) : Json(nullptr)},
          {"version", a.version}};
}

Json MergeJson(const record::Merge& m) {
  return {{"id", m.id},
          {"kept_id", m.kept_id},
          {"merged_id", m.merged_id},
          {"moved_rows", m.moved_rows},
          {"reason", m.reason},
          {"merged_at", m.merged_at},
          {"undone_at", m.undone_at ? Json(*m.undone_at) : Json(nullptr)},
          {"version", m.version}};
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// ---- routes ---------------------------------------------------------------------------------

void AddSteps(http::Router& r, const ApiServices& s) {
  for (const domain::StepSpec& spec : domain::Steps()) {
    const domain::StepSpec* sp = &spec;
    const std::string parent = spec.under_referral ? "/api/v1/referrals/{id}/" : "/api/v1/people/{id}/";
    if (spec.kind != "care_period") r.Add(Method::kPost, parent + spec.path,
          JsonBody(Authed(s, [&s, sp](Request& req, const Principal& p) -> Result<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(req));
            ASSIGN_OR_RETURN(Json body, ParseObject(req));
            ASSIGN_OR_RETURN(domain::Values values, ValuesFrom(*sp, body, {}));
            std::optional<int64_t> person, referral;
            (sp->under_referral ? referral : person) = id;
            ASSIGN_OR_RETURN(record::StepResult out,
                             s.casework.Add(p, ActorOf(p, req), sp->kind, person, referral,
                                            std::move(values)));
            return JsonOk(201, ResultJson(out));
          })));
    const std::string one = "/api/v1/" + spec.path + "/{id}";
    r.Add(Method::kGet, one, Authed(s, [&s, sp](Request& req, const Principal& p) -> Result<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(req));
            ASSIGN_OR_RETURN(auto rec, s.casework.Get(p, ActorOf(p, req), sp->kind, id));
            return JsonOk(200, StepJson(rec));
          }));
    r.Add(Method::kPatch, one,
          JsonBody(Authed(s, [&s, sp](Request& req, const Principal& p) -> Result<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(req));
            ASSIGN_OR_RETURN(Json body, ParseObject(req));
            ASSIGN_OR_RETURN(int64_t version, VersionOf(body));
            ASSIGN_OR_RETURN(domain::Values values, ValuesFrom(*sp, body, {"version"}));
            ASSIGN_OR_RETURN(auto out, s.casework.Change(p, ActorOf(p, req), sp->kind, id, version,
                                                         std::move(values)));
            return JsonOk(200, ResultJson(out));
          })));
    if (spec.needs_authorisation) {
      r.Add(Method::kPost, one + "/authorise",
            JsonBody(Authed(s, [&s, sp](Request& req, const Principal& p) -> Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, IdParam(req));
              ASSIGN_OR_RETURN(Json body, ParseObject(req));
              RETURN_IF_ERROR(OnlyFields(body, {"version"}));
              ASSIGN_OR_RETURN(int64_t version, VersionOf(body));
              ASSIGN_OR_RETURN(auto out, s.casework.Authorise(p, ActorOf(p, req), sp->kind, id,
                                                              version));
              return JsonOk(200, ResultJson(out));
            })));
    }
  }
}

// A child comes into care: {period fields..., "legal_status": code, "placement": {fields}}.
void AddCare(http::Router& r, const ApiServices& s) {
  r.Add(Method::kPost, "/api/v1/people/{id}/care-periods",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          if (!body.contains("placement") || !body["placement"].is_object()) {
            return InvalidArgument("the first placement is required, as an object", "placement");
          }
          ASSIGN_OR_RETURN(auto code, StringField(body, "legal_status", true));
          ASSIGN_OR_RETURN(domain::Values period,
                           ValuesFrom(*domain::FindStep("care_period"), body,
                                      {"legal_status", "placement"}));
          ASSIGN_OR_RETURN(domain::Values placement,
                           ValuesFrom(*domain::FindStep("placement"), body["placement"], {}));
          ASSIGN_OR_RETURN(auto made, s.casework.StartCare(p, ActorOf(p, req), id, period,
                                                           {{"legal_status", *code}}, placement));
          return JsonOk(201, {{"care_period", ResultJson(made.at(0))},
                              {"legal_status", ResultJson(made.at(1))},
                              {"placement", ResultJson(made.at(2))}});
        })));
  r.Add(Method::kGet, "/api/v1/people/{id}/care",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(record::CareView view, s.casework.Care(p, ActorOf(p, req), id));
          Json placements = Json::array();
          for (const auto& pl : view.placements) {
            Json j = StepJson(pl.record);
            j["end_date"] = pl.end_date ? Json(*pl.end_date) : Json(nullptr);
            placements.push_back(j);
          }
          Json episodes = Json::array();
          auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
          for (const auto& e : view.episodes) {
            episodes.push_back({{"DECOM", e.decom},
                                {"RNE", e.rne},
                                {"LS", e.ls},
                                {"CIN", e.cin},
                                {"PLACE", e.place},
                                {"PLACE_PROVIDER", e.place_provider},
                                {"DEC", opt(e.dec)},
                                {"REC", opt(e.rec)},
                                {"REASON_PLACE_CHANGE", opt(e.reason_place_change)},
                                {"HOME_POST", opt(e.home_post)},
                                {"PL_POST", opt(e.pl_post)},
                                {"URN", opt(e.urn)},
                                {"care_period_id", e.period_id},
                                {"legal_status_id", e.legal_status_id},
                                {"placement_id", e.placement_id}});
          }
          Json periods = Json::array();
          for (const auto& pr : view.periods) periods.push_back(StepJson(pr));
          return JsonOk(200, {{"person_id", id},
                              {"looked_after", view.looked_after},
                              {"care_periods", periods},
                              {"placements", placements},
                              {"episodes", episodes}});
        }));
}

void AddCaseViews(http::Router& r, const ApiServices& s) {
  r.Add(Method::kGet, "/api/v1/people/{id}/casework",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(record::CaseView view, s.casework.Case(p, ActorOf(p, req), id));
          Json steps = Json::array();
          for (const auto& st : view.steps) steps.push_back(StepJson(st));
          Json clocks = Json::array();
          Json due = Json::array();
          for (const auto& a : view.clocks.actions) {
            clocks.push_back(ClockJson(a));
            if (domain::IsOutstanding(a)) due.push_back(ClockJson(a));
          }
          return JsonOk(200, {{"person_id", id},
                              {"steps", steps},
                              {"clocks", clocks},
                              {"outstanding", due},
                              {"drift", view.clocks.drift}});
        }));
  r.Add(Method::kGet, "/api/v1/people/{id}/chronology",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          record::ChronologyFilter filter;
          if (auto kinds = req.QueryParam("kind")) filter.kinds = SplitList(*kinds);
          for (const auto& k : filter.kinds) {
            if (!domain::FindStep(k) && k != "contact" && k != "allocation") {
              return InvalidArgument("unknown kind '" + k + "' in the filter", "kind");
            }
          }
          filter.from = req.QueryParam("from");
          filter.to = req.QueryParam("to");
          if (filter.from) RETURN_IF_ERROR(ValidateDate(*filter.from, "from"));
          if (filter.to) RETURN_IF_ERROR(ValidateDate(*filter.to, "to"));
          ASSIGN_OR_RETURN(auto entries, s.casework.Chronology(p, ActorOf(p, req), id, filter));
          Json items = Json::array();
          for (const auto& e : entries) {
            items.push_back({{"date", e.date},
                             {"kind", e.kind},
                             {"record_id", e.record_id},
                             {"title", e.title},
                             {"summary", e.summary}});
          }
          return JsonOk(200, {{"items", items}});
        }));
}

void AddAllocation(http::Router& r, const ApiServices& s) {
  r.Add(Method::kPost, "/api/v1/people/{id}/allocations",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"team_id", "worker_id", "start_date", "reason",
                                            "change_reason"}));
          ASSIGN_OR_RETURN(auto change_reason, StringField(body, "change_reason", false));
          ASSIGN_OR_RETURN(auto team, IntField(body, "team_id", true));
          ASSIGN_OR_RETURN(auto worker, IntField(body, "worker_id", false));
          ASSIGN_OR_RETURN(auto start, StringField(body, "start_date", true));
          ASSIGN_OR_RETURN(auto reason, StringField(body, "reason", false));
          ASSIGN_OR_RETURN(auto a, s.allocations.Allocate(p, ActorOf(p, req), id, *team, worker,
                                                          *start, reason.value_or(""),
                                                          change_reason));
          return JsonOk(201, AllocationJson(a));
        })));
  r.Add(Method::kGet, "/api/v1/people/{id}/allocations",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto list, s.allocations.History(p, ActorOf(p, req), id));
          Json items = Json::array();
          for (const auto& a : list) items.push_back(AllocationJson(a));
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kGet, "/api/v1/people/{id}/social-worker-episodes",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto list, s.allocations.SocialWorkerEpisodes(p, ActorOf(p, req), id));
          Json items = Json::array();
          for (const auto& e : list) {
            items.push_back({{"SW_ID", e.worker_username},
                             {"worker_id", e.worker_id},
                             {"SW_DECOM", e.start_date},
                             {"SW_DEC", e.end_date ? Json(*e.end_date) : Json(nullptr)},
                             {"SW_REASON", e.reason ? Json(*e.reason) : Json(nullptr)}});
          }
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kGet, "/api/v1/teams/{id}/unallocated",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto list, s.allocations.Unallocated(p, id));
          Json items = Json::array();
          for (const auto& q : list) {
            items.push_back({{"person_id", q.person_id},
                             {"name", q.name},
                             {"referral_id", q.referral_id},
                             {"referral_date", q.referral_date},
                             {"working_days_waiting", q.working_days_waiting}});
          }
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kGet, "/api/v1/teams/{id}/caseloads",
        Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(auto list, s.allocations.Caseloads(p, id));
          Json items = Json::array();
          for (const auto& c : list) {
            items.push_back({{"worker_id", c.worker_id},
                             {"display_name", c.display_name},
                             {"employment_type", c.employment_type ? Json(*c.employment_type)
                                                                   : Json(nullptr)},
                             {"fte", c.fte ? Json(*c.fte) : Json(nullptr)},
                             {"children", c.children},
                             {"weighted", c.weighted}});
          }
          return JsonOk(200, {{"items", items}});
        }));
  auto work = [&s](const Principal& p, std::optional<int64_t> worker,
                   std::optional<int64_t> team) -> Result<Response> {
    ASSIGN_OR_RETURN(record::WorkDue w, s.allocations.Work(p, worker, team));
    return JsonOk(200, {{"week_ending", w.week_ending},
                        {"overdue", WorkItems(w.overdue)},
                        {"due_this_week", WorkItems(w.due_this_week)},
                        {"drift", w.drift}});
  };
  r.Add(Method::kGet, "/api/v1/teams/{id}/work",
        Authed(s, [work](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          return work(p, std::nullopt, id);
        }));
  r.Add(Method::kGet, "/api/v1/workers/{id}/work",
        Authed(s, [work](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          return work(p, id, std::nullopt);
        }));
  r.Add(Method::kGet, "/api/v1/me/work",
        Authed(s, [work](Request&, const Principal& p) -> Result<Response> {
          return work(p, p.user_id, std::nullopt);
        }));
}

void AddMergeAndRestriction(http::Router& r, const ApiServices& s) {
  r.Add(Method::kPost, "/api/v1/people/{id}/merge",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"merged_id", "reason"}));
          ASSIGN_OR_RETURN(auto merged, IntField(body, "merged_id", true));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
          ASSIGN_OR_RETURN(auto m, s.merges.MergeInto(p, ActorOf(p, req), id, *merged, reason));
          return JsonOk(201, MergeJson(m));
        })));
  r.Add(Method::kPost, "/api/v1/merges/{id}/undo",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"reason"}));
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
          ASSIGN_OR_RETURN(auto m, s.merges.Undo(p, ActorOf(p, req), id, reason));
          return JsonOk(200, MergeJson(m));
        })));
  r.Add(Method::kPost, "/api/v1/people/{id}/restriction",
        JsonBody(Authed(s, [&s](Request& req, const Principal& p) -> Result<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(req));
          ASSIGN_OR_RETURN(Json body, ParseObject(req));
          RETURN_IF_ERROR(OnlyFields(body, {"users", "reason"}));
          if (!body.contains("users") || !body["users"].is_array()) {
            return InvalidArgument("users must be a list of user ids (empty lifts the restriction)",
                                   "users");
          }
          std::vector<int64_t> users;
          for (const auto& u : body["users"]) {
            if (!u.is_number_integer()) return InvalidArgument("users must be user ids", "users");
            users.push_back(u.get<int64_t>());
          }
          ASSIGN_OR_RETURN(std::string reason, ReasonOr(body, ""));
          RETURN_IF_ERROR(s.record_access.Restrict(p, ActorOf(p, req), id, users, reason));
          return JsonOk(200, {{"person_id", id}, {"restricted", !users.empty()}});
        })));
}

void AddReference(http::Router& r, const ApiServices& s) {
  r.Add(Method::kGet, "/api/v1/code-lists",
        Authed(s, [](Request&, const Principal&) -> Result<Response> {
          Json lists = Json::object();
          for (const auto& list : domain::CodeLists()) {
            Json codes = Json::array();
            for (const auto& c : list.codes) codes.push_back({{"code", c.code}, {"label", c.label}});
            lists[list.name] = {{"title", list.title}, {"codes", codes}};
          }
          return JsonOk(200, lists);
        }));
  r.Add(Method::kGet, "/api/v1/timescales",
        Authed(s, [&s](Request&, const Principal&) -> Result<Response> {
          Json items = Json::array();
          for (const auto& t : s.timescales.rules()) {
            items.push_back({{"id", t.id},
                             {"step", t.step},
                             {"from", t.from},
                             {"unit", std::string(clocks::UnitName(t.unit))},
                             {"amount", t.amount},
                             {"source", t.source},
                             {"local", t.local}});
          }
          return JsonOk(200, {{"items", items}});
        }));
  r.Add(Method::kGet, "/api/v1/openapi.json", [](Request&) {
    static const std::string kDocument = OpenApiDocument().dump(2);
    Response res;
    res.status = 200;
    res.headers.emplace_back("content-type", "application/json");
    res.body = kDocument;
    return res;
  });
}

}  // namespace

void RegisterCaseworkApi(http::Router& router, const ApiServices& services) {
  AddSteps(router, services);
  AddCare(router, services);
  AddCaseViews(router, services);
  AddAllocation(router, services);
  AddMergeAndRestriction(router, services);
  AddReference(router, services);
}

}  // namespace haven::api
