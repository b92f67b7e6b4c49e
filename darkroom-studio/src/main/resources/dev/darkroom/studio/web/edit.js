// Darkroom Studio, Edit page: editing sessions as a tree of turns (branch, undo), masks and paint drawn
// on a canvas over the head image, and stop-edit-continue for local engines. A plain ES module.
// User text reaches the page only through textContent or DOM attributes, never innerHTML.

import { $, el, api } from './common.js';

function showError(e) {
  $('error').textContent = e ? e.message + (e.allowed && e.allowed.length ? '\nAllowed: ' + e.allowed.join(', ') : '') : '';
}

function log(text) {
  $('log').prepend(el('li', { text }));
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

// ------------------------------------------------------------------ state

let session = null;      // the session as the server last described it
let job = null;          // the running job's id
let source = null;       // its event stream
let stopping = false;    // Stop was pressed: the job's cancellation is expected
let painted = false;     // the canvas holds strokes
let startImage = null;   // {image: '/files/r/f'} or {images: ['data:…']}

// ------------------------------------------------------------------ canvas

const canvas = $('paint');
const ctx = canvas.getContext('2d');
let drawing = null;

function fitCanvas() {
  const img = $('base');
  canvas.width = img.naturalWidth || 1;
  canvas.height = img.naturalHeight || 1;
  clearCanvas();
}

function clearCanvas() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  painted = false;
  updateButtons();
}

function point(ev) {
  const r = canvas.getBoundingClientRect();
  return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
}

function stroke(from, to) {
  const r = canvas.getBoundingClientRect();
  const mask = $('tool').value === 'mask';
  ctx.globalCompositeOperation = 'source-over';
  ctx.strokeStyle = mask ? 'rgba(255, 0, 160, 0.5)' : $('colour').value;
  ctx.lineWidth = Number($('brush').value) * canvas.width / Math.max(1, r.width);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
  painted = true;
}

canvas.addEventListener('pointerdown', (ev) => {
  try { canvas.setPointerCapture(ev.pointerId); } catch (e) { /* not an active pointer (synthetic): draw anyway */ }
  drawing = point(ev);
  stroke(drawing, drawing);
});
canvas.addEventListener('pointermove', (ev) => {
  if (!drawing) return;
  const p = point(ev);
  stroke(drawing, p);
  drawing = p;
});
const endStroke = () => { if (drawing) { drawing = null; updateButtons(); } };
canvas.addEventListener('pointerup', endStroke);
canvas.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', clearCanvas);
$('base').addEventListener('load', fitCanvas);

/** The mask as the library takes it: a PNG the image's size, opaque, transparent where painted (redrawn). */
function maskDataUrl() {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  const m = c.getContext('2d');
  m.fillStyle = '#000';
  m.fillRect(0, 0, c.width, c.height);
  m.globalCompositeOperation = 'destination-out';
  m.drawImage(canvas, 0, 0);
  return c.toDataURL('image/png');
}

/** The head image with the strokes painted on it, as a PNG. */
function paintedDataUrl() {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  const m = c.getContext('2d');
  m.drawImage($('base'), 0, 0, c.width, c.height);
  m.drawImage(canvas, 0, 0);
  return c.toDataURL('image/png');
}

// ------------------------------------------------------------------ session view

function turnById(id) {
  return session ? session.turns.find((t) => t.id === id) : null;
}

function updateButtons() {
  const running = job !== null;
  const have = session !== null;
  const head = have ? turnById(session.head) : null;
  $('send').disabled = running || !have;
  $('undo').disabled = running || !head || head.parent === 0;
  $('stop').disabled = !running;
  $('continue').disabled = running || !have || !session.coCreate || !head;
  $('start').disabled = running;
}

