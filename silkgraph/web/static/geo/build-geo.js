// Builds countries.geojson from world-atlas 2.0.2 with topojson-client 3.1.0:
//   npm pack world-atlas@2.0.2 topojson-client@3.1.0, unpack each into a folder of that name, then
//   node build-geo.js   (run from the folder holding both)
const topo = require('./topojson-client-3.1.0/package/dist/topojson-client.js');
const fs = require('fs');
const load = f => JSON.parse(fs.readFileSync('./world-atlas-2.0.2/package/' + f));
const w50 = load('countries-50m.json'), w110 = load('countries-110m.json');
const f50 = topo.feature(w50, w50.objects.countries).features;
const f110 = topo.feature(w110, w110.objects.countries).features;
// ISO 3166-1 numeric codes: Central Asia, then its neighbours and partners.
const CENTRAL = ['398', '417', '762', '795', '860'];
const NEAR = ['004', '364', '156', '643', '496', '586', '356', '031', '268', '051', '792'];
const round = x => Math.round(x * 100) / 100;
const q = c => typeof c[0] === 'number' ? [round(c[0]), round(c[1])] : c.map(q);
const dedupe = ring => ring.filter((p, i) => i === 0 || p[0] !== ring[i-1][0] || p[1] !== ring[i-1][1]);
function clean(g) {
  if (g.type === 'Polygon') g.coordinates = g.coordinates.map(r => dedupe(q(r))).filter(r => r.length >= 4);
  else if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map(p => p.map(r => dedupe(q(r))).filter(r => r.length >= 4)).filter(p => p.length);
  // Arctic islands (every point north of 66°) add bulk and say nothing about Central Asia.
  if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.filter(p => p[0].some(pt => pt[1] < 66));
  return g;
}
const out = [];
const detailed = new Set([...CENTRAL, ...NEAR]);
for (const f of f50) if (detailed.has(f.id) && f.geometry)
  out.push({type: 'Feature', id: f.id, properties: {name: f.properties.name, central: CENTRAL.includes(f.id)}, geometry: clean(f.geometry)});
for (const f of f110) if (!detailed.has(f.id) && f.geometry && f.properties.name !== 'Antarctica')
  out.push({type: 'Feature', id: f.id, properties: {name: f.properties.name, central: false}, geometry: clean(f.geometry)});
fs.writeFileSync('countries.geojson', JSON.stringify({type: 'FeatureCollection',
  source: 'world-atlas 2.0.2 (Natural Earth 1:50m for Central Asia and neighbours, 1:110m elsewhere)', features: out}));
console.log(out.length, 'features', fs.statSync('countries.geojson').size, 'bytes');
