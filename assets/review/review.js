// bitext review page: the beads of one rendering side by side with the
// source (and the other renderings for context), drawn only where they are
// on screen; edits go to the server, which checks and saves each one.
"use strict";

const state = {
  project: null,
  r: 0,              // the rendering being reviewed
  selected: 0,       // index into the rendering's beads
  visible: [],       // bead indices that pass the filter
  query: "",         // the search box's text, folded
  heights: new Map(),// bead index -> measured row height
  changed: new Set(),// beads a re-alignment changed
  busy: false,
};
const $ = (id) => document.getElementById(id);
const ESTIMATE = 64;
const OVERSCAN = 800;

function message(text, kind) {
  const m = $("message");
  m.textContent = text || "";
  m.className = text ? (kind || "info") : "";
}

async function call(method, url, body) {
  const init = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (!response.ok) {
    const error = new Error((data && data.error) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

async function load() {
  state.project = await call("GET", "/api/project");
  state.r = Math.min(state.r, state.project.renderings.length - 1);
  state.heights.clear();
  setupRenderings();
  refresh();
}

function rendering() { return state.project.renderings[state.r]; }

function setupRenderings() {
  const p = state.project;
  $("title").textContent = `bitext review · ${p.name}`;
  document.title = `${p.name} · bitext review`;
  const select = $("rendering");
  select.textContent = "";
  p.renderings.forEach((x, i) => {
    const o = document.createElement("option");
    o.value = i; o.textContent = x.name;
    select.appendChild(o);
  });
  select.value = state.r;
  // Which bead of each rendering holds each source sentence.
  for (const x of p.renderings) {
    x.bySource = new Int32Array(p.source.length).fill(-1);
    x.beads.forEach((b, k) => b.source.forEach((s) => { x.bySource[s] = k; }));
  }
  const cols = ["", "source · " + p.source_lang].concat(
    [rendering()].concat(p.renderings.filter((_, i) => i !== state.r)).map((x) => x.name + " · " + x.lang));
  const header = $("columns");
  header.textContent = "";
  header.style.gridTemplateColumns = gridColumns();
  for (const c of cols) { const d = document.createElement("div"); d.textContent = c; header.appendChild(d); }
}

function gridColumns() {
  const others = state.project.renderings.length - 1;
  return "7.5rem minmax(0,1fr) minmax(0,1fr)" + " minmax(0,.8fr)".repeat(others);
}

// The search box: beads whose source or target text (or note) holds the
// query, case and width aside; combined with the filter.
function matches(b) {
  const q = state.query;
  if (!q) return true;
  const p = state.project, x = rendering();
  const has = (segments, ids) => ids.some((id) => fold(segments[id].text).includes(q));
  return has(p.source, b.source) || has(x.segments, b.target) || fold(b.note || "").includes(q);
}

function fold(text) { return text.normalize("NFKC").toLowerCase(); }

function passes(b) {
  if (!matches(b)) return false;
  const f = $("filter").value;
  if (f === "below") return b.score < parseFloat($("threshold").value || "0.5");
  if (f === "flagged") return b.flags.length > 0;
  if (f === "suspect") return b.flags.includes("suspect");
  if (f === "unreviewed") return b.status !== "approved" && b.status !== "rejected";
  return true;
}

function refresh() {
  const beads = rendering().beads;
  state.visible = [];
  beads.forEach((b, k) => { if (passes(b)) state.visible.push(k); });
  if (state.selected >= beads.length) state.selected = beads.length - 1;
  const p = state.project;
  $("progress-text").textContent = `${p.reviewed.toLocaleString("en")} of ${p.beads.toLocaleString("en")} reviewed`;
  $("progress-bar").style.width = (p.beads ? 100 * p.reviewed / p.beads : 0) + "%";
  $("undo").disabled = !p.undo;
  $("redo").disabled = !p.redo;
  draw();
  drawMap();
}

// --- the list, drawn only where it is on screen ---------------------------

function offsets() {
  const out = new Float64Array(state.visible.length + 1);
  let known = 0, count = 0;
  for (const h of state.heights.values()) { known += h; count++; }
  const estimate = count ? known / count : ESTIMATE;
  state.visible.forEach((k, i) => { out[i + 1] = out[i] + (state.heights.get(k) || estimate); });
  return out;
}

function draw() {
  const list = $("list");
  const rows = $("rows");
  const at = offsets();
  const top = list.scrollTop - OVERSCAN;
  const bottom = list.scrollTop + list.clientHeight + OVERSCAN;
  let first = 0;
  while (first < state.visible.length && at[first + 1] < top) first++;
  let last = first;
  while (last < state.visible.length && at[last] < bottom) last++;
  $("spacer-top").style.height = at[first] + "px";
  $("spacer-bottom").style.height = (at[state.visible.length] - at[last]) + "px";
  rows.textContent = "";
  for (let i = first; i < last; i++) rows.appendChild(row(state.visible[i]));
  // Measure what was drawn, for the next estimate.
  for (const el of rows.children) state.heights.set(+el.dataset.bead, el.offsetHeight);
}

function sentences(segments, ids, side) {
  const box = document.createElement("div");
  ids.forEach((id, n) => {
    const s = segments[id];
    if (s.speaker && !s.labelled && (id === 0 || segments[id - 1].speaker !== s.speaker)) {
      const sp = document.createElement("span");
      sp.className = "speaker"; sp.textContent = s.speaker;
      box.appendChild(sp);
    }
    if (n > 0 && side) {
      const j = document.createElement("button");
      j.className = "join"; j.textContent = "⊕"; j.title = "join these two sentences into one";
      j.dataset.side = side; j.dataset.segment = ids[n - 1];
      box.appendChild(j);
    }
    const span = document.createElement("span");
    span.className = "sentence" + (s.heading ? " heading" : "");
    span.textContent = s.text;
    if (side) { span.dataset.side = side; span.dataset.segment = id; }
    box.appendChild(span);
  });
  return box;
}

function band(score) { return score >= 0.8 ? "band-hi" : score >= 0.5 ? "band-mid" : "band-lo"; }

function row(k) {
  const p = state.project, x = rendering(), b = x.beads[k];
  const el = document.createElement("div");
  el.className = `row ${band(b.score)} ${b.status}` + (k === state.selected ? " selected" : "") +
    (state.changed.has(k) ? " changed" : "");
  const lead = b.source.length ? p.source[b.source[0]] : x.segments[b.target[0]];
  const prev = k > 0 ? x.beads[k - 1] : null;
  const prevLead = prev ? (prev.source.length ? p.source[prev.source[0]] : x.segments[prev.target[0]]) : null;
  if (prevLead && lead && prevLead.paragraph !== lead.paragraph) el.className += " paragraph";
  el.dataset.bead = k;
  el.style.gridTemplateColumns = gridColumns();
  const meta = document.createElement("div");
  meta.className = "meta";
  const badge = (text, cls) => { const s = document.createElement("span"); s.className = "badge " + (cls || ""); s.textContent = text; meta.appendChild(s); };
  badge(`#${k + 1}`); badge(`${b.source.length}-${b.target.length}`); badge(b.score.toFixed(2), band(b.score));
  if (b.status !== "auto") badge(b.status, b.status);
  for (const f of b.flags) badge(f, f === "suspect" ? "suspect" : "flag");
  if (b.note) { const n = document.createElement("div"); n.className = "note"; n.textContent = "✎ " + b.note; meta.appendChild(n); }
  meta.appendChild(tools());
  el.appendChild(meta);
  el.appendChild(sentences(p.source, b.source, "source"));
  el.appendChild(sentences(x.segments, b.target, "target"));
  p.renderings.forEach((other, i) => {
    if (i === state.r) return;
    const ids = [];
    const seen = new Set();
    for (const s of b.source) {
      const ob = other.beads[other.bySource[s]];
      if (ob && !seen.has(other.bySource[s])) { seen.add(other.bySource[s]); ids.push(...ob.target); }
    }
    const cell = sentences(other.segments, ids, null);
    cell.className = "other";
    el.appendChild(cell);
  });
  return el;
}

function tools() {
  const box = document.createElement("div");
  box.className = "tools";
  const add = (label, title, act) => {
    const bt = document.createElement("button");
    bt.textContent = label; bt.title = title; bt.dataset.act = act;
    box.appendChild(bt);
  };
  add("✓", "approve (a)", "approve");
  add("✗", "reject (x)", "reject");
  add("?", "mark for review (r)", "review");
  add("merge ↓", "merge with the next bead (m)", "merge");
  add("split", "split the bead (s)", "split");
  add("src ↑", "move the first source sentence to the bead before ([)", "src-up");
  add("src ↓", "move the last source sentence to the bead after (])", "src-down");
  add("tgt ↑", "move the first target sentence to the bead before ({)", "tgt-up");
  add("tgt ↓", "move the last target sentence to the bead after (})", "tgt-down");
  add("note", "write a note (n)", "note");
  return box;
}

// --- the map -------------------------------------------------------------

function drawMap() {
  const canvas = $("map");
  const rect = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(rect.width));
  canvas.height = Math.max(1, Math.round(rect.height));
  const g = canvas.getContext("2d");
  const p = state.project, x = rendering();
  const n = Math.max(1, p.source.length), m = Math.max(1, x.segments.length);
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = "#eaeef2";
  g.beginPath(); g.moveTo(0, 0); g.lineTo(canvas.width, canvas.height); g.stroke();
  const colour = (b) => b.status === "approved" ? "#0969da" : b.score >= 0.8 ? "#2da44e" : b.score >= 0.5 ? "#d4a72c" : "#cf222e";
  let i = 0, j = 0;
  for (const b of x.beads) {
    const y = (i + b.source.length / 2) / n * canvas.height;
    const xx = (j + b.target.length / 2) / m * canvas.width;
    g.fillStyle = colour(b);
    const big = b.score < 0.5 || b.flags.includes("suspect");
    g.fillRect(xx - (big ? 2 : 1), y - (big ? 2 : 1), big ? 4 : 2, big ? 4 : 2);
    i += b.source.length; j += b.target.length;
  }
  // The selected bead.
  const sel = x.beads[state.selected];
  if (sel) {
    const y = (sel.source.length ? sel.source[0] : x.bySource && 0) / n * canvas.height;
    g.strokeStyle = "#0969da"; g.strokeRect(0, Math.max(0, y - 3), canvas.width, 6);
  }
}

function jumpFromMap(event) {
  const canvas = $("map");
  const rect = canvas.getBoundingClientRect();
  const fy = (event.clientY - rect.top) / rect.height;
  const x = rendering(), n = state.project.source.length;
  const target = Math.floor(fy * n);
  let best = 0;
  x.beads.forEach((b, k) => { if (b.source.length && b.source[0] <= target) best = k; });
  select(best, true);
}

// --- selection and scrolling ---------------------------------------------

function select(k, scroll) {
  const beads = rendering().beads;
  state.selected = Math.max(0, Math.min(beads.length - 1, k));
  if (scroll) scrollToBead(state.selected);
  draw();
  drawMap();
}

function scrollToBead(k) {
  let i = state.visible.indexOf(k);
  if (i < 0) return;
  const at = offsets();
  const list = $("list");
  const header = $("columns").offsetHeight;
  if (at[i] < list.scrollTop + header || at[i + 1] > list.scrollTop + list.clientHeight) {
    list.scrollTop = Math.max(0, at[i] - list.clientHeight / 3);
  }
}

function step(delta) {
  const i = state.visible.indexOf(state.selected);
  let next;
  if (i < 0) next = state.visible.find((k) => delta > 0 ? k > state.selected : k < state.selected);
  else next = state.visible[Math.max(0, Math.min(state.visible.length - 1, i + delta))];
  if (next !== undefined) select(next, true);
}

// --- edits ---------------------------------------------------------------

async function send(edit) {
  if (state.busy) return;
  state.busy = true;
  try {
    const reply = await call("POST", "/api/edit", { revision: state.project.revision, edit });
    apply(reply);
    message("");
  } catch (e) {
    message(e.message, "error");
    if (e.status === 409) await load();
  } finally {
    state.busy = false;
  }
}

function apply(reply) {
  const p = state.project;
  Object.assign(p, { revision: reply.revision, reviewed: reply.reviewed, beads: reply.beads, undo: reply.undo, redo: reply.redo });
  if (reply.reload) return load();
  const x = p.renderings[reply.rendering];
  x.beads.splice(reply.from, reply.removed, ...reply.inserted);
  x.bySource = new Int32Array(p.source.length).fill(-1);
  x.beads.forEach((b, k) => b.source.forEach((s) => { x.bySource[s] = k; }));
  for (let k = reply.from; k < reply.from + Math.max(reply.removed, reply.inserted.length) + 1; k++) state.heights.delete(k);
  if (reply.removed !== reply.inserted.length) state.heights.clear();
  refresh();
}

function bead() { return rendering().beads[state.selected]; }

function status(s) { send({ op: "status", rendering: state.r, bead: state.selected, status: s }); }

function move(side, end) { send({ op: "move", rendering: state.r, bead: state.selected, side, end }); }

function openSplit() {
  const b = bead();
  const el = document.querySelector(`.row[data-bead="${state.selected}"] .meta`);
  if (!el || el.querySelector(".editor")) return;
  const form = document.createElement("form");
  form.className = "editor";
  form.innerHTML = 'keep <input name="s" type="number" min="0"> source, <input name="t" type="number" min="0"> target <button>split</button>';
  form.s.value = Math.ceil(b.source.length / 2);
  form.t.value = Math.ceil(b.target.length / 2);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    send({ op: "split", rendering: state.r, bead: state.selected, source: +form.s.value, target: +form.t.value });
  });
  el.appendChild(form);
  form.s.focus();
}

