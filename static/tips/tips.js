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

  // Photos: say before sending which ones are too many or too large, so a
  // resident does not wait for an upload the portal must refuse. The portal
  // checks again on its side and keeps the text whatever happens.
  var photos = form.querySelector("input[type=file][data-max-photos]");
  function photosToLeaveOut() {
    var maxCount = parseInt(photos.dataset.maxPhotos, 10);
    var maxBytes = parseInt(photos.dataset.maxPhotoBytes, 10);
    var kept = 0;
    var names = [];
    Array.prototype.forEach.call(photos.files || [], function (file) {
      if (file.size > maxBytes || kept === maxCount) {
        names.push(file.name + " (" + (file.size / 1048576).toFixed(1) + " MB)");
      } else {
        kept += 1;
      }
    });
    return names;
  }
  // The warning is a live region (role=alert) that is in the page, empty and
  // unstyled, before its text arrives, so that screen readers announce the
  // text when it appears; the field names it in aria-describedby and is
  // marked invalid meanwhile.
  function photoWarning() {
    var warning = form.querySelector("[data-photo-warning]");
    if (!warning) {
      warning = document.createElement("div");
      warning.id = (photos.id || "photos") + "-warning";
      warning.setAttribute("role", "alert");
      warning.dataset.photoWarning = "1";
      photos.insertAdjacentElement("afterend", warning);
    }
    return warning;
  }
  function describePhotos(warning, invalid) {
    var ids = (photos.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== warning.id;
    });
    if (invalid) {
      ids.push(warning.id);
      photos.setAttribute("aria-invalid", "true");
    } else {
      photos.removeAttribute("aria-invalid");
    }
    if (ids.length) {
      photos.setAttribute("aria-describedby", ids.join(" "));
    } else {
      photos.removeAttribute("aria-describedby");
    }
  }
  function warnAboutPhotos() {
    var warning = photoWarning();
    var names = photosToLeaveOut();
    warning.className = names.length ? "alert alert-danger mt-2" : "";
    warning.textContent = names.length ? photos.dataset.tooLarge + " " + names.join(", ") : "";
    describePhotos(warning, names.length > 0);
    return names.length === 0;
  }
  if (photos) {
    photoWarning();
    photos.addEventListener("change", warnAboutPhotos);
    form.addEventListener("submit", function (event) {
      if (!warnAboutPhotos()) {
        event.preventDefault();
        event.stopImmediatePropagation();
        photos.focus();
      }
    });
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
