"use strict";
// mnist board: one page, hash-routed views over the board's JSON API. Every string from the API is
// put into the page as text (el() never parses HTML), so run and class names cannot inject markup.

// ---------- DOM and formatting helpers ----------

const $ = (selector, root = document) => root.querySelector(selector);
const enc = encodeURIComponent;
const COLORS = ["#3a7bd5", "#e4572e", "#29a36a", "#9c4dcc", "#e0a100", "#17a2b8", "#d6336c", "#5c6670"];
const DASH = "—";

/** Builds an element: attrs "class", "on<event>" and booleans are properties, the rest attributes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value === true) node[key] = true;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const runApi = name => "/api/runs/" + enc(name);
const runLink = name => el("a", { href: "#/run/" + enc(name) }, name);
const pct = v => v == null ? DASH : (100 * v).toFixed(2) + "%";
const fixed = (v, digits = 4) => v == null ? DASH : Number(v).toFixed(digits);
const shortPath = p => p ? p.replace(/[\\/]+$/, "").split(/[\\/]/).pop() : DASH;
const localTime = iso => iso ? new Date(iso).toLocaleString() : DASH;
const shortTime = iso => iso ? new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) : DASH;

function duration(seconds) {
  if (seconds == null) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
  return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
}

function bytes(n) {
  if (n == null) return DASH;
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + " " + units[i];
}

/** Nested objects become "a.b" keys; arrays and scalars are values. */
function flatten(object, prefix = "", into = {}) {
  for (const [key, value] of Object.entries(object || {})) {
    if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, prefix + key + ".", into);
    else into[prefix + key] = value;
  }
  return into;
}

const showValue = v => v == null ? DASH : Array.isArray(v) ? JSON.stringify(v) : String(v);

function showError(message) {
  const box = $("#error");
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  $("#error").hidden = true;
  $("#error").textContent = "";
}

/** GET a JSON document; a non-2xx answer throws its "error" line. */
async function api(url) {
  let response;
  try { response = await fetch(url, { headers: { Accept: "application/json" } }); }
  catch (e) { throw new Error("cannot reach the board server (" + url + ")"); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || url + ": " + response.status + " " + response.statusText);
  return body;
}

const emptySteps = () => ({ total: 0, step: [], epoch: [], loss: [], learningRate: [] });

function table(attrs, headers, rows) {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, headers.flat().map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows));
}

function section(title, ...children) {
  return el("section", { class: "card" }, el("h2", {}, title), children);
}

// ---------- charts (uPlot) ----------

function chartWidth(target) {
  return Math.max(260, target.clientWidth - 2);
}

/** A uPlot chart in target, destroyed when the view is left and resized with the window. */
function makeChart(view, target, opts, data) {
  if (!window.uPlot) { showError("The charting library (/assets/uPlot.iife.min.js) did not load."); return null; }
  const chart = new uPlot({ width: chartWidth(target), height: 240, scales: { x: { time: false } }, ...opts }, data, target);
  view.charts.push(chart);
  view.cleanups.push(() => chart.destroy());
  return chart;
}

function fitCharts(view) {
  for (const chart of view.charts) chart.setSize({ width: chartWidth(chart.root.parentNode), height: chart.height });
}

const epochSeries = { label: "epoch", value: (u, v) => v == null ? DASH : (+v.toFixed(3)).toString() };
const plainValue = (u, v) => v == null ? DASH : String(+v.toPrecision(4));
const lineSeries = (label, color, extra) => ({ label, stroke: color, width: 1.5, spanGaps: true, points: { show: false }, value: plainValue, ...extra });
const dotSeries = (label, color, extra) => lineSeries(label, color, { width: 2, points: { show: true, size: 6, fill: color }, ...extra });
const percentAxis = { values: (u, splits) => splits.map(v => +(100 * v).toFixed(2) + "%"), size: 60 };
const percentValue = (u, v) => v == null ? DASH : pct(v);
const smallNumberAxis = {
  values: (u, splits) => splits.map(v => v === 0 ? "0" : Math.abs(v) < 0.01 ? v.toExponential(1) : +v.toPrecision(3)),
  size: 60,
};

// ---------- routing ----------

let current = null; // the view shown: { alive, cleanups, charts }

