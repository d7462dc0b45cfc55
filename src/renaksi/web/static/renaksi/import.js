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
})();
