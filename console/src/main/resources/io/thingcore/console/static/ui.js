// DOM helpers. Data is only ever put into the page as text (never as HTML), so names and PEMs cannot inject markup.
let idCounter = 0;

export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** h('button', { type: 'button', onclick: fn }, 'Delete') */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'for') {
      el.htmlFor = value;
    } else if (name === 'value') {
      el.value = value;
    } else if (name === 'checked') {
      el.checked = Boolean(value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const main = () => document.getElementById('main');

/** Replaces the page: a heading, then content; focus moves to the heading for screen readers and keyboards. */
export function page(title, ...content) {
  const heading = h('h1', { tabindex: '-1' }, title);
  main().replaceChildren(heading, ...content.flat().filter(Boolean));
  document.title = `${title} · thingcore console`;
  heading.focus();
  return main();
}

export function breadcrumbs(...items) {
  return h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' },
    h('ol', {}, items.map(([label, href]) => h('li', {}, href ? h('a', { href }, label) : label))));
}

export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, error.message || String(error));
}

/** A region where a section's result or error is announced. */
export function statusArea() {
  return h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function showError(area, error) {
  area.replaceChildren(errorBox(error));
}

export function showOk(area, text) {
  area.replaceChildren(h('div', { class: 'ok' }, text));
}

export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.textContent = ''; }, 6000);
}

/** Runs an action from a button: disables it meanwhile, shows the API's message on failure. */
export async function act(button, area, fn) {
  if (button) button.disabled = true;
  if (area) area.replaceChildren();
  try {
    return await fn();
  } catch (e) {
    if (area) showError(area, e);
    else toast(e.message);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** columns: [{ label, cell: row => Node|string }] */
export function table(caption, columns, rows, emptyText) {
  if (!rows.length) return h('p', { class: 'empty' }, emptyText);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { 'data-label': c.label }, c.cell(row))))))));
}

/** A labelled control; returns { el, input }. */
export function field(label, input, hint) {
  const id = input.id || uid();
  input.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return { el: h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl), input };
}

/** A group of radio buttons; returns { el, value() }. */
export function radios(legend, name, options, checked, onchange) {
  const inputs = options.map(([value, label, hint]) => {
    const id = uid(name);
    const input = h('input', { type: 'radio', name, id, value, checked: value === checked, onchange });
    return h('div', { class: 'choice' }, input, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null);
  });
  const el = h('fieldset', {}, h('legend', {}, legend), inputs);
  return { el, value: () => el.querySelector('input:checked')?.value };
}

export function checkbox(label, checked, hint) {
  const id = uid('c');
  const input = h('input', { type: 'checkbox', id, checked });
  return { el: h('div', { class: 'choice' }, input, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null), input };
}

export function badge(status) {
  const kind = { ACTIVE: 'good', ENABLE: 'good', Allowed: 'good', ALLOWED: 'good' }[status] || (status === 'REVOKED' ? 'bad' : 'neutral');
  return h('span', { class: `badge ${kind}` }, status ?? '—');
}

export function date(epochSeconds) {
  if (epochSeconds === undefined || epochSeconds === null) return '—';
  const d = new Date(Number(epochSeconds) * 1000);
  return h('time', { datetime: d.toISOString() }, d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
}

export function details(pairs) {
  return h('dl', { class: 'details' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

export function section(title, ...content) {
  const id = uid('s');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), content);
}

/** Reads a chosen file as text. */
export function readFile(input) {
  const file = input.files && input.files[0];
  if (!file) return Promise.reject(new Error('Choose a file first'));
  return file.text();
}

/** Offers text as a download. */
export function download(name, text, type = 'application/x-pem-file') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function shortId(id) {
  return id && id.length > 16 ? id.slice(0, 12) + '…' : id;
}

export function button(label, onclick, cls) {
  return h('button', { type: 'button', class: cls, onclick }, label);
}

export function linkButton(label, href) {
  return h('a', { class: 'button', href }, label);
}

export function go(hash) {
  location.hash = hash;
}
