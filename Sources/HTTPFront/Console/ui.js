// DOM helpers: elements built with properties (never HTML strings), so nothing inline reaches the page and the
// Content-Security-Policy needs no exceptions.
const SVG = 'http://www.w3.org/2000/svg';
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'open']);

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = value;
    else if (PROPERTIES.has(name)) element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping null/false (Element.append would write them as text). */
export function append(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: `h('button', {class: 'primary', onclick}, 'Save')`. */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, ...children);
  return element;
}

let uid = 0;
/** A fresh id for label/control pairs. */
export function nextID(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled control: the label is tied to the control by id. */
export function field(label, control, hint) {
  if (!control.id) control.id = nextID();
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control,
    hint ? h('span', { class: 'hint' }, hint) : null);
}

/** A select whose options are `[value, label]` pairs or plain values. */
export function select(options, attrs = {}) {
  return h('select', attrs, options.map((option) => {
    const [value, label] = Array.isArray(option) ? option : [option, option];
    return h('option', { value, selected: String(attrs.value ?? '') === String(value) }, label);
  }));
}

/** A status area for an action's result: errors are shown here, next to the action that caused them. */
export function statusArea(test) {
  return h('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-test': test });
}

/** Shows an error (APIError or other) in `area`. */
export function showError(area, error) {
  area.className = 'status error';
  area.setAttribute('role', 'alert');
  const code = error && error.code ? ` (${error.code}${error.status ? `, HTTP ${error.status}` : ''})` : '';
  replace(area, h('strong', {}, 'Error: '), `${error && error.message ? error.message : error}${code}`);
}

/** Shows a success or information message in `area`. */
export function showMessage(area, message, kind = 'ok') {
  area.className = `status ${kind}`;
  area.setAttribute('role', 'status');
  replace(area, message);
}

/** A loading placeholder. */
export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** An empty-state message. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A data table: columns are `{label, value(row) → node|text, class}`; wrapped so wide tables scroll. */
export function table(columns, rows, { caption, emptyText = 'Nothing to show.', test, rowAttrs } = {}) {
  if (!rows.length) return empty(emptyText);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption || 'table' },
    h('table', { 'data-test': test },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.class }, column.label)))),
      h('tbody', {}, rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {},
        columns.map((column) => h('td', { class: column.class }, column.value(row))))))));
}

/** Pagination controls for an API page `{page, pages, total, page_size}`; `go(page, size)` loads another. */
export function pager(data, go, { sizes = [10, 25, 50, 100], test = 'pager', label = 'rows' } = {}) {
  const size = select(sizes.map(String), { value: String(data.page_size), 'data-test': `${test}-size` });
  size.addEventListener('change', () => go(1, Number(size.value)));
  return h('nav', { class: 'pager', 'aria-label': 'Pages', 'data-test': test },
    h('button', { type: 'button', disabled: data.page <= 1, 'data-test': `${test}-prev`,
      onclick: () => go(data.page - 1, data.page_size) }, '‹ Previous'),
    h('span', { class: 'pager-info', 'data-test': `${test}-info` },
      `Page ${data.page} of ${data.pages} · ${data.total} ${label}`),
    h('button', { type: 'button', disabled: data.page >= data.pages, 'data-test': `${test}-next`,
      onclick: () => go(data.page + 1, data.page_size) }, 'Next ›'),
    field('Page size', size));
}

/** Accessible tabs: returns {element, select(name)}; `render(name, panel)` fills the panel. */
export function tabs(names, render, { test = 'tabs', initial } = {}) {
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', tabindex: '0' });
  panel.id = nextID('panel');
  const buttons = names.map(([name, label]) => h('button', {
    type: 'button', role: 'tab', 'aria-controls': panel.id, 'data-tab': name, 'data-test': `${test}-${name}`,
    id: `${panel.id}-${name}`,
  }, label));
  const list = h('div', { class: 'tabs', role: 'tablist' }, buttons);
  function choose(name, focus = false) {
    for (const button of buttons) {
      const on = button.dataset.tab === name;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      if (on) {
        panel.setAttribute('aria-labelledby', button.id);
        if (focus) button.focus();
      }
    }
    // What the last tab left running (a refresh timer) stops before the panel is rebuilt.
    if (panel.onLeave) panel.onLeave();
    panel.onLeave = null;
    panel.replaceChildren();
    render(name, panel);
  }
  buttons.forEach((button, index) => {
    button.addEventListener('click', () => choose(button.dataset.tab));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      choose(buttons[(index + step + buttons.length) % buttons.length].dataset.tab, true);
    });
  });
  const element = h('div', { class: 'tabset', 'data-test': test }, list, panel);
  queueMicrotask(() => choose(initial || names[0][0]));
  return { element, choose };
}

/** A modal confirmation naming what will happen; resolves true when confirmed. */
export function confirmAction(title, body, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'data-test': 'confirm' });
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    replace(dialog,
      h('h2', { id: 'confirm-title' }, title),
      h('div', { class: 'confirm-body' }, body),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => done(false), 'data-test': 'confirm-cancel' }, 'Cancel'),
        h('button', { type: 'button', class: 'primary', onclick: () => done(true), 'data-test': 'confirm-ok' },
          confirmLabel)));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A KPI tile. */
export function kpi(label, value, { test, tone, detail } = {}) {
  return h('div', { class: `kpi ${tone || ''}`, 'data-test': test },
    h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, value === null || value === undefined ? '—' : String(value)),
    detail ? h('span', { class: 'kpi-detail' }, detail) : null);
}

/** A coloured badge for a status word. */
export function badge(text) {
  const word = String(text ?? '—');
  return h('span', { class: `badge badge-${word.toLowerCase().replace(/[^a-z_]/g, '')}` }, word);
}

/** A page heading with an optional lead paragraph. */
export function heading(title, lead) {
  return [h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null];
}

/** A short hash for display, with the full value in a title. */
export function shortHash(hash) {
  return h('code', { title: hash, class: 'hash' }, hash ? `${hash.slice(0, 12)}…` : '—');
}

/** Formats an integer with separators. */
export function number(value) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString('en-GB');
}

/** Text that may wrap after `_`, `.`, `/` and `-` (long identifiers would otherwise widen a table past the page). */
export function breakable(text) {
  const parts = String(text).split(/(?<=[_./-])/);
  return parts.flatMap((part, index) => (index ? [h('wbr'), part] : [part]));
}

/** A disabled-by-role note. */
export function roleNote(permission) {
  return h('p', { class: 'role-note' }, `Your role does not include ${permission}; this action is disabled.`);
}
