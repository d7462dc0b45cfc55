/* The realisasi sheet: capaian as one types, asked of the server (its engine is the only formula),
 * Enter to the next realisasi, Ctrl+Enter to save, a warning before unsaved changes are lost.
 * Our own few lines: no library, nothing fetched from elsewhere. The page works without it. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) {
    return;
  }
  var dirty = false;
  var DELAY = 250;

  function own(element) {
    return element && element.form === form;
  }

  function show(row, data) {
    var capaian = row.querySelector("[data-capaian]");
    var category = row.querySelector("[data-category]");
    if (capaian) {
      capaian.textContent = data.text;
      if (data.reason_label) {
        capaian.title = data.reason_label;
      } else {
        capaian.removeAttribute("title");
      }
    }
    if (category) {
      category.textContent = data.category_label || "";
      category.className = "category" + (data.category_key ? " cat-" + data.category_key : "");
    }
  }

  function ask(input) {
    var url = input.getAttribute("data-capaian-url");
    var row = input.closest("tr");
    if (!url || !row) {
      return;
    }
    var asked = String(Number(input.getAttribute("data-asked") || "0") + 1);
    input.setAttribute("data-asked", asked);
    var request = new XMLHttpRequest();
    request.open("GET", url + "?value=" + encodeURIComponent(input.value));
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (input.getAttribute("data-asked") !== asked) {
        return; // a newer answer is on its way
      }
      var data;
      try {
        data = JSON.parse(request.responseText);
      } catch (e) {
        return;
      }
      if (request.status === 200) {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("title");
        show(row, data);
      } else if (data && data.error) {
        input.setAttribute("aria-invalid", "true");
        input.title = data.error;
      }
    };
    request.send();
  }

  var timers = {};
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (!own(target)) {
      return;
    }
    dirty = true;
    if (target.matches("input.realisasi") && !target.readOnly) {
      clearTimeout(timers[target.id]);
      timers[target.id] = setTimeout(function () {
        ask(target);
      }, DELAY);
    }
  });

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || !own(target)) {
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      dirty = false;
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
      return;
    }
    if (target.matches("input.realisasi")) {
      // Enter in a realisasi goes to the next one (as in a spreadsheet), it does not save.
      event.preventDefault();
      var inputs = Array.prototype.slice.call(form.querySelectorAll("input.realisasi"));
      var next = inputs[inputs.indexOf(target) + 1];
      if (next) {
        next.focus();
        next.select();
      } else {
        var save = document.getElementById("save-draft");
        if (save) {
          save.focus();
        }
      }
    }
  });

  form.addEventListener("submit", function () {
    dirty = false;
  });

  // A file input left empty is not sent: only the files chosen travel with the save (the server
  // accepts the empty ones too; this keeps a long sheet's request small).
  form.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, name) {
      if (typeof File !== "undefined" && value instanceof File && !value.name && !value.size) {
        empty.push(name);
      }
    });
    empty.forEach(function (name) {
      event.formData.delete(name);
    });
  });

  // Leaving with unsaved changes (another period, removing evidence, submitting): ask first.
  var question = form.getAttribute("data-unsaved");
  document.addEventListener("submit", function (event) {
    if (event.target === form || !dirty) {
      return;
    }
    if (window.confirm(question)) {
      dirty = false;
    } else {
      event.preventDefault();
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
