// Draws the bar chart of /pengaduan/statistik: reports received and closed in
// time per month, from the JSON in the figure's data-chart attribute (the
// Content-Security-Policy allows no inline script). The month table below it
// holds the same figures, so the page is complete without this script or
// without Chart.js; the figure stays hidden until the chart is drawn.
(function drawComplaintStatistics() {
  const figure = document.getElementById('stats-chart');
  if (!figure || typeof window.Chart === 'undefined') return;
  let data;
  try {
    data = JSON.parse(figure.getAttribute('data-chart'));
  } catch {
    return;
  }
  if (!data || !Array.isArray(data.labels) || !Array.isArray(data.series)) return;
  // Both colours have at least 3:1 contrast with the white page (WCAG 1.4.11)
  // and stay apart for the common colour-vision deficiencies.
  const colours = ['#00605f', '#b35000'];
  figure.hidden = false;
  // eslint-disable-next-line no-new
  new window.Chart(figure.querySelector('canvas'), {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: colours[i % colours.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.y_title } },
      },
    },
  });
})();
