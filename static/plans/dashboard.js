// The director's dashboard charts: data from the json_script element, drawn with the vendored Chart.js.
(function () {
  var source = document.getElementById("plan-dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var sales = document.getElementById("plan-sales-chart");
  if (sales) {
    new Chart(sales, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: [
          { label: sales.dataset.labelSales, data: data.sales },
          { label: sales.dataset.labelTarget, data: data.target, type: "line" }
        ]
      },
      options: { maintainAspectRatio: false, animation: false }
    });
  }
  var coverage = document.getElementById("plan-coverage-chart");
  if (coverage) {
    new Chart(coverage, {
      type: "bar",
      data: { labels: data.provinces, datasets: [{ label: coverage.dataset.label, data: data.partners }] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false }
    });
  }
})();
