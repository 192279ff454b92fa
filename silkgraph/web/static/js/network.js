// The relation network: Cytoscape.js over the graph the page embeds.
// Note for readers of the layout numbers: they were tuned by eye on a
// 1100x600 box with 40 to 60 actors.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var box = document.getElementById('network');
  var data = S.readJSON('network-data') || { nodes: [], edges: [] };
  var nodes = data.nodes || [];
  var edges = data.edges || [];
  window.silkgraphNetwork = { cy: null, ready: false };
  if (!box) return;
  if (!nodes.length || typeof cytoscape !== 'function') {
    box.hidden = true;
    document.getElementById('network-empty').hidden = false;
    window.silkgraphNetwork.ready = true;
    return;
  }

  var known = {};
  var maxWeight = 1;
  nodes.forEach(function (n) { known[n.id] = true; maxWeight = Math.max(maxWeight, n.weight || 1); });
  var maxEdge = 1;
  edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.weight || 1); });

  var elements = nodes.map(function (n) {
    var w = n.weight || 1;
    return { group: 'nodes', data: {
      id: String(n.id), label: String(n.name || n.id), type: n.type || 'other', weight: w,
      // Sizes in model units: the view is fitted to the box, so what counts is
      // the size of labels relative to the distances the layout makes.
      size: 14 + 40 * Math.sqrt(w / maxWeight),
      font: Math.round(12 + 6 * Math.sqrt(w / maxWeight)),
      color: S.TYPE_COLORS[n.type] || S.TYPE_COLORS.other
    } };
  });
  edges.forEach(function (e, i) {
    // An edge to a node the limit left out would make Cytoscape throw.
    if (!known[e.source] || !known[e.target]) return;
    elements.push({ group: 'edges', data: {
      id: 'e' + i, source: String(e.source), target: String(e.target), weight: e.weight || 1,
      width: 1 + 6 * ((e.weight || 1) / maxEdge), kinds: Object.keys(e.kinds || {}).join(', ')
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
        'font-size': 'data(font)', 'min-zoomed-font-size': 6, 'color': '#1f2933', 'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': '#ffffff', 'text-outline-width': 3, 'border-width': 1, 'border-color': '#ffffff'
      } },
      { selector: 'edge', style: {
        'width': 'data(width)', 'line-color': '#9aa5b1', 'opacity': 0.35, 'curve-style': 'haystack'
      } },
      { selector: '.faded', style: { 'opacity': 0.12 } },
      { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#1f2933' } }
    ],
    // Strong repulsion and long ideal edges: labels need the room more than the layout needs compactness.
    // Heavier relations pull their ends closer; labels count as part of a node so they overlap less.
    // Strong gravity keeps the drawing as wide as the box instead of one long
    // strand, and so keeps the fitted zoom (and the labels) large.
    layout: { name: 'cose', animate: false, randomize: true, padding: 24,
              nodeRepulsion: function () { return 600000; },
              idealEdgeLength: function (edge) { return 90 + 90 * (1 - edge.data('weight') / maxEdge); },
              edgeElasticity: function (edge) { return 40 + 160 * edge.data('weight') / maxEdge; },
              nodeOverlap: 20, gravity: 80, numIter: 2500, componentSpacing: 80 }
  });

  cy.on('tap', 'node', function (evt) { window.location.href = S.entityURL(evt.target.id()); });
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

  // Legend: one entry per type present, in a fixed order.
  var legend = document.getElementById('network-legend');
  var present = {};
  nodes.forEach(function (n) { present[n.type || 'other'] = true; });
  Object.keys(S.TYPE_COLORS).forEach(function (type) {
    if (!present[type]) return;
    var item = S.el('span', { 'class': 'legend-item' });
    var dot = S.el('span', { 'class': 'dot' });
    dot.style.backgroundColor = S.TYPE_COLORS[type];
    item.appendChild(dot);
    item.appendChild(document.createTextNode(type));
    legend.appendChild(item);
  });

  window.silkgraphNetwork = { cy: cy, ready: true };
})();