function route() {
  if (current) { current.alive = false; current.cleanups.forEach(close => close()); }
  clearError();
  const view = { alive: true, cleanups: [], charts: [] };
  current = view;
  const [, name = "", arg = ""] = (location.hash || "#/").match(/^#\/([^/]*)\/?(.*)$/) || [];
  for (const link of document.querySelectorAll("[data-nav]")) {
    const here = link.dataset.nav === (name === "" || name === "run" || name === "compare" || name === "sweep" ? "runs" : name);
    if (here) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  const main = $("#view");
  main.replaceChildren();
  const views = { "": showRuns, run: showRun, compare: showCompare, sweep: showSweep, datasets: showDatasets, classify: showClassify };
  const show = views[name];
  if (!show) { main.append(el("p", {}, "No such view. ", el("a", { href: "#/" }, "Show the runs."))); return; }
  let decoded;
  try { decoded = arg.split(",").map(part => decodeURIComponent(part)); }
  catch (e) { showError("Bad address: " + location.hash); return; }
  Promise.resolve(show(view, main, decoded.filter(Boolean))).catch(error => { if (view.alive) showError(error.message); });
}

window.addEventListener("hashchange", route);
window.addEventListener("resize", () => current && fitCharts(current));

// ---------- #/ runs ----------

const RUN_COLUMNS = [
  { key: "name", label: "Run", value: r => r.name },
  { key: "state", label: "State", value: r => r.state },
  { key: "network", label: "Network", value: r => r.network },
  { key: "data", label: "Data set", value: r => r.data ? shortPath(r.data) : null },
  { key: "epochs", label: "Epochs", value: r => r.epochsDone },
  { key: "best", label: "Best val acc.", value: r => r.bestValAccuracy },
  { key: "test", label: "Test acc.", value: r => r.testAccuracy },
  { key: "seconds", label: "Time", value: r => r.seconds },
  { key: "started", label: "Started", value: r => r.started ? Date.parse(r.started) : null },
  { key: "reason", label: "Note", value: r => r.reason },
];
// Kept across views and updates: the table looks the same when coming back or when new data arrives.
const runsState = { doc: null, sort: null, dir: 1, filter: "", picked: new Set() };

function compareValues(a, b) {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

function sortedRuns(runs) {
  const column = RUN_COLUMNS.find(c => c.key === runsState.sort);
  if (!column) return runs;
  return runs.slice().sort((a, b) => {
    const x = column.value(a), y = column.value(b);
    return x == null || y == null ? compareValues(x, y) : runsState.dir * compareValues(x, y);
  });
}

function runRow(r) {
  return el("tr", { "data-run": r.name, "data-state": r.state },
    el("td", {}, el("input", { type: "checkbox", class: "pick", value: r.name, checked: runsState.picked.has(r.name),
      "aria-label": "pick " + r.name })),
    el("td", { class: "name" }, runLink(r.name), r.reason ? el("div", { class: "reason-line", "aria-hidden": "true" }, r.reason) : null),
    el("td", { class: "state state-" + r.state }, r.state),
    el("td", {}, r.network || DASH),
    el("td", { title: r.data || "" }, shortPath(r.data)),
    el("td", { class: "num" }, r.epochs ? (r.epochsDone ?? 0) + " / " + r.epochs : DASH),
    el("td", { class: "num" }, pct(r.bestValAccuracy)),
    el("td", { class: "num" }, pct(r.testAccuracy)),
    el("td", { class: "num" }, duration(r.seconds)),
    el("td", { title: localTime(r.started) }, shortTime(r.started)),
    el("td", { class: "reason" }, r.reason || ""));
}

function renderRunRows(view) {
  const body = $("#runs tbody");
  if (!body || !runsState.doc) return;
  const focused = document.activeElement && document.activeElement.matches("#runs .pick") ? document.activeElement.value : null;
  const runs = runsState.doc.runs || [];
  const names = new Set(runs.map(r => r.name));
  for (const name of runsState.picked) if (!names.has(name)) runsState.picked.delete(name);
  body.replaceChildren(...sortedRuns(runs).map(runRow));
  if (!runs.length) body.append(el("tr", {}, el("td", { colspan: RUN_COLUMNS.length + 1, class: "empty" }, "No runs yet.")));
  if (focused != null) [...body.querySelectorAll(".pick")].find(box => box.value === focused)?.focus();
  $("#roots").textContent = "Run folders: " + (runsState.doc.roots || []).join(", ");
  applyFilter();
  updateCompareButton();
}

function applyFilter() {
  const needle = runsState.filter.trim().toLowerCase();
  for (const row of document.querySelectorAll("#runs tbody tr[data-run]")) {
    row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
  }
}

function updateCompareButton() {
  const count = runsState.picked.size;
  const button = $("#compare");
  button.disabled = count < 2 || count > 8;
  button.textContent = "Compare" + (count ? " (" + count + ")" : "");
  button.title = count > 8 ? "at most 8 runs" : "tick 2 to 8 runs";
}

function sortBy(key) {
  runsState.dir = runsState.sort === key ? -runsState.dir : 1;
  runsState.sort = key;
  for (const th of document.querySelectorAll("#runs th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort !== key ? "none" : runsState.dir > 0 ? "ascending" : "descending");
  }
  renderRunRows();
}

/** The runs document, live: /api/events, or polling every 2 s where server-sent events fail. */
function watchRuns(view, onDoc) {
  let timer = null, received = false;
  const poll = () => api("/api/runs").then(doc => view.alive && onDoc(doc)).catch(e => view.alive && showError(e.message));
  const startPolling = () => {
    if (timer) return;
    timer = setInterval(poll, 2000);
    view.cleanups.push(() => clearInterval(timer));
  };
  poll();
  if (!window.EventSource) { startPolling(); return; }
  const source = new EventSource("/api/events");
  view.cleanups.push(() => source.close());
  source.addEventListener("runs", event => { received = true; clearError(); onDoc(JSON.parse(event.data)); });
  source.onerror = () => {
    // EventSource reconnects by itself after a dropped stream; poll only if it never worked or gave up.
    if (!received || source.readyState === EventSource.CLOSED) { source.close(); startPolling(); }
  };
}

function showRuns(view, main) {
  const head = el("tr", {}, el("th", { scope: "col" }, el("span", { class: "sr-only" }, "Pick")),
    RUN_COLUMNS.map(c => el("th", { scope: "col", "data-sort": c.key, tabindex: 0, class: "sortable",
      "aria-sort": runsState.sort === c.key ? (runsState.dir > 0 ? "ascending" : "descending") : "none",
      onclick: () => sortBy(c.key), onkeydown: e => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), sortBy(c.key)) },
    c.label)));
  const filter = el("input", { id: "filter", type: "search", placeholder: "Filter runs", value: runsState.filter,
    "aria-label": "filter runs", oninput: e => { runsState.filter = e.target.value; applyFilter(); } });
  const compare = el("button", { id: "compare", type: "button", disabled: true, onclick: () => {
    location.hash = "#/compare/" + [...runsState.picked].map(enc).join(",");
  } }, "Compare");
  const runsTable = el("table", { id: "runs", class: "grid" }, el("thead", {}, head), el("tbody", {}));
  runsTable.addEventListener("change", e => {
    if (!e.target.matches(".pick")) return;
    if (e.target.checked) runsState.picked.add(e.target.value); else runsState.picked.delete(e.target.value);
    updateCompareButton();
  });
  const sweeps = el("section", { id: "sweeps", class: "card", hidden: true });
  main.append(sweeps, el("div", { class: "toolbar" }, el("h1", {}, "Runs"), filter, compare, el("span", { id: "roots", class: "muted" })),
    el("div", { class: "scroll" }, runsTable));
  renderRunRows(view);
  let sweepsAsked = 0;
  watchRuns(view, doc => {
    runsState.doc = doc;
    renderRunRows(view);
    // The sweeps change as their trials do: asked again with the runs, at most every 2 s.
    if (Date.now() - sweepsAsked > 2000) {
      sweepsAsked = Date.now();
      api("/api/sweeps").then(list => view.alive && renderSweeps(sweeps, list.sweeps || [])).catch(e => view.alive && showError(e.message));
    }
  });
}

// ---------- sweeps: their list on #/, and #/sweep/NAME ----------

const sweepLink = name => el("a", { href: "#/sweep/" + enc(name) }, name);
const statesLine = states => Object.entries(states || {}).map(([state, n]) => n + " " + state).join(", ") || DASH;
const axesLine = axes => Object.entries(axes || {}).map(([option, values]) => option + " " + values.join(",")).join("  ") || DASH;

function renderSweeps(target, sweeps) {
  target.hidden = sweeps.length === 0;
  target.replaceChildren(el("h2", {}, "Sweeps"), el("div", { class: "scroll" },
    table({ class: "grid", id: "sweep-list" }, ["Sweep", "Grid", "Trials", "Best trial", "Best val acc."],
      sweeps.map(w => el("tr", { "data-sweep": w.name },
        el("td", { class: "name" }, sweepLink(w.name), w.failure ? el("div", { class: "reason-line" }, w.failure) : null),
        el("td", {}, axesLine(w.axes)),
        el("td", {}, w.trials == null ? DASH : w.trials + " (" + statesLine(w.states) + ")"),
        el("td", {}, w.bestRun ? runLink(w.bestRun) : (w.bestTrial || DASH)),
        el("td", { class: "num" }, pct(w.bestValAccuracy)))))));
}

function leaderboardTable(doc) {
  const rows = doc.leaderboard.rows;
  const axes = rows.length ? Object.keys(rows[0].settings) : [];
  return table({ id: "leaderboard", class: "grid" },
    ["Trial", axes, "Best val acc.", "Val loss", "Test acc.", "Epochs", "Time", "State"],
    rows.map(r => {
      const run = doc.runs[r.trial];
      return el("tr", { "data-trial": r.trial },
        el("th", { scope: "row" }, run ? runLink(run) : r.trial, r.reason ? el("div", { class: "reason-line" }, r.reason) : null),
        axes.map(axis => el("td", {}, r.settings[axis])),
        el("td", { class: "num" }, pct(r.bestValAccuracy)), el("td", { class: "num" }, fixed(r.finalValLoss)),
        el("td", { class: "num" }, pct(r.testAccuracy)), el("td", { class: "num" }, r.epochs),
        el("td", { class: "num" }, duration(r.seconds)), el("td", { class: "state state-" + r.status }, r.status));
    }));
}

function seedGroupsTable(groups) {
  return table({ id: "seed-groups", class: "grid" }, ["Settings", "Trials", "Median", "Lowest", "Highest"],
    groups.map(g => el("tr", {}, el("th", { scope: "row" }, axesLine(Object.fromEntries(Object.entries(g.settings).map(([k, v]) => [k, [v]])))),
      el("td", { class: "num" }, g.trials.length), el("td", { class: "num" }, pct(g.median)),
      el("td", { class: "num" }, pct(g.lowest)), el("td", { class: "num" }, pct(g.highest)))));
}

async function showSweep(view, main, [name]) {
  const doc = await api("/api/sweeps/" + enc(name));
  if (!view.alive) return;
  main.append(el("h1", {}, "Sweep ", name), el("p", { class: "muted" }, "Grid: ", axesLine(doc.axes), doc.trainArgs && doc.trainArgs.length
    ? ["; every trial: ", doc.trainArgs.join(" ")] : null));
  if (doc.failure) { showError("sweep '" + name + "' cannot be read: " + doc.failure); return; }
  // The best trials that have runs, up to the 8 the comparison takes.
  const best = doc.leaderboard.rows.filter(r => doc.runs[r.trial] && r.bestValAccuracy != null).slice(0, 8).map(r => doc.runs[r.trial]);
  main.append(...[section("Leaderboard", best.length >= 2
      ? el("p", {}, el("a", { id: "compare-trials", href: "#/compare/" + best.map(enc).join(",") }, "Compare the best " + best.length + " trials"))
      : null, el("div", { class: "scroll" }, leaderboardTable(doc))),
    doc.leaderboard.seedGroups.length ? section("By seed (best val acc.)", el("div", { class: "scroll" }, seedGroupsTable(doc.leaderboard.seedGroups))) : null,
    section("Validation accuracy of every trial", el("figure", {}, el("img", { id: "sweep-curves",
      alt: "validation accuracy of every trial, per epoch", src: "/api/sweeps/" + enc(name) + "/curves.png?" + Date.now() })))]
    .filter(Boolean));
}

// ---------- #/run/NAME ----------

function summaryLine(s) {
  if (s.state === "unreadable") return "";
  return [s.network || "network ?", "epoch " + (s.epochsDone ?? 0) + " / " + (s.epochs ?? "?"),
    "best val " + pct(s.bestValAccuracy), "test " + pct(s.testAccuracy), duration(s.seconds), "started " + localTime(s.started)].join(" · ");
}

function showState(s) {
  const box = $("#run");
  if (!box) return;
  box.dataset.state = s.state;
  const badge = $("#state");
  badge.textContent = s.state;
  badge.className = "badge state-" + s.state;
  $("#reason").textContent = s.reason || "";
  $("#summary").textContent = summaryLine(s);
}

/** The curves of one run; add() takes new steps or epoch rows and redraws. */
function runCharts(view, steps, epochs) {
  const data = { steps: { step: [...steps.step], epoch: [...steps.epoch], loss: [...steps.loss], learningRate: [...steps.learningRate] }, epochs };
  const sync = { sync: { key: "run-" + Math.random() } };
  const targets = ["loss-chart", "accuracy-chart", "lr-chart"].map(id => document.getElementById(id));
  const loss = makeChart(view, targets[0], { cursor: sync, axes: [{ label: "epoch" }, { label: "loss" }],
    series: [epochSeries, lineSeries("train loss", COLORS[0]), dotSeries("val loss", COLORS[1])] }, [[], [], []]);
  const accuracy = makeChart(view, targets[1], { axes: [{ label: "epoch" }, { label: "val accuracy", ...percentAxis }],
    series: [epochSeries, dotSeries("val accuracy", COLORS[2], { value: percentValue })] }, [[], []]);
  const lr = makeChart(view, targets[2], { cursor: sync, axes: [{ label: "epoch" }, { label: "learning rate", ...smallNumberAxis }],
    series: [epochSeries, lineSeries("learning rate", COLORS[3])] }, [[], []]);
  if (!loss) return null;

  function redraw() {
    const s = data.steps, e = data.epochs;
    const epochX = e.map(row => row.epoch);
    loss.setData(uPlot.join([[s.epoch, s.loss], [epochX, e.map(row => row.valLoss)]]));
    accuracy.setData([epochX, e.map(row => row.valAccuracy)]);
    lr.setData([s.epoch, s.learningRate]);
    targets[0].dataset.points = s.loss.length;
    targets[1].dataset.points = e.length;
    targets[2].dataset.points = s.step.length;
  }
  redraw();
  return {
    lastStep: () => data.steps.step.length ? data.steps.step[data.steps.step.length - 1] : -1,
    epochCount: () => data.epochs.length,
    addSteps(batch) {
      const last = this.lastStep();
      batch.step.forEach((step, i) => {
        if (step <= last) return; // a reconnected stream repeats what we have
        data.steps.step.push(step);
        data.steps.epoch.push(batch.epoch ? batch.epoch[i] : step);
        data.steps.loss.push(batch.loss ? batch.loss[i] : null);
        data.steps.learningRate.push(batch.learningRate ? batch.learningRate[i] : null);
      });
      redraw();
    },
    addEpoch(row) {
      const i = data.epochs.findIndex(r => r.epoch === row.epoch);
      if (i >= 0) data.epochs[i] = row; else data.epochs.push(row);
      data.epochs.sort((a, b) => a.epoch - b.epoch);
      redraw();
      return data.epochs;
    },
  };
}

function epochsTable(epochs) {
  return table({ id: "epochs", class: "grid" }, ["Epoch", "Train loss", "Val loss", "Val accuracy", "Learning rate", "Seconds", "Images/s"],
    epochs.map(e => el("tr", {}, el("td", { class: "num" }, e.epoch), el("td", { class: "num" }, fixed(e.trainLoss)),
      el("td", { class: "num" }, fixed(e.valLoss)), el("td", { class: "num" }, pct(e.valAccuracy)),
      el("td", { class: "num" }, e.learningRate == null ? DASH : +Number(e.learningRate).toPrecision(4)),
      el("td", { class: "num" }, fixed(e.seconds, 1)), el("td", { class: "num" }, e.imagesPerSecond == null ? DASH : Math.round(e.imagesPerSecond)))));
}

function factsTable(detail) {
  const run = detail.run, s = detail.summary;
  const versions = Object.entries(run.versions || {}).map(([k, v]) => k + " " + v).join(", ");
  const facts = [
    ["Data set", s.dataset ? el("a", { href: "#/datasets", title: run.dataSource || s.data || "" }, run.dataSource || s.data) : (run.dataSource || s.data || DASH)],
    ["Format", run.dataFormat || DASH],
    ["Images", (run.trainImages ?? DASH) + " train, " + (run.validationImages ?? DASH) + " val"],
    ["Classes", (run.classNames || []).join(" ") || DASH],
    ["Preparation", run.preparationReason || DASH],
    ["Device", run.device || DASH],
    ["Versions", versions || DASH],
  ];
  return el("table", { id: "facts", class: "kv" }, el("tbody", {}, facts.map(([k, v]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v)))));
}

function settingsTable(config) {
  return el("table", { id: "settings", class: "kv" }, el("tbody", {},
    Object.entries(flatten(config)).map(([k, v]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, showValue(v))))));
}

