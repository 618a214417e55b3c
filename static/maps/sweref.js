// SWEREF 99 TM <-> WGS 84 in the browser, for the area drawing (the server
// converts with pyproj). Lantmäteriet's Gauss-Krüger formulas on GRS 80;
// WGS 84 and SWEREF 99 differ by far less than a metre, as in maps/geo.py.
(function (root) {
  "use strict";

  var a = 6378137.0;
  var f = 1 / 298.257222101;
  var lambda0 = (15 * Math.PI) / 180;
  var k0 = 0.9996;
  var falseEasting = 500000.0;

  var e2 = f * (2 - f);
  var n = f / (2 - f);
  var aRoof = (a / (1 + n)) * (1 + (n * n) / 4 + (n * n * n * n) / 64);

  var forward = [
    n / 2 - (2 * n * n) / 3 + (5 * n * n * n) / 16 + (41 * n * n * n * n) / 180,
    (13 * n * n) / 48 - (3 * n * n * n) / 5 + (557 * n * n * n * n) / 1440,
    (61 * n * n * n) / 240 - (103 * n * n * n * n) / 140,
    (49561 * n * n * n * n) / 161280,
  ];
  var backward = [
    n / 2 - (2 * n * n) / 3 + (37 * n * n * n) / 96 - (n * n * n * n) / 360,
    (n * n) / 48 + (n * n * n) / 15 - (437 * n * n * n * n) / 1440,
    (17 * n * n * n) / 480 - (37 * n * n * n * n) / 840,
    (4397 * n * n * n * n) / 161280,
  ];

  function toSweref(lat, lon) {
    var phi = (lat * Math.PI) / 180;
    var A = e2;
    var B = (5 * e2 * e2 - e2 * e2 * e2) / 6;
    var C = (104 * e2 * e2 * e2 - 45 * e2 * e2 * e2 * e2) / 120;
    var D = (1237 * e2 * e2 * e2 * e2) / 1260;
    var s = Math.sin(phi);
    var conformal = phi - s * Math.cos(phi) * (A + B * s * s + C * s * s * s * s + D * s * s * s * s * s * s);
    var dLambda = (lon * Math.PI) / 180 - lambda0;
    var xi = Math.atan(Math.tan(conformal) / Math.cos(dLambda));
    var eta = Math.atanh(Math.cos(conformal) * Math.sin(dLambda));
    var x = xi;
    var y = eta;
    for (var j = 0; j < 4; j++) {
      var m = 2 * (j + 1);
      x += forward[j] * Math.sin(m * xi) * Math.cosh(m * eta);
      y += forward[j] * Math.cos(m * xi) * Math.sinh(m * eta);
    }
    return { n: k0 * aRoof * x, e: k0 * aRoof * y + falseEasting };
  }

  function toWgs84(northing, easting) {
    var xi = northing / (k0 * aRoof);
    var eta = (easting - falseEasting) / (k0 * aRoof);
    var x = xi;
    var y = eta;
    for (var j = 0; j < 4; j++) {
      var m = 2 * (j + 1);
      x -= backward[j] * Math.sin(m * xi) * Math.cosh(m * eta);
      y -= backward[j] * Math.cos(m * xi) * Math.sinh(m * eta);
    }
    var conformal = Math.asin(Math.sin(x) / Math.cosh(y));
    var dLambda = Math.atan(Math.sinh(y) / Math.cos(x));
    var A = e2 + e2 * e2 + e2 * e2 * e2 + e2 * e2 * e2 * e2;
    var B = -(7 * e2 * e2 + 17 * e2 * e2 * e2 + 30 * e2 * e2 * e2 * e2) / 6;
    var C = (224 * e2 * e2 * e2 + 889 * e2 * e2 * e2 * e2) / 120;
    var D = -(4279 * e2 * e2 * e2 * e2) / 1260;
    var s = Math.sin(conformal);
    var phi = conformal + s * Math.cos(conformal) * (A + B * s * s + C * s * s * s * s + D * s * s * s * s * s * s);
    return { lat: (phi * 180) / Math.PI, lon: ((lambda0 + dLambda) * 180) / Math.PI };
  }

  var api = { toSweref: toSweref, toWgs84: toWgs84 };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.trygghetSweref = api;
})(this);
