// The relation network: Cytoscape.js over the graph the page embeds, either the whole
// store's actors or the network around one entity (its ego network). A click on a line
// lists the evidence behind it in the side panel (GET /api/network/edge); a click on a
// node offers to centre the network on it. Article text is only ever set as textContent.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var box = document.getElementById('network');
  var data = S.readJSON('network-data') || { nodes: [], edges: [] };
  var filters = S.readJSON('network-filters') || {};
  var nodes = data.nodes || [];
  var edges = data.edges || [];
  var panel = document.getElementById('network-panel-body');
  window.silkgraphNetwork = { cy: null, ready: false, overlaps: null };

  // Year bars: heights from data attributes (the CSP allows no inline styles).
  Array.prototype.forEach.call(document.querySelectorAll('.year-bar .bar'), function (bar) {
    bar.style.height = Math.max(4, Number(bar.getAttribute('data-share')) || 0) + '%';
  });

  if (!box) return;
  if (nodes.length < 2 || typeof cytoscape !== 'function') {
    box.hidden = true;
    document.getElementById('network-empty').hidden = false;
    window.silkgraphNetwork.ready = true;
    return;
  }

  var known = {};
  var maxWeight = 1;
  nodes.forEach(function (n) {
    known[n.id] = n;
    if (n.ring !== 0) maxWeight = Math.max(maxWeight, n.weight || 1);
  });
  var maxEdge = 1;
  edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.weight || 1); });

  var elements = nodes.map(function (n) {
    var share = n.ring === 0 ? 1 : Math.sqrt((n.weight || 1) / maxWeight);
    return { group: 'nodes', classes: n.ring === 0 ? 'centre' : (n.ring === 2 ? 'far' : ''), data: {
      id: String(n.id), label: String(n.name || n.id), type: n.type || 'other', weight: n.weight || 1,
      size: 12 + 26 * share,
      font: Math.round(12 + 5 * share),
      color: S.TYPE_COLORS[n.type] || S.TYPE_COLORS.other
    } };
  });
  edges.forEach(function (e, i) {
    // An edge to a node the limit left out would make Cytoscape throw.
    if (!known[e.source] || !known[e.target]) return;
    var centre = data.centre && data.centre.id;
    var spoke = centre && (e.source === centre || e.target === centre);
    // Around an entity, its own links (spokes) stand out from those among its neighbours.
    elements.push({ group: 'edges', classes: centre ? (spoke ? 'spoke' : 'rim') : '', data: {
      id: 'e' + i, source: String(e.source), target: String(e.target), weight: e.weight || 1,
      width: 1.5 + 7 * ((e.weight || 1) / maxEdge), kinds: e.kinds || {}
    } });
  });

  var cy = cytoscape({
    container: box,
    elements: elements,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(color)', 'width': 'data(size)', 'height': 'data(size)',
        'label': 'data(label)', 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 'data(font)', 'min-zoomed-font-size': 5, 'color': '#1f2933',
        'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': 150,
        // A plate behind each label keeps it readable over lines.
        'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
        'text-background-padding': 2, 'text-background-shape': 'roundrectangle',
        'border-width': 1, 'border-color': '#ffffff'
      } },
      { selector: 'node.centre', style: { 'border-width': 3, 'border-color': '#1f2933', 'font-weight': 'bold' } },
      { selector: 'node.far', style: { 'opacity': 0.8 } },
      { selector: 'edge', style: {
        'width': 'data(width)', 'line-color': '#9aa5b1', 'opacity': 0.45, 'curve-style': 'haystack'
      } },
      { selector: 'edge.spoke', style: { 'line-color': '#7b8794', 'opacity': 0.6 } },
      { selector: 'edge.rim', style: { 'opacity': 0.18 } },
      { selector: 'edge.chosen', style: { 'line-color': '#c05621', 'opacity': 0.95 } },
      { selector: '.faded', style: { 'opacity': 0.12 } },
      { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#1f2933' } }
    ],
    // Labels count as part of a node, so that the layout keeps them apart; strong repulsion
    // and long edges give them room, gravity keeps the drawing as wide as the box.
    layout: { name: 'cose', animate: false, randomize: true, padding: 16, nodeDimensionsIncludeLabels: true,
              nodeRepulsion: function () { return 120000; },
              idealEdgeLength: function (edge) { return 50 + 60 * (1 - edge.data('weight') / maxEdge); },
              edgeElasticity: function (edge) { return 60 + 160 * edge.data('weight') / maxEdge; },
              nodeOverlap: 30, gravity: 120, numIter: 2500, componentSpacing: 60 }
  });

  // -- labels apart ------------------------------------------------------------------
  // The layout only tries; this moves nodes whose boxes (labels included) still overlap
  // apart along the line between them, a few rounds, then fits the view again.
  function boxesOf() {
    return cy.nodes().map(function (n) { return { node: n, bb: n.boundingBox({ includeLabels: true }) }; });
  }
  function overlapCount() {
    var boxes = boxesOf();
    var count = 0;
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i].bb, b = boxes[j].bb;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) count++;
      }
    }
    return count;
  }
  function separate(rounds) {
    for (var round = 0; round < rounds; round++) {
      var boxes = boxesOf();
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i].bb, b = boxes[j].bb;
          var dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + 4;
          var dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + 4;
          if (dx <= 4 || dy <= 4) continue;
          var pa = boxes[i].node.position(), pb = boxes[j].node.position();
          // Push along the axis that needs the smaller move.
          var sx = pa.x <= pb.x ? -1 : 1, sy = pa.y <= pb.y ? -1 : 1;
          if (dx < dy) {
            boxes[i].node.position({ x: pa.x + sx * dx / 2, y: pa.y });
            boxes[j].node.position({ x: pb.x - sx * dx / 2, y: pb.y });
          } else {
            boxes[i].node.position({ x: pa.x, y: pa.y + sy * dy / 2 });
            boxes[j].node.position({ x: pb.x, y: pb.y - sy * dy / 2 });
          }
          moved = true;
          boxes[i].bb = boxes[i].node.boundingBox({ includeLabels: true });
          boxes[j].bb = boxes[j].node.boundingBox({ includeLabels: true });
        }
      }
      if (!moved) break;
    }
    cy.fit(undefined, 24);
  }
  // The layout comes out as round as it likes; a box wider than high would then show it small.
  // Stretch it to the box's shape (area kept), then move what overlaps apart again.
  function fitShape() {
    var bb = cy.nodes().boundingBox({ includeLabels: false });
    var want = box.clientWidth / Math.max(1, box.clientHeight);
    var have = Math.max(1, bb.w) / Math.max(1, bb.h);
    var factor = Math.sqrt(Math.min(4, Math.max(0.25, want / have)));
    if (Math.abs(factor - 1) < 0.05) return;
    var cx = (bb.x1 + bb.x2) / 2, cyy = (bb.y1 + bb.y2) / 2;
    cy.nodes().forEach(function (n) {
      var p = n.position();
      n.position({ x: cx + (p.x - cx) * factor, y: cyy + (p.y - cyy) / factor });
    });
  }
  fitShape();
  // Pairs grow with the square of the nodes: fewer rounds for big drawings keep the page quick.
  separate(nodes.length <= 80 ? 40 : (nodes.length <= 300 ? 8 : 0));

  // -- side panel ----------------------------------------------------------------------
  function clear() {
    panel.textContent = '';
    var hint = document.getElementById('network-panel-hint');
    if (hint) hint.hidden = true;
  }
  function sources(n) { return ' · ' + (n || 0) + (n === 1 ? ' source' : ' sources'); }
  function heading(text) { panel.appendChild(S.el('h2', { 'class': 'panel-title' }, text)); }
  function link(href, text) { return S.el('a', { href: href }, text); }

  function networkURL(entity) {
    var params = new URLSearchParams();
    params.set('entity', entity);
    (filters.kinds || []).forEach(function (k) { params.append('kinds', k); });
    if (filters.steps && filters.steps !== 1) params.set('steps', filters.steps);
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
    if (filters.background) params.set('background', 'true');
    return '/network?' + params.toString();
  }

  function edgeURL(a, b) {
    var params = new URLSearchParams({ a: a, b: b });
    params.set('kinds', (filters.kinds && filters.kinds.length ? filters.kinds : ['event', 'fact']).join(','));
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
    return '/api/network/edge?' + params.toString();
  }

  function section(title, items, render, total) {
    if (!items || !items.length) return;
    var more = total && total > items.length ? ' (newest ' + items.length + ' of ' + total + ')' : '';
    panel.appendChild(S.el('h3', {}, title + more));
    var list = S.el('ul', { 'class': 'evidence-list' });
    items.forEach(function (item) { list.appendChild(render(item)); });
    panel.appendChild(list);
  }

  function showEvidence(body) {
    clear();
    heading(body.a.name + ' — ' + body.b.name);
    var total = body.total || {};
    var counts = [];
    if (total.event !== undefined) counts.push(total.event + ' shared events');
    if (total.fact !== undefined) counts.push(total.fact + ' shared figures');
    if (total.cooccurrence !== undefined) counts.push(total.cooccurrence + ' articles naming both');
    panel.appendChild(S.el('p', { 'class': 'muted' }, counts.join(', ')));
    section('Events', body.events, function (e) {
      var li = S.el('li');
      li.appendChild(S.el('span', { 'class': 'when' }, e.when || e.date || 'date unknown'));  // words that say how precise, when the query layer gives them
      li.appendChild(document.createTextNode(' '));
      li.appendChild(link('/events/' + encodeURIComponent(e.id), e.label || e.type));
      li.appendChild(S.el('span', { 'class': 'muted' }, sources(e.source_count)));
      return li;
    }, total.event);
    section('Figures', body.facts, function (f) {
      var li = S.el('li');
      li.appendChild(S.el('span', { 'class': 'when' }, f.when || f.period || 'period unknown'));
      li.appendChild(document.createTextNode(' '));
      var what = (f.type || '').replace(/_/g, ' ') + ': ' + S.amount(f.value, f.unit) +
        (f.modality === 'target' ? ' (target)' : '');
      li.appendChild(link('/facts/' + encodeURIComponent(f.id), what));
      li.appendChild(S.el('span', { 'class': 'muted' }, sources(f.source_count)));
      return li;
    }, total.fact);
    section('Articles', body.documents, function (d) {
      var li = S.el('li');
      li.appendChild(S.el('span', { 'class': 'when' }, d.published || ''));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(link('/documents/' + encodeURIComponent(d.id), d.title || d.id));
      return li;
    });
  }

  function openEdge(edge) {
    cy.edges().removeClass('chosen');
    edge.addClass('chosen');
    clear();
    panel.appendChild(S.el('p', { 'class': 'muted' }, 'Loading…'));
    fetch(edgeURL(edge.data('source'), edge.data('target')))
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(showEvidence)
      .catch(function () { clear(); panel.appendChild(S.el('p', { 'class': 'empty' }, 'The evidence could not be loaded.')); })
      .then(function () { window.silkgraphNetwork.panel = true; });
  }

  function openNode(node) {
    clear();
    var n = known[node.id()] || {};
    heading(n.name || node.id());
    panel.appendChild(S.el('p', { 'class': 'muted' }, (n.type || '') + (n.ring === 0 ? ' · centre' : '')));
    var actions = S.el('p', { 'class': 'panel-actions' });
    actions.appendChild(link(S.entityURL(node.id()), 'Open its page'));
    if (n.ring !== 0) {
      actions.appendChild(document.createTextNode(' · '));
      actions.appendChild(link(networkURL(node.id()), 'Centre the network here'));
    }
    panel.appendChild(actions);
    var centre = data.centre && data.centre.id;
    if (centre && n.ring !== 0) {
      var toCentre = cy.edges().filter(function (e) {
        return (e.data('source') === centre && e.data('target') === node.id()) ||
               (e.data('target') === centre && e.data('source') === node.id());
      });
      if (toCentre.length) {
        var why = S.el('button', { type: 'button', 'class': 'link-button' }, 'What links it to ' + data.centre.name);
        why.addEventListener('click', function () { openEdge(toCentre[0]); });
        panel.appendChild(why);
      }
    }
  }

  cy.on('tap', 'edge', function (evt) { openEdge(evt.target); });
  // The table of the strongest links opens the same evidence.
  Array.prototype.forEach.call(document.querySelectorAll('.evidence-button'), function (button) {
    button.addEventListener('click', function () {
      var a = button.getAttribute('data-a'), b = button.getAttribute('data-b');
      var edge = cy.edges().filter(function (e) { return e.data('source') === a && e.data('target') === b; });
      if (edge.length) { openEdge(edge[0]); box.scrollIntoView({ block: 'nearest' }); }
    });
  });
  cy.on('tap', 'node', function (evt) { openNode(evt.target); });
  cy.on('dbltap', 'node', function (evt) { window.location.href = S.entityURL(evt.target.id()); });
  cy.on('mouseover', 'node', function (evt) {
    var hood = evt.target.closedNeighborhood();
    cy.elements().not(hood).addClass('faded');
    evt.target.addClass('focus');
    box.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', function () {
    cy.elements().removeClass('faded focus');
    box.style.cursor = '';
  });
  cy.on('mouseover', 'edge', function () { box.style.cursor = 'pointer'; });
  cy.on('mouseout', 'edge', function () { box.style.cursor = ''; });

  // Legend: one entry per type present, in a fixed order.
  S.typeLegend(document.getElementById('network-legend'), nodes);

  window.silkgraphNetwork = { cy: cy, ready: true, overlaps: overlapCount, openEdge: openEdge, zoom: cy.zoom() };
})();