function confusionTable(report) {
  const names = report.classNames || report.confusion.map((_, i) => String(i));
  const rows = report.confusion.map((row, actual) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el("tr", {}, el("th", { scope: "row" }, names[actual]), row.map((count, predicted) => {
      const share = count / total, diagonal = actual === predicted;
      const color = diagonal ? "41,163,106" : "228,87,46";
      return el("td", { class: diagonal ? "diag" : null, title: names[actual] + " → " + names[predicted] + ": " + count,
        style: "background: rgba(" + color + "," + (count ? 0.1 + 0.9 * Math.sqrt(share) : 0).toFixed(3) + ");" + (share > 0.3 ? "color:#fff" : "") }, count);
    }));
  });
  return el("div", { class: "scroll" }, el("table", { class: "confusion", "aria-label": "confusion matrix: rows actual, columns predicted" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", class: "corner" }, "actual \\ pred."), names.map(n => el("th", { scope: "col" }, n)))),
    el("tbody", {}, rows)));
}

function evaluationBlock(detail) {
  const report = detail.evaluation, images = detail.evaluationImages;
  const classRow = (c, cls) => el("tr", { class: cls }, el("th", { scope: "row" }, c.className ?? "macro average"),
    el("td", { class: "num" }, fixed(c.precision)), el("td", { class: "num" }, fixed(c.recall)), el("td", { class: "num" }, fixed(c.f1)),
    el("td", { class: "num" }, c.support ?? DASH));
  const figure = (src, caption) => src && el("figure", {}, el("img", { src, alt: caption, loading: "lazy" }), el("figcaption", {}, caption));
  return el("div", { id: "evaluation" },
    el("p", { class: "big" }, "Accuracy ", el("strong", {}, pct(report.accuracy)),
      report.topK > 1 ? " · top-" + report.topK + " " + pct(report.topKAccuracy) : "",
      " · " + (report.images ?? DASH) + " images, " + (report.wrong ?? DASH) + " wrong",
      el("span", { class: "muted" }, " (epoch " + (report.epoch ?? DASH) + ", " + (report.data || "") + ")")),
    el("div", { class: "pair" },
      el("div", {}, el("h3", {}, "Confusion matrix"), confusionTable(report)),
      el("div", {}, el("h3", {}, "Per class"), table({ class: "grid per-class" }, ["Class", "Precision", "Recall", "F1", "Support"],
        [(report.perClass || []).map(c => classRow(c)), report.macroAverage ? classRow({ ...report.macroAverage, className: "macro average" }, "total") : null]))),
    images && el("div", { class: "figures" }, figure(images.confusion, "confusion matrix"), figure(images.errors, "the most confident mistakes")));
}

