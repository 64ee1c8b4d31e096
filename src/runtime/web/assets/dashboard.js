// tpe live dashboard: plain browser JavaScript, no framework, no build step.
//
// The page is our live inspector: it reads the run from /api/stream
// (server-sent events) as inspection-protocol events (`@xstate.actor`,
// `@xstate.event`, `@xstate.snapshot`, one session per ticket, agent and the
// supervisor) plus a summary snapshot per frame, and draws the plan's DAG,
// the agents, the waits, a timeline and the selected ticket's statechart.
//
// Every piece of run data reaches the DOM through textContent or attributes,
// never through innerHTML; the two server-rendered SVGs are parsed as XML and
// stripped of anything active before they are inserted.

const SVG_NS = 'http://www.w3.org/2000/svg';
const TICKET_STATES = ['waiting', 'held', 'ready', 'executing', 'validating', 'failing', 'retrying', 'rollingBack', 'interrupted', 'completed', 'failed', 'blocked', 'cancelled'];
const BUSY = new Set(['executing', 'validating', 'rollingBack']);
const RUN_ENDED = new Set(['completed', 'failed', 'stopped', 'crashed']);
const PRIORITIES = ['critical', 'high', 'medium', 'low'];

// The printed URL carries the token. The server also sets a cookie, but a
// second dashboard on this host (another port) would overwrite it: the page
// keeps sending the token it was opened with.
const token = new URLSearchParams(location.search).get('token');

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page lacks #${id}`);
  return el;
};

const model = {
  info: undefined,
  planVersion: -1,
  snapshot: undefined,
  /** ticket id → { state, attempt, agentId, startedAt, endedAt, at } */
  tickets: new Map(),
  /** ticket id → [{ agent, start, end, state, attempt }]: one bar per attempt */
  bars: new Map(),
  /** ticket id → its node in the DAG or the grid */
  nodes: new Map(),
  /** server clock − browser clock, from the last snapshot */
  skew: 0,
  runState: '',
  ended: false,
  selected: undefined,
  controlBusy: false,
};

// ---------------------------------------------------------------- helpers

function api(path, init = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(path, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
}

/** An element with attributes and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== null) el.append(c);
  return el;
}

function s(tag, attrs = {}) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  return el;
}

const now = () => (model.ended && model.snapshot?.endedAt ? model.snapshot.endedAt : Date.now() + model.skew);

function fmtDuration(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  // Tenths while they matter (timeline ticks of 500 ms, short tickets).
  if (ms < 10_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const sec = Math.round(ms / 1000);
  if (sec < 60) return `${sec}s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m ${String(sec % 60).padStart(2, '0')}s`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours}h ${String(min % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function fmtClock(at) {
  const d = new Date(at);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function chip(state, text) {
  return h('span', { class: 'chip', 'data-state': state }, text ?? state);
}

function ticketLink(id) {
  return h('button', { type: 'button', class: 'ticket-link', 'data-ticket': id, title: `inspect ${id}` }, id);
}

/**
 * A server-rendered SVG, parsed as XML (not HTML) and stripped of anything
 * that could run or navigate, ready to insert.
 */
function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) throw new Error('the server sent an SVG that does not parse');
  for (const bad of root.querySelectorAll('script, foreignObject, iframe, object, embed')) bad.remove();
  for (const el of root.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || ((name === 'href' || name === 'xlink:href') && !attr.value.startsWith('#'))) el.removeAttribute(attr.name);
    }
  }
  return document.importNode(root, true);
}

