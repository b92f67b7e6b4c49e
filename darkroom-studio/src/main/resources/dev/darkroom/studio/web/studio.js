// Darkroom Studio pages. User text only ever reaches the page through textContent or attributes set
// by the DOM API (never innerHTML), so a prompt cannot become markup.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k === 'className') e.className = v;
    else e.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  };
  const r = await fetch(path, init);
  const data = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
  if (!r.ok) {
    const e = new Error(data.error || ('HTTP ' + r.status));
    e.field = data.field || null;
    e.allowed = data.allowed || [];
    throw e;
  }
  return data;
}

function usd(s) {
  const n = Number(s);
  return Number.isFinite(n) ? '$' + n.toFixed(n < 0.01 && n > 0 ? 4 : 3) : String(s);
}

function showError(e) {
  const p = $('error');
  if (!p) return;
  if (!e) { p.textContent = ''; return; }
  p.textContent = e.message + (e.allowed && e.allowed.length ? '\nAllowed: ' + e.allowed.join(', ') : '');
}

// ---------------------------------------------------------------- Generate
function initGenerate() {
  let catalog = null;
  let images = []; // {name, dataUrl}
  let job = null;
  let source = null;
  let estimateTimer = null;

  const model = () => catalog.models.find((m) => m.id === $('model').value);

  function fillSelect(select, values, emptyLabel) {
    select.replaceChildren();
    if (emptyLabel !== null) select.append(el('option', { value: '', text: emptyLabel }));
    for (const v of values) select.append(el('option', { value: v, text: v }));
  }

  function renderModel() {
    const m = model();
    if (!m) return;
    $('model-note').textContent = (catalog.providers[m.provider] || {}).name + (m.status !== 'CURRENT' ? ' · ' + m.status.toLowerCase() : '');
    fillSelect($('aspectRatio'), m.aspectRatios, 'default');
    fillSelect($('imageSize'), m.imageSizes, 'default (' + m.defaultImageSize + ')');
    fillSelect($('size'), m.sizes, 'default');
    $('imageSize-label').hidden = m.sizes.length > 0 || m.imageSizes.length === 0;
    $('size-label').hidden = m.sizes.length === 0;
    $('seed-label').hidden = !m.seed;
    const box = $('options');
    box.replaceChildren();
    const provider = catalog.providers[m.provider];
    $('options-legend').textContent = 'Options of ' + provider.name;
    for (const name of provider.options) {
      const input = el('input', { id: 'opt-' + name, name: name, type: 'text', placeholder: 'not set', autocomplete: 'off' });
      const hints = m.hints[name];
      const children = [input];
      if (hints) {
        input.setAttribute('list', 'list-' + name);
        children.push(el('datalist', { id: 'list-' + name }, ...hints.map((h) => el('option', { value: h }))));
      }
      box.append(el('label', { text: name }, ...children));
    }
    loadInventory(m.provider);
    scheduleEstimate();
  }

  async function loadInventory(provider) {
    if (!['comfyui', 'swarmui', 'a1111'].includes(provider)) return;
    try {
      const inv = await api('/api/providers/' + encodeURIComponent(provider) + '/inventory');
      for (const [kind, names] of Object.entries(inv)) {
        const box = $('options');
        box.append(el('label', { text: kind + ' (' + names.length + ')' },
          el('select', { 'data-inventory': kind }, ...names.map((n) => el('option', { value: n, text: n })))));
      }
    } catch (e) {
      $('model-note').textContent += ' · engine not reachable: ' + e.message;
    }
  }

  function payload() {
    const m = model();
    const request = { model: $('model').value, prompt: $('prompt').value, options: {} };
    if ($('aspectRatio').value) request.aspectRatio = $('aspectRatio').value;
    if (m && m.sizes.length > 0) { if ($('size').value) request.size = $('size').value; }
    else if ($('imageSize').value) request.imageSize = $('imageSize').value;
    if (m && m.seed && $('seed').value.trim()) request.seed = $('seed').value.trim();
    request.count = Number($('count').value) || 1;
    for (const input of $('options').querySelectorAll('input[name]')) {
      if (input.value.trim() !== '') request.options[input.name] = input.value.trim();
    }
    return { request, images: images.map((i) => i.dataUrl) };
  }

  function markInvalid(field) {
    for (const e of document.querySelectorAll('.invalid')) { e.classList.remove('invalid'); e.removeAttribute('aria-invalid'); }
    if (!field) return;
    const name = field.includes('.') ? 'opt-' + field.substring(field.indexOf('.') + 1) : field;
    const target = $(name) || $('opt-' + field) || (field === 'images' ? $('drop') : null);
    if (target) { target.classList.add('invalid'); target.setAttribute('aria-invalid', 'true'); target.focus(); }
  }

  function scheduleEstimate() {
    clearTimeout(estimateTimer);
    estimateTimer = setTimeout(estimate, 250);
  }

  async function estimate() {
    if (!$('prompt').value.trim() && images.length === 0) { $('estimate').textContent = '–'; return; }
    try {
      const r = await api('/api/dry-run', payload());
      $('estimate').textContent = (r.upperBound ? 'up to ' : '') + usd(r.estimatedCostUsd);
      $('estimate-note').textContent = r.warnings.join(' ');
      markInvalid(null);
      showError(null);
    } catch (e) {
      $('estimate').textContent = '–';
      markInvalid(e.field);
      showError(e);
    }
  }

  function addFiles(files) {
    for (const f of files) {
      if (!['image/png', 'image/jpeg', 'image/webp'].includes(f.type)) {
        showError(new Error(f.name + ' is not a PNG, JPEG or WebP image'));
        continue;
      }
      const reader = new FileReader();
      reader.onload = () => {
        images.push({ name: f.name, dataUrl: reader.result });
        renderImages();
        scheduleEstimate();
      };
      reader.readAsDataURL(f);
    }
  }

  function renderImages() {
    $('image-list').replaceChildren(...images.map((img, i) => {
      const remove = el('button', { type: 'button', text: '×', 'aria-label': 'remove ' + img.name });
      remove.addEventListener('click', () => { images.splice(i, 1); renderImages(); scheduleEstimate(); });
      return el('li', {}, el('img', { src: img.dataUrl, alt: img.name }), el('span', { text: img.name }), remove);
    }));
  }

  function log(text) {
    $('log').append(el('li', { text }));
  }

  function setRunning(running) {
    $('generate').disabled = running;
    $('cancel').disabled = !running;
  }

  function watch(id) {
    job = id;
    $('thoughts').replaceChildren();
    $('partials').replaceChildren();
    $('results').replaceChildren();
    $('log').replaceChildren();
    $('bar').removeAttribute('value');
    $('status').textContent = 'Queued';
    setRunning(true);
    source = new EventSource('/api/jobs/' + encodeURIComponent(id) + '/events');
    const on = (type, f) => source.addEventListener(type, (ev) => f(JSON.parse(ev.data)));
    on('queued', (d) => log('queued: ' + d.model + ' × ' + d.count));
    on('attempt', (d) => { $('status').textContent = 'Generating…'; log('call ' + (d.call + 1) + ', attempt ' + d.attempt); });
    on('retry', (d) => log('retrying in ' + d.delayMs + ' ms: ' + d.message));
    on('warning', (d) => log('warning: ' + d.message));
    on('thought', (d) => { $('thoughts-box').open = true; $('thoughts').append(el('p', { text: d.text })); });
    on('progress', (d) => { $('bar').max = d.total; $('bar').value = d.step; $('status').textContent = 'Step ' + d.step + ' of ' + d.total; });
    on('partial', (d) => $('partials').append(el('img', { src: d.dataUrl, alt: 'partial image ' + (d.index + 1) })));
    on('saved', (d) => log('saved ' + d.name + (d.thought ? ' (thought)' : '')));
    on('callDone', (d) => log('call ' + (d.call + 1) + ' returned ' + d.images + ' image(s)'));
    on('error', (d) => { log('error: ' + d.message); showError(new Error(d.message)); });
    on('done', (d) => {
      source.close();
      source = null;
      job = null;
      setRunning(false);
      $('bar').max = 1;
      $('bar').value = 1;
      $('status').textContent = d.status === 'succeeded' ? 'Done' : d.status.charAt(0).toUpperCase() + d.status.slice(1);
      for (const img of d.images) {
        $('results').append(el('a', { href: '/history#' + img.record },
          el('img', { src: img.url, alt: 'generated image, history #' + img.record, width: img.width, height: img.height, className: 'result' })));
      }
    });
    source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) { setRunning(false); } };
  }

  $('form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    markInvalid(null);
    $('results').replaceChildren();
    $('status').textContent = 'Sending…';
    try {
      const r = await api('/api/generate', payload());
      watch(r.job);
    } catch (e) {
      $('status').textContent = 'Not sent';
      markInvalid(e.field);
      showError(e);
    }
  });
  $('cancel').addEventListener('click', async () => {
    if (!job) return;
    $('status').textContent = 'Cancelling…';
    try { await api('/api/jobs/' + encodeURIComponent(job) + '/cancel', {}); } catch (e) { showError(e); }
  });
  $('model').addEventListener('change', renderModel);
  for (const id of ['prompt', 'aspectRatio', 'imageSize', 'size', 'count', 'seed']) $(id).addEventListener('input', scheduleEstimate);
  $('options').addEventListener('input', scheduleEstimate);
  $('images').addEventListener('change', (ev) => addFiles(ev.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => { ev.preventDefault(); drop.classList.remove('over'); addFiles(ev.dataTransfer.files); });
  document.addEventListener('paste', (ev) => {
    const files = Array.from(ev.clipboardData ? ev.clipboardData.files : []);
    if (files.length) addFiles(files);
  });

  api('/api/models').then((c) => {
    catalog = c;
    for (const m of c.models) {
      $('model').append(el('option', { value: m.id, text: m.name + ' (' + m.id + ')', selected: m.id === c.defaultModel ? 'selected' : null }));
    }
    renderModel();
    document.body.dataset.ready = 'true';
  }).catch(showError);
}