function lineageBlock(detail) {
  const parent = detail.summary.parent, children = detail.children || [];
  return el("div", { id: "lineage" },
    el("p", {}, "Parent: ", parent ? el("a", { href: "#/run/" + enc(parent), class: "parent" }, parent) : "none (trained from scratch or not listed)"),
    el("p", {}, "Fine-tuned into: ", children.length ? children.map((c, i) => [i ? ", " : "", el("a", { href: "#/run/" + enc(c), class: "child" }, c)]) : "none"));
}

function checkpointsTable(checkpoints) {
  const rows = (checkpoints || []).map(c => el("tr", {}, el("td", {}, c.file), el("td", { class: "num" }, bytes(c.bytes)), el("td", {}, localTime(c.modified))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: 3, class: "empty" }, "No checkpoints.")));
  return table({ id: "checkpoints", class: "grid" }, ["File", "Size", "Modified"], rows);
}

async function copyText(text, button) {
  try { await navigator.clipboard.writeText(text); }
  catch (e) { // not a secure context: select the text so that Ctrl+C works
    const range = document.createRange();
    range.selectNodeContents(button.previousSibling);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    button.textContent = "Press Ctrl+C";
    return;
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

function commandsBlock(commands) {
  const entries = ["resume", "evaluate", "export", "classify"].filter(k => commands && commands[k]);
  return el("div", { id: "commands" }, entries.length ? entries.map(kind => el("div", { class: "command" },
    el("span", { class: "kind" }, kind), el("code", { "data-command": kind }, commands[kind]),
    el("button", { type: "button", "aria-label": "copy the " + kind + " command", onclick: e => copyText(commands[kind], e.currentTarget) }, "Copy")))
    : el("p", { class: "muted" }, "No commands apply."));
}

function runDetails(detail) {
  const augmented = detail.images && detail.images.augmented;
  return [
    el("div", { class: "cards" },
      section("Summary", factsTable(detail), augmented && el("figure", {}, el("img", { src: augmented, alt: "augmented training images", class: "augmented" }),
        el("figcaption", {}, "augmented training images"))),
      section("Settings", settingsTable(detail.run.config))),
    detail.evaluation ? section("Evaluation", evaluationBlock(detail)) : null,
    el("div", { class: "cards" },
      section("Lineage", lineageBlock(detail)),
      section("Checkpoints", checkpointsTable(detail.checkpoints)),
      section("Commands", commandsBlock(detail.commands), detail.summary.state !== "unreadable"
        ? el("p", {}, el("a", { href: "#/classify/" + enc(detail.summary.name) }, "Try the model in Classify")) : null)),
  ];
}

function chartBox(id, title) {
  return el("figure", { class: "chart" }, el("figcaption", {}, title), el("div", { id, "data-points": 0, role: "img", "aria-label": title }));
}

async function showRun(view, main, [name]) {
  const detail = await api(runApi(name));
  // An unreadable run has no records: asking for them would only log a 404.
  const steps = detail.run ? await api(runApi(name) + "/steps?max=2000").catch(() => emptySteps()) : emptySteps();
  if (!view.alive) return;
  const s = detail.summary;
  const box = el("section", { id: "run", "data-run": s.name, "data-state": s.state },
    el("div", { class: "run-head" }, el("h1", {}, s.name), el("span", { id: "state" }), el("span", { id: "reason" })),
    el("p", { id: "summary", class: "muted" }));
  main.append(box);
  showState(s);
  if (!detail.run) { // #reason, styled large, says why
    if (!s.reason) $("#reason").textContent = "This run cannot be read.";
    return;
  }
  box.append(el("div", { class: "charts" }, chartBox("loss-chart", "Loss (train per step, val per epoch)"),
    chartBox("accuracy-chart", "Validation accuracy"), chartBox("lr-chart", "Learning rate")),
    el("div", { id: "epochs-box", class: "scroll" }, epochsTable(detail.epochs || [])),
    el("div", { id: "details" }, runDetails(detail)));
  const charts = runCharts(view, steps, (detail.epochs || []).slice());
  if (charts) followRun(view, name, charts, s);
}

/** Live updates of a shown run; a changed summary also reloads the details (checkpoints, evaluation). */
function followRun(view, name, charts, summary) {
  if (!window.EventSource) return;
  const source = new EventSource(runApi(name) + "/events?after=" + charts.lastStep() + "&epochs=" + charts.epochCount());
  view.cleanups.push(() => source.close());
  let shown = summary, reloading = false;
  source.addEventListener("steps", e => charts.addSteps(JSON.parse(e.data)));
  // The run's records were rewritten (a resume drops those after its checkpoint): draw it afresh.
  source.addEventListener("reset", () => { if (view.alive) route(); });
  source.addEventListener("epoch", e => {
    $("#epochs").replaceWith(epochsTable(charts.addEpoch(JSON.parse(e.data))));
  });
  source.addEventListener("state", e => {
    const next = JSON.parse(e.data);
    const changed = next.state !== shown.state || next.epochsDone !== shown.epochsDone || next.testAccuracy !== shown.testAccuracy;
    shown = next;
    showState(next);
    if (!changed || reloading) return;
    reloading = true;
    api(runApi(name)).then(d => {
      if (!view.alive || !d.run) return;
      $("#details").replaceChildren(...runDetails(d).filter(Boolean));
      $("#epochs").replaceWith(epochsTable(d.epochs || []));
    }).catch(error => view.alive && showError(error.message)).finally(() => { reloading = false; });
  });
}

// ---------- #/compare/A,B ----------

async function loadRun(name, maxSteps) {
  try {
    const detail = await api(runApi(name));
    const steps = detail.run ? await api(runApi(name) + "/steps?max=" + maxSteps).catch(() => emptySteps()) : emptySteps();
    return { name, detail, steps };
  } catch (error) {
    return { name, error: error.message };
  }
}

function differencesTable(runs) {
  const configs = runs.map(r => flatten(r.detail.run ? r.detail.run.config : {}));
  const keys = [...new Set(configs.flatMap(Object.keys))];
  const differing = keys.filter(k => new Set(configs.map(c => JSON.stringify(c[k] ?? null))).size > 1);
  const rows = differing.map(k => el("tr", { "data-key": k }, el("th", { scope: "row" }, k), configs.map(c => el("td", {}, showValue(c[k])))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: runs.length + 1, class: "empty" }, "The settings are the same.")));
  return table({ id: "differences", class: "grid" }, ["Setting", runs.map(r => runLink(r.name))], rows);
}

