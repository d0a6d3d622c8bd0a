// The side panel: the selected event with each source's article and its quote
// highlighted and scrolled into view, the agreement cards, and search results.
"use strict";

(function () {
  const TL = window.TL;
  const { el, clear } = TL;
  const P = (TL.panel = { documents: new Map(), onSelect: null, onShowAgreement: null });

  async function getDocument(id) {
    if (!P.documents.has(id)) P.documents.set(id, TL.getJSON("/api/documents/" + encodeURIComponent(id)));
    return P.documents.get(id);
  }

  function field(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", { text: label }), el("dd", { text: value }));
  }

  function clearPanel() {
    const panel = document.getElementById("panel");
    clear(panel);
    panel.append(el("p", { cls: "hint", text: "Select an event on the map, the timeline or the list to read its sources." }));
  }

  // How an event got its place, where it is not named in the event's own sentence
  // (docs/export-format.md, `place.basis`).
  const PLACE_BASIS = {
    paragraph: "taken from its paragraph",
    document: "the place the article names most",
    agreement: "the agreement's zone",
    namesake: "a guess: places of several countries have this name",
    corpus: "chosen among namesakes by the other reports of the run",
    area: "not in the gazetteer for the article's area: placed in the middle of the article's places there",
  };

  function eventFacts(e, agreements) {
    const list = el("dl", { cls: "facts" });
    field(list, "What", TL.typeLabel(e.type) + (e.acled_sub_event ? " · ACLED: " + TL.subEventLabel(e.acled_sub_event) : ""));
    field(list, "Date", TL.dateText(e.date, e.date_precision, e.date_end) + (e.date_kind && e.date_kind !== "exact"
      ? " · " + e.date_kind : "") + (e.date_basis ? " · " + e.date_basis : ""));
    if (e.place) {
      const coords = e.place.lat !== null ? " (" + e.place.lat.toFixed(3) + ", " + e.place.lon.toFixed(3) + ")" : "";
      field(list, "Place", e.place.name + coords + " · " + e.place.precision +
        (PLACE_BASIS[e.place.basis] ? " · " + PLACE_BASIS[e.place.basis] : ""));
    }
    field(list, "Actor 1", e.actor1 && e.actor1.name);
    field(list, "Actor 2", e.actor2 && e.actor2.name);
    field(list, "Fatalities", e.fatalities);
    field(list, "Counts", Object.entries(e.counts || {}).map(([k, v]) => k + ": " + v).join(", "));
    field(list, "Modality", TL.happened(e) ? "happened" : TL.modalityLabel(e.modality) + " — not reported as having happened");
    field(list, "According to", e.attribution);
    const agreement = agreements.find((a) => a.id === e.agreement);
    field(list, "Agreement", agreement ? agreement.name : e.agreement);
    return list;
  }

  function contradictionBox(contradictions) {
    const box = el("div", { cls: "contradictions", attrs: { role: "note" } }, el("h3", { text: "⚠ Sources disagree" }));
    const list = el("ul");
    for (const c of contradictions) {
      const who = (s) => s.outlet || "unknown outlet";
      const values = c.values.map((v) => v.value + " (" + [...new Set(v.sources.map(who))].join(", ") + ")");
      list.append(el("li", {}, el("strong", { text: c.field + ": " }), values.join(" vs. ")));
    }
    box.append(list);
    return box;
  }

  // Corroboration is counted in outlets and articles, never in quotes: six sentences of one
  // article are one report ("Sources: 1 outlet, 1 article (6 quotes)").
  function sourcesHeading(sources) {
    const docs = new Set(sources.map((s) => s.document));
    const outlets = new Set(sources.map((s) => s.outlet || "unknown:" + s.document));
    const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
    const quotes = sources.length > docs.size ? " (" + plural(sources.length, "quote") + ")" : "";
    return "Sources: " + plural(outlets.size, "outlet") + ", " + plural(docs.size, "article") + quotes;
  }

  async function showEvent(e, agreements) {
    const panel = document.getElementById("panel");
    clear(panel);
    const badge = TL.happened(e) ? null : el("span", { cls: "badge not-happened", text: TL.modalityLabel(e.modality) });
    panel.append(el("h2", {}, el("span", { cls: "swatch", style: { background: TL.colour(e.type) } }), TL.eventLabel(e), " ", badge));
    panel.append(eventFacts(e, agreements));
    if (e.contradictions.length) panel.append(contradictionBox(e.contradictions));
    const sources = el("div", { cls: "sources" }, el("h3", { text: sourcesHeading(e.sources) }));
    panel.append(sources);
    const cards = e.sources.map((s) => sources.appendChild(el("article", { cls: "source" })));
    await Promise.all(e.sources.map((s, i) => fillSource(cards[i], s)));
    panel.dataset.event = e.id;
  }

  // Scrolls the article box so that the quote sits in its upper third. `offsetTop` of
  // the mark is measured from the box itself (the box is its offset parent: it is
  // positioned), so nothing else is subtracted.
  function scrollToQuote(body, mark) {
    body.scrollTop = Math.max(0, mark.offsetTop - Math.max(12, (body.clientHeight - mark.offsetHeight) / 3));
  }

  async function fillSource(card, source) {
    card.append(el("h4", { text: source.outlet || "unknown outlet" }));
    let doc;
    try { doc = await getDocument(source.document); } catch (err) {
      card.append(el("p", { cls: "warn", text: "Document " + source.document + " could not be loaded." }));
      return;
    }
    card.append(el("p", { cls: "doc-meta", text: (doc.title || "untitled") + " · " +
      (doc.published ? TL.dateText(doc.published, doc.published_precision) : "no date") }));
    const body = el("div", { cls: "doc-body", attrs: { tabindex: 0 } });
    // Offsets count characters (code points), as Python does; JS strings count UTF-16 units.
    const chars = Array.from(doc.body);
    const quote = chars.slice(source.start, source.end).join("");
    const mark = el("mark", { cls: "quote", text: quote });
    body.append(chars.slice(0, source.start).join(""), mark, chars.slice(source.end).join(""));
    if (quote !== source.quote) {
      card.append(el("p", { cls: "warn", text: "The recorded quote differs from the article text at its span." }));
    }
    card.append(body);
    scrollToQuote(body, mark);
  }

  // --- agreements ---------------------------------------------------------------------

  function dateValue(d) { return d ? TL.dateText(d.value, d.precision, d.end) : null; }
  function names(actors) { return actors.map((a) => a.name).join(", "); }

  function renderAgreements(agreements) {
    const box = document.getElementById("agreement-cards");
    clear(box);
    if (!agreements.length) box.append(el("p", { cls: "hint", text: "No agreements in this store." }));
    for (const a of agreements) box.append(agreementCard(a));
  }

  function agreementCard(a) {
    const card = el("article", { cls: "agreement-card", attrs: { "data-agreement-id": a.id, id: "agreement-" + a.id } },
      el("h3", { text: a.name }),
      el("p", { cls: "badges" }, el("span", { cls: "badge", text: a.kind }),
        el("span", { cls: "badge status-" + String(a.status).replace(/\W+/g, "_"), text: a.status })));
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
      on: { click: () => P.onShowAgreement(a.id) } }));
    return card;
  }

  function showAgreementCard(id) {
    const card = document.getElementById("agreement-" + id);
    if (!card) return;
    for (const c of document.querySelectorAll(".agreement-card")) c.classList.toggle("selected", c === card);
    card.scrollIntoView({ block: "nearest" });
  }

  // --- search -------------------------------------------------------------------------

  async function renderSearch(q, onClose) {
    const box = document.getElementById("search-results");
    clear(box);
    box.hidden = !q;
    if (!q) return;
    const found = await TL.getJSON("/api/search", new URLSearchParams({ q, body: "false", limit: 20 }));
    box.append(el("h2", { text: "Search: " + q }),
      el("button", { cls: "close", text: "×", attrs: { type: "button", "aria-label": "Close search" }, on: { click: onClose } }));
    const events = el("ul");
    for (const e of found.events.items) {
      events.append(el("li", {}, el("a", { text: TL.eventLabel(e) + " · " + TL.dateText(e.date, e.date_precision),
        attrs: { href: "#", "data-event-id": e.id }, on: { click: (ev) => { ev.preventDefault(); P.onSelect(e.id); } } })));
    }
    const docs = el("ul");
    for (const d of found.documents.items) {
      docs.append(el("li", {}, el("strong", { text: (d.title || "untitled") + " — " + (d.outlet || "") }),
        el("p", { cls: "snippet", text: d.snippet })));
    }
    box.append(el("h3", { text: "Events quoting it (" + found.events.total + ")" }), events,
      el("h3", { text: "Articles (" + found.documents.total + ")" }), docs);
  }

  Object.assign(P, { clearPanel, showEvent, renderAgreements, showAgreementCard, renderSearch, field });
})();
