// Shared helpers of the page scripts. Data from the store is untrusted:
// it is read from JSON blocks with JSON.parse and written with textContent.
(function () {
  'use strict';

  var TYPE_COLORS = {
    country: '#2f6fbf', person: '#c05621', organization: '#6b46c1', project: '#2c7a7b',
    format: '#b7791f', region: '#b83280', place: '#4a7c2a', other: '#718096'
  };

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function entityURL(id) { return '/entities/' + encodeURIComponent(id); }

  var compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });
  function amount(value, unit) {
    if (value === null || value === undefined) return '–';
    var text = Math.abs(value) >= 10000 ? compact.format(value) : String(value);
    return unit ? text + (unit === '%' ? ' %' : ' ' + unit) : text;
  }

  // A legend of entity types: one coloured entry per type among `items`, in TYPE_COLORS' order.
  function typeLegend(container, items) {
    var present = {};
    items.forEach(function (item) { present[item.type || 'other'] = true; });
    Object.keys(TYPE_COLORS).forEach(function (type) {
      if (!present[type]) return;
      var entry = el('span', { 'class': 'legend-item' });
      var dot = el('span', { 'class': 'dot' });
      dot.style.backgroundColor = TYPE_COLORS[type];
      entry.appendChild(dot);
      entry.appendChild(document.createTextNode(type));
      container.appendChild(entry);
    });
  }

  window.Silkgraph = {
    TYPE_COLORS: TYPE_COLORS, readJSON: readJSON, el: el, entityURL: entityURL, amount: amount, typeLegend: typeLegend,
  };
})();
