// Point picker for the server-rendered maps (progressive enhancement: without
// this script the coordinate fields work on their own). The SVG is drawn in
// SWEREF 99 TM metres with y = -northing, so a click needs no projection.
(function () {
  "use strict";

  function setup(wrap) {
    var svg = wrap.querySelector("svg");
    var pin = wrap.querySelector("[data-map-pin]");
    var status = wrap.querySelector("[data-map-status]");
    var northing = document.getElementById(wrap.dataset.northingInput);
    var easting = document.getElementById(wrap.dataset.eastingInput);
    var system = wrap.dataset.systemInput ? document.getElementById(wrap.dataset.systemInput) : null;
    var step = parseFloat(wrap.dataset.step) || 100;
    if (!svg || !northing || !easting) return;
    var box = svg.viewBox.baseVal;

    function current() {
      var n = parseFloat(String(northing.value).replace(/\s/g, "").replace(",", "."));
      var e = parseFloat(String(easting.value).replace(/\s/g, "").replace(",", "."));
      return isNaN(n) || isNaN(e) ? null : { n: n, e: e };
    }

    function show() {
      var point = current();
      if (!point) {
        pin.setAttribute("hidden", "");
        status.textContent = status.dataset.empty;
        return;
      }
      pin.removeAttribute("hidden");
      pin.setAttribute("transform", "translate(" + point.e + " " + -point.n + ")");
      status.textContent = status.dataset.chosen
        .replace("{n}", Math.round(point.n))
        .replace("{e}", Math.round(point.e));
    }

    function set(n, e) {
      northing.value = Math.round(n);
      easting.value = Math.round(e);
      if (system) system.checked = true;
      northing.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    }

    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return;
      var point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      set(-point.y, point.x);
    });

    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (event.key === "Delete" || event.key === "Backspace") {
        northing.value = "";
        easting.value = "";
        event.preventDefault();
        show();
        return;
      }
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      var size = event.shiftKey ? 1000 : step;
      var point = current() || { n: -(box.y + box.height / 2), e: box.x + box.width / 2 };
      if (!current()) size = 0; // the first key press puts the point in the middle
      set(point.n + move[0] * size, point.e + move[1] * size);
    });

    northing.addEventListener("input", show);
    easting.addEventListener("input", show);
    wrap.removeAttribute("hidden");
    show();
  }

  document.querySelectorAll("[data-map-picker]").forEach(setup);
})();
