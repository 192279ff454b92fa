// Figures over time (Chart.js, canvas only): per pair, and compared across pairs.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var figures = S.readJSON('figures-data') || [];
  var overview = S.readJSON('overview-data') || [];
  window.silkgraphCharts = [];
  if (typeof Chart === 'undefined') return;
  var PALETTE = ['#2f6fbf', '#2c7a7b', '#6b46c1', '#b7791f', '#c05621', '#4a7c2a', '#8a4f7d', '#5a6b7d'];
  var CONTESTED = '#c53030';

  function usable(points) {
    return (points || []).filter(function (p) { return p.period && typeof p.value === 'number'; });
  }

  // A dataset whose contested points are drawn as large red triangles.
  function dataset(label, points, color, unit, axis) {
    return {
      label: label, yAxisID: axis || 'y',
      data: points.map(function (p) { return { x: p.period, y: p.value, contested: !!p.contested, unit: unit }; }),
      borderColor: color, backgroundColor: color, spanGaps: true, tension: 0, borderWidth: 2,
      pointStyle: points.map(function (p) { return p.contested ? 'triangle' : 'circle'; }),
      pointRadius: points.map(function (p) { return p.contested ? 8 : 4; }),
      pointBackgroundColor: points.map(function (p) { return p.contested ? CONTESTED : color; }),
      pointBorderColor: points.map(function (p) { return p.contested ? CONTESTED : color; })
    };
  }

  function axis(unit, position, grid) {
    return { position: position, beginAtZero: true, grid: { display: grid }, title: { display: !!unit, text: unit },
             ticks: { callback: function (v) { return S.amount(v, ''); } } };
  }

  function draw(canvas, datasets, periods, scales, legend) {
    scales.x = { type: 'category', labels: periods, grid: { display: false }, offset: true };
    var chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, parsing: { xAxisKey: 'x', yAxisKey: 'y' }, scales: scales,
        plugins: {
          legend: { display: legend, position: 'bottom', labels: { boxWidth: 12, usePointStyle: true } },
          tooltip: { callbacks: { label: function (ctx) {
            var raw = ctx.raw || {};
            return ctx.dataset.label + ': ' + S.amount(raw.y, raw.unit) + (raw.contested ? ' (contested)' : '');
          } } }
        }
      }
    });
    window.silkgraphCharts.push(chart);
  }

  function sortedPeriods(points) {
    return Array.from(new Set(points.map(function (p) { return p.period; }))).sort();
  }

  // One chart per pair with a history; one dataset and axis per unit (USD and % never share a scale).
  document.querySelectorAll('canvas.figure-chart').forEach(function (canvas) {
    var fig = figures[Number(canvas.getAttribute('data-index'))];
    var points = usable(fig && fig.series);
    if (!points.length) { canvas.parentNode.hidden = true; return; }
    var units = Array.from(new Set(points.map(function (p) { return p.unit || ''; })));
    var scales = {};
    var datasets = units.map(function (unit, i) {
      var id = i === 0 ? 'y' : 'y' + i;
      scales[id] = axis(unit, i === 0 ? 'left' : 'right', i === 0);
      var mine = points.filter(function (p) { return (p.unit || '') === unit; });
      return dataset(unit || 'value', mine, PALETTE[i % PALETTE.length], unit, id);
    });
    draw(canvas, datasets, sortedPeriods(points), scales, units.length > 1);
  });

  // Pairs compared: one line per pair, all of one type and unit.
  document.querySelectorAll('canvas.overview-chart').forEach(function (canvas) {
    var group = overview[Number(canvas.getAttribute('data-group'))];
    if (!group) return;
    var all = [];
    var datasets = group.figures.map(function (index, i) {
      var fig = figures[index] || {};
      var points = usable(fig.series);
      all = all.concat(points);
      var label = (fig.names || fig.pair || []).map(function (n) { return n && n.name ? n.name : n; }).join(' – ');
      return dataset(label, points, PALETTE[i % PALETTE.length], group.unit);
    });
    draw(canvas, datasets, sortedPeriods(all), { y: axis(group.unit, 'left', true) }, true);
  });
})();
