/* Findings typed in the street are not lost when the connection is.
 *
 * Progressive enhancement: without this script the form posts as a normal
 * page. With it, a submitted form is first stored in IndexedDB (photos and
 * all), then sent with fetch. If the network is gone it stays stored and is
 * sent again when the browser fires `online` (or the page is opened again).
 * Every form carries an idempotency key, so a retry of a form the server did
 * receive finds the first finding instead of making a second one.
 */
(function () {
  "use strict";

  var DB_NAME = "walks-offline";
  var STORE = "pending";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function save(entry) { return withStore("readwrite", function (s) { return s.put(entry); }); }
  function remove(key) { return withStore("readwrite", function (s) { return s.delete(key); }); }
  function pending() { return withStore("readonly", function (s) { return s.getAll(); }); }

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function entryOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (value instanceof File && !value.name && !value.size) { return; }
      fields.push([name, value]);
    });
    var key = form.querySelector("[name=idempotency_key]").value;
    return { key: key, scope: form.dataset.offlineForm, action: form.action, fields: fields, saved: Date.now() };
  }

  function send(entry, form) {
    var body = new FormData();
    // The page's current CSRF token: the stored one may be older than a login since.
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
    entry.fields.forEach(function (pair) {
      body.append(pair[0], pair[0] === "csrfmiddlewaretoken" && csrf ? csrf.value : pair[1]);
    });
    return fetch(entry.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Walks-Script": "1", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function say(form, name, extra) {
    var status = form.querySelector("[data-offline-status]");
    if (!status) { return; }
    status.textContent = (status.dataset[name] || "") + (extra ? " " + extra : "");
    status.className = "walks-status alert " + (name === "msgRefused" ? "alert-danger" : "alert-info");
  }

  function errorsText(data) {
    var errors = (data && data.errors) || {};
    return Object.keys(errors).map(function (name) { return errors[name].join(" "); }).join(" ");
  }

  function freshForm(form) {
    form.reset();
    form.querySelector("[name=idempotency_key]").value = newKey();
  }

  // Refused by the server as it stands (a validation error): sending it
  // again would not help, so it is dropped and the reason shown. Anything
  // else (a rate limit, an expired login, a server error) keeps it stored.
  function refused(result) { return result.status === 400; }

  // The text reads like it is about a person: show the "it is not" tick
  // and its reason, so the official or resident can confirm and send again.
  function showEstConfirm(form, data) {
    var box = form.querySelector("[data-est-confirm]");
    if (box && data && data.est) { box.hidden = false; }
  }

  function submit(event) {
    var form = event.target;
    event.preventDefault();
    var entry = entryOf(form);
    save(entry).catch(function () { return null; }).then(function () {
      return send(entry, form);
    }).then(function (result) {
      if (result.data.ok) {
        remove(entry.key);
        freshForm(form);
        say(form, "msgSent");
        if (form.dataset.reload !== "no") { window.location.reload(); }
      } else if (refused(result)) {
        remove(entry.key);
        showEstConfirm(form, result.data);
        say(form, "msgRefused", errorsText(result.data));
      } else {
        freshForm(form);
        say(form, "msgQueued", errorsText(result.data));
      }
    }, function () {
      // No network: the entry stays stored; the next `online` sends it.
      freshForm(form);
      say(form, "msgQueued");
    });
  }

  var retrying = false;

  function retry(form) {
    if (retrying) { return; }
    retrying = true;
    pending().then(function (entries) {
      var mine = entries.filter(function (e) { return e.scope === form.dataset.offlineForm; });
      return mine.reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry, form).then(function (result) {
            if (result.data.ok) {
              return remove(entry.key).then(function () { say(form, "msgSentLater"); });
            }
            if (refused(result)) {
              return remove(entry.key).then(function () { say(form, "msgRefused", errorsText(result.data)); });
            }
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* still offline: wait for the next `online` */ }).then(function () {
      retrying = false;
    });
  }

  document.querySelectorAll("form[data-offline-form]").forEach(function (form) {
    if (!window.indexedDB || !window.fetch) { return; }  // the plain form still works
    form.addEventListener("submit", submit);
    window.addEventListener("online", function () { retry(form); });
    retry(form);
  });
})();
