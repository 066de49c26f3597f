// The optional map on "Where did it happen?": area boundaries from the LSOA GeoJSON, no tile layer
// (none can be fetched). Without JavaScript the block stays hidden and the text answer is enough.
(function () {
  "use strict";
  var block = document.getElementById("place-map-block");
  var el = document.getElementById("place-map");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!block || !el || !lat || !lng || typeof L === "undefined" || !el.getAttribute("data-bounds")) { return; }
  block.hidden = false;
  var status = document.getElementById("place-map-status");
  var clearButton = document.getElementById("place-map-clear");
  var centreButton = document.getElementById("place-map-centre");
  var map = L.map(el, { zoomSnap: 0.5, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries © ONS, OGL v3");
  // A view must be set before any vector layer is added.
  map.fitBounds(JSON.parse(el.getAttribute("data-bounds")));
  var districts = L.geoJSON(null, {
    style: { color: "#0b0c0c", weight: 2, fill: false },
    interactive: false
  }).addTo(map);
  var areas = L.geoJSON(null, {
    style: { color: "#505a5f", weight: 1, fillOpacity: 0.03 },
    onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name); }
  }).addTo(map);
  var marker = null;

  fetch(el.getAttribute("data-districts"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) { districts.addData(data); el.setAttribute("data-ready", "true"); });

  function loadAreas() {
    if (map.getZoom() < 13) { areas.clearLayers(); return; }
    var b = map.getBounds();
    var url = el.getAttribute("data-areas") + "?bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map(function (v) { return v.toFixed(5); }).join(",");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { areas.clearLayers(); areas.addData(data); });
  }
  map.on("moveend", loadAreas);

  function mark(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 8, color: "#1d70b8", weight: 3, fillOpacity: 0.8 }).addTo(map);
    }
    status.textContent = "Place marked on the map.";
    clearButton.hidden = false;
  }
  function clear() {
    lat.value = ""; lng.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    status.textContent = "No place marked.";
    clearButton.hidden = true;
  }
  map.on("click", function (e) { mark(e.latlng); });
  centreButton.addEventListener("click", function () { mark(map.getCenter()); });
  clearButton.addEventListener("click", clear);
  if (lat.value && lng.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lng.value));
    mark(start);
    map.setView(start, 15);
  }
})();