function openNote() {
  const el = document.querySelector(`.row[data-bead="${state.selected}"] .meta`);
  if (!el || el.querySelector(".editor")) return;
  const form = document.createElement("form");
  form.className = "editor";
  form.innerHTML = '<textarea name="note" aria-label="note"></textarea><button>save note</button>';
  form.note.value = bead().note || "";
  const done = (ev) => {
    ev.preventDefault();
    send({ op: "note", rendering: state.r, bead: state.selected, note: form.note.value });
  };
  form.addEventListener("submit", done);
  form.note.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) done(ev);
    if (ev.key === "Escape") { ev.preventDefault(); draw(); $("list").focus(); }
  });
  el.appendChild(form);
  form.note.focus();
}

async function history(which) {
  try {
    apply(await call("POST", "/api/" + which, { revision: state.project.revision }));
    message(which === "undo" ? "undone" : "redone");
  } catch (e) { message(e.message, "error"); if (e.status === 409 && !/nothing/.test(e.message)) await load(); }
}

async function realign() {
  if (state.busy) return;
  state.busy = true;
  message("aligning the rest again around the approved beads…");
  try {
    const reply = await call("POST", "/api/realign", { revision: state.project.revision });
    await load();
    state.changed = new Set(reply.changed[state.r] || []);
    const total = reply.changed.reduce((a, c) => a + c.length, 0);
    message(total ? `re-aligned: ${total} bead${total === 1 ? "" : "s"} changed (highlighted)` : "re-aligned: nothing changed");
    draw();
  } catch (e) { message(e.message, "error"); if (e.status === 409) await load(); }
  finally { state.busy = false; }
}

