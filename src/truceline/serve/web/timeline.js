// The timeline: agreements as spans, the events of the period that matters in their
// lane, background events (told as history by their reports, long before that period, or
// dated only to a year or a decade) in a lane of their own, and undated events in a list under it. It opens on
// the agreements' periods and the dense part of the events, not on the whole span of
// every date an article mentions. What did not happen as reported is drawn hollow and
// says so ("denied").
"use strict";

(function () {
  const TL = window.TL;
  const { el, period, DAY_MS } = TL;
  const T = (TL.timeline = { timeline: null, items: null, onSelect: null, onAgreement: null });

  // The densest stretch holding this share of the dated events frames the view.
  const DENSE_SHARE = 0.8;
  const COARSE = new Set(["year", "decade"]);

  function spanOf(e) {
    const first = period(e.date);
    if (!first) return null;
    const last = period(e.date_end) || first;
    return [first[0], last[1]];
  }

  function agreementSpan(a) {
    const from = [a.effective, a.signed].map((d) => d && period(d.value)).find(Boolean);
    if (!from) return null;
    const until = a.ends ? period(a.ends.end || a.ends.value) : null;
    return [from[0], until ? until[1] : from[1], Boolean(until)];
  }

  // The shortest stretch of time holding DENSE_SHARE of the events' start days.
  function denseStretch(starts) {
    if (!starts.length) return null;
    const sorted = [...starts].sort((a, b) => a - b);
    const k = Math.max(1, Math.ceil(DENSE_SHARE * sorted.length));
    let best = [sorted[0], sorted[k - 1]];
    for (let i = 0; i + k - 1 < sorted.length; i++) {
      if (sorted[i + k - 1] - sorted[i] < best[1] - best[0]) best = [sorted[i], sorted[i + k - 1]];
    }
    return best;
  }

  // The period that matters: the agreements' periods and the dense part of the
  // (finely dated) events, padded a little.
  function focus(events, agreements) {
    const fine = events.map((e) => [e, spanOf(e)])
      .filter(([e, s]) => s && !e.background && !COARSE.has(e.date_precision));
    const dense = denseStretch(fine.map(([, s]) => s[0].getTime()));
    const spans = agreements.map(agreementSpan).filter(Boolean).map((s) => [s[0].getTime(), s[1].getTime()]);
    if (dense) spans.push([dense[0], dense[1] + DAY_MS]);
    if (!spans.length) return null;
    const lo = Math.min(...spans.map((s) => s[0])), hi = Math.max(...spans.map((s) => s[1]));
    const pad = Math.max((hi - lo) * 0.06, 3 * DAY_MS);
    return [new Date(lo - pad), new Date(hi + pad)];
  }

  function lane(e, span, window) {
    if (!span) return "undated";
    if (e.background) return "background"; // told as history by its reports (fusion marks it)
    if (COARSE.has(e.date_precision)) return "background";
    if (window && span[1].getTime() < window[0].getTime()) return "background";
    return "events";
  }

  function itemStyle(e) {
    const c = TL.colour(e.type);
    return TL.happened(e)
      ? `background-color: ${c}26; border-color: ${c};`
      : `background-color: #ffffff; border-color: ${c}; border-style: dashed;`;
  }

  function items(events, agreements, window) {
    const out = [];
    const undated = [];
    for (const e of events) {
      const span = spanOf(e);
      const where = lane(e, span, window);
      if (where === "undated") { undated.push(e); continue; }
      const happened = TL.happened(e);
      const label = TL.eventLabel(e) + (happened ? "" : " (" + TL.modalityLabel(e.modality) + ")");
      const item = { id: "e:" + e.id, group: where, start: span[0], content: el("span", { text: label }),
        style: itemStyle(e), title: label,
        className: "tl-item tl-group-" + TL.group(e.type) + (happened ? "" : " tl-not-happened tl-mod-" + e.modality)
          + (e.contradictions.length ? " tl-disputed" : "") };
      if (e.date_precision === "day" && !e.date_end) item.type = "box";
      else Object.assign(item, { end: span[1], type: "range" }); // a period, not a day: drawn as a span
      out.push(item);
    }
    for (const a of agreements) {
      const span = agreementSpan(a);
      if (!span) continue;
      out.push({ id: "a:" + a.id, group: "agreements", start: span[0], end: span[1], type: "range",
        content: el("span", { cls: "tl-agreement-name", text: a.name }), title: a.name,
        className: "tl-agreement" + (span[2] ? "" : " tl-open") + (a.contradictions.length ? " tl-disputed" : "") });
    }
    return [out, undated];
  }

  function groups(hasBackground) {
    const list = [{ id: "agreements", content: el("span", { text: "Agreements" }), order: 1 },
      { id: "events", content: el("span", { text: "Events" }), order: 2 }];
    if (hasBackground) {
      list.push({ id: "background", order: 3,
        content: el("span", { text: "Background", attrs: { title: "dated only to a year or decade, or long before the period shown" } }) });
    }
    return list;
  }

  function renderUndated(undated) {
    const box = document.getElementById("undated");
    TL.clear(box);
    box.hidden = !undated.length;
    if (!undated.length) return;
    const list = el("ul");
    for (const e of undated) {
      list.append(el("li", {}, el("a", { text: TL.eventLabel(e) + (e.place ? " · " + e.place.name : ""),
        attrs: { href: "#", "data-event-id": e.id }, on: { click: (ev) => { ev.preventDefault(); T.onSelect(e.id); } } })));
    }
    box.append(el("h3", { text: "Undated events (" + undated.length + ")" }), list);
  }

  function render(events, agreements) {
    if (!window.vis) return;
    const window_ = focus(events, agreements);
    const [list, undated] = items(events, agreements, window_);
    renderUndated(undated);
    const hasBackground = list.some((i) => i.group === "background");
    if (!T.timeline) {
      T.items = new vis.DataSet(list);
      T.groups = new vis.DataSet(groups(hasBackground));
      T.timeline = new vis.Timeline(document.getElementById("timeline"), T.items, T.groups, {
        ...(window_ ? { start: window_[0], end: window_[1] } : {}), // vis fits all items otherwise
        stack: true, maxHeight: 320, zoomKey: "ctrlKey", orientation: "top", showCurrentTime: false,
        margin: { item: 4 }, showTooltips: true, align: "auto", groupOrder: "order",
        // Crowded days fold into a count; a double click zooms into them.
        cluster: { maxItems: 5, titleTemplate: "{count} events", showStipes: true, fitOnDoubleClick: true },
      });
      T.timeline.on("select", ({ items: picked }) => {
        const id = picked && picked[0];
        if (id && id.startsWith("e:")) T.onSelect(id.slice(2));
        if (id && id.startsWith("a:")) T.onAgreement(id.slice(2));
      });
    } else {
      T.items.clear();
      T.items.add(list);
      T.groups.clear();
      T.groups.add(groups(hasBackground));
    }
    if (window_) T.timeline.setWindow(window_[0], window_[1], { animation: false });
    else if (list.length) T.timeline.fit({ animation: false });
    document.getElementById("timeline").dataset.window = window_
      ? window_[0].toISOString().slice(0, 10) + "/" + window_[1].toISOString().slice(0, 10) : "";
  }

  function select(id) {
    if (T.timeline && T.items.get("e:" + id)) T.timeline.setSelection(["e:" + id]);
  }

  Object.assign(T, { render, select, focus });
})();
