/* Every page: the language list sends its form when a language is chosen; a button with a
 * question (data-confirm on the button, or on the form it submits) asks it first, and a "no"
 * sends nothing. No inline script anywhere: the Content-Security-Policy allows only files. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-submit-on-change]") && select.form) {
      select.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button, input[type=submit]");
    if (!button || (button.type && button.type !== "submit")) {
      return;
    }
    var question =
      button.getAttribute("data-confirm") || (button.form && button.form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
