/* Refreshes the progress numbers every 20 seconds without reloading the page.
   The page works without it; this file only updates the text of existing cells. */
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !window.fetch) { return; }
  var source = box.getAttribute("data-source");
  var note = box.querySelector("[data-live-note]");
  if (note) { note.textContent = "Updates by itself every 20 seconds."; }

  function setText(element, text) {
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function render(data) {
    setText(box.querySelector('[data-field="responses"]'), String(data.responses));
    if (data.rate !== null) {
      setText(box.querySelector('[data-field="rate"]'), Math.round(data.rate * 100) + "%");
    }
    data.segments.forEach(function (segment) {
      var table = document.querySelector('table[data-segment="' + segment.id + '"]');
      if (!table) { return; }
      segment.groups.forEach(function (group) {
        var cell = table.querySelector('td[data-option="' + group.option + '"]');
        setText(cell, group.hidden ? "hidden" : String(group.n));
      });
    });
    var days = document.querySelector("#days tbody");
    if (days) {
      while (days.firstChild) { days.removeChild(days.firstChild); }
      data.days.forEach(function (row) {
        var tr = document.createElement("tr");
        [row.day, String(row.n)].forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        days.appendChild(tr);
      });
    }
  }

  function refresh() {
    fetch(source, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* try again next time */ });
  }

  window.setInterval(refresh, 20000);
})();
