/* Charts of the dashboards (统计), drawn with the vendored ECharts from the numbers the page
 * passes in <script type="application/json" id="dashboard-charts"> (json_script). No inline
 * scripts (strict CSP); the tooltip renders on the canvas (renderMode "richText").
 * Every bar or point leads to the rows behind it (its "urls"); the same numbers are in the
 * tables next to the charts, for screen readers and without JS. */
window.gzCharts.draw("dashboard-charts", function (data, make) {
  "use strict";
  data.trends.forEach(function (trend) {
    make("trend-" + trend.key, {
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: trend.series.map(function (series) {
        return { name: series.name, type: "line", data: series.values, symbolSize: 8 };
      })
    }, function (params) {
      return trend.series[params.seriesIndex].urls[params.dataIndex];
    });
  });

  var compare = data.compare;
  if (compare) {
    make("compare", {
      legend: { show: false },
      xAxis: { type: "category", data: compare.names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value" },
      series: [{ name: compare.label, type: "bar", data: compare.values,
        label: { show: true, position: "top" }, cursor: "pointer" }]
    }, function (params) {
      return compare.urls[params.dataIndex];
    });
  }
});
