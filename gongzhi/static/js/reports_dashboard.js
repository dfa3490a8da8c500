/* Charts of the dashboards (统计), drawn with the vendored ECharts from the numbers the page
 * passes in <script type="application/json" id="dashboard-charts"> (json_script). No inline
 * scripts (strict CSP); the tooltip renders on the canvas (renderMode "richText").
 * Every bar or point leads to the rows behind it (its "urls"); the same numbers are in the
 * tables next to the charts, for screen readers and without JS. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dashboard-charts");
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

    function make(name, option, urls) {
      var element = document.querySelector('[data-chart="' + name + '"]');
      if (!element) {
        return;
      }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(Object.assign({}, base, option));
      if (urls) {
        chart.on("click", function (params) {
          var url = urls(params);
          if (url) {
            window.location.href = url;
          }
        });
      }
      charts.push(chart);
    }

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

    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
