// Darkroom Studio pages. User text only ever reaches the page through textContent or attributes set
// by the DOM API (never innerHTML), so a prompt cannot become markup.
import { $, el, api } from './common.js';

// A model select's value for a local engine ("engine:comfyui"): its provider id; null for a tabled model.
const engineOf = (value) => (value.startsWith('engine:') ? value.substring(7) : null);

function usd(s) {
  const n = Number(s);
  return Number.isFinite(n) ? '$' + n.toFixed(n < 0.01 && n > 0 ? 4 : 3) : String(s);
}

/** Shows e in the page's error line, or clears it; `source` names who showed it (e.g. the cost estimate). */
function showError(e, source) {
  const p = $('error');
  if (!p) return;
  p.dataset.source = e ? (source || '') : '';
  if (!e) { p.textContent = ''; return; }
  p.textContent = e.message + (e.allowed && e.allowed.length ? '\nAllowed: ' + e.allowed.join(', ') : '');
}

// ---------------------------------------------------------------- Generate
// Options of local engines that pick from what the engine has (its inventory kind), and typed fields.
const INVENTORY_OPTIONS = { sampler: 'samplers', scheduler: 'schedulers', refiner: 'checkpoints', vae: 'vaes' };
const NUMBER_OPTIONS = { steps: [1, 150, 1], cfg: [0, 30, 0.5], refinerSwitch: [0, 1, 0.05], denoise: [0, 1, 0.05] };

