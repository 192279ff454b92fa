// The "cite" controls: opening one selects its citation text, ready to copy; the Copy button
// puts it on the clipboard where the browser allows it. The text is only ever read from the
// input's value (the server escaped it), never written as markup.
(function () {
  'use strict';

  function select(input) {
    input.focus();
    input.select();
  }

  document.querySelectorAll('details.cite').forEach(function (details) {
    var input = details.querySelector('input.cite-text');
    if (!input) return;
    details.addEventListener('toggle', function () { if (details.open) select(input); });
    input.addEventListener('focus', function () { input.select(); });
    if (!(navigator.clipboard && window.isSecureContext)) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'cite-copy';
    button.textContent = 'Copy';
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(input.value).then(function () { button.textContent = 'Copied'; },
        function () { select(input); });
    });
    details.appendChild(button);
  });
})();
