// Drawing an area on the place form's map (progressive enhancement: without
// this script the GeoJSON field takes a pasted polygon). A click adds a
// corner; with the keyboard the arrow keys move a cross and Enter adds a
// corner at it. From three corners on, the closed polygon is written into
// the GeoJSON field as WGS 84 [longitude, latitude]; the server checks it.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var sweref = window.trygghetSweref;

  function setup(wrap) {
    var svg = wrap.querySelector("svg");
    var field = document.getElementById(wrap.dataset.geojsonInput);
    var shape = wrap.querySelector("[data-draw-shape]");
    var corners = wrap.querySelector("[data-draw-corners]");
    var cross = wrap.querySelector("[data-draw-cross]");
    var status = wrap.querySelector("[data-draw-status]");
    var step = parseFloat(wrap.dataset.step) || 10;
    if (!svg || !field || !sweref) return;
    var box = svg.viewBox.baseVal;
    var dot = parseFloat(wrap.dataset.dot) || 20;
    var points = []; // [{n, e}] in SWEREF 99 TM metres, the ring without its closing point
    var aim = null;

    function fromField() {
      // The drawing starts from a polygon already in the field (its outer ring).
      try {
        var data = JSON.parse(field.value);
        if (data && data.type === "Feature") data = data.geometry;
        if (!data || data.type !== "Polygon") return [];
        var ring = data.coordinates[0].slice(0, -1);
        return ring.map(function (p) {
          return sweref.toSweref(p[1], p[0]);
        });
      } catch (error) {
        return [];
      }
    }

    function write() {
      if (points.length < 3) {
        field.value = "";
        return;
      }
      var ring = points.concat([points[0]]).map(function (p) {
        var g = sweref.toWgs84(p.n, p.e);
        return [Math.round(g.lon * 1e6) / 1e6, Math.round(g.lat * 1e6) / 1e6];
      });
      field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    }

    function draw() {
      shape.setAttribute(
        "points",
        points
          .map(function (p) {
            return Math.round(p.e) + "," + Math.round(-p.n);
          })
          .join(" "),
      );
      shape.setAttribute("class", points.length >= 3 ? "maps-draw-shape maps-draw-closed" : "maps-draw-shape");
      while (corners.firstChild) corners.removeChild(corners.firstChild);
      points.forEach(function (p) {
        var c = document.createElementNS(SVG, "circle");
        c.setAttribute("cx", Math.round(p.e));
        c.setAttribute("cy", Math.round(-p.n));
        c.setAttribute("r", dot);
        corners.appendChild(c);
      });
      if (aim) {
        cross.removeAttribute("hidden");
        cross.setAttribute("transform", "translate(" + Math.round(aim.e) + " " + Math.round(-aim.n) + ")");
      } else {
        cross.setAttribute("hidden", "");
      }
      var text = points.length >= 3 ? status.dataset.closed : status.dataset.open;
      status.textContent = text.replace("{count}", points.length);
    }

    function add(point) {
      points.push({ n: Math.round(point.n), e: Math.round(point.e) });
      write();
      draw();
    }

    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return;
      var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      add({ n: -p.y, e: p.x });
    });

    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (aim) add(aim);
        return;
      }
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      var size = event.shiftKey ? 10 * step : step;
      if (!aim) {
        // The first key press puts the cross in the middle of the map.
        aim = { n: Math.round(-(box.y + box.height / 2)), e: Math.round(box.x + box.width / 2) };
      } else {
        aim = { n: aim.n + move[0] * size, e: aim.e + move[1] * size };
      }
      draw();
    });

    wrap.querySelector("[data-draw-undo]").addEventListener("click", function () {
      points.pop();
      write();
      draw();
    });
    wrap.querySelector("[data-draw-clear]").addEventListener("click", function () {
      points = [];
      write();
      draw();
    });
    field.addEventListener("input", function () {
      points = fromField();
      draw();
    });

    points = fromField();
    wrap.removeAttribute("hidden");
    draw();
  }

  document.querySelectorAll("[data-map-draw]").forEach(setup);
})();
