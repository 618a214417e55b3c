// Portal: progressive enhancement only; every page works without it.
(function () {
  "use strict";

  // After a failed submit the error summary takes focus, so it is read first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (field) {
          event.preventDefault();
          field.focus();
        }
      });
    });
  }

  // Switching language keeps what was typed: the drafts of this page's forms
  // are handed to the next page in this tab only, and forgotten once used.
  var PREFIX = "portal-draft:";
  var SKIP = ["hidden", "file", "password", "submit", "button"];

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIP.indexOf(el.type) === -1 && el.name !== "website";
    });
  }

  function save(target) {
    var drafts = [];
    document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
      var values = {};
      fields(form).forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          values[el.name] = values[el.name] || [];
          if (el.checked) {
            values[el.name].push(el.value);
          }
        } else {
          values[el.name] = [el.value];
        }
      });
      drafts.push({ form: form.getAttribute("data-keep-draft"), values: values });
    });
    if (drafts.length) {
      try {
        sessionStorage.setItem(PREFIX + target, JSON.stringify(drafts));
      } catch (error) {
        // Storage full or disabled: the switch still works, the draft is lost.
      }
    }
  }

  function restore() {
    var key = PREFIX + location.pathname + location.search;
    var stored;
    try {
      stored = sessionStorage.getItem(key);
      sessionStorage.removeItem(key);
    } catch (error) {
      return;
    }
    if (!stored) {
      return;
    }
    JSON.parse(stored).forEach(function (draft) {
      var form = document.querySelector("form[data-keep-draft='" + draft.form + "']");
      if (!form) {
        return;
      }
      fields(form).forEach(function (el) {
        var values = draft.values[el.name];
        if (!values) {
          return;
        }
        if (el.type === "radio" || el.type === "checkbox") {
          el.checked = values.indexOf(el.value) !== -1;
        } else if (values.length) {
          el.value = values[0];
        }
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  document.querySelectorAll("form[data-language-switch]").forEach(function (form) {
    form.addEventListener("submit", function () {
      save(form.elements.next.value);
    });
  });
  restore();
})();
