// Survey pages work without this file. With it, a page that comes back with problems puts the
// keyboard and screen reader on its error summary first, and the review's form is sent once:
// a second press of Send while the first is on its way does nothing (the server would keep one
// copy anyway: a draft is stored once, however often it is sent).
(function () {
  "use strict";
  var summary = document.querySelector("[data-autofocus]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  var once = document.querySelector("form[data-send-once]");
  if (!once) {
    return;
  }
  var sending = false;
  once.addEventListener("submit", function (event) {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    var send = event.submitter;
    if (send && send.hasAttribute("data-send")) {
      send.setAttribute("aria-disabled", "true");
      if (send.getAttribute("data-sending-text")) {
        send.textContent = send.getAttribute("data-sending-text");
      }
    }
  });
  // Back to this page from the browser's history: it may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      sending = false;
      var send = once.querySelector("[data-send][aria-disabled]");
      if (send) {
        send.removeAttribute("aria-disabled");
      }
    }
  });
})();
