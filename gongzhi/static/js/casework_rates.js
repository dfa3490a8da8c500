/* Charts of the casework rates page (民情民意 · 三率统计), drawn with the vendored ECharts from the
 * numbers the page passes in <script type="application/json" id="case-charts"> (json_script).
 * No inline scripts (strict CSP): the tooltip renders on the canvas (renderMode "richText"),
 * because ECharts' HTML tooltip writes style="" attributes, which the CSP blocks.
 * The same numbers are in the tables next to each chart, for screen readers and without JS. */
window.gzCharts.draw("case-charts", function (data, make) {
  "use strict";
  var trend = data.trend;
  make("trend", {
    grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: trend.months },
    yAxis: [
      { type: "value", name: trend.received_label, minInterval: 1 },
      { type: "value", name: "%", min: 0, max: 100 }
    ],
    series: [{ name: trend.received_label, type: "bar", data: trend.received }].concat(
      trend.rates.map(function (rate) {
        return { name: rate.name, type: "line", yAxisIndex: 1, data: rate.values,
          connectNulls: false, symbolSize: 6 };
      }))
  });

  var category = data.category;
  make("category", {
    legend: { show: false },
    tooltip: { trigger: "axis", renderMode: "richText", confine: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: category.names.slice().reverse() },
    series: [{ name: category.label, type: "bar",
      data: category.counts.slice().reverse(), label: { show: true, position: "right" } }]
  });

  var recurring = data.recurring;
  make("recurring", {
    xAxis: { type: "category", data: recurring.months },
    yAxis: { type: "value", minInterval: 1 },
    series: recurring.series.map(function (building) {
      return { name: building.name, type: "bar", stack: "buildings", data: building.values };
    })
  });
});
