// Tips: progressive enhancement only; every page works without it.
(function () {
  "use strict";

  // Copy the receipt code.
  document.querySelectorAll("[data-copy-code]").forEach(function (button) {
    var code = document.querySelector("[data-receipt-code]");
    if (!code || !navigator.clipboard) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent.trim()).then(function () {
        button.textContent = button.textContent === label ? "✓ " + label : label;
      });
    });
  });

  var form = document.querySelector("[data-tips-form]");
  if (!form) {
    return;
  }

  // Send once: a double click must not post the form twice.
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });

  // Hide the contact fields while the resident stays anonymous (unless filled in).
  var contact = form.querySelector("[data-contact-fields]");
  var radios = form.querySelectorAll("input[name=identity]");
  function update() {
    var anonymous = form.querySelector("input[name=identity]:checked");
    var filled = Array.prototype.some.call(contact.querySelectorAll("input"), function (input) {
      return input.value.trim() !== "";
    });
    contact.hidden = !!anonymous && anonymous.value === "anonymous" && !filled;
  }
  if (contact && radios.length) {
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }
})();
