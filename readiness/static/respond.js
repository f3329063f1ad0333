// Survey pages work without this file. With it, a page that comes back with problems puts the
// keyboard and screen reader on its error summary first.
(function () {
  "use strict";
  var summary = document.querySelector("[data-autofocus]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();
