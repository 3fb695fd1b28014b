// Draws a round's NPS and average rating by group from the JSON the page embeds (#survey-chart-data).
(function () {
  var canvas = document.getElementById("survey-chart");
  var source = document.getElementById("survey-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  canvas.chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.nps_label, data: data.nps, yAxisID: "nps", backgroundColor: "rgba(13, 110, 253, 0.6)" },
        { label: data.average_label, data: data.average, yAxisID: "avg", backgroundColor: "rgba(25, 135, 84, 0.6)" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        nps: { position: "left", min: -100, max: 100 },
        avg: { position: "right", min: 0, max: 5, grid: { drawOnChartArea: false } }
      }
    }
  });
  canvas.setAttribute("data-ready", "true");
})();
