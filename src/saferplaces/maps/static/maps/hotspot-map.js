// The hotspot map: fetches the map data as JSON (with a progress bar), draws LSOA boundaries from
// GeoJSON with no tile layer (none can be fetched), and switches layers from the side panel.
// Styles are set from here because the page's CSP forbids style attributes in the templates.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined" || !window.fetch) { return; }

  const statusBox = document.getElementById("map-status");
  const bar = document.getElementById("map-progress");
  const statusText = document.getElementById("map-status-text");
  const measure = el.dataset.measure;

  function status(message, fraction) {
    statusBox.hidden = false;
    statusText.textContent = message;
    if (fraction === null) { bar.removeAttribute("value"); } else { bar.value = Math.round(fraction * 100); }
  }

  function fmt(value, decimals) {
    if (value === null || value === undefined) { return "–"; }
    return Number(value).toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  // Reads the body in chunks so the bar can show how much has arrived (Content-Length is set).
  async function loadJSON(url, label) {
    // Same request as the page's <link rel="preload">, so the download already under way is reused.
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) { throw new Error("The map data could not be loaded (" + response.status + ")."); }
    const total = Number(response.headers.get("Content-Length")) || 0;
    if (!response.body || !total) { return response.json(); }
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { break; }
      chunks.push(value);
      received += value.length;
      status(label + "… " + Math.round(received / 1024) + " of " + Math.round(total / 1024) + " kB", received / total);
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) { bytes.set(chunk, offset); offset += chunk.length; }
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  function colourFor(value, legend) {
    if (value === null || value === undefined) { return legend.no_data; }
    if (value <= 0) { return legend.zero; }
    for (const c of legend.classes) { if (value <= c.upto) { return c.colour; } }
    return legend.classes.length ? legend.classes[legend.classes.length - 1].colour : legend.zero;
  }

  function swatchRow(colour, text) {
    const row = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    row.appendChild(swatch);
    row.appendChild(document.createTextNode(" " + text));
    return row;
  }

  function drawLegend(container, legend, decimals, id) {
    const box = document.createElement("div");
    box.id = id;
    const title = document.createElement("p");
    title.className = "legend-title";
    title.textContent = legend.title;
    box.appendChild(title);
    const list = document.createElement("ul");
    list.appendChild(swatchRow(legend.zero, "0"));
    let lower = 0;
    for (const c of legend.classes) {
      list.appendChild(swatchRow(c.colour, "over " + fmt(lower, decimals) + " to " + fmt(c.upto, decimals)));
      lower = c.upto;
    }
    if (id === "legend-lsoas") { list.appendChild(swatchRow(legend.no_data, "no census population")); }
    box.appendChild(list);
    container.appendChild(box);
    return box;
  }

  function lsoaTooltip(p) {
    return p.code + " " + p.name + "<br>" + fmt(p.count, 0) + " incidents, rate " + fmt(p.rate_per_1000, 2) +
      " per 1,000<br>harm " + fmt(p.harm, 1) + " days, " + fmt(p.harm_per_1000, 2) + " per 1,000" +
      "<br>" + fmt(p.population, 0) + " residents";
  }

  function draw(data) {
    const lsoaValue = function (p) { return measure === "harm" ? p.harm_per_1000 : p.rate_per_1000; };
    const cellValue = function (p) { return measure === "harm" ? p.harm : p.count; };
    const canvas = L.canvas({ padding: 0.2 });

    const layers = {};
    layers.lsoas = L.geoJSON(data.lsoas, {
      style: function (f) {
        return { color: "#505a5f", weight: 0.6, fillColor: colourFor(lsoaValue(f.properties), data.legend.lsoas), fillOpacity: 0.65 };
      }
    }).bindTooltip(function (layer) { return lsoaTooltip(layer.feature.properties); }, { sticky: true });

    const hotspotData = data.hotspots || { type: "FeatureCollection", features: [] };
    layers.hotspots = L.geoJSON(hotspotData, {
      renderer: canvas,
      // Blue on the yellow-red choropleth so that hotspots stand out from high-rate areas.
      style: function () { return { color: "#003078", weight: 1.5, fillColor: "#1d70b8", fillOpacity: 0.75 }; }
    }).bindTooltip(function (layer) {
      const p = layer.feature.properties;
      return "Hotspot " + p.rank + ": " + fmt(p.count, 0) + " incidents, harm " + fmt(p.harm, 1) +
        " days in the period; score " + fmt(p.score, 3);
    }, { sticky: true });

    // Grid cells and points can run to thousands of shapes: fetched and built when switched on.
    const builders = {
      cells: function (cells) {
        el.dataset.cells = String(cells.features.length);
        return L.geoJSON(cells, {
          renderer: canvas,
          style: function (f) {
            return { color: "#4c2c92", weight: 0.4, fillColor: colourFor(cellValue(f.properties), data.legend.cells), fillOpacity: 0.8 };
          }
        }).bindTooltip(function (layer) {
          const p = layer.feature.properties;
          return fmt(p.count, 0) + " incidents, harm " + fmt(p.harm, 1) + " days";
        }, { sticky: true });
      },
      incidents: function (incidents) {
        el.dataset.points = String(incidents.points.length);
        return L.layerGroup(incidents.points.map(function (p) {
          // p = [latitude, longitude, reference, when, type, place, harm]
          return L.circleMarker([p[0], p[1]], {
            renderer: canvas, radius: 3, color: "#ffffff", weight: 0.8, fillColor: "#0b0c0c", fillOpacity: 0.9
          }).bindTooltip([p[2], p[3], p[4], p[5]].filter(Boolean).join(" · ") + " · harm " + fmt(p[6], 1) + " days");
        }));
      }
    };
    const names = { cells: "grid cells", incidents: "points" };

    // A view is needed before vector layers are added: fit the boundaries (or whatever there is).
    const fitTo = [layers.lsoas, layers.hotspots].find(function (l) { return l.getLayers().length; });
    if (fitTo) {
      map.fitBounds(fitTo.getBounds(), { padding: [8, 8] });
    } else {
      map.setView([53.75, -1.65], 10);
    }

    const legendBox = document.getElementById("legend");
    legendBox.textContent = "";
    const legends = {
      lsoas: drawLegend(legendBox, data.legend.lsoas, 2, "legend-lsoas"),
      cells: drawLegend(legendBox, data.legend.cells, measure === "harm" ? 1 : 0, "legend-cells")
    };

    function flag(name, on) {
      if (legends[name]) { legends[name].hidden = !on; }
      el.dataset["layer" + name.charAt(0).toUpperCase() + name.slice(1)] = on ? "on" : "off";
    }

    async function setLayer(name, box) {
      const on = box.checked;
      if (!on) {
        if (layers[name]) { map.removeLayer(layers[name]); }
        flag(name, false);
        return;
      }
      if (!layers[name]) {
        box.disabled = true;
        status("Loading " + names[name] + "…", null);
        try {
          layers[name] = builders[name](await loadJSON(el.dataset.url + "&layer=" + name, "Loading " + names[name]));
          statusBox.hidden = true;
        } catch (err) {
          status(err.message, 0);
          box.checked = false;
          return;
        } finally {
          box.disabled = false;
        }
        if (!box.checked) { return; }
      }
      layers[name].addTo(map);
      if (layers.hotspots && map.hasLayer(layers.hotspots)) { layers.hotspots.bringToFront(); }
      flag(name, true);
    }

    const boxes = document.querySelectorAll("#layers input[data-layer]");
    boxes.forEach(function (box) {
      box.hidden = false;
      box.addEventListener("change", function () { setLayer(box.dataset.layer, box); });
      const name = box.dataset.layer;
      if (builders[name]) {
        flag(name, false);
        if (box.checked) { setLayer(name, box); }
      } else if (box.checked) {
        layers[name].addTo(map);
        flag(name, true);
      } else {
        flag(name, false);
      }
    });
    if (map.hasLayer(layers.hotspots)) { layers.hotspots.bringToFront(); }

    el.dataset.lsoas = String(layers.lsoas.getLayers().length);
    el.dataset.hotspots = String(layers.hotspots.getLayers().length);
    // Marked ready after the browser has painted the layers, with the time since navigation began.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        el.dataset.drawMs = String(Math.round(performance.now()));
        el.dataset.ready = "true";
        statusBox.hidden = true;
      });
    });
  }

  el.textContent = "";
  const map = L.map(el, { zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries © ONS, OGL v3");
  status("Loading map data…", null);
  loadJSON(el.dataset.url, "Loading map data").then(function (data) {
    status("Drawing " + fmt(data.summary.lsoas, 0) + " LSOAs…", 1);
    // Let the status repaint before the (synchronous) drawing starts.
    setTimeout(function () { draw(data); }, 0);
  }).catch(function (err) {
    status(err.message || "The map data could not be loaded.", 0);
    el.dataset.error = "true";
  });
})();