function scoresTable(runs) {
  return table({ id: "scores", class: "grid" }, ["Run", "State", "Best val acc.", "Final val loss", "Test acc.", "Epochs", "Time"],
    runs.map((r, i) => {
      const s = r.detail.summary, epochs = r.detail.epochs || [];
      const last = epochs[epochs.length - 1];
      return el("tr", { "data-run": r.name }, el("th", { scope: "row" }, el("span", { class: "swatch", style: "background:" + COLORS[i] }), runLink(r.name)),
        el("td", { class: "state state-" + s.state }, s.state), el("td", { class: "num" }, pct(s.bestValAccuracy)),
        el("td", { class: "num" }, fixed(last && last.valLoss)), el("td", { class: "num" }, pct(s.testAccuracy)),
        el("td", { class: "num" }, (s.epochsDone ?? 0) + " / " + (s.epochs ?? "?")), el("td", { class: "num" }, duration(s.seconds)));
    }));
}

async function showCompare(view, main, names) {
  if (names.length < 2) { main.append(el("p", {}, "Pick 2 to 8 runs on the ", el("a", { href: "#/" }, "Runs"), " page to compare them.")); return; }
  const loaded = await Promise.all(names.slice(0, 8).map(n => loadRun(n, 1000)));
  if (!view.alive) return;
  const failed = loaded.filter(r => r.error), runs = loaded.filter(r => !r.error);
  if (failed.length) showError(failed.map(r => r.name + ": " + r.error).join("; "));
  const lossTarget = el("div", { id: "compare-chart", "data-series": runs.length, role: "img", "aria-label": "train loss of the runs" });
  const accuracyTarget = el("div", { id: "compare-accuracy", "data-series": runs.length, role: "img", "aria-label": "validation accuracy of the runs" });
  main.append(el("h1", {}, "Compare ", runs.length, " runs"),
    el("div", { class: "charts two" }, el("figure", { class: "chart" }, el("figcaption", {}, "Train loss"), lossTarget),
      el("figure", { class: "chart" }, el("figcaption", {}, "Validation accuracy"), accuracyTarget)),
    section("Scores", el("div", { class: "scroll" }, scoresTable(runs))),
    section("Settings that differ", el("div", { class: "scroll" }, differencesTable(runs))));
  if (!runs.length) return;
  // Each run has its own x values (epochs); uPlot.join merges them onto one x axis, undefined where a run has no point.
  makeChart(view, lossTarget, { axes: [{ label: "epoch" }, { label: "train loss" }],
    series: [epochSeries, ...runs.map((r, i) => lineSeries(r.name, COLORS[i]))] },
    uPlot.join(runs.map(r => [r.steps.epoch, r.steps.loss])));
  const epochsOf = r => r.detail.epochs || [];
  makeChart(view, accuracyTarget, { axes: [{ label: "epoch" }, { label: "val accuracy", ...percentAxis }],
    series: [epochSeries, ...runs.map((r, i) => dotSeries(r.name, COLORS[i], { value: percentValue }))] },
    uPlot.join(runs.map(r => [epochsOf(r).map(e => e.epoch), epochsOf(r).map(e => e.valAccuracy)])));
}

