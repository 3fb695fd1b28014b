// Draws the monthly sales bar chart from the JSON the page embeds (#sales-chart-data).
(function () {
  var canvas = document.getElementById("sales-chart");
  var source = document.getElementById("sales-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var label = canvas.getAttribute("aria-label");
  canvas.chart = new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: label, data: data.amounts, backgroundColor: "rgba(13, 110, 253, 0.6)" }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true } }
    }
  });
  canvas.setAttribute("data-ready", "true");
})();
