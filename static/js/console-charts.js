/* Console charts (ECharts): every element with data-chart="<kind>" and data-source="<id of a
   json_script>" gets the chart of that kind. No inline script in the templates (CSP). */
(function () {
  var kinds = {
    "ticket-stats": function (d) {
      return {
        tooltip: {trigger: "axis"},
        legend: {data: ["售出人次", "核销人次", "退票人次", "销售额(元)"]},
        grid: {left: 48, right: 56, bottom: 40, top: 40},
        xAxis: {type: "category", data: d.days},
        yAxis: [{type: "value", name: "人次", minInterval: 1}, {type: "value", name: "元"}],
        series: [
          {name: "售出人次", type: "bar", data: d.sold},
          {name: "核销人次", type: "bar", data: d.redeemed},
          {name: "退票人次", type: "bar", data: d.refunded},
          {name: "销售额(元)", type: "line", yAxisIndex: 1, data: d.revenue}
        ]
      };
    },
    "shop-sales": function (d) {
      return {
        tooltip: {trigger: "axis"}, legend: {data: ["销售额（元）", "扣除退款（元）", "订单数"]},
        xAxis: {type: "category", data: d.days},
        yAxis: [{type: "value", name: "元"}, {type: "value", name: "单", minInterval: 1}],
        series: [{name: "销售额（元）", type: "bar", data: d.gross}, {name: "扣除退款（元）", type: "bar", data: d.net},
                 {name: "订单数", type: "line", yAxisIndex: 1, data: d.orders}]
      };
    },
    "ledger-balances": function (d) {
      if (!d.names.length) return null;
      return {
        tooltip: {trigger: "axis"},
        grid: {left: 80, right: 20, bottom: 80},
        xAxis: {type: "category", data: d.names, axisLabel: {rotate: 30}},
        yAxis: {type: "value", name: "元"},
        series: [{type: "bar", name: "余额(元)", data: d.values}]
      };
    }
  };

  function init() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart][data-source]").forEach(function (el) {
      var build = kinds[el.dataset.chart], src = document.getElementById(el.dataset.source);
      if (!build || !src) return;
      var option = build(JSON.parse(src.textContent));
      if (!option) return;
      // Tooltips drawn inside the chart: ECharts' HTML tooltips carry inline style attributes.
      option.tooltip = Object.assign({renderMode: "richText"}, option.tooltip || {});
      var chart = echarts.init(el);
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
