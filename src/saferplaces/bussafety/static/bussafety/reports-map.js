// Staff map of bus safety reports: district outlines and one marker per report with a point.
// No tile layer (none can be fetched); the queue lists every report for anyone without the map.
(function () {
  "use strict";
  var el = document.getElementById("reports-map");
  if (!el || typeof L === "undefined" || !el.getAttribute("data-bounds")) { return; }
  var count = document.getElementById("map-count");
  var map = L.map(el, { zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries © ONS, OGL v3");
  map.fitBounds(JSON.parse(el.getAttribute("data-bounds")));  // the view comes before any layer
  var outlines = L.geoJSON(null, { style: { color: "#505a5f", weight: 2, fill: false }, interactive: false }).addTo(map);
  var reports = L.geoJSON(null, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 7, color: "#d4351c", weight: 2, fillOpacity: 0.7 });
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = p.url; link.textContent = p.reference;
      box.appendChild(link);
      box.appendChild(document.createTextNode(" " + p.occurred_on + ", route " + p.route + ": " + p.types.join(", ")));
      layer.bindPopup(box);
    }
  }).addTo(map);
  function json(url) { return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }); }
  Promise.all([json(el.getAttribute("data-districts")), json(el.getAttribute("data-source"))]).then(function (both) {
    outlines.addData(both[0]);
    reports.addData(both[1]);
    count.textContent = both[1].features.length + " report" + (both[1].features.length === 1 ? "" : "s") + " on the map.";
    el.setAttribute("data-ready", "true");
  }).catch(function (e) {
    count.textContent = "The map could not be drawn: use the queue instead.";
    console.error(e);
  });
})();