function exportFile() {
  const f = $("export-format").value;
  const several = state.project.renderings.length > 1;
  const joined = ["csv", "html", "docx", "xlsx"].includes(f);
  const r = several && !joined ? `&rendering=${state.r}` : "";
  window.location.href = `/api/export?format=${f}${r}`;
}

// --- input ---------------------------------------------------------------

function onKey(ev) {
  if (ev.target.closest && ev.target.closest("input, textarea, select")) return;
  const k = ev.key;
  const ctrl = ev.ctrlKey || ev.metaKey;
  const act = {
    j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
    a: () => status("approved"), x: () => status("rejected"), r: () => status("review"),
    m: () => send({ op: "merge", rendering: state.r, bead: state.selected }),
    s: openSplit, n: openNote,
    "[": () => move("source", "first"), "]": () => move("source", "last"),
    "{": () => move("target", "first"), "}": () => move("target", "last"),
    u: () => history("undo"), U: () => history("redo"), R: realign,
    f: () => { const s = $("filter"); s.selectedIndex = (s.selectedIndex + 1) % s.options.length; onFilter(); },
    "/": () => $("search").focus(),
  };
  let f = null;
  if (ctrl && (k === "z" || k === "Z")) f = () => history(ev.shiftKey ? "redo" : "undo");
  else if (ctrl && (k === "y" || k === "Y")) f = () => history("redo");
  else if (!ctrl && !ev.altKey && act[k]) f = act[k];
  else if (!ctrl && /^[1-9]$/.test(k) && +k <= state.project.renderings.length) f = () => switchRendering(+k - 1);
  if (f) { ev.preventDefault(); f(); }
}