function render() {
  if (!session) return;
  $('s-id').textContent = session.id;
  $('s-model').textContent = session.model + ' · ' + (session.mode === 'CONVERSATION' ? 'conversation' : 'edits')
    + (session.mask ? ' · masks' : '') + (session.coCreate ? ' · stop-edit-continue' : '');
  const children = new Map();
  for (const t of session.turns) {
    if (!children.has(t.parent)) children.set(t.parent, []);
    children.get(t.parent).push(t);
  }
  const branch = (parent) => {
    const ul = el('ul');
    for (const t of children.get(parent) || []) {
      const note = t.stopped ? 'stopped at step ' + t.stopped.step + ' of ' + t.stopped.total : t.text;
      const button = el('button', { type: 'button', className: 'turn' + (t.id === session.head ? ' head' : ''),
        'data-turn': t.id, 'aria-current': t.id === session.head ? 'true' : null, title: 'branch from turn ' + t.id },
        el('img', { src: t.url, alt: 'turn ' + t.id, loading: 'lazy' }),
        el('span', { className: 'text', text: t.id + '. ' + t.instruction }, note ? el('small', { text: note }) : null));
      button.addEventListener('click', () => branchTo(t.id));
      ul.append(el('li', {}, button, children.has(t.id) ? branch(t.id) : null));
    }
    return ul;
  };
  $('tree').replaceChildren(...branch(0).childNodes);
  const head = turnById(session.head);
  $('stage').hidden = !head;
  if (head && $('base').dataset.url !== head.url) {
    $('base').dataset.url = head.url;
    $('base').src = head.url;
  }
  for (const b of $('sessions').querySelectorAll('button')) b.classList.toggle('current', b.dataset.id === session.id);
  updateButtons();
}

async function load(id) {
  session = await api('/api/edit/sessions/' + encodeURIComponent(id));
  render();
}

async function listSessions() {
  const r = await api('/api/edit/sessions');
  $('sessions').replaceChildren(...r.sessions.map((s) => {
    const b = el('button', { type: 'button', 'data-id': s.id },
      s.thumb ? el('img', { src: s.thumb, alt: '' }) : null,
      el('span', { text: s.id + ' · ' + s.model + ' · ' + s.turns + ' turn(s)\n' + s.prompt }));
    b.addEventListener('click', () => { showError(null); load(s.id).catch(showError); });
    return el('li', {}, b);
  }));
  if (session) render();
}

async function branchTo(turn) {
  if (job) return;
  showError(null);
  try {
    session = await api('/api/edit/sessions/' + encodeURIComponent(session.id) + '/branch', { turn });
    clearCanvas();
    render();
    const t = turnById(turn);
    $('note').textContent = t && t.stopped ? noteFor(t) : '';
  } catch (e) { showError(e); }
}

function noteFor(t) {
  return 'Stopped at step ' + t.stopped.step + ' of ' + t.stopped.total + ': paint over it, then Continue runs img2img at'
    + ' denoise ' + t.denoise + ' (the remaining fraction of the steps).';
}

// ------------------------------------------------------------------ jobs

function watch(id) {
  job = id;
  stopping = false;
  $('partials').replaceChildren();
  $('bar').removeAttribute('value');
  $('status').textContent = 'Queued';
  updateButtons();
  source = new EventSource('/api/jobs/' + encodeURIComponent(id) + '/events');
  const on = (type, f) => source.addEventListener(type, (ev) => f(JSON.parse(ev.data)));
  let made = null;
  on('queued', (d) => log('queued: ' + d.model));
  on('attempt', () => { $('status').textContent = 'Working…'; });
  on('warning', (d) => log('warning: ' + d.message));
  on('thought', (d) => log('thought: ' + d.text));
  on('progress', (d) => {
    $('bar').max = d.total;
    $('bar').value = d.step;
    $('status').textContent = 'Step ' + d.step + ' of ' + d.total;
    $('status').dataset.step = String(d.step);
  });
  on('partial', (d) => $('partials').replaceChildren(el('img', { src: d.dataUrl, alt: 'latest preview', className: 'partial' })));
  on('turn', (d) => { made = d; });
  on('error', (d) => { if (!stopping) { log('error: ' + d.message); showError(new Error(d.message)); } });
  on('done', async (d) => {
    source.close();
    source = null;
    job = null;
    $('bar').max = 1;
    $('bar').value = 1;
    if (stopping) return; // the stop's answer tells the rest
    $('status').textContent = d.status === 'succeeded' ? 'Done' : d.status.charAt(0).toUpperCase() + d.status.slice(1);
    try {
      if (made) {
        $('instruction').value = '';
        $('note').textContent = '';
        await load(made.session);
        clearCanvas();
        await listSessions();
      }
    } catch (e) { showError(e); }
    updateButtons();
  });
  source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) { job = null; updateButtons(); } };
}