function showMessage(text, kind = 'info') {
  const el = $('control-message');
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

// ---------------------------------------------------------------- plan and DAG

async function loadPlan() {
  const res = await api('/api/info');
  if (!res.ok) throw new Error(`/api/info answered ${res.status}`);
  model.info = await res.json();
  model.planVersion = model.info.planVersion;
  $('plan-name').textContent = model.info.planName;
  $('run-id').textContent = model.info.runId;
  document.title = `${model.info.planName} · tpe`;
  await loadDag();
}

async function loadDag() {
  const dag = $('dag');
  model.nodes.clear();
  let svg;
  if (model.info.dag) {
    const res = await api('/api/dag.svg');
    if (res.ok) svg = parseSvg(await res.text());
    else if (res.status !== 413) throw new Error(`/api/dag.svg answered ${res.status}`);
  }
  if (svg) {
    dag.replaceChildren(svg);
    for (const node of svg.querySelectorAll('g.ticket')) model.nodes.set(node.id.slice('ticket-'.length), node);
  } else {
    drawGrid(dag);
  }
  for (const [id, t] of model.tickets) paintTicket(id, t.state);
  if (model.selected) markSelected(model.selected);
}

/** Too many tickets to lay out: one small cell per ticket, same ids and states as the DAG's nodes. */
function drawGrid(dag) {
  const cells = h('div', { class: 'grid-cells' });
  for (const t of model.info.tickets) {
    const cell = h('button', { type: 'button', class: `cell ticket${t.critical ? ' critical' : ''}`, id: `ticket-${t.id}`, title: `${t.id}: ${t.title}`, 'aria-label': t.id });
    model.nodes.set(t.id, cell);
    cells.append(cell);
  }
  const note = h('p', { class: 'grid-note' }, `${model.info.tickets.length} tickets: too many to lay out as a graph; one cell per ticket, in plan order.`);
  dag.replaceChildren(note, cells);
}

function paintTicket(id, state) {
  const node = model.nodes.get(id);
  if (node && node.getAttribute('data-state') !== state) node.setAttribute('data-state', state);
}

// ---------------------------------------------------------------- stream

function connect() {
  const conn = $('connection');
  const setConn = (state) => {
    conn.dataset.conn = state;
    conn.textContent = state;
  };
  setConn('connecting');
  const es = new EventSource(`/api/stream${token ? `?token=${encodeURIComponent(token)}` : ''}`);
  es.addEventListener('open', () => setConn('live'));
  es.addEventListener('error', () => {
    if (model.ended) return;
    setConn(es.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting');
  });
  es.addEventListener('hello', (e) => {
    setConn('live');
    const msg = JSON.parse(e.data);
    model.tickets.clear();
    model.bars.clear();
    applyInspection(msg.inspection);
    applySnapshot(msg.snapshot);
    if (msg.planVersion !== model.planVersion && model.info) void loadPlan().catch(fail);
    scheduleGantt();
  });
  es.addEventListener('frame', (e) => {
    const msg = JSON.parse(e.data);
    const changed = applyInspection(msg.inspection);
    applySnapshot(msg.snapshot);
    if (msg.planVersion !== model.planVersion && model.info) void loadPlan().catch(fail);
    if (model.selected && changed.has(model.selected)) void refreshTicket();
    scheduleGantt();
  });
  es.addEventListener('end', (e) => {
    const msg = JSON.parse(e.data);
    model.ended = true;
    es.close();
    setConn('ended');
    setRunState(msg.state);
    scheduleGantt();
    if (model.selected) void refreshTicket();
  });
}

/** Applies inspection events; returns the ids of the tickets they touched. */
function applyInspection(events) {
  const touched = new Set();
  for (const ev of events) {
    if (ev.type === '@tpe.tickets') {
      applyTicketBatch(ev, touched);
      continue;
    }
    if (ev.type === '@xstate.event') continue; // the snapshot that follows says where it went
    const sid = ev.sessionId;
    if (typeof sid !== 'string' || !ev.snapshot) continue;
    if (sid.startsWith('ticket:')) {
      const id = sid.slice('ticket:'.length);
      applyTicket(id, ev.snapshot);
      touched.add(id);
    } else if (sid.startsWith('supervisor:') && typeof ev.snapshot.value === 'string') {
      setRunState(ev.snapshot.value);
    }
  }
  return touched;
}

/**
 * Many tickets' snapshots in columns (TicketBatch in
 * src/runtime/inspect/inspectionProtocol.ts): per ticket the same state,
 * attempt, agent and times its @xstate.snapshot would carry.
 */
function applyTicketBatch(batch, touched) {
  const n = batch.tickets.length;
  for (let i = 0; i < n; i++) {
    const id = batch.tickets[i];
    const context = { attempt: batch.attempt[i], at: batch.at[i] };
    if (batch.agentId[i] !== null) context.agentId = batch.agentId[i];
    if (batch.startedAt[i] !== null) context.startedAt = batch.startedAt[i];
    if (batch.endedAt[i] !== null) context.endedAt = batch.endedAt[i];
    applyTicket(id, { value: batch.states[batch.state[i]], context });
    touched.add(id);
  }
}

function applyTicket(id, snap) {
  const state = String(snap.value);
  const ctx = snap.context ?? {};
  model.tickets.set(id, { state, attempt: ctx.attempt ?? 0, agentId: ctx.agentId, startedAt: ctx.startedAt, endedAt: ctx.endedAt, at: ctx.at });
  paintTicket(id, state);
  trackBar(id, state, ctx);
}

/**
 * The timeline keeps one bar per attempt: a new start time opens a bar on
 * the agent that took the ticket; leaving the busy states closes it.
 */
function trackBar(id, state, ctx) {
  if (ctx.startedAt === undefined || ctx.startedAt === null) return;
  let bars = model.bars.get(id);
  if (!bars) model.bars.set(id, (bars = []));
  let bar = bars[bars.length - 1];
  if (!bar || bar.start !== ctx.startedAt) {
    if (bar && bar.end === undefined) bar.end = ctx.startedAt;
    if (!ctx.agentId) return;
    bar = { agent: ctx.agentId, start: ctx.startedAt, end: undefined, state, attempt: ctx.attempt };
    bars.push(bar);
  }
  bar.state = state;
  bar.end = BUSY.has(state) ? undefined : (ctx.endedAt ?? ctx.at ?? bar.end);
}

function applySnapshot(snap) {
  model.snapshot = snap;
  model.skew = snap.now - Date.now();
  setRunState(snap.state);
  renderFigures(snap);
  renderAgents(snap);
  renderWaits(snap);
}

// ---------------------------------------------------------------- header and controls

function setRunState(state) {
  if (!state) return;
  model.runState = state;
  const el = $('run-state');
  if (el.textContent !== state) el.textContent = state;
  el.dataset.runState = state;
  if (RUN_ENDED.has(state)) model.ended = true;
  updateButtons();
}

function updateButtons() {
  const st = model.runState;
  const busy = model.controlBusy;
  $('pause').disabled = busy || st !== 'running';
  $('resume').disabled = busy || !(st === 'paused' || st === 'pausing');
  $('stop').disabled = busy || !(st === 'running' || st === 'pausing' || st === 'paused' || st === 'validating');
}

async function control(op) {
  if (op === 'stop' && !window.confirm('Stop the run?\n\nRunning tickets finish; nothing new starts. The run can be resumed later with `tpe resume`.')) return;
  model.controlBusy = true;
  updateButtons();
  showMessage(op === 'pause' ? 'Pausing…' : op === 'resume' ? 'Resuming…' : 'Stopping: waiting for running tickets…');
  try {
    const res = await api('/api/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ op }) });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || `the server answered ${res.status}`);
    showMessage('');
  } catch (err) {
    showMessage(`Could not ${op}: ${err instanceof Error ? err.message : String(err)}`, 'error');
  } finally {
    model.controlBusy = false;
    updateButtons();
  }
}

// ---------------------------------------------------------------- figures

function renderFigures(snap) {
  const groups = snap.groups ?? [];
  const activeGroups = groups.filter((g) => g.running > 0 || (g.done > 0 && g.done < g.total)).length;
  $('fig-groups').textContent = `${activeGroups}/${groups.length}`;
  const live = snap.agents.filter((a) => a.state !== 'retired');
  const running = snap.agents.filter((a) => a.ticket !== undefined && a.ticket !== null).length;
  $('fig-agents').textContent = `${running}/${live.length}`;
  const completed = snap.counts.completed ?? 0;
  $('fig-completion').textContent = snap.total > 0 ? `${Math.round((100 * completed) / snap.total)}%` : '–';
  $('fig-completion-sub').textContent = `${completed} of ${snap.total} tickets`;
  $('fig-conflicts').textContent = String(snap.activeConflicts.length);
  $('fig-eta').textContent = RUN_ENDED.has(snap.state) ? 'done' : snap.etaMs === undefined ? '…' : snap.etaMs < 1000 ? '< 1s' : fmtDuration(snap.etaMs);
  $('fig-velocity').textContent = snap.velocityPerHour >= 100 ? Math.round(snap.velocityPerHour).toLocaleString('en-US') : snap.velocityPerHour.toFixed(1);
  $('fig-elapsed').textContent = snap.startedAt === undefined ? '–' : fmtDuration((snap.endedAt ?? snap.now) - snap.startedAt);

  const pri = $('fig-priorities');
  const rows = [];
  for (const p of PRIORITIES) {
    const b = snap.byPriority[p];
    if (!b || b.total === 0) continue;
    rows.push(h('span', {}, p), h('progress', { max: b.total, value: b.completed }), h('span', {}, `${b.completed}/${b.total}`));
  }
  pri.replaceChildren(...rows);

  // Counts by state double as the colour legend.
  const counts = $('state-counts');
  counts.replaceChildren(
    ...TICKET_STATES.map((st) => {
      const n = snap.counts[st] ?? 0;
      const c = h('span', { class: `chip${n === 0 ? ' zero' : ''}`, 'data-state': st, title: `${n} ticket(s) ${st}` }, st, ' ', h('span', { class: 'n' }, String(n)));
      return c;
    }),
  );
}

// ---------------------------------------------------------------- agents

function renderAgents(snap) {
  const tbody = $('agents').tBodies[0];
  const rows = new Map([...tbody.rows].map((r) => [r.dataset.agent, r]));
  const t = snap.now;
  const ordered = [];
  for (const a of snap.agents) {
    let row = rows.get(a.id);
    if (!row) {
      row = h('tr', { 'data-agent': a.id });
      for (let i = 0; i < 7; i++) row.append(h('td'));
    }
    rows.delete(a.id);
    const c = row.cells;
    setText(c[0], a.id);
    setText(c[1], a.type);
    const st = a.state;
    if (c[2].dataset.v !== st) {
      c[2].dataset.v = st;
      c[2].replaceChildren(h('span', { class: 'agent-state', 'data-agent-state': st }, st));
    }
    const ticket = a.ticket ?? '';
    if (c[3].dataset.v !== ticket) {
      c[3].dataset.v = ticket;
      c[3].replaceChildren(ticket ? ticketLink(ticket) : '–');
    }
    if (ticket) {
      let bar = c[4].firstElementChild;
      if (!bar) c[4].replaceChildren((bar = h('progress', { max: 1 })));
      bar.value = a.progress ?? 0;
      bar.title = `${Math.round((a.progress ?? 0) * 100)}%`;
    } else if (c[4].textContent !== '–') c[4].replaceChildren('–');
    setText(c[5], !ticket ? '-' : a.etaAt === undefined ? '?' : a.etaAt <= t ? 'overdue' : fmtDuration(a.etaAt - t));
    setText(c[6], `${a.completed} / ${a.failed}`);
    ordered.push(row);
  }
  tbody.replaceChildren(...ordered);
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// ---------------------------------------------------------------- waits and resources

function renderWaits(snap) {
  const list = $('waits');
  const waits = snap.waits ?? [];
  $('waits-count').textContent = waits.length === 0 ? '' : `${waits.length}${waits.length >= 50 ? '+' : ''} ticket(s)`;
  if (waits.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, RUN_ENDED.has(snap.state) ? 'The run has ended.' : 'Nothing is waiting.'));
  } else {
    list.replaceChildren(...waits.map((w) => h('li', { 'data-ticket': w.ticket }, ticketLink(w.ticket), chip(w.state), h('span', { class: 'wait-text' }, w.text))));
  }
  const res = $('resources');
  const items = [];
  for (const r of snap.resources ?? []) {
    items.push(h('span', {}, r.name), h('progress', { max: r.capacity, value: r.inUse }), h('span', {}, `${r.inUse}/${r.capacity}`));
    if (r.holders.length > 0) items.push(h('span', { class: 'holders' }, `held by ${r.holders.join(', ')}`));
  }
  res.replaceChildren(...items);
}

// ---------------------------------------------------------------- ticket panel

let machineSvg;
let ticketRequest;
let ticketAgain = false;

async function select(id) {
  if (!id) return;
  model.selected = id;
  markSelected(id);
  await refreshTicket();
}

function markSelected(id) {
  for (const el of document.querySelectorAll('.selected')) el.classList.remove('selected');
  model.nodes.get(id)?.classList.add('selected');
  for (const bar of $('gantt').querySelectorAll('rect.bar')) if (bar.dataset.ticket === id) bar.classList.add('selected');
}

/** One request at a time; a change that arrives meanwhile asks for one more. */
async function refreshTicket() {
  if (ticketRequest) {
    ticketAgain = true;
    return ticketRequest;
  }
  ticketRequest = (async () => {
    do {
      ticketAgain = false;
      const id = model.selected;
      const res = await api(`/api/tickets/${encodeURIComponent(id)}`);
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body.error || `the server answered ${res.status}`);
      }
      const detail = await res.json();
      if (model.selected === id) await renderTicket(detail);
    } while (ticketAgain);
  })();
  try {
    await ticketRequest;
  } catch (err) {
    $('ticket-title').textContent = `${model.selected}: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    ticketRequest = undefined;
  }
}

async function renderTicket(d) {
  const live = model.tickets.get(d.id);
  const state = d.state ?? live?.state ?? 'waiting';
  $('ticket-title').textContent = d.title && d.title !== d.id ? `${d.id} · ${d.title}` : d.id;
  const badge = $('ticket-state');
  badge.hidden = false;
  badge.dataset.state = state;
  badge.textContent = state;

  const item = (label, value, wrap = false, wide = false) => h('div', { class: wide ? 'wide' : undefined }, h('dt', {}, label), h('dd', { class: wrap ? 'wrap' : undefined, title: value }, value));
  const meta = [
    item('Agent type', d.agent),
    item('Priority', d.priority),
    item('Attempt', String(d.attempt)),
    item('Agent', d.agentId ?? '–'),
    item('Estimate', d.estimateMs === undefined ? 'default' : fmtDuration(d.estimateMs)),
    item('Ran', d.startedAt === undefined ? '–' : fmtDuration((d.endedAt ?? now()) - d.startedAt)),
    item('Depends on', d.dependsOn.length ? d.dependsOn.join(', ') : 'nothing', true),
  ];
  if (d.group) meta.push(item('Group', d.group));
  if (d.conflictsWith.length) meta.push(item('Conflicts with', d.conflictsWith.join(', '), true));
  const resources = Object.entries(d.resources);
  if (resources.length) meta.push(item('Resources', resources.map(([k, v]) => `${k}×${v}`).join(', '), true));
  if (d.wait) meta.push(item('Waits because', d.wait.text, true, true));
  if (d.logFile) meta.push(item('Log file', d.logFile, true, true));
  $('ticket-meta').replaceChildren(...meta);

  await showChart(state, d.steps);

  const history = $('ticket-history');
  const start = model.snapshot?.startedAt;
  if (d.steps.length === 0) {
    history.replaceChildren(h('li', { class: 'empty' }, 'No transitions yet.'));
  } else {
    history.replaceChildren(
      ...d.steps.map((st) =>
        h(
          'li',
          {},
          h('span', { class: 'step-time', title: new Date(st.at).toISOString() }, fmtClock(st.at), start !== undefined ? h('br') : undefined, start !== undefined ? `+${fmtDuration(st.at - start)}` : undefined),
          h('span', { class: 'step-move' }, chip(st.from), h('span', { class: 'arrow' }, '→'), chip(st.to)),
          h('span', { class: 'step-detail' }, `${st.event} · attempt ${st.attempt}${st.agentId ? ` · ${st.agentId}` : ''}`),
          st.note ? h('span', { class: 'step-note' }, st.note) : undefined,
        ),
      ),
    );
    history.scrollTop = history.scrollHeight;
  }
}

/** The ticket statechart, its current state outlined and the states it went through tinted. */
async function showChart(state, steps) {
  const box = $('ticket-chart');
  if (!machineSvg) {
    const res = await api('/api/machines/ticket.svg');
    if (!res.ok) throw new Error(`/api/machines/ticket.svg answered ${res.status}`);
    machineSvg = parseSvg(await res.text());
    box.replaceChildren(machineSvg);
  }
  for (const el of machineSvg.querySelectorAll('.current, .visited')) el.classList.remove('current', 'visited');
  const node = (name) => machineSvg.querySelector(`#${CSS.escape(`state-${name}`)}`);
  for (const st of steps) {
    node(st.from)?.classList.add('visited');
    node(st.to)?.classList.add('visited');
  }
  const current = node(state);
  if (current) {
    current.classList.remove('visited');
    current.classList.add('current');
  }
}

// ---------------------------------------------------------------- timeline

let ganttPending = false;
let ganttLast = 0;

/** Redraws at most once per animation frame, and less often for big runs. */
function scheduleGantt() {
  if (ganttPending) return;
  ganttPending = true;
  const bars = model.bars.size;
  const wait = Math.max(0, (bars > 2000 ? 1000 : 0) - (performance.now() - ganttLast));
  setTimeout(() => requestAnimationFrame(() => {
    ganttPending = false;
    ganttLast = performance.now();
    drawGantt();
  }), wait);
}

function drawGantt() {
  const box = $('gantt');
  const snap = model.snapshot;
  if (!snap) return;
  const agents = snap.agents.map((a) => a.id);
  const all = [];
  for (const [ticket, bars] of model.bars) for (const b of bars) all.push({ ticket, ...b });
  for (const b of all) if (!agents.includes(b.agent)) agents.push(b.agent);
  if (all.length === 0) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No ticket has started yet.'));
    return;
  }
  const t1 = now();
  let t0 = snap.startedAt ?? Math.min(...all.map((b) => b.start));
  t0 = Math.min(t0, ...all.map((b) => b.start));
  // A finished run fills the width; a live one keeps some room ahead of now.
  const span = model.ended ? Math.max(t1 - t0, 100) : Math.max(t1 - t0, 2000) * 1.05;
  const width = Math.max(box.clientWidth, 600);
  const left = 96;
  const right = 16;
  const rowH = 24;
  const top = 20;
  const height = top + agents.length * rowH + 6;
  const x = (t) => left + ((t - t0) / span) * (width - left - right);
  const row = new Map(agents.map((a, i) => [a, i]));

  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'timeline of ticket attempts per agent' });
  const axis = s('g', { class: 'axis' });
  const step = niceStep(span / 8);
  for (let t = 0; t <= span; t += step) {
    const xx = x(t0 + t);
    axis.append(s('line', { x1: xx, x2: xx, y1: top - 4, y2: height }));
    const label = s('text', { x: xx + 2, y: 12 });
    label.textContent = fmtDuration(t);
    axis.append(label);
  }
  svg.append(axis);
  agents.forEach((a, i) => {
    if (i % 2 === 0) svg.append(s('rect', { class: 'row-bg', x: left, y: top + i * rowH, width: width - left - right, height: rowH }));
    const label = s('text', { class: 'row-label', x: 4, y: top + i * rowH + 16 });
    label.textContent = a;
    svg.append(label);
  });
  for (const b of all) {
    const end = b.end ?? t1;
    const bx = x(b.start);
    const bw = Math.max(2, x(end) - bx);
    const y = top + (row.get(b.agent) ?? 0) * rowH + 3;
    const running = b.end === undefined && !model.ended;
    const rect = s('rect', { class: `bar${running ? ' running' : ''}${b.ticket === model.selected ? ' selected' : ''}`, x: bx, y, width: bw, height: rowH - 6, rx: 3, 'data-state': b.state, 'data-ticket': b.ticket });
    const tip = s('title');
    tip.textContent = `${b.ticket} · attempt ${b.attempt} · ${b.state} · ${fmtDuration(end - b.start)}`;
    rect.append(tip);
    svg.append(rect);
    if (bw > 46) {
      const label = s('text', { class: 'bar-label', x: bx + 4, y: y + 12 });
      label.textContent = b.ticket;
      svg.append(label);
    }
  }
  if (!model.ended) svg.append(s('line', { class: 'now-line', x1: x(t1), x2: x(t1), y1: top - 4, y2: height }));
  box.replaceChildren(svg);
}