function switchRendering(r) {
  state.r = r; state.selected = 0; state.heights.clear(); state.changed.clear();
  $("rendering").value = r;
  setupRenderings(); refresh();
}

function onFilter() { state.heights.clear(); $("list").scrollTop = 0; refresh(); }

function onClick(ev) {
  const t = ev.target;
  const rowEl = t.closest(".row");
  if (!rowEl) return;
  const k = +rowEl.dataset.bead;
  if (t.dataset.act) {
    state.selected = k;
    const acts = {
      approve: () => status("approved"), reject: () => status("rejected"), review: () => status("review"),
      merge: () => send({ op: "merge", rendering: state.r, bead: k }), split: openSplit, note: openNote,
      "src-up": () => move("source", "first"), "src-down": () => move("source", "last"),
      "tgt-up": () => move("target", "first"), "tgt-down": () => move("target", "last"),
    };
    acts[t.dataset.act]();
    return;
  }
  if (t.classList.contains("join")) {
    send({ op: "join_segments", side: t.dataset.side, rendering: state.r, segment: +t.dataset.segment });
    return;
  }
  if (ev.altKey && t.classList.contains("sentence")) {
    const at = caretOffset(ev, t);
    if (at > 0 && at < [...t.textContent].length) {
      send({ op: "split_segment", side: t.dataset.side, rendering: state.r, segment: +t.dataset.segment, at });
    }
    return;
  }
  if (t.closest("form")) return;
  select(k, false);
  $("list").focus();
}

