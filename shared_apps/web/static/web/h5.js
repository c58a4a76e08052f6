/* Tourist H5 helpers: quantity steppers and ECharts charts (data from json_script). */
(function () {
  function steppers(root) {
    root.querySelectorAll("[data-step]").forEach(function (btn) {
      if (btn.dataset.bound) return;
      btn.dataset.bound = "1";
      btn.addEventListener("click", function (e) {
        var input = document.getElementById(btn.dataset.target);
        if (!input) return;
        e.preventDefault();
        var v = parseInt(input.value || "1", 10) + parseInt(btn.dataset.step, 10);
        var min = parseInt(input.min || "1", 10), max = parseInt(input.max || "99", 10);
        input.value = Math.max(min, Math.min(max, v));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function charts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.dataset.chart);
      if (!src || el.dataset.bound) return;
      el.dataset.bound = "1";
      var data = JSON.parse(src.textContent);
      var chart = echarts.init(el, null, { renderer: "svg" });
      if (el.dataset.kind === "pie") {
        chart.setOption({
          tooltip: { trigger: "item", formatter: "{b}: ¥{c} ({d}%)" },
          legend: { bottom: 0 },
          series: [{ type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], data: data.kinds,
                     label: { formatter: "{b}\n¥{c}" } }]
        });
      } else {
        chart.setOption({
          grid: { left: 60, right: 12, top: 20, bottom: 44 },
          tooltip: { trigger: "axis", valueFormatter: function (v) { return "¥" + v; } },
          xAxis: { type: "category", data: data.months, axisLabel: { rotate: 45, fontSize: 10 } },
          yAxis: { type: "value", axisLabel: { formatter: "¥{value}" } },
          series: [{ type: "bar", data: data.amounts, itemStyle: { color: "#ff6a2b" } }]
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function init(root) { steppers(root); charts(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
