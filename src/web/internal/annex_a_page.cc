// Ofsted's Annex A: a page that asks for the inspection date and a download of the workbook for
// it. The form posts the date; the download is a GET that carries only the date, so the URL holds
// no personal data. The service decides who may download and logs every person named.

#include "web/internal/pages.h"

namespace haven::web::internal {
namespace {

using http::Method;
using http::Response;

Response AnnexAForm(const Ctx& ctx, Visit& v, std::vector<FieldError> errors,
                    const std::optional<std::string>& date) {
  for (auto& e : errors) {
    if (e.field == "date") e.field = "date-day";
  }
  const auto parts = DatePartsOf(v.form, "date", date);
  PageSpec spec;
  spec.title = "Ofsted Annex A";
  spec.nav = "data-quality";
  spec.errors = errors;
  spec.back = "/data-quality";
  spec.body =
      Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
      Heading(1, "Ofsted Annex A") +
      Para(
          "Lists 1 to 11 of Ofsted's Annex A as an Excel workbook, one sheet per list, from the "
          "record as it stood on the inspection date. Contacts, early help, referrals, "
          "assessments, section 47 enquiries, children in need and child protection plans cover "
          "the 6 months before the date; children in care, adoption and adopters the 12 months "
          "before it; care leavers are those whose status is open on the date.") +
      Warning("The workbook names children. Every child in it is recorded as read by you.") +
      Form("/annex-a", v.p.csrf_token,
           DateInput({.name = "date",
                      .label = "Inspection date",
                      .hint = "For example, 15 6 2026",
                      .error = ErrorFor(errors, "date-day")},
                     parts.day, parts.month, parts.year) +
               Button("Download the workbook")) +
      Raw("</div></div>");
  return Render(ctx, &v, spec, errors.empty() ? 200 : 400);
}

Result<Response> AnnexAPage(const Ctx& ctx, Visit& v) {
  if (ctx.s.annex_a == nullptr) return Unavailable("the Annex A download is not available");
  RETURN_IF_ERROR(access::Authorize(v.p, access::Permission::kReadAllRecords));
  if (v.req.method == Method::kGet) return AnnexAForm(ctx, v, {}, std::nullopt);
  auto date = DateFrom(v.form, "date", "Inspection date");
  if (!date.ok()) return AnnexAForm(ctx, v, {{date.status().field(), date.status().message()}}, {});
  if (!*date) return AnnexAForm(ctx, v, {{"date", "Enter the inspection date"}}, {});
  const std::string today = FormatTimestamp(ctx.s.clock.Now()).substr(0, 10);
  auto day = exports::ParseInspectionDate(**date, *Date::Parse(today), "date");
  if (!day.ok()) {
    return AnnexAForm(ctx, v, {{"date", "Inspection date must be today or in the past"}}, {});
  }
  return Redirect("/annex-a/download?date=" + day->ToString());
}

Result<Response> AnnexADownloadPage(const Ctx& ctx, Visit& v) {
  if (ctx.s.annex_a == nullptr) return Unavailable("the Annex A download is not available");
  const std::string date = v.req.QueryParam("date").value_or("");
  auto download = ctx.s.annex_a->Download(v.p, v.actor(), date);
  if (!download.ok() && download.status().code() == StatusCode::kInvalidArgument) {
    return AnnexAForm(ctx, v, ErrorsOf(download.status()), std::nullopt);
  }
  if (!download.ok()) return download.status();
  return api::AnnexAResponse(*download);
}

}  // namespace

void AddAnnexAPages(http::Router& r, Ctx ctx) {
  auto page = Signed(ctx, [ctx](Visit& v) { return AnnexAPage(ctx, v); });
  r.Add(Method::kGet, "/annex-a", page);
  r.Add(Method::kPost, "/annex-a", page);
  r.Add(Method::kGet, "/annex-a/download",
        Signed(ctx, [ctx](Visit& v) { return AnnexADownloadPage(ctx, v); }));
}

}  // namespace haven::web::internal