// The character (not UTF-16 unit) offset of a click inside a sentence.
function caretOffset(ev, el) {
  let node = null, offset = 0;
  if (document.caretPositionFromPoint) {
    const c = document.caretPositionFromPoint(ev.clientX, ev.clientY);
    if (c) { node = c.offsetNode; offset = c.offset; }
  } else if (document.caretRangeFromPoint) {
    const c = document.caretRangeFromPoint(ev.clientX, ev.clientY);
    if (c) { node = c.startContainer; offset = c.startOffset; }
  }
  if (!node || !el.contains(node)) return -1;
  return [...node.textContent.slice(0, offset)].length;
}

window.addEventListener("DOMContentLoaded", () => {
  $("list").addEventListener("scroll", () => requestAnimationFrame(draw));
  $("list").addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  $("filter").addEventListener("change", onFilter);
  $("search").addEventListener("input", () => { state.query = fold($("search").value.trim()); onFilter(); });
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { $("search").value = ""; state.query = ""; onFilter(); }
    if (ev.key === "Enter" || ev.key === "Escape") { ev.preventDefault(); $("search").blur(); }
  });
  $("threshold").addEventListener("change", onFilter);
  $("rendering").addEventListener("change", (e) => switchRendering(+e.target.value));
  $("undo").addEventListener("click", () => history("undo"));
  $("redo").addEventListener("click", () => history("redo"));
  $("realign").addEventListener("click", realign);
  $("export").addEventListener("click", exportFile);
  $("map").addEventListener("click", jumpFromMap);
  window.addEventListener("resize", () => { state.heights.clear(); draw(); drawMap(); });
  load().then(() => $("list").focus()).catch((e) => message(e.message, "error"));
});
