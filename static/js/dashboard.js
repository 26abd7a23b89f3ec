/* Charts of the admin dashboards (benchmarking/dashboards.py). The data comes from
   <script id="dashboard-data" type="application/json"> (json_script): the CSP allows no inline
   script, and the numbers are only ever drawn here, never computed. */
(function () {
  "use strict";

  var LEVEL_COLOURS = { leading: "#2e7d32", attained: "#1565c0", not_attained: "#e65100" };
  var STATUS_COLOURS = {
    draft: "#9e9e9e", submitted: "#c62828", returned: "#e65100", published: "#2e7d32",
    withdrawn: "#616161", superseded: "#78909c"
  };

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function theme() {
    return {
      text: cssVar("--body-fg", "#333"),
      quiet: cssVar("--body-quiet-color", "#666"),
      line: cssVar("--hairline-color", "#e8e8e8"),
      primary: cssVar("--secondary", "#417690"),
      accent: cssVar("--primary", "#79aec8")
    };
  }

  function emptyGraphic(colours, text) {
    return {
      type: "text", left: "center", top: "middle",
      style: { text: text, fill: colours.quiet, fontSize: 13 }
    };
  }

  var builders = {
    levels: function (items, colours, labels) {
      var total = items.reduce(function (sum, item) { return sum + item.value; }, 0);
      return {
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { bottom: 0, textStyle: { color: colours.text } },
        graphic: total ? [] : [emptyGraphic(colours, labels.no_results)],
        series: [{
          type: "pie", radius: ["45%", "72%"], center: ["50%", "45%"], avoidLabelOverlap: true,
          itemStyle: { borderColor: cssVar("--body-bg", "#fff"), borderWidth: 2 },
          label: { color: colours.text, formatter: "{b}\n{c}" },
          data: items.filter(function (item) { return item.value > 0; }).map(function (item) {
            return { name: item.name, value: item.value, itemStyle: { color: LEVEL_COLOURS[item.key] } };
          })
        }]
      };
    },

    statuses: function (items, colours) {
      return {
        tooltip: { trigger: "item" },
        series: [{
          type: "pie", radius: "65%",
          label: { color: colours.text },
          data: items.map(function (item) {
            return { name: item.name, value: item.value, itemStyle: { color: STATUS_COLOURS[item.key] } };
          })
        }]
      };
    },

    trend: function (trend, colours, labels) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        xAxis: {
          type: "category", data: trend.months,
          axisLabel: { color: colours.quiet, hideOverlap: true },
          axisLine: { lineStyle: { color: colours.line } }
        },
        yAxis: {
          type: "value", minInterval: 1,
          axisLabel: { color: colours.quiet }, splitLine: { lineStyle: { color: colours.line } }
        },
        series: [{
          name: labels.published, type: "bar", data: trend.values, barMaxWidth: 28,
          itemStyle: { color: colours.primary, borderRadius: [3, 3, 0, 0] }
        }]
      };
    },

    queues: function (queues, colours, labels) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, textStyle: { color: colours.text } },
        grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
        xAxis: {
          type: "value", minInterval: 1,
          axisLabel: { color: colours.quiet }, splitLine: { lineStyle: { color: colours.line } }
        },
        yAxis: {
          type: "category", data: queues.cities,
          axisLabel: { color: colours.text }, axisLine: { lineStyle: { color: colours.line } }
        },
        series: [
          {
            name: labels.results, type: "bar", stack: "waiting", data: queues.results, barMaxWidth: 18,
            itemStyle: { color: "#c62828" }
          },
          {
            name: labels.plans, type: "bar", stack: "waiting", data: queues.plans, barMaxWidth: 18,
            itemStyle: { color: "#ef9a9a" }
          }
        ]
      };
    },

    progress: function (figures, colours) {
      return {
        tooltip: {
          trigger: "axis", axisPointer: { type: "shadow" },
          formatter: function (params) {
            var figure = figures[params[0].dataIndex];
            return figure.name + "：" + figure.actual + " / " + figure.target + "（" + figure.percent + "%）";
          }
        },
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", color: colours.quiet } },
        yAxis: { type: "category", data: figures.map(function (f) { return f.name; }), axisLabel: { color: colours.text } },
        series: [{
          type: "bar", data: figures.map(function (f) { return Math.min(f.percent, 100); }),
          label: { show: true, position: "right", formatter: "{c}%", color: colours.text },
          itemStyle: { color: colours.primary }
        }]
      };
    }
  };

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var colours = theme();
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var name = element.getAttribute("data-chart");
      if (!builders[name] || data[name] === undefined) {
        return;
      }
      if (name === "queues") {
        // One row per city: the chart grows with the list instead of stretching a few bars.
        element.style.height = Math.max(160, 70 + 26 * data.queues.cities.length) + "px";
      }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(builders[name](data[name], colours, data.labels || {}));
      charts.push(chart);
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