$('start-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  showError(null);
  const options = {};
  for (const line of $('options').value.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) options[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const body = { request: { model: $('model').value.trim(), prompt: $('prompt').value, options }, ...(startImage || {}) };
  try {
    const r = await api('/api/edit/sessions', body);
    session = null;
    $('tree').replaceChildren();
    $('stage').hidden = true;
    $('s-id').textContent = '';
    $('note').textContent = '';
    $('instruction').value = '';
    watch(r.job);
  } catch (e) { showError(e); }
});

$('send-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!session || job) return;
  showError(null);
  const body = { instruction: $('instruction').value, turn: session.head };
  if (painted && $('tool').value === 'mask') body.mask = maskDataUrl();
  try {
    watch((await api('/api/edit/sessions/' + encodeURIComponent(session.id) + '/send', body)).job);
  } catch (e) { showError(e); }
});

$('undo').addEventListener('click', async () => {
  showError(null);
  try {
    session = await api('/api/edit/sessions/' + encodeURIComponent(session.id) + '/undo', {});
    clearCanvas();
    render();
  } catch (e) { showError(e); }
});

$('stop').addEventListener('click', async () => {
  if (!job) return;
  stopping = true;
  $('status').textContent = 'Stopping…';
  try {
    const r = await api('/api/edit/jobs/' + encodeURIComponent(job) + '/stop', {});
    job = null;
    if (r.session) { session = r.session; render(); }
    $('status').textContent = r.stopped ? 'Stopped' : 'Done';
    const head = session ? turnById(session.head) : null;
    if (r.partial && head) {
      $('tool').value = 'paint';
      $('instruction').value = head.instruction;
      $('note').textContent = noteFor(head);
    } else {
      $('note').textContent = r.reason;
    }
    await listSessions();
  } catch (e) { showError(e); }
  updateButtons();
});

$('continue').addEventListener('click', async () => {
  if (!session || job) return;
  showError(null);
  const body = { turn: session.head, image: paintedDataUrl() };
  if ($('instruction').value.trim()) body.instruction = $('instruction').value;
  try {
    const r = await api('/api/edit/sessions/' + encodeURIComponent(session.id) + '/continue', body);
    log('continuing from turn ' + r.turn + (r.denoise === null ? ' at the engine\'s default strength' : ' at denoise ' + r.denoise));
    await load(session.id);
    watch(r.job);
  } catch (e) { showError(e); }
});

// ------------------------------------------------------------------ start image

function chooseStart(choice, label) {
  startImage = choice;
  $('start-chosen').textContent = label;
  for (const img of $('history-picks').querySelectorAll('img')) img.classList.toggle('chosen', choice && img.dataset.url === choice.image);
}

$('start-file').addEventListener('change', async (ev) => {
  const f = ev.target.files[0];
  if (f) chooseStart({ images: [await readFile(f)] }, 'uploaded: ' + f.name);
});
$('start-clear').addEventListener('click', () => chooseStart(null, 'none: the first turn makes one from the prompt'));

async function init() {
  const params = new URLSearchParams(location.search);
  const [models, recent] = await Promise.all([api('/api/models'), api('/api/history?limit=12&status=succeeded')]);
  for (const m of models.models) $('models').append(el('option', { value: m.id, text: m.name }));
  $('model').value = models.defaultModel || '';
  for (const item of recent.items) {
    if (!item.thumb) continue;
    const img = el('img', { src: item.thumb, alt: 'history #' + item.id + ': ' + item.prompt, 'data-url': item.thumb, loading: 'lazy' });
    img.addEventListener('click', () => chooseStart({ image: item.thumb }, 'history #' + item.id));
    $('history-picks').append(el('li', {}, img));
  }
  if (params.get('image')) chooseStart({ image: params.get('image') }, 'history image ' + params.get('image'));
  await listSessions();
  if (params.get('session')) await load(params.get('session'));
  updateButtons();
  document.body.dataset.ready = 'true';
}

init().catch(showError);
