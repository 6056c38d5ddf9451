#include "web/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace haven::web {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string AxisFigure(double v, const std::string& unit) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 100 || v == std::floor(v) ? "%.0f" : "%.1f", v);
  return buf + unit;
}

// A round step for about four gridlines between lo and hi.
double Step(double span) {
  const double raw = span / 4;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

Html LineChart(const ChartSpec& c) {
  const double width = c.small ? 160 : 640;
  const double height = c.small ? 40 : 260;
  const double left = c.small ? 2 : 56, right = c.small ? 2 : 16;
  const double top = c.small ? 4 : 16, bottom = c.small ? 4 : 40;
  double lo = 0, hi = 0;
  bool any = false;
  auto take = [&](double v) {
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  };
  for (const auto& v : c.values) {
    if (v) take(*v);
  }
  if (c.benchmark) take(*c.benchmark);
  lo = std::min(lo, 0.0);  // figures are read from zero
  if (hi <= lo) hi = lo + 1;
  const double step = Step(hi - lo);
  hi = std::ceil(hi / step) * step;
  const size_t n = std::max<size_t>(c.values.size(), 2);
  auto x = [&](size_t i) { return left + (width - left - right) * i / static_cast<double>(n - 1); };
  auto y = [&](double v) { return top + (height - top - bottom) * (hi - v) / (hi - lo); };

  const std::string id = "chart-" + std::to_string(std::hash<std::string>{}(c.title) % 1000000);
  std::string svg = "<svg class=\"haven-chart" + std::string(c.small ? " haven-chart--small" : "") +
                    "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\">";
  svg += "<title id=\"" + id + "-t\">" + Escape(c.title) + "</title>";
  svg += "<desc id=\"" + id + "-d\">" + Escape(c.description) + "</desc>";
  if (!c.small) {
    for (double g = lo; g <= hi + step / 2; g += step) {
      svg += "<line class=\"haven-chart__grid\" x1=\"" + Num(left) + "\" x2=\"" +
             Num(width - right) + "\" y1=\"" + Num(y(g)) + "\" y2=\"" + Num(y(g)) + "\"/>";
      svg += "<text class=\"haven-chart__axis\" x=\"" + Num(left - 6) + "\" y=\"" + Num(y(g) + 4) +
             "\" text-anchor=\"end\">" + Escape(AxisFigure(g, c.unit)) + "</text>";
    }
    // Every third month's label, and the last.
    for (size_t i = 0; i < c.labels.size(); ++i) {
      if (i % 3 != 0 && i + 1 != c.labels.size()) continue;
      svg += "<text class=\"haven-chart__axis\" x=\"" + Num(x(i)) + "\" y=\"" +
             Num(height - bottom + 18) + "\" text-anchor=\"middle\">" + Escape(c.labels[i]) +
             "</text>";
    }
  }
  if (c.benchmark) {
    svg += "<line class=\"haven-chart__benchmark\" x1=\"" + Num(left) + "\" x2=\"" +
           Num(width - right) + "\" y1=\"" + Num(y(*c.benchmark)) + "\" y2=\"" +
           Num(y(*c.benchmark)) + "\"/>";
    if (!c.small) {
      svg += "<text class=\"haven-chart__benchmark-label\" x=\"" + Num(width - right) + "\" y=\"" +
             Num(y(*c.benchmark) - 6) + "\" text-anchor=\"end\">" + Escape(c.benchmark_label) +
             "</text>";
    }
  }
  // The line, broken where a month has no figure, with a dot on each figure.
  std::string path;
  bool pen = false;
  for (size_t i = 0; i < c.values.size(); ++i) {
    if (!c.values[i]) {
      pen = false;
      continue;
    }
    path += (pen ? " L" : " M") + Num(x(i)) + " " + Num(y(*c.values[i]));
    pen = true;
  }
  if (!path.empty()) svg += "<path class=\"haven-chart__line\" d=\"" + path.substr(1) + "\"/>";
  if (!c.small) {
    for (size_t i = 0; i < c.values.size(); ++i) {
      if (!c.values[i]) continue;
      svg += "<circle class=\"haven-chart__point\" cx=\"" + Num(x(i)) + "\" cy=\"" +
             Num(y(*c.values[i])) + "\" r=\"3\"/>";
    }
  }
  svg += "</svg>";
  return Raw(svg);
}

}  // namespace haven::web
