/* Charts of the public home page (benchmarking/home.py). The data comes from
   <script id="home-data" type="application/json"> (json_script): the CSP allows no inline script,
   and every number and word is computed and translated on the server; this file only draws. */
(function () {
  "use strict";

  var LEVEL_COLOURS = { leading: "#2e7d32", attained: "#1565c0", not_attained: "#e65100" };
  var SECTOR_COLOURS = ["#7cb342", "#0b4f8a", "#f9a825"];
  var TEXT = "#333";
  var QUIET = "#888";

  function empty(text) {
    return [{ type: "text", left: "center", top: "middle", style: { text: text, fill: QUIET, fontSize: 13 } }];
  }

  function tileMap(tiles, labels) {
    var max = tiles.reduce(function (m, t) { return Math.max(m, t.results); }, 0);
    var columns = 1 + tiles.reduce(function (m, t) { return Math.max(m, t.x); }, 0);
    var rows = 1 + tiles.reduce(function (m, t) { return Math.max(m, t.y); }, 0);
    var axis = function (count, inverse) {
      var values = [];
      for (var i = 0; i < count; i++) { values.push(String(i)); }
      return { type: "category", data: values, show: false, inverse: inverse, splitArea: { show: false } };
    };
    return {
      tooltip: {
        formatter: function (p) {
          var t = p.data.tile;
          return "<b>" + t.name + "</b><br>" + labels.results + "：" + t.results.toLocaleString() +
            "<br>" + labels.enterprises + "：" + t.enterprises.toLocaleString();
        }
      },
      grid: { left: 4, right: 4, top: 4, bottom: 48 },
      xAxis: axis(columns, false),
      yAxis: axis(rows, true),
      visualMap: {
        min: 0, max: Math.max(max, 1), calculable: false, orient: "horizontal", left: "center", bottom: 0,
        text: [labels.many, labels.few], textStyle: { color: TEXT },
        inRange: { color: ["#e3edf7", "#6fa8dc", "#0b4f8a"] }, dimension: 2
      },
      series: [{
        type: "heatmap",
        itemStyle: { borderColor: "#fff", borderWidth: 3, borderRadius: 4 },
        label: {
          show: true, fontSize: 12,
          formatter: function (p) { return p.data.tile.name + "\n" + p.data.tile.results.toLocaleString(); },
          color: "#102a43"
        },
        emphasis: { itemStyle: { borderColor: "#e65100", borderWidth: 3 } },
        // Light text on the darker half of the scale: dark on dark cannot be read.
        data: tiles.map(function (t) {
          var dark = max > 0 && t.results / max > 0.5;
          return { value: [t.x, t.y, t.results], tile: t, label: { color: dark ? "#ffffff" : "#102a43" } };
        })
      }]
    };
  }

  /* A pie (a ring when radius is a pair) of {key, name, value} items, coloured by colour(item, n). */
  function pie(items, labels, radius, colour) {
    var total = items.reduce(function (s, i) { return s + i.value; }, 0);
    return {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0, textStyle: { color: TEXT } },
      graphic: total ? [] : empty(labels.no_results),
      series: [{
        type: "pie", radius: radius, center: ["50%", "45%"], label: { formatter: "{b}\n{c}" },
        data: items.filter(function (i) { return i.value > 0; }).map(function (i, n) {
          return { name: i.name, value: i.value, itemStyle: { color: colour(i, n) } };
        })
      }]
    };
  }

  function stacked(data, labels, horizontal) {
    var category = { type: "category", data: data.names, axisLabel: { color: TEXT, width: 140, overflow: "truncate" } };
    // On a phone the value axis has room for few labels: those that would overlap are left out.
    var value = { type: "value", axisLabel: { color: QUIET, hideOverlap: true } };
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, textStyle: { color: TEXT } },
      grid: { left: horizontal ? 150 : 48, right: 16, top: 12, bottom: 56 },
      graphic: data.names.length ? [] : empty(labels.no_results),
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: data.series.map(function (s) {
        return { type: "bar", stack: "levels", name: s.name, data: s.values, itemStyle: { color: LEVEL_COLOURS[s.key] } };
      })
    };
  }

  function draw(id, option, onClick) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    if (onClick) { chart.on("click", onClick); }
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-rendered", "true");
    return chart;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("home-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var labels = data.labels;
    draw("chart-map", tileMap(data.map, labels), function (p) {
      if (p.data && p.data.tile && p.data.tile.results) {
        window.location.href = "/results/?province=" + encodeURIComponent(p.data.tile.code);
      }
    });
    draw("chart-levels", pie(data.levels, labels, ["45%", "72%"], function (i) { return LEVEL_COLOURS[i.key]; }));
    draw("chart-sectors", pie(data.sectors, labels, "68%", function (i) {
      return SECTOR_COLOURS[(Number(i.key) - 1) % SECTOR_COLOURS.length];
    }));
    draw("chart-months", stacked(data.months, labels, false));
    draw("chart-industries", stacked(data.industries, labels, true));
    draw("chart-categories", stacked(data.categories, labels, true));
  });
})();
