/* What the pages that draw charts with the vendored ECharts share: the house style (palette,
 * Chinese font, legend, grid, the tooltip drawn on the canvas with renderMode "richText",
 * because ECharts' HTML tooltip writes style="" attributes, which the strict CSP blocks), the
 * data the page passes with json_script, charts that follow the window's size, and points
 * that lead to a URL when clicked. Loaded (deferred) before the page's own script. */
(function () {
  "use strict";

  var base = {
    color: ["#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#0ca678",
      "#4299e1", "#f76707", "#74b816", "#667382"],
    textStyle: { fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' },
    tooltip: { trigger: "axis", renderMode: "richText", confine: true },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    animation: false
  };

  window.gzCharts = {
    /* Run draw(data, make) once the page is read, with the JSON of <script id="dataId">;
     * nothing without the data or without ECharts. make(name, option, urls) draws the chart
     * of [data-chart=name]; urls(params), when given, is where a click on a point leads. */
    draw: function (dataId, draw) {
      function start() {
        var source = document.getElementById(dataId);
        if (!source || !window.echarts) {
          return;
        }
        var charts = [];
        draw(JSON.parse(source.textContent), function make(name, option, urls) {
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
        });
        window.addEventListener("resize", function () {
          charts.forEach(function (chart) { chart.resize(); });
        });
      }
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
      } else {
        start();
      }
    }
  };
}());