function initGenerate() {
  let catalog = null;
  let current = null; // the model the form is built for
  let inventory = {}; // the chosen engine's, by kind
  let loras = []; // specs NAME:WEIGHT of a local engine
  let images = []; // {name, dataUrl}
  let job = null;
  let source = null;
  let estimateTimer = null;
  let choice = 0; // guards against answers for a model chosen earlier

  function fillSelect(select, values, emptyLabel) {
    select.replaceChildren();
    if (emptyLabel !== null) select.append(el('option', { value: '', text: emptyLabel }));
    for (const v of values) select.append(el('option', { value: v, text: v }));
  }

  async function chooseModel() {
    const mine = ++choice;
    const value = $('model').value;
    const engine = engineOf(value);
    $('engine-box').hidden = !engine;
    if (!engine) {
      inventory = {};
      renderModel(catalog.models.find((m) => m.id === value));
      return;
    }
    const provider = catalog.providers[engine];
    current = null;
    $('estimate').textContent = '–';
    $('engine-legend').textContent = provider.name;
    $('engine-note').textContent = 'Asking the engine what it has…';
    $('checkpoint').replaceChildren();
    try {
      const inv = await api('/api/providers/' + encodeURIComponent(engine) + '/inventory');
      if (mine !== choice) return;
      inventory = inv;
      const checkpoints = inv.checkpoints || [];
      fillSelect($('checkpoint'), checkpoints, null);
      $('engine-note').textContent = checkpoints.length + ' checkpoint(s), ' + (inv.loras || []).length + ' LoRA(s), '
        + (inv.samplers || []).length + ' sampler(s)';
      if (checkpoints.length) await chooseCheckpoint();
      else showError(new Error(provider.name + ' reports no checkpoints'));
    } catch (e) {
      if (mine !== choice) return;
      $('engine-note').textContent = 'Engine not reachable: ' + e.message;
      showError(e);
    }
  }

  async function chooseCheckpoint() {
    const mine = choice;
    const id = engineOf($('model').value) + ':' + $('checkpoint').value;
    if (current && current.id === id) return; // keep what the user set
    try {
      const m = await api('/api/model?id=' + encodeURIComponent(id));
      if (mine === choice) renderModel(m);
    } catch (e) {
      showError(e);
    }
  }

  function optionField(name, m) {
    const kind = INVENTORY_OPTIONS[name];
    if (kind && inventory[kind]) {
      const select = el('select', { id: 'opt-' + name, name, 'data-option': name });
      select.append(el('option', { value: '', text: name === 'refiner' ? 'none' : 'default' }));
      for (const v of inventory[kind]) if (!(name === 'refiner' && v === $('checkpoint').value)) select.append(el('option', { value: v, text: v }));
      return el('label', { text: name }, select);
    }
    if (name === 'loras' && inventory.loras) {
      const pick = el('select', { id: 'lora-pick', 'aria-label': 'LoRA' }, ...inventory.loras.map((v) => el('option', { value: v, text: v })));
      const weight = el('input', { id: 'lora-weight', type: 'number', min: -4, max: 4, step: 0.05, value: 1, 'aria-label': 'LoRA weight' });
      const add = el('button', { id: 'lora-add', type: 'button', text: 'Add LoRA' });
      add.addEventListener('click', () => {
        const spec = pick.value + ':' + (weight.value || '1');
        if (pick.value && !loras.some((l) => l.startsWith(pick.value + ':'))) loras.push(spec);
        renderLoras();
        scheduleEstimate();
      });
      return el('div', { className: 'wide', id: 'opt-loras' }, el('span', { text: 'LoRAs' }), el('div', { className: 'row' }, pick, weight, add),
        el('ul', { id: 'lora-list', className: 'chips' }));
    }
    if (name === 'negativePrompt') {
      const box = el('div', { className: 'wide' },
        el('label', { text: 'negative prompt' }, el('textarea', { id: 'opt-negativePrompt', name, 'data-option': name, rows: 2, placeholder: 'what the image should not show' })));
      if (inventory.embeddings && inventory.embeddings.length) {
        const pick = el('select', { id: 'embedding-pick' }, el('option', { value: '', text: 'add an embedding…' }),
          ...inventory.embeddings.map((v) => el('option', { value: v, text: v })));
        pick.addEventListener('change', () => {
          if (!pick.value) return;
          const area = $('opt-negativePrompt');
          const token = embeddingToken(pick.value, catalog.providers[m.provider].promptSyntax);
          area.value = area.value.trim() ? area.value.trim() + ', ' + token : token;
          pick.value = '';
          scheduleEstimate();
        });
        box.append(el('label', { text: 'embeddings' }, pick));
      }
      return box;
    }
    const range = NUMBER_OPTIONS[name];
    const input = range && inventory.checkpoints
      ? el('input', { id: 'opt-' + name, name, 'data-option': name, type: 'number', min: range[0], max: range[1], step: range[2], placeholder: 'default' })
      : el('input', { id: 'opt-' + name, name, 'data-option': name, type: 'text', placeholder: 'not set', autocomplete: 'off' });
    const hints = m.hints[name];
    const children = [input];
    if (hints) {
      input.setAttribute('list', 'list-' + name);
      children.push(el('datalist', { id: 'list-' + name }, ...hints.map((h) => el('option', { value: h }))));
    }
    return el('label', { text: name }, ...children);
  }

  function embeddingToken(name, syntax) {
    if (syntax === 'a1111') return name.replace(/\.(pt|safetensors|bin)$/, '');
    return 'embedding:' + name;
  }

  function renderLoras() {
    const list = $('lora-list');
    if (!list) return;
    list.replaceChildren(...loras.map((spec, i) => {
      const remove = el('button', { type: 'button', text: '×', 'aria-label': 'remove ' + spec });
      remove.addEventListener('click', () => { loras.splice(i, 1); renderLoras(); scheduleEstimate(); });
      return el('li', {}, el('span', { text: spec }), remove);
    }));
  }

  function renderModel(m) {
    current = m || null;
    if (!m) return;
    const provider = catalog.providers[m.provider] || { name: m.provider, options: [] };
    $('model-note').textContent = provider.name + (m.status !== 'CURRENT' ? ' · ' + m.status.toLowerCase() : '')
      + (m.maxInputImages ? ' · up to ' + m.maxInputImages + ' reference image(s)' : ' · no reference images');
    fillSelect($('aspectRatio'), m.aspectRatios, 'default');
    fillSelect($('imageSize'), m.imageSizes, 'default (' + m.defaultImageSize + ')');
    fillSelect($('size'), m.sizes, 'default');
    $('imageSize-label').hidden = m.sizes.length > 0 || m.imageSizes.length === 0;
    $('size-label').hidden = m.sizes.length === 0;
    $('seed-label').hidden = !m.seed;
    $('options-legend').textContent = 'Options of ' + provider.name;
    loras = [];
    $('options').dataset.model = m.id;
    $('options').replaceChildren(...provider.options.filter((n) => n !== 'workflowInputs').map((name) => optionField(name, m)));
    renderLoras();
    scheduleEstimate();
  }

  function payload() {
    const m = current;
    const request = { model: m ? m.id : $('model').value, prompt: $('prompt').value, options: {} };
    if ($('aspectRatio').value) request.aspectRatio = $('aspectRatio').value;
    if (m && m.sizes.length > 0) { if ($('size').value) request.size = $('size').value; }
    else if ($('imageSize').value) request.imageSize = $('imageSize').value;
    if (m && m.seed && $('seed').value.trim()) request.seed = $('seed').value.trim();
    request.count = Number($('count').value) || 1;
    for (const input of $('options').querySelectorAll('[data-option]')) {
      if (input.value.trim() !== '') request.options[input.dataset.option] = input.value.trim();
    }
    if (loras.length) request.options.loras = loras.slice();
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
    if (!current || (!$('prompt').value.trim() && images.length === 0)) { $('estimate').textContent = '–'; return; }
    try {
      const r = await api('/api/dry-run', payload());
      $('estimate').textContent = (r.upperBound ? 'up to ' : '') + usd(r.estimatedCostUsd);
      $('estimate-note').textContent = r.warnings.join(' ');
      markInvalid(null);
      // Clears only its own complaint: a failed job's error stays until the next send.
      if ($('error').dataset.source === 'estimate') showError(null);
    } catch (e) {
      $('estimate').textContent = '–';
      markInvalid(e.field);
      showError(e, 'estimate');
    }
  }

  function addFiles(files) {
    for (const f of files) {
      if (!['image/png', 'image/jpeg', 'image/webp'].includes(f.type)) {
        showError(new Error(f.name + ' is not a PNG, JPEG or WebP image'));
        continue;
      }
      if (f.size > 20 * 1024 * 1024) {
        showError(new Error(f.name + ' is larger than 20 MiB'));
        continue;
      }
      const reader = new FileReader();
      reader.onload = () => {
        images.push({ name: f.name || 'pasted image', dataUrl: reader.result });
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
    $('thoughts-box').open = false;
    $('interims').replaceChildren();
    $('preview-box').hidden = true;
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
    on('partial', (d) => {
      $('preview-box').hidden = false;
      $('preview').src = d.dataUrl;
      $('preview-note').textContent = 'preview ' + (d.index + 1) + (d.call ? ' of image ' + (d.call + 1) : '');
    });
    on('interim', (d) => $('interims').append(el('img', { src: d.dataUrl, alt: 'interim image (the model\'s draft)' })));
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
      if (d.status === 'cancelled') showError(null);
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
  $('model').addEventListener('change', chooseModel);
  $('checkpoint').addEventListener('change', chooseCheckpoint);
  for (const id of ['prompt', 'aspectRatio', 'imageSize', 'size', 'count', 'seed']) $(id).addEventListener('input', scheduleEstimate);
  $('options').addEventListener('input', scheduleEstimate);
  $('options').addEventListener('change', scheduleEstimate);
  $('images').addEventListener('change', (ev) => addFiles(ev.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => { ev.preventDefault(); drop.classList.remove('over'); addFiles(ev.dataTransfer.files); });
  document.addEventListener('paste', (ev) => {
    const files = Array.from(ev.clipboardData ? ev.clipboardData.files : []);
    if (files.length) { ev.preventDefault(); addFiles(files); }
  });

  api('/api/models').then(async (c) => {
    catalog = c;
    const cloud = el('optgroup', { label: 'Models' });
    for (const m of c.models) {
      cloud.append(el('option', { value: m.id, text: m.name + ' (' + m.id + ')', selected: m.id === c.defaultModel ? 'selected' : null }));
    }
    $('model').append(cloud);
    if (c.engines.length) {
      $('model').append(el('optgroup', { label: 'Local engines' },
        ...c.engines.map((e) => el('option', { value: 'engine:' + e.provider, text: e.name + ' · choose a checkpoint' }))));
    }
    await chooseModel();
    document.body.dataset.ready = 'true';
  }).catch(showError);
}

// ---------------------------------------------------------------- History
function initHistory() {
  let offset = 0;
  const selected = new Set();

  function params() {
    const p = new URLSearchParams();
    for (const [k, id] of [['q', 'q'], ['model', 'f-model'], ['status', 'f-status'], ['since', 'f-since'], ['until', 'f-until'],
      ['minCostUsd', 'f-min-cost'], ['maxCostUsd', 'f-max-cost'], ['hidden', 'f-hidden']]) {
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
      for (const item of page.items) {
        $('items').append(card(item));
        // Engine checkpoints (comfyui:…) are not in the model table: offer the ones the history has.
        if (!Array.from($('f-model').options).some((o) => o.value === item.model)) $('f-model').append(el('option', { value: item.model, text: item.model }));
      }
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
      el('div', { className: 'meta', text: '#' + item.id + ' · ' + item.model + ' · ' + item.status.toLowerCase() + ' · ' + usd(item.costUsd)
        + ' · ' + item.startedAt.substring(0, 16).replace('T', ' ') + (item.hidden ? ' · hidden' : '') }),
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
      const first = r.outputs.find((o) => o.url && o.kind !== 'THOUGHT');
      $('edit-image').hidden = !first;
      $('edit-image').setAttribute('href', first ? '/edit?image=' + encodeURIComponent(first.url) : '/edit');
      $('graph').hidden = !r.hasGraph;
      $('graph').setAttribute('href', '/api/history/' + r.id + '/graph');
      $('rerun-status').textContent = '';
      $('detail').dataset.hidden = String(r.hidden);
      $('hide').textContent = r.hidden ? 'Show again' : 'Hide from view';
      const files = r.outputs.filter((o) => o.name);
      $('delete').disabled = files.length === 0;
      $('delete-confirm').hidden = true;
      $('delete-text').textContent = 'This deletes ' + files.length + ' file(s) from disk for good: '
        + files.map((o) => o.name).join(', ') + '. The history entry stays (its files then show as missing) and is hidden from view.';
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
  async function setHidden(id, hide) {
    const r = await api('/api/history/' + encodeURIComponent(id) + '/hide', { hidden: hide });
    $('notice').textContent = '#' + r.id + (r.hidden ? ' is hidden from view (no file was deleted)' : ' is back in view');
    $('detail').hidden = true;
    await load(false);
  }

  $('hide').addEventListener('click', () => {
    const id = $('detail').dataset.id;
    setHidden(id, $('detail').dataset.hidden !== 'true').catch(showError);
  });
  $('delete').addEventListener('click', () => { $('delete-confirm').hidden = false; $('delete-no').focus(); });
  $('delete-no').addEventListener('click', () => { $('delete-confirm').hidden = true; });
  $('delete-yes').addEventListener('click', async () => {
    const id = $('detail').dataset.id;
    try {
      const r = await api('/api/history/' + encodeURIComponent(id) + '/delete-files', { confirm: 'delete files' });
      $('detail').hidden = true;
      await load(false);
      $('notice').textContent = 'Deleted ' + r.deleted.length + ' file(s) of #' + r.id + ': ' + r.deleted.join(', ');
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
    for (const m of c.models) {
      if (!Array.from($('f-model').options).some((o) => o.value === m.id)) $('f-model').append(el('option', { value: m.id, text: m.id }));
    }
  }).catch(showError);
  load(false).then(() => { if (/^#\d+$/.test(location.hash)) show(location.hash.substring(1)); });
}

// ---------------------------------------------------------------- Compare
// A grid of panels: each entry has values by axis name (model, seed, an option…); X values are the
// columns, Y values the rows, in the order they first appear. Entries come from history records or,
// while a live grid runs, from its panel events (replaced by the records when it is done).
const AXIS_FIELDS = ['model', 'seed', 'aspectRatio', 'imageSize', 'size', 'prompt'];

function recordValues(r) {
  const v = {
    id: '#' + r.id, model: r.model, seed: r.request.seed || '', aspectRatio: r.request.aspectRatio || '',
    imageSize: r.request.imageSize || r.request.effectiveImageSize || '', size: r.request.size || r.request.effectiveImageSize || '',
    prompt: r.prompt, status: r.status.toLowerCase(),
  };
  for (const [k, x] of Object.entries(r.request.options || {})) v[k] = Array.isArray(x) ? x.join(' + ') : String(x);
  return v;
}

function recordEntry(r) {
  const out = r.outputs.find((o) => o.url && o.kind !== 'THOUGHT');
  return {
    id: r.id, url: out ? out.url : null, values: recordValues(r),
    caption: '#' + r.id + ' · ' + r.model + (r.request.seed ? ' · seed ' + r.request.seed : '') + ' · ' + usd(r.costUsd) + '\n' + r.prompt,
    note: out ? null : r.status.toLowerCase() + ': no image',
  };
}

function initCompare() {
  let entries = [];
  let ids = [];
  let catalog = null;
  let liveJob = null;
  let liveChoice = 0; // guards against inventory answers for an engine chosen earlier

  const distinct = (name) => {
    const seen = [];
    for (const e of entries) { const v = name ? (e.values[name] ?? '') : ''; if (!seen.includes(v)) seen.push(v); }
    return seen;
  };

  function axisNames() {
    const names = ['id'];
    for (const e of entries) for (const k of Object.keys(e.values)) if (!names.includes(k)) names.push(k);
    return names;
  }

  function fillAxes(x, y) {
    const names = axisNames();
    const varied = names.filter((n) => n !== 'id' && distinct(n).length > 1);
    const xs = x || (varied[0] || 'id');
    const ys = y !== undefined ? y : (varied.find((n) => n !== xs) || '');
    $('x-axis').replaceChildren(...names.map((n) => el('option', { value: n, text: n, selected: n === xs ? 'selected' : null })));
    $('y-axis').replaceChildren(el('option', { value: '', text: 'none' }),
      ...names.map((n) => el('option', { value: n, text: n, selected: n === ys ? 'selected' : null })));
  }

  function render() {
    $('empty').hidden = entries.length > 0;
    const xName = $('x-axis').value;
    const yName = $('y-axis').value;
    const xs = distinct(xName);
    const ys = distinct(yName);
    const table = $('grid');
    table.replaceChildren();
    if (!entries.length) return;
    table.append(el('tr', {}, el('th', { text: (yName || '') + ' \\ ' + xName, scope: 'col' }),
      ...xs.map((x) => el('th', { scope: 'col', text: x === '' ? '(not set)' : x }))));
    for (const y of ys) {
      const row = el('tr', {}, el('th', { scope: 'row', text: yName ? (y === '' ? '(not set)' : y) : '' }));
      for (const x of xs) {
        const here = entries.filter((e) => (e.values[xName] ?? '') === x && (yName ? (e.values[yName] ?? '') : '') === y);
        row.append(el('td', {}, ...here.map(figure)));
      }
      table.append(row);
    }
    if (ids.length) {
      $('ids').value = ids.join(',');
      history.replaceState(null, '', '/compare?ids=' + ids.join(',') + '&x=' + encodeURIComponent(xName) + '&y=' + encodeURIComponent(yName));
    }
  }

  function figure(e) {
    const fig = el('figure', { 'data-id': e.id || '' },
      e.url ? el('img', { src: e.url, alt: e.caption.split('\n')[0], loading: 'lazy', tabindex: 0 }) : el('p', { className: 'note', text: e.note || 'waiting…' }),
      el('figcaption', { text: e.caption }));
    const img = fig.querySelector('img');
    if (img) {
      const open = () => zoom(e);
      img.addEventListener('click', open);
      img.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    }
    return fig;
  }

  function zoom(e) {
    $('zoom-img').src = e.url;
    $('zoom-img').alt = 'enlarged: ' + e.caption.split('\n')[0];
    $('zoom-caption').textContent = e.caption;
    $('zoom-view').showModal();
  }

  async function load(idList, x, y) {
    showError(null);
    try {
      const records = await Promise.all(idList.map((id) => api('/api/history/' + encodeURIComponent(id))));
      ids = records.map((r) => r.id);
      entries = records.map(recordEntry);
      fillAxes(x, y);
      render();
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError(e);
    }
  }

  function parse(text) {
    return text.split(/[\s,]+/).filter((s) => /^\d+$/.test(s));
  }

  function axisValues(text) {
    return text.split(text.includes('|') ? '|' : ',').map((v) => v.trim()).filter((v) => v !== '');
  }

  // A local engine as the base model: its checkpoints, as the Generate page lists them (engine:<id> → <id>:<checkpoint>).
  async function chooseLiveModel() {
    const mine = ++liveChoice;
    const engine = engineOf($('l-model').value);
    $('l-checkpoint-box').hidden = !engine;
    $('l-checkpoint').replaceChildren();
    $('l-engine-note').textContent = engine ? 'Asking the engine what it has…' : '';
    if (!engine) return;
    try {
      const inv = await api('/api/providers/' + encodeURIComponent(engine) + '/inventory');
      if (mine !== liveChoice) return;
      const checkpoints = inv.checkpoints || [];
      for (const c of checkpoints) $('l-checkpoint').append(el('option', { value: engine + ':' + c, text: c }));
      $('l-engine-note').textContent = checkpoints.length + ' checkpoint(s)';
    } catch (e) {
      if (mine !== liveChoice) return;
      $('l-engine-note').textContent = 'Engine not reachable';
      showError(e);
    }
  }

  const liveModel = () => (engineOf($('l-model').value) ? $('l-checkpoint').value : $('l-model').value);

  function liveBody(run) {
    const request = { model: liveModel(), prompt: $('l-prompt').value };
    if ($('l-seed').value.trim()) request.seed = $('l-seed').value.trim();
    const body = { request, x: { name: $('lx-name').value, values: axisValues($('lx-values').value) }, run };
    if ($('ly-name').value && $('ly-values').value.trim()) body.y = { name: $('ly-name').value, values: axisValues($('ly-values').value) };
    return body;
  }

  async function plan() {
    showError(null);
    try {
      const p = await api('/api/compare', liveBody(false));
      $('l-estimate').textContent = p.rows + ' × ' + p.columns + ' panels, estimated ' + usd(p.estimatedCostUsd);
      return p;
    } catch (e) {
      $('l-estimate').textContent = '';
      showError(e);
      return null;
    }
  }

  async function runLive() {
    showError(null);
    let p;
    try {
      p = await api('/api/compare', liveBody(true));
    } catch (e) {
      showError(e);
      return;
    }
    const xName = $('lx-name').value;
    const yName = p.y.length ? $('ly-name').value : '';
    const value = (label) => label.substring(label.indexOf('=') + 1);
    ids = [];
    entries = p.cells.map((c) => ({
      id: null, url: null, note: 'waiting…', caption: c.label,
      values: Object.assign({ [xName]: value(p.x[c.column]) }, yName ? { [yName]: value(p.y[c.row]) } : {}),
      row: c.row, column: c.column,
    }));
    fillAxes(xName, yName);
    render();
    $('l-estimate').textContent = p.rows + ' × ' + p.columns + ' panels, estimated ' + usd(p.estimatedCostUsd);
    $('l-status').textContent = 'Running 0 of ' + entries.length;
    $('run').disabled = true;
    $('l-cancel').disabled = false;
    liveJob = p.job;
    let done = 0;
    const source = new EventSource('/api/jobs/' + encodeURIComponent(p.job) + '/events');
    source.addEventListener('panel', (ev) => {
      const d = JSON.parse(ev.data);
      const e = entries.find((x) => x.row === d.row && x.column === d.column);
      if (e) {
        e.url = d.url || null;
        e.id = d.record || null;
        e.note = d.failure || null;
        e.caption = d.label + ' · ' + d.model;
      }
      done++;
      $('l-status').textContent = 'Running ' + done + ' of ' + entries.length;
      render();
    });
    source.addEventListener('error', (ev) => { if (ev.data) showError(new Error(JSON.parse(ev.data).message)); });
    source.addEventListener('done', (ev) => {
      source.close();
      liveJob = null;
      const d = JSON.parse(ev.data);
      $('run').disabled = false;
      $('l-cancel').disabled = true;
      $('l-status').textContent = 'Grid ' + d.status;
      // Reload as history records (every axis to choose from), in the plan's order.
      const placed = entries.filter((e) => e.id).sort((a, b) => a.row - b.row || a.column - b.column).map((e) => String(e.id));
      const rest = d.records.map(String).filter((id) => !placed.includes(id));
      if (placed.length + rest.length) load(placed.concat(rest), xName, yName);
    });
  }

  $('controls').addEventListener('submit', (ev) => { ev.preventDefault(); load(parse($('ids').value)); });
  $('x-axis').addEventListener('change', render);
  $('y-axis').addEventListener('change', render);
  $('zoom').addEventListener('input', () => document.documentElement.style.setProperty('--cell', $('zoom').value + 'px'));
  $('swap').addEventListener('click', () => {
    const x = $('x-axis').value;
    const y = $('y-axis').value;
    if (!y) return;
    $('x-axis').value = y;
    $('y-axis').value = x;
    render();
  });
  $('zoom-close').addEventListener('click', () => $('zoom-view').close());
  $('zoom-view').addEventListener('click', (ev) => { if (ev.target === $('zoom-view')) $('zoom-view').close(); });
  $('plan').addEventListener('click', plan);
  $('l-model').addEventListener('input', () => { showError(null); chooseLiveModel(); });
  $('live-form').addEventListener('submit', (ev) => { ev.preventDefault(); runLive(); });
  $('l-cancel').addEventListener('click', () => {
    if (liveJob) api('/api/jobs/' + encodeURIComponent(liveJob) + '/cancel', {}).catch(showError);
  });

  const axisOptions = (withNone) => [...(withNone ? [el('option', { value: '', text: 'none' })] : []),
    ...AXIS_FIELDS.map((n) => el('option', { value: n, text: n })), el('option', { value: 'steps', text: 'steps' }),
    el('option', { value: 'cfg', text: 'cfg' }), el('option', { value: 'sampler', text: 'sampler' }), el('option', { value: 'quality', text: 'quality' })];
  $('lx-name').replaceChildren(...axisOptions(false));
  $('ly-name').replaceChildren(...axisOptions(true));

  const q = new URLSearchParams(location.search);
  const initial = parse(q.get('ids') || '');
  api('/api/models').then((c) => {
    catalog = c;
    $('l-model').append(el('optgroup', { label: 'Models' }, ...c.models.map((m) => el('option',
      { value: m.id, text: m.name + ' (' + m.id + ')', selected: m.id === c.defaultModel ? 'selected' : null }))));
    if (c.engines.length) {
      $('l-model').append(el('optgroup', { label: 'Local engines' },
        ...c.engines.map((e) => el('option', { value: 'engine:' + e.provider, text: e.name + ' · choose a checkpoint' }))));
    }
  }).catch(showError).finally(() => {
    if (initial.length) load(initial, q.get('x') || undefined, q.has('y') ? q.get('y') : undefined);
    else { fillAxes(); render(); document.body.dataset.ready = 'true'; }
  });
}

const page = document.body.dataset.page;
if (page === 'generate') initGenerate();
else if (page === 'history') initHistory();
else if (page === 'compare') initCompare();
