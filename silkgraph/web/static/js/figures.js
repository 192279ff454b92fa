// Figures over time (Chart.js, canvas only) on a real time axis: per pair, and compared across pairs.
// Reported values, estimates, plans and targets are separate series; each point links to its fact.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var W = window.SilkgraphWhen;
  var figures = S.readJSON('figures-data') || [];
  var overview = S.readJSON('overview-data') || [];
  window.silkgraphCharts = [];
  if (typeof Chart === 'undefined' || !W) return;
  var PALETTE = ['#2f6fbf', '#2c7a7b', '#6b46c1', '#b7791f', '#c05621', '#4a7c2a', '#8a4f7d', '#5a6b7d'];
  var MODALITY_COLORS = { reported: '#2f6fbf', estimate: '#2c7a7b', planned: '#6b46c1', target: '#c05621' };
  var MODALITY_WORDS = { reported: 'reported', estimate: 'estimate', planned: 'plan', target: 'target' };
  var CONTESTED = '#c53030';

  function kindOf(modality) {
    return !modality || modality === 'actual' ? 'reported' : modality;
  }

  // Points that can stand on a time axis: a readable period and a number.
  function usable(points) {
    return (points || []).filter(function (p) { return W.position(p.period) !== null && typeof p.value === 'number'; });
  }

  // One series: its line solid for reported values, dashed for estimates, plans and targets; contested
  // points are red triangles, points dated only by their report's publication hollow.
  function dataset(label, points, color, modality, unit, axis) {
    var reported = kindOf(modality) === 'reported';
    points = points.slice().sort(function (a, b) { return W.position(a.period) - W.position(b.period); });
    return {
      label: label, yAxisID: axis || 'y', modality: kindOf(modality),
      data: points.map(function (p) {
        return { x: W.position(p.period), y: p.value, point: p, unit: p.unit || unit };
      }),
      borderColor: color, backgroundColor: color, spanGaps: true, tension: 0, borderWidth: 2,
      borderDash: reported ? [] : [6, 4],
      pointStyle: points.map(function (p) { return p.contested ? 'triangle' : (reported ? 'circle' : 'rectRot'); }),
      pointRadius: points.map(function (p) { return p.contested ? 8 : 5; }),
      pointHoverRadius: 9,
      pointBackgroundColor: points.map(function (p) {
        return p.contested ? CONTESTED : (p.period_source === 'publication' ? '#fff' : color);
      }),
      pointBorderColor: points.map(function (p) { return p.contested ? CONTESTED : color; })
    };
  }

  function yAxis(unit, position, grid) {
    return { position: position, beginAtZero: true, grid: { display: grid }, title: { display: !!unit, text: unit },
             ticks: { callback: function (v) { return S.amount(v, ''); } } };
  }

  // A linear axis of years: ticks at quarters over a short span, at years (or every few) over a longer one.
  function timeAxis(datasets) {
    var xs = [];
    datasets.forEach(function (d) { d.data.forEach(function (p) { xs.push(p.x); }); });
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    var span = hi - lo;
    var step = span <= 2 ? 0.25 : span <= 12 ? 1 : Math.ceil(span / 10);
    var min = Math.floor((lo - step / 2) / step) * step, max = Math.ceil((hi + step / 2) / step) * step;
    return { type: 'linear', min: min, max: max, grid: { display: false },
             title: { display: true, text: 'time' },
             ticks: { stepSize: step, autoSkip: false, callback: function (v) { return W.tick(v); } } };
  }

  function pointLines(raw) {
    var p = raw.point || {};
    var lines = [(p.when || W.describe(p.period)) + ' · ' + (MODALITY_WORDS[kindOf(p.modality)] || p.modality)];
    if (p.speakers && p.speakers.length) lines.push('said by ' + p.speakers.map(function (s) { return s.name; }).join(', '));
    if (p.source) lines.push('source: ' + (p.source.outlet || p.source.display_title || 'article') + (p.sources > 1 ? ' and ' + (p.sources - 1) + ' more' : ''));
    if (p.contested) lines.push('contested: the sources disagree');
    lines.push('click for the claims and sources');
    return lines;
  }

  function draw(canvas, datasets, scales, legend) {
    if (!datasets.some(function (d) { return d.data.length; })) { canvas.parentNode.hidden = true; return; }
    scales.x = timeAxis(datasets);
    var chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false, scales: scales,
        interaction: { mode: 'nearest', intersect: true },
        onHover: function (event, elements) { canvas.style.cursor = elements.length ? 'pointer' : 'default'; },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var raw = chart.data.datasets[elements[0].datasetIndex].data[elements[0].index];
          if (raw && raw.point && raw.point.fact) window.location.href = '/facts/' + encodeURIComponent(raw.point.fact);
        },
        plugins: {
          legend: { display: legend, position: 'bottom', labels: { boxWidth: 12, usePointStyle: true } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? items[0].dataset.label : ''; },
            label: function (ctx) { return S.amount(ctx.raw.y, ctx.raw.unit); },
            afterLabel: function (ctx) { return pointLines(ctx.raw); }
          } }
        }
      }
    });
    canvas.setAttribute('data-points', String(datasets.reduce(function (n, d) { return n + d.data.length; }, 0)));
    window.silkgraphCharts.push(chart);
  }

  // One chart per pair and type: a series per how the figures are put (and per unit, each on its own axis).
  document.querySelectorAll('canvas.figure-chart').forEach(function (canvas) {
    var members = (canvas.getAttribute('data-members') || '').split(',').filter(Boolean).map(Number);
    var units = [];
    var scales = {};
    var datasets = [];
    members.forEach(function (index) {
      var fig = figures[index] || {};
      var points = usable(fig.series);
      if (!points.length) return;
      var unit = fig.unit || '';
      var u = units.indexOf(unit);
      if (u < 0) { u = units.push(unit) - 1; scales[u === 0 ? 'y' : 'y' + u] = yAxis(unit, u === 0 ? 'left' : 'right', u === 0); }
      var kind = kindOf(fig.modality);
      var label = (MODALITY_WORDS[kind] || kind) + (unit ? ' (' + unit + ')' : '');
      datasets.push(dataset(label, points, MODALITY_COLORS[kind] || PALETTE[datasets.length % PALETTE.length],
                            kind, unit, u === 0 ? 'y' : 'y' + u));
    });
    draw(canvas, datasets, scales, datasets.length > 1);
  });

  // Pairs compared: one line per pair (and per way of putting the figure), all of one type and unit.
  document.querySelectorAll('canvas.overview-chart').forEach(function (canvas) {
    var group = overview[Number(canvas.getAttribute('data-group'))];
    if (!group) return;
    var datasets = group.figures.map(function (index, i) {
      var fig = figures[index] || {};
      var kind = kindOf(fig.modality);
      var label = (fig.names || fig.pair || []).map(function (n) { return n && n.name ? n.name : n; }).join(' – ') +
        (kind === 'reported' ? '' : ' (' + MODALITY_WORDS[kind] + ')');
      return dataset(label, usable(fig.series), PALETTE[i % PALETTE.length], kind, group.unit);
    });
    draw(canvas, datasets, { y: yAxis(group.unit, 'left', true) }, true);
  });
})();
