// The briefing page's print button: the browser's own print dialog (print or save as PDF).
"use strict";
(function () {
  var button = document.getElementById("print-briefing");
  if (button) {
    button.addEventListener("click", function () { window.print(); });
  }
})();
