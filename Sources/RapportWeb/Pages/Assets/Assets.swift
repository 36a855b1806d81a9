import Vapor

/// The stylesheet and script, served from memory with long caching (their URLs never
/// carry user data, and the CSP allows only these same-origin files).
enum Assets {
    static func serve(_ request: Request) throws -> Response {
        let name = request.parameters.get("name") ?? ""
        let (body, type): (String, String) = switch name {
        case "app.css": (stylesheet, "text/css; charset=utf-8")
        case "app.js": (script, "text/javascript; charset=utf-8")
        default: throw PageError.notFound
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    static let script = #"""
    "use strict";
    // Select-all boxes check every row box of their form.
    document.addEventListener("change", (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
      document.querySelectorAll(`input[type=checkbox][name="${box.dataset.selectAll}"]`).forEach((row) => { row.checked = box.checked; });
    });

    // Pipeline board: a card moves by drag and drop, or with the arrow keys when focused.
    // Both fill in the card's own move form and submit it, so the server does the same work
    // as for the plain form (and asks for the lost reason when a deal is lost).
    function moveCard(card, stageId) {
      const form = card.querySelector("form.move");
      const select = form && form.querySelector("select[name=stageId]");
      if (!select || select.value === stageId) return;
      select.value = stageId;
      form.submit();
    }
    document.addEventListener("dragstart", (event) => {
      const card = event.target.closest && event.target.closest(".card-item");
      if (!card) return;
      event.dataTransfer.setData("text/plain", card.dataset.id);
      event.dataTransfer.effectAllowed = "move";
    });
    document.addEventListener("dragover", (event) => {
      if (event.target.closest && event.target.closest(".stage")) event.preventDefault();
    });
    document.addEventListener("drop", (event) => {
      const stage = event.target.closest && event.target.closest(".stage");
      if (!stage) return;
      event.preventDefault();
      const card = document.getElementById("card-" + event.dataTransfer.getData("text/plain"));
      if (card) moveCard(card, stage.dataset.stage);
    });
    document.addEventListener("keydown", (event) => {
      const card = event.target;
      if (!(card instanceof HTMLElement) || !card.classList.contains("card-item")) return;
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const stages = Array.from(document.querySelectorAll(".stage")).map((s) => s.dataset.stage);
      const here = card.closest(".stage").dataset.stage;
      const next = stages[stages.indexOf(here) + (event.key === "ArrowRight" ? 1 : -1)];
      if (next) { event.preventDefault(); moveCard(card, next); }
    });
    // After a move the page reloads on the moved card; keep keyboard focus there.
    if (location.hash.startsWith("#card-")) {
      const card = document.getElementById(location.hash.slice(1));
      if (card) card.focus();
    }

    // Record header: a key fact's edit link (or a click on its value) swaps in the field's own
    // form, taken from the page the link names, so the server renders that form in one place.
    // Enter saves, Escape puts the value back. Without this script the link opens that page.
    const factContents = new WeakMap();
    function openFact(fact) {
      const link = fact.querySelector("a.fact-edit");
      if (!link) return;
      document.querySelectorAll("dd.fact").forEach((other) => { if (factContents.has(other)) closeFact(other, false); });
      fetch(link.href, { credentials: "same-origin" })
        .then((reply) => (reply.ok ? reply.text() : Promise.reject(reply.status)))
        .then((html) => {
          const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(fact.id);
          const form = fresh && fresh.querySelector("form.fact-form");
          if (!form) { location.href = link.href; return; }
          factContents.set(fact, Array.from(fact.childNodes));
          fact.replaceChildren(document.importNode(form, true));
          focusField(fact);
        })
        .catch(() => { location.href = link.href; });
    }
    function closeFact(fact, focus) {
      const contents = factContents.get(fact);
      if (contents) {
        factContents.delete(fact);
        fact.replaceChildren(...contents);
        const link = fact.querySelector("a.fact-edit");
        if (focus && link) link.focus();
      } else {
        // The form came with the page (?edit=…): cancelling is its cancel link.
        const cancel = fact.querySelector("a.fact-cancel");
        if (cancel) location.href = cancel.href;
      }
    }
    function focusField(fact) {
      const field = fact.querySelector("form.fact-form [aria-invalid=true], form.fact-form input:not([type=hidden]), form.fact-form select, form.fact-form textarea");
      if (field) field.focus();
    }
    document.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
    });
    document.addEventListener("click", (event) => {
      const target = event.target;
      const fact = target instanceof Element && target.closest("dd.fact");
      if (!fact) return;
      if (target.closest("a.fact-edit") || (target.closest(".fact-value") && !target.closest("a"))) {
        event.preventDefault();
        openFact(fact);
      } else if (target.closest("a.fact-cancel") && factContents.has(fact)) {
        event.preventDefault();
        closeFact(fact, true);
      }
    });
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const fact = target instanceof Element && target.closest("dd.fact");
      const form = fact && fact.querySelector("form.fact-form");
      if (!form || !form.contains(target)) return;
      if (event.key === "Escape") {
        event.preventDefault();
        closeFact(fact, true);
      } else if (event.key === "Enter" && !(target instanceof HTMLButtonElement) && !(target instanceof HTMLAnchorElement)
                 && (!(target instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
        // A line break in a text area stays a line break; Ctrl+Enter saves there.
        event.preventDefault();
        form.requestSubmit();
      }
    });
    // The navigation's menu closes on a click elsewhere, or on Escape (back to its summary).
    document.addEventListener("click", (event) => {
      document.querySelectorAll("header.top details[open]").forEach((menu) => { if (!menu.contains(event.target)) menu.open = false; });
    });
    document.addEventListener("keydown", (event) => {
      const menu = event.key === "Escape" && event.target instanceof Element && event.target.closest("header.top details[open]");
      if (!menu) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
    // A fact's form that comes with the page (with its error, or after ?edit=) takes the focus.
    document.querySelectorAll("dd.fact").forEach((fact) => { if (fact.querySelector("form.fact-form")) focusField(fact); });
    """#

    static let stylesheet = #"""
    :root { --ink: #1b1f24; --muted: #555d66; --line: #d0d5db; --accent: #0b5cad; --accent-ink: #ffffff;
            --bad: #a4161a; --good: #1e6b34; --paper: #ffffff; --wash: #f3f5f7; font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--ink); background: var(--wash); line-height: 1.45; }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid #1b1f24; outline-offset: 2px; box-shadow: 0 0 0 5px #ffd166; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 8px; z-index: 10; }
    header.top { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 8px 16px; background: #16324f; color: #fff; }
    header.top :focus-visible { outline-color: #ffd166; box-shadow: none; }
    header.top a { color: #fff; text-decoration: none; } header.top a[aria-current] { text-decoration: underline; font-weight: 600; }
    header.top nav ul { display: flex; flex-wrap: wrap; gap: 14px; list-style: none; margin: 0; padding: 0; }
    header.top nav li.menu { position: relative; }
    header.top nav summary { cursor: pointer; list-style: none; } header.top nav summary::-webkit-details-marker { display: none; }
    header.top nav summary::after { content: " ▾"; } header.top nav summary.current { text-decoration: underline; font-weight: 600; }
    header.top nav details > ul { position: absolute; z-index: 20; top: calc(100% + 8px); left: 0; display: grid; gap: 0; min-width: 12rem; padding: 6px 0; background: #16324f; border-radius: 0 0 6px 6px; box-shadow: 0 6px 14px rgba(0, 0, 0, .3); }
    header.top nav details > ul a { display: block; padding: 6px 14px; }
    .brand { font-weight: 700; font-size: 1.1rem; } .me { margin-left: auto; display: flex; gap: 12px; align-items: center; }
    .me form { margin: 0; } button.link { background: none; border: none; color: #fff; text-decoration: underline; cursor: pointer; padding: 0; font: inherit; }
    main { padding: 16px 24px; max-width: 1400px; margin: 0 auto; } main.narrow { max-width: 420px; }
    h1 { font-size: 1.5rem; margin: 8px 0 12px; } h2 { font-size: 1.15rem; margin: 0 0 8px; }
    .card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin-bottom: 16px; }
    .stack { display: flex; flex-direction: column; gap: 6px; } .stack button { margin-top: 8px; align-self: flex-start; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; align-items: start; }
    label { font-weight: 600; font-size: .92rem; }
    input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #8a939d; border-radius: 4px; background: #fff; color: var(--ink); }
    button, .button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; display: inline-block; }
    .button.secondary, button.secondary { background: var(--paper); color: var(--accent); }
    .title-row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; } .title-row h1 { margin-right: auto; }
    .error, .field-error { color: var(--bad); font-weight: 600; } .flash { background: #e6f2ea; border: 1px solid var(--good); padding: 8px 12px; border-radius: 4px; }
    [aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
    .muted { color: var(--muted); } .empty { color: var(--muted); padding: 12px 0; }
    form.search { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
    form.search details { flex-basis: 100%; } .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 16px; margin: 8px 0; }
    .filter { display: flex; flex-direction: column; gap: 2px; border: none; padding: 0; margin: 0; } fieldset.filter legend { font-weight: 600; font-size: .92rem; padding: 0; }
    form.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; margin: 0 0 16px; } form.filters > p { flex-basis: 100%; margin: 0; }
    .columns-chooser .checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 4px; margin: 8px 0; }
    .columns-chooser label { font-weight: normal; }
    form.bulk fieldset { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; border: 1px solid var(--line); border-radius: 4px; margin: 8px 0; }
    .table-wrap { overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 6px; }
    table.records { border-collapse: collapse; width: 100%; } table.records th, table.records td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
    table.records th a { color: var(--ink); } td.select, th.select { width: 32px; }
    ul.inline { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 10px; } ul.plain { margin: 0; padding-left: 16px; }
    .pager { display: flex; gap: 16px; padding: 12px 0; }
    dl.facts { display: grid; grid-template-columns: minmax(140px, max-content) 1fr; gap: 6px 16px; margin: 0; } dl.facts dt { font-weight: 600; color: var(--muted); } dl.facts dd { margin: 0; }
    ol.timeline { list-style: none; padding: 0; margin: 0; } ol.timeline li { border-left: 3px solid var(--line); padding: 4px 10px; margin-bottom: 8px; }
    .money { font-variant-numeric: tabular-nums; white-space: nowrap; }
    .languages { margin-top: 12px; text-align: center; }
    .board { display: flex; gap: 12px; overflow-x: auto; align-items: flex-start; padding-bottom: 8px; }
    .stage { flex: 0 0 260px; background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
    .stage h2 { font-size: 1rem; display: flex; justify-content: space-between; } .stage .totals { font-size: .85rem; display: flex; flex-direction: column; margin-bottom: 6px; }
    ol.cards { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; min-height: 40px; }
    .card-item { border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; background: var(--wash); display: flex; flex-direction: column; gap: 2px; cursor: grab; }
    .card-item form.move { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; font-size: .85rem; } .card-item form.move label { font-weight: normal; }
    svg.chart { width: 100%; max-width: 720px; height: auto; } svg.chart .bar { fill: #0b5cad; } svg.chart .axis, svg.chart .value { font-size: 11px; fill: #1b1f24; }
    svg.chart .baseline { stroke: #8a939d; } .chart-wrap { overflow-x: auto; } .card.wide { grid-column: 1 / -1; }
    svg.org-chart { min-width: 100%; height: auto; } svg.org-chart rect { fill: #f3f5f7; stroke: #0b5cad; } svg.org-chart .link { stroke: #8a939d; stroke-width: 1.5; }
    svg.org-chart .name { font-weight: 600; font-size: 13px; fill: #1b1f24; } svg.org-chart .role, svg.org-chart .influence { font-size: 11px; fill: #555d66; }
    svg.org-chart a:focus-visible rect { stroke: #1b1f24; stroke-width: 3; }
    .week { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px; } .day.today { border-color: #0b5cad; border-width: 2px; }
    ol.agenda { list-style: none; padding: 0; margin: 0; } ol.agenda li { padding: 2px 0; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
    .money-input { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; } .field { display: flex; flex-direction: column; gap: 2px; }
    .form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px 16px; margin-bottom: 12px; } .check { display: flex; gap: 6px; align-items: center; }
    form.inline { display: inline; } button.link-button { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; cursor: pointer; font: inherit; }
    form.save-view { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
    .record-header .title-row { margin-bottom: 8px; } dd.fact { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
    dd.fact .fact-value { cursor: pointer; } a.fact-edit { font-size: .85rem; }
    form.fact-form { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; }
    form.fact-form .field > label:first-child { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    @media print { header.top, form.bulk, .pager, form.search, .no-print { display: none; } }
    .print-document { max-width: 52rem; margin: 2rem auto; }
    .print-document .letterhead { border-bottom: 2px solid currentColor; margin-bottom: 1.5rem; }
    .print-document .sender { font-size: 1.3rem; font-weight: 700; margin: 0; }
    table.lines td.number, table.lines th.number { text-align: right; white-space: nowrap; }
    table.lines .total { font-weight: 700; }
    @media print { .print-document { margin: 0; max-width: none; } .print-document table { page-break-inside: auto; } .print-document tr { page-break-inside: avoid; } }
    """#
}