// ---------- #/datasets ----------

function countsTable(info) {
  const splits = Object.keys(info.splits || {}).sort((a, b) => ["train", "val", "test"].indexOf(a) - ["train", "val", "test"].indexOf(b));
  const classCount = Math.max(info.classNames ? info.classNames.length : 0, ...splits.map(s => info.splits[s].length));
  const rows = [];
  for (let c = 0; c < classCount; c++) {
    const counts = splits.map(s => info.splits[s][c] ?? 0);
    rows.push(el("tr", {}, el("th", { scope: "row" }, info.classNames ? info.classNames[c] : c), counts.map(n => el("td", { class: "num" }, n)),
      el("td", { class: "num" }, counts.reduce((a, b) => a + b, 0))));
  }
  const totals = splits.map(s => info.splits[s].reduce((a, b) => a + b, 0));
  rows.push(el("tr", { class: "total" }, el("th", { scope: "row" }, "all"), totals.map(n => el("td", { class: "num" }, n)),
    el("td", { class: "num" }, totals.reduce((a, b) => a + b, 0))));
  return table({ class: "grid counts" }, ["Class", splits, "All"], rows);
}

async function loadDataset(view, card, id) {
  const body = $(".dataset-body", card);
  body.replaceChildren(el("p", { class: "muted" }, "Reading the data set…"));
  let info;
  try { info = await api("/api/datasets/" + enc(id)); }
  catch (error) { info = { error: error.message }; }
  if (!view.alive) return;
  if (info.error) { body.replaceChildren(el("p", { class: "error" }, info.error)); return; }
  body.replaceChildren(el("p", {}, "Shape ", el("strong", { class: "shape" }, info.shape || DASH), " · " + (info.classNames || []).length + " classes"),
    el("div", { class: "pair" }, el("div", { class: "scroll" }, countsTable(info)),
      el("div", { class: "figures" }, info.mean && el("figure", {}, el("img", { class: "mean", src: info.mean, alt: "mean image of " + info.path }), el("figcaption", {}, "mean image")),
        info.samples && el("figure", {}, el("img", { class: "samples", src: info.samples, alt: "sample images of " + info.path }), el("figcaption", {}, "samples")))));
}

