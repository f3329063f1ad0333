/* The share page's Copy buttons: progressive enhancement. Without this file the link sits in
   a read-only box to select and copy by hand; with it, each button copies its box and says so
   in a live region. Every word comes from the page (data-copied-text), in the reader's language. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      }
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (document.execCommand("copy")) { done(); }
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
}());