function niceStep(raw) {
  const steps = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 14400000, 43200000, 86400000];
  return steps.find((st) => st >= raw) ?? 86400000 * Math.ceil(raw / 86400000);
}

// ---------------------------------------------------------------- wiring

function fail(err) {
  showMessage(err instanceof Error ? err.message : String(err), 'error');
}

function ticketFromEvent(e) {
  const target = e.target instanceof Element ? e.target : undefined;
  if (!target) return undefined;
  const link = target.closest('[data-ticket]');
  if (link) return link.getAttribute('data-ticket');
  const node = target.closest('.ticket');
  if (node && node.id.startsWith('ticket-')) return node.id.slice('ticket-'.length);
  return undefined;
}

function start() {
  $('pause').addEventListener('click', () => void control('pause'));
  $('resume').addEventListener('click', () => void control('resume'));
  $('stop').addEventListener('click', () => void control('stop'));
  $('dag-fit').addEventListener('click', (e) => {
    const on = $('dag').classList.toggle('fit');
    e.currentTarget.setAttribute('aria-pressed', String(on));
  });
  document.addEventListener('click', (e) => {
    const id = ticketFromEvent(e);
    if (id) void select(id);
  });
  // The timeline moves with time, not only with events.
  setInterval(() => {
    if (!model.ended && !document.hidden) scheduleGantt();
  }, 1000);
  window.addEventListener('resize', scheduleGantt);
  connect();
  loadPlan().catch(fail);
}

start();