async function showDatasets(view, main) {
  const doc = await api("/api/datasets");
  if (!view.alive) return;
  const list = doc.datasets || [];
  const box = el("div", { id: "datasets" });
  main.append(el("h1", {}, "Data sets"), box);
  if (!list.length) box.append(el("p", { class: "muted" }, "No data sets: no run records one yet."));
  for (const d of list) {
    const card = el("details", { class: "card dataset", "data-id": d.id },
      el("summary", {}, el("span", { class: "path", title: d.path }, d.path), " ", el("span", { class: "format" }, d.format || "?"),
        el("span", { class: "muted" }, " · used by " + (d.runs || []).length + " run" + ((d.runs || []).length === 1 ? "" : "s"))),
      el("p", { class: "used-by" }, "Runs: ", (d.runs || []).length ? d.runs.map((r, i) => [i ? ", " : "", runLink(r)]) : "none"),
      el("div", { class: "dataset-body" }));
    let loaded = false;
    card.addEventListener("toggle", () => { if (card.open && !loaded) { loaded = true; loadDataset(view, card, d.id); } });
    box.append(card);
    if (list.length <= 3) card.open = true;
  }
}

// ---------- #/classify ----------

async function showClassify(view, main, [wanted]) {
  const doc = await api("/api/runs");
  if (!view.alive) return;
  const rank = { finished: 0, stopped: 1, diverged: 2, running: 3, failed: 4, unreadable: 5 };
  const runs = (doc.runs || []).slice().sort((a, b) => (rank[a.state] ?? 6) - (rank[b.state] ?? 6));
  main.append(el("h1", {}, "Classify"));
  if (!runs.length) { main.append(el("p", { class: "muted" }, "No runs yet.")); return; }
  const frame = el("iframe", { id: "classify-frame", title: "classify with a run's model", width: 700, height: 560 });
  const select = el("select", { id: "classify-run", onchange: () => pick(select.value) },
    runs.map(r => el("option", { value: r.name, selected: r.name === wanted }, r.name + " (" + r.state + (r.bestValAccuracy != null ? ", " + pct(r.bestValAccuracy) : "") + ")")));
  function pick(name) {
    frame.src = "/classify/" + enc(name) + "/";
    history.replaceState(null, "", "#/classify/" + enc(name));
  }
  main.append(el("p", { class: "toolbar" }, el("label", { for: "classify-run" }, "Model of run "), select,
    el("span", { class: "muted" }, " Draw a digit or drop an image; the run's model answers.")), frame);
  pick(select.value);
}

route();
