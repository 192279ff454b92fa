// Places on a Leaflet map drawn from bundled country shapes: no tile server. The view fits
// the places where events were held; a click on a place lists its events in the side panel
// (GET /api/places/{id}/events). Names from the store are only ever set as textContent.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var box = document.getElementById('map');
  var panel = document.getElementById('map-panel-body');
  var filters = S.readJSON('map-filters') || {};
  window.silkgraphMap = { map: null, markers: 0, countries: 0, ready: false, labels: 0, panel: false };
  var form = document.getElementById('map-form');
  if (form && S.dropEmptyFields) S.dropEmptyFields(form);
  if (!box || typeof L === 'undefined') return;

  var LABELS = 12;  // permanent names for the places with the most events; the others on hover

  var map = L.map(box, { zoomSnap: 0.25, minZoom: 2, maxZoom: 10, worldCopyJump: false });
  map.attributionControl.addAttribution('Boundaries: Natural Earth (world-atlas)');
  map.createPane('places').style.zIndex = 450;

  var places = S.readJSON('places-data') || [];
  var located = places.filter(function (p) { return p.coordinates && p.coordinates.length === 2; });
  var maxEvents = 1, maxSources = 1;
  located.forEach(function (p) {
    maxEvents = Math.max(maxEvents, p.events || 0);
    maxSources = Math.max(maxSources, p.sources || 0);
  });
  var byId = {};
  var markers = 0, labels = 0;
  located.forEach(function (p) {
    var color = S.TYPE_COLORS[p.type] || S.TYPE_COLORS.other;
    var held = (p.events || 0) > 0;
    var marker = L.circleMarker([p.coordinates[0], p.coordinates[1]], held ? {
      pane: 'places', radius: 5 + 13 * Math.sqrt(p.events / maxEvents),
      color: '#ffffff', weight: 1.5, fillColor: color, fillOpacity: 0.85
    } : {
      pane: 'places', radius: 3 + 5 * Math.sqrt((p.sources || 0) / maxSources),
      color: color, weight: 1.5, fillColor: '#ffffff', fillOpacity: 0.6
    });
    marker.on('click', function () { openPlace(p); });
    marker.addTo(map);
    byId[p.id] = marker;
    markers += 1;
  });

  // Names: always shown for the places with the most events, as far as they fit without
  // covering each other at the current zoom; the others on hover. Done again on zoom.
  // Tooltips get DOM nodes: a string would be parsed as HTML.
  function relabel() {
    var taken = [];
    labels = 0;
    located.forEach(function (p) {
      var marker = byId[p.id];
      var point = map.latLngToContainerPoint(p.coordinates);
      var width = 8 + 7 * String(p.name || p.id).length;
      var spot = { x1: point.x, x2: point.x + width + 14, y1: point.y - 10, y2: point.y + 10 };
      var free = p.events > 0 && labels < LABELS && taken.every(function (t) {
        return spot.x2 < t.x1 || t.x2 < spot.x1 || spot.y2 < t.y1 || t.y2 < spot.y1;
      });
      marker.unbindTooltip();
      if (free) {
        taken.push(spot);
        labels += 1;
        marker.bindTooltip(S.el('span', {}, p.name || p.id),
          { permanent: true, direction: 'right', offset: [6, 0], className: 'map-label' });
      } else {
        marker.bindTooltip(S.el('span', {}, p.name || p.id), { direction: 'top', offset: [0, -6] });
      }
    });
    if (window.silkgraphMap && window.silkgraphMap.map) window.silkgraphMap.labels = labels;
  }

  var held = located.filter(function (p) { return p.events > 0; });
  var fitted = held.length ? held : located;
  if (fitted.length > 1) {
    map.fitBounds(L.latLngBounds(fitted.map(function (p) { return p.coordinates; })), { padding: [40, 40], maxZoom: 6 });
  } else if (fitted.length === 1) {
    map.setView(fitted[0].coordinates, 5);
  } else {
    map.fitBounds([[33, 44], [56, 90]]);
  }

  relabel();
  map.on('zoomend', relabel);

  // -- legend ----------------------------------------------------------------------
  var legend = L.control({ position: 'bottomleft' });
  legend.onAdd = function () {
    var div = S.el('div', { 'class': 'map-legend' });
    S.typeLegend(div, located);
    [['filled', 'events held there (size: how many)'], ['hollow', 'named in articles only']].forEach(function (pair) {
      var item = S.el('span', { 'class': 'legend-item' });
      var ring = S.el('span', { 'class': 'ring' });
      ring.style.width = ring.style.height = '10px';
      if (pair[0] === 'hollow') ring.style.background = '#ffffff';
      item.appendChild(ring);
      item.appendChild(document.createTextNode(pair[1]));
      div.appendChild(item);
    });
    return div;
  };
  legend.addTo(map);

  // -- side panel ------------------------------------------------------------------
  function eventsURL(id) {
    var params = new URLSearchParams();
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
    var query = params.toString();
    return '/api/places/' + encodeURIComponent(id) + '/events' + (query ? '?' + query : '');
  }

  function showEvents(place, body) {
    panel.textContent = '';
    document.getElementById('map-panel-hint').hidden = true;
    var title = S.el('h2', { 'class': 'panel-title' });
    title.appendChild(S.el('a', { href: S.entityURL(place.id) }, place.name || place.id));
    panel.appendChild(title);
    var period = filters.from || filters.to ? ' in ' + (filters.from || '…') + ' – ' + (filters.to || '…') : '';
    panel.appendChild(S.el('p', { 'class': 'muted' },
      (body.total || 0) + ' events held here' + period + ' · named by ' + (place.sources || 0) + ' sources'));
    if (!body.events || !body.events.length) return;
    if (body.total > body.events.length) panel.appendChild(S.el('h3', {}, 'The newest ' + body.events.length));
    var list = S.el('ul', { 'class': 'evidence-list' });
    body.events.forEach(function (e) {
      var li = S.el('li');
      li.appendChild(S.el('span', { 'class': 'when' }, e.when || e.date || 'date unknown'));  // words that say how precise, when the query layer gives them
      li.appendChild(document.createTextNode(' '));
      li.appendChild(S.el('a', { href: '/events/' + encodeURIComponent(e.id) }, e.label || e.type));
      var n = e.source_count || 0;
      li.appendChild(S.el('span', { 'class': 'muted' }, ' · ' + n + (n === 1 ? ' source' : ' sources')));
      list.appendChild(li);
    });
    panel.appendChild(list);
  }

  function openPlace(place) {
    panel.textContent = '';
    panel.appendChild(S.el('p', { 'class': 'muted' }, 'Loading…'));
    fetch(eventsURL(place.id))
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (body) { showEvents(place, body); })
      .catch(function () { panel.textContent = ''; panel.appendChild(S.el('p', { 'class': 'empty' }, 'The events could not be loaded.')); })
      .then(function () { window.silkgraphMap.panel = true; });
  }

  var known = {};
  located.forEach(function (p) { known[p.id] = p; });
  Array.prototype.forEach.call(document.querySelectorAll('a.place-link'), function (a) {
    a.addEventListener('click', function (evt) {
      var p = known[a.getAttribute('data-place')];
      if (!p || evt.ctrlKey || evt.metaKey || evt.shiftKey) return;  // a new tab still opens the page
      evt.preventDefault();
      map.panTo(p.coordinates);
      byId[p.id].openTooltip();
      openPlace(p);
    });
  });

  window.silkgraphMap = { map: map, markers: markers, countries: 0, ready: false, labels: labels, panel: false, open: openPlace };

  fetch('/static/geo/countries.geojson')
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(function (geo) {
      var layer = L.geoJSON(geo, {
        style: function (f) {
          var central = f.properties && f.properties.central;
          return { color: '#8a9bb0', weight: central ? 1.2 : 0.6, fillColor: central ? '#f3e7c9' : '#f4f5f2',
                   fillOpacity: 1 };
        },
        onEachFeature: function (f, l) {
          if (f.properties && f.properties.name) l.bindTooltip(S.el('span', {}, f.properties.name), { sticky: true });
        }
      }).addTo(map);
      window.silkgraphMap.countries = layer.getLayers().length;
    })
    .catch(function () { box.classList.add('map-no-shapes'); })
    .then(function () { window.silkgraphMap.ready = true; });
})();
