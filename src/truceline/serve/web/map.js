// The map: an offline base map (land, country borders and admin-1 areas from Natural
// Earth, towns and villages from the gazetteer, labelled by size and zoom) under the
// events, which are clustered where they crowd. Nothing is loaded from elsewhere: the
// base map is built into /vendor/basemap by scripts/build_web.py, towns come from
// /api/places.
"use strict";

(function () {
  const TL = window.TL;
  const { el } = TL;
  const M = (TL.map = { map: null, cluster: null, markers: new Map(), centre: 0, onSelect: null,
    admin1Index: null, admin1: new Map(), townLayer: null, adminLabels: null, townsRequest: 0 });

  // Smallest population labelled at each zoom: cities first, villages from zoom 10
  // (at zoom 10 a pixel is ~150 m, so villages a few km apart have room for a name).
  function minPopulation(zoom) {
    if (zoom <= 5) return 1000000;
    if (zoom === 6) return 200000;
    if (zoom === 7) return 50000;
    if (zoom === 8) return 15000;
    if (zoom === 9) return 3000;
    return 0;
  }
  const ADMIN1_FROM_ZOOM = 5;
  const ADMIN1_LABELS = [6, 9]; // admin-1 names between these zooms (towns take over after)

  function pane(map, name, z) {
    const p = map.createPane(name);
    p.style.zIndex = String(z);
    p.style.pointerEvents = "none";
    return p;
  }

  function init(onSelect) {
    if (!window.L) return false;
    M.onSelect = onSelect;
    const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 15 }).setView([30, 20], 2);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Base map: Natural Earth (public domain); places: GeoNames via the gazetteer");
    pane(map, "land", 200);
    pane(map, "admin1", 350);
    pane(map, "borders", 360);
    pane(map, "towns", 390); // under the event markers (overlay pane, 400)
    M.map = map;
    M.townLayer = L.layerGroup([], { pane: "towns" }).addTo(map);
    M.adminLabels = L.layerGroup([], { pane: "towns" }).addTo(map);
    M.cluster = window.L.markerClusterGroup
      ? L.markerClusterGroup({ maxClusterRadius: 36, removeOutsideVisibleBounds: false, showCoverageOnHover: false,
        spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon })
      : L.featureGroup();
    M.cluster.addTo(map);
    map.on("moveend", () => { refreshAdmin1(); refreshTowns(); });
    return true;
  }

  // --- the base map -------------------------------------------------------------------

  async function loadBasemap() {
    const map = M.map;
    if (!map) return;
    document.body.dataset.borders = "loading";
    try {
      const [world, index] = await Promise.all([TL.getJSON("/vendor/basemap/countries.json"),
        TL.getJSON("/vendor/basemap/admin1/index.json")]);
      const land = L.canvas({ padding: 0.5, pane: "land" });
      const lines = L.canvas({ padding: 0.5, pane: "borders" });
      L.geoJSON(world.land, { renderer: land, interactive: false,
        style: { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
      L.geoJSON(world.borders, { renderer: lines, interactive: false,
        style: { color: "#7d7465", weight: 1.2, opacity: 0.9, fill: false } }).addTo(map);
      M.admin1Index = index;
      M.admin1Renderer = L.canvas({ padding: 0.5, pane: "admin1" });
      document.body.dataset.borders = "ready";
      refreshAdmin1();
      refreshTowns();
    } catch (err) {
      document.body.dataset.borders = "failed";
      TL.notice("Could not load the base map: " + err.message);
    }
  }

  function overlaps(bbox, bounds) {
    if (!bbox) return false;
    const [w, s, e, n] = bbox;
    const west = bounds.getWest(), east = bounds.getEast();
    if (n < bounds.getSouth() || s > bounds.getNorth()) return false;
    for (const shift of [-360, 0, 360]) if (w + shift <= east && e + shift >= west) return true;
    return false;
  }

  async function refreshAdmin1() {
    const map = M.map;
    if (!map || !M.admin1Index) return;
    const zoom = map.getZoom(), bounds = map.getBounds();
    if (zoom >= ADMIN1_FROM_ZOOM) {
      const wanted = Object.keys(M.admin1Index).filter((iso) => overlaps(M.admin1Index[iso], bounds));
      await Promise.all(wanted.filter((iso) => !M.admin1.has(iso)).map(loadAdmin1));
    }
    for (const [, layer] of M.admin1) {
      if (zoom >= ADMIN1_FROM_ZOOM && !map.hasLayer(layer.lines)) layer.lines.addTo(map);
      if (zoom < ADMIN1_FROM_ZOOM && map.hasLayer(layer.lines)) map.removeLayer(layer.lines);
    }
    drawAdminLabels();
  }

  async function loadAdmin1(iso) {
    M.admin1.set(iso, { lines: L.layerGroup(), labels: [] }); // claimed: loaded once
    try {
      const data = await TL.getJSON("/vendor/basemap/admin1/" + iso + ".json");
      const lines = L.polyline(data.lines.map((line) => line.map(([x, y]) => [y, x])), {
        renderer: M.admin1Renderer, interactive: false, color: "#9b8f7a", weight: 1, opacity: 0.9, dashArray: "4 3" });
      M.admin1.set(iso, { lines: L.layerGroup([lines]), labels: data.labels });
    } catch (err) {
      M.admin1.delete(iso);
    }
  }

  function labelIcon(cls, text) {
    const node = el("span", { cls: "map-label " + cls }, el("span", { cls: "map-label-text", text }));
    return L.divIcon({ className: "map-label-box", html: node, iconSize: null });
  }

  function drawAdminLabels() {
    const map = M.map;
    M.adminLabels.clearLayers();
    const zoom = map.getZoom();
    if (zoom < ADMIN1_LABELS[0] || zoom > ADMIN1_LABELS[1]) return;
    const bounds = map.getBounds().pad(0.1);
    for (const [, layer] of M.admin1) {
      for (const label of layer.labels) {
        if (label.min_zoom > zoom + 2 || !bounds.contains([label.lat, label.lon])) continue;
        L.marker([label.lat, label.lon], { icon: labelIcon("admin1", label.name), interactive: false,
          keyboard: false, pane: "towns" }).addTo(M.adminLabels);
      }
    }
  }

  // Towns in view, largest first; a name is left out where it would overlap one
  // already placed, so the map stays readable at every zoom.
  async function refreshTowns() {
    const map = M.map;
    if (!map || document.body.dataset.borders !== "ready") return;
    const ticket = ++M.townsRequest;
    const zoom = map.getZoom(), b = map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(3);
    let west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    const bbox = [clamp(wrap(west), 180), clamp(b.getSouth(), 90), clamp(wrap(east), 180), clamp(b.getNorth(), 90)];
    let found;
    try {
      found = await TL.getJSON("/api/places", new URLSearchParams({ bbox: bbox.join(","),
        min_population: minPopulation(zoom), limit: 250 }));
    } catch (err) { return; }
    if (ticket !== M.townsRequest) return; // a later view asked since
    M.townLayer.clearLayers();
    const placed = [];
    for (const town of found.items) {
      const lon = wrapLon(town.lon);
      const at = map.latLngToContainerPoint([town.lat, lon]);
      const box = [at.x - 4, at.y - 8, at.x + 8 + 6.5 * town.name.length, at.y + 8];
      if (placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) continue;
      placed.push(box);
      const cls = town.population >= 100000 ? "town city" : town.population >= 10000 ? "town" : "town village";
      L.marker([town.lat, lon], { icon: labelIcon(cls, town.name), interactive: false, keyboard: false,
        pane: "towns" }).addTo(M.townLayer);
    }
    document.body.dataset.towns = String(M.townLayer.getLayers().length);
  }

  // --- events -------------------------------------------------------------------------

  // Longitudes are drawn within 180° of the events' middle, so a cluster of events on
  // both sides of the antimeridian (Fiji, Chukotka) stays together instead of being
  // split across the world.
  function wrapLon(lon) {
    let x = lon;
    while (x - M.centre > 180) x -= 360;
    while (x - M.centre < -180) x += 360;
    return x;
  }

  function circularMean(lons) {
    if (!lons.length) return 0;
    const rad = Math.PI / 180;
    const x = lons.reduce((s, l) => s + Math.cos(l * rad), 0), y = lons.reduce((s, l) => s + Math.sin(l * rad), 0);
    return Math.atan2(y, x) / rad;
  }

  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const counts = {};
    for (const m of children) counts[m.options.group] = (counts[m.options.group] || 0) + 1;
    const top = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const type = children.find((m) => m.options.group === top).options.eventType;
    const size = 30 + Math.min(16, 4 * Math.log2(children.length));
    const node = el("div", { cls: "tl-cluster", text: children.length,
      attrs: { title: TL.plural(children.length, "event") + " here: zoom in or click" },
      style: { "border-color": TL.colour(type), width: size + "px", height: size + "px", "line-height": size - 6 + "px" } });
    return L.divIcon({ html: node, className: "tl-cluster-box", iconSize: L.point(size, size) });
  }

  function markerStyle(e) {
    const disputed = e.contradictions.length > 0, happened = TL.happened(e), c = TL.colour(e.type);
    return {
      radius: 6 + Math.min(6, 2 * Math.log2(reports(e) || 1)),
      color: disputed ? "#111" : happened ? "#fff" : c, weight: disputed || !happened ? 2.5 : 1.5,
      dashArray: happened ? null : "3 3", fillColor: happened ? c : "#fff", fillOpacity: happened ? 0.9 : 0.7,
      className: "tl-marker" + (disputed ? " tl-disputed" : "") + (happened ? "" : " tl-not-happened"),
    };
  }

  // Reports (articles) of an event, never its quotes: six sentences of one article are one.
  function reports(e) { return new Set(e.sources.map((s) => s.document)).size; }

  function renderMarkers(events, filters) {
    if (!M.map) return;
    M.cluster.clearLayers();
    M.markers.clear();
    // history the reports recall is in the timeline's background lane, not on the map
    const placed = events.filter((e) => !e.background && e.place && e.place.lat !== null && e.place.lon !== null);
    M.centre = circularMean(placed.map((e) => e.place.lon));
    // Widely reported and disputed events are drawn last, on top of the others.
    const weight = (e) => reports(e) + 10 * e.contradictions.length;
    for (const e of [...placed].sort((a, b) => weight(a) - weight(b))) {
      const marker = L.circleMarker([e.place.lat, wrapLon(e.place.lon)],
        { ...markerStyle(e), group: TL.group(e.type), eventType: e.type });
      marker.bindTooltip(el("span", {}, el("strong", { text: TL.eventLabel(e) }),
        TL.happened(e) ? "" : " (" + TL.modalityLabel(e.modality) + ")", " · ",
        TL.dateText(e.date, e.date_precision), " · ", e.place.name));
      marker.on("click", () => M.onSelect(e.id));
      marker.on("add", () => marker.getElement() && marker.getElement().setAttribute("data-event-id", e.id));
      M.markers.set(e.id, marker);
      M.cluster.addLayer(marker);
    }
    fit(placed, filters);
  }

  // Events that happened on the ground (fighting, arrests, withdrawals, aid, protests,
  // reported as having happened); talks, statements and signings are often placed at a
  // venue far away (Geneva, Astana, Cairo), so the first view frames these only.
  function onTheGround(e) {
    const t = TL.vocab.types[e.type];
    return Boolean(t && t.ground && TL.happened(e) && e.place.precision !== "country");
  }

  // The events around the middle of the ground events: a stray one placed far away (an
  // attack put at the capital where the deal was signed) does not widen the first view
  // to half a continent. Kept: within three times the distance of the nearest three
  // quarters from the median point, and never less than 50 km.
  function core(events) {
    if (events.length < 5) return events;
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const lat0 = median(events.map((e) => e.place.lat)), lon0 = median(events.map((e) => wrapLon(e.place.lon)));
    const km = (e) => 111.2 * Math.hypot(e.place.lat - lat0,
      (wrapLon(e.place.lon) - lon0) * Math.cos((lat0 * Math.PI) / 180));
    const distances = events.map(km).sort((a, b) => a - b);
    const limit = Math.max(50, 3 * distances[Math.floor(0.75 * (distances.length - 1))]);
    return events.filter((e) => km(e) <= limit);
  }

  function fit(placed, filters) {
    const map = M.map;
    if (filters.bbox) {
      const [w, s, e, n] = filters.bbox.split(",").map(Number);
      map.fitBounds([[s, w], [n, e > w ? e : e + 360]], { animate: false });
      return;
    }
    const ground = core(placed.filter(onTheGround));
    const framed = ground.length ? ground : placed;
    if (!framed.length) return;
    const bounds = L.latLngBounds(framed.map((e) => [e.place.lat, wrapLon(e.place.lon)]));
    map.fitBounds(bounds.pad(0.25), { maxZoom: 11, animate: false });
    document.body.dataset.framed = ground.length ? "ground" : "all";
  }

  function highlight(id) {
    for (const [eventId, marker] of M.markers) {
      const node = marker.getElement();
      if (node) node.classList.toggle("tl-selected", eventId === id);
    }
    const marker = M.markers.get(id);
    if (marker && M.cluster.zoomToShowLayer && !marker.getElement()) {
      M.cluster.zoomToShowLayer(marker, () => {
        const node = marker.getElement();
        if (node) node.classList.add("tl-selected");
      });
    }
  }

  function currentBbox() {
    const b = M.map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(4);
    return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(",");
  }

  // --- the legend ---------------------------------------------------------------------

  // Every category, by group, in its colour; then how a marker says what did not happen
  // as reported, where sources disagree and where events crowd.
  function fillLegend() {
    const box = document.getElementById("legend");
    if (!box || !TL.vocab.list) return;
    TL.clear(box);
    box.append(el("summary", { text: "Legend: colours by kind of event, shapes by what was reported" }));
    for (const g of TL.vocab.list.groups) {
      const row = el("div", { cls: "legend-group" }, el("strong", { text: g.label + ": " }));
      for (const t of TL.vocab.list.types.filter((x) => x.group === g.code)) {
        row.append(el("span", { cls: "legend-item", attrs: { "data-type": t.code } },
          el("span", { cls: "swatch", style: { background: t.colour } }), t.label));
      }
      box.append(row);
    }
    box.append(el("div", { cls: "legend-group legend-shapes" },
      el("span", { cls: "legend-item" }, el("span", { cls: "swatch hollow" }),
        "hollow, dashed: did not happen as reported (planned, demanded, threatened, denied, hypothetical)"),
      el("span", { cls: "legend-item" }, el("span", { cls: "swatch disputed" }), "dark ring: sources disagree"),
      el("span", { cls: "legend-item" }, el("span", { cls: "swatch cluster" }), "number: events grouped here")));
  }

  Object.assign(M, { init, loadBasemap, renderMarkers, highlight, currentBbox, fillLegend, wrapLon });
})();
