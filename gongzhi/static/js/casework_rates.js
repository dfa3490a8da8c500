/* Charts of the casework rates page (民情民意 · 三率统计), drawn with the vendored ECharts from the
 * numbers the page passes in <script type="application/json" id="case-charts"> (json_script).
 * No inline scripts (strict CSP): the tooltip renders on the canvas (renderMode "richText"),
 * because ECharts' HTML tooltip writes style="" attributes, which the CSP blocks.
 * The same numbers are in the tables next to each chart, for screen readers and without JS. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("case-charts");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var palette = ["#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#0ca678",
      "#4299e1", "#f76707", "#74b816", "#667382"];
    var font = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
    var base = {
      color: palette,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      animation: false
    };
    var charts = [];

    function make(name, option) {
      var element = document.querySelector('[data-chart="' + name + '"]');
      if (!element) {
        return;
      }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(Object.assign({}, base, option));
      charts.push(chart);
    }

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

    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
