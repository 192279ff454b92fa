// A name field that suggests entities while typing (GET /api/suggest): the list is built
// with textContent, picking a suggestion fills the hidden id field and submits the form.
(function () {
  'use strict';
  var S = window.Silkgraph;

  function attach(input, hidden, list) {
    var timer = null;
    var current = [];
    var active = -1;
    var asked = 0;

    function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }

    function pick(item) {
      input.value = item.name;
      hidden.value = item.id;
      close();
      if (input.form) input.form.requestSubmit();
    }

    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.classList.toggle('active', i === active);
        li.setAttribute('aria-selected', i === active ? 'true' : 'false');
      });
    }

    function show(items) {
      current = items;
      list.textContent = '';
      items.forEach(function (item) {
        var li = S.el('li', { role: 'option', 'data-id': item.id });
        li.appendChild(S.el('span', { 'class': 'suggestion-name' }, item.name));
        var about = (item.type || '') + ' · ' + (item.sources || 'no') + (item.sources === 1 ? ' source' : ' sources');
        if (item.matched) about = '“' + item.matched + '” · ' + about;
        li.appendChild(S.el('span', { 'class': 'suggestion-about' }, about));
        li.addEventListener('mousedown', function (evt) { evt.preventDefault(); pick(item); });
        list.appendChild(li);
      });
      active = -1;
      list.hidden = !items.length;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { show([]); return; }
      var ticket = ++asked;
      fetch('/api/suggest?limit=8&q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { if (ticket === asked) show(body.suggestions || []); })
        .catch(function () { if (ticket === asked) show([]); });
    }

    input.addEventListener('input', function () {
      hidden.value = '';  // a new name: the id is looked up again (here or by the server)
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener('keydown', function (evt) {
      if (list.hidden || !current.length) return;
      if (evt.key === 'ArrowDown' || evt.key === 'ArrowUp') {
        evt.preventDefault();
        active = (active + (evt.key === 'ArrowDown' ? 1 : current.length - 1)) % current.length;
        mark();
      } else if (evt.key === 'Enter' && active >= 0) {
        evt.preventDefault();
        pick(current[active]);
      } else if (evt.key === 'Escape') {
        close();
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  // Fields left empty are not sent: the link stays short and says only what was chosen.
  function dropEmptyFields(form) {
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && (field.type === 'text' || field.type === 'hidden' || !field.type || field.tagName === 'INPUT')
            && field.type !== 'checkbox' && !String(field.value).trim()) {
          field.disabled = true;
        }
      });
    });
  }

  S.attachSuggest = attach;
  S.dropEmptyFields = dropEmptyFields;
  var input = document.getElementById('network-name');
  if (input) {
    attach(input, document.getElementById('network-entity'), document.getElementById('network-suggestions'));
    if (input.form) dropEmptyFields(input.form);
  }
})();
