/* Refreshes the progress numbers every 20 seconds without reloading the page.
   The page works without it; this file only updates the text of existing cells. */
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !window.fetch) { return; }
  var source = box.getAttribute("data-source");
  var note = box.querySelector("[data-live-note]");
  // The page carries every word in the comms lead's language; the script adds none of its own.
  if (note) { note.textContent = note.getAttribute("data-live-text"); }
  var hiddenText = box.getAttribute("data-hidden-text");

  function setText(element, text) {
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function render(data) {
    setText(box.querySelector('[data-field="responses"]'), String(data.responses));
    if (data.rate_text !== null) {
      setText(box.querySelector('[data-field="rate"]'), data.rate_text);
    }
    data.segments.forEach(function (segment) {
      var table = document.querySelector('table[data-segment="' + segment.id + '"]');
      if (!table) { return; }
      segment.groups.forEach(function (group) {
        var cell = table.querySelector('td[data-option="' + group.option + '"]');
        setText(cell, group.hidden ? hiddenText : String(group.n));
        var rate = table.querySelector('td[data-rate="' + group.option + '"]');
        if (rate) { setText(rate, group.rate_text || "\u2013"); }
      });
    });
    var days = document.querySelector("#days tbody");
    if (days) {
      while (days.firstChild) { days.removeChild(days.firstChild); }
      data.days.forEach(function (row) {
        var tr = document.createElement("tr");
        var when = document.createElement("time");
        when.setAttribute("datetime", row.day);
        when.textContent = row.label;
        var day = document.createElement("td");
        day.appendChild(when);
        var count = document.createElement("td");
        count.textContent = String(row.n);
        var bar = document.createElement("td");
        bar.className = "bar-cell";
        bar.setAttribute("aria-hidden", "true");
        var meter = document.createElement("meter");
        meter.min = 0;
        meter.max = data.busiest;
        meter.value = row.n;
        bar.appendChild(meter);
        var total = document.createElement("td");
        total.textContent = String(row.total);
        tr.appendChild(day);
        tr.appendChild(count);
        tr.appendChild(bar);
        tr.appendChild(total);
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
