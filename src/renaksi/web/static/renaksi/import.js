/* Importing: the upload and the corrections take a moment, so say so; a correction is applied as
   soon as a control changes. Everything works without this script (the buttons submit). */
(function () {
  "use strict";

  // A form marked data-progress disables its button when sent and counts the seconds.
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".progress");
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        // After the submission has taken the button's value: a disabled button sends nothing.
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
      if (!status) return;
      status.hidden = false;
      var seconds = status.querySelector(".seconds");
      var started = Date.now();
      window.setInterval(function () {
        if (seconds) seconds.textContent = String(Math.floor((Date.now() - started) / 1000));
      }, 250);
    });
  });

  // The correction panel: each change is sent at once, and the page comes back to its row.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    var sending = false;
    form.addEventListener("change", function (event) {
      if (sending) return;
      var row = event.target.closest("tr[id]");
      var focus = form.querySelector("input[name=focus]");
      if (focus && row) focus.value = row.id.replace(/^(row|roles)-/, "");
      sending = true;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  });

  // An upload being read by the worker: ask where it stands every second; once it is read (or
  // could not be), open its page. Without this script, the page refreshes itself (noscript).
  document.querySelectorAll(".reading-progress[data-status-url]").forEach(function (box) {
    var seconds = box.querySelector(".seconds");
    var state = box.querySelector(".state");
    var reading = box.getAttribute("data-reading-text");
    var opened = Date.now() - 1000 * Number(seconds ? seconds.textContent : 0);
    window.setInterval(function () {
      if (seconds) seconds.textContent = String(Math.floor((Date.now() - opened) / 1000));
    }, 250);
    function ask() {
      fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (status && status.state !== "reading") {
            window.location.replace(box.getAttribute("data-preview-url"));
            return;
          }
          if (status && status.started && state && reading) state.textContent = reading;
          window.setTimeout(ask, 1000);
        })
        .catch(function () { window.setTimeout(ask, 3000); });
    }
    window.setTimeout(ask, 500);
  });
})();
