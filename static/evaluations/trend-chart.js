// Draws a scorecard's 12-month trend (points, sales, target) from the JSON the page embeds (#trend-data);
// the dataset labels come translated in the canvas's data-label-* attributes.
(function () {
  var canvas = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  canvas.chart = new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {type: "line", label: canvas.dataset.labelPoints, data: data.totals, yAxisID: "points", borderColor: "#0d6efd", spanGaps: true},
        {type: "bar", label: canvas.dataset.labelSales, data: data.sales, yAxisID: "money", backgroundColor: "rgba(25,135,84,0.4)"},
        {type: "line", label: canvas.dataset.labelTarget, data: data.targets, yAxisID: "money", borderColor: "#dc3545", borderDash: [4, 4], spanGaps: true},
      ],
    },
    options: {
      animation: false,
      // Taller on a phone, so two axes and twelve bars are not squashed into a strip.
      aspectRatio: canvas.parentElement.clientWidth < 576 ? 1.2 : 2.2,
      scales: {
        points: {type: "linear", position: "left", min: 0, suggestedMax: 100},
        money: {type: "linear", position: "right", grid: {drawOnChartArea: false}, beginAtZero: true},
      },
    },
  });
  canvas.setAttribute("data-ready", "true");
})();
