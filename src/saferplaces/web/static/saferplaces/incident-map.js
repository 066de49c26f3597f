// Draws the incident's neighbourhood from LSOA boundaries: no tile layer, since none can be fetched.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries © ONS, OGL v3");
  var layer = L.geoJSON(data.lsoas, {
    style: function (f) {
      var own = f.properties.code === data.lsoa;
      return { color: own ? "#b00020" : "#505a5f", weight: own ? 3 : 1, fillOpacity: own ? 0.15 : 0.04 };
    },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.code + " " + f.properties.name); }
  });
  // Vector layers need a view before they are added, so set it first.
  if (layer.getLayers().length) {
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  } else if (data.point) {
    map.setView(data.point, 15);
  } else {
    el.textContent = "No location recorded for this incident.";
    return;
  }
  layer.addTo(map);
  if (data.point) {
    L.circleMarker(data.point, { radius: 7, color: "#1d70b8", fillOpacity: 0.9 })
      .bindTooltip("Incident location").addTo(map);
  }
  el.setAttribute("data-ready", "true");
})();
