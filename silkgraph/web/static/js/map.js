// Places on a Leaflet map drawn from bundled country shapes: no tile server.
(function () {
  'use strict';
  var S = window.Silkgraph;
  var box = document.getElementById('map');
  window.silkgraphMap = { map: null, markers: 0, countries: 0, ready: false };
  if (!box || typeof L === 'undefined') return;

  var map = L.map(box, { zoomSnap: 0.25, minZoom: 2, maxZoom: 10, worldCopyJump: false });
  map.attributionControl.addAttribution('Boundaries: Natural Earth (world-atlas)');
  map.fitBounds([[33, 44], [56, 90]]);
  map.createPane('places').style.zIndex = 450;

  var places = S.readJSON('places-data') || [];
  var maxCount = 1;
  places.forEach(function (p) { maxCount = Math.max(maxCount, p.count || 1); });
  var markers = 0;
  places.forEach(function (p) {
    if (!p.coordinates || p.coordinates.length !== 2) return;
    var color = S.TYPE_COLORS[p.type] || S.TYPE_COLORS.other;
    var marker = L.circleMarker([p.coordinates[0], p.coordinates[1]], {
      pane: 'places', radius: 5 + 12 * Math.sqrt((p.count || 1) / maxCount),
      color: '#ffffff', weight: 1.5, fillColor: color, fillOpacity: 0.85
    });
    // Popups and tooltips get DOM nodes: a string would be parsed as HTML.
    var popup = S.el('div', { 'class': 'map-popup' });
    var link = S.el('a', { href: S.entityURL(p.id) }, p.name || p.id);
    popup.appendChild(link);
    popup.appendChild(S.el('div', { 'class': 'muted' }, (p.type || 'place') + ' · ' + (p.count || 0) + ' references'));
    marker.bindPopup(popup);
    marker.bindTooltip(S.el('span', {}, p.name || p.id), { direction: 'top', offset: [0, -6] });
    marker.addTo(map);
    markers += 1;
  });
  window.silkgraphMap = { map: map, markers: markers, countries: 0, ready: false };

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