// ---------------------------------------------------------------- History
function initHistory() {
  let offset = 0;
  const selected = new Set();

  function params() {
    const p = new URLSearchParams();
    for (const [k, id] of [['q', 'q'], ['model', 'f-model'], ['status', 'f-status'], ['since', 'f-since']]) {
      if ($(id).value) p.set(k, $(id).value);
    }
    p.set('offset', String(offset));
    return p;
  }

  async function load(append) {
    showError(null);
    if (!append) { offset = 0; $('items').replaceChildren(); }
    try {
      const page = await api('/api/history?' + params().toString());
      for (const item of page.items) $('items').append(card(item));
      offset = page.offset + page.items.length;
      $('more').hidden = !page.more;
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError(e);
    }
  }

  function card(item) {
    const box = el('input', { type: 'checkbox', 'aria-label': 'select #' + item.id + ' for comparison' });
    box.checked = selected.has(item.id);
    box.addEventListener('click', (ev) => ev.stopPropagation());
    box.addEventListener('change', () => {
      if (box.checked) selected.add(item.id); else selected.delete(item.id);
      li.classList.toggle('selected', box.checked);
      $('compare').disabled = selected.size < 1;
    });
    const img = item.thumb
      ? el('img', { src: item.thumb, alt: 'history #' + item.id, loading: 'lazy', width: item.width || null, height: item.height || null })
      : el('div', { className: 'note', text: item.status.toLowerCase() });
    const li = el('li', { className: 'card', 'data-id': item.id, tabindex: 0 },
      img,
      el('div', { className: 'prompt', text: item.prompt }),
      el('div', { className: 'meta', text: '#' + item.id + ' · ' + item.model + ' · ' + item.status.toLowerCase() + ' · ' + usd(item.costUsd) }),
      el('label', { className: 'meta' }, box, ' compare'));
    li.addEventListener('click', () => show(item.id));
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') show(item.id); });
    return li;
  }

  async function show(id) {
    try {
      const r = await api('/api/history/' + encodeURIComponent(id));
      $('detail').hidden = false;
      $('detail').dataset.id = String(r.id);
      $('d-id').textContent = '#' + r.id;
      $('d-prompt').textContent = r.prompt;
      $('d-images').replaceChildren(...r.outputs.filter((o) => o.url).map((o) =>
        el('a', { href: o.url, target: '_blank', rel: 'noopener' }, el('img', { src: o.url, alt: (o.name || 'image') + ' (' + o.kind.toLowerCase() + ')', loading: 'lazy' }))));
      const fields = [
        ['Status', r.status + (r.reason ? ' (' + r.reason + ')' : '')], ['Model', r.model + (r.modelVersion ? ' · ' + r.modelVersion : '')],
        ['Provider', r.provider], ['Started', r.startedAt], ['Latency', r.latencyMs === null ? '' : r.latencyMs + ' ms'],
        ['Cost', usd(r.costUsd)], ['Tokens', r.usage.promptTokens + ' in, ' + r.usage.outputTokens + ' out'],
        ['Aspect ratio', r.request.aspectRatio || ''], ['Size', r.request.size || r.request.effectiveImageSize],
        ['Seed', r.request.seed || ''], ['Options', JSON.stringify(r.request.options)],
        ['Inputs', r.request.inputs.map((i) => i.name).join(', ')], ['Model text', r.modelText],
        ['Error', r.errorMessage || ''], ['Run', r.runId || ''],
      ];
      $('d-fields').replaceChildren(...fields.filter(([, v]) => v !== '' && v !== '{}').flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
      $('graph').hidden = !r.hasGraph;
      $('graph').setAttribute('href', '/api/history/' + r.id + '/graph');
      $('rerun-status').textContent = '';
    } catch (e) {
      showError(e);
    }
  }

  $('rerun').addEventListener('click', async () => {
    const id = $('detail').dataset.id;
    try {
      const r = await api('/api/history/' + encodeURIComponent(id) + '/rerun', {});
      $('rerun-status').textContent = 'Rerunning…';
      const source = new EventSource('/api/jobs/' + encodeURIComponent(r.job) + '/events');
      source.addEventListener('error', (ev) => { if (ev.data) showError(new Error(JSON.parse(ev.data).message)); });
      source.addEventListener('done', (ev) => {
        source.close();
        const d = JSON.parse(ev.data);
        $('rerun-status').textContent = 'Rerun ' + d.status + (d.records.length ? ': #' + d.records.join(', #') : '');
        load(false);
      });
    } catch (e) {
      showError(e);
    }
  });
  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); load(false); });
  $('more').addEventListener('click', () => load(true));
  $('compare').addEventListener('click', () => {
    location.href = '/compare?ids=' + Array.from(selected).join(',');
  });
  api('/api/models').then((c) => {
    for (const m of c.models) $('f-model').append(el('option', { value: m.id, text: m.id }));
  }).catch(showError);
  load(false).then(() => { if (/^#\d+$/.test(location.hash)) show(location.hash.substring(1)); });
}

// ---------------------------------------------------------------- Compare
function initCompare() {
  let items = [];

  function render() {
    $('empty').hidden = items.length > 0;
    $('grid').replaceChildren(...items.map((r, i) => {
      const src = (r.outputs.find((o) => o.url && o.kind !== 'THOUGHT') || {}).url;
      const left = el('button', { type: 'button', text: '◀', 'aria-label': 'move left', disabled: i === 0 ? 'disabled' : null });
      const right = el('button', { type: 'button', text: '▶', 'aria-label': 'move right', disabled: i === items.length - 1 ? 'disabled' : null });
      left.addEventListener('click', () => { move(i, i - 1); });
      right.addEventListener('click', () => { move(i, i + 1); });
      const fig = el('figure', { 'data-id': r.id },
        src ? el('img', { src, alt: 'history #' + r.id }) : el('p', { className: 'note', text: r.status.toLowerCase() + ': no image' }),
        el('figcaption', { text: '#' + r.id + ' · ' + r.model + (r.request.seed ? ' · seed ' + r.request.seed : '') + ' · ' + usd(r.costUsd) + '\n' + r.prompt }),
        el('div', {}, left, right));
      const img = fig.querySelector('img');
      if (img) img.addEventListener('click', () => fig.classList.toggle('zoomed'));
      return fig;
    }));
    const ids = items.map((r) => r.id).join(',');
    $('ids').value = ids;
    history.replaceState(null, '', ids ? '/compare?ids=' + ids : '/compare');
  }

  function move(from, to) {
    const [x] = items.splice(from, 1);
    items.splice(to, 0, x);
    render();
  }

  async function load(idList) {
    showError(null);
    try {
      items = await Promise.all(idList.map((id) => api('/api/history/' + encodeURIComponent(id))));
      render();
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError(e);
    }
  }

  function parse(text) {
    return text.split(/[\s,]+/).filter((s) => /^\d+$/.test(s));
  }

  $('controls').addEventListener('submit', (ev) => { ev.preventDefault(); load(parse($('ids').value)); });
  $('zoom').addEventListener('input', () => document.documentElement.style.setProperty('--cell', $('zoom').value + 'px'));
  $('swap').addEventListener('click', () => { if (items.length > 1) move(0, 1); });
  const initial = parse(new URLSearchParams(location.search).get('ids') || '');
  if (initial.length) load(initial); else { render(); document.body.dataset.ready = 'true'; }
}

const page = document.body.dataset.page;
if (page === 'generate') initGenerate();
else if (page === 'history') initHistory();
else if (page === 'compare') initCompare();
