// Dates in words, as precise as they are known: the same as silkgraph/when.py.
// "2025-11-07" -> "7 Nov 2025", "2024-07" -> "July 2024", "2025-Q1" -> "Q1 2025", none -> "date unknown";
// and dates as numbers of years (2024.5 is mid-2024) for charts with a real time axis.
(function () {
  'use strict';
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                'October', 'November', 'December'];
  var UNKNOWN = 'date unknown';
  var ISO = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])(?:-(\d{2}))?|Q([1-4])))?$/;

  // {year, month?, day?, quarter?} of an ISO date of any precision; null when unreadable.
  function parse(iso) {
    var m = ISO.exec(String(iso || ''));
    if (!m) return null;
    var out = { year: Number(m[1]) };
    if (m[4]) out.quarter = Number(m[4]);
    if (m[2]) out.month = Number(m[2]);
    if (m[3]) {
      out.day = Number(m[3]);
      var d = new Date(Date.UTC(out.year, out.month - 1, out.day));
      if (d.getUTCMonth() !== out.month - 1) return null; // 2024-02-30
    }
    return out;
  }

  function precision(iso) {
    var p = parse(iso);
    if (!p) return null;
    return p.day ? 'day' : p.month ? 'month' : p.quarter ? 'quarter' : 'year';
  }

  function describe(iso, unknown) {
    if (!iso) return unknown === undefined ? UNKNOWN : unknown;
    var p = parse(iso);
    if (!p) return String(iso);
    if (p.day) return p.day + ' ' + MONTHS[p.month - 1].slice(0, 3) + ' ' + p.year;
    if (p.month) return MONTHS[p.month - 1] + ' ' + p.year;
    if (p.quarter) return 'Q' + p.quarter + ' ' + p.year;
    return String(p.year);
  }

  function reported(published) {
    if (!published || !parse(published)) return UNKNOWN;
    return 'reported ' + (precision(published) === 'day' ? 'on ' : 'in ') + describe(published);
  }

  // First and last day (UTC milliseconds) an ISO date may mean.
  function bounds(iso) {
    var p = parse(iso);
    if (!p) return null;
    var first, last;
    if (p.day) { first = Date.UTC(p.year, p.month - 1, p.day); last = first; }
    else if (p.month) { first = Date.UTC(p.year, p.month - 1, 1); last = Date.UTC(p.year, p.month, 0); }
    else if (p.quarter) { first = Date.UTC(p.year, 3 * p.quarter - 3, 1); last = Date.UTC(p.year, 3 * p.quarter, 0); }
    else { first = Date.UTC(p.year, 0, 1); last = Date.UTC(p.year, 11, 31); }
    return [first, last];
  }

  // A time as a number of years: 2024.0 is 1 Jan 2024.
  function yearsOf(ms) {
    var d = new Date(ms);
    var y = d.getUTCFullYear();
    var start = Date.UTC(y, 0, 1);
    return y + (ms - start) / (Date.UTC(y + 1, 0, 1) - start);
  }

  // Where a period stands on a time axis: the middle of the time it means ("2024" at mid-2024).
  function position(iso) {
    var b = bounds(iso);
    return b ? yearsOf((b[0] + b[1] + 86400000) / 2) : null;
  }

  // A tick of a time axis in years: "2024" at a year's start, "Q3 2024" at a quarter's.
  function tick(value) {
    var year = Math.floor(value + 1e-9);
    var quarter = Math.round((value - year) * 4);
    if (quarter === 0 || quarter === 4) return String(quarter === 4 ? year + 1 : year);
    return 'Q' + (quarter + 1) + ' ' + year;
  }

  window.SilkgraphWhen = { parse: parse, precision: precision, describe: describe, reported: reported,
                           bounds: bounds, position: position, tick: tick, UNKNOWN: UNKNOWN };
})();
