// Darkroom Studio: what every page script shares. A plain ES module, imported by studio.js and edit.js.
// User text reaches a page only through textContent or attributes set by the DOM API, never innerHTML.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element: props {text, className, any attribute}; null/undefined/false props and children are skipped. */
export function el(tag, props, ...children) {
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

/**
 * GETs path, or POSTs body as JSON when given; resolves to the JSON answer. A non-2xx answer rejects with
 * an Error carrying the server's message and its `field` and `allowed` values.
 */
export async function api(path, body) {
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
