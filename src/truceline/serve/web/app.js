// truceline's page: a map, a timeline, agreement cards and an event panel over the
// read-only API. Filters live in the URL's query string, so a view can be shared and
// comes back on reload. Text from the store is only ever set with textContent (never
// innerHTML): the `el` helper below is the one way this file makes elements.
"use strict";

(function () {
  const FILTER_KEYS = ["since", "until", "type", "modality", "actor", "outlet", "place", "agreement",
    "contradicted", "bbox"];
  const PAGE = 1000; // the API's largest page (MAX_LIMIT in api.py)
  const TYPE_COLOURS = {
    ASSAULT: "#c0392b", COERCE: "#d35400", CRIME: "#8e44ad", THREATEN: "#e67e22", MOBILIZE: "#e67e22",
    ACCUSE: "#f39c12", REJECT: "#f39c12", PROTEST: "#f1c40f", SANCTION: "#f39c12",
    AGREE: "#27ae60", CONCEDE: "#27ae60", COOPERATE: "#16a085", RETREAT: "#2ecc71",
    AID: "#2980b9", SUPPORT: "#3498db", CONSULT: "#7f8c8d", REQUEST: "#95a5a6",
  };

  const state = { filters: {}, q: "", selected: null, events: [], agreements: [], markers: new Map(),
    documents: new Map(), map: null, markerLayer: null, timeline: null, items: null };

  // --- small helpers ------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    const p = props || {};
    if (p.cls) node.className = p.cls;
    if (p.text !== undefined && p.text !== null) node.textContent = String(p.text);
    for (const [name, value] of Object.entries(p.attrs || {})) node.setAttribute(name, String(value));
    for (const [name, fn] of Object.entries(p.on || {})) node.addEventListener(name, fn);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function notice(message) {
    const box = document.getElementById("notice");
    box.textContent = message || "";
    box.hidden = !message;
  }

  async function getJSON(path, params) {
    const query = params ? "?" + params.toString() : "";
    const response = await fetch(path + query, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.json();
  }

  // The period a date value names, as [first day, day after the last) in UTC, or null
  // when unresolved ("XXXX-05-09"). Values are ISO 8601 cut to their precision or TIMEX3
  // forms; this mirrors period_of() in understand/dates_resolve.py.
  const DAY_MS = 864e5;
  const SEASON_START = { SP: 3, SU: 6, FA: 9, WI: 12 };
  function utc(y, m, d) { return new Date(Date.UTC(y, m - 1, d)); } // month/day overflow rolls over
  function period(value) {
    let m = /^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$/.exec(value || "");
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (m[3]) return [utc(y, mo, d), utc(y, mo, d + 1)];
      if (m[2]) return [utc(y, mo, 1), utc(y, mo + 1, 1)];
      return [utc(y, 1, 1), utc(y + 1, 1, 1)];
    }
    if ((m = /^(\d{4})-W(\d\d)$/.exec(value))) { // ISO week: week 1 holds 4 January
      const jan4 = utc(Number(m[1]), 1, 4);
      const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS + (Number(m[2]) - 1) * 7 * DAY_MS;
      return [new Date(monday), new Date(monday + 7 * DAY_MS)];
    }
    if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) {
      const first = 3 * (Number(m[2]) - 1) + 1;
      return [utc(Number(m[1]), first, 1), utc(Number(m[1]), first + 3, 1)];
    }
    if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) { // winter YYYY: December YYYY-1 to February
      const y = Number(m[1]), first = SEASON_START[m[2]];
      return m[2] === "WI" ? [utc(y - 1, 12, 1), utc(y, 3, 1)] : [utc(y, first, 1), utc(y, first + 3, 1)];
    }
    if ((m = /^(\d{3})$/.exec(value))) return [utc(Number(m[1]) * 10, 1, 1), utc(Number(m[1]) * 10 + 10, 1, 1)];
    return null;
  }
  function dateText(value, precision, end) {
    if (!value) return "no date";
    if (!period(value)) return value + " (unresolved)";
    const text = end && end !== value ? value + " – " + end : value;
    return precision && precision !== "day" ? text + " (" + precision + ")" : text;
  }
  function actorsText(e) {
    const a1 = e.actor1 ? e.actor1.name : "", a2 = e.actor2 ? e.actor2.name : "";
    return a1 && a2 ? a1 + " → " + a2 : a1 || a2 || "";
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function typeText(e) { return e.acled_sub_event ? e.type + " · " + e.acled_sub_event : e.type; }

  // --- URL state ----------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) filters[key] = value;
    }
    state.filters = filters;
    state.q = params.get("q") || "";
    state.selected = params.get("event") || null;
  }

  function writeUrl() {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (state.filters[key]) params.set(key, state.filters[key]);
    if (state.q) params.set("q", state.q);
    if (state.selected) params.set("event", state.selected);
    const search = params.toString();
    const url = window.location.pathname + (search ? "?" + search : "");
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
  }

  function fillForm() {
    const form = document.getElementById("filters");
    for (const key of FILTER_KEYS) {
      const field = form.elements.namedItem(key);
      if (!field || key === "bbox") continue;
      if (field.type === "checkbox") { field.checked = state.filters[key] === "true"; continue; }
      const value = state.filters[key] || "";
      if (field.tagName === "SELECT" && value && ![...field.options].some((o) => o.value === value)) {
        field.append(el("option", { text: value, attrs: { value } }));
      }
      field.value = value;
    }
    document.getElementById("bbox-shown").textContent = state.filters.bbox ? "area " + state.filters.bbox : "";
    document.getElementById("bbox-clear").hidden = !state.filters.bbox;
    document.getElementById("q").value = state.q;
  }

  function readForm() {
    const form = document.getElementById("filters");
    const filters = {};
    for (const key of FILTER_KEYS) {
      const field = form.elements.namedItem(key);
      if (key === "bbox") { if (state.filters.bbox) filters.bbox = state.filters.bbox; continue; }
      if (!field) continue;
      if (field.type === "checkbox") { if (field.checked) filters[key] = "true"; continue; }
      if (field.value.trim() && field.validity.valid) filters[key] = field.value.trim();
    }
    return filters;
  }

  // --- loading ------------------------------------------------------------------------

  async function loadEvents() {
    const params = new URLSearchParams(state.filters);
    params.set("limit", String(PAGE));
    const events = [];
    for (let offset = 0; ; offset += PAGE) {
      params.set("offset", String(offset));
      const page = await getJSON("/api/events", params);
      events.push(...page.items);
      if (events.length >= page.total || page.items.length === 0) break;
    }
    return events;
  }

  async function loadAgreements() {
    const agreements = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await getJSON("/api/agreements", new URLSearchParams({ limit: PAGE, offset }));
      agreements.push(...page.items);
      if (agreements.length >= page.total || page.items.length === 0) break;
    }
    return agreements;
  }

  async function getDocument(id) {
    if (!state.documents.has(id)) {
      state.documents.set(id, getJSON("/api/documents/" + encodeURIComponent(id)));
    }
    return state.documents.get(id);
  }

  function fillSelect(name, values) {
    const select = document.getElementById("filters").elements.namedItem(name);
    for (const { value, count } of values) {
      select.append(el("option", { text: value + " (" + count + ")", attrs: { value } }));
    }
  }

  function fillDatalist(id, values) {
    const list = document.getElementById(id);
    for (const { value } of values) list.append(el("option", { attrs: { value } }));
  }

  async function loadHeader() {
    const [stats, facets] = await Promise.all([getJSON("/api/stats"), getJSON("/api/facets")]);
    document.getElementById("stats").textContent = [plural(stats.documents, "document"),
      plural(stats.events, "event"), plural(stats.agreements, "agreement")].join(" · ");
    fillSelect("type", facets.types);
    fillSelect("modality", facets.modalities);
    fillSelect("outlet", facets.outlets);
    fillDatalist("actor-list", facets.actors);
    fillDatalist("place-list", facets.places);
    const agreementSelect = document.getElementById("filters").elements.namedItem("agreement");
    for (const a of state.agreements) agreementSelect.append(el("option", { text: a.name, attrs: { value: a.id } }));
  }

  async function refresh() {
    document.body.dataset.state = "loading";
    try {
      state.events = await loadEvents();
      renderMarkers();
      renderTimeline();
      renderList();
      if (state.selected) await showEvent(state.selected, { fromUrl: true });
      else clearPanel();
      notice("");
    } catch (err) {
      notice("Could not load events: " + err.message);
    }
    document.body.dataset.state = "ready";
  }

  // --- map ----------------------------------------------------------------------------

  function initMap() {
    if (!window.L) return;
    const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([35, 38], 6);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
    state.map = map;
    const pane = map.createPane("borders");
    pane.style.zIndex = "350"; // above the (empty) tile pane, below markers at 400
    pane.style.pointerEvents = "none";
    state.markerLayer = L.featureGroup().addTo(map);
    addLegend(map);
  }

  // Natural Earth 1:50m borders (world-atlas): 1:10m is five times the points and kept
  // the page busy for seconds in a browser without a GPU.
  async function loadBorders(map) {
    if (!map) return;
    if (!window.topojson) { notice("The border package is missing: run `npm ci`. Markers still work."); return; }
    document.body.dataset.borders = "loading";
    try {
      const topo = await getJSON("/vendor/world-atlas/countries-50m.json");
      // Tens of thousands of border points: drawn on a canvas, in a pane under the markers.
      const canvas = L.canvas({ padding: 0.5, pane: "borders" });
      const land = topojson.feature(topo, topo.objects.countries);
      const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
      L.geoJSON(land, { renderer: canvas, interactive: false,
        style: { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
      L.geoJSON(borders, { renderer: canvas, interactive: false,
        style: { color: "#8a8170", weight: 1, opacity: 0.9, fill: false } }).addTo(map);
      document.body.dataset.borders = "ready";
    } catch (err) {
      document.body.dataset.borders = "failed";
      notice("Could not load the borders: " + err.message);
    }
  }

  function addLegend(map) {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => el("div", { cls: "legend" },
      el("span", { cls: "swatch violent" }), "violence ",
      el("span", { cls: "swatch accord" }), "agreement ",
      el("span", { cls: "swatch aid" }), "aid ",
      el("span", { cls: "swatch hollow" }), "not reported as happened ",
      el("span", { cls: "swatch disputed" }), "sources disagree");
    legend.addTo(map);
  }

  function renderMarkers() {
    if (!state.map) return;
    state.markerLayer.clearLayers();
    state.markers.clear();
    // Widely reported and disputed events are drawn last, on top of the others.
    const weight = (e) => e.sources.length + 10 * e.contradictions.length;
    const ordered = [...state.events].sort((a, b) => weight(a) - weight(b));
    for (const e of ordered) {
      if (!e.place || e.place.lat === null || e.place.lon === null) continue;
      const disputed = e.contradictions.length > 0;
      const marker = L.circleMarker([e.place.lat, e.place.lon], {
        radius: 6 + Math.min(6, 2 * Math.log2(e.sources.length || 1)),
        color: disputed ? "#111" : "#fff", weight: disputed ? 3 : 1.5, dashArray: disputed ? "3 2" : null,
        fillColor: TYPE_COLOURS[e.type] || "#555", fillOpacity: e.modality === "happened" ? 0.9 : 0.25,
        className: "tl-marker" + (disputed ? " tl-disputed" : ""),
      });
      marker.bindTooltip(el("span", {}, el("strong", { text: typeText(e) }), " ",
        dateText(e.date, e.date_precision), " · ", e.place.name));
      marker.on("click", () => selectEvent(e.id));
      marker.addTo(state.markerLayer);
      marker.getElement().setAttribute("data-event-id", e.id);
      state.markers.set(e.id, marker);
    }
    fitMap();
  }

  function fitMap() {
    if (state.filters.bbox) {
      const [w, s, e, n] = state.filters.bbox.split(",").map(Number);
      state.map.fitBounds([[s, w], [n, e]], { animate: false });
    } else if (state.markers.size) {
      state.map.fitBounds(state.markerLayer.getBounds().pad(0.3), { maxZoom: 9, animate: false });
    }
  }

  function highlightMarker(id) {
    for (const [eventId, marker] of state.markers) {
      marker.getElement().classList.toggle("tl-selected", eventId === id);
      if (eventId === id) marker.bringToFront();
    }
  }

  // --- timeline -----------------------------------------------------------------------

  function timelineItems() {
    const items = [];
    for (const e of state.events) {
      const first = period(e.date);
      if (!first) continue;
      const last = period(e.date_end) || first;
      const item = { id: "e:" + e.id, group: "events", start: first[0], content: el("span", { text: e.type }),
        className: "tl-item tl-" + e.type.toLowerCase() + (e.contradictions.length ? " tl-disputed" : "") };
      if (e.date_precision === "day" && !e.date_end) item.type = "box";
      else Object.assign(item, { end: last[1], type: "range" }); // a period, not a day: drawn as a span
      items.push(item);
    }
    for (const a of state.agreements) {
      const from = [a.effective, a.signed].map((d) => d && period(d.value)).find(Boolean);
      if (!from) continue;
      const until = a.ends ? period(a.ends.end || a.ends.value) : null;
      items.push({ id: "a:" + a.id, group: "agreements", start: from[0], end: until ? until[1] : from[1],
        type: "range", content: el("span", { text: a.name }),
        className: "tl-agreement" + (until ? "" : " tl-open") + (a.contradictions.length ? " tl-disputed" : "") });
    }
    return items;
  }

  function renderTimeline() {
    if (!window.vis) return;
    const items = timelineItems();
    if (!state.timeline) {
      const groups = [{ id: "agreements", content: el("span", { text: "Agreements" }) },
        { id: "events", content: el("span", { text: "Events" }) }];
      state.items = new vis.DataSet(items);
      const span = focusWindow(items); // given at creation: vis fits all items on its first draw otherwise
      state.timeline = new vis.Timeline(document.getElementById("timeline"), state.items, groups, {
        ...(span ? { start: span[0], end: span[1] } : {}),
        stack: true, maxHeight: 280, zoomKey: "ctrlKey", orientation: "top", showCurrentTime: false,
        margin: { item: 4 }, showTooltips: false,
        // Crowded days fold into a count; a double click zooms into them.
        cluster: { maxItems: 5, titleTemplate: "{count} events", showStipes: true, fitOnDoubleClick: true },
      });
      state.timeline.on("select", ({ items: picked }) => {
        const id = picked && picked[0];
        if (id && id.startsWith("e:")) selectEvent(id.slice(2));
        if (id && id.startsWith("a:")) showAgreementCard(id.slice(2));
      });
    } else {
      state.items.clear();
      state.items.add(items);
    }
    const span = focusWindow(items);
    if (span) state.timeline.setWindow(span[0], span[1], { animation: false });
    else if (items.length) state.timeline.fit({ animation: false });
  }

  // The middle 90% of the items, so that one stray old date does not squeeze the rest
  // into a sliver at the edge; null (show everything) below 20 items, where trimming 5%
  // at each end would drop real items rather than strays.
  function focusWindow(items) {
    if (items.length < 20) return null;
    const starts = items.map((i) => i.start.getTime()).sort((a, b) => a - b);
    const ends = items.map((i) => (i.end || i.start).getTime()).sort((a, b) => a - b);
    const lo = starts[Math.floor(0.05 * starts.length)], hi = ends[Math.ceil(0.95 * ends.length) - 1];
    const pad = Math.max((hi - lo) * 0.05, 2 * DAY_MS);
    return [new Date(lo - pad), new Date(hi + pad)];
  }

  // --- event list ---------------------------------------------------------------------

  function renderList() {
    const body = document.querySelector("#event-table tbody");
    clear(body);
    document.getElementById("event-count").textContent = plural(state.events.length, "event");
    for (const e of state.events) {
      const row = el("tr", { attrs: { "data-event-id": e.id, tabindex: 0 },
        on: { click: () => selectEvent(e.id), keydown: (ev) => { if (ev.key === "Enter") selectEvent(e.id); } } },
      el("td", { text: dateText(e.date, e.date_precision, e.date_end) }),
      el("td", { text: typeText(e) }),
      el("td", { text: e.place ? e.place.name : "—" }),
      el("td", { text: actorsText(e) }),
      el("td", { text: e.modality }),
      el("td", { text: e.sources.length }),
      el("td", { cls: "flag", text: e.contradictions.length ? "⚠" : "",
        attrs: e.contradictions.length ? { title: "sources disagree" } : {} }));
      if (e.id === state.selected) row.classList.add("selected");
      body.append(row);
    }
  }

  // --- the event panel ----------------------------------------------------------------

  function clearPanel() {
    const panel = document.getElementById("panel");
    clear(panel);
    panel.append(el("p", { cls: "hint", text: "Select an event on the map, the timeline or the list to read its sources." }));
  }

  function selectEvent(id) {
    state.selected = id;
    writeUrl();
    showEvent(id, {});
  }

  function field(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", { text: label }), el("dd", { text: value }));
  }

  async function showEvent(id, { fromUrl }) {
    let e = state.events.find((x) => x.id === id);
    if (!e) {
      try { e = await getJSON("/api/events/" + encodeURIComponent(id)); } catch (err) {
        if (fromUrl) { state.selected = null; clearPanel(); return; }
        throw err;
      }
    }
    highlightMarker(id);
    for (const row of document.querySelectorAll("#event-table tbody tr")) {
      row.classList.toggle("selected", row.dataset.eventId === id);
    }
    if (state.timeline && state.items.get("e:" + id)) state.timeline.setSelection(["e:" + id]);
    const panel = document.getElementById("panel");
    clear(panel);
    panel.append(el("h2", { text: typeText(e) }));
    panel.append(eventFacts(e));
    if (e.contradictions.length) panel.append(contradictionBox(e.contradictions));
    const sources = el("div", { cls: "sources" }, el("h3", { text: "Sources (" + e.sources.length + ")" }));
    panel.append(sources);
    await Promise.all(e.sources.map((s) => appendSource(sources, s)));
  }

  function eventFacts(e) {
    const list = el("dl", { cls: "facts" });
    field(list, "Date", dateText(e.date, e.date_precision, e.date_end) + (e.date_kind && e.date_kind !== "exact"
      ? " · " + e.date_kind : "") + (e.date_basis ? " · " + e.date_basis : ""));
    if (e.place) {
      const coords = e.place.lat !== null ? " (" + e.place.lat.toFixed(3) + ", " + e.place.lon.toFixed(3) + ")" : "";
      field(list, "Place", e.place.name + coords + " · " + e.place.precision);
    }
    field(list, "Actor 1", e.actor1 && e.actor1.name);
    field(list, "Actor 2", e.actor2 && e.actor2.name);
    field(list, "Fatalities", e.fatalities);
    const counts = Object.entries(e.counts || {}).map(([k, v]) => k + ": " + v).join(", ");
    field(list, "Counts", counts);
    field(list, "Modality", e.modality);
    field(list, "According to", e.attribution);
    const agreement = state.agreements.find((a) => a.id === e.agreement);
    field(list, "Agreement", agreement ? agreement.name : e.agreement);
    return list;
  }

  function contradictionBox(contradictions) {
    const box = el("div", { cls: "contradictions", attrs: { role: "note" } },
      el("h3", { text: "⚠ Sources disagree" }));
    const list = el("ul");
    for (const c of contradictions) {
      const who = (s) => s.outlet || "document " + s.document.slice(0, 12);
      const values = c.values.map((v) => v.value + " (" + [...new Set(v.sources.map(who))].join(", ") + ")");
      list.append(el("li", {}, el("strong", { text: c.field + ": " }), values.join(" vs. ")));
    }
    box.append(list);
    return box;
  }

  async function appendSource(container, source) {
    const card = el("article", { cls: "source" }, el("h4", { text: source.outlet || "unknown outlet" }));
    container.append(card);
    let doc;
    try { doc = await getDocument(source.document); } catch (err) {
      card.append(el("p", { cls: "warn", text: "Document " + source.document + " could not be loaded." }));
      return;
    }
    card.append(el("p", { cls: "doc-meta", text: (doc.title || "untitled") + " · " +
      (doc.published ? dateText(doc.published, doc.published_precision) : "no date") }));
    const body = el("div", { cls: "doc-body", attrs: { tabindex: 0 } });
    // Offsets count characters (code points), as Python does; JS strings count UTF-16 units.
    const chars = Array.from(doc.body);
    const before = chars.slice(0, source.start).join("");
    const quote = chars.slice(source.start, source.end).join("");
    const after = chars.slice(source.end).join("");
    const mark = el("mark", { cls: "quote", text: quote });
    body.append(before, mark, after);
    if (quote !== source.quote) {
      card.append(el("p", { cls: "warn", text: "The recorded quote differs from the article text at its span." }));
    }
    card.append(body);
    body.scrollTop = Math.max(0, mark.offsetTop - body.offsetTop - 30);
  }

  // --- agreements ---------------------------------------------------------------------

  function dateValue(d) { return d ? dateText(d.value, d.precision, d.end) : null; }
  function names(actors) { return actors.map((a) => a.name).join(", "); }

  function renderAgreements() {
    const box = document.getElementById("agreement-cards");
    clear(box);
    if (!state.agreements.length) box.append(el("p", { cls: "hint", text: "No agreements in this store." }));
    for (const a of state.agreements) box.append(agreementCard(a));
  }

  function agreementCard(a) {
    const card = el("article", { cls: "agreement-card", attrs: { "data-agreement-id": a.id, id: "agreement-" + a.id } },
      el("h3", { text: a.name }),
      el("p", { cls: "badges" }, el("span", { cls: "badge", text: a.kind }),
        el("span", { cls: "badge status-" + a.status, text: a.status })));
    const list = el("dl", { cls: "facts" });
    field(list, "Zone", a.zone && a.zone.name);
    field(list, "Parties", names(a.parties));
    field(list, "Guarantors", names(a.guarantors));
    field(list, "Signed", dateValue(a.signed) && dateValue(a.signed) + (a.signed_place ? " in " + a.signed_place.name : ""));
    field(list, "In force", dateValue(a.effective));
    field(list, "Extended", a.extended.map(dateValue).join(", "));
    field(list, "Ends", dateValue(a.ends));
    card.append(list);
    if (a.provisions.length) {
      const provisions = el("ul", { cls: "provisions" });
      for (const p of a.provisions) {
        provisions.append(el("li", {}, el("strong", { text: p.category + ": " }), p.text,
          p.deadline ? " (by " + dateValue(p.deadline) + ")" : "", " ", el("span", { cls: "badge", text: p.status })));
      }
      card.append(el("h4", { text: "Provisions" }), provisions);
    }
    if (a.contradictions.length) card.append(contradictionBox(a.contradictions));
    card.append(el("button", { text: "Show its " + a.events.length + " events", attrs: { type: "button" },
      on: { click: () => applyFilters({ ...state.filters, agreement: a.id }) } }));
    return card;
  }

  function showAgreementCard(id) {
    const card = document.getElementById("agreement-" + id);
    if (!card) return;
    for (const c of document.querySelectorAll(".agreement-card")) c.classList.toggle("selected", c === card);
    card.scrollIntoView({ block: "nearest" });
  }

  // --- search -------------------------------------------------------------------------

  async function runSearch() {
    const box = document.getElementById("search-results");
    clear(box);
    box.hidden = !state.q;
    if (!state.q) return;
    const found = await getJSON("/api/search", new URLSearchParams({ q: state.q, body: "false", limit: 20 }));
    box.append(el("h2", { text: "Search: " + state.q }),
      el("button", { cls: "close", text: "×", attrs: { type: "button", "aria-label": "Close search" },
        on: { click: () => { state.q = ""; writeUrl(); fillForm(); runSearch(); } } }));
    const events = el("ul");
    for (const e of found.events.items) {
      events.append(el("li", {}, el("a", { text: typeText(e) + " · " + dateText(e.date, e.date_precision),
        attrs: { href: "#", "data-event-id": e.id }, on: { click: (ev) => { ev.preventDefault(); selectEvent(e.id); } } })));
    }
    const docs = el("ul");
    for (const d of found.documents.items) {
      docs.append(el("li", {}, el("strong", { text: (d.title || "untitled") + " — " + (d.outlet || "") }),
        el("p", { cls: "snippet", text: d.snippet })));
    }
    box.append(el("h3", { text: "Events quoting it (" + found.events.total + ")" }), events,
      el("h3", { text: "Articles (" + found.documents.total + ")" }), docs);
  }

  // --- wiring -------------------------------------------------------------------------

  function applyFilters(filters) {
    state.filters = filters;
    state.selected = null;
    writeUrl();
    fillForm();
    refresh();
  }

  function wire() {
    const form = document.getElementById("filters");
    form.addEventListener("change", () => applyFilters(readForm()));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); applyFilters(readForm()); });
    document.getElementById("reset").addEventListener("click", () => applyFilters({}));
    document.getElementById("bbox-set").addEventListener("click", () => {
      if (!state.map) return;
      const b = state.map.getBounds();
      const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(4);
      const bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
      applyFilters({ ...readForm(), bbox: bbox.join(",") });
    });
    document.getElementById("bbox-clear").addEventListener("click", () => {
      const filters = readForm();
      delete filters.bbox;
      applyFilters(filters);
    });
    document.getElementById("search-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      state.q = document.getElementById("q").value.trim();
      writeUrl();
      runSearch().catch((err) => notice("Search failed: " + err.message));
    });
    window.addEventListener("popstate", () => {
      readUrl();
      fillForm();
      refresh();
      runSearch().catch((err) => notice("Search failed: " + err.message));
    });
  }

  async function start() {
    readUrl();
    const missing = [];
    if (!window.L) missing.push("leaflet");
    if (!window.vis) missing.push("vis-timeline");
    if (missing.length) notice("Front-end packages missing (" + missing.join(", ") + "): run `npm ci`.");
    initMap();
    wire();
    try {
      state.agreements = await loadAgreements();
      await loadHeader();
      renderAgreements();
    } catch (err) {
      notice("Could not reach the API: " + err.message);
    }
    fillForm();
    await refresh();
    loadBorders(state.map); // after the events, so that the data shows first
    runSearch().catch((err) => notice("Search failed: " + err.message));
  }

  document.addEventListener("DOMContentLoaded", start);
})();
