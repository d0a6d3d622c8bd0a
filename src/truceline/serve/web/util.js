// Helpers shared by the page's scripts (loaded first): making elements, fetching JSON,
// reading date values as periods, and the vocabulary's words and colours. Text from the
// store is only ever set with textContent (never innerHTML): `el` is the one way these
// scripts make elements.
"use strict";

(function () {
  const TL = (window.TL = window.TL || {});

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    const p = props || {};
    if (p.cls) node.className = p.cls;
    if (p.text !== undefined && p.text !== null) node.textContent = String(p.text);
    for (const [name, value] of Object.entries(p.attrs || {})) node.setAttribute(name, String(value));
    for (const [name, value] of Object.entries(p.style || {})) node.style.setProperty(name, value);
    for (const [name, fn] of Object.entries(p.on || {})) node.addEventListener(name, fn);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  async function getJSON(path, params) {
    const query = params ? "?" + params.toString() : "";
    const response = await fetch(path + query, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.json();
  }

  // The period a date value names, as [first day, day after the last) in UTC, or null
  // when unresolved ("XXXX-05-09"). Values are ISO 8601 cut to their precision or TIMEX3
  // forms; this mirrors period_of() in understand/dates/resolve.py.
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

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // --- the vocabulary (GET /api/vocabulary; outputs/vocabulary.py) -------------------

  const vocab = { types: {}, groups: {}, subEvents: {}, modalities: {}, unknownColour: "#566573", list: null };

  function setVocabulary(data) {
    vocab.list = data;
    for (const g of data.groups) vocab.groups[g.code] = g;
    for (const t of data.types) vocab.types[t.code] = t;
    vocab.subEvents = data.sub_events;
    for (const m of data.modalities) vocab.modalities[m.code] = m;
    vocab.unknownColour = data.unknown_colour;
  }

  function words(code) { const s = String(code || "").replace(/_/g, " ").toLowerCase(); return s.charAt(0).toUpperCase() + s.slice(1); }
  function typeLabel(code) { return vocab.types[code] ? vocab.types[code].label : words(code); }
  function subEventLabel(code) {
    if (!code) return "";
    const known = vocab.subEvents[code];
    return known ? known.label : words(code);
  }
  // What the event was, in words: its ACLED sub-event, else its PLOVER category.
  function eventLabel(e) { return subEventLabel(e.acled_sub_event) || typeLabel(e.type); }
  function modalityLabel(code) { return vocab.modalities[code] ? vocab.modalities[code].label : code || ""; }
  function happened(e) { return !e.modality || e.modality === "happened"; }
  function colour(type) { return vocab.types[type] ? vocab.types[type].colour : vocab.unknownColour; }
  function group(type) { return vocab.types[type] ? vocab.types[type].group : ""; }

  Object.assign(TL, { el, clear, getJSON, period, dateText, plural, DAY_MS, vocab, setVocabulary,
    typeLabel, subEventLabel, eventLabel, modalityLabel, happened, colour, group });
})();
