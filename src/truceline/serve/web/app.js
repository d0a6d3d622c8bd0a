// truceline's page: a map, a timeline, agreement cards and an event panel over the
// read-only API. Filters live in the URL's query string, so a view can be shared and
// comes back on reload. The map (map.js), the timeline (timeline.js) and the panel
// (panel.js) are drawn by their own scripts; this one holds the state and wires them.
"use strict";

(function () {
  const TL = window.TL;
  const { el } = TL;
  const FILTER_KEYS = ["since", "until", "type", "modality", "actor", "outlet", "place", "agreement",
    "contradicted", "bbox"];
  const PAGE = 1000; // the API's largest page (MAX_LIMIT in api.py)
  const state = { filters: {}, q: "", selected: null, events: [], agreements: [] };

  // A passing message (a failed request); the set-up notice below stays.
  TL.notice = function notice(message) {
    const box = document.getElementById("notice");
    box.textContent = message || "";
    box.hidden = !message;
  };

  // Shown until the page's packages are there: the page is of little use without them.
  function setupNotice(missing) {
    const box = document.getElementById("setup-notice");
    if (!missing.length) { box.hidden = true; return; }
    TL.clear(box);
    box.append(el("strong", { text: "The page's map and timeline files are missing (" + missing.join(", ") + "). " }),
      "Run ", el("code", { text: "make install" }), " in the truceline checkout (it runs ",
      el("code", { text: "npm ci" }), " and ", el("code", { text: "python scripts/build_web.py" }),
      "), then restart ", el("code", { text: "truceline serve" }), ". The list, the panel and the API work without them.");
    box.hidden = false;
    document.body.dataset.assets = "missing";
  }

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

  async function loadAll(path, params) {
    const found = [];
    for (let offset = 0; ; offset += PAGE) {
      params.set("limit", String(PAGE));
      params.set("offset", String(offset));
      const page = await TL.getJSON(path, params);
      found.push(...page.items);
      if (found.length >= page.total || page.items.length === 0) break;
    }
    return found;
  }

  function fillSelect(name, values, label) {
    const select = document.getElementById("filters").elements.namedItem(name);
    for (const { value, count } of values) {
      select.append(el("option", { text: (label ? label(value) : value) + " (" + count + ")", attrs: { value } }));
    }
  }

  function fillDatalist(id, values) {
    const list = document.getElementById(id);
    for (const { value } of values) list.append(el("option", { attrs: { value } }));
  }

  async function loadHeader() {
    const [stats, facets] = await Promise.all([TL.getJSON("/api/stats"), TL.getJSON("/api/facets")]);
    document.getElementById("stats").textContent = [TL.plural(stats.documents, "document"),
      TL.plural(stats.events, "event"), TL.plural(stats.agreements, "agreement")].join(" · ");
    fillSelect("type", facets.types, TL.typeLabel);
    fillSelect("modality", facets.modalities, TL.modalityLabel);
    fillSelect("outlet", facets.outlets);
    fillDatalist("actor-list", facets.actors);
    fillDatalist("place-list", facets.places);
    const agreementSelect = document.getElementById("filters").elements.namedItem("agreement");
    for (const a of state.agreements) agreementSelect.append(el("option", { text: a.name, attrs: { value: a.id } }));
  }

  async function refresh() {
    document.body.dataset.state = "loading";
    try {
      state.events = await loadAll("/api/events", new URLSearchParams(state.filters));
      TL.map.renderMarkers(state.events, state.filters);
      TL.timeline.render(state.events, state.agreements);
      renderList();
      if (state.selected) await showEvent(state.selected, { fromUrl: true });
      else TL.panel.clearPanel();
      TL.notice("");
    } catch (err) {
      TL.notice("Could not load events: " + err.message);
    }
    document.body.dataset.state = "ready";
  }

  // --- event list ---------------------------------------------------------------------

  function renderList() {
    const body = document.querySelector("#event-table tbody");
    TL.clear(body);
    document.getElementById("event-count").textContent = TL.plural(state.events.length, "event");
    for (const e of state.events) {
      const row = el("tr", { attrs: { "data-event-id": e.id, tabindex: 0 },
        on: { click: () => selectEvent(e.id), keydown: (ev) => { if (ev.key === "Enter") selectEvent(e.id); } } },
      el("td", { text: TL.dateText(e.date, e.date_precision, e.date_end) }),
      el("td", {}, el("span", { cls: "swatch", style: { background: TL.colour(e.type) } }), TL.eventLabel(e),
        e.acled_sub_event ? el("small", { cls: "muted", text: " · " + TL.typeLabel(e.type) }) : null),
      el("td", { text: e.place ? e.place.name : "—" }),
      el("td", { text: e.actor1 && e.actor2 ? e.actor1.name + " → " + e.actor2.name
        : (e.actor1 || e.actor2 || { name: "" }).name }),
      el("td", { cls: TL.happened(e) ? "" : "not-happened", text: TL.modalityLabel(e.modality) }),
      el("td", { text: e.sources.length }),
      el("td", { cls: "flag", text: e.contradictions.length ? "⚠" : "",
        attrs: e.contradictions.length ? { title: "sources disagree" } : {} }));
      if (e.id === state.selected) row.classList.add("selected");
      body.append(row);
    }
  }

  // --- selection ----------------------------------------------------------------------

  function selectEvent(id) {
    state.selected = id;
    writeUrl();
    showEvent(id, {});
  }

  async function showEvent(id, { fromUrl }) {
    let e = state.events.find((x) => x.id === id);
    if (!e) {
      try { e = await TL.getJSON("/api/events/" + encodeURIComponent(id)); } catch (err) {
        if (fromUrl) { state.selected = null; TL.panel.clearPanel(); return; }
        throw err;
      }
    }
    TL.map.highlight(id);
    for (const row of document.querySelectorAll("#event-table tbody tr")) {
      row.classList.toggle("selected", row.dataset.eventId === id);
    }
    TL.timeline.select(id);
    await TL.panel.showEvent(e, state.agreements);
  }

  function runSearch() {
    return TL.panel.renderSearch(state.q, () => { state.q = ""; writeUrl(); fillForm(); runSearch(); })
      .catch((err) => TL.notice("Search failed: " + err.message));
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
    TL.map.onSelect = selectEvent;
    TL.timeline.onSelect = selectEvent;
    TL.timeline.onAgreement = (id) => TL.panel.showAgreementCard(id);
    TL.panel.onSelect = selectEvent;
    TL.panel.onShowAgreement = (id) => applyFilters({ ...state.filters, agreement: id });
    const form = document.getElementById("filters");
    form.addEventListener("change", () => applyFilters(readForm()));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); applyFilters(readForm()); });
    document.getElementById("reset").addEventListener("click", () => applyFilters({}));
    document.getElementById("bbox-set").addEventListener("click", () => {
      if (TL.map.map) applyFilters({ ...readForm(), bbox: TL.map.currentBbox() });
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
      runSearch();
    });
    window.addEventListener("popstate", () => { readUrl(); fillForm(); refresh(); runSearch(); });
  }

  async function start() {
    readUrl();
    const missing = [];
    if (!window.L) missing.push("leaflet");
    if (window.L && !window.L.markerClusterGroup) missing.push("markercluster");
    if (!window.vis) missing.push("vis-timeline");
    setupNotice(missing);
    TL.map.init(selectEvent);
    wire();
    try {
      const [vocabulary, meta] = await Promise.all([TL.getJSON("/api/vocabulary"), TL.getJSON("/api/meta")]);
      TL.setVocabulary(vocabulary);
      TL.map.fillLegend();
      missing.push(...(meta.web_assets_missing || []).filter((name) => !missing.includes(name)));
      setupNotice(missing);
      state.agreements = await loadAll("/api/agreements", new URLSearchParams());
      await loadHeader();
      TL.panel.renderAgreements(state.agreements);
    } catch (err) {
      TL.notice("Could not reach the API: " + err.message);
    }
    fillForm();
    await refresh();
    if (!missing.includes("basemap")) TL.map.loadBasemap(); // after the events, so that the data shows first
    runSearch();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
